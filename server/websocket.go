package server

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	wsapi "apigwlab/engine/websocket"
)

// WebSocket APIs over real sockets (gorilla/websocket): ws://HOST/{stage} upgrades through
// the API's $connect, each message goes through Conn.Receive, and the management API answers
// at AWS's path, /{stage}/@connections/{connectionId} (aws-facts-v2 facts 71, 96), so a
// backend or curl can push to a client.

const writeWait = 10 * time.Second

// wsState is the server's live WebSocket connections (for the sweeper and shutdown).
type wsState struct {
	mu      sync.Mutex
	peers   map[*wsPeer]struct{}
	sweeper sync.Once
	stop    chan struct{}
	stopped bool
}

// wsPeer is one gorilla connection as the engine's Peer.
type wsPeer struct {
	conn   *websocket.Conn
	api    *wsapi.API
	ec     *wsapi.Conn
	wmu    sync.Mutex
	closed atomic.Bool // the gateway closed it: the reader must not report a client close
	frames *frameWatch
}

var errNotUpgraded = errors.New("the connection is not upgraded yet")

func (p *wsPeer) Send(msg []byte) error {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	if p.conn == nil {
		return errNotUpgraded
	}
	_ = p.conn.SetWriteDeadline(time.Now().Add(writeWait))
	return p.conn.WriteMessage(websocket.TextMessage, msg)
}

func (p *wsPeer) Close(code int, reason string) {
	if p.closed.Swap(true) {
		return
	}
	p.wmu.Lock()
	defer p.wmu.Unlock()
	if p.conn == nil {
		return // setConn closes it
	}
	_ = p.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(writeWait))
	_ = p.conn.Close()
}

// setConn attaches the upgraded socket; the gateway may have closed the connection in
// between (DELETE @connections right after $connect), then the socket closes at once.
func (p *wsPeer) setConn(conn *websocket.Conn) bool {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	p.conn = conn
	if p.closed.Load() {
		code, reason := p.ec.CloseStatus()
		_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(writeWait))
		_ = conn.Close()
		return false
	}
	return true
}

// wsAPIFor picks the WebSocket API a request is for: by Host {apiId}.execute-api.…, else
// the workspace's only (or first) WebSocket API.
func wsAPIFor(d *deployed, r *http.Request) *wsapi.API {
	apis := d.gw.WebSocketAPIs()
	if len(apis) == 0 {
		return nil
	}
	if strings.Contains(r.Host, ".execute-api.") {
		host, _, _ := strings.Cut(r.Host, ".")
		for _, a := range apis {
			if a.ID == host {
				return a
			}
		}
	}
	return apis[0]
}

// serveWebSocket answers WebSocket upgrades and @connections calls; it reports false for
// every other request (left to the REST/HTTP pipeline).
func (s *Server) serveWebSocket(w http.ResponseWriter, r *http.Request, d *deployed) bool {
	api := wsAPIFor(d, r)
	if api == nil {
		return false
	}
	path := r.URL.Path
	if stage, id, ok := connectionsPath(path); ok {
		s.connections(w, r, api, stage, id)
		return true
	}
	if !websocket.IsWebSocketUpgrade(r) {
		return false
	}
	stage := strings.Trim(path, "/")
	if strings.Contains(stage, "/") {
		return false
	}
	s.upgrade(w, r, api, stage)
	return true
}

// connectionsPath parses /{stage}/@connections/{id} (the @ may come as %40, fact 96).
func connectionsPath(p string) (stage, id string, ok bool) {
	p = strings.Replace(p, "%40", "@", 1)
	stage, rest, found := strings.Cut(strings.TrimPrefix(p, "/"), "/@connections/")
	if !found || stage == "" || strings.Contains(stage, "/") || rest == "" || strings.Contains(rest, "/") {
		return "", "", false
	}
	return stage, rest, true
}

