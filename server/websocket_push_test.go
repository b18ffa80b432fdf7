package server

import (
	"net/http/httptest"
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
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/prod"
	dial := func() *websocket.Conn {
		c, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	a, b := dial(), dial()
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
