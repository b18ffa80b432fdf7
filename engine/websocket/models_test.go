package websocket_test

import (
	"strings"
	"testing"

	"apigwlab/engine/websocket"
)

const modelsYAML = `
apiVersion: apigwlab/v1
websocketApis:
  - name: chat
    apiId: fjnq7njcv2
    routeSelectionExpression: $request.body.action
    models:
      Msg: {schema: {type: object, required: [text], properties: {text: {type: string}}}}
      Join: {schema: '{"type": "object", "required": ["room"]}'}
    routes:
      send:
        integration: {integrationType: AWS_PROXY, integrationUri: function:send}
        routeResponseSelectionExpression: $default
        modelSelectionExpression: ${request.body.kind}
        requestModels: {join: Join, $default: Msg}
      strict:
        integration: {integrationType: AWS_PROXY, integrationUri: function:send}
        routeResponseSelectionExpression: $default
        modelSelectionExpression: ${request.body.kind}
        requestModels: {join: Join}
      unchecked:
        integration: {integrationType: AWS_PROXY, integrationUri: function:send}
        routeResponseSelectionExpression: $default
        requestModels: {$default: Msg}
    stages:
      - stageName: prod
functions:
  - {functionName: send, returns: {statusCode: 200, body: sent}}
`

// A route's modelSelectionExpression picks a model of its requestModels ($default the
// fallback, none at all a failure); a message the model refuses gets the "Bad request body"
// frame and the integration is not called; requestModels without an expression check
// nothing (developer guide, websocket-api-request-validation).
func TestRequestValidation(t *testing.T) {
	f := setup(t, modelsYAML)
	res := f.api.Connect(&websocket.ConnectRequest{Stage: "prod", Peer: &peer{}})
	if res.Status != 101 {
		t.Fatalf("connect: %d %s", res.Status, res.Body)
	}
	bad := `{"message": "Bad request body", "connectionId":"` + res.Conn.ID() + `", "requestId":"`
	for _, tc := range []struct{ msg, want string }{
		{`{"action":"send","text":"hi"}`, "sent"},              // $default: Msg
		{`{"action":"send","text":1}`, bad},                    // Msg refuses a number
		{`{"action":"send","kind":"join","room":"a"}`, "sent"}, // join: Join
		{`{"action":"send","kind":"join","text":"hi"}`, bad},   // Join needs room
		{`{"action":"strict","kind":"other","room":"a"}`, bad}, // no model, no $default
		{`{"action":"strict","kind":"join","room":"a"}`, "sent"},
		{`{"action":"unchecked","text":1}`, "sent"}, // no expression: no check
	} {
		ex := res.Conn.Receive(websocket.Inbound{Data: []byte(tc.msg), Trace: true})
		got := string(ex.Reply)
		if tc.want == bad && !strings.HasPrefix(got, bad) || tc.want != bad && got != tc.want {
			t.Errorf("%s: %q, want %q", tc.msg, got, tc.want)
		}
	}
}

func BenchmarkReceiveValidated(b *testing.B) {
	f := setup(b, modelsYAML)
	res := f.api.Connect(&websocket.ConnectRequest{Stage: "prod", Peer: nopPeer{}})
	f.gw.ObserveWebSocket(nil)
	in := websocket.Inbound{Data: []byte(`{"action":"send","kind":"join","room":"a"}`)}
	b.ReportAllocs()
	for b.Loop() {
		res.Conn.Receive(in)
	}
}
