package cli

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestAWSCLIDrivesHTTPAPIs is the apigatewayv2 story with the real aws CLI against serve:
// create an HTTP API, an integration, a route and a stage, meet the deployment trap (the
// stage answers 404 until create-deployment), deploy, call it, change the stage, delete.
func TestAWSCLIDrivesHTTPAPIs(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the aws CLI is not installed (.ci/run installs it: apt-get install -y awscli)")
	}
	p := runServe(t, "-f", "examples/http-api.yaml")
	ep := p.base
	must := func(args ...string) map[string]any {
		t.Helper()
		obj, stderr, err := awsService(t, "apigatewayv2", ep, args...)
		if err != nil {
			t.Fatalf("aws apigatewayv2 %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
		return obj
	}
	fails := func(wantErr string, args ...string) {
		t.Helper()
		if _, stderr, err := awsService(t, "apigatewayv2", ep, args...); err == nil || !strings.Contains(stderr, wantErr) {
			t.Errorf("aws apigatewayv2 %s: %v %s\nwant an error with %s", strings.Join(args, " "), err, stderr, wantErr)
		}
	}
	get := func(id, path string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", ep+path, nil)
		req.Host = id + ".execute-api.us-east-1.amazonaws.com" // the API, as on AWS
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	api := must("create-api", "--name", "greeter", "--protocol-type", "HTTP")
	id, _ := api["ApiId"].(string)
	if len(id) != 10 || api["ProtocolType"] != "HTTP" || api["ApiEndpoint"] != "https://"+id+".execute-api.us-east-1.amazonaws.com" ||
		api["RouteSelectionExpression"] != "$request.method $request.path" {
		t.Fatalf("create-api: %v", api)
	}
	if list := must("get-apis"); len(list["Items"].([]any)) != 2 {
		t.Errorf("get-apis: %v", list)
	}
	in := must("create-integration", "--api-id", id, "--integration-type", "AWS_PROXY",
		"--integration-uri", "arn:aws:lambda:us-east-1:123456789012:function:hello", "--payload-format-version", "2.0")
	iid, _ := in["IntegrationId"].(string)
	if len(iid) != 7 || in["TimeoutInMillis"] != 30000.0 || in["ConnectionType"] != "INTERNET" || in["IntegrationMethod"] != "POST" {
		t.Fatalf("create-integration: %v", in)
	}
	route := must("create-route", "--api-id", id, "--route-key", "GET /hello", "--target", "integrations/"+iid)
	if route["RouteKey"] != "GET /hello" || route["AuthorizationType"] != "NONE" || route["Target"] != "integrations/"+iid {
		t.Fatalf("create-route: %v", route)
	}
	st := must("create-stage", "--api-id", id, "--stage-name", "prod", "--stage-variables", "who=you")
	if st["StageName"] != "prod" || st["DeploymentId"] != nil {
		t.Errorf("create-stage: %v", st)
	}
	// The trap: a stage serves a deployment, and prod has none yet.
	if code, body := get(id, "/prod/hello"); code != 404 || body != `{"message":"Not Found"}` {
		t.Errorf("GET /prod/hello before create-deployment: %d %s", code, body)
	}
	dep := must("create-deployment", "--api-id", id, "--stage-name", "prod", "--description", "first")
	if dep["DeploymentStatus"] != "DEPLOYED" || dep["AutoDeployed"] != false || dep["Description"] != "first" {
		t.Errorf("create-deployment: %v", dep)
	}
	if code, body := get(id, "/prod/hello"); code != 200 || body != "Hello from Lambda!" {
		t.Errorf("GET /prod/hello: %d %s", code, body)
	}
	// A new route waits for the next deployment.
	must("create-route", "--api-id", id, "--route-key", "GET /hi", "--target", "integrations/"+iid)
	if code, _ := get(id, "/prod/hi"); code != 404 {
		t.Errorf("GET /prod/hi before deploying it: %d", code)
	}
	st = must("update-stage", "--api-id", id, "--stage-name", "prod", "--auto-deploy", "--stage-variables", "who=them")
	if vars, _ := st["StageVariables"].(map[string]any); vars["who"] != "them" || st["AutoDeploy"] != true || st["DeploymentId"] == dep["DeploymentId"] {
		t.Errorf("update-stage --auto-deploy: %v", st)
	}
	if code, _ := get(id, "/prod/hi"); code != 200 {
		t.Errorf("GET /prod/hi once autoDeploy is on: %d", code)
	}
	if deps := must("get-deployments", "--api-id", id); len(deps["Items"].([]any)) != 2 {
		t.Errorf("get-deployments: %v", deps)
	}
	fails("An error occurred (NotFoundException) when calling the GetRoute operation: Invalid Route identifier specified nope",
		"get-route", "--api-id", id, "--route-id", "nope")
	fails("An error occurred (BadRequestException) when calling the CreateIntegration operation: --payload-format-version is required",
		"create-integration", "--api-id", id, "--integration-type", "AWS_PROXY", "--integration-uri", "arn:aws:lambda:us-east-1:123456789012:function:hello")

	// A JWT authorizer of the workspace's user pool guards a new route (prod has autoDeploy
	// now): no token is 401; the authorizer cannot be deleted while the route uses it.
	authz := must("create-authorizer", "--api-id", id, "--name", "cognito", "--authorizer-type", "JWT",
		"--identity-source", "$request.header.Authorization",
		"--jwt-configuration", "Audience=k5jzyq8wsdz7ov97jzk3zandjc,Issuer=https://cognito-idp.us-east-1.amazonaws.com/us-east-1_9LnKwwsId")
	zid, _ := authz["AuthorizerId"].(string)
	if len(zid) != 6 || authz["AuthorizerType"] != "JWT" || authz["JwtConfiguration"].(map[string]any)["Issuer"] != "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_9LnKwwsId" {
		t.Fatalf("create-authorizer: %v", authz)
	}
	must("create-route", "--api-id", id, "--route-key", "GET /private", "--target", "integrations/"+iid,
		"--authorization-type", "JWT", "--authorizer-id", zid)
	if code, body := get(id, "/prod/private"); code != 401 || body != `{"message":"Unauthorized"}` {
		t.Errorf("GET /prod/private without a token: %d %s", code, body)
	}
	fails("An error occurred (ConflictException) when calling the DeleteAuthorizer operation: Cannot delete authorizer 'cognito', is referenced in route: GET /private",
		"delete-authorizer", "--api-id", id, "--authorizer-id", zid)
	fails("An error occurred (BadRequestException) when calling the CreateAuthorizer operation: AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer",
		"create-authorizer", "--api-id", id, "--name", "lam", "--authorizer-type", "REQUEST", "--identity-source", "$request.header.X",
		"--authorizer-uri", "arn:aws:lambda:us-east-1:123456789012:function:hello")
	must("delete-route", "--api-id", id, "--route-id", "GET /private")
	if out := must("update-authorizer", "--api-id", id, "--authorizer-id", zid, "--name", "pool"); out["Name"] != "pool" {
		t.Errorf("update-authorizer: %v", out)
	}
	if _, stderr, err := awsService(t, "apigatewayv2", ep, "delete-authorizer", "--api-id", id, "--authorizer-id", zid); err != nil {
		t.Errorf("delete-authorizer: %v %s", err, stderr)
	}

	// export-api writes the stage's deployment; import-api reads it back as a new API.
	file := t.TempDir() + "/greeter.yaml"
	if _, stderr, err := awsService(t, "apigatewayv2", ep, "export-api", "--api-id", id, "--specification", "OAS30",
		"--output-type", "YAML", "--stage-name", "prod", file); err != nil {
		t.Fatalf("export-api: %v %s", err, stderr)
	}
	doc, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(doc), "openapi: 3.0.1\n") || !strings.Contains(string(doc), "description: Default response for GET /hi") ||
		!strings.Contains(string(doc), "uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:hello/invocations") {
		t.Fatalf("export-api wrote (%v):\n%s", err, doc)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(doc), "title: greeter", "title: greeter2", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	imported := must("import-api", "--body", "file://"+file)
	if imported["Name"] != "greeter2" {
		t.Errorf("import-api: %v", imported)
	}
	if routes := must("get-routes", "--api-id", imported["ApiId"].(string)); len(routes["Items"].([]any)) != 2 {
		t.Errorf("routes of the imported API: %v", routes)
	}

	if _, stderr, err := awsService(t, "apigatewayv2", ep, "delete-api", "--api-id", id); err != nil {
		t.Fatalf("delete-api: %v %s", err, stderr)
	}
	fails("An error occurred (NotFoundException) when calling the GetApi operation: Invalid API identifier specified 123456789012:"+id,
		"get-api", "--api-id", id)
	// The workspace's own HTTP API still answers on its $default stage.
	if resp, body := do(t, "GET", ep+"/hello", nil); resp.StatusCode != 200 || body != "Hello from Lambda!" {
		t.Errorf("GET /hello: %d %s", resp.StatusCode, body)
	}
}

// TestAWSCLIDrivesWebSocketAPIs: a WebSocket API made with the real aws CLI against serve —
// create-api WEBSOCKET, an integration, a two-way $default route, create-deployment, a
// stage on that deployment — answers a WebSocket client on serve's port.
func TestAWSCLIDrivesWebSocketAPIs(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the aws CLI is not installed (.ci/run installs it: apt-get install -y awscli)")
	}
	p := runServe(t, "-f", "examples/http-api.yaml")
	ep := p.base
	must := func(args ...string) map[string]any {
		t.Helper()
		obj, stderr, err := awsService(t, "apigatewayv2", ep, args...)
		if err != nil {
			t.Fatalf("aws apigatewayv2 %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
		return obj
	}
	api := must("create-api", "--name", "chat", "--protocol-type", "WEBSOCKET", "--route-selection-expression", "$request.body.action")
	id, _ := api["ApiId"].(string)
	if api["ApiEndpoint"] != "wss://"+id+".execute-api.us-east-1.amazonaws.com" || api["ProtocolType"] != "WEBSOCKET" {
		t.Fatalf("create-api: %v", api)
	}
	in := must("create-integration", "--api-id", id, "--integration-type", "AWS_PROXY",
		"--integration-uri", "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets/invocations")
	iid, _ := in["IntegrationId"].(string)
	if in["TimeoutInMillis"] != 29000.0 || in["PayloadFormatVersion"] != "1.0" {
		t.Errorf("create-integration: %v", in)
	}
	route := must("create-route", "--api-id", id, "--route-key", "$default", "--target", "integrations/"+iid, "--route-response-selection-expression", "$default")
	rid, _ := route["RouteId"].(string)
	dep := must("create-deployment", "--api-id", id)
	st := must("create-stage", "--api-id", id, "--stage-name", "prod", "--deployment-id", dep["DeploymentId"].(string))
	if st["DeploymentId"] != dep["DeploymentId"] {
		t.Errorf("create-stage: %v", st)
	}
	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(ep, "http")+"/prod", http.Header{"Host": {id + ".execute-api.us-east-1.amazonaws.com"}})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer c.Close()
	if err := c.WriteMessage(websocket.TextMessage, []byte(`{"action":"x"}`)); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, b, err := c.ReadMessage(); err != nil || string(b) != `{"id":7,"name":"Rex"}` {
		t.Errorf("reply: %q %v", b, err)
	}
	if routes := must("get-routes", "--api-id", id); len(routes["Items"].([]any)) != 1 {
		t.Errorf("get-routes: %v", routes)
	}
	// a model validates $default's messages once deployed: the "Bad request body" frame
	if m := must("create-model", "--api-id", id, "--name", "Msg", "--schema", `{"type": "object", "required": ["n"]}`); m["Name"] != "Msg" || m["ContentType"] != "application/json" {
		t.Errorf("create-model: %v", m)
	}
	must("update-route", "--api-id", id, "--route-id", rid, "--model-selection-expression", "$default", "--request-models", `{"$default": "Msg"}`)
	if rr := must("create-route-response", "--api-id", id, "--route-id", rid, "--route-response-key", "$default"); rr["RouteResponseKey"] != "$default" {
		t.Errorf("create-route-response: %v", rr)
	}
	must("create-deployment", "--api-id", id, "--stage-name", "prod")
	if err := c.WriteMessage(websocket.TextMessage, []byte(`{"action":"x"}`)); err != nil {
		t.Fatal(err)
	}
	if _, b, err := c.ReadMessage(); err != nil || !strings.HasPrefix(string(b), `{"message": "Bad request body", "connectionId":"`) {
		t.Errorf("a message the model refuses: %q %v", b, err)
	}
	if _, stderr, err := awsService(t, "apigatewayv2", ep, "create-api", "--name", "x", "--protocol-type", "WEBSOCKET"); err == nil ||
		!strings.Contains(stderr, "(BadRequestException) when calling the CreateApi operation: RouteSelectionExpression is required for WEBSOCKET protocol") {
		t.Errorf("create-api WEBSOCKET without a route selection expression: %v %s", err, stderr)
	}
	if _, stderr, err := awsService(t, "apigatewayv2", ep, "delete-api", "--api-id", id); err != nil {
		t.Fatalf("delete-api: %v %s", err, stderr)
	}
}
