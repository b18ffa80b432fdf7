package httpapi_test

import (
	"regexp"
	"strings"
	"testing"

	"apigwlab/engine"
	"apigwlab/engine/observe"
	"apigwlab/engine/wire"
)

// A JavaScript authorizer's and integration's console output reach their trace hops and the
// execution log, as on REST APIs (issue #16).
func TestCodeFunctionLogsInTrace(t *testing.T) {
	g, _ := gateway(t, `
httpApis:
  - name: code
    authorizers:
      - name: simple
        authorizerType: REQUEST
        authorizerUri: function:authz
        authorizerPayloadFormatVersion: "2.0"
        enableSimpleResponses: true
        identitySource: [$request.header.x-token]
    routes:
      "GET /hi": {authorizationType: CUSTOM, authorizerId: simple, integration: `+route("hi")+`}
      "GET /boom": {integration: `+route("boom")+`}
functions:
  - functionName: authz
    runtime: nodejs20.x
    code: |
      exports.handler = async (e) => { console.log("token", e.headers["x-token"]); return {isAuthorized: true}; };
  - functionName: hi
    runtime: nodejs20.x
    code: |
      exports.handler = async (e) => { console.log("hello\tthere\nline two"); return {statusCode: 200, body: "hi"}; };
  - functionName: boom
    runtime: nodejs20.x
    code: |
      exports.handler = async () => { console.error("about to fail"); throw new Error("no"); };
`)
	// The virtual clock advances by the code's real run time (invoke counts real time), so a
	// line's millisecond depends on the machine's load: compare lines without it.
	stamp := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z  `)
	hopLogs := func(tr *observe.Trace, stage string) []string {
		var out []string
		for _, h := range tr.Hops {
			if h.Stage == stage {
				for _, l := range h.All("log") {
					out = append(out, stamp.ReplaceAllString(l, "TIME  "))
				}
			}
		}
		return out
	}
	execLogs := func(tr *observe.Trace, fn string) []string {
		var out []string
		for _, l := range tr.Log {
			if s, ok := strings.CutPrefix(l.Text, "/aws/lambda/"+fn+" "); ok {
				out = append(out, stamp.ReplaceAllString(s, "TIME  "))
			}
		}
		return out
	}
	r := g.Invoke(&engine.Request{Method: "GET", Path: "/hi", Trace: true, Header: wire.Headers{{Name: "x-token", Value: "t1"}}})
	if r.Status != 200 || r.Body != "hi" {
		t.Fatalf("/hi: %d %q", r.Status, r.Body)
	}
	for _, tc := range []struct {
		stage, fn string
		want      string
	}{
		// Lambda's CloudWatch line (time, request id, level, message; tabs shown as two
		// spaces, the newline as \n); ids are reproducible from the gateway's seed.
		{"authorizer", "authz", "TIME  7716da39-cba2-45b2-b7a9-6fa7e40e81b5  INFO  token t1"},
		{"integration", "hi", `TIME  1b9730bf-3fc5-4e36-aa2a-b982c0435e20  INFO  hello  there\nline two`},
	} {
		hl, el := hopLogs(r.Trace, tc.stage), execLogs(r.Trace, tc.fn)
		if len(hl) != 1 || hl[0] != tc.want {
			t.Errorf("%s hop logs %q, want [%q]", tc.stage, hl, tc.want)
		}
		if len(el) != 1 || el[0] != tc.want {
			t.Errorf("%s execution log %q, want [%q]", tc.stage, el, tc.want)
		}
	}
	// A function that logs and then raises: the line is there to explain the 500.
	r = g.Invoke(&engine.Request{Method: "GET", Path: "/boom", Trace: true})
	if hl := hopLogs(r.Trace, "integration"); r.Status != 500 || len(hl) != 2 || hl[0] != "TIME  e880a903-bcff-4547-8080-fc4b9f341341  ERROR  about to fail" {
		t.Errorf("/boom: %d, integration hop logs %q", r.Status, hl)
	}
}
