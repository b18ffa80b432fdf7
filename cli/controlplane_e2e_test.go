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
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the aws CLI is not installed (.ci/run installs it: apt-get install -y awscli)")
	}
	p := runServe(t, "-f", "examples/pets.yaml")
	ep := p.base
	must := func(args ...string) map[string]any {
		t.Helper()
		obj, stderr, err := awsCLI(t, ep, args...)
		if err != nil {
			t.Fatalf("aws apigateway %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
		return obj
	}
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
