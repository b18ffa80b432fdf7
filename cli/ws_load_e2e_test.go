package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestServeWebSocketIdleLoad is a load check (make load-ws, APIGWLAB_WS_LOAD=1): serve holds
// 10,000 idle WebSocket connections on loopback and still answers on the first and the last;
// it reports serve's resident memory per connection. Bounded in count; loopback only. AWS
// admits 500 new connections per second, and so does serve: dials refused with 429 are
// retried, so the ramp takes at least 20 s.
func TestServeWebSocketIdleLoad(t *testing.T) {
	if os.Getenv("APIGWLAB_WS_LOAD") == "" {
		t.Skip("a load check: make load-ws runs it (APIGWLAB_WS_LOAD=1)")
	}
	const conns = 10000
	ws := filepath.Join(t.TempDir(), "echo.yaml")
	yml := `apiVersion: apigwlab/v1
websocketApis:
  - name: echo
    routes:
      $default:
        integration: {integrationType: AWS_PROXY, integrationUri: function:echo}
        routeResponseSelectionExpression: $default
    stages: [{stageName: prod}]
functions:
  - {functionName: echo, returns: {statusCode: 200, body: pong}}
`
	if err := os.WriteFile(ws, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	p := runServe(t, "-f", ws, "--no-sleep")
	url := "ws" + strings.TrimPrefix(p.base, "http") + "/prod"
	before := residentKB(t, p.cmd.Process.Pid)
	d := &websocket.Dialer{ReadBufferSize: 256, WriteBufferSize: 256, HandshakeTimeout: 30 * time.Second}
	open := make([]*websocket.Conn, 0, conns)
	defer func() {
		for _, c := range open {
			c.Close()
		}
	}()
	refused := 0
	for len(open) < conns {
		c, resp, err := d.Dial(url, nil)
		if err != nil {
			if resp != nil && resp.StatusCode == 429 {
				refused++
				time.Sleep(20 * time.Millisecond) // the 500/s bucket refills
				continue
			}
			t.Fatalf("connection %d: %v", len(open)+1, err)
		}
		open = append(open, c)
	}
	after := residentKB(t, p.cmd.Process.Pid)
	for _, c := range []*websocket.Conn{open[0], open[conns-1]} {
		if err := c.WriteMessage(websocket.TextMessage, []byte("ping")); err != nil {
			t.Fatal(err)
		}
		_ = c.SetReadDeadline(time.Now().Add(30 * time.Second))
		if _, b, err := c.ReadMessage(); err != nil || string(b) != "pong" {
			t.Fatalf("reply %q %v", b, err)
		}
	}
	t.Logf("serve holds %d idle WebSocket connections: resident %d MB → %d MB, %.1f KB per connection (%d dials refused with 429 and retried)",
		conns, before>>10, after>>10, float64(after-before)/conns, refused)
}
