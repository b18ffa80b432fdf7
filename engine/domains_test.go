package engine

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"apigwlab/engine/wire"
)

func domainGateway(t *testing.T) *Gateway {
	t.Helper()
	src, err := os.ReadFile("../examples/custom-domain.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// a root mapping on a third domain, beside a base path, to test the longest match
	extra := strings.Replace(string(src), "\nrestApis:", `
  - domainName: both.example.com
    endpointType: REGIONAL
    regionalCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789
    basePathMappings:
      - {basePath: (none), restApiId: orders, stage: prod}
    apiMappings:
      - {apiMappingKey: orders, apiId: shop, stage: $default}

restApis:`, 1)
	return shopHTTP(t, extra)
}

// TestCustomDomainRouting: the Host picks the domain, the longest base path the API and
// stage, the base path is stripped; what the function sees is AWS's.
func TestCustomDomainRouting(t *testing.T) {
	g := domainGateway(t)
	cases := []struct {
		name, host, path string
		status           int
		// from the echoed event (REST: path, requestContext.path, resource; HTTP: rawPath,
		// routeKey), then requestContext.domainName and domainPrefix
		path1, path2, resource, domain, prefix string
	}{
		{"REST base path stripped", "api.example.com", "/orders/items", 200, "/orders/items", "/orders/items", "/items", "api.example.com", "api"},
		{"host with port", "api.example.com:3000", "/orders/items", 200, "/orders/items", "/orders/items", "/items", "api.example.com", "api"},
		{"host case", "API.Example.com", "/orders/items", 200, "/orders/items", "/orders/items", "/items", "API.Example.com", "API"},
		{"HTTP multi-level key", "api.example.com", "/shop/v1/pets/7", 200, "/shop/v1/pets/7", "/shop/v1/pets/7", "GET /pets/{id}", "api.example.com", "api"},
		{"root mapping, stage from the path", "legacy.example.com", "/prod/items", 200, "/prod/items", "/prod/items", "/items", "legacy.example.com", "legacy"},
		{"longest match wins over the root", "both.example.com", "/orders/pets/7", 200, "/orders/pets/7", "/orders/pets/7", "GET /pets/{id}", "both.example.com", "both"},
		{"root catches the rest", "both.example.com", "/items", 200, "/items", "/items", "/items", "both.example.com", "both"},
		{"no mapping matches", "api.example.com", "/nothing/items", 403, "", "", "", "", ""},
		{"a base path is a whole segment", "api.example.com", "/ordersX/items", 403, "", "", "", "", ""},
		{"mapped, but no such resource", "api.example.com", "/orders/nope", 403, "", "", "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := g.Invoke(&Request{Method: "GET", Path: tc.path, Header: wire.Headers{{Name: "Host", Value: tc.host}}})
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Body)
			}
			if tc.status == 403 {
				want := `{"message":"Forbidden"}`
				if tc.name == "mapped, but no such resource" {
					want = `{"message":"Missing Authentication Token"}` // the API answers, as on its default endpoint
				}
				if r.Body != want {
					t.Fatalf("body %s, want %s", r.Body, want)
				}
				if et, _ := r.Header.Get("x-amzn-ErrorType"); tc.name != "mapped, but no such resource" && et != "ForbiddenException" {
					t.Errorf("x-amzn-ErrorType %q", et)
				}
				return
			}
			var ev struct {
				Path, RawPath, Resource, RouteKey string
				RequestContext                    struct {
					Path, DomainName, DomainPrefix string
					HTTP                           struct{ Path string }
				}
			}
			if err := json.Unmarshal([]byte(r.Body), &ev); err != nil {
				t.Fatal(err)
			}
			p1, p2, res := ev.Path, ev.RequestContext.Path, ev.Resource
			if ev.RawPath != "" { // an HTTP API's event
				p1, p2, res = ev.RawPath, ev.RequestContext.HTTP.Path, ev.RouteKey
			}
			got := []string{p1, p2, res, ev.RequestContext.DomainName, ev.RequestContext.DomainPrefix}
			want := []string{tc.path1, tc.path2, tc.resource, tc.domain, tc.prefix}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("path, requestContext path, resource, domainName, domainPrefix:\n got %q\nwant %q", got, want)
			}
		})
	}
}

// TestDisableExecuteAPIEndpoint: the default endpoint answers 403 Forbidden; the custom
// domain still reaches the API; test-invoke-method is not an endpoint and still runs.
func TestDisableExecuteAPIEndpoint(t *testing.T) {
	g := domainGateway(t)
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/items", API: "orders", Trace: true})
	if r.Status != 403 || r.Body != `{"message":"Forbidden"}` {
		t.Fatalf("default endpoint: %d %s", r.Status, r.Body)
	}
	if et, _ := r.Header.Get("x-amzn-ErrorType"); et != "ForbiddenException" {
		t.Errorf("x-amzn-ErrorType %q", et)
	}
	if h := r.Trace.Hops[0]; h.Decision != "answered 403" || !strings.Contains(h.Facts[len(h.Facts)-1].Value, "disableExecuteApiEndpoint") {
		t.Errorf("trace hop %+v", h)
	}
	out := mustExec(t, g, "test-invoke-method --rest-api-id orders --resource-id /items --http-method GET")
	if !strings.Contains(out, `"status": 200`) {
		t.Errorf("test-invoke-method: %s", out)
	}
}

// TestCustomDomainTrace: the custom domain hop comes first and names the mapping.
func TestCustomDomainTrace(t *testing.T) {
	g := domainGateway(t)
	r := g.Invoke(&Request{Method: "GET", Path: "/orders/items", Trace: true, Header: wire.Headers{{Name: "Host", Value: "api.example.com"}}})
	h := r.Trace.Hops[0]
	if h.Stage != "custom domain" || h.Decision != "pass" {
		t.Fatalf("first hop %s %s", h.Stage, h.Decision)
	}
	var facts []string
	for _, f := range h.Facts {
		facts = append(facts, f.Key+": "+f.Value)
	}
	want := "domain: api.example.com|mapping: orders → orders (" + r.APIID + "), stage prod|path: /orders/items → /prod/items (the base path is stripped)"
	if got := strings.Join(facts, "|"); got != want {
		t.Errorf("facts:\n got %s\nwant %s", got, want)
	}
	if r.Trace.Hops[1].Stage != "route" {
		t.Errorf("second hop %s", r.Trace.Hops[1].Stage)
	}
}

// BenchmarkInvokeNoDomains: a workspace without domainNames pays nothing for them; with
// them, the Host lookup.
func BenchmarkInvokeCustomDomain(b *testing.B) {
	src, _ := os.ReadFile("../examples/custom-domain.yaml")
	g := shopHTTP(&testing.T{}, string(src))
	req := &Request{Method: "GET", Path: "/orders/items", Header: wire.Headers{{Name: "Host", Value: "api.example.com"}}}
	var resp Response
	b.ReportAllocs()
	for b.Loop() {
		g.InvokeInto(req, &resp)
	}
}
