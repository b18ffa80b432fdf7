// Package server adapts net/http to the gateway: `apigwlab serve` answers real HTTP requests
// on execute-api style paths (/{stage}/{path}) through the same Invoke the CLI, the TUI and
// replays use. Transport stays out of the engine.
package server

import (
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"apigwlab/engine"
	"apigwlab/engine/wire"
)

// Options tune the handler.
type Options struct {
	// API is the REST API for requests whose Host does not name one ({apiId}.execute-api.…);
	// "" means the workspace's first.
	API string
	// Sleep makes a response wait for its simulated latency, so clients feel the 29 s
	// timeout; off, answers come at once with the latency only in the log.
	Sleep bool
	// Log receives one line per request (nil: none). Lines are written whole, one Write
	// each, under a lock: concurrent requests never interleave.
	Log io.Writer
	// Now is the wall clock (tests replace it).
	Now func() time.Time
	// BodyBudget bounds the bytes all request bodies in flight hold together
	// (0: DefaultBodyBudget). A body that cannot get memory within a few seconds is
	// answered 503.
	BodyBudget int64
	// Changed, when set, is called after each control-plane request that changed the
	// gateway (any method but GET and HEAD, answered 2xx), before its answer is sent:
	// serve --state saves the workspace there (changed.go).
	Changed func(*engine.Gateway)
}

// VpceHeader names the interface VPC endpoint a test request pretends to come through
// (engine.Request.SourceVpce: aws:SourceVpce, PRIVATE APIs). It is apigwlab's own: on AWS
// the endpoint is known from the network path, not from a header.
const VpceHeader = "x-apigwlab-vpce"

// TooLargeBody is AWS's answer to a body over the 10 MB payload limit: plain text from the
// front door, no JSON and no gateway-response headers (aws-facts.md §7).
const TooLargeBody = "HTTP content length exceeded 10485760 bytes."

// Server is the HTTP face of a gateway. Swap replaces the gateway (serve --watch) while
// requests run: each request keeps the gateway it started with until it has answered.
type Server struct {
	opts     Options
	cur      atomic.Pointer[deployed]
	inflight atomic.Int64
	logMu    sync.Mutex
	bodies   *budget
	ws       wsState // WebSocket connections (websocket.go)
}

// deployed is one gateway and what the handler derives from it once.
type deployed struct {
	gw  *engine.Gateway
	ids map[string]string // API id → name, for Host: {apiId}.execute-api.…
}

var _ http.Handler = (*Server)(nil)

// New returns a server answering with gw.
func New(gw *engine.Gateway, opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.BodyBudget <= 0 {
		opts.BodyBudget = DefaultBodyBudget
	}
	s := &Server{opts: opts, bodies: newBudget(opts.BodyBudget)}
	s.Swap(gw)
	return s
}

// Handler serves the gateway over HTTP (New without the ability to swap).
func Handler(gw *engine.Gateway, opts Options) http.Handler { return New(gw, opts) }

// Swap makes gw answer every request that starts from now on. In-flight requests finish on
// the gateway they started with; its state (throttle buckets, cache, metrics) is not carried
// over, as a new deployment on AWS starts with an empty cache.
func (s *Server) Swap(gw *engine.Gateway) {
	d := &deployed{gw: gw, ids: map[string]string{}}
	// create-api may add a WebSocket API while serve runs: observe them all
	gw.ObserveWebSocket(s.wsLog)
	for _, a := range gw.APIs() {
		d.ids[a.ID] = a.Name
	}
	s.cur.Store(d)
}

// Gateway is the gateway answering now.
func (s *Server) Gateway() *engine.Gateway { return s.cur.Load().gw }

// InFlight is the number of requests being answered now (shutdown reports it).
func (s *Server) InFlight() int64 { return s.inflight.Load() }

// exchange is the per-request state the handler recycles: serve's hot path allocates
// little beyond what the engine itself needs.
type exchange struct {
	req  engine.Request
	resp engine.Response
	line []byte
}

var exchangePool = sync.Pool{New: func() any { return &exchange{line: make([]byte, 0, 160)} }}

