package engine

import (
	"encoding/json"
	"strings"
	"testing"

	"apigwlab/engine/clock"
	"apigwlab/engine/model"
)

// codeGateway deploys examples/code/code.yaml: JavaScript functions from files beside it.
func codeGateway(t *testing.T, declared bool) *Gateway {
	t.Helper()
	ws, err := model.Load("../examples/code/code.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(ws, Options{Clock: clock.NewVirtual(t0), Seed: 1, DeclaredTime: declared})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	return g
}

func TestJSProxyHandlerReadsQuery(t *testing.T) {
	g := codeGateway(t, false)
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/hello", RawQuery: "name=ada", Header: bearer("alice"), Trace: true})
	var body struct {
		Message, Principal, RequestID string
		Calls                         int
	}
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || r.Status != 200 {
		t.Fatalf("%d %s (%v)", r.Status, r.Body, err)
	}
	if body.Message != "hello ada" || body.Principal != "user-alice" || body.RequestID != r.Header.Value("x-amzn-RequestId") || body.Calls != 1 {
		t.Fatalf("body %s", r.Body)
	}
	// console.log reaches the integration hop and the execution log.
	hop := r.Trace.Hops[len(r.Trace.Hops)-1]
	if got := hop.Get("log"); !strings.HasSuffix(got, "  INFO  hello ada (call 1 of this environment)") {
		t.Errorf("integration hop log = %q (hops %+v)", got, r.Trace.Hops)
	}
	found := false
	for _, l := range r.Trace.Log {
		found = found || strings.HasPrefix(l.Text, "/aws/lambda/hello ") && strings.HasSuffix(l.Text, "hello ada (call 1 of this environment)")
	}
	if !found {
		t.Errorf("execution log lacks the function's line: %+v", r.Trace.Log)
	}
	// The environment is warm now: the module's counter goes on.
	r = g.Invoke(&Request{Method: "GET", Path: "/prod/hello", RawQuery: "name=bob", Header: bearer("alice")})
	if !strings.Contains(r.Body, `"message":"hello bob"`) || !strings.Contains(r.Body, `"calls":2`) {
		t.Fatalf("second call: %d %s", r.Status, r.Body)
	}
}

// The cached-policy trap on code: the authorizer allows exactly its methodArn, the policy
// is cached under the token for 300 s, so a second path with the same token is denied
// without invoking the function again. Another token is fine.
func TestJSAuthorizerCachedPolicyDeniesSecondPath(t *testing.T) {
	g := codeGateway(t, true)
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/hello", Header: bearer("alice")}); r.Status != 200 {
		t.Fatalf("first call: %d %s", r.Status, r.Body)
	}
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/hello/ada", Header: bearer("alice"), Trace: true})
	if r.Status != 403 || r.Body != `{"Message":"User is not authorized to access this resource"}` {
		t.Fatalf("second path, same token: %d %s", r.Status, r.Body)
	}
	if hop := r.Trace.Hops[1]; !strings.HasPrefix(hop.Get("cache"), "hit") || hop.Get("log") != "" {
		t.Errorf("the cached policy should be reused without running the function: %+v", hop.Facts)
	}
	r = g.Invoke(&Request{Method: "GET", Path: "/prod/hello/ada", Header: bearer("bob")})
	if r.Status != 200 || r.Body != `{"greeting":"hi ada"}` {
		t.Fatalf("other token: %d %s", r.Status, r.Body)
	}
	// Custom integration: the thrown error's message selects the 400 response.
	r = g.Invoke(&Request{Method: "GET", Path: "/prod/hello/Ada1", Header: bearer("carol")})
	if r.Status != 400 || !strings.Contains(r.Body, `"errorMessage":"bad name: Ada1"`) || !strings.Contains(r.Body, `"errorType":"Error"`) {
		t.Fatalf("custom integration error: %d %s", r.Status, r.Body)
	}
	// Throwing exactly "Unauthorized" is 401.
	r = g.Invoke(&Request{Method: "GET", Path: "/prod/hello", Header: bearer("deny")})
	if r.Status != 401 || r.Body != `{"message":"Unauthorized"}` {
		t.Fatalf("Unauthorized: %d %s", r.Status, r.Body)
	}
}

func TestJSRequestAuthorizerAndDeclaredLatency(t *testing.T) {
	ws := petsWorkspace()
	api := ws.RestAPIs[0]
	api.Authorizers = []*model.Authorizer{{Name: "req", Type: "REQUEST", AuthorizerURI: "function:reqauth",
		IdentitySource: "method.request.querystring.key"}}
	api.Resources[0].Methods[0].AuthorizationType, api.Resources[0].Methods[0].AuthorizerID = "CUSTOM", "req"
	ws.Functions = append(ws.Functions, &model.Function{FunctionName: "reqauth", Behavior: model.Behavior{Latency: ms(40)},
		Code: model.Code{Runtime: "nodejs20.x", Source: `exports.handler = async (e) => ({principalId: e.queryStringParameters.key,
  policyDocument: {Version: "2012-10-17", Statement: [{Action: "execute-api:Invoke",
    Effect: e.queryStringParameters.key === "good" ? "Allow" : "Deny", Resource: e.methodArn}]}});`}})
	g, err := New(ws, Options{Clock: clock.NewVirtual(t0), Seed: 1, DeclaredTime: true})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets", RawQuery: "key=good", Trace: true})
	if r.Status != 200 || r.Trace.Hops[1].Duration != ms(40).Fixed {
		t.Fatalf("good key: %d %s, authorizer hop %+v", r.Status, r.Body, r.Trace.Hops[1])
	}
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets", RawQuery: "key=bad"}); r.Status != 403 {
		t.Fatalf("bad key: %d %s", r.Status, r.Body)
	}
}

// HTTP APIs call the same function service: a JavaScript Lambda authorizer with simple
// responses (payload 2.0) and a JavaScript handler answering a plain string.
func TestJSOnHTTPAPI(t *testing.T) {
	ws, err := model.Parse("http.yaml", []byte(`apiVersion: apigwlab/v1
httpApis:
  - name: shop
    authorizers:
      - name: lam
        authorizerType: REQUEST
        authorizerUri: function:auth
        authorizerPayloadFormatVersion: "2.0"
        enableSimpleResponses: true
        identitySource: ["$request.header.Authorization"]
    routes:
      "GET /hello":
        authorizationType: CUSTOM
        authorizerId: lam
        integration: {integrationType: AWS_PROXY, integrationUri: "function:hello", payloadFormatVersion: "2.0"}
    stages:
      - {stageName: $default, autoDeploy: true}
functions:
  - functionName: auth
    code: |
      exports.handler = async (event) => ({ isAuthorized: event.headers.authorization === "letmein", context: { who: "ada" } });
  - functionName: hello
    code: |
      exports.handler = async (event) => "hello " + (event.queryStringParameters?.name ?? "world") + " (" + event.requestContext.authorizer.lambda.who + ")";
`))
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(ws, Options{Clock: clock.NewVirtual(t0), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	r := g.Invoke(&Request{Method: "GET", Path: "/hello", RawQuery: "name=bob", Header: bearer("letmein")})
	if r.Status != 200 || r.Body != "hello bob (ada)" {
		t.Fatalf("allowed: %d %s", r.Status, r.Body)
	}
	if r := g.Invoke(&Request{Method: "GET", Path: "/hello", Header: bearer("nope")}); r.Status != 403 {
		t.Fatalf("refused: %d %s", r.Status, r.Body)
	}
}
