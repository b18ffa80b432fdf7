package engine

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"apigwlab/engine/model"
)

func body(t *testing.T, g *Gateway, method, path string) (int, string) {
	t.Helper()
	r := g.Invoke(&Request{Method: method, Path: path})
	return r.Status, string(r.Body)
}

// The trap AWS is known for: a change to the API is not served until it is deployed.
func TestChangesWaitForCreateDeployment(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	if st, b := body(t, g, "GET", "/prod/mock"); st != 200 || b != `{"ok": true}` {
		t.Fatalf("before: %d %s", st, b)
	}
	mustExec(t, g, `put-integration-response --resource-id /mock --http-method GET --status-code 200 --response-templates '{"application/json":"{\"ok\": \"v2\"}"}'`)
	if got := g.APIs()[0].Undeployed; !slices.Equal(got, []string{"prod"}) {
		t.Fatalf("Undeployed = %v, want [prod]", got)
	}
	if st, b := body(t, g, "GET", "/prod/mock"); st != 200 || b != `{"ok": true}` {
		t.Fatalf("after the change, before deploying: %d %s (the stage must keep its deployment)", st, b)
	}
	out := mustExec(t, g, "create-deployment --rest-api-id pets --stage-name prod --description v2")
	var dep struct {
		ID, Description string
		CreatedDate     int64 // epoch seconds, as apigateway's timestamps are on the wire
	}
	if err := json.Unmarshal([]byte(out), &dep); err != nil || dep.ID == "" || dep.CreatedDate <= 0 || dep.Description != "v2" {
		t.Fatalf("create-deployment printed %s (%v)", out, err)
	}
	if st, b := body(t, g, "GET", "/prod/mock"); st != 200 || b != `{"ok": "v2"}` {
		t.Fatalf("after create-deployment: %d %s", st, b)
	}
	if got := g.APIs()[0].Undeployed; len(got) != 0 {
		t.Fatalf("Undeployed after deploying = %v", got)
	}
	if st := mustExec(t, g, "get-stage --rest-api-id pets --stage-name prod"); !strings.Contains(st, `"deploymentId": "`+dep.ID+`"`) {
		t.Fatalf("get-stage does not name the new deployment %s:\n%s", dep.ID, st)
	}
	deps := mustExec(t, g, "get-deployments --rest-api-id pets")
	if strings.Count(deps, `"id"`) != 2 || !strings.Contains(deps, `"description": "v2"`) {
		t.Fatalf("get-deployments:\n%s", deps)
	}
	// rolling back is pointing the stage at the first deployment again
	first := g.ws.RestAPIs[0].FirstDeployment
	mustExec(t, g, "update-stage --rest-api-id pets --stage-name prod --patch-operations op=replace,path=/deploymentId,value="+first)
	if st, b := body(t, g, "GET", "/prod/mock"); st != 200 || b != `{"ok": true}` {
		t.Fatalf("after the rollback: %d %s", st, b)
	}
	if got := g.APIs()[0].Undeployed; !slices.Equal(got, []string{"prod"}) {
		t.Fatalf("Undeployed after the rollback = %v, want [prod]", got)
	}
}

func TestNewMethodNeedsADeployment(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	mustExec(t, g, "create-resource --rest-api-id pets --parent-id / --path-part hello")
	mustExec(t, g, "put-method --rest-api-id pets --resource-id /hello --http-method GET --authorization-type NONE")
	// AWS refuses to deploy a method without an integration
	if _, err := g.Exec("create-deployment --rest-api-id pets --stage-name prod"); err == nil ||
		!strings.HasPrefix(err.Error(), "BadRequestException: No integration defined for method") {
		t.Fatalf("create-deployment with a method without integration: %v", err)
	}
	mustExec(t, g, `put-integration --rest-api-id pets --resource-id /hello --http-method GET --type MOCK --request-templates '{"application/json":"{\"statusCode\": 200}"}'`)
	mustExec(t, g, "put-method-response --rest-api-id pets --resource-id /hello --http-method GET --status-code 200")
	mustExec(t, g, `put-integration-response --rest-api-id pets --resource-id /hello --http-method GET --status-code 200 --response-templates '{"application/json":"hi"}'`)
	// not deployed yet: AWS answers an unknown path on a stage with 403 Missing Authentication Token
	if st, b := body(t, g, "GET", "/prod/hello"); st != 403 || b != `{"message":"Missing Authentication Token"}` {
		t.Fatalf("before deploying: %d %s", st, b)
	}
	mustExec(t, g, "create-deployment --rest-api-id pets --stage-name prod")
	if st, b := body(t, g, "GET", "/prod/hello"); st != 200 || b != "hi" {
		t.Fatalf("after deploying: %d %s", st, b)
	}
	mustExec(t, g, "delete-method --rest-api-id pets --resource-id /hello --http-method GET")
	if st, _ := body(t, g, "GET", "/prod/hello"); st != 200 {
		t.Fatalf("a deleted method is served until the next deployment; got %d", st)
	}
	mustExec(t, g, "create-deployment --rest-api-id pets --stage-name prod")
	if st, _ := body(t, g, "GET", "/prod/hello"); st != 403 {
		t.Fatalf("after deploying the deletion: %d", st)
	}
}