func (s *Server) connections(w http.ResponseWriter, r *http.Request, api *wsapi.API, stage, id string) {
	start := s.opts.Now()
	var err *wsapi.ManageError
	status := 0
	switch r.Method {
	case http.MethodPost:
		body, held, rerr := s.readBody(r)
		defer s.bodies.release(held)
		if rerr != nil {
			http.Error(w, "read body: "+rerr.Error(), http.StatusBadRequest)
			return
		}
		_, err = api.PostToConnection(stage, id, []byte(body))
		status = http.StatusOK
	case http.MethodGet:
		var info wsapi.ConnectionInfo
		info, err = api.GetConnection(stage, id)
		if err == nil {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write(info.JSON())
			s.logLine(r, start, http.StatusOK, "", 0, "", "(@connections)")
			return
		}
	case http.MethodDelete:
		_, err = api.DeleteConnection(stage, id)
		status = http.StatusNoContent
	default:
		// API Gateway's wording for a method the management API does not have (fact 100).
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = w.Write([]byte(`{"message":"Missing Authentication Token"}`))
		return
	}
	if err != nil {
		w.Header().Set("x-amzn-ErrorType", err.Type)
		if err.Body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(err.Status)
		_, _ = w.Write([]byte(err.Body))
		s.logLine(r, start, err.Status, err.Type, 0, "", "(@connections)")
		return
	}
	w.WriteHeader(status)
	s.logLine(r, start, status, "", 0, "", "(@connections)")
}

var upgrader = websocket.Upgrader{
	ReadBufferSize:  4096,
	WriteBufferSize: 4096,
	// Idle connections hold no write buffer (the 10,000-connection load check: make load-ws).
	WriteBufferPool: &sync.Pool{},
	// API Gateway accepts any origin; browsers' pages elsewhere may connect.
	CheckOrigin: func(*http.Request) bool { return true },
}

func (s *Server) upgrade(w http.ResponseWriter, r *http.Request, api *wsapi.API, stage string) {
	start := s.opts.Now()
	s.ws.mu.Lock()
	stopping := s.ws.stopped
	s.ws.mu.Unlock()
	if stopping {
		// serve is shutting down (apigwlab's answer; the listener is about to close).
		http.Error(w, "apigwlab serve is stopping", http.StatusServiceUnavailable)
		return
	}
	p := &wsPeer{api: api, frames: &frameWatch{}}
	// p.ec is set before setConn; Close before then only marks p closed.
	res := api.Connect(&wsapi.ConnectRequest{Stage: stage, Header: headersOf(r, nil), RawQuery: r.URL.RawQuery,
		SourceIP: clientIP(r), Peer: p})
	if res.Conn == nil {
		// Refused before the upgrade with AWS's status (facts 77–80).
		if res.Body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(res.Status)
		_, _ = w.Write([]byte(res.Body))
		s.logLine(r, start, res.Status, res.Exchange.Error, 0, res.Exchange.RequestID, "(WebSocket $connect refused)")
		s.wsAccessLog(res.Exchange)
		return
	}
	var hdr http.Header
	if res.Subprotocol != "" {
		hdr = http.Header{"Sec-Websocket-Protocol": {res.Subprotocol}}
	}
	conn, err := upgrader.Upgrade(&hijackWatch{ResponseWriter: w, watch: p.frames}, r, hdr)
	if err != nil {
		// The client is gone or the handshake was malformed; the gateway's connection closes.
		res.Conn.Closed(wsapi.CloseAbnormal, "")
		return
	}
	p.ec = res.Conn
	if !p.setConn(conn) {
		return
	}
	// Messages over 128 KB: gorilla stops reading and the connection closes with 1009 (fact 104).
	conn.SetReadLimit(wsapi.MaxMessageBytes)
	if !s.track(p) {
		p.Close(websocket.CloseGoingAway, "Going away")
		res.Conn.Closed(websocket.CloseGoingAway, "Going away")
		return
	}
	s.logLine(r, start, http.StatusSwitchingProtocols, "", 0, res.Exchange.RequestID, "(WebSocket connected "+res.Conn.ID()+")")
	s.wsAccessLog(res.Exchange)
	go s.readLoop(p)
}

