package tui

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"apigwlab/engine"
	"apigwlab/engine/websocket"
	"apigwlab/engine/wire"
)

// The WebSocket connections the TUI opens: virtual clients of the in-process gateway's
// WebSocket APIs (engine/websocket), as `apigwlab ws -f` makes one. The gateway talks back
// through each client's peer (frames, a close) and reports every exchange to the observer;
// both are collected off the Update goroutine and read in Update after each action.

// wsPeer is a client end of a connection: it keeps what the gateway sends until Update
// reads it. The gateway may call it from any goroutine.
type wsPeer struct {
	mu     sync.Mutex
	events []peerEvent
}

// peerEvent is a frame the gateway sent, or its close.
type peerEvent struct {
	frame  []byte
	closed bool
	code   int
	reason string
}

func (p *wsPeer) Send(b []byte) error {
	p.mu.Lock()
	p.events = append(p.events, peerEvent{frame: bytes.Clone(b)})
	p.mu.Unlock()
	return nil
}

func (p *wsPeer) Close(code int, reason string) {
	p.mu.Lock()
	p.events = append(p.events, peerEvent{closed: true, code: code, reason: reason})
	p.mu.Unlock()
}

func (p *wsPeer) take() []peerEvent {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.events
	p.events = nil
	return out
}

var _ websocket.Peer = (*wsPeer)(nil)

// wsObserved collects the gateway's WebSocket exchanges (connect, message, disconnect,
// @connections calls) for Update.
type wsObserved struct {
	mu  sync.Mutex
	exs []*websocket.Exchange
}

func (o *wsObserved) add(ex *websocket.Exchange) {
	o.mu.Lock()
	o.exs = append(o.exs, ex)
	o.mu.Unlock()
}

func (o *wsObserved) take() []*websocket.Exchange {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := o.exs
	o.exs = nil
	return out
}

// frameKind is what a line of a connection's log is.
type frameKind int

const (
	frameInfo    frameKind = iota // connected, GET @connections, …
	frameSent                     // a message the client sent
	frameReply                    // a two-way route's answer (or an error frame) to a message
	framePush                     // a frame sent through @connections
	frameClosed                   // the connection closed
	frameRefused                  // the handshake was refused
)

// wsFrame is one line of a connection's log, with the exchange it came from for the flow
// view (en is nil for lines no exchange made).
type wsFrame struct {
	kind frameKind
	at   time.Time
	text string
	note string // how the gateway handled it: route, integration, status
	bad  bool   // an error frame, a refusal, an abnormal close
	en   *entry
}

// wsClient is one connection opened from the TUI.
type wsClient struct {
	name     string // A, B, … in the order they were opened
	api      *websocket.API
	stage    string
	query    string
	header   wire.Headers
	peer     *wsPeer
	conn     *websocket.Conn // nil when the handshake was refused
	frames   []wsFrame
	unread   int // frames that arrived while another connection was shown
	closed   bool
	closeMsg string
}

// id is the connection id, or "refused".
func (c *wsClient) id() string {
	if c.conn == nil {
		return "refused"
	}
	return c.conn.ID()
}

// state is the connection's state in a word: open, closed 1001, refused 401.
func (c *wsClient) state() string {
	switch {
	case c.conn == nil:
		return "refused"
	case c.closed:
		return c.closeMsg
	}
	return "open"
}

// wsAction is what a key asked of a connection; it runs off the Update goroutine.
type wsAction int

const (
	actConnect wsAction = iota
	actSend
	actPush
	actGet
	actDelete
	actDisconnect
)

// wsDoneMsg says an action finished: Update then reads the peers and the observer.
type wsDoneMsg struct {
	client *wsClient
	act    wsAction
	text   string // the message sent or pushed
	sent   *websocket.Exchange
	info   string // GET @connections' answer, an @connections error
	bad    bool
	res    websocket.ConnectResult
}

