package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// awsCLI runs the real aws CLI against serve; it skips the test when the CLI is missing
// (.ci/run installs it).
func awsCLI(t *testing.T, endpoint string, args ...string) (map[string]any, string, error) {
	t.Helper()
	return awsService(t, "apigateway", endpoint, args...)
}

// awsService runs `aws SERVICE --endpoint-url ENDPOINT ARGS…` (apigateway, apigatewayv2).
func awsService(t *testing.T, service, endpoint string, args ...string) (map[string]any, string, error) {
	t.Helper()
	cmd := exec.Command("aws", append([]string{service, "--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json"}, args...)...)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=secret", "AWS_PAGER=",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, stderr.String(), err
	}
	var obj map[string]any
	if len(strings.TrimSpace(string(out))) > 0 {
		if jerr := json.Unmarshal(out, &obj); jerr != nil {
			t.Fatalf("aws %v printed no JSON: %s", args, out)
		}
	}
	return obj, string(out), nil
}

// TestAWSCLIDrivesTheControlPlane is the story a learner types: create an API, a resource, a
// method with a MOCK integration, deploy, call it, change a stage variable, export, delete,
// all with the real aws CLI pointed at serve with --endpoint-url.
func TestAWSCLIDrivesTheControlPlane(t *testing.T) {
	ep, must := awsStory(t)
	api := must("create-rest-api", "--name", "greeter", "--description", "made by the aws CLI")
	id, root := api["id"].(string), api["rootResourceId"].(string)
	if api["name"] != "greeter" || api["apiKeySource"] != "HEADER" || len(id) != 10 || root == "" {
		t.Fatalf("create-rest-api: %v", api)
	}
	if list := must("get-rest-apis"); len(list["items"].([]any)) != 2 {
		t.Errorf("get-rest-apis: %v", list)
	}
	res := must("create-resource", "--rest-api-id", id, "--parent-id", root, "--path-part", "hello")
	if res["path"] != "/hello" || res["parentId"] != root {
		t.Fatalf("create-resource: %v", res)
	}
	rid := res["id"].(string)
	if m := must("put-method", "--rest-api-id", id, "--resource-id", rid, "--http-method", "GET", "--authorization-type", "NONE"); m["httpMethod"] != "GET" || m["authorizationType"] != "NONE" {
		t.Errorf("put-method: %v", m)
	}
	in := must("put-integration", "--rest-api-id", id, "--resource-id", rid, "--http-method", "GET", "--type", "MOCK",
		"--request-templates", `{"application/json": "{\"statusCode\": 200}"}`)
	if in["type"] != "MOCK" || in["passthroughBehavior"] != "WHEN_NO_MATCH" {
		t.Errorf("put-integration: %v", in)
	}
	must("put-method-response", "--rest-api-id", id, "--resource-id", rid, "--http-method", "GET", "--status-code", "200")
	must("put-integration-response", "--rest-api-id", id, "--resource-id", rid, "--http-method", "GET", "--status-code", "200",
		"--response-templates", `{"application/json": "{\"greeting\": \"hello from $stageVariables.who\"}"}`)

	// Not deployed yet: the stage does not exist.
	if _, stderr, err := awsCLI(t, ep, "get-stage", "--rest-api-id", id, "--stage-name", "dev"); err == nil || !strings.Contains(stderr, "(NotFoundException)") {
		t.Errorf("get-stage before deploying: %v %s", err, stderr)
	}
	dep := must("create-deployment", "--rest-api-id", id, "--stage-name", "dev", "--description", "first")
	if dep["id"] == "" || dep["description"] != "first" {
		t.Errorf("create-deployment: %v", dep)
	}
	must("update-stage", "--rest-api-id", id, "--stage-name", "dev", "--patch-operations", "op=replace,path=/variables/who,value=the CLI")
	st := must("get-stage", "--rest-api-id", id, "--stage-name", "dev")
	if vars, _ := st["variables"].(map[string]any); vars["who"] != "the CLI" || st["deploymentId"] != dep["id"] {
		t.Errorf("get-stage: %v", st)
	}

	// The data plane answers on the same port.
	resp, body := do(t, "GET", ep+"/restapis/"+id+"/dev/_user_request_/hello", nil)
	if resp.StatusCode != 200 || body != `{"greeting": "hello from the CLI"}` {
		t.Errorf("GET /hello: %d %s", resp.StatusCode, body)
	}
	req, _ := http.NewRequest("GET", ep+"/dev/hello", nil)
	req.Host = id + ".execute-api.us-east-1.amazonaws.com"
	if r, err := http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	} else {
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != 200 || string(b) != `{"greeting": "hello from the CLI"}` {
			t.Errorf("GET /dev/hello with the API's Host: %d %s", r.StatusCode, b)
		}
	}

	// A usage plan on the new stage and a key in it.
	key := must("create-api-key", "--name", "learner", "--enabled", "--value", "learner-key-0123456789abc")
	if key["value"] != "learner-key-0123456789abc" || key["enabled"] != true {
		t.Errorf("create-api-key: %v", key)
	}
	plan := must("create-usage-plan", "--name", "greeters", "--api-stages", "apiId="+id+",stage=dev", "--throttle", "burstLimit=2,rateLimit=1")
	if th, _ := plan["throttle"].(map[string]any); th["burstLimit"] != 2.0 {
		t.Errorf("create-usage-plan: %v", plan)
	}
	must("create-usage-plan-key", "--usage-plan-id", plan["id"].(string), "--key-id", key["id"].(string), "--key-type", "API_KEY")
	if keys := must("get-usage-plan-keys", "--usage-plan-id", plan["id"].(string)); len(keys["items"].([]any)) != 1 {
		t.Errorf("get-usage-plan-keys: %v", keys)
	}
	must("delete-usage-plan", "--usage-plan-id", plan["id"].(string))

	out := t.TempDir() + "/greeter.json"
	if _, stderr, err := awsCLI(t, ep, "get-export", "--rest-api-id", id, "--stage-name", "dev", "--export-type", "oas30",
		"--parameters", "extensions=integrations", out); err != nil {
		t.Fatalf("get-export: %v %s", err, stderr)
	}
	doc, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var oas map[string]any
	if err := json.Unmarshal(doc, &oas); err != nil || oas["openapi"] != "3.0.1" || !strings.Contains(string(doc), `"x-amazon-apigateway-integration"`) ||
		!strings.Contains(string(doc), `"default": "dev"`) {
		t.Errorf("get-export wrote:\n%s", doc)
	}

	if _, stderr, err := awsCLI(t, ep, "delete-rest-api", "--rest-api-id", id); err != nil {
		t.Fatalf("delete-rest-api: %v %s", err, stderr)
	}
	_, stderr, err := awsCLI(t, ep, "get-rest-api", "--rest-api-id", id)
	if err == nil || !strings.Contains(stderr, "An error occurred (NotFoundException) when calling the GetRestApi operation: Invalid API identifier specified 123456789012:"+id) {
		t.Errorf("get-rest-api after delete: %v %s", err, stderr)
	}
	// The workspace's own API still answers.
	if resp, _ := do(t, "GET", ep+"/prod/pets", nil); resp.StatusCode != 200 {
		t.Errorf("GET /prod/pets: %d", resp.StatusCode)
	}
}

