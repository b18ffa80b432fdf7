package engine

import (
	"encoding/json"
	"strings"
	"testing"

	"apigwlab/engine/model"
)

// get-deployment (--embed apisummary), update-deployment and delete-deployment beyond the
// LocalStack replays (lscases_deploy_test.go).
func TestDeploymentVerbs(t *testing.T) {
	g := cpDefsGateway(t)
	id := field(t, g, "create-deployment --rest-api-id shop --description first", "id")
	runSteps(t, g, [][2]string{
		{"get-deployment --rest-api-id shop --deployment-id " + id, `{"createdDate":1772600767,"description":"first","id":"` + id + `"}`},
		{"get-deployment --rest-api-id shop --deployment-id " + id + " --embed apisummary", `{"apiSummary":{"/items":{"GET":{"apiKeyRequired":false,"authorizationType":"NONE"}}},"createdDate":1772600767,"description":"first","id":"` + id + `"}`},
		{"get-deployment --rest-api-id shop --deployment-id nope", "error: NotFoundException: Invalid Deployment identifier specified"},
		{"update-deployment --rest-api-id shop --deployment-id " + id + " --patch-operations op=replace,path=/description,value=renamed", `{"createdDate":1772600767,"description":"renamed","id":"` + id + `"}`},
		{"update-deployment --rest-api-id shop --deployment-id " + id + " --patch-operations op=replace,path=/apiSummary,value=x", "error: BadRequestException: Invalid patch path /apiSummary"},
		{"update-deployment --rest-api-id shop --deployment-id " + id + " --patch-operations op=wrong,path=/description", "error: ValidationException: 1 validation error detected: Value 'wrong' at 'updateDeploymentInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]"},
	})
	// a canary's deployment is in use too
	field(t, g, "create-deployment --rest-api-id shop --stage-name dev --canary-settings percentTraffic=10", "id")
	canary := field(t, g, "get-stage --rest-api-id shop --stage-name dev", "deploymentId")
	var st struct{ CanarySettings struct{ DeploymentID string } }
	out, _ := g.Exec("get-stage --rest-api-id shop --stage-name dev")
	_ = json.Unmarshal([]byte(out), &st)
	for _, d := range []string{canary, st.CanarySettings.DeploymentID} {
		if _, err := g.Exec("delete-deployment --rest-api-id shop --deployment-id " + d); err == nil || err.Error() != "BadRequestException: Active stages pointing to this deployment must be moved or deleted" {
			t.Errorf("delete-deployment %s in use: %v", d, err)
		}
	}
	if _, err := g.Exec("delete-deployment --rest-api-id shop --deployment-id " + id); err != nil {
		t.Fatal(err)
	}
	if _, err := g.Exec("get-deployment --rest-api-id shop --deployment-id " + id); err == nil {
		t.Fatal("a deleted deployment is still there")
	}
	// a new deployment never takes a deleted one's id
	seen := map[string]bool{id: true, canary: true, st.CanarySettings.DeploymentID: true}
	for range 3 {
		n := field(t, g, "create-deployment --rest-api-id shop", "id")
		if seen[n] {
			t.Fatalf("deployment id %s given twice", n)
		}
		seen[n] = true
	}
}