// ServeHTTP answers one request through the gateway.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.opts.Now()
	s.inflight.Add(1)
	defer s.inflight.Add(-1)
	d := s.cur.Load()
	if d.gw.HasWebSocketAPIs() && s.serveWebSocket(w, r, d) {
		return
	}
	// Over 10 MB: answer before reading the body, so a huge upload costs nothing.
	if r.ContentLength > engine.MaxPayload {
		s.tooLarge(w, r, start)
		return
	}
	if headerValueBytes(r) > MaxHeaderValueBytes {
		s.frontDoor(w, r, start, HeadersTooLargeBody, "(header values over 10240 bytes)")
		return
	}
	body, held, err := s.readBody(r)
	defer s.bodies.release(held)
	if err != nil {
		if err == errTooLarge {
			s.tooLarge(w, r, start)
			return
		}
		if err == errBusy {
			// apigwlab's own limit (AWS's front door does not run out): see docs/cli.md.
			w.Header().Set("Retry-After", "1")
			http.Error(w, "apigwlab serve: "+err.Error()+"; retry, or raise it with --body-budget", http.StatusServiceUnavailable)
			s.logLine(r, start, http.StatusServiceUnavailable, "", 0, "", "(body memory budget in use: answered 503)")
			return
		}
		// A client that stops sending (ReadTimeout) or hangs up: nobody reads the answer.
		http.Error(w, "read body: "+err.Error(), http.StatusBadRequest)
		s.logLine(r, start, http.StatusBadRequest, "", 0, "", "(could not read the body: "+err.Error()+")")
		return
	}

	if isLambdaPlane(r, func(seg string) bool { return servedStage(d.gw, s.opts.API, seg) }) {
		s.serveNoting(s.serveLambdaPlane, w, r, d.gw, []byte(body)) // lambdaplane.go
		return
	}
	if isControlPlane(r, func(seg string) bool { return servedStage(d.gw, s.opts.API, seg) }) {
		s.serveNoting(s.serveControlPlane, w, r, d.gw, []byte(body))
		return
	}

	x := exchangePool.Get().(*exchange)
	defer x.release()
	hdr := x.req.Header[:0]
	x.req = engine.Request{API: s.opts.API, Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
		SourceIP: clientIP(r), SourceVpce: r.Header.Get(VpceHeader), Body: body}
	// {apiId}.execute-api.{region}.amazonaws.com picks the API, as on AWS.
	if strings.Contains(r.Host, ".execute-api.") {
		host, _, _ := strings.Cut(r.Host, ".")
		if name, ok := d.ids[host]; ok {
			x.req.API = name
		} else if d.gw.HasAPI(host) {
			x.req.API = host // created through the control plane after serve started
		}
	}
	if id, path, ok := userRequest(x.req.Path); ok {
		x.req.API, x.req.Path = id, path
	}
	// The engine keeps nothing of the request's header slice after InvokeInto returns
	// (caches copy what they keep), so its storage is reused for the next request.
	x.req.Header = headersOf(r, hdr)
	d.gw.InvokeInto(&x.req, &x.resp)
	resp := &x.resp

	if !s.simulatedWait(w, r, start, resp.Latency) {
		s.logLine(r, start, resp.Status, resp.GatewayResponse, resp.Latency, resp.RequestID, "(client went away before the simulated latency)")
		return
	}
	writeResponse(w, resp)
	s.logLine(r, start, resp.Status, resp.GatewayResponse, resp.Latency, resp.RequestID, "")
}

