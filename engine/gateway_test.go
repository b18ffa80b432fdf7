package engine

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

var t0 = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

func ms(n int) *model.Latency { return &model.Latency{Fixed: time.Duration(n) * time.Millisecond} }

func lambdaMethod(verb, typ, uri string) *model.Method {
	return &model.Method{HTTPMethod: verb, Integration: &model.Integration{Type: typ, URI: uri, HTTPMethod: "POST"}}
}

// petsWorkspace is the fixture most tests use: a REST API "pets" with a prod stage.
func petsWorkspace() *model.Workspace {
	return &model.Workspace{
		RestAPIs: []*model.RestAPI{{
			Name: "pets",
			Resources: []*model.Resource{
				{Path: "/pets", Methods: []*model.Method{lambdaMethod("GET", model.IntegrationAWSProxy, "function:listPets")}},
				{Path: "/pets/{petId}", Methods: []*model.Method{lambdaMethod("GET", model.IntegrationAWSProxy, "function:${stageVariables.fn}")}},
				{Path: "/echo/{proxy+}", Methods: []*model.Method{lambdaMethod("ANY", model.IntegrationAWSProxy, "function:echo")}},
				{Path: "/bad", Methods: []*model.Method{lambdaMethod("GET", model.IntegrationAWSProxy, "function:malformed")}},
				{Path: "/boom", Methods: []*model.Method{lambdaMethod("GET", model.IntegrationAWSProxy, "function:boom")}},
				{Path: "/slow", Methods: []*model.Method{lambdaMethod("GET", model.IntegrationAWSProxy, "function:slow")}},
				{Path: "/custom", Methods: []*model.Method{{HTTPMethod: "POST", Integration: &model.Integration{
					Type: model.IntegrationAWS, URI: "function:boom", HTTPMethod: "POST",
					IntegrationResponses: []*model.IntegrationResponse{
						{StatusCode: "200"},
						{StatusCode: "404", SelectionPattern: ".*not found.*"},
					}}}}},
				{Path: "/mock", Methods: []*model.Method{{HTTPMethod: "GET", Integration: &model.Integration{
					Type:             model.IntegrationMock,
					RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
					IntegrationResponses: []*model.IntegrationResponse{{StatusCode: "200",
						ResponseTemplates:  map[string]string{"application/json": `{"ok": true}`},
						ResponseParameters: map[string]string{"method.response.header.X-Mock": "'yes'"}}},
				}}}},
			},
			Stages: []*model.Stage{{StageName: "prod", Variables: map[string]string{"fn": "getPet"}}},
		}},
		Functions: []*model.Function{
			{FunctionName: "listPets", Behavior: model.Behavior{Latency: ms(20),
				Returns: map[string]any{"statusCode": float64(200), "body": `[{"id":1}]`}}},
			{FunctionName: "getPet", Behavior: model.Behavior{Latency: ms(5),
				Returns: map[string]any{"statusCode": "201", "headers": map[string]any{"X-Pet": true}, "body": `{"id":7}`}}},
			{FunctionName: "echo", Behavior: model.Behavior{Echo: true}},
			{FunctionName: "malformed", Behavior: model.Behavior{Returns: map[string]any{"statusCode": float64(200), "wrongValue": "value"}}},
			{FunctionName: "boom", Behavior: model.Behavior{Error: &model.FunctionError{ErrorMessage: "pet not found", ErrorType: "NotFound"}}},
			{FunctionName: "slow", Behavior: model.Behavior{Latency: ms(31000), Returns: map[string]any{"statusCode": float64(200)}}},
		},
	}
}

func newGateway(t testing.TB, ws *model.Workspace) *Gateway {
	t.Helper()
	g, err := New(ws, Options{Clock: clock.NewVirtual(t0), Seed: 42})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return g
}

