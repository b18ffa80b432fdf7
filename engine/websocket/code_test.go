package websocket_test

import (
	"regexp"
	"strings"
	"testing"

	"apigwlab/engine/observe"
	"apigwlab/engine/websocket"
	"apigwlab/engine/wire"
)

// stamp is a Lambda log line's time: the virtual clock advances by a code function's real run
// time, so its millisecond depends on the machine's load; lines are compared without it.
var stamp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z  `)

// hopLogs are the "log" facts of a trace's hops named stage.
func hopLogs(tr *observe.Trace, stage string) []string {
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

// execLogs are a trace's execution-log lines of function fn, without the log group.
func execLogs(tr *observe.Trace, fn string) []string {
	var out []string
	for _, l := range tr.Log {
		if s, ok := strings.CutPrefix(l.Text, "/aws/lambda/"+fn+" "); ok {
			out = append(out, stamp.ReplaceAllString(s, "TIME  "))
		}
	}
	return out
}

// JavaScript functions' console output reaches the $connect authorizer and integration hops
// and a message's integration hop, and the execution log, as on REST APIs (issue #16).
func TestCodeFunctionLogsInTrace(t *testing.T) {
	f := setup(t, `
websocketApis:
  - name: code
    routeSelectionExpression: $request.body.action
    authorizers:
      - {name: az, authorizerType: REQUEST, authorizerUri: function:az, identitySource: [route.request.querystring.token]}
    routes:
      $connect:
        integration: {integrationType: AWS_PROXY, integrationUri: function:conn}
        authorizationType: CUSTOM
        authorizerId: az
      $default:
        integration: {integrationType: AWS_PROXY, integrationUri: function:echo}
        routeResponseSelectionExpression: $default
    stages:
      - stageName: prod
functions:
  - functionName: az
    runtime: nodejs20.x
    code: |
      exports.handler = async (e) => {
        console.log("token", e.queryStringParameters.token);
        return {principalId: "p", policyDocument: {Version: "2012-10-17", Statement: [{Action: "execute-api:Invoke", Effect: "Allow", Resource: e.methodArn}]}};
      };
  - functionName: conn
    runtime: nodejs20.x
    code: |
      exports.handler = async (e) => { console.log("connect", e.requestContext.eventType); return {statusCode: 200}; };
  - functionName: echo
    runtime: nodejs20.x
    code: |
      exports.handler = async (e) => { console.warn("got\t" + e.body); return {statusCode: 200, body: e.body}; };
`)
	res := f.api.Connect(&websocket.ConnectRequest{Stage: "prod", RawQuery: "token=t1", SourceIP: "203.0.113.7", Peer: &peer{}, Trace: true,
		Header: wire.Headers{{Name: "Host", Value: "x.execute-api.us-east-1.amazonaws.com"}}})
	if res.Status != 101 {
		t.Fatalf("connect: %d %s", res.Status, res.Body)
	}
	ex := res.Conn.Receive(websocket.Inbound{Data: []byte(`hi`), Trace: true})
	if string(ex.Reply) != "hi" {
		t.Fatalf("reply %q", ex.Reply)
	}
	for _, tc := range []struct {
		name      string
		tr        *observe.Trace
		stage, fn string
		want      string // Lambda's CloudWatch line; ids are reproducible from the gateway's seed
	}{
		{"connect", res.Exchange.Trace, "authorizer", "az", "TIME  e9fd6049-d65a-421e-9775-264a9a7e1b09  INFO  token t1"},
		{"connect", res.Exchange.Trace, "integration", "conn", "TIME  e06dd043-328b-4285-90b9-6b4dd23bd6eb  INFO  connect CONNECT"},
		{"message", ex.Trace, "integration", "echo", "TIME  ec4c5bee-6270-41b3-9564-fa0600422600  WARN  got  hi"},
	} {
		hl, el := hopLogs(tc.tr, tc.stage), execLogs(tc.tr, tc.fn)
		if len(hl) != 1 || hl[0] != tc.want {
			t.Errorf("%s %s hop logs %q, want [%q]", tc.name, tc.stage, hl, tc.want)
		}
		if len(el) != 1 || el[0] != tc.want {
			t.Errorf("%s execution log %q, want [%q]", tc.name, el, tc.want)
		}
	}
}
