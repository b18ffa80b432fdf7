package httpapi_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"apigwlab/engine"
	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

var t0 = time.Date(2020, 4, 21, 15, 8, 21, 67e6, time.UTC)

func gateway(t testing.TB, yml string) (*engine.Gateway, *clock.Virtual) {
	t.Helper()
	ws, err := model.Parse("t.yaml", []byte(yml))
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.Validate(); err != nil {
		t.Fatal(err)
	}
	clk := clock.NewVirtual(t0)
	g, err := engine.New(ws, engine.Options{Clock: clk, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	return g, clk
}

func invoke(g *engine.Gateway, method, path string, hdr ...string) *engine.Response {
	req := &engine.Request{Method: method, Path: path}
	if p, q, ok := strings.Cut(path, "?"); ok {
		req.Path, req.RawQuery = p, q
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header = append(req.Header, wire.Header{Name: hdr[i], Value: hdr[i+1]})
	}
	return g.Invoke(req)
}

const lambdaRoute = `{integrationType: AWS_PROXY, integrationUri: "function:%s", payloadFormatVersion: "2.0"}`

func route(fn string) string { return strings.Replace(lambdaRoute, "%s", fn, 1) }

// The documented route-priority example (aws-facts-v2 fact 12) and 404s (facts 15, 16).
func TestRoutePriority(t *testing.T) {
	g, _ := gateway(t, `
httpApis:
  - name: pets
    routes:
      "GET /pets/dog/1": {integration: `+route("a")+`}
      "GET /pets/dog/{id}": {integration: `+route("a")+`}
      "GET /pets/{proxy+}": {integration: `+route("a")+`}
      "ANY /{proxy+}": {integration: `+route("a")+`}
      "$default": {integration: `+route("a")+`}
  - name: bare
    routes:
      "GET /pets": {integration: `+route("a")+`}
functions:
  - {functionName: a, returns: ok}
`)
	for _, tc := range []struct{ method, path, api, want string }{
		{"GET", "/pets/dog/1", "pets", "GET /pets/dog/1"},
		{"GET", "/pets/dog/2", "pets", "GET /pets/dog/{id}"},
		{"GET", "/pets/cat/1", "pets", "GET /pets/{proxy+}"},
		{"POST", "/test/5", "pets", "ANY /{proxy+}"},
		{"GET", "/", "pets", "$default"},
		{"GET", "/pets", "bare", "GET /pets"},
	} {
		r := g.Invoke(&engine.Request{API: tc.api, Method: tc.method, Path: tc.path})
		if r.RouteKey != tc.want || r.Status != 200 {
			t.Errorf("%s %s: route %q status %d, want %q", tc.method, tc.path, r.RouteKey, r.Status, tc.want)
		}
	}
	for _, tc := range []struct{ method, path string }{
		{"POST", "/pets"},    // known path, undefined method: 404, not 403/405 (fact 16)
		{"GET", "/other"},    // no route (fact 15)
		{"GET", "/pets/"},    // trailing slash is significant (fact 11)
		{"GET", "/dev/pets"}, // no stage dev: the $default stage, path /dev/pets (fact 2)
	} {
		r := g.Invoke(&engine.Request{API: "bare", Method: tc.method, Path: tc.path})
		if r.Status != 404 || r.Body != `{"message":"Not Found"}` || r.Header.Value("Content-Type") != "application/json" || r.RouteKey != "" {
			t.Errorf("%s %s: %d %q %v, want 404 Not Found", tc.method, tc.path, r.Status, r.Body, r.Header)
		}
		if id := r.Header.Value("apigw-requestid"); !regexp.MustCompile(`^[A-Za-z0-9_-]{15}=$`).MatchString(id) || id != r.RequestID {
			t.Errorf("apigw-requestid %q (request id %q): want 15 url-safe characters and = (fact 18)", id, r.RequestID)
		}
		if r.Header.Value("x-amzn-RequestId") != "" || r.Header.Value("x-amz-apigw-id") != "" {
			t.Errorf("REST headers on an HTTP API response: %v (fact 17)", r.Header)
		}
	}
}

// Named stages keep their segment in rawPath but not in routeKey; $default is served
// without a segment; no $default stage and an unknown stage is 404 (facts 1–3).
func TestStages(t *testing.T) {
	g, _ := gateway(t, `
httpApis:
  - name: s
    routes:
      "ANY /agents/{proxy+}": {integration: `+route("echo")+`}
    stages:
      - {stageName: dev, stageVariables: {color: blue}}
functions:
  - {functionName: echo, echo: true}
`)
	r := invoke(g, "GET", "/dev/agents/1234")
	var ev map[string]any
	if err := json.Unmarshal([]byte(r.Body), &ev); err != nil {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	rc := ev["requestContext"].(map[string]any)
	if ev["rawPath"] != "/dev/agents/1234" || ev["routeKey"] != "ANY /agents/{proxy+}" || rc["stage"] != "dev" || rc["http"].(map[string]any)["path"] != "/dev/agents/1234" {
		t.Errorf("event: %s", r.Body)
	}
	if sv := ev["stageVariables"].(map[string]any); sv["color"] != "blue" {
		t.Errorf("stageVariables %v", sv)
	}
	if r := invoke(g, "GET", "/agents/1"); r.Status != 404 || r.Body != `{"message":"Not Found"}` {
		t.Errorf("no $default stage: %d %s", r.Status, r.Body)
	}
}

// The 2.0 event byte-compared with AWS's captured event (aws/aws-lambda-go
// events/testdata/apigw-v2-request-no-authorizer.json, a real HTTP API request from 2020,
// minus requestContext.authentication, which only mutual TLS adds). Ids and the trace root
// are the simulator's own; everything else must be byte-identical.
func TestEventV2MatchesCapture(t *testing.T) {
	g, _ := gateway(t, `
region: us-west-2
httpApis:
  - name: cap
    apiId: aaaaaaaaaa
    routes:
      "$default": {integration: `+route("echo")+`}
functions:
  - {functionName: echo, echo: true}
`)
	r := g.Invoke(&engine.Request{Method: "GET", Path: "/", SourceIP: "1.2.3.4",
		Header: wire.Headers{{Name: "Accept", Value: "*/*"}, {Name: "User-Agent", Value: "curl/7.58.0"}}})
	var compact bytes.Buffer
	if err := json.Compact(&compact, []byte(capturedV2Event)); err != nil {
		t.Fatal(err)
	}
	exp := compact.String()
	var ev struct {
		Headers        map[string]string `json:"headers"`
		RequestContext struct {
			RequestID string `json:"requestId"`
		} `json:"requestContext"`
	}
	if err := json.Unmarshal([]byte(r.Body), &ev); err != nil {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	exp = strings.ReplaceAll(exp, "LV7fzho-PHcEJPw=", ev.RequestContext.RequestID)
	exp = strings.ReplaceAll(exp, "Root=1-5e9f0c65-1de4d666d4dd26aced652b6c", ev.Headers["x-amzn-trace-id"])
	if r.Body != exp {
		t.Errorf("event differs from AWS's capture:\n got %s\nwant %s", r.Body, exp)
	}
	if !strings.HasPrefix(ev.Headers["x-amzn-trace-id"], "Root=1-5e9f0c65-") {
		t.Errorf("trace root %q: want the request's epoch seconds 5e9f0c65", ev.Headers["x-amzn-trace-id"])
	}
}

// Decoding, joining and cookies (facts 10, 24–27).
func TestEventV2Details(t *testing.T) {
	g, _ := gateway(t, `
httpApis:
  - name: d
    routes:
      "POST /users/{name}/orders/{order}": {integration: `+route("echo")+`}
functions:
  - {functionName: echo, echo: true}
`)
	req := &engine.Request{Method: "POST", Path: "/users/John%20Doe/orders/Summer%20Sale%202023",
		RawQuery: "q=Hello%20World&tag=C%23%20Programming&tag=.NET%20Core",
		Header: wire.Headers{{Name: "x-custom-Header", Value: "a"}, {Name: "X-Custom-Header", Value: "b"},
			{Name: "Cookie", Value: "session=abc123; theme=dark"}, {Name: "Content-Type", Value: "application/octet-stream"}},
		Body: "\x01\x02\x03\x04\x05"}
	r := g.Invoke(req)
	var ev map[string]any
	if err := json.Unmarshal([]byte(r.Body), &ev); err != nil {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	check := func(name string, got, want any) {
		t.Helper()
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Errorf("%s = %s, want %s", name, g, w)
		}
	}
	h := ev["headers"].(map[string]any)
	check("rawPath", ev["rawPath"], "/users/John Doe/orders/Summer Sale 2023")
	check("rawQueryString", ev["rawQueryString"], "q=Hello%20World&tag=C%23%20Programming&tag=.NET%20Core")
	check("queryStringParameters", ev["queryStringParameters"], map[string]string{"q": "Hello World", "tag": "C# Programming,.NET Core"})
	check("pathParameters", ev["pathParameters"], map[string]string{"name": "John Doe", "order": "Summer Sale 2023"})
	check("cookies", ev["cookies"], []string{"session=abc123", "theme=dark"})
	check("x-custom-header", h["x-custom-header"], "a,b")
	check("cookie header", h["cookie"], nil)
	check("body", ev["body"], "AQIDBAU=")
	check("isBase64Encoded", ev["isBase64Encoded"], true)
	check("content-length", h["content-length"], "5")
}

// Payload 1.0 on an HTTP API (facts 31–34): the captured event's keys, in its order.
func TestEventV1(t *testing.T) {
	g, _ := gateway(t, `
httpApis:
  - name: v1
    routes:
      "ANY /data_recorder_01": {integration: {integrationType: AWS_PROXY, integrationUri: "function:echo", payloadFormatVersion: "1.0"}}
    stages: [{stageName: sandbox}]
functions:
  - {functionName: echo, echo: true}
`)
	r := g.Invoke(&engine.Request{Method: "POST", Path: "/sandbox/data_recorder_01", RawQuery: "tag=important&tag=urgent",
		Header: wire.Headers{{Name: "content-type", Value: "application/json"}, {Name: "accept", Value: "*/*"}}, Body: `{"Message": "Test123"}`})
	keys := regexp.MustCompile(`^\{"version":"1.0","resource":"/data_recorder_01","path":"/sandbox/data_recorder_01","httpMethod":"POST","headers":\{"Content-Length":"22","Content-Type":"application/json","Host":"[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com","X-Amzn-Trace-Id":"Root=1-[0-9a-f]{8}-[0-9a-f]{24}","X-Forwarded-For":"203\.0\.113\.10","X-Forwarded-Port":"443","X-Forwarded-Proto":"https","accept":"\*/\*"\},"multiValueHeaders":\{.*\},"queryStringParameters":\{"tag":"urgent"\},"multiValueQueryStringParameters":\{"tag":\["important","urgent"\]\},"requestContext":\{"accountId":"123456789012","apiId":"[a-z0-9]{10}","domainName":"[^"]+","domainPrefix":"[a-z0-9]{10}","extendedRequestId":"([A-Za-z0-9_-]{15}=)","httpMethod":"POST","identity":\{"accessKey":null,"accountId":null,"caller":null,"cognitoAmr":null,"cognitoAuthenticationProvider":null,"cognitoAuthenticationType":null,"cognitoIdentityId":null,"cognitoIdentityPoolId":null,"principalOrgId":null,"sourceIp":"203\.0\.113\.10","user":null,"userAgent":"","userArn":null\},"path":"/sandbox/data_recorder_01","protocol":"HTTP/1\.1","requestId":"([A-Za-z0-9_-]{15}=)","requestTime":"21/Apr/2020:15:08:21 \+0000","requestTimeEpoch":1587481701067,"resourceId":"ANY /data_recorder_01","resourcePath":"/data_recorder_01","stage":"sandbox"\},"pathParameters":null,"stageVariables":null,"body":"\{\\"Message\\": \\"Test123\\"\}","isBase64Encoded":false\}$`)
	if !keys.MatchString(r.Body) {
		t.Errorf("1.0 event:\n%s", r.Body)
	}
}

// Lambda results (facts 35–42) and integration failures (§5).
func TestLambdaResponses(t *testing.T) {
	g, _ := gateway(t, `
httpApis:
  - name: r
    routes:
      "GET /string": {integration: `+route("str")+`}
      "GET /object": {integration: `+route("obj")+`}
      "GET /plain": {integration: `+route("plain")+`}
      "GET /xml": {integration: `+route("xml")+`}
      "GET /zero": {integration: `+route("zero")+`}
      "GET /float": {integration: `+route("float")+`}
      "GET /b64": {integration: `+route("b64")+`}
      "GET /cookies": {integration: `+route("cookies")+`}
      "GET /raise": {integration: `+route("raise")+`}
      "GET /throttled": {integration: `+route("throttled")+`}
      "GET /slow": {integration: `+route("slow")+`}
      "GET /short": {integration: {integrationType: AWS_PROXY, integrationUri: "function:medium", payloadFormatVersion: "2.0", timeoutInMillis: 1000}}
      "GET /v1zero": {integration: {integrationType: AWS_PROXY, integrationUri: "function:obj", payloadFormatVersion: "1.0"}}
      "GET /v1merge": {integration: {integrationType: AWS_PROXY, integrationUri: "function:merge", payloadFormatVersion: "1.0"}}
functions:
  - {functionName: str, returns: "Hello from Lambda!"}
  - {functionName: obj, returns: {message: "Hello from Lambda!"}}
  - {functionName: plain, returns: {statusCode: 200, body: '"Hello from Lambda!"'}}
  - {functionName: xml, returns: {statusCode: 201, headers: {Content-Type: application/xml, myheader: "test,shouldhavesecondvalue"}, body: '{"a":1}'}}
  - {functionName: zero, returns: {statusCode: 0, body: x}}
  - {functionName: float, returns: {statusCode: 200.5, body: x}}
  - {functionName: b64, returns: {statusCode: 200, body: SGVsbG8=, isBase64Encoded: true}}
  - {functionName: cookies, returns: {statusCode: 200, cookies: ["a=1", "b=2; Secure"], body: ok}}
  - {functionName: raise, error: {errorMessage: boom}}
  - {functionName: throttled, reservedConcurrency: 0, returns: ok}
  - {functionName: slow, latency: 31s, returns: ok}
  - {functionName: medium, latency: 2s, returns: ok}
  - {functionName: merge, returns: {statusCode: 200, headers: {Combined-Header: single-value}, multiValueHeaders: {Combined-Header: [multi-value1, multi-value2]}}}
`)
	const ise = `{"message":"Internal Server Error"}`
	const su = `{"message":"Service Unavailable"}`
	for _, tc := range []struct {
		path, body, ctype string
		status            int
	}{
		{"/string", "Hello from Lambda!", "application/json", 200},
		{"/object", `{"message":"Hello from Lambda!"}`, "application/json", 200},
		{"/plain", `"Hello from Lambda!"`, "text/plain; charset=utf-8", 200},
		{"/xml", `{"a":1}`, "application/xml", 201},
		{"/zero", ise, "application/json", 500},
		{"/float", ise, "application/json", 500},
		{"/b64", "Hello", "text/plain; charset=utf-8", 200},
		{"/raise", ise, "application/json", 500},
		{"/throttled", su, "application/json", 503},
		{"/slow", su, "application/json", 503},
		{"/short", su, "application/json", 503},
		{"/v1zero", ise, "application/json", 500},
	} {
		r := invoke(g, "GET", tc.path)
		if r.Status != tc.status || r.Body != tc.body || r.Header.Value("Content-Type") != tc.ctype {
			t.Errorf("%s: %d %q %q, want %d %q %q", tc.path, r.Status, r.Body, r.Header.Value("Content-Type"), tc.status, tc.body, tc.ctype)
		}
	}
	if len(ise) != 35 || len(su) != 33 {
		t.Fatal("body lengths")
	}
	if r := invoke(g, "GET", "/xml"); r.Header.Value("myheader") != "test,shouldhavesecondvalue" {
		t.Errorf("header with commas: %v", r.Header)
	}
	if r := invoke(g, "GET", "/cookies"); strings.Join(r.Header.Values("Set-Cookie"), "|") != "a=1|b=2; Secure" {
		t.Errorf("cookies: %v", r.Header)
	}
	if r := invoke(g, "GET", "/v1merge"); r.Header.Value("Combined-Header") != "single-value, multi-value1, multi-value2" {
		t.Errorf("1.0 merged headers: %v", r.Header)
	}
	if r := invoke(g, "GET", "/slow"); r.Latency != 30*time.Second || r.GatewayResponse != "INTEGRATION_TIMEOUT" {
		t.Errorf("timeout after %v (%s), want 30s", r.Latency, r.GatewayResponse)
	}
}

// capturedV2Event is the HTTP API 2.0 event AWS delivered for a GET / in 2020, as aws/aws-lambda-go's
// events test data records it (apigw-v2-request-no-authorizer.json), without
// requestContext.authentication (only mutual TLS adds it).
const capturedV2Event = `{
    "version": "2.0",
    "routeKey": "$default",
    "rawPath": "/",
    "rawQueryString": "",
    "headers": {
        "accept": "*/*",
        "content-length": "0",
        "host": "aaaaaaaaaa.execute-api.us-west-2.amazonaws.com",
        "user-agent": "curl/7.58.0",
        "x-amzn-trace-id": "Root=1-5e9f0c65-1de4d666d4dd26aced652b6c",
        "x-forwarded-for": "1.2.3.4",
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https"
    },
    "requestContext": {
        "accountId": "123456789012",
        "apiId": "aaaaaaaaaa",
        "domainName": "aaaaaaaaaa.execute-api.us-west-2.amazonaws.com",
        "domainPrefix": "aaaaaaaaaa",
        "http": {
            "method": "GET",
            "path": "/",
            "protocol": "HTTP/1.1",
            "sourceIp": "1.2.3.4",
            "userAgent": "curl/7.58.0"
        },
        "requestId": "LV7fzho-PHcEJPw=",
        "routeKey": "$default",
        "stage": "$default",
        "time": "21/Apr/2020:15:08:21 +0000",
        "timeEpoch": 1587481701067
    },
    "isBase64Encoded": false
}`
