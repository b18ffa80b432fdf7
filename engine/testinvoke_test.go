package engine

import (
	"encoding/json"
	"strings"
	"testing"
)

type testInvokeOut struct {
	Status            int
	Body              string
	Headers           map[string]string
	MultiValueHeaders map[string][]string
	Log               string
	Latency           int64
}

func testInvoke(t *testing.T, g *Gateway, line string) testInvokeOut {
	t.Helper()
	var out testInvokeOut
	raw := mustExec(t, g, line)
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		t.Fatalf("%s printed %s: %v", line, raw, err)
	}
	return out
}

// test-invoke-method runs the current definition: an undeployed change shows there while
// the stage keeps serving its deployment.
func TestTestInvokeRunsTheUndeployedDefinition(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	mustExec(t, g, `put-integration-response --resource-id /mock --http-method GET --status-code 200 --response-templates '{"application/json":"{\"ok\": \"v2\"}"}'`)
	if st, b := body(t, g, "GET", "/prod/mock"); st != 200 || b != `{"ok": true}` {
		t.Fatalf("stage before deploying: %d %s", st, b)
	}
	out := testInvoke(t, g, "test-invoke-method --rest-api-id pets --resource-id /mock --http-method GET")
	if out.Status != 200 || out.Body != `{"ok": "v2"}` {
		t.Fatalf("test-invoke: %d %s", out.Status, out.Body)
	}
	// AWS answers the method response's headers alone (no request ids): lscases_testinvoke_test.go
	if out.Headers["Content-Type"] != "application/json" || len(out.Headers) != 1 || len(out.MultiValueHeaders) != 1 {
		t.Fatalf("headers %v multiValueHeaders %v", out.Headers, out.MultiValueHeaders)
	}
	if !strings.HasPrefix(out.Log, "Execution log for request ") || !strings.Contains(out.Log, " : Starting execution for request: ") ||
		!strings.HasSuffix(out.Log, " : Method completed with status: 200\n") {
		t.Fatalf("log:\n%s", out.Log)
	}
	// a test invocation is not stage traffic: no metrics
	if n := len(g.Metrics().Series("pets", "test-invoke-stage")); n != 0 {
		t.Fatalf("%d metric datapoints for test-invoke-stage, want none", n)
	}
}

// AWS's TestInvokeMethod runs without authorization: an authorizer that would deny is not
// called; path parameters, query string, headers, body and stage variables are the request's.
func TestTestInvokeSkipsTheAuthorizer(t *testing.T) {
	g := newGateway(t, authWorkspace(0))
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets/7", Header: bearer("deny")})
	if r.Status != 403 {
		t.Fatalf("stage with a denying token: %d %s", r.Status, r.Body)
	}
	out := testInvoke(t, g, `test-invoke-method --rest-api-id pets --resource-id /pets/{petId} --http-method GET `+
		`--path-with-query-string '/pets/7?x=1' --headers Authorization=deny --stage-variables fn=getPet`)
	if out.Status != 201 || out.Body != `{"id":7}` || strings.Contains(out.Log, "authorizer") || !strings.Contains(out.Log, "Method request path: {petId=7}") ||
		!strings.Contains(out.Log, "Method request query string: {x=1}") {
		t.Fatalf("test-invoke: %d %s\n%s", out.Status, out.Body, out.Log)
	}
	// the echo function shows what reached the integration
	out = testInvoke(t, g, `test-invoke-method --rest-api-id pets --resource-id /echo/{proxy+} --http-method ANY `+
		`--path-with-query-string /echo/a/b --body hello --headers '{"Authorization":"deny"}'`)
	var ev struct {
		Body           string
		PathParameters map[string]string
		RequestContext struct{ Stage string }
	}
	if err := json.Unmarshal([]byte(out.Body), &ev); err != nil || ev.Body != "hello" || ev.PathParameters["proxy"] != "a/b" ||
		ev.RequestContext.Stage != "test-invoke-stage" {
		t.Fatalf("echo: %d %s (%v)", out.Status, out.Body, err)
	}
}

func TestTestInvokeRefuses(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	tests := []struct{ line, want string }{
		{"test-invoke-method --rest-api-id pets --resource-id /nope --http-method GET", "NotFoundException: Invalid Resource identifier specified"},
		{"test-invoke-method --rest-api-id pets --resource-id /mock --http-method POST", "NotFoundException: Invalid Method identifier specified"},
		{"test-invoke-method --rest-api-id pets --resource-id /mock --http-method GET --stage pets", "Unknown options: --stage"},
	}
	for _, tt := range tests {
		if _, err := g.Exec(tt.line); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %s", tt.line, err, tt.want)
		}
	}
}
