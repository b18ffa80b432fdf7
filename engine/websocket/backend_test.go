package websocket_test

import (
	"strings"
	"testing"
	"time"

	"apigwlab/engine/websocket"
)

// A WebSocket route's HTTP_PROXY integration reaches a simulated backend (workspace
// backends:) in-process: the backend's body is the reply frame, its latency the integration
// latency, and a latency past the timeout the timeout error frame.
func TestSimulatedBackendOnWebSocketRoutes(t *testing.T) {
	f := setup(t, `
apiVersion: apigwlab/v1
websocketApis:
  - name: shop
    routes:
      echo:
        integration: {integrationType: HTTP_PROXY, integrationMethod: POST, integrationUri: "http://orders.internal/messages"}
        routeResponseSelectionExpression: $default
      slow:
        integration: {integrationType: HTTP_PROXY, integrationMethod: POST, integrationUri: "http://orders.internal/slow", timeoutInMillis: 1000}
        routeResponseSelectionExpression: $default
    stages: [{stageName: prod}]
backends:
  - name: orders
    url: http://orders.internal
    latency: 30ms
    routes:
      - {path: /messages, body: '{"ok":true}'}
      - {path: /slow, latency: 2s, body: late}
`)
	c, p, _ := f.connect(t, "")
	c.Receive(websocket.Inbound{Data: []byte(`{"action":"echo"}`)})
	if got := p.last(); got != `{"ok":true}` {
		t.Fatalf("reply frame %q", got)
	}
	ex := f.events[len(f.events)-1]
	if ex.IntegrationLatency != 30*time.Millisecond || ex.Status != 200 {
		t.Errorf("exchange: status %d, integration latency %s", ex.Status, ex.IntegrationLatency)
	}
	c.Receive(websocket.Inbound{Data: []byte(`{"action":"slow"}`)})
	if got := p.last(); !strings.HasPrefix(got, `{"message": "Endpoint request timed out"`) {
		t.Fatalf("timeout frame %q", got)
	}
	if ex := f.events[len(f.events)-1]; ex.IntegrationLatency != time.Second {
		t.Errorf("timed-out integration latency %s, want the 1 s timeout", ex.IntegrationLatency)
	}
}
