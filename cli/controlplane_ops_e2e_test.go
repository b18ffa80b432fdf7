package cli

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestAWSCLIUpdatesAPIsAndResponses: update-rest-api, update-resource and one method or
// integration response read, patched and deleted with the real aws CLI, then deployed and
// called.
func TestAWSCLIUpdatesAPIsAndResponses(t *testing.T) {
	ep, must := awsStory(t)
	api := must("create-rest-api", "--name", "ops", "--description", "before")
	id, root := api["id"].(string), api["rootResourceId"].(string)
	up := must("update-rest-api", "--rest-api-id", id, "--patch-operations",
		"op=replace,path=/description,value=after", "op=add,path=/binaryMediaTypes/image~1png",
		"op=replace,path=/minimumCompressionSize,value=1024")
	if up["description"] != "after" || up["minimumCompressionSize"] != 1024.0 || up["id"] != id ||
		len(up["binaryMediaTypes"].([]any)) != 1 || up["binaryMediaTypes"].([]any)[0] != "image/png" {
		t.Errorf("update-rest-api: %v", up)
	}
	if _, stderr, err := awsCLI(t, ep, "update-rest-api", "--rest-api-id", id, "--patch-operations", "op=add,path=/minimumCompressionSize,value=1"); err == nil ||
		!strings.Contains(stderr, "An error occurred (BadRequestException) when calling the UpdateRestApi operation: Invalid patch operation specified. Must be one of: [replace]") {
		t.Errorf("update-rest-api add: %v %s", err, stderr)
	}

	res := must("create-resource", "--rest-api-id", id, "--parent-id", root, "--path-part", "hello")
	rid := res["id"].(string)
	moved := must("update-resource", "--rest-api-id", id, "--resource-id", rid, "--patch-operations", "op=replace,path=/pathPart,value=hi")
	if moved["id"] != rid || moved["path"] != "/hi" || moved["pathPart"] != "hi" {
		t.Errorf("update-resource: %v", moved)
	}
	m := []string{"--rest-api-id", id, "--resource-id", rid, "--http-method", "GET"}
	with := func(verb string, more ...string) []string { return append(append([]string{verb}, m...), more...) }
	must(with("put-method", "--authorization-type", "NONE")...)
	must(with("put-integration", "--type", "MOCK", "--request-templates", `{"application/json": "{\"statusCode\": 200}"}`)...)
	must(with("put-method-response", "--status-code", "200")...)
	must(with("put-integration-response", "--status-code", "200", "--response-templates", `{"application/json": "first"}`)...)
	mr := must(with("update-method-response", "--status-code", "200", "--patch-operations", "op=add,path=/responseParameters/method.response.header.X-Hi,value=false")...)
	if p, _ := mr["responseParameters"].(map[string]any); p["method.response.header.X-Hi"] != false {
		t.Errorf("update-method-response: %v", mr)
	}
	if got := must(with("get-method-response", "--status-code", "200")...); got["statusCode"] != "200" || got["responseParameters"] == nil {
		t.Errorf("get-method-response: %v", got)
	}
	ir := must(with("update-integration-response", "--status-code", "200", "--patch-operations",
		// JSON: in the CLI's shorthand, 'there' would lose its quotes
		`[{"op": "replace", "path": "/responseTemplates/application~1json", "value": "second"}, {"op": "add", "path": "/responseParameters/method.response.header.X-Hi", "value": "'there'"}]`)...)
	if tpl, _ := ir["responseTemplates"].(map[string]any); tpl["application/json"] != "second" {
		t.Errorf("update-integration-response: %v", ir)
	}
	if got := must(with("get-integration-response", "--status-code", "200")...); got["statusCode"] != "200" {
		t.Errorf("get-integration-response: %v", got)
	}
	must("create-deployment", "--rest-api-id", id, "--stage-name", "dev")
	resp, body := getURL(t, ep+"/restapis/"+id+"/dev/_user_request_/hi")
	if resp.StatusCode != 200 || body != "second" || resp.Header.Get("X-Hi") != "there" {
		t.Errorf("GET /hi: %d %q X-Hi=%q", resp.StatusCode, body, resp.Header.Get("X-Hi"))
	}
	must(with("delete-integration-response", "--status-code", "200")...)
	must(with("delete-method-response", "--status-code", "200")...)
	if _, stderr, err := awsCLI(t, ep, with("get-method-response", "--status-code", "200")...); err == nil ||
		!strings.Contains(stderr, "An error occurred (NotFoundException) when calling the GetMethodResponse operation: Invalid Response status code specified") {
		t.Errorf("get-method-response after delete: %v %s", err, stderr)
	}
}

