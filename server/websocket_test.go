package server

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

const wsWorkspace = `apiVersion: apigwlab/v1
restApis:
  - name: rest
    resources:
      /hello:
        GET:
          integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}, integrationResponses: [{statusCode: "200"}]}
    stages: [{stageName: prod}]
websocketApis:
  - name: chat
    authorizers:
      - name: tok
        authorizerType: REQUEST
        authorizerUri: function:auth
        identitySource: [route.request.querystring.token]
    routes:
      $connect:
        integration: {integrationType: AWS_PROXY, integrationUri: function:ok}
        authorizationType: CUSTOM
        authorizerId: tok
      sendMessage:
        integration: {integrationType: AWS_PROXY, integrationUri: function:reply}
        routeResponseSelectionExpression: $default
    stages: [{stageName: prod}]
functions:
  - functionName: ok
    returns: {statusCode: 200}
  - functionName: reply
    returns: {statusCode: 200, body: "got it"}
  - functionName: auth
    returns:
      principalId: u
      policyDocument: {Version: "2012-10-17", Statement: [{Action: execute-api:Invoke, Effect: Allow, Resource: "*"}]}
`

type wsEnv struct {
	srv  *httptest.Server
	h    *Server
	base string // ws://127.0.0.1:PORT
}

func startWS(t *testing.T) *wsEnv {
	t.Helper()
	gw := deploy(t, "ws.yaml", []byte(wsWorkspace))
	h := New(gw, Options{})
	srv := httptest.NewServer(h)
	t.Cleanup(func() { h.CloseWebSockets(); srv.Close() })
	return &wsEnv{srv: srv, h: h, base: "ws" + strings.TrimPrefix(srv.URL, "http")}
}

func (e *wsEnv) dial(t *testing.T, path string, d *websocket.Dialer) *websocket.Conn {
	t.Helper()
	if d == nil {
		d = websocket.DefaultDialer
	}
	c, resp, err := d.Dial(e.base+path, nil)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial %s: %v (HTTP %d)", path, err, status)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func read(t *testing.T, c *websocket.Conn) (string, error) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, b, err := c.ReadMessage()
	return string(b), err
}

func closeCode(err error) int {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Code
	}
	return -1
}

// connectionID finds the connection id through an error frame (a message with no route).
func connectionID(t *testing.T, c *websocket.Conn) string {
	t.Helper()
	if err := c.WriteMessage(websocket.TextMessage, []byte(`{"action":"nope"}`)); err != nil {
		t.Fatal(err)
	}
	frame, err := read(t, c)
	if err != nil {
		t.Fatal(err)
	}
	const prefix = `{"message": "Forbidden", "connectionId":"`
	if !strings.HasPrefix(frame, prefix) || !strings.Contains(frame, `", "requestId":"`) || !strings.HasSuffix(frame, `"}`) {
		t.Fatalf("error frame %s", frame)
	}
	return frame[len(prefix) : len(prefix)+16]
}

func TestServeWebSocketHandshake(t *testing.T) {
	e := startWS(t)
	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{
		{"/prod", 401, `{"message":"Unauthorized"}`},
		{"/dev?token=x", 403, `{"message":"Forbidden"}`},
	} {
		_, resp, err := websocket.DefaultDialer.Dial(e.base+tc.path, nil)
		if err == nil || resp == nil {
			t.Fatalf("%s: connected", tc.path)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != tc.status || string(body) != tc.body {
			t.Errorf("%s: %d %s, want %d %s", tc.path, resp.StatusCode, body, tc.status, tc.body)
		}
	}
	// The REST API still answers on the same port.
	resp, err := http.Get(e.srv.URL + "/prod/hello")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("REST next to WebSocket: %v %v", err, resp)
	}
	resp.Body.Close()
}

