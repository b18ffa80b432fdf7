package httpapi_test

import (
	"strings"
	"testing"

	"apigwlab/engine"
	"apigwlab/engine/observe"
	"apigwlab/engine/wire"
)

// TestCORSHop: an HTTP API records the same "cors" hop as a REST API (engine/cors.go) —
// what a browser makes of the answer — for preflights the gateway answers from
// corsConfiguration and for actual requests with an Origin, traced only.
func TestCORSHop(t *testing.T) {
	g, _ := gateway(t, `
httpApis:
  - name: web
    corsConfiguration:
      allowOrigins: [https://app.example.com]
      allowMethods: [GET, POST]
      allowHeaders: [Content-Type]
    routes:
      "GET /pets": {integration: {integrationType: AWS_PROXY, integrationUri: "function:pets", payloadFormatVersion: "2.0"}}
functions:
  - {functionName: pets, returns: {statusCode: 200, body: '[]'}}
`)
	const app, evil = "https://app.example.com", "https://evil.example"
	tests := []struct {
		name, method       string
		hdr                []string
		decision, fact, in string // the cors hop's decision, and a fact that must contain in
	}{
		{"preflight allowed", "OPTIONS", []string{"Origin", app, "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"},
			"browser reads it", "why", "preflight answered with Access-Control-Allow-Origin: " + app},
		{"preflight for a method not allowed", "OPTIONS", []string{"Origin", app, "Access-Control-Request-Method", "DELETE"},
			"browser blocks it", "fix", "allowMethods"},
		{"preflight for a header not allowed", "OPTIONS", []string{"Origin", app, "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization"},
			"browser blocks it", "browser reports", "Request header field authorization is not allowed"},
		{"preflight from another origin", "OPTIONS", []string{"Origin", evil, "Access-Control-Request-Method", "GET"},
			"browser blocks it", "fix", "allowOrigins"},
		{"GET allowed", "GET", []string{"Origin", app},
			"browser reads it", "headers", "Access-Control-Allow-Origin: " + app},
		{"GET from another origin", "GET", []string{"Origin", evil},
			"browser blocks it", "browser reports", "No 'Access-Control-Allow-Origin' header"},
		{"404 still carries the headers", "GET", []string{"Origin", app},
			"browser reads it", "why", "request answered with Access-Control-Allow-Origin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := "/pets"
			if strings.HasPrefix(tt.name, "404") {
				path = "/nope"
			}
			req := &engine.Request{Method: tt.method, Path: path, Trace: true}
			for i := 0; i+1 < len(tt.hdr); i += 2 {
				req.Header = append(req.Header, wire.Header{Name: tt.hdr[i], Value: tt.hdr[i+1]})
			}
			resp := g.Invoke(req)
			hop := corsHop(resp.Trace)
			if hop == nil {
				t.Fatalf("no cors hop (status %d)", resp.Status)
			}
			if hop.Decision != tt.decision || hop.Get("origin") != tt.hdr[1] || !strings.Contains(hop.Get(tt.fact), tt.in) {
				t.Fatalf("cors hop %q origin %q %s %q, want %q and %q in %s", hop.Decision, hop.Get("origin"), tt.fact, hop.Get(tt.fact), tt.decision, tt.in, tt.fact)
			}
		})
	}
	// untraced and Origin-less requests record nothing
	if r := g.Invoke(&engine.Request{Method: "GET", Path: "/pets", Trace: true}); corsHop(r.Trace) != nil {
		t.Fatal("a cors hop without an Origin")
	}
}

// TestCORSHopWithoutConfiguration: with no corsConfiguration a browser blocks the answer
// and the fix names corsConfiguration.
func TestCORSHopWithoutConfiguration(t *testing.T) {
	g, _ := gateway(t, `
httpApis:
  - name: web
    routes:
      "GET /pets": {integration: {integrationType: AWS_PROXY, integrationUri: "function:pets", payloadFormatVersion: "2.0"}}
functions:
  - {functionName: pets, returns: {statusCode: 200, headers: {Access-Control-Allow-Origin: "*"}, body: '[]'}}
`)
	r := g.Invoke(&engine.Request{Method: "OPTIONS", Path: "/pets", Trace: true,
		Header: wire.Headers{{Name: "Origin", Value: "https://a.example"}, {Name: "Access-Control-Request-Method", Value: "GET"}}})
	hop := corsHop(r.Trace)
	if r.Status != 404 || hop == nil || hop.Decision != "browser blocks it" || !strings.Contains(hop.Get("fix"), "corsConfiguration") {
		t.Fatalf("status %d hop %+v", r.Status, hop)
	}
	// without corsConfiguration the function's own CORS headers pass through
	r = g.Invoke(&engine.Request{Method: "GET", Path: "/pets", Trace: true, Header: wire.Headers{{Name: "Origin", Value: "https://a.example"}}})
	if hop := corsHop(r.Trace); hop == nil || hop.Decision != "browser reads it" {
		t.Fatalf("status %d hop %+v", r.Status, hop)
	}
}

func corsHop(t *observe.Trace) *observe.Hop {
	if t == nil {
		return nil
	}
	for _, h := range t.Hops {
		if h.Stage == "cors" {
			return h
		}
	}
	return nil
}
