package websocket_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"apigwlab/engine"
	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/engine/websocket"
	"apigwlab/engine/wire"
)

var t0 = time.Date(2024, 11, 11, 11, 35, 24, 553e6, time.UTC)

const chatYAML = `
apiVersion: apigwlab/v1
websocketApis:
  - name: chat
    apiId: fjnq7njcv2
    routeSelectionExpression: $request.body.action
    authorizers:
      - name: tokenAuth
        authorizerType: REQUEST
        authorizerUri: function:auth
        identitySource: [route.request.querystring.token]
    routes:
      $connect:
        integration: {integrationType: AWS_PROXY, integrationUri: function:onConnect}
        authorizationType: CUSTOM
        authorizerId: tokenAuth
      $disconnect:
        integration: {integrationType: AWS_PROXY, integrationUri: function:onDisconnect}
      sendMessage:
        integration: {integrationType: AWS_PROXY, integrationUri: function:send}
        routeResponseSelectionExpression: $default
      oneway:
        integration: {integrationType: AWS_PROXY, integrationUri: function:send}
      broken:
        integration: {integrationType: AWS_PROXY, integrationUri: function:boom}
        routeResponseSelectionExpression: $default
      silent:
        integration: {integrationType: AWS_PROXY, integrationUri: function:onConnect}
        routeResponseSelectionExpression: $default
    stages:
      - stageName: prod
functions:
  - functionName: onConnect
    returns: {statusCode: 200}
    cases:
      - when: {$.queryStringParameters.token: refuse}
        returns: {statusCode: 401}
      - when: {$.queryStringParameters.token: crash}
        error: {errorMessage: boom}
  - functionName: onDisconnect
    returns: {statusCode: 200}
  - functionName: send
    returns: {statusCode: 200, body: "got it"}
  - functionName: boom
    error: {errorMessage: "something broke"}
  - functionName: auth
    returns:
      principalId: alice
      context: {room: lobby}
      policyDocument:
        Version: "2012-10-17"
        Statement: [{Action: execute-api:Invoke, Effect: Allow, Resource: "*"}]
    cases:
      - when: {$.queryStringParameters.token: bad}
        error: {errorMessage: Unauthorized}
      - when: {$.queryStringParameters.token: deny}
        returns:
          principalId: mallory
          policyDocument:
            Version: "2012-10-17"
            Statement: [{Action: execute-api:Invoke, Effect: Deny, Resource: "*"}]
`

// peer records what the gateway sent to a client.
type peer struct {
	mu     sync.Mutex
	frames []string
	code   int
	reason string
	closed bool
}

func (p *peer) Send(b []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.frames = append(p.frames, string(b))
	return nil
}

func (p *peer) Close(code int, reason string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.code, p.reason, p.closed = code, reason, true
}

func (p *peer) last() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.frames) == 0 {
		return ""
	}
	return p.frames[len(p.frames)-1]
}

type fixture struct {
	gw     *engine.Gateway
	api    *websocket.API
	clk    *clock.Virtual
	events []*websocket.Exchange
}

