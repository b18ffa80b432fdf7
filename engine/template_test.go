package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"apigwlab/engine/export"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// importWorkspace writes a workspace that imports template (with extra YAML) and loads it.
func importWorkspace(t *testing.T, template, extra string) *Gateway {
	t.Helper()
	abs, err := filepath.Abs(template)
	if err != nil {
		t.Fatal(err)
	}
	ws := filepath.Join(t.TempDir(), "ws.yaml")
	if err := os.WriteFile(ws, []byte("import: ["+abs+"]\n"+extra), 0o644); err != nil {
		t.Fatal(err)
	}
	return exportGateway(t, ws)
}

func send(g *Gateway, method, path, body string, headers ...string) *Response {
	req := &Request{Method: method, Path: path, Body: body}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header = append(req.Header, wire.Header{Name: headers[i], Value: headers[i+1]})
	}
	return g.Invoke(req)
}

// TestSAMTemplateAnswers imports a SAM template with two functions, Api events and a usage
// plan, and sends it requests.
func TestSAMTemplateAnswers(t *testing.T) {
	g := importWorkspace(t, "cfn/testdata/sam-shop.yaml", "")
	var key string
	for _, line := range g.ws.ImportReport {
		if _, rest, ok := strings.Cut(line, "(value "); ok {
			key, _, _ = strings.Cut(rest, ")")
		}
	}
	if len(key) != 40 {
		t.Fatalf("no generated key in the report: %q", g.ws.ImportReport)
	}
	for _, tc := range []struct {
		name, path   string
		headers      []string
		status       int
		bodyContains string
	}{
		{"a method with ApiKeyRequired refuses a request without a key", "/dev/items", nil, 403, `{"message":"Forbidden"}`},
		{"the plan's key lets it through to the function's declared answer", "/dev/items", []string{"x-api-key", key}, 200, `[{"id":1,"name":"kettle"}]`},
		{"an event with Auth.ApiKeyRequired false needs no key; the function echoes its event", "/dev/items/42", []string{"X-Trace", "t1"}, 200, `"resource":"/items/{id}"`},
		{"a path no event declares", "/dev/nothing", nil, 403, `{"message":"Missing Authentication Token"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := send(g, "GET", tc.path, "", tc.headers...)
			squeeze := strings.NewReplacer(" ", "", "\n", "")
			if r.Status != tc.status || !strings.Contains(squeeze.Replace(r.Body), squeeze.Replace(tc.bodyContains)) {
				t.Fatalf("GET %s: %d %s; want %d with %s", tc.path, r.Status, r.Body, tc.status, tc.bodyContains)
			}
		})
	}
	// The alias SAM publishes is what the integration calls.
	for _, res := range g.apis[0].model.Resources {
		if res.Path == "/items/{id}" {
			if uri := res.Methods[0].Integration.URI; uri != "function:sam-shop-get-item:live" {
				t.Errorf("GetItem's integration calls %s, want its alias live", uri)
			}
		}
	}
}

// TestTemplateFunctionBehaviourFromWorkspace gives a template's function a behaviour in the
// workspace: the workspace's function wins.
func TestTemplateFunctionBehaviourFromWorkspace(t *testing.T) {
	g := importWorkspace(t, "cfn/testdata/sam-shop.yaml", `functions:
  - {functionName: sam-shop-get-item, returns: {statusCode: 404, body: '{"error":"no such item"}'}, versions: [{version: "1", returns: {statusCode: 404, body: '{"error":"no such item"}'}}], aliases: {live: "1"}}
`)
	if r := send(g, "GET", "/dev/items/42", ""); r.Status != 404 || r.Body != `{"error":"no such item"}` {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
}

// TestCloudFormationSampleRoundTrips imports a template in the AWS samples' style (JSON,
// AWS::ApiGateway::* resources, Lambda, usage plan and key), answers requests, and its
// OpenAPI export imports back to the same API.
func TestCloudFormationSampleRoundTrips(t *testing.T) {
	g := importWorkspace(t, "cfn/testdata/cfn-greeter.json", "")
	key := "greeting-client-key-0123456789"
	for _, tc := range []struct {
		method, path, body string
		headers            []string
		status             int
		want               string
	}{
		{"GET", "/v1/greeting/health", "", nil, 200, "{\"status\": \"ok\", \"env\": \"test\"}"},
		{"POST", "/v1/greeting", `{"name":"x"}`, []string{"x-api-key", key, "Content-Type", "application/json"}, 200, `{"greeting":"hello"}`},
		{"POST", "/v1/greeting", `{"x":1}`, []string{"x-api-key", key, "Content-Type", "application/json"}, 400, `{"message": "Invalid request body"}`},
		{"POST", "/v1/greeting", `{"name":"x"}`, nil, 403, `{"message":"Forbidden"}`},
	} {
		if r := send(g, tc.method, tc.path, tc.body, tc.headers...); r.Status != tc.status || r.Body != tc.want {
			t.Errorf("%s %s: %d %s; want %d %s", tc.method, tc.path, r.Status, r.Body, tc.status, tc.want)
		}
	}
	report := strings.Join(g.ws.ImportReport, "\n")
	for _, want := range []string{"deployment trap: ApiDeployment", "not translated: AWS::IAM::Role (GreetingLambdaRole)"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	st := g.apis[0].stageModel("v1")
	if ms := st.MethodSettings["*/*"]; ms == nil || *ms.ThrottlingRateLimit != 10 || ms.MetricsEnabled {
		t.Errorf("method settings from Fn::FindInMap / Fn::If: %+v", ms)
	}

	res, err := g.ExportAPI("Greeting API", "v1", export.Options{Extensions: []string{export.ExtAPIGateway}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "greeting.json")
	if err := os.WriteFile(file, res.JSON(), 0o644); err != nil {
		t.Fatal(err)
	}
	ws2 := filepath.Join(dir, "ws.yaml")
	text := "restApis:\n  - name: Greeting API\n    openapi: " + file + "\n    stages: [{stageName: v1}]\nfunctions: [{functionName: cfn-greeter-greeter, echo: true}]\n"
	if err := os.WriteFile(ws2, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	w2, err := model.Load(ws2)
	if err != nil {
		t.Fatal(err)
	}
	a, b := apiView(g.apis[0].model, g.ws), apiView(w2.RestAPIs[0], w2)
	for _, k := range []string{"methods", "models", "validators"} {
		if !equalJSON(a[k], b[k]) {
			t.Errorf("%s changed in the round trip:\n%v\n%v", k, a[k], b[k])
		}
	}
}

func equalJSON(a, b any) bool {
	return mustJSON(a) == mustJSON(b)
}

// TestSAMHttpAPIEvents: HttpApi events without ApiId land on SAM's implicit HTTP API, a
// route per event ($default without Path); AWS::ApiGatewayV2 resources are listed.
func TestSAMHttpAPIEvents(t *testing.T) {
	dir := t.TempDir()
	tmpl := `Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Metadata: {apigwlab: {returns: {statusCode: 200, body: hi}}}
    Properties:
      Events:
        Root: {Type: HttpApi, Properties: {Path: /hello, Method: get}}
        Catch: {Type: HttpApi}
  Ws: {Type: AWS::ApiGatewayV2::Api, Properties: {Name: ws, ProtocolType: WEBSOCKET}}
`
	if err := os.WriteFile(filepath.Join(dir, "t.yaml"), []byte(tmpl), 0o644); err != nil {
		t.Fatal(err)
	}
	g := importWorkspace(t, filepath.Join(dir, "t.yaml"), "")
	h := g.ws.HTTPAPIs[0]
	if h.Name != "ServerlessHttpApi" || h.Routes["GET /hello"] == nil || h.Routes["$default"] == nil {
		t.Fatalf("routes: %+v", h.Routes)
	}
	for _, path := range []string{"/hello", "/anything/else"} {
		if r := send(g, "GET", path, ""); r.Status != 200 || r.Body != "hi" {
			t.Errorf("GET %s: %d %s", path, r.Status, r.Body)
		}
	}
	if !strings.Contains(strings.Join(g.ws.ImportReport, "\n"), "not translated: AWS::ApiGatewayV2::Api (Ws)") {
		t.Errorf("report: %q", g.ws.ImportReport)
	}
}

// A stack update (import: with deployed:) follows CloudFormation's rule for
// AWS::ApiGateway::Deployment: an unchanged deployment is not replaced, so its stage keeps
// the API the deployed template defined (the redeploy trap); a new logical id deploys the
// update. A changed Description is an in-place update ("Update requires: No interruption")
// and does not redeploy either.
func TestStackUpdateRedeployTrap(t *testing.T) {
	const deployed = `Resources:
  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: orders}}
  Orders: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: orders}}
  OrdersGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Orders
      HttpMethod: GET
      AuthorizationType: NONE
      Integration: {Type: MOCK, RequestTemplates: {application/json: '{"statusCode": 200}'}, IntegrationResponses: [{StatusCode: "200"}]}
      MethodResponses: [{StatusCode: "200"}]
  Dep:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [OrdersGet]
    Properties: {RestApiId: !Ref Api, StageName: prod}
