package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// The echo benchmark: round trips (send a 32-byte message, read the reply) over loopback,
// one connection per parallel client, against serve (route selection, a simulated Lambda
// function on a two-way $default route, the reply) and against a bare gorilla/websocket
// echo server. make bench-ws runs both and prints the ratio (the issue asks ≥ 0.5×).

const echoWorkspace = `apiVersion: apigwlab/v1
websocketApis:
  - name: echo
    routes:
      $default:
        integration: {integrationType: AWS_PROXY, integrationUri: function:echo}
        routeResponseSelectionExpression: $default
    stages: [{stageName: prod}]
functions:
  - functionName: echo
    returns: {statusCode: 200, body: "0123456789abcdef0123456789abcdef"}
`

var echoMsg = []byte(`{"action":"x","pad":"0123456789"}`)

func bareEcho() http.Handler {
	up := websocket.Upgrader{ReadBufferSize: 4096, WriteBufferSize: 4096}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for {
			typ, b, err := c.ReadMessage()
			if err != nil {
				return
			}
			if err := c.WriteMessage(typ, b); err != nil {
				return
			}
		}
	})
}

func benchEcho(b *testing.B, h http.Handler, path string) {
	srv := httptest.NewServer(h)
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + path
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		c, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			b.Error(err)
			return
		}
		defer c.Close()
		for pb.Next() {
			if err := c.WriteMessage(websocket.TextMessage, echoMsg); err != nil {
				b.Error(err)
				return
			}
			if _, r, err := c.ReadMessage(); err != nil || len(r) != 32 && !bytes.Equal(r, echoMsg) {
				b.Errorf("reply %q %v", r, err)
				return
			}
		}
	})
}

func BenchmarkWebSocketEcho(b *testing.B) {
	b.Run("serve", func(b *testing.B) {
		h := New(deploy(b, "echo.yaml", []byte(echoWorkspace)), Options{})
		defer h.CloseWebSockets()
		benchEcho(b, h, "/prod")
	})
	b.Run("bare-gorilla", func(b *testing.B) { benchEcho(b, bareEcho(), "/") })
}
