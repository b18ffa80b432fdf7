package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"apigwlab/engine"
	"apigwlab/engine/clock"
	"apigwlab/engine/model"
)

func v2Server(t *testing.T) *httptest.Server {
	t.Helper()
	ws, err := model.Parse("ws.yaml", []byte(`
httpApis:
  - name: shop
    routes:
      "GET /hello": {integration: {integrationType: AWS_PROXY, integrationUri: "function:hello", payloadFormatVersion: "2.0", requestParameters: {"overwrite:header.X-Who": "$request.header.Who"}}}
    stages:
      - {stageName: $default, autoDeploy: true}
      - {stageName: prod, stageVariables: {Color: blue}, routeSettings: {"GET /hello": {throttlingBurstLimit: 5}}}
functions:
  - {functionName: hello, returns: "hi"}
`))
	if err != nil {
		t.Fatal(err)
	}
	gw, err := engine.New(ws, engine.Options{Seed: 1, Clock: clock.NewVirtual(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(gw, Options{}))
	t.Cleanup(srv.Close)
	return srv
}

func do(t *testing.T, srv *httptest.Server, method, path, body, host string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if host != "" {
		req.Host = host
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// The apigatewayv2 control plane answers at /v2/apis with the wire's lowerCamel members,
// keeps the user's own map keys, and uses the model's statuses and AWS's error shape.
func TestControlPlaneV2Wire(t *testing.T) {
	srv := v2Server(t)
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		errType, want            string
	}{
		{"get-stage: lowerCamel members, the user's keys kept", "GET", "/v2/apis/shop/stages/prod", "", 200, "",
			`{"createdDate":"2026-03-04T05:06:07+00:00","defaultRouteSettings":{"detailedMetricsEnabled":false},"deploymentId":"3vup9d","lastUpdatedDate":"2026-03-04T05:06:07+00:00","routeSettings":{"GET /hello":{"detailedMetricsEnabled":false,"throttlingBurstLimit":5}},"stageName":"prod","stageVariables":{"Color":"blue"},"tags":{}}`},
		{"get-integrations: items, parameter mappings kept", "GET", "/v2/apis/shop/integrations", "", 200, "",
			`{"items":[{"connectionType":"INTERNET","integrationId":"ed6jo00","integrationMethod":"POST","integrationType":"AWS_PROXY","integrationUri":"function:hello","payloadFormatVersion":"2.0","requestParameters":{"overwrite:header.X-Who":"$request.header.Who"},"timeoutInMillis":30000}]}`},
		{"create-route answers 201", "POST", "/v2/apis/shop/routes", `{"routeKey":"GET /bye","target":"integrations/ed6jo00"}`, 201, "",
			`{"apiKeyRequired":false,"authorizationType":"NONE","routeId":"tiacqku","routeKey":"GET /bye","target":"integrations/ed6jo00"}`},
		{"create-stage with a JSON body's boolean", "POST", "/v2/apis/shop/stages", `{"stageName":"beta","autoDeploy":false}`, 201, "", `"stageName":"beta"`},
		{"delete-stage answers 204 without a body", "DELETE", "/v2/apis/shop/stages/beta", "", 204, "", ""},
		{"an unknown API", "GET", "/v2/apis/nope/routes", "", 404, "NotFoundException", `{"message":"Invalid API identifier specified 123456789012:nope"}`},
		{"an unknown stage", "GET", "/v2/apis/shop/stages/nope", "", 404, "NotFoundException", `{"message":"Invalid stage identifier specified"}`},
		{"a conflict", "POST", "/v2/apis/shop/routes", `{"routeKey":"GET /bye"}`, 409, "ConflictException", `{"message":"Unable to create route. Route key GET /bye already exists for this API"}`},
		{"a bad request", "POST", "/v2/apis/shop/integrations", `{"integrationType":"MOCK"}`, 400, "BadRequestException", `for an HTTP API`},
		{"an operation apigwlab does not answer", "GET", "/v2/vpclinks", "", 404, "NotFoundException", `does not answer GET /v2/vpclinks`},
		{"a method the path does not take", "PUT", "/v2/apis/shop/routes", "", 404, "NotFoundException", `PUT is not supported on /v2/apis/shop/routes`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, srv, tc.method, tc.path, tc.body, "")
			if resp.StatusCode != tc.status || resp.Header.Get("x-amzn-ErrorType") != tc.errType || !strings.Contains(body, tc.want) {
				t.Fatalf("%s %s: %d %q %s\nwant %d %q with %s", tc.method, tc.path, resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"), body, tc.status, tc.errType, tc.want)
			}
			if tc.status == 204 && body != "" {
				t.Fatalf("204 with a body: %q", body)
			}
		})
	}
	// the data plane on the same port: $default (autoDeploy) serves the new route, prod
	// does not until create-deployment
	if resp, body := do(t, srv, "GET", "/bye", "", ""); resp.StatusCode != 200 || body != "hi" {
		t.Errorf("GET /bye on $default: %d %s", resp.StatusCode, body)
	}
	if resp, body := do(t, srv, "GET", "/prod/bye", "", ""); resp.StatusCode != 404 || body != `{"message":"Not Found"}` {
		t.Errorf("GET /prod/bye before create-deployment: %d %s", resp.StatusCode, body)
	}
	if resp, body := do(t, srv, "POST", "/v2/apis/shop/deployments", `{"stageName":"prod"}`, ""); resp.StatusCode != 201 || !strings.Contains(body, `"deploymentStatus":"DEPLOYED"`) {
		t.Fatalf("create-deployment: %d %s", resp.StatusCode, body)
	}
	if resp, body := do(t, srv, "GET", "/prod/bye", "", ""); resp.StatusCode != 200 || body != "hi" {
		t.Errorf("GET /prod/bye after create-deployment: %d %s", resp.StatusCode, body)
	}
}

// ExportApi answers the document itself (not a JSON structure whose keys serve turns);
// ImportApi takes it back as {"body": "…"} with PUT /v2/apis.
func TestControlPlaneV2ExportImport(t *testing.T) {
	srv := v2Server(t)
	resp, doc := do(t, srv, "GET", "/v2/apis/shop/exports/OAS30?outputType=JSON&stageName=prod", "", "")
	if resp.StatusCode != 200 || !strings.Contains(doc, `"title": "shop"`) || !strings.Contains(doc, `"overwrite:header.X-Who": "$request.header.Who"`) ||
		!strings.Contains(doc, `"x-amazon-apigateway-importexport-version": "1.0"`) {
		t.Fatalf("export-api: %d %s", resp.StatusCode, doc)
	}
	resp, yml := do(t, srv, "GET", "/v2/apis/shop/exports/OAS30?outputType=YAML&includeExtensions=false", "", "")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/yaml" || !strings.HasPrefix(yml, "openapi: 3.0.1\n") ||
		strings.Contains(yml, "x-amazon-apigateway") {
		t.Fatalf("export-api YAML without extensions: %d %q %s", resp.StatusCode, resp.Header.Get("Content-Type"), yml)
	}
	body, _ := json.Marshal(map[string]string{"body": strings.Replace(doc, `"title": "shop"`, `"title": "copy"`, 1)})
	resp, out := do(t, srv, "PUT", "/v2/apis", string(body), "")
	if resp.StatusCode != 201 || !strings.Contains(out, `"name":"copy"`) || !strings.Contains(out, `"protocolType":"HTTP"`) {
		t.Fatalf("import-api: %d %s", resp.StatusCode, out)
	}
	if resp, out := do(t, srv, "GET", "/v2/apis/copy/routes", "", ""); resp.StatusCode != 200 || !strings.Contains(out, `"routeKey":"GET /hello"`) {
		t.Errorf("routes of the imported API: %d %s", resp.StatusCode, out)
	}
}

// Authorizer CRUD over the wire: the JSON body's lists and booleans reach the verb, the
// answer is lowerCamel, a referenced authorizer is a 409, the quota a 429 ConflictException.
func TestControlPlaneV2Authorizers(t *testing.T) {
	srv := v2Server(t)
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		errType, want            string
	}{
		{"create-authorizer", "POST", "/v2/apis/shop/authorizers",
			`{"name":"lam","authorizerType":"REQUEST","identitySource":["$request.header.X-Key"],"authorizerUri":"arn:aws:lambda:us-east-1:123456789012:function:hello","authorizerPayloadFormatVersion":"2.0","enableSimpleResponses":true}`,
			201, "", `{"authorizerId":"8zhp0u","authorizerPayloadFormatVersion":"2.0","authorizerResultTtlInSeconds":0,"authorizerType":"REQUEST","authorizerUri":"arn:aws:lambda:us-east-1:123456789012:function:hello","enableSimpleResponses":true,"identitySource":["$request.header.X-Key"],"name":"lam"}`},
		{"update-authorizer", "PATCH", "/v2/apis/shop/authorizers/8zhp0u", `{"authorizerResultTtlInSeconds":60}`,
			200, "", `"authorizerResultTtlInSeconds":60`},
		{"a JWT authorizer's configuration from the body", "POST", "/v2/apis/shop/authorizers",
			`{"name":"j","authorizerType":"JWT","identitySource":["$request.header.Authorization"],"jwtConfiguration":{"audience":["a"],"issuer":"https://example.com"}}`,
			400, "BadRequestException", `{"message":"apigwlab verifies JWTs against the workspace's user pools only: https://example.com is not one`},
		{"a route uses it", "POST", "/v2/apis/shop/routes", `{"routeKey":"GET /locked","authorizationType":"CUSTOM","authorizerId":"8zhp0u"}`,
			201, "", `"authorizerId":"8zhp0u"`},
		{"delete-authorizer in use", "DELETE", "/v2/apis/shop/authorizers/8zhp0u", "",
			409, "ConflictException", `{"message":"Cannot delete authorizer 'lam', is referenced in route: GET /locked"}`},
		{"delete the route", "DELETE", "/v2/apis/shop/routes/GET%20%2Flocked", "", 204, "", ""},
		{"delete-authorizer", "DELETE", "/v2/apis/shop/authorizers/8zhp0u", "", 204, "", ""},
		{"get-authorizer gone", "GET", "/v2/apis/shop/authorizers/8zhp0u", "",
			404, "NotFoundException", `{"message":"Invalid authorizer identifier specified 8zhp0u"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, srv, tc.method, tc.path, tc.body, "")
			if resp.StatusCode != tc.status || resp.Header.Get("x-amzn-ErrorType") != tc.errType || !strings.Contains(body, tc.want) {
				t.Fatalf("%s %s: %d %q %s\nwant %d %q with %s", tc.method, tc.path, resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"), body, tc.status, tc.errType, tc.want)
			}
		})
	}
	for i := range 10 {
		body := `{"name":"a` + string(rune('a'+i)) + `","authorizerType":"REQUEST","identitySource":["$request.header.A"],"authorizerUri":"function:hello","authorizerPayloadFormatVersion":"1.0"}`
		resp, out := do(t, srv, "POST", "/v2/apis/shop/authorizers", body, "")
		if i < 10 && resp.StatusCode != 201 {
			t.Fatalf("authorizer %d: %d %s", i, resp.StatusCode, out)
		}
	}
	resp, out := do(t, srv, "POST", "/v2/apis/shop/authorizers", `{"name":"more","authorizerType":"REQUEST","identitySource":["$request.header.A"],"authorizerUri":"function:hello","authorizerPayloadFormatVersion":"1.0"}`, "")
	if resp.StatusCode != 429 || resp.Header.Get("x-amzn-ErrorType") != "ConflictException" ||
		out != `{"message":"Maximum number of Authorizers for this API has been reached. Please contact AWS if you need additional Authorizers."}` {
		t.Errorf("the 11th authorizer: %d %q %s", resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"), out)
	}
}

// A WebSocket API made over the wire (create-api WEBSOCKET, an integration, a two-way
// route, a deployment and a stage) answers a real WebSocket client on the same port.
func TestControlPlaneV2WebSocketAPI(t *testing.T) {
	ws, err := model.Parse("ws.yaml", []byte("functions:\n  - {functionName: hello, returns: {statusCode: 200, body: hi}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	gw, err := engine.New(ws, engine.Options{Seed: 1, Clock: clock.NewVirtual(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	h := New(gw, Options{})
	srv := httptest.NewServer(h)
	t.Cleanup(func() { h.CloseWebSockets(); srv.Close() })
	resp, body := do(t, srv, "POST", "/v2/apis", `{"name":"chat","protocolType":"WEBSOCKET","routeSelectionExpression":"$request.body.action"}`, "")
	var api struct{ ApiId string }
	if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &api) != nil ||
		body != `{"apiEndpoint":"wss://`+api.ApiId+`.execute-api.us-east-1.amazonaws.com","apiId":"`+api.ApiId+`","apiKeySelectionExpression":"$request.header.x-api-key","createdDate":"2026-03-04T05:06:07+00:00","disableExecuteApiEndpoint":false,"name":"chat","protocolType":"WEBSOCKET","routeSelectionExpression":"$request.body.action","tags":{}}` {
		t.Fatalf("create-api WEBSOCKET: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, srv, "POST", "/v2/apis/chat/integrations", `{"integrationType":"AWS_PROXY","integrationUri":"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:hello/invocations"}`, "")
	var in struct{ IntegrationId string }
	if resp.StatusCode != 201 || json.Unmarshal([]byte(body), &in) != nil ||
		body != `{"connectionType":"INTERNET","integrationId":"`+in.IntegrationId+`","integrationMethod":"POST","integrationType":"AWS_PROXY","integrationUri":"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:hello/invocations","payloadFormatVersion":"1.0","timeoutInMillis":29000}` {
		t.Fatalf("create-integration: %d %s", resp.StatusCode, body)
	}
	for _, step := range []struct{ method, path, body string }{
		{"POST", "/v2/apis/chat/routes", `{"routeKey":"$default","target":"integrations/` + in.IntegrationId + `","routeResponseSelectionExpression":"$default"}`},
		{"POST", "/v2/apis/chat/stages", `{"stageName":"prod"}`},
		{"POST", "/v2/apis/chat/deployments", `{"stageName":"prod"}`},
	} {
		if resp, body := do(t, srv, step.method, step.path, step.body, ""); resp.StatusCode != 201 {
			t.Fatalf("%s %s: %d %s", step.method, step.path, resp.StatusCode, body)
		}
	}
	// models, route responses and integration responses: the user's map keys are kept
	resp, body = do(t, srv, "POST", "/v2/apis/chat/models", `{"name":"Msg","schema":"{\"type\": \"object\"}"}`, "")
	if resp.StatusCode != 201 || !strings.HasPrefix(body, `{"contentType":"application/json","modelId":"`) || !strings.HasSuffix(body, `","name":"Msg","schema":"{\"type\": \"object\"}"}`) {
		t.Errorf("create-model: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, srv, "POST", "/v2/apis/chat/routes/$default/routeresponses", `{"routeResponseKey":"$default","responseModels":{"$default":"Msg"}}`, "")
	if resp.StatusCode != 201 || !strings.HasPrefix(body, `{"responseModels":{"$default":"Msg"},"routeResponseId":"`) {
		t.Errorf("create-route-response: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, srv, "POST", "/v2/apis/chat/integrations", `{"integrationType":"MOCK","requestTemplates":{"$default":"{\"statusCode\": 200}"},"templateSelectionExpression":"\\$default"}`, "")
	if resp.StatusCode != 201 || !strings.Contains(body, `"requestTemplates":{"$default":"{\"statusCode\": 200}"}`) || !strings.Contains(body, `"passthroughBehavior":"WHEN_NO_MATCH"`) {
		t.Errorf("create-integration MOCK: %d %s", resp.StatusCode, body)
	}
	var mock struct{ IntegrationId string }
	_ = json.Unmarshal([]byte(body), &mock)
	resp, body = do(t, srv, "POST", "/v2/apis/chat/integrations/"+mock.IntegrationId+"/integrationresponses", `{"integrationResponseKey":"/2\\d\\d/","responseTemplates":{"$default":"ok"}}`, "")
	if resp.StatusCode != 201 || !strings.HasPrefix(body, `{"integrationResponseId":"`) || !strings.HasSuffix(body, `","integrationResponseKey":"/2\\d\\d/","responseTemplates":{"$default":"ok"}}`) {
		t.Errorf("create-integration-response: %d %s", resp.StatusCode, body)
	}
	if resp, body := do(t, srv, "GET", "/v2/apis/chat/integrations/"+mock.IntegrationId+"/integrationresponses/nope", "", ""); resp.StatusCode != 404 ||
		body != `{"message":"Invalid IntegrationResponse identifier specified nope"}` {
		t.Errorf("get-integration-response nope: %d %s", resp.StatusCode, body)
	}
	do(t, srv, "POST", "/v2/apis", `{"name":"shop","protocolType":"HTTP"}`, "")
	if resp, body := do(t, srv, "POST", "/v2/apis/shop/models", `{"name":"M","schema":"{}"}`, ""); resp.StatusCode != 400 ||
		body != `{"message":"Models are supported only for WebSocket APIs"}` {
		t.Errorf("create-model on an HTTP API: %d %s", resp.StatusCode, body)
	}
	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/prod", http.Header{"Host": {api.ApiId + ".execute-api.us-east-1.amazonaws.com"}})
	if err != nil {
		t.Fatalf("dial the new WebSocket API: %v", err)
	}
	defer c.Close()
	if err := c.WriteMessage(websocket.TextMessage, []byte(`{"action":"x"}`)); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, b, err := c.ReadMessage(); err != nil || string(b) != "hi" {
		t.Errorf("reply: %q %v", b, err)
	}
}
