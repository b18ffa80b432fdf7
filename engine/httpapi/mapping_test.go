package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"apigwlab/engine"
	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// Parameter mapping (§11) on a Lambda route and an HTTP_PROXY route against a real server.
func TestParameterMappingAndHTTPProxy(t *testing.T) {
	var got *http.Request
	var gotBody string
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		b, _ := io.ReadAll(r.Body)
		gotBody = string(b)
		w.Header().Set("X-Backend", "yes")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.WriteHeader(404)
		io.WriteString(w, `{"err":"nope","code":418}`)
	}))
	defer backend.Close()
	ws, err := model.Parse("t.yaml", []byte(`
httpApis:
  - name: m
    routes:
      "POST /orders/{id}":
        integration:
          integrationType: HTTP_PROXY
          integrationUri: `+backend.URL+`/backend/{id}
          requestParameters:
            "append:header.x-id": "order-${request.path.id}"
            "overwrite:header.x-stage": "$stageVariables.env"
            "remove:header.x-secret": "''"
            "append:querystring.source": "$request.body.meta.source"
            "remove:querystring.debug": "''"
          responseParameters:
            "404":
              "overwrite:statuscode": "$response.body.code"
              "append:header.x-request": "$context.requestId"
              "remove:header.x-backend": "''"
      "GET /lambda":
        integration:
          integrationType: AWS_PROXY
          integrationUri: function:echo
          payloadFormatVersion: "2.0"
          requestParameters:
            "overwrite:header.x-user": "$request.querystring.user"
    stages:
      - {stageName: $default, stageVariables: {env: test}}
functions:
  - {functionName: echo, echo: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.Validate(); err != nil {
		t.Fatal(err)
	}
	g, err := engine.New(ws, engine.Options{Clock: clock.NewVirtual(t0), Seed: 1, HTTPClient: backend.Client()})
	if err != nil {
		t.Fatal(err)
	}
	r := g.Invoke(&engine.Request{Method: "POST", Path: "/orders/42", RawQuery: "debug=1&keep=2",
		Body: `{"meta":{"source":"web"}}`, Header: hdrs("Content-Type", "application/json", "X-Secret", "s", "X-Id", "first")})
	if got == nil {
		t.Fatalf("backend not called: %d %s", r.Status, r.Body)
	}
	if got.URL.Path != "/backend/42" || got.URL.Query().Get("debug") != "" || got.URL.Query().Get("keep") != "2" || got.URL.Query().Get("source") != "web" {
		t.Errorf("backend URL %s", got.URL)
	}
	if got.Header.Get("X-Id") != "first,order-42" || got.Header.Get("X-Stage") != "test" || got.Header.Get("X-Secret") != "" {
		t.Errorf("backend headers %v", got.Header)
	}
	if gotBody != `{"meta":{"source":"web"}}` {
		t.Errorf("body %q", gotBody)
	}
	if r.Status != 418 || r.Body != `{"err":"nope","code":418}` || r.Header.Value("X-Backend") != "" || r.Header.Value("x-request") != r.RequestID {
		t.Errorf("response %d %s %v", r.Status, r.Body, r.Header)
	}
	r = g.Invoke(&engine.Request{Method: "GET", Path: "/lambda", RawQuery: "user=ann"})
	var ev struct {
		Headers map[string]string `json:"headers"`
	}
	if err := json.Unmarshal([]byte(r.Body), &ev); err != nil || ev.Headers["x-user"] != "ann" {
		t.Errorf("mapped header in the event: %s", r.Body)
	}
}

func hdrs(kv ...string) wire.Headers {
	var h wire.Headers
	for i := 0; i+1 < len(kv); i += 2 {
		h = append(h, wire.Header{Name: kv[i], Value: kv[i+1]})
	}
	return h
}

// Validation: REST-only features are refused with "use a REST API", with file:line.
func TestValidateHTTPAPI(t *testing.T) {
	ws, err := model.Parse("t.yaml", []byte(`httpApis:
  - name: v
    apiKeySource: HEADER
    routes:
      "GET /a":
        apiKeyRequired: true
        integration: {integrationType: AWS, integrationUri: "function:f"}
      "FETCH /b":
        target: integrations/lamda
      "GET /c/":
        integration: {integrationType: AWS_PROXY, integrationUri: "function:f"}
    integrations:
      lambda: {integrationType: AWS_PROXY, integrationUri: "function:f", payloadFormatVersion: "2.0", timeoutInMillis: 31000}
    stages:
      - stageName: prod
        cacheClusterEnabled: true
        variables: {a: b}
        routeSettings: {"GET /x": {throttlingBurstLimit: 1}}
functions:
  - {functionName: f, returns: ok}
usagePlans:
  - name: p
    apiStages: [{api: v, stage: prod}]
`))
	if err == nil {
		err = ws.Validate()
	}
	if err == nil {
		t.Fatal("want errors")
	}
	msg := err.Error()
	for _, want := range []string{
		`t.yaml:3:19: httpApis[0].apiKeySource: HTTP APIs have no API keys or usage plans; use a REST API (restApis:) for it`,
		`t.yaml:6:25: httpApis[0].routes.GET /a.apiKeyRequired: HTTP APIs have no API keys or usage plans; use a REST API (restApis:) for it`,
		`httpApis[0].routes.GET /a.integration.integrationType: HTTP APIs have no AWS (non-proxy) integrations, which need mapping templates (VTL): use AWS_PROXY with parameter mapping, or a REST API (restApis:)`,
		`route key "FETCH /b": "FETCH" is not a route method`,
		`no integration named "lamda": the API's integrations are lambda (did you mean integrations/lambda?)`,
		`route key "GET /c/": path "/c/" ends with "/"`,
		`payloadFormatVersion: missing: a Lambda proxy integration of an HTTP API needs payloadFormatVersion "2.0"`,
		`timeoutInMillis: 31000 is out of range: HTTP APIs accept 50 to 30000 milliseconds`,
		`cacheClusterEnabled: HTTP APIs have no cache; use a REST API (restApis:) for it`,
		`variables: HTTP API stages call them stageVariables: rename variables to stageVariables`,
		`routeSettings: no route "GET /x" in this API`,
		`usagePlans[0].apiStages[0].api: "v" is an HTTP API: HTTP APIs have no API keys or usage plans; use a REST API (restApis:) for it`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
}