// TestAWSCLIImportsAndDefines: import-rest-api with an OpenAPI body, an authorizer, a model, a
// request validator, a gateway response, and a stage made with create-stage from a
// deployment, all with the real aws CLI.
func TestAWSCLIImportsAndDefines(t *testing.T) {
	ep, must := awsStory(t)
	doc := t.TempDir() + "/hello.yaml"
	if err := os.WriteFile(doc, []byte(`openapi: 3.0.1
info: {title: hello, version: "1.0"}
paths:
  /hello:
    post:
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses: {default: {statusCode: "200", responseTemplates: {application/json: '{"hi": "imported"}'}}}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	api := must("import-rest-api", "--body", "fileb://"+doc)
	id := api["id"].(string)
	if api["name"] != "hello" || api["version"] != "1.0" || len(id) != 10 {
		t.Fatalf("import-rest-api: %v", api)
	}
	res := must("get-resources", "--rest-api-id", id)
	var rid string
	for _, it := range res["items"].([]any) {
		if r := it.(map[string]any); r["path"] == "/hello" {
			rid = r["id"].(string)
		}
	}
	if rid == "" {
		t.Fatalf("get-resources: no /hello in %v", res)
	}
	if r := must("get-resource", "--rest-api-id", id, "--resource-id", rid); r["pathPart"] != "hello" {
		t.Errorf("get-resource: %v", r)
	}

	az := must("create-authorizer", "--rest-api-id", id, "--name", "tok", "--type", "TOKEN",
		"--authorizer-uri", "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:listPets/invocations",
		"--identity-source", "method.request.header.Authorization")
	// AWS answers no TTL when none was given, and authType custom (engine/lscases_authz_test.go)
	if _, ttl := az["authorizerResultTtlInSeconds"]; az["name"] != "tok" || ttl || az["authType"] != "custom" {
		t.Errorf("create-authorizer: %v", az)
	}
	if l := must("get-authorizers", "--rest-api-id", id); len(l["items"].([]any)) != 1 {
		t.Errorf("get-authorizers: %v", l)
	}
	must("delete-authorizer", "--rest-api-id", id, "--authorizer-id", az["id"].(string))

	m := must("create-model", "--rest-api-id", id, "--name", "Greeting", "--content-type", "application/json",
		"--schema", `{"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}`)
	if m["name"] != "Greeting" || !strings.Contains(m["schema"].(string), `"required"`) {
		t.Errorf("create-model: %v", m)
	}
	if l := must("get-models", "--rest-api-id", id); len(l["items"].([]any)) != 3 { // Empty, Error, Greeting
		t.Errorf("get-models: %v", l)
	}
	v := must("create-request-validator", "--rest-api-id", id, "--name", "body", "--validate-request-body")
	if v["validateRequestBody"] != true || v["validateRequestParameters"] != false {
		t.Errorf("create-request-validator: %v", v)
	}
	must("update-method", "--rest-api-id", id, "--resource-id", rid, "--http-method", "POST", "--patch-operations",
		"op=replace,path=/requestValidatorId,value="+v["id"].(string), "op=add,path=/requestModels/application~1json,value=Greeting")
	gr := must("put-gateway-response", "--rest-api-id", id, "--response-type", "BAD_REQUEST_BODY", "--status-code", "422",
		"--response-templates", `{"application/json": "{\"problem\": $context.error.messageString}"}`)
	if gr["defaultResponse"] != false || gr["statusCode"] != "422" {
		t.Errorf("put-gateway-response: %v", gr)
	}

	// A deployment without a stage, then create-stage points a stage at it.
	dep := must("create-deployment", "--rest-api-id", id)
	st := must("create-stage", "--rest-api-id", id, "--stage-name", "v1", "--deployment-id", dep["id"].(string), "--variables", "who=me")
	if st["stageName"] != "v1" || st["deploymentId"] != dep["id"] {
		t.Errorf("create-stage: %v", st)
	}
	url := ep + "/restapis/" + id + "/v1/_user_request_/hello"
	if resp, body := postJSON(t, url, `{"name": "x"}`); resp.StatusCode != 200 || body != `{"hi": "imported"}` {
		t.Errorf("POST /hello with a valid body: %d %s", resp.StatusCode, body)
	}
	if resp, body := postJSON(t, url, `{}`); resp.StatusCode != 422 || !strings.HasPrefix(body, `{"problem": "Invalid request body"}`) {
		t.Errorf("POST /hello with an invalid body: %d %s", resp.StatusCode, body)
	}
	if _, stderr, err := awsCLI(t, ep, "create-stage", "--rest-api-id", id, "--stage-name", "v1", "--deployment-id", dep["id"].(string)); err == nil ||
		!strings.Contains(stderr, "An error occurred (ConflictException) when calling the CreateStage operation: Stage already exists") {
		t.Errorf("create-stage twice: %v %s", err, stderr)
	}

	// put-rest-api overwrites the definition; the stage keeps its deployment until the next one.
	if err := os.WriteFile(doc, []byte(`{"swagger": "2.0", "info": {"title": "hello", "version": "2.0"}, "paths": {}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if a := must("put-rest-api", "--rest-api-id", id, "--mode", "overwrite", "--body", "fileb://"+doc); a["version"] != "2.0" {
		t.Errorf("put-rest-api: %v", a)
	}
	if resp, _ := postJSON(t, url, `{"name": "x"}`); resp.StatusCode != 200 {
		t.Errorf("POST /hello after put-rest-api, before create-deployment: %d", resp.StatusCode)
	}
	if _, stderr, err := awsCLI(t, ep, "get-resource", "--rest-api-id", id, "--resource-id", rid); err == nil || !strings.Contains(stderr, "(NotFoundException)") {
		t.Errorf("get-resource after put-rest-api overwrite: %v %s", err, stderr)
	}
	must("delete-stage", "--rest-api-id", id, "--stage-name", "v1")
	if l := must("get-stages", "--rest-api-id", id); len(l["item"].([]any)) != 0 {
		t.Errorf("get-stages after delete-stage: %v", l)
	}
}

// postJSON POSTs a JSON body and answers the response and its body.
func postJSON(t *testing.T, url, body string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// awsStory starts serve on examples/pets.yaml for a story told with the aws CLI (skipped
// without it) and answers the endpoint and a runner that fails the test on an error.
func awsStory(t *testing.T) (string, func(args ...string) map[string]any) {
	t.Helper()
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the aws CLI is not installed (.ci/run installs it: apt-get install -y awscli)")
	}
	ep := runServe(t, "-f", "examples/pets.yaml").base
	return ep, func(args ...string) map[string]any {
		t.Helper()
		obj, stderr, err := awsCLI(t, ep, args...)
		if err != nil {
			t.Fatalf("aws apigateway %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
		return obj
	}
}