// readLoop feeds the client's messages to the gateway until the connection closes.
func (s *Server) readLoop(p *wsPeer) {
	defer s.untrack(p)
	for {
		typ, data, err := p.conn.ReadMessage()
		if err != nil {
			if p.closed.Load() {
				return // the gateway closed it and ran $disconnect
			}
			var ce *websocket.CloseError
			switch {
			case errors.Is(err, websocket.ErrReadLimit):
				p.ec.Receive(wsapi.Inbound{TooBig: true})
			case errors.As(err, &ce):
				p.closed.Store(true)
				p.ec.Closed(ce.Code, ce.Text)
				_ = p.conn.Close()
			default:
				p.closed.Store(true)
				p.ec.Closed(wsapi.CloseAbnormal, "")
				_ = p.conn.Close()
			}
			return
		}
		p.ec.Receive(wsapi.Inbound{Data: data, Binary: typ == websocket.BinaryMessage, LargestFrame: p.frames.takeLargest()})
	}
}

func (s *Server) track(p *wsPeer) bool {
	st := &s.ws
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.stopped {
		return false
	}
	if st.peers == nil {
		st.peers = map[*wsPeer]struct{}{}
		st.stop = make(chan struct{})
	}
	st.peers[p] = struct{}{}
	st.sweeper.Do(func() { go s.sweep(st.stop) })
	return true
}

func (s *Server) untrack(p *wsPeer) {
	s.ws.mu.Lock()
	delete(s.ws.peers, p)
	s.ws.mu.Unlock()
}

// sweep applies the idle timeout and the 2-hour limit once a second.
func (s *Server) sweep(stop chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		seen := map[*wsapi.API]bool{}
		s.ws.mu.Lock()
		for p := range s.ws.peers {
			seen[p.api] = true
		}
		s.ws.mu.Unlock()
		for api := range seen {
			api.Sweep()
		}
	}
}

// WebSocketConns is the number of open WebSocket connections.
func (s *Server) WebSocketConns() int {
	s.ws.mu.Lock()
	defer s.ws.mu.Unlock()
	return len(s.ws.peers)
}

// CloseWebSockets closes every WebSocket connection with 1001 Going away (graceful
// shutdown; http.Server.Shutdown does not touch hijacked connections) and refuses new ones.
func (s *Server) CloseWebSockets() int {
	s.ws.mu.Lock()
	s.ws.stopped = true
	peers := make([]*wsPeer, 0, len(s.ws.peers))
	for p := range s.ws.peers {
		peers = append(peers, p)
	}
	if s.ws.stop != nil {
		close(s.ws.stop)
		s.ws.stop = nil
	}
	s.ws.mu.Unlock()
	for _, p := range peers {
		p.Close(websocket.CloseGoingAway, "Going away")
		p.ec.Closed(websocket.CloseGoingAway, "Going away")
	}
	return len(peers)
}

// hijackWatch hands gorilla a connection whose incoming bytes are watched for frame sizes:
// gorilla reassembles frames and never says how large each was, and API Gateway closes a
// connection that sends a frame over 32 KB (fact 104).
type hijackWatch struct {
	http.ResponseWriter
	watch *frameWatch
}

func (h *hijackWatch) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	if brw.Reader.Buffered() > 0 {
		return conn, brw, nil // gorilla refuses this handshake anyway
	}
	wc := &watchedConn{Conn: conn, watch: h.watch}
	return wc, bufio.NewReadWriter(bufio.NewReader(wc), brw.Writer), nil
}

type watchedConn struct {
	net.Conn
	watch *frameWatch
}

func (c *watchedConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.watch.feed(b[:n])
	return n, err
}

// frameWatch parses the client's frame headers (RFC 6455 §5.2) as bytes go by and keeps
// the largest data-frame payload seen since the last takeLargest.
type frameWatch struct {
	hdr     [14]byte
	have    int   // header bytes collected
	skip    int64 // payload bytes left in the current frame
	largest atomic.Int64
}