func TestServeWebSocketMessagesAndConnections(t *testing.T) {
	e := startWS(t)
	c := e.dial(t, "/prod?token=x", nil)
	if err := c.WriteMessage(websocket.TextMessage, []byte(`{"action":"sendMessage","text":"hi"}`)); err != nil {
		t.Fatal(err)
	}
	if got, err := read(t, c); err != nil || got != "got it" {
		t.Fatalf("two-way route: %q %v", got, err)
	}
	id := connectionID(t, c)
	at := e.srv.URL + "/prod/@connections/" + id

	resp, err := http.Post(at, "application/octet-stream", strings.NewReader("pushed"))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("POST: %v %v", err, resp)
	}
	resp.Body.Close()
	if got, err := read(t, c); err != nil || got != "pushed" {
		t.Fatalf("push: %q %v", got, err)
	}
	resp, err = http.Get(strings.Replace(at, "@", "%40", 1))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.HasPrefix(body, []byte(`{"connectedAt":"`)) || !bytes.Contains(body, []byte(`"identity":{"sourceIp":"127.0.0.1","userAgent":`)) {
		t.Fatalf("GET: %d %s", resp.StatusCode, body)
	}
	req, _ := http.NewRequest(http.MethodDelete, at, nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("DELETE: %v %v", err, resp)
	}
	resp.Body.Close()
	if _, err := read(t, c); closeCode(err) != websocket.CloseGoingAway {
		t.Fatalf("after DELETE the client reads %v, want close 1001", err)
	}
	resp, err = http.Post(at, "text/plain", strings.NewReader("late"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 410 || resp.Header.Get("x-amzn-ErrorType") != "GoneException" || len(body) != 0 {
		t.Fatalf("POST after DELETE: %d %q %s", resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"), body)
	}
}

func TestServeWebSocketLimits(t *testing.T) {
	e := startWS(t)
	big := &websocket.Dialer{WriteBufferSize: 64 * 1024} // frames up to 64 KB
	for _, tc := range []struct {
		name string
		d    *websocket.Dialer
		typ  int
		msg  []byte
		code int
	}{
		{"message over 128 KB", nil, websocket.TextMessage, bytes.Repeat([]byte("a"), 128*1024+1), websocket.CloseMessageTooBig},
		{"frame over 32 KB", big, websocket.TextMessage, bytes.Repeat([]byte("a"), 40*1024), websocket.CloseMessageTooBig},
		{"binary frame", nil, websocket.BinaryMessage, []byte{1, 2, 3}, websocket.CloseUnsupportedData},
	} {
		c := e.dial(t, "/prod?token=x", tc.d)
		if err := c.WriteMessage(tc.typ, tc.msg); err != nil {
			t.Fatal(err)
		}
		if _, err := read(t, c); closeCode(err) != tc.code {
			t.Errorf("%s: %v, want close %d", tc.name, err, tc.code)
		}
	}
	// 40 KB in 4 KB frames (gorilla's default) is one message within the limits
	c := e.dial(t, "/prod?token=x", nil)
	if err := c.WriteMessage(websocket.TextMessage, append([]byte(`{"action":"sendMessage","pad":"`), append(bytes.Repeat([]byte("a"), 40*1024), `"}`...)...)); err != nil {
		t.Fatal(err)
	}
	if got, err := read(t, c); err != nil || got != "got it" {
		t.Errorf("40 KB in small frames: %q %v", got, err)
	}
}

func TestServeWebSocketShutdownGoingAway(t *testing.T) {
	e := startWS(t)
	c := e.dial(t, "/prod?token=x", nil)
	connectionID(t, c) // the connection is up
	if n := e.h.CloseWebSockets(); n != 1 {
		t.Fatalf("closed %d", n)
	}
	if _, err := read(t, c); closeCode(err) != websocket.CloseGoingAway {
		t.Fatalf("client reads %v, want 1001", err)
	}
	if _, resp, err := websocket.DefaultDialer.Dial(e.base+"/prod?token=x", nil); err == nil {
		t.Fatalf("connected after shutdown (%v)", resp)
	}
}