// tag-resource, untag-resource, get-tags on an API and a stage; --tags of create-rest-api
// and create-stage kept; a change survives the state file.
func TestTagVerbs(t *testing.T) {
	g := cpDefsGateway(t)
	api := "arn:aws:apigateway:us-east-1::/restapis/" + field(t, g, "get-rest-api --rest-api-id shop", "id")
	runSteps(t, g, [][2]string{
		{"get-tags --resource-arn " + api, `{"tags":{}}`},
		{"tag-resource --resource-arn " + api + " --tags team=web,env=dev", ""},
		{"tag-resource --resource-arn " + api + ` --tags '{"env":"prod"}'`, ""},
		{"get-tags --resource-arn " + api, `{"tags":{"env":"prod","team":"web"}}`},
		{"untag-resource --resource-arn " + api + " --tag-keys team nope", ""},
		{"get-tags --resource-arn " + api, `{"tags":{"env":"prod"}}`},
		{"tag-resource --resource-arn " + api + "/stages/dev --tags tier=gold", ""},
		{"get-tags --resource-arn " + api + "/stages/dev", `{"tags":{"tier":"gold"}}`},
		{"get-tags --resource-arn " + api + "/stages/nope", "error: NotFoundException: Invalid Stage identifier specified"},
		{"get-tags --resource-arn arn:aws:apigateway:us-east-1::/restapis/nope", "error: NotFoundException: Invalid API identifier specified 123456789012:nope"},
		{"tag-resource --resource-arn " + api + " --tags aws:x=1", `error: BadRequestException: tag key "aws:x": keys starting with aws: are reserved`},
	})
	field(t, g, "create-rest-api --name tagged --tags a=b", "id")
	if out, _ := g.Exec("get-rest-api --rest-api-id tagged"); !strings.Contains(out, `"a": "b"`) {
		t.Errorf("create-rest-api --tags: %s", out)
	}
	dep := field(t, g, "create-deployment --rest-api-id shop", "id")
	if out, _ := g.Exec("create-stage --rest-api-id shop --stage-name qa --deployment-id " + dep + " --tags owner=me"); !strings.Contains(out, `"owner": "me"`) {
		t.Errorf("create-stage --tags: %s", out)
	}
	ws, _ := g.ExportWorkspace()
	if !strings.Contains(string(ws), "env: prod") || !strings.Contains(string(ws), "tier: gold") || !strings.Contains(string(ws), "owner: me") {
		t.Errorf("tags are not in the state file:\n%s", ws)
	}
}

