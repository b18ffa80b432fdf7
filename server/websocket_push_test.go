package server

import (
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// A function's pushes reach real clients over serve's sockets, and serve logs each
// @connections call the function made.
func TestServeWebSocketFunctionPushes(t *testing.T) {
	src := `apiVersion: apigwlab/v1
websocketApis:
  - name: chat
    routes:
      broadcast:
        integration: {integrationType: AWS_PROXY, integrationUri: function:broadcast}
      whoami:
        integration: {integrationType: AWS_PROXY, integrationUri: function:whoami}
        routeResponseSelectionExpression: $default
    stages: [{stageName: prod}]
functions:
  - functionName: broadcast
    returns: {statusCode: 200}
    pushes: [{to: others, data: $.body.text}]
  - functionName: whoami
    runtime: nodejs20.x
    code: |
      const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require("@aws-sdk/client-apigatewaymanagementapi");
      exports.handler = async (event) => {
        const { domainName, stage, connectionId } = event.requestContext;
        const client = new ApiGatewayManagementApiClient({ endpoint: "https://" + domainName + "/" + stage });
        await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: "pushed to " + connectionId }));
        return { statusCode: 200, body: "done" };
      };
`
	log := &lockedBuffer{}
	h := New(deploy(t, "ws.yaml", []byte(src)), Options{Log: log})
	srv := httptest.NewServer(h)
	t.Cleanup(func() { h.CloseWebSockets(); srv.Close() })
	a, b := dialWS(t, srv, "/prod"), dialWS(t, srv, "/prod")
	bid := connectionID(t, b)
	if err := a.WriteMessage(websocket.TextMessage, []byte(`{"action":"broadcast","text":"hello b"}`)); err != nil {
		t.Fatal(err)
	}
	if got, err := read(t, b); err != nil || got != "hello b" {
		t.Fatalf("b got %q %v", got, err)
	}
	// a JavaScript function's SDK call reaches its own client before the route's reply
	if err := b.WriteMessage(websocket.TextMessage, []byte(`{"action":"whoami"}`)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"pushed to " + bid, "done"} {
		if got, err := read(t, b); err != nil || got != want {
			t.Fatalf("b got %q %v, want %q", got, err, want)
		}
	}
	waitLog(t, log, "WS POST @connections prod "+bid+" by function broadcast → 200", "WS POST @connections prod "+bid+" by function whoami → 200")
}

// A command: function (Python through the Runtime API, standard library only) pushes to a
// real client over serve's sockets through AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI.
func TestServeCommandFunctionPushes(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	script, _ := filepath.Abs("../engine/websocket/testdata/push_bootstrap.py")
	src := `apiVersion: apigwlab/v1
websocketApis:
  - name: chat
    routes:
      fanout:
        integration: {integrationType: AWS_PROXY, integrationUri: function:fanout}
        routeResponseSelectionExpression: $default
    stages: [{stageName: prod}]
functions:
  - functionName: fanout
    runtime: python3.12
    command: ` + py + ` ` + script + `
    timeout: 20s
`
	log := &lockedBuffer{}
	gw := deploy(t, "ws.yaml", []byte(src))
	t.Cleanup(gw.Close)
	h := New(gw, Options{Log: log})
	srv := httptest.NewServer(h)
	t.Cleanup(func() { h.CloseWebSockets(); srv.Close() })
	a, b := dialWS(t, srv, "/prod"), dialWS(t, srv, "/prod")
	bid := connectionID(t, b)
	if err := a.WriteMessage(websocket.TextMessage, []byte(`{"action":"fanout","text":"hello from python","to":["`+bid+`"]}`)); err != nil {
		t.Fatal(err)
	}
	if got, err := read(t, b); err != nil || got != "hello from python" {
		t.Fatalf("b got %q %v", got, err)
	}
	if got, err := read(t, a); err != nil || got != bid+":200 me:200:127.0.0.1" {
		t.Fatalf("a got %q %v", got, err)
	}
	waitLog(t, log, "WS POST @connections prod "+bid+" by function fanout → 200")
}

// dialWS opens a WebSocket to the test server's path, closed when the test ends.
func dialWS(t *testing.T, srv *httptest.Server, path string) *websocket.Conn {
	t.Helper()
	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
