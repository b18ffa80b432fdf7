package engine

import (
	"strings"
	"testing"

	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

const origin = "https://shop.example.com"

func corsGateway(t testing.TB) *Gateway {
	t.Helper()
	ws, err := model.Load("../examples/cors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(ws, Options{Clock: clock.NewVirtual(t0), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// withoutIDs drops the per-request id headers so the rest can be compared exactly.
func withoutIDs(h wire.Headers) wire.Headers {
	var out wire.Headers
	for _, x := range h {
		switch x.Name {
		case "x-amzn-RequestId", "x-amz-apigw-id", "X-Amzn-Trace-Id", "X-Cache", "Via", "X-Amz-Cf-Pop", "X-Amz-Cf-Id":
			continue // per request, or CloudFront's (edge_test.go)
		}
		out = append(out, x)
	}
	return out
}

// TestCORSAsTheConsoleBuildsIt drives examples/cors.yaml: the preflight, actual methods with
// proxy and non-proxy integrations, and the gateway's own 403 with and without the
// DEFAULT_4XX CORS headers.
func TestCORSAsTheConsoleBuildsIt(t *testing.T) {
	const allowHeaders = "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token"
	preflight := wire.Headers{{Name: "Origin", Value: origin}, {Name: "Access-Control-Request-Method", Value: "GET"}}
	simple := wire.Headers{{Name: "Origin", Value: origin}}
	json := wire.Header{Name: "Content-Type", Value: "application/json"}
	tests := []struct {
		name         string
		api, method  string
		path, body   string
		header       wire.Headers
		status       int
		wantBody     string
		wantHeader   wire.Headers
		cors, reason string // the trace's cors hop: decision and a fragment of its facts
	}{
		{"preflight answered by the MOCK OPTIONS method", "", "OPTIONS", "/prod/orders", "", preflight, 200, "",
			wire.Headers{json, {Name: "Access-Control-Allow-Headers", Value: allowHeaders},
				{Name: "Access-Control-Allow-Methods", Value: "GET,POST,OPTIONS"}, {Name: "Access-Control-Allow-Origin", Value: "*"}},
			"browser reads it", "preflight answered with Access-Control-Allow-Origin: *"},
		{"proxy function returns the header", "", "GET", "/prod/orders", "", simple, 200, `[{"id":"o-1","total":42}]`,
			wire.Headers{{Name: "Access-Control-Allow-Origin", Value: "*"}, json},
			"browser reads it", "request answered with Access-Control-Allow-Origin: *"},
		{"non-proxy integration response maps it", "", "POST", "/prod/orders", `{}`, simple, 201, `{"id":"o-2","status":"created"}`,
			wire.Headers{json, {Name: "Access-Control-Allow-Origin", Value: "*"}},
			"browser reads it", ""},
		{"proxy function that forgets the header", "", "GET", "/prod/reports", "", simple, 200, `{"orders":1}`,
			wire.Headers{json},
			"browser blocks it", "the function must return Access-Control-Allow-Origin"},
		{"DEFAULT_4XX carries the headers on the gateway's 403", "", "GET", "/prod/nothing", "", simple, 403,
			`{"message":"Missing Authentication Token"}`,
			wire.Headers{json, {Name: "Access-Control-Allow-Headers", Value: allowHeaders}, {Name: "Access-Control-Allow-Origin", Value: "*"},
				{Name: "x-amzn-ErrorType", Value: "MissingAuthenticationTokenException"}},
			"browser reads it", ""},
		{"a resource without OPTIONS fails the preflight even with DEFAULT_4XX", "", "OPTIONS", "/prod/reports", "", preflight, 403,
			`{"message":"Missing Authentication Token"}`,
			wire.Headers{json, {Name: "Access-Control-Allow-Headers", Value: allowHeaders}, {Name: "Access-Control-Allow-Origin", Value: "*"},
				{Name: "x-amzn-ErrorType", Value: "MissingAuthenticationTokenException"}},
			"browser blocks it", "add an OPTIONS method to this resource"},
		{"the CORS error that is really a 403", "legacy", "GET", "/prod/nothing", "", simple, 403,
			`{"message":"Missing Authentication Token"}`,
			wire.Headers{json, {Name: "x-amzn-ErrorType", Value: "MissingAuthenticationTokenException"}},
			"browser blocks it", `403 MissingAuthenticationTokenException {"message":"Missing Authentication Token"}`},
	}
	g := corsGateway(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, trace := range []bool{false, true} {
				r := g.Invoke(&Request{API: tt.api, Method: tt.method, Path: tt.path, Body: tt.body, Header: tt.header, Trace: trace})
				if r.Status != tt.status || r.Body != tt.wantBody {
					t.Fatalf("got %d %q, want %d %q", r.Status, r.Body, tt.status, tt.wantBody)
				}
				if got := withoutIDs(r.Header); !equalHeaders(got, tt.wantHeader) {
					t.Errorf("headers\n got %v\nwant %v", got, tt.wantHeader)
				}
				if !trace {
					continue
				}
				hop := r.Trace.Hops[len(r.Trace.Hops)-1]
				if hop.Stage != "cors" || hop.Decision != tt.cors || hop.Get("origin") != origin {
					t.Fatalf("last hop %+v", hop)
				}
				var facts strings.Builder
				for _, f := range hop.Facts {
					facts.WriteString(f.Key + ": " + f.Value + "\n")
				}
				if !strings.Contains(facts.String(), tt.reason) {
					t.Errorf("cors hop lacks %q:\n%s", tt.reason, facts.String())
				}
			}
		})
	}
}

func equalHeaders(a, b wire.Headers) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCORSHopOnlyForTracedCrossOriginRequests(t *testing.T) {
	g := corsGateway(t)
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/orders", Trace: true})
	for _, h := range r.Trace.Hops {
		if h.Stage == "cors" {
			t.Errorf("a request without Origin got a cors hop: %+v", h)
		}
	}
	req := &Request{Method: "GET", Path: "/prod/nothing", Header: wire.Headers{{Name: "Origin", Value: origin}}}
	if r := g.Invoke(req); r.Trace != nil {
		t.Errorf("an untraced request has a trace")
	}
}

func TestCORSBlockedOriginAndMethod(t *testing.T) {
	tests := []struct {
		allow, methods, reqMethod string
		headers, reqHeaders       string
		blocked                   string
	}{
		{"*", "GET,POST", "PUT", "", "", "Method PUT is not allowed"},
		{"*", "*", "PUT", "", "", ""},
		{"*", "", "GET", "", "", ""}, // GET is CORS-safelisted
		{"https://other.example.com", "GET", "GET", "", "", "that is not equal to the supplied origin"},
		{origin, "GET", "GET", "", "", ""},
		{"*", "GET", "GET", "Content-Type", "content-type,x-api-key", "Request header field x-api-key is not allowed"},
		{"*", "GET", "GET", "Content-Type,X-Api-Key", "content-type,x-api-key", ""},
		{"*", "GET", "GET", "*", "x-api-key", ""},
		{"*", "GET", "GET", "*", "authorization", "Request header field authorization is not allowed"},
	}
	for _, tt := range tests {
		ws := &model.Workspace{RestAPIs: []*model.RestAPI{{Name: "a",
			Resources: []*model.Resource{{Path: "/x", Methods: []*model.Method{{HTTPMethod: "OPTIONS", Integration: &model.Integration{
				Type: model.IntegrationMock, RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
				IntegrationResponses: []*model.IntegrationResponse{{StatusCode: "200", ResponseParameters: map[string]string{
					"method.response.header.Access-Control-Allow-Origin":  "'" + tt.allow + "'",
					"method.response.header.Access-Control-Allow-Methods": "'" + tt.methods + "'",
					"method.response.header.Access-Control-Allow-Headers": "'" + tt.headers + "'",
				}}}},
				MethodResponses: []*model.MethodResponse{{StatusCode: "200", ResponseParameters: map[string]bool{
					"method.response.header.Access-Control-Allow-Origin": false, "method.response.header.Access-Control-Allow-Methods": false,
					"method.response.header.Access-Control-Allow-Headers": false}}},
			}}}},
			Stages: []*model.Stage{{StageName: "prod"}}}}}
		g, err := New(ws, Options{Clock: clock.NewVirtual(t0), Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		h := wire.Headers{{Name: "Origin", Value: origin}, {Name: "Access-Control-Request-Method", Value: tt.reqMethod}}
		if tt.reqHeaders != "" {
			h = append(h, wire.Header{Name: "Access-Control-Request-Headers", Value: tt.reqHeaders})
		}
		r := g.Invoke(&Request{Method: "OPTIONS", Path: "/prod/x", Trace: true, Header: h})
		hop := r.Trace.Hops[len(r.Trace.Hops)-1]
		if r.Status != 200 || hop.Stage != "cors" {
			t.Fatalf("%+v: %d, last hop %+v", tt, r.Status, hop)
		}
		if got := hop.Get("browser reports"); (tt.blocked == "") != (got == "") || !strings.Contains(got, tt.blocked) {
			t.Errorf("%+v: browser reports %q", tt, got)
		}
	}
}

// BenchmarkInvokeCORSOff is a browser's preflight with trace off: the CORS hop is one nil
// check then, whatever the request's headers.
func BenchmarkInvokeCORSOff(b *testing.B) {
	g := corsGateway(b)
	req := &Request{Method: "OPTIONS", Path: "/prod/orders", Header: wire.Headers{{Name: "Origin", Value: origin}}}
	var resp Response
	b.ReportAllocs()
	for b.Loop() {
		g.InvokeInto(req, &resp)
	}
}

// A preflight refused for want of credentials is fixed on the OPTIONS method, not with
// gateway-response headers (which are there already).
func TestCORSPreflightNeedsNoCredentials(t *testing.T) {
	ws, err := model.Parse("k.yaml", []byte(`
restApis:
  - name: orders
    gatewayResponses:
      DEFAULT_4XX: {responseParameters: {gatewayresponse.header.Access-Control-Allow-Origin: "'*'"}}
    resources:
      /orders:
        OPTIONS:
          apiKeyRequired: true
          integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}, integrationResponses: [{statusCode: "200"}]}
    stages: [{stageName: prod}]
`))
	if err != nil {
		t.Fatal(err)
	}
	g := newGateway(t, ws)
	r := g.Invoke(&Request{Method: "OPTIONS", Path: "/prod/orders", Trace: true, Header: wire.Headers{
		{Name: "Origin", Value: origin}, {Name: "Access-Control-Request-Method", Value: "GET"}}})
	hop := r.Trace.Hops[len(r.Trace.Hops)-1]
	if r.Status != 403 || !strings.Contains(hop.Get("browser reports"), "does not have HTTP ok status") ||
		!strings.Contains(hop.Get("fix"), "authorizationType NONE and apiKeyRequired false") {
		t.Fatalf("%d %+v", r.Status, hop.Facts)
	}
}