`
	reports := `  Reports: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: reports}}
  ReportsGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Reports
      HttpMethod: GET
      AuthorizationType: NONE
      Integration: {Type: MOCK, RequestTemplates: {application/json: '{"statusCode": 200}'}, IntegrationResponses: [{StatusCode: "200"}]}
      MethodResponses: [{StatusCode: "200"}]
`
	for _, tt := range []struct {
		name, template string
		reports        int
		report         string
	}{
		{"unchanged deployment", deployed + reports, 403, "stack update: Dep (AWS::ApiGateway::Deployment) is unchanged"},
		{"description changed in place", strings.Replace(deployed, "StageName: prod}", "StageName: prod, Description: v2}", 1) + reports, 403, "is unchanged"},
		{"new logical id", strings.Replace(deployed, "  Dep:", "  DepV2:", 1) + reports, 200, "stack update: DepV2 (AWS::ApiGateway::Deployment) is new or replaced"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range map[string]string{"deployed.yaml": deployed, "template.yaml": tt.template,
				"ws.yaml": "import:\n  - {template: template.yaml, deployed: deployed.yaml}\n"} {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ws, err := model.Load(filepath.Join(dir, "ws.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(strings.Join(ws.ImportReport, "\n"), tt.report) {
				t.Errorf("import report lacks %q:\n%s", tt.report, strings.Join(ws.ImportReport, "\n"))
			}
			g := exportGateway(t, filepath.Join(dir, "ws.yaml"))
			if r := send(g, "GET", "/prod/reports", ""); r.Status != tt.reports {
				t.Errorf("GET /prod/reports: %d, want %d", r.Status, tt.reports)
			}
			if r := send(g, "GET", "/prod/orders", ""); r.Status != 200 {
				t.Errorf("GET /prod/orders: %d, want 200", r.Status)
			}
		})
	}
}
