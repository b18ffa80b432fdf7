package engine

import (
	"strings"
	"testing"
	"time"

	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// backendYAML exercises simulated HTTP backends through REST HTTP_PROXY, REST HTTP (with
// request parameters and integration responses) and an HTTP API's HTTP_PROXY route.
const backendYAML = `apiVersion: apigwlab/v1
restApis:
  - name: shop
    id: shop000001
    resources:
      /orders/{id}:
        GET:
          integration: {type: HTTP_PROXY, httpMethod: GET, uri: "http://orders.internal/orders/{id}"}
      /echo/{proxy+}:
        ANY:
          integration: {type: HTTP_PROXY, httpMethod: ANY, uri: "http://orders.internal/echo/{proxy}"}
      /mapped/{id}:
        GET:
          requestParameters:
            method.request.path.id: true
            method.request.querystring.color: false
            method.request.header.x-tenant: false
          integration:
            type: HTTP
            httpMethod: GET
            uri: "http://orders.internal/echo/items/{itemId}"
            requestParameters:
              integration.request.path.itemId: method.request.path.id
              integration.request.querystring.colour: method.request.querystring.color
              integration.request.header.X-Tenant-Id: method.request.header.x-tenant
              integration.request.header.X-Source: "'apigw'"
            integrationResponses:
              - statusCode: "200"
      /fail-proxy:
        GET:
          integration: {type: HTTP_PROXY, httpMethod: GET, uri: "http://orders.internal/fail"}
      /fail-passed:
        GET:
          integration:
            type: HTTP
            httpMethod: GET
            uri: "http://orders.internal/fail"
            integrationResponses:
              - statusCode: "200"
      /fail-mapped:
        GET:
          methodResponses:
            - statusCode: "200"
            - statusCode: "503"
          integration:
            type: HTTP
            httpMethod: GET
            uri: "http://orders.internal/fail"
            integrationResponses:
              - statusCode: "200"
              - statusCode: "503"
                selectionPattern: "5\\d{2}"
                responseTemplates: {application/json: '{"error": "orders are unavailable, try again"}'}
      /slow:
        GET:
          integration: {type: HTTP_PROXY, httpMethod: GET, uri: "http://orders.internal/slow", timeoutInMillis: 1000}
      /slow-default:
        GET:
          integration: {type: HTTP_PROXY, httpMethod: GET, uri: "http://orders.internal/very-slow"}
      /unrouted:
        GET:
          integration: {type: HTTP_PROXY, httpMethod: GET, uri: "http://orders.internal/nothing/here"}
      /other-host:
        GET:
          integration: {type: HTTP_PROXY, httpMethod: GET, uri: "https://orders.internal/orders/1"}
    stages:
      - stageName: prod
httpApis:
  - name: shop-http
    routes:
      "GET /orders/{id}": {integration: {integrationType: HTTP_PROXY, integrationMethod: GET, integrationUri: "http://orders.internal/orders/{id}"}}
      "GET /slow": {integration: {integrationType: HTTP_PROXY, integrationMethod: GET, integrationUri: "http://orders.internal/slow", timeoutInMillis: 1000}}
backends:
  - name: orders
    url: http://orders.internal
    latency: 25ms
    routes:
      - method: GET
        path: /orders/{id}
        headers: {Content-Type: application/json, Server: nginx}
        body: {id: 7, item: lamp}
      - path: /echo/{rest+}
        echo: true
      - path: /fail
        status: 500
        headers: {Content-Type: application/json}
        body: '{"error":"db down"}'
      - path: /slow
        latency: 1500ms
        body: late
      - path: /very-slow
        latency: 31s
        body: late
`

func backendGateway(t *testing.T) *Gateway {
	t.Helper()
	ws, err := model.Parse("backends.yaml", []byte(backendYAML))
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(ws, Options{Clock: clock.NewVirtual(t0), Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestSimulatedBackends(t *testing.T) {
	g := backendGateway(t)
	for _, tt := range []struct {
		name, api, method, path, query string
		header                         wire.Headers
		status                         int
		body                           string
		headers                        map[string]string // exact values ("" = absent)
		latency                        time.Duration
	}{
		{name: "HTTP_PROXY passes the backend's answer", path: "/prod/orders/7", status: 200,
			body:    `{"id":7,"item":"lamp"}`,
			headers: map[string]string{"Content-Type": "application/json", "x-amzn-Remapped-Server": "nginx", "x-amzn-Remapped-Content-Length": "22", "Server": "", "Content-Length": ""},
			latency: 25 * time.Millisecond},
		{name: "HTTP_PROXY forwards method, path, query and headers", method: "POST", path: "/prod/echo/a/b", query: "x=1&x=2",
			header: wire.Headers{{Name: "X-Client", Value: "c"}}, status: 200,
			body:    `{"method":"POST","path":"/echo/a/b","query":{"x":"1,2"},"headers":{"Host":"orders.internal","User-Agent":"AmazonAPIGateway_shop000001","X-Amzn-Trace-Id":"TRACE","X-Client":"c","x-amzn-apigateway-api-id":"shop000001"},"body":""}`,
			headers: map[string]string{"Content-Type": "application/json"}, latency: 25 * time.Millisecond},
		{name: "HTTP sends only what requestParameters map", path: "/prod/mapped/9", query: "color=red&size=L",
			header: wire.Headers{{Name: "x-tenant", Value: "acme"}, {Name: "X-Unmapped", Value: "no"}}, status: 200,
			body:    `{"method":"GET","path":"/echo/items/9","query":{"colour":"red"},"headers":{"Accept":"application/json","Host":"orders.internal","User-Agent":"AmazonAPIGateway_shop000001","X-Amzn-Trace-Id":"TRACE","X-Source":"apigw","X-Tenant-Id":"acme","x-amzn-apigateway-api-id":"shop000001"},"body":""}`,
			headers: map[string]string{"Content-Type": "application/json"}, latency: 25 * time.Millisecond},
		{name: "HTTP_PROXY passes a 5xx through", path: "/prod/fail-proxy", status: 500, body: `{"error":"db down"}`,
			headers: map[string]string{"Content-Type": "application/json"}},
		{name: "HTTP: the default integration response turns a 5xx into a 200", path: "/prod/fail-passed", status: 200, body: `{"error":"db down"}`},
		{name: "HTTP: a selectionPattern maps the 5xx", path: "/prod/fail-mapped", status: 503, body: `{"error": "orders are unavailable, try again"}`},
		{name: "a slow backend meets timeoutInMillis", path: "/prod/slow", status: 504, body: `{"message": "Endpoint request timed out"}`,
			headers: map[string]string{"x-amzn-ErrorType": "InternalServerErrorException"}, latency: time.Second},
		{name: "a 31 s backend meets the 29 s default", path: "/prod/slow-default", status: 504, body: `{"message": "Endpoint request timed out"}`,
			latency: 29 * time.Second},
		{name: "an unrouted path is the backend's 404", path: "/prod/unrouted", status: 404, body: "",
			headers: map[string]string{"x-amzn-Remapped-Content-Length": "0"}},
		{name: "HTTP API HTTP_PROXY", api: "shop-http", path: "/orders/7", status: 200, body: `{"id":7,"item":"lamp"}`,
			headers: map[string]string{"Content-Type": "application/json", "Server": "nginx"}, latency: 25 * time.Millisecond},
		{name: "HTTP API timeout is 503", api: "shop-http", path: "/slow", status: 503, body: `{"message":"Service Unavailable"}`,
			latency: time.Second},
	} {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = "GET"
			}
			r := g.Invoke(&Request{API: tt.api, Method: method, Path: tt.path, RawQuery: tt.query, Header: tt.header})
			body := r.Body
			// the trace id differs per request: compare the rest exactly
			if i := strings.Index(body, `"X-Amzn-Trace-Id":"`); i >= 0 {
				j := strings.IndexByte(body[i+19:], '"')
				body = body[:i+19] + "TRACE" + body[i+19+j:]
			}
			if r.Status != tt.status || body != tt.body {
				t.Fatalf("got %d %s\nwant %d %s", r.Status, body, tt.status, tt.body)
			}
			for name, want := range tt.headers {
				got, ok := r.Header.Get(name)
				if want == "" && ok {
					t.Errorf("header %s = %q, want it absent", name, got)
				} else if want != "" && got != want {
					t.Errorf("header %s = %q, want %q (all: %v)", name, got, want, r.Header)
				}
			}
			if tt.latency != 0 && r.IntegrationLatency != tt.latency {
				t.Errorf("integration latency %s, want %s", r.IntegrationLatency, tt.latency)
			}
		})
	}
}

// The trace shows the simulated hop as it shows a real one, naming the backend.
func TestSimulatedBackendTrace(t *testing.T) {
	g := backendGateway(t)
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/slow", Trace: true})
	var facts []string
	for _, h := range r.Trace.Hops {
		if h.Stage != "integration" {
			continue
		}
		for _, f := range h.Facts {
			facts = append(facts, f.Key+"="+f.Value)
		}
		if h.Duration != time.Second {
			t.Errorf("integration hop lasts %s, want 1s", h.Duration)
		}
	}
	want := "type=HTTP_PROXY|uri=GET http://orders.internal/slow|backend=orders (simulated: declared in the workspace, virtual time)"
	if got := strings.Join(facts, "|"); !strings.HasPrefix(got, want) {
		t.Errorf("integration facts %s\nwant prefix %s", got, want)
	}
	var log []string
	for _, l := range r.Trace.Log {
		log = append(log, l.Text)
	}
	if s := strings.Join(log, "\n"); !strings.Contains(s, "Sending request to http://orders.internal/slow") || !strings.Contains(s, "Execution failed due to a timeout error") {
		t.Errorf("execution log does not show the backend call and the timeout:\n%s", s)
	}
}

// A {p50, p99} backend draws from the seed: the same seed gives the same latencies.
func TestSimulatedBackendLatencyIsSeeded(t *testing.T) {
	draw := func(seed uint64) []time.Duration {
		ws, err := model.Parse("b.yaml", []byte(`apiVersion: apigwlab/v1
restApis:
  - name: a
    resources:
      /x:
        GET: {integration: {type: HTTP_PROXY, httpMethod: GET, uri: "https://api.example.com/x"}}
    stages: [{stageName: prod}]
backends:
  - {name: ex, url: "https://api.example.com", latency: {p50: 20ms, p99: 200ms}}
`))
		if err != nil {
			t.Fatal(err)
		}
		g, err := New(ws, Options{Clock: clock.NewVirtual(t0), Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		var out []time.Duration
		for range 50 {
			r := g.Invoke(&Request{Method: "GET", Path: "/prod/x"})
			if r.Status != 200 {
				t.Fatalf("status %d %s", r.Status, r.Body)
			}
			out = append(out, r.IntegrationLatency)
		}
		return out
	}
	a, b := draw(9), draw(9)
	distinct := map[time.Duration]bool{}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("draw %d: %s then %s with the same seed", i, a[i], b[i])
		}
		distinct[a[i]] = true
	}
	if len(distinct) < 40 {
		t.Errorf("%d distinct latencies in 50 draws: the distribution is not drawn", len(distinct))
	}
}