// run performs an action on the in-process gateway in a command: Lambda code functions
// run for real. The virtual clock is moved to now first, as for requests, and connections
// idle for 10 minutes (or open for 2 hours) are closed as the gateway would have by then.
func (s *shared) wsRun(c *wsClient, act wsAction, text string) tea.Cmd {
	clk, now := s.clock, s.now
	return func() tea.Msg {
		clk.Set(now())
		c.api.Sweep()
		m := wsDoneMsg{client: c, act: act, text: text}
		switch act {
		case actConnect:
			m.res = c.api.Connect(&websocket.ConnectRequest{Stage: c.stage, Header: c.header, RawQuery: c.query,
				SourceIP: engine.DefaultSourceIP, Peer: c.peer, Trace: true})
		case actSend:
			m.sent = c.conn.Receive(websocket.Inbound{Data: []byte(text), Trace: true})
		case actPush:
			if _, err := c.api.PostToConnection(c.stage, c.conn.ID(), []byte(text)); err != nil {
				m.info, m.bad = manageErrorText("POST", err), true
			}
		case actGet:
			info, err := c.api.GetConnection(c.stage, c.conn.ID())
			if err != nil {
				m.info, m.bad = manageErrorText("GET", err), true
			} else {
				m.info = "GET @connections → 200 " + string(info.JSON())
			}
		case actDelete:
			if _, err := c.api.DeleteConnection(c.stage, c.conn.ID()); err != nil {
				m.info, m.bad = manageErrorText("DELETE", err), true
			}
		case actDisconnect:
			c.conn.Closed(websocket.CloseNormal, "")
		}
		return m
	}
}

func manageErrorText(method string, err *websocket.ManageError) string {
	s := fmt.Sprintf("%s @connections → %d %s", method, err.Status, err.Type)
	if err.Body != "" {
		s += " " + err.Body
	}
	return s
}

// wsEntry makes a history entry of an exchange, so that the flow view and the logs show a
// message like a request: Req is what the client sent, Resp what the gateway did.
func wsEntry(ex *websocket.Exchange, c *wsClient, sent string) *entry {
	method, path := ex.EventType, "/"+ex.Stage
	if ex.EventType == "" { // an @connections call: "POST @connections"
		method, _, _ = strings.Cut(ex.RouteKey, " ")
		path += "/@connections/" + ex.ConnectionID
	}
	req := engine.Request{API: ex.API, Method: method, Path: path, Body: sent, SourceIP: engine.DefaultSourceIP}
	if ex.EventType == websocket.EventConnect && c != nil {
		req.RawQuery, req.Header = c.query, c.header
	}
	resp := &engine.Response{Status: ex.Status, Body: string(ex.Reply), Latency: ex.Latency,
		IntegrationLatency: ex.IntegrationLatency, Integrated: ex.Integrated, RequestID: ex.RequestID,
		API: ex.API, Stage: ex.Stage, RouteKey: ex.RouteKey, Type: engine.APITypeWebSocket,
		Function: ex.Function, AccessLog: ex.AccessLog, Trace: ex.Trace}
	return &entry{API: ex.API, Req: req, Resp: resp, At: ex.At, WS: ex}
}

// exchangeNote says in a line how the gateway handled a message: the route it selected,
// the integration and what came back.
func exchangeNote(ex *websocket.Exchange) string {
	var parts []string
	if ex.RouteKey != "" {
		parts = append(parts, "route "+ex.RouteKey)
	}
	if ex.Function != "" {
		fn := "λ " + ex.Function
		if ex.Status != 0 {
			fn += " → " + strconv.Itoa(ex.Status)
		}
		parts = append(parts, fn)
	} else if ex.Integrated && ex.Status != 0 {
		parts = append(parts, "integration → "+strconv.Itoa(ex.Status))
	}
	if n := len(ex.Pushes); n > 0 {
		sent := 0
		for _, p := range ex.Pushes {
			if p.Status == 200 {
				sent++
			}
		}
		parts = append(parts, fmt.Sprintf("pushed to %d of %d", sent, n))
	}
	switch {
	case ex.Error != "":
		parts = append(parts, "error frame "+strconv.Quote(ex.Error))
	case ex.CloseCode != 0:
		parts = append(parts, "closed "+strconv.Itoa(ex.CloseCode))
	case ex.EventType == websocket.EventMessage && ex.Reply == nil:
		parts = append(parts, "nothing sent back")
	}
	if ex.Latency > 0 {
		parts = append(parts, fmtMs(ex.Latency))
	}
	return strings.Join(parts, " · ")
}