func setup(t testing.TB, yml string) *fixture {
	t.Helper()
	ws, err := model.Parse("t.yaml", []byte(yml))
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewVirtual(t0)
	gw, err := engine.New(ws, engine.Options{Clock: clk, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{gw: gw, clk: clk}
	gw.ObserveWebSocket(func(ex *websocket.Exchange) { f.events = append(f.events, ex) })
	api, ok := gw.WebSocketAPI("")
	if !ok {
		t.Fatal("no WebSocket API")
	}
	f.api = api
	return f
}

func (f *fixture) connect(t testing.TB, query string) (*websocket.Conn, *peer, websocket.ConnectResult) {
	t.Helper()
	p := &peer{}
	res := f.api.Connect(&websocket.ConnectRequest{Stage: "prod", RawQuery: query, SourceIP: "203.0.113.7", Peer: p,
		Header: wire.Headers{{Name: "Host", Value: "fjnq7njcv2.execute-api.us-east-1.amazonaws.com"}, {Name: "User-Agent", Value: "wscat"}}})
	return res.Conn, p, res
}

func TestHandshake(t *testing.T) {
	for _, tc := range []struct {
		query  string
		status int
		body   string
	}{
		{"token=ok", 101, ""},
		{"", 401, `{"message":"Unauthorized"}`},          // identity source missing: authorizer not called
		{"token=bad", 401, `{"message":"Unauthorized"}`}, // authorizer raised "Unauthorized"
		{"token=deny", 403, `{"message":"Forbidden"}`},   // Deny policy
		{"token=refuse", 401, ""},                        // $connect returned statusCode 401
		{"token=crash", 502, `{"message": "Internal server error"}`},
	} {
		f := setup(t, chatYAML)
		c, _, res := f.connect(t, tc.query)
		if res.Status != tc.status || res.Body != tc.body {
			t.Errorf("%q: got %d %q, want %d %q", tc.query, res.Status, res.Body, tc.status, tc.body)
		}
		if (c != nil) != (tc.status == 101) {
			t.Errorf("%q: conn %v", tc.query, c)
		}
		if tc.status != 101 && len(f.api.Conns()) != 0 {
			t.Errorf("%q: a refused connection is listed", tc.query)
		}
	}
	f := setup(t, chatYAML)
	res := f.api.Connect(&websocket.ConnectRequest{Stage: "nope"})
	if res.Status != 403 || res.Body != `{"message":"Forbidden"}` {
		t.Errorf("unknown stage: %d %s", res.Status, res.Body)
	}
}

func TestRouteSelectionAndFrames(t *testing.T) {
	f := setup(t, chatYAML)
	c, p, _ := f.connect(t, "token=ok")
	id := c.ID()
	for _, tc := range []struct {
		msg   string
		route string
		frame string // "" = nothing sent; ERR = error frame with ids
	}{
		{`{"action":"sendMessage","text":"hi"}`, "sendMessage", "got it"},
		{`{"action":"oneway"}`, "oneway", ""},
		{`{"action":"silent"}`, "silent", ""}, // two-way, result without body
		{`{"action":"broken"}`, "broken", `Internal server error`},
		{`{"action":"nosuch"}`, "", `Forbidden`}, // no route, no $default
		{`not json`, "", `Forbidden`},
	} {
		before := len(p.frames)
		ex := c.Receive(websocket.Inbound{Data: []byte(tc.msg)})
		if ex.RouteKey != tc.route {
			t.Errorf("%s: route %q, want %q", tc.msg, ex.RouteKey, tc.route)
		}
		got := ""
		if len(p.frames) > before {
			got = p.last()
		}
		want := tc.frame
		if want == "Internal server error" || want == "Forbidden" {
			want = `{"message": "` + want + `", "connectionId":"` + id + `", "requestId":"` + ex.RequestID + `"}`
		}
		if got != want {
			t.Errorf("%s: frame %q, want %q", tc.msg, got, want)
		}
		if !c.Open() {
			t.Fatalf("%s: connection closed", tc.msg)
		}
	}
	m := f.api.Metrics("prod")
	if m.ConnectCount != 1 || m.MessageCount != 6+4 || m.ExecutionError != 1 || m.ClientError != 2 {
		t.Errorf("metrics %+v", m)
	}
}

func TestDefaultRouteAndExpressions(t *testing.T) {
	yml := strings.Replace(chatYAML, "      oneway:", "      $default:\n        integration: {integrationType: AWS_PROXY, integrationUri: function:send}\n        routeResponseSelectionExpression: $default\n      chat/join:\n        integration: {integrationType: AWS_PROXY, integrationUri: function:send}\n      oneway:", 1)
	yml = strings.Replace(yml, "routeSelectionExpression: $request.body.action", "routeSelectionExpression: ${request.body.service}/${request.body.action}", 1)
	f := setup(t, yml)
	c, _, _ := f.connect(t, "token=ok")
	for msg, want := range map[string]string{
		`{"service":"chat","action":"join"}`: "chat/join",
		`{"service":"chat"}`:                 "$default", // "chat/" matches nothing
		`plain text`:                         "$default",
		`[1,2]`:                              "$default",
	} {
		if ex := c.Receive(websocket.Inbound{Data: []byte(msg)}); ex.RouteKey != want {
			t.Errorf("%s: route %q, want %q", msg, ex.RouteKey, want)
		}
	}
}

func TestConnectionsAPI(t *testing.T) {
	f := setup(t, chatYAML)
	c, p, _ := f.connect(t, "token=ok")
	f.clk.Advance(3 * time.Second)
	if _, err := f.api.PostToConnection("prod", c.ID(), []byte("pushed")); err != nil || p.last() != "pushed" {
		t.Fatalf("POST: %v, frame %q", err, p.last())
	}
	info, err := f.api.GetConnection("prod", c.ID())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(info.JSON()), `{"connectedAt":"2024-11-11T11:35:24.553Z","identity":{"sourceIp":"203.0.113.7","userAgent":"wscat"},"lastActiveAt":"2024-11-11T11:35:27.553Z"}`; got != want {
		t.Errorf("GET:\n got %s\nwant %s", got, want)
	}
	for _, tc := range []struct {
		stage, id string
		status    int
	}{
		{"dev", c.ID(), 403}, {"prod", "not-an-id", 400}, {"prod", "AAAAAAAAAAAAAAA=", 410},
	} {
		if _, err := f.api.PostToConnection(tc.stage, tc.id, []byte("x")); err == nil || err.Status != tc.status {
			t.Errorf("POST %s/%s: %v, want %d", tc.stage, tc.id, err, tc.status)
		}
	}
	if _, err := f.api.PostToConnection("prod", c.ID(), make([]byte, websocket.MaxMessageBytes+1)); err == nil || err.Status != 413 {
		t.Errorf("POST 128 KB + 1: %v", err)
	}
	ex, err := f.api.DeleteConnection("prod", c.ID())
	if err != nil {
		t.Fatal(err)
	}
	if !p.closed || p.code != 1001 || c.Open() {
		t.Errorf("DELETE: peer closed %v code %d", p.closed, p.code)
	}
	if !bytes.Contains(ex.Event, []byte(`"disconnectStatusCode":1000,`)) || !bytes.Contains(ex.Event, []byte(`"disconnectReason":"Connection Closed Normally"`)) {
		t.Errorf("$disconnect event: %s", ex.Event)
	}
	if _, err := f.api.PostToConnection("prod", c.ID(), []byte("late")); err == nil || err.Status != 410 || err.Type != "GoneException" || err.Body != "" {
		t.Errorf("POST after DELETE: %+v", err)
	}
	if _, err := f.api.DeleteConnection("prod", c.ID()); err == nil || err.Status != 410 {
		t.Errorf("DELETE twice: %v", err)
	}
}

func TestLimitsClose(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   websocket.Inbound
		code int
	}{
		{"message over 128 KB", websocket.Inbound{Data: bytes.Repeat([]byte("a"), 128*1024+1)}, 1009},
		{"frame over 32 KB", websocket.Inbound{Data: bytes.Repeat([]byte("a"), 40*1024), LargestFrame: 40 * 1024}, 1009},
		{"binary", websocket.Inbound{Data: []byte{1, 2}, Binary: true}, 1003},
	} {
		f := setup(t, chatYAML)
		c, p, _ := f.connect(t, "token=ok")
		ex := c.Receive(tc.in)
		if ex.CloseCode != tc.code || !p.closed || p.code != tc.code || c.Open() {
			t.Errorf("%s: close %d, peer %v %d", tc.name, ex.CloseCode, p.closed, p.code)
		}
	}
	// 128 KB exactly in 32 KB frames is fine
	f := setup(t, chatYAML)
	c, p, _ := f.connect(t, "token=ok")
	c.Receive(websocket.Inbound{Data: bytes.Repeat([]byte("a"), 128*1024), LargestFrame: 32 * 1024})
	if p.closed {
		t.Error("128 KB in 32 KB frames closed the connection")
	}
}

// The idle timeout and the 2-hour limit in virtual time: no sleeping.
func TestIdleAndMaxAge(t *testing.T) {
	f := setup(t, chatYAML)
	idle, pi, _ := f.connect(t, "token=ok")
	busy, pb, _ := f.connect(t, "token=ok")
	for i := 0; i < 9; i++ {
		f.clk.Advance(time.Minute)
		busy.Receive(websocket.Inbound{Data: []byte(`{"action":"oneway"}`)})
		if got := f.api.Sweep(); len(got) != 0 {
			t.Fatalf("minute %d: swept %d", i+1, len(got))
		}
	}
	f.clk.Advance(time.Minute) // idle: 10 minutes without traffic
	got := f.api.Sweep()
	if len(got) != 1 || got[0].ConnectionID != idle.ID() || !pi.closed || pi.code != 1001 || pb.closed {
		t.Fatalf("after 10 min: swept %d, idle closed %v/%d, busy closed %v", len(got), pi.closed, pi.code, pb.closed)
	}
	if !bytes.Contains(got[0].Event, []byte(`"disconnectStatusCode":1001`)) {
		t.Errorf("$disconnect event %s", got[0].Event)
	}
	// the busy one keeps talking, every 5 minutes, until the 2-hour limit
	for busy.Open() && f.clk.Now().Sub(t0) < 3*time.Hour {
		f.clk.Advance(5 * time.Minute)
		f.api.Sweep()
		if busy.Open() {
			busy.Receive(websocket.Inbound{Data: []byte(`{"action":"oneway"}`)})
		}
	}
	if age := f.clk.Now().Sub(busy.ConnectedAt()); age != 2*time.Hour || pb.code != 1001 {
		t.Errorf("busy closed after %s with %d, want 2h0m0s and 1001", age, pb.code)
	}
}

func TestNewConnectionRate(t *testing.T) {
	f := setup(t, strings.Replace(chatYAML, "        authorizationType: CUSTOM\n        authorizerId: tokenAuth\n", "", 1))
	refused := 0
	for i := 0; i < 600; i++ {
		if _, _, res := f.connect(t, ""); res.Status == 429 {
			refused++
		}
	}
	if refused != 100 {
		t.Errorf("%d of 600 connections in one instant refused with 429, want 100 (500/s)", refused)
	}
	f.clk.Advance(time.Second)
	if _, _, res := f.connect(t, ""); res.Status != 101 {
		t.Errorf("a second later: %d", res.Status)
	}
}

func TestAuthorizerContextOnEveryEvent(t *testing.T) {
	f := setup(t, chatYAML)
	c, _, _ := f.connect(t, "token=ok")
	ex := c.Receive(websocket.Inbound{Data: []byte(`{"action":"sendMessage"}`), Trace: true})
	var ev struct {
		RequestContext struct {
			Authorizer map[string]any `json:"authorizer"`
			MessageID  string         `json:"messageId"`
			EventType  string         `json:"eventType"`
		} `json:"requestContext"`
		Body string `json:"body"`
	}
	if err := json.Unmarshal(ex.Event, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.RequestContext.Authorizer["principalId"] != "alice" || ev.RequestContext.Authorizer["room"] != "lobby" ||
		ev.RequestContext.EventType != "MESSAGE" || ev.RequestContext.MessageID != ex.MessageID || ev.Body != `{"action":"sendMessage"}` {
		t.Errorf("event %s", ex.Event)
	}
}

type nopPeer struct{}

func (nopPeer) Send([]byte) error { return nil }
func (nopPeer) Close(int, string) {}

// BenchmarkReceive is one message through route selection, the Lambda simulation and the
// two-way reply, trace off (serve's hot path without the socket).
func BenchmarkReceive(b *testing.B) {
	f := setup(b, chatYAML)
	res := f.api.Connect(&websocket.ConnectRequest{Stage: "prod", RawQuery: "token=ok", Peer: nopPeer{}})
	f.gw.ObserveWebSocket(nil)
	in := websocket.Inbound{Data: []byte(`{"action":"sendMessage","text":"hi"}`)}
	b.ReportAllocs()
	for b.Loop() {
		res.Conn.Receive(in)
	}
}