// test-invoke-authorizer: a TOKEN and a REQUEST Lambda authorizer of the current definition
// (never deployed), as TestInvokeAuthorizer answers.
func TestTestInvokeAuthorizer(t *testing.T) {
	g := cpDefsGateway(t)
	for _, line := range []string{
		"create-authorizer --rest-api-id shop --name tok --type TOKEN --authorizer-uri function:auth --identity-source method.request.header.Authorization",
		"create-authorizer --rest-api-id shop --name req --type REQUEST --authorizer-uri function:auth --identity-source method.request.querystring.who,method.request.header.X-Key",
	} {
		if _, err := g.Exec(line); err != nil {
			t.Fatal(err)
		}
	}
	type answer struct {
		ClientStatus  int
		PrincipalID   string
		Policy        string
		Log           string
		Latency       *int64
		Authorization map[string][]string
	}
	run := func(line string) answer {
		t.Helper()
		out, err := g.Exec(line)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		var a answer
		if err := json.Unmarshal([]byte(out), &a); err != nil || a.Latency == nil {
			t.Fatalf("%s: %v\n%s", line, err, out)
		}
		return a
	}
	a := run("test-invoke-authorizer --rest-api-id shop --authorizer-id tok --headers Authorization=abcdefghij")
	if a.ClientStatus != 0 || a.PrincipalID != "me" || a.Policy != `{"Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}` {
		t.Errorf("TOKEN allowed: %+v", a)
	}
	for _, want := range []string{
		"Starting authorizer: " + field(t, g, "get-authorizer --rest-api-id shop --authorizer-id tok", "id") + " for request: ",
		"Incoming identity: {method.request.header.Authorization=****efghij}",
		`Endpoint request body after transformations: {"type":"TOKEN","authorizationToken":"abcdefghij","methodArn":"arn:aws:execute-api:us-east-1:123456789012:` + field(t, g, "get-rest-api --rest-api-id shop", "id") + `/ESTestInvoke-stage/GET/"}`,
		"Endpoint response body before transformations: {",
	} {
		if !strings.Contains(a.Log, want) {
			t.Errorf("log lacks %q:\n%s", want, a.Log)
		}
	}
	if !strings.HasPrefix(a.Log, "Execution log for request ") {
		t.Errorf("log: %s", a.Log)
	}
	if a := run("test-invoke-authorizer --rest-api-id shop --authorizer-id tok"); a.ClientStatus != 401 || !strings.Contains(a.Log, "Unauthorized request: ") || strings.Contains(a.Log, "Endpoint request") {
		t.Errorf("TOKEN without its header: %+v", a)
	}
	a = run(`test-invoke-authorizer --rest-api-id shop --authorizer-id req --headers X-Key=k1 --path-with-query-string '/items?who=ann' --stage-variables v=1`)
	if a.ClientStatus != 0 || !strings.Contains(a.Log, `"methodArn":"arn:aws:execute-api:us-east-1:123456789012:`) ||
		!strings.Contains(a.Log, `"queryStringParameters":{"who":"ann"}`) || !strings.Contains(a.Log, `"stage":"test-invoke-stage"`) ||
		!strings.Contains(a.Log, `"resourceId":"test-invoke-resource-id"`) || !strings.Contains(a.Log, `"stageVariables":{"v":"1"}`) {
		t.Errorf("REQUEST: %+v", a)
	}
	if a := run("test-invoke-authorizer --rest-api-id shop --authorizer-id req --headers X-Key=k1"); a.ClientStatus != 401 {
		t.Errorf("REQUEST without its query string: %+v", a)
	}
	if _, err := g.Exec("set-function --function-name auth --error Unauthorized"); err != nil {
		t.Fatal(err)
	}
	if a := run("test-invoke-authorizer --rest-api-id shop --authorizer-id tok --headers Authorization=x"); a.ClientStatus != 401 || a.PrincipalID != "" {
		t.Errorf("the function says Unauthorized: %+v", a)
	}
	if _, err := g.Exec("set-function --function-name auth --error boom"); err != nil {
		t.Fatal(err)
	}
	if a := run("test-invoke-authorizer --rest-api-id shop --authorizer-id tok --headers Authorization=x"); a.ClientStatus != 500 || !strings.Contains(a.Log, "AuthorizerConfigurationException") {
		t.Errorf("the function fails: %+v", a)
	}
	if _, err := g.Exec("test-invoke-authorizer --rest-api-id shop --authorizer-id nope"); err == nil || err.Error() != "NotFoundException: Invalid Authorizer identifier specified 123456789012:nope" {
		t.Errorf("unknown authorizer: %v", err)
	}
}

// test-invoke-authorizer on a COGNITO_USER_POOLS authorizer: the token's claims.
func TestTestInvokeCognitoAuthorizer(t *testing.T) {
	ws, err := model.Parse("ws.yaml", []byte(`
restApis:
  - name: shop
    resources:
      /items:
        GET: {integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}}}
    authorizers:
      - {name: users, type: COGNITO_USER_POOLS, providerARNs: [pool]}
    stages: [{stageName: dev}]
userPools:
  - name: pool
    users: [{username: alice, email: alice@example.com}]
    clients: [{name: web}]
`))
	if err != nil {
		t.Fatal(err)
	}
	g := newGateway(t, ws)
	tok, err := g.MintToken(TokenRequest{User: "alice"}, g.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	out, err := g.Exec("test-invoke-authorizer --rest-api-id shop --authorizer-id users --headers Authorization=" + tok)
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		ClientStatus int
		Claims       map[string]string
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil || a.ClientStatus != 0 || a.Claims["cognito:username"] != "alice" || a.Claims["email"] != "alice@example.com" {
		t.Errorf("a valid token: %v %s", err, out)
	}
	out, _ = g.Exec("test-invoke-authorizer --rest-api-id shop --authorizer-id users --headers Authorization=not-a-token")
	if !strings.Contains(out, `"clientStatus": 401`) || strings.Contains(out, "claims") {
		t.Errorf("a bad token: %s", out)
	}
}