func TestInvokeAnswersAsAWS(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	tests := []struct {
		name         string
		method, path string
		wantStatus   int
		wantBody     string
		wantHeaders  map[string]string
		wantResponse string // gateway response type
	}{
		{"proxy integration returns the function's body", "GET", "/prod/pets", 200, `[{"id":1}]`,
			map[string]string{"Content-Type": "application/json"}, ""},
		{"string statusCode and boolean header are accepted", "GET", "/prod/pets/7", 201, `{"id":7}`,
			map[string]string{"X-Pet": "true"}, ""},
		{"trailing slash matches the resource", "GET", "/prod/pets/", 200, `[{"id":1}]`, nil, ""},
		{"unknown path is 403 Missing Authentication Token", "GET", "/prod/nope", 403,
			`{"message":"Missing Authentication Token"}`,
			map[string]string{"x-amzn-ErrorType": "MissingAuthenticationTokenException", "Content-Type": "application/json"},
			"MISSING_AUTHENTICATION_TOKEN"},
		{"unknown method is 403 too, not 405", "DELETE", "/prod/pets", 403, `{"message":"Missing Authentication Token"}`, nil, "MISSING_AUTHENTICATION_TOKEN"},
		{"unknown stage is 403", "GET", "/dev/pets", 403, `{"message":"Missing Authentication Token"}`, nil, "MISSING_AUTHENTICATION_TOKEN"},
		{"no stage at all is 403", "GET", "/", 403, `{"message":"Missing Authentication Token"}`, nil, "MISSING_AUTHENTICATION_TOKEN"},
		{"malformed proxy response is 502", "GET", "/prod/bad", 502, `{"message": "Internal server error"}`,
			map[string]string{"x-amzn-ErrorType": "InternalServerErrorException"}, "DEFAULT_5XX"},
		{"function error in a proxy integration is 502", "GET", "/prod/boom", 502, `{"message": "Internal server error"}`, nil, "DEFAULT_5XX"},
		{"latency over 29 s is 504", "GET", "/prod/slow", 504, `{"message": "Endpoint request timed out"}`,
			map[string]string{"x-amzn-ErrorType": "InternalServerErrorException"}, "INTEGRATION_TIMEOUT"},
		{"custom integration maps errorMessage with selectionPattern", "POST", "/prod/custom", 404,
			`{"errorMessage":"pet not found","errorType":"NotFound","stackTrace":[]}`, nil, ""},
		{"MOCK picks the response by statusCode", "GET", "/prod/mock", 200, `{"ok": true}`,
			map[string]string{"X-Mock": "yes"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := g.Invoke(&Request{Method: tt.method, Path: tt.path})
			if resp.Status != tt.wantStatus || resp.Body != tt.wantBody {
				t.Fatalf("got %d %s, want %d %s", resp.Status, resp.Body, tt.wantStatus, tt.wantBody)
			}
			for k, v := range tt.wantHeaders {
				if got := resp.Header.Value(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			if resp.GatewayResponse != tt.wantResponse {
				t.Errorf("gateway response = %q, want %q", resp.GatewayResponse, tt.wantResponse)
			}
			if id := resp.Header.Value("x-amzn-RequestId"); len(id) != 36 || id != resp.RequestID {
				t.Errorf("x-amzn-RequestId = %q", id)
			}
			if id := resp.Header.Value("x-amz-apigw-id"); len(id) != 16 || !strings.HasSuffix(id, "=") {
				t.Errorf("x-amz-apigw-id = %q", id)
			}
		})
	}
}

func TestTimeoutLatencyIsTheIntegrationTimeout(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	resp := g.Invoke(&Request{Method: "GET", Path: "/prod/slow", Trace: true})
	if resp.Latency != 29*time.Second || resp.IntegrationLatency != 29*time.Second {
		t.Fatalf("latency %v / integration %v, want 29s", resp.Latency, resp.IntegrationLatency)
	}
	if !hasLog(resp, "Execution failed due to a timeout error") {
		t.Fatalf("log lacks the timeout line: %v", resp.Trace.Log)
	}
}

func hasLog(r *Response, text string) bool {
	for _, l := range r.Trace.Log {
		if strings.Contains(l.Text, text) {
			return true
		}
	}
	return false
}

func TestMalformedResponseIsLoggedAsAWSDoes(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	resp := g.Invoke(&Request{Method: "GET", Path: "/prod/bad", Trace: true})
	if !hasLog(resp, "Execution failed due to configuration error: Malformed Lambda proxy response") {
		t.Fatalf("log: %v", resp.Trace.Log)
	}
	if !hasLog(resp, "Method completed with status: 502") {
		t.Fatalf("log: %v", resp.Trace.Log)
	}
	last := resp.Trace.Hops[len(resp.Trace.Hops)-1]
	if last.Stage != "gateway response" || last.Get("responseType") != "DEFAULT_5XX" {
		t.Fatalf("last hop = %+v", last)
	}
}

func TestProxyEventShape(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	resp := g.Invoke(&Request{Method: "POST", Path: "/prod/echo/a/b%2Bc/", RawQuery: "x=1&x=2&y=hello+world",
		Header: wire.Headers{{Name: "tEsT-HEADeR", Value: "v"}, {Name: "Content-Type", Value: "application/json"}},
		Body:   `{"name":"Rex"}`})
	if resp.Status != 200 {
		t.Fatalf("status %d body %s", resp.Status, resp.Body)
	}
	var ev map[string]any
	if err := json.Unmarshal([]byte(resp.Body), &ev); err != nil {
		t.Fatalf("echo body is not the event: %v\n%s", err, resp.Body)
	}
	want := map[string]any{
		"resource": "/echo/{proxy+}", "path": "/echo/a/b%2Bc/", "httpMethod": "POST", "body": `{"name":"Rex"}`,
		"isBase64Encoded": false, "stageVariables": map[string]any{"fn": "getPet"},
		"pathParameters":                  map[string]any{"proxy": "a/b%2Bc"},
		"queryStringParameters":           map[string]any{"x": "2", "y": "hello world"},
		"multiValueQueryStringParameters": map[string]any{"x": []any{"1", "2"}, "y": []any{"hello world"}},
	}
	for k, v := range want {
		if got, _ := json.Marshal(ev[k]); string(got) != mustJSON(v) {
			t.Errorf("%s = %s, want %s", k, got, mustJSON(v))
		}
	}
	hdr := ev["headers"].(map[string]any)
	if hdr["tEsT-HEADeR"] != "v" || hdr["X-Forwarded-Proto"] != "https" {
		t.Errorf("headers = %v", hdr)
	}
	rc := ev["requestContext"].(map[string]any)
	if rc["path"] != "/prod/echo/a/b%2Bc/" || rc["stage"] != "prod" || rc["resourcePath"] != "/echo/{proxy+}" ||
		rc["requestId"] != resp.RequestID || rc["protocol"] != "HTTP/1.1" || rc["requestTime"] != "04/Mar/2026:05:06:07 +0000" {
		t.Errorf("requestContext = %v", rc)
	}
	if _, ok := ev["version"]; ok {
		t.Errorf("REST events have no version key")
	}
}

func TestProxyEventNullsWhenAbsent(t *testing.T) {
	ws := petsWorkspace()
	ws.RestAPIs[0].Stages[0].Variables = nil
	g := newGateway(t, ws)
	resp := g.Invoke(&Request{Method: "GET", Path: "/prod/echo/x"})
	for _, k := range []string{`"queryStringParameters":null`, `"multiValueQueryStringParameters":null`, `"stageVariables":null`, `"body":null`} {
		if !strings.Contains(resp.Body, k) {
			t.Errorf("event lacks %s: %s", k, resp.Body)
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestUndefinedStageVariableInURIIs500(t *testing.T) {
	ws := petsWorkspace()
	ws.RestAPIs[0].Stages[0].Variables = nil
	g := newGateway(t, ws)
	resp := g.Invoke(&Request{Method: "GET", Path: "/prod/pets/7", Trace: true})
	if resp.Status != 500 || resp.Body != `{"message": "Internal server error"}` {
		t.Fatalf("got %d %s", resp.Status, resp.Body)
	}
}

// An integration response selected for a status the method declares no method response
// for fails as AWS does: 500, configuration error (serverless-apigateway-service-proxy#179).
func TestIntegrationResponseWithoutMethodResponseIs500(t *testing.T) {
	withResponses := func(codes ...string) *model.Workspace {
		ws := petsWorkspace()
		for _, r := range ws.RestAPIs[0].Resources {
			if r.Path == "/custom" {
				for _, c := range codes {
					r.Methods[0].MethodResponses = append(r.Methods[0].MethodResponses, &model.MethodResponse{StatusCode: c})
				}
			}
		}
		return ws
	}
	g := newGateway(t, withResponses("200"))
	resp := g.Invoke(&Request{Method: "POST", Path: "/prod/custom", Trace: true})
	if resp.Status != 500 || resp.Body != `{"message": "Internal server error"}` {
		t.Fatalf("got %d %s, want 500 Internal server error", resp.Status, resp.Body)
	}
	logged := false
	for _, l := range resp.Trace.Log {
		logged = logged || strings.Contains(l.Text, "Output mapping refers to an invalid method response: 404")
	}
	if !logged {
		t.Errorf("execution log lacks the configuration error: %v", resp.Trace.Log)
	}
	if resp := newGateway(t, withResponses("200", "404")).Invoke(&Request{Method: "POST", Path: "/prod/custom"}); resp.Status != 404 {
		t.Fatalf("with a 404 method response: got %d %s, want 404", resp.Status, resp.Body)
	}
}

func TestGatewayResponseCustomisation(t *testing.T) {
	ws := petsWorkspace()
	ws.RestAPIs[0].GatewayResponses = map[string]*model.GatewayResponse{
		"MISSING_AUTHENTICATION_TOKEN": {StatusCode: "404",
			ResponseParameters: map[string]string{"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
			ResponseTemplates:  map[string]string{"application/json": `{"error":$context.error.messageString,"type":"$context.error.responseType"}`}},
		"DEFAULT_5XX": {StatusCode: "599"},
	}
	g := newGateway(t, ws)
	resp := g.Invoke(&Request{Method: "GET", Path: "/prod/nope"})
	if resp.Status != 404 || resp.Body != `{"error":"Missing Authentication Token","type":"MISSING_AUTHENTICATION_TOKEN"}` ||
		resp.Header.Value("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("got %d %s %v", resp.Status, resp.Body, resp.Header)
	}
	// DEFAULT_5XX lends its status to 5XX types that are not customised themselves.
	resp = g.Invoke(&Request{Method: "GET", Path: "/prod/slow"})
	if resp.Status != 599 {
		t.Fatalf("timeout with DEFAULT_5XX 599 got %d", resp.Status)
	}
}

func TestRequestTooLarge(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	resp := g.Invoke(&Request{Method: "POST", Path: "/prod/echo/x", Body: strings.Repeat("a", MaxPayload+1)})
	if resp.Status != 413 || resp.Body != "HTTP content length exceeded 10485760 bytes." {
		t.Fatalf("got %d %q", resp.Status, resp.Body[:min(len(resp.Body), 80)])
	}
	// the front door's answer: plain text, no gateway-response or request-id headers (as serve)
	if len(resp.Header) != 1 || resp.Header.Value("Content-Type") != "text/plain" {
		t.Fatalf("headers %v", resp.Header)
	}
}

func TestSameSeedSameIDs(t *testing.T) {
	a := newGateway(t, petsWorkspace()).Invoke(&Request{Method: "GET", Path: "/prod/pets"})
	b := newGateway(t, petsWorkspace()).Invoke(&Request{Method: "GET", Path: "/prod/pets"})
	if a.RequestID != b.RequestID || a.Header.Value("x-amz-apigw-id") != b.Header.Value("x-amz-apigw-id") {
		t.Fatalf("ids differ: %s vs %s", a.RequestID, b.RequestID)
	}
}

func TestHTTPIntegrations(t *testing.T) {
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/slow":
			time.Sleep(200 * time.Millisecond)
		case "/missing":
			w.WriteHeader(404)
			w.Write([]byte(`{"error":"nope"}`))
			return
		}
		w.Header().Set("X-Backend", "yes")
		w.Write([]byte(r.Method + " " + r.URL.RequestURI() + " ua=" + r.Header.Get("User-Agent") + " h=" + r.Header.Get("X-Client")))
	}))
	defer backend.Close()
	ws := &model.Workspace{RestAPIs: []*model.RestAPI{{Name: "web", ID: "abc123defg",
		Resources: []*model.Resource{
			{Path: "/{proxy+}", Methods: []*model.Method{{HTTPMethod: "ANY", Integration: &model.Integration{
				Type: model.IntegrationHTTPProxy, URI: "${stageVariables.backend}/{proxy}", HTTPMethod: "ANY"}}}},
			{Path: "/plain", Methods: []*model.Method{{HTTPMethod: "GET", Integration: &model.Integration{
				Type: model.IntegrationHTTP, URI: backend.URL + "/missing", HTTPMethod: "GET",
				IntegrationResponses: []*model.IntegrationResponse{{StatusCode: "200"}, {StatusCode: "400", SelectionPattern: "4\\d{2}"}}}}}},
			{Path: "/books/{id}", Methods: []*model.Method{{HTTPMethod: "GET", Integration: &model.Integration{
				Type: model.IntegrationHTTPProxy, URI: backend.URL + "/library/{bookId}", HTTPMethod: "GET",
				RequestParameters: map[string]string{"integration.request.path.bookId": "method.request.path.id"}}}}},
			{Path: "/timeout", Methods: []*model.Method{{HTTPMethod: "GET", Integration: &model.Integration{
				Type: model.IntegrationHTTPProxy, URI: backend.URL + "/slow", HTTPMethod: "GET", TimeoutInMillis: 50}}}},
		},
		Stages: []*model.Stage{{StageName: "v1", Variables: map[string]string{"backend": backend.URL}}},
	}}}
	g, err := New(ws, Options{Clock: clock.NewVirtual(t0), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	resp := g.Invoke(&Request{Method: "PUT", Path: "/v1/items/9", RawQuery: "a=1", Header: wire.Headers{{Name: "X-Client", Value: "c"}}})
	if resp.Status != 200 || resp.Body != "PUT /items/9?a=1 ua=AmazonAPIGateway_abc123defg h=c" || resp.Header.Value("X-Backend") != "yes" {
		t.Fatalf("HTTP_PROXY got %d %q %v", resp.Status, resp.Body, resp.Header)
	}
	if resp.Header.Value("x-amzn-Remapped-Date") == "" {
		t.Errorf("backend Date header should be remapped: %v", resp.Header)
	}
	resp = g.Invoke(&Request{Method: "GET", Path: "/v1/books/42"})
	if resp.Status != 200 || !strings.HasPrefix(resp.Body, "GET /library/42 ") {
		t.Fatalf("integration.request.path mapping: %d %q", resp.Status, resp.Body)
	}
	resp = g.Invoke(&Request{Method: "GET", Path: "/v1/plain"})
	if resp.Status != 400 || resp.Body != `{"error":"nope"}` {
		t.Fatalf("HTTP with selectionPattern got %d %q", resp.Status, resp.Body)
	}
	resp = g.Invoke(&Request{Method: "GET", Path: "/v1/timeout"})
	if resp.Status != 504 || resp.Body != `{"message": "Endpoint request timed out"}` {
		t.Fatalf("HTTP timeout got %d %q", resp.Status, resp.Body)
	}
}

func TestCanaryShare(t *testing.T) {
	ws := petsWorkspace()
	ws.RestAPIs[0].Deployments = []*model.Deployment{{ID: "d1"}, {ID: "d2"}}
	st := ws.RestAPIs[0].Stages[0]
	st.DeploymentID = "d1"
	st.CanarySettings = &model.CanarySettings{DeploymentID: "d2", PercentTraffic: 10, StageVariableOverrides: map[string]string{"fn": "listPets"}}
	clk := clock.NewVirtual(t0)
	g, err := New(ws, Options{Clock: clk, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	canary := 0
	for i := 0; i < 2000; i++ {
		clk.Advance(10 * time.Millisecond) // one at a time: no Lambda throttling
		resp := g.Invoke(&Request{Method: "GET", Path: "/prod/pets/1"})
		if resp.Canary {
			canary++
			if resp.Status != 200 || resp.Body != `[{"id":1}]` {
				t.Fatalf("canary request did not use the override: %d %s", resp.Status, resp.Body)
			}
		} else if resp.Status != 201 {
			t.Fatalf("non-canary got %d", resp.Status)
		}
	}
	if canary < 150 || canary > 250 {
		t.Fatalf("canary share %d/2000, want about 10%%", canary)
	}
}

func TestTraceTellsTheStory(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	resp := g.Invoke(&Request{Method: "GET", Path: "/prod/pets/7", Trace: true})
	var stages []string
	for _, h := range resp.Trace.Hops {
		stages = append(stages, h.Stage+":"+h.Decision)
	}
	if got := strings.Join(stages, " "); got != "route:pass throttle:pass integration:pass" {
		t.Fatalf("hops = %s", got)
	}
	route := resp.Trace.Hops[0]
	if route.Get("resource") != "/pets/{petId}" || route.Get("pathParameters") != "{petId=7}" {
		t.Fatalf("route facts = %+v", route.Facts)
	}
	integ := resp.Trace.Hops[2]
	if integ.Get("function") != "arn:aws:lambda:us-east-1:123456789012:function:getPet" {
		t.Fatalf("integration facts = %+v", integ.Facts)
	}
	for _, want := range []string{"Starting execution for request: " + resp.RequestID, "Method request path: {petId=7}",
		"Endpoint request body after transformations: {", "Received response. Status: 200, Integration latency: 5 ms",
		"Successfully completed execution", "Method completed with status: 201"} {
		if !hasLog(resp, want) {
			t.Errorf("log lacks %q:\n%v", want, resp.Trace.Log)
		}
	}
}

func TestMetricsRecorded(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	g.Invoke(&Request{Method: "GET", Path: "/prod/pets"})
	g.Invoke(&Request{Method: "GET", Path: "/prod/bad"})
	g.Invoke(&Request{Method: "GET", Path: "/prod/nope"})
	pts := g.Metrics().Series("pets", "prod")
	if len(pts) != 1 || pts[0].Count != 3 || pts[0].Err5XX != 1 || pts[0].Err4XX != 1 {
		t.Fatalf("metrics = %+v", pts)
	}
}