// simulatedWait waits out a simulated latency (with --sleep, serve's default) and reports
// false when the client went away meanwhile. What the engine already spent in real time (a
// code function's run) is not waited again.
func (s *Server) simulatedWait(w http.ResponseWriter, r *http.Request, start time.Time, latency time.Duration) bool {
	wait := latency - s.opts.Now().Sub(start)
	if !s.opts.Sleep || wait <= 0 {
		return true
	}
	if latency > 15*time.Second {
		// Keep the server's WriteTimeout from cutting a long simulated wait (29 s
		// timeouts plus an authorizer): this response may take that long.
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(latency + 30*time.Second))
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// release returns the exchange to the pool, keeping only the header slices' storage so a
// large body or trace is not held on to.
func (x *exchange) release() {
	x.req = engine.Request{Header: x.req.Header[:0]}
	x.resp = engine.Response{Header: x.resp.Header[:0]}
	exchangePool.Put(x)
}

// writeResponse copies the gateway's answer to the client, keeping AWS's header casing
// (x-amzn-RequestId): the header map is filled directly, not through canonicalising Set.
func writeResponse(w http.ResponseWriter, resp *engine.Response) {
	h := w.Header()
	// One backing array for every single-valued header instead of one slice each.
	vals := make([]string, len(resp.Header))
	hasLength := false
	for i, x := range resp.Header {
		if old, ok := h[x.Name]; ok {
			h[x.Name] = append(old, x.Value)
			continue
		}
		vals[i] = x.Value
		h[x.Name] = vals[i : i+1 : i+1]
		if !hasLength && strings.EqualFold(x.Name, "Content-Length") {
			hasLength = true
		}
	}
	if !hasLength {
		// AWS answers with a Content-Length; net/http would otherwise chunk bodies past its
		// buffer.
		h["Content-Length"] = []string{strconv.Itoa(len(resp.Body))}
	}
	w.WriteHeader(resp.Status)
	io.WriteString(w, resp.Body)
}

// tooLarge answers 413 as AWS's front door does, without reading the body.
func (s *Server) tooLarge(w http.ResponseWriter, r *http.Request, start time.Time) {
	s.frontDoor(w, r, start, TooLargeBody, "(body over the 10 MB payload limit)")
}

// MaxHeaderValueBytes is AWS's quota on the total size of a request's header values
// ("Total combined size of all header values", 10240 bytes, not adjustable: API Gateway
// quotas; the HTTP API table counts the request line too).
const MaxHeaderValueBytes = 10240

// HeadersTooLargeBody is the answer past MaxHeaderValueBytes. The text is what users report
// from AWS; the 413 status is from aws-facts.md §7 and unconfirmed (docs/fidelity.md).
const HeadersTooLargeBody = "HTTP header is larger than 10240 bytes."

// headerValueBytes is the total size of the request's header values, Host included.
func headerValueBytes(r *http.Request) int {
	n := len(r.Host)
	for _, vs := range r.Header {
		for _, v := range vs {
			n += len(v)
		}
	}
	return n
}

// frontDoor answers 413 with AWS's plain-text message, before the gateway and without
// reading the body: no JSON, no gateway-response headers.
func (s *Server) frontDoor(w http.ResponseWriter, r *http.Request, start time.Time, body, note string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	// The rest of the upload is not read: tell the client the connection ends here.
	h.Set("Connection", "close")
	w.WriteHeader(http.StatusRequestEntityTooLarge)
	io.WriteString(w, body)
	s.logLine(r, start, http.StatusRequestEntityTooLarge, "REQUEST_TOO_LARGE", 0, "", note)
}

var errTooLarge = &tooLargeError{}

type tooLargeError struct{}

func (*tooLargeError) Error() string { return TooLargeBody }

// logLine writes the request's log line:
//
//	08:15:02 GET /prod/pets → 200 (23ms simulated, 24ms real) 6f1c…
//
// It is built into a pooled buffer and written in one call.
func (s *Server) logLine(r *http.Request, start time.Time, status int, gwResponse string, latency time.Duration, reqID, note string) {
	if s.opts.Log == nil {
		return
	}
	x := exchangePool.Get().(*exchange)
	b := start.UTC().AppendFormat(x.line[:0], "15:04:05")
	b = append(b, ' ')
	b = append(b, r.Method...)
	b = append(b, ' ')
	b = append(b, r.URL.RequestURI()...)
	b = append(b, " → "...)
	b = strconv.AppendInt(b, int64(status), 10)
	if gwResponse != "" {
		b = append(b, ' ')
		b = append(b, gwResponse...)
	}
	b = append(b, " ("...)
	b = appendDuration(b, latency)
	b = append(b, " simulated, "...)
	b = appendDuration(b, s.opts.Now().Sub(start))
	b = append(b, " real)"...)
	if reqID != "" {
		b = append(b, ' ')
		b = append(b, reqID...)
	}
	if note != "" {
		b = append(b, ' ')
		b = append(b, note...)
	}
	b = append(b, '\n')
	s.logMu.Lock()
	s.opts.Log.Write(b)
	s.logMu.Unlock()
	x.line = b
	exchangePool.Put(x)
}

// appendDuration appends d rounded to the millisecond as time.Duration prints it (23ms,
// 1.5s, 0s), without the allocation of Duration.String.
func appendDuration(b []byte, d time.Duration) []byte {
	d = d.Round(time.Millisecond)
	switch {
	case d == 0:
		return append(b, "0s"...)
	case d < time.Second && d > -time.Second:
		b = strconv.AppendInt(b, int64(d/time.Millisecond), 10)
		return append(b, "ms"...)
	case d < time.Minute:
		b = strconv.AppendFloat(b, d.Seconds(), 'f', -1, 64)
		return append(b, 's')
	}
	return append(b, d.String()...)
}

// headersOf lists the request's headers in a stable (sorted) order into dst. net/http
// canonicalises header names, so the client's own casing (which AWS keeps in proxy events)
// is lost here; Host is added back since net/http moves it out of the header map.
func headersOf(r *http.Request, dst wire.Headers) wire.Headers {
	var arr [24]string // names on the stack for the common case
	names := arr[:0]
	n := 1
	for k, vs := range r.Header {
		names = append(names, k)
		n += len(vs)
	}
	slices.Sort(names)
	h := dst[:0]
	if cap(h) < n {
		h = make(wire.Headers, 0, n)
	}
	if r.Host != "" {
		h = append(h, wire.Header{Name: "Host", Value: r.Host})
	}
	for _, k := range names {
		for _, v := range r.Header[k] {
			h = append(h, wire.Header{Name: k, Value: v})
		}
	}
	return h
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