// getURL GETs url and answers the response and its body.
func getURL(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// TestAWSCLIDeploymentsTagsAndAuthorizerTest: get/update/delete-deployment with AWS's
// refusal for a deployment a stage serves, tags by ARN, and test-invoke-authorizer on the
// example's TOKEN authorizer, with the real aws CLI.
func TestAWSCLIDeploymentsTagsAndAuthorizerTest(t *testing.T) {
	ep, must := awsStory(t)
	old := must("get-stage", "--rest-api-id", "pets", "--stage-name", "prod")["deploymentId"].(string)
	dep := must("create-deployment", "--rest-api-id", "pets", "--stage-name", "prod", "--description", "v2")
	id := dep["id"].(string)
	if got := must("get-deployment", "--rest-api-id", "pets", "--deployment-id", id, "--embed", "apisummary"); got["description"] != "v2" || got["apiSummary"] == nil {
		t.Errorf("get-deployment: %v", got)
	}
	if got := must("update-deployment", "--rest-api-id", "pets", "--deployment-id", id, "--patch-operations", "op=replace,path=/description,value=v2b"); got["description"] != "v2b" {
		t.Errorf("update-deployment: %v", got)
	}
	if _, stderr, err := awsCLI(t, ep, "delete-deployment", "--rest-api-id", "pets", "--deployment-id", id); err == nil ||
		!strings.Contains(stderr, "An error occurred (BadRequestException) when calling the DeleteDeployment operation: Active stages pointing to this deployment must be moved or deleted") {
		t.Errorf("delete-deployment in use: %v %s", err, stderr)
	}
	must("delete-deployment", "--rest-api-id", "pets", "--deployment-id", old)
	if l := must("get-deployments", "--rest-api-id", "pets"); len(l["items"].([]any)) != 1 {
		t.Errorf("get-deployments after delete: %v", l)
	}

	apiID := must("get-rest-api", "--rest-api-id", "pets")["id"].(string)
	arn := "arn:aws:apigateway:us-east-1::/restapis/" + apiID + "/stages/prod"
	must("tag-resource", "--resource-arn", arn, "--tags", "team=web,env=prod")
	must("untag-resource", "--resource-arn", arn, "--tag-keys", "env")
	if got := must("get-tags", "--resource-arn", arn); len(got["tags"].(map[string]any)) != 1 || got["tags"].(map[string]any)["team"] != "web" {
		t.Errorf("get-tags: %v", got)
	}

	part := must("create-documentation-part", "--rest-api-id", "pets", "--location", "type=METHOD,path=/pets,method=GET",
		"--properties", `{"description": "Lists the pets."}`)
	if l := must("get-documentation-parts", "--rest-api-id", "pets", "--type", "METHOD"); len(l["items"].([]any)) != 1 || part["properties"] != `{"description": "Lists the pets."}` {
		t.Errorf("documentation parts: %v %v", part, l)
	}
	if v := must("create-documentation-version", "--rest-api-id", "pets", "--documentation-version", "v1", "--stage-name", "prod"); v["version"] != "v1" {
		t.Errorf("create-documentation-version: %v", v)
	}
	st := must("update-stage", "--rest-api-id", "pets", "--stage-name", "prod", "--patch-operations", "op=replace,path=/accessLogSettings/format,value=$context.requestId")
	if st["documentationVersion"] != "v1" || st["accessLogSettings"].(map[string]any)["format"] != "$context.requestId" {
		t.Errorf("update-stage accessLogSettings: %v", st)
	}

	az := must("test-invoke-authorizer", "--rest-api-id", "pets", "--authorizer-id", "token-check", "--headers", "Authorization=Bearer abc")
	if az["clientStatus"] != 0.0 || az["principalId"] != "user-42" || !strings.Contains(az["policy"].(string), `"Effect":"Allow"`) ||
		!strings.Contains(az["log"].(string), "/ESTestInvoke-stage/GET/") {
		t.Errorf("test-invoke-authorizer: %v", az)
	}
	if az := must("test-invoke-authorizer", "--rest-api-id", "pets", "--authorizer-id", "token-check", "--headers", "Authorization=nope"); az["clientStatus"] != 401.0 {
		t.Errorf("test-invoke-authorizer, a token the validation expression refuses: %v", az)
	}
}