func TestUpdateIntegrationAndMethodPatches(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	mustExec(t, g, "update-integration --rest-api-id pets --resource-id /pets --http-method GET --patch-operations op=replace,path=/uri,value=function:echo")
	mustExec(t, g, "update-method --rest-api-id pets --resource-id /pets --http-method GET --patch-operations op=replace,path=/apiKeyRequired,value=true op=add,path=/requestParameters/method.request.querystring.q,value=false")
	m := mustExec(t, g, "get-method --rest-api-id pets --resource-id /pets --http-method GET")
	for _, want := range []string{`"apiKeyRequired": true`, `"method.request.querystring.q": false`, `"uri": "function:echo"`} {
		if !strings.Contains(m, want) {
			t.Fatalf("get-method lacks %s:\n%s", want, m)
		}
	}
	if st, b := body(t, g, "GET", "/prod/pets"); st != 200 || b != `[{"id":1}]` {
		t.Fatalf("undeployed change served: %d %s", st, b)
	}
	mustExec(t, g, "create-deployment --stage-name prod")
	// the method now requires an API key: AWS's 403 Forbidden without one
	if st, b := body(t, g, "GET", "/prod/pets"); st != 403 || b != `{"message":"Forbidden"}` {
		t.Fatalf("after deploying: %d %s", st, b)
	}
}

// Answers from LocalStack's AWS-validated snapshots (test_apigateway_api.snapshot.json).
func TestDefinitionVerbErrorsAsAWS(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	tests := []struct{ line, want string }{
		{"put-method --rest-api-id nope --resource-id /pets --http-method GET --authorization-type NONE", "NotFoundException: Invalid Resource identifier specified"},
		{"put-method --resource-id fake-resource-id --http-method GET --authorization-type NONE", "NotFoundException: Invalid Resource identifier specified"},
		{"put-method --resource-id /pets --http-method WRONG --authorization-type NONE", "BadRequestException: Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY"},
		{"put-method --resource-id /pets --http-method POST --authorization-type CUSTOM", "BadRequestException: Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer."},
		{"put-method --resource-id /pets --http-method POST --authorization-type NONE --request-validator-id wrong-id", "BadRequestException: Invalid Request Validator identifier specified"},
		{"put-method --resource-id /pets --http-method POST --authorization-type NONE --request-models application/json=petModel", "BadRequestException: Invalid model identifier specified: petModel"},
		{"update-method --resource-id /pets --http-method POST --patch-operations op=replace,path=/operationName,value=x", "NotFoundException: Invalid Method identifier specified"},
		{"update-method --resource-id /pets --http-method GET --patch-operations op=add,path=/operationName,value=x", "BadRequestException: Invalid patch operation specified. Must be one of: [replace]"},
		{"update-method --resource-id /pets --http-method GET --patch-operations op=add,path=/httpMethod,value=PUT", "BadRequestException: Invalid patch path /httpMethod"},
		{"update-method --resource-id /pets --http-method GET --patch-operations op=add,path=/requestModels/application/json,value=Empty", "BadRequestException: Invalid patch path /requestModels/application/json"},
		{"put-integration --resource-id /pets --http-method GET --type HTTPS_PROXY", "ValidationException: 1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]"},
		{"put-integration --resource-id /pets --http-method POST --type MOCK", "NotFoundException: Invalid Method identifier specified"},
		{"put-integration-response --resource-id /pets --http-method GET --status-code wrong", "ValidationException: 1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d"},
		{"create-resource --parent-id / --path-part pets", "ConflictException: Another resource with the same parent already has this name: pets"},
		{"create-resource --parent-id /echo/{proxy+} --path-part x", "BadRequestException: Cannot create a child of a resource with a greedy path variable: {proxy+}"},
		{"create-resource --parent-id /echo --path-part {id}", "BadRequestException: A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed"},
	}
	for _, tt := range tests {
		_, err := g.Exec(tt.line)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s\n got %v\nwant %s", tt.line, err, tt.want)
		}
	}
	if got := g.APIs()[0].Undeployed; len(got) != 0 {
		t.Fatalf("refused changes left undeployed changes: %v", got)
	}
}

func TestKeepDeploymentsAcrossAReload(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	ws := petsWorkspace()
	mock := ws.RestAPIs[0].Resources[7].Methods[0].Integration.IntegrationResponses[0]
	mock.ResponseTemplates["application/json"] = `{"ok": "edited"}`
	ws.RestAPIs[0].Stages = append(ws.RestAPIs[0].Stages, &model.Stage{StageName: "dev"})
	g.KeepDeployments(ws)
	g2 := newGateway(t, ws)
	if st, b := body(t, g2, "GET", "/prod/mock"); b != `{"ok": true}` {
		t.Fatalf("prod after a reload: %d %s (keeps its deployment)", st, b)
	}
	if st, b := body(t, g2, "GET", "/dev/mock"); b != `{"ok": "edited"}` {
		t.Fatalf("a stage new in the file gets a first deployment of the file: %d %s", st, b)
	}
	if got := g2.APIs()[0].Undeployed; !slices.Equal(got, []string{"prod"}) {
		t.Fatalf("Undeployed = %v, want [prod]", got)
	}
	if !ws.RestAPIs[0].Undeployed(ws.RestAPIs[0].Stages[0]) || ws.RestAPIs[0].Undeployed(ws.RestAPIs[0].Stages[1]) {
		t.Fatal("model.Undeployed disagrees with the gateway")
	}
	mustExec(t, g2, "create-deployment --stage-name prod")
	if _, b := body(t, g2, "GET", "/prod/mock"); b != `{"ok": "edited"}` {
		t.Fatalf("prod after deploying: %s", b)
	}
	// an unchanged reload leaves nothing to deploy, even when lines moved
	ws3 := petsWorkspace()
	ws3.RestAPIs[0].Resources[0].Pos = model.Pos{Line: 99}
	g.KeepDeployments(ws3)
	if got := newGateway(t, ws3).APIs()[0].Undeployed; len(got) != 0 {
		t.Fatalf("unchanged reload: Undeployed = %v", got)
	}
}