func (f *frameWatch) feed(b []byte) {
	for len(b) > 0 {
		if f.skip > 0 {
			n := int64(len(b))
			if n > f.skip {
				n = f.skip
			}
			f.skip -= n
			b = b[n:]
			continue
		}
		f.hdr[f.have] = b[0]
		f.have++
		b = b[1:]
		if f.have < 2 {
			continue
		}
		need := 2
		switch f.hdr[1] & 0x7f {
		case 126:
			need += 2
		case 127:
			need += 8
		}
		if f.hdr[1]&0x80 != 0 {
			need += 4
		}
		if f.have < need {
			continue
		}
		var n int64
		switch l := f.hdr[1] & 0x7f; l {
		case 126:
			n = int64(f.hdr[2])<<8 | int64(f.hdr[3])
		case 127:
			for i := 2; i < 10; i++ {
				n = n<<8 | int64(f.hdr[i])
			}
		default:
			n = int64(l)
		}
		if f.hdr[0]&0x08 == 0 && n > f.largest.Load() { // data frames (control opcodes have bit 3 set)
			f.largest.Store(n)
		}
		f.skip, f.have = n, 0
	}
}

func (f *frameWatch) takeLargest() int { return int(f.largest.Swap(0)) }

// wsLog writes one line per WebSocket message, disconnect and push, and the stage's
// access-log line under it when the stage has accessLogSettings:
//
//	08:15:02 WS MESSAGE prod BFaT_fALIAMCKug= route sendMessage → reply 6 bytes (reply, 12ms simulated) R1knPH17NjMFftw=
//	  access log: BFaT_fALIAMCKug= MESSAGE sendMessage 200
func (s *Server) wsLog(ex *wsapi.Exchange) {
	if s.opts.Log == nil || ex.EventType == wsapi.EventConnect || ex.EventType == "" && ex.From == "" {
		return // connects and HTTP @connections calls are logged as HTTP requests
	}
	var b strings.Builder
	b.WriteString(s.opts.Now().UTC().Format("15:04:05"))
	if ex.EventType == "" {
		// A function's @connections call (its SDK client or declared pushes).
		b.WriteString(" WS " + ex.RouteKey + " " + ex.Stage + " " + ex.ConnectionID + " by " + ex.From + " → " + strconv.Itoa(ex.Status))
		if ex.Error != "" {
			b.WriteString(" " + ex.Error)
		}
		b.WriteString(" " + ex.RequestID + "\n")
		s.logMu.Lock()
		_, _ = io.WriteString(s.opts.Log, b.String())
		s.logMu.Unlock()
		return
	}
	b.WriteString(" WS " + ex.EventType + " " + ex.Stage + " " + ex.ConnectionID)
	if ex.RouteKey != "" {
		b.WriteString(" route " + ex.RouteKey)
	}
	b.WriteString(" →")
	switch {
	case ex.CloseCode != 0:
		b.WriteString(" closed " + strconv.Itoa(ex.CloseCode))
	case ex.Error != "":
		b.WriteString(" error frame " + strconv.Quote(ex.Error))
	case ex.Reply != nil:
		b.WriteString(" reply " + strconv.Itoa(len(ex.Reply)) + " bytes")
	default:
		b.WriteString(" no reply")
	}
	if ex.Function != "" {
		b.WriteString(" (" + ex.Function + ", " + ex.IntegrationLatency.String() + " simulated)")
	}
	b.WriteString(" " + ex.RequestID + "\n")
	if ex.AccessLog != "" {
		b.WriteString("  access log: " + ex.AccessLog + "\n")
	}
	s.logMu.Lock()
	_, _ = io.WriteString(s.opts.Log, b.String())
	s.logMu.Unlock()
}

// wsAccessLog writes a handshake's access-log line (the stage's accessLogSettings) under
// its request's log line.
func (s *Server) wsAccessLog(ex *wsapi.Exchange) {
	if s.opts.Log == nil || ex == nil || ex.AccessLog == "" {
		return
	}
	s.logMu.Lock()
	_, _ = io.WriteString(s.opts.Log, "  access log: "+ex.AccessLog+"\n")
	s.logMu.Unlock()
}
