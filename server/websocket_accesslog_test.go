package server

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// lockedBuffer is a log writer the server's goroutines and the test share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serve writes a WebSocket stage's access-log lines under the connect and message lines.
func TestServeWebSocketAccessLog(t *testing.T) {
	src := strings.Replace(wsWorkspace, "    stages: [{stageName: prod}]\nfunctions:",
		"    stages: [{stageName: prod, accessLogSettings: {format: '$context.eventType $context.routeKey $context.status $context.authorizer.principalId'}}]\nfunctions:", 1)
	log := &lockedBuffer{}
	h := New(deploy(t, "ws.yaml", []byte(src)), Options{Log: log})
	srv := httptest.NewServer(h)
	t.Cleanup(func() { h.CloseWebSockets(); srv.Close() })
	c, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/prod?token=x", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.WriteMessage(websocket.TextMessage, []byte(`{"action":"sendMessage"}`)); err != nil {
		t.Fatal(err)
	}
	if got, err := read(t, c); err != nil || got != "got it" {
		t.Fatalf("reply %q %v", got, err)
	}
	waitLog(t, log, "  access log: CONNECT $connect 200 u\n", "  access log: MESSAGE sendMessage 200 u\n")
}

// waitLog waits (polling, with a generous deadline) until serve's log holds every line.
func waitLog(t *testing.T, log *lockedBuffer, lines ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		out, missing := log.String(), false
		for _, l := range lines {
			missing = missing || !strings.Contains(out, l)
		}
		if !missing {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("log:\n%s\nwant the lines %q", out, lines)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
