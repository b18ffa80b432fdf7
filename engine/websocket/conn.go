package websocket

import (
	"encoding/json"
	"strconv"
	"sync"
	"time"

	"apigwlab/engine/observe"
	"apigwlab/engine/reqid"
	"apigwlab/engine/wire"
)

type connState int

const (
	stateConnecting connState = iota // $connect is running: @connections answers 410 (fact 82)
	stateOpen
	stateClosed
)

// Conn is one WebSocket connection.
type Conn struct {
	api         *API
	st          *stage
	id          string
	peer        Peer
	sourceIP    string
	userAgent   string
	header      wire.Headers
	connectedAt time.Time
	authz       []byte // requestContext.authorizer of every event (fact 87)
	principal   string
	authzFields map[string]any // authz decoded, for mapping templates' $context.authorizer

	mu         sync.Mutex
	state      connState
	lastActive time.Time
	closeCode  int
	closeWhy   string
}

// ID is the connection id.
func (c *Conn) ID() string { return c.id }

// Stage is the stage the client connected to.
func (c *Conn) Stage() string { return c.st.name }

// ConnectedAt is when $connect accepted the connection.
func (c *Conn) ConnectedAt() time.Time { return c.connectedAt }

// LastActive is the last time a message went either way.
func (c *Conn) LastActive() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastActive
}

// Open reports whether the connection is still open.
func (c *Conn) Open() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state == stateOpen
}

// CloseStatus is the close code and reason once the connection has closed.
func (c *Conn) CloseStatus() (int, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closeCode, c.closeWhy
}

// Exchange is one connect, message, disconnect or @connections call as the gateway handled
// it: what the trace, the logs, metrics and the TUI show.
type Exchange struct {
	EventType    string // CONNECT, MESSAGE, DISCONNECT, or "" for an @connections call
	API, Stage   string
	ConnectionID string
	RequestID    string
	MessageID    string // MESSAGE only
	RouteKey     string // the selected route; "" when none matched
	At           time.Time
	// Status: CONNECT — the handshake status (101 accepted, else AWS's refusal);
	// @connections — the HTTP status of the call; otherwise the integration's status (0: none).
	Status int
	// Reply is the frame sent back to the client (a two-way route's result, or an error
	// frame); nil when nothing was sent.
	Reply []byte
	// Error is the message of an error frame or refused handshake ("Forbidden", "Internal
	// server error", "Unauthorized", …); "" when none.
	Error string
	// CloseCode/CloseReason are set when the gateway closed the connection.
	CloseCode   int
	CloseReason string
	// From names who made an @connections call: "" for an HTTP caller (serve's endpoint,
	// the control plane), "function NAME" for a function handling a route.
	From string
	// Pushes are the @connections POSTs the route's function made while it ran, in order.
	Pushes []PushResult
	// Function is the Lambda function the route called; Event the event it got.
	Function           string
	Event              []byte
	Latency            time.Duration
	IntegrationLatency time.Duration
	Integrated         bool
	// ClientError: refused before the integration (4XX from API Gateway); ExecutionError:
	// the integration could not be called or failed; IntegrationError: the integration
	// answered 4XX/5XX (the CloudWatch metrics of the same names).
	ClientError, ExecutionError, IntegrationError bool
	// Throttled: the stage's or the account's throttling refused it (429).
	Throttled bool
	// AccessLog is the stage's access-log line (accessLogSettings.format rendered); "" when
	// the stage has none.
	AccessLog string
	Trace     *observe.Trace

	conn *Conn // the connection, for the access log's identity and authorizer values
}

// ConnectRequest is a client's upgrade request to wss://…/{stage}.
type ConnectRequest struct {
	Stage    string
	Header   wire.Headers
	RawQuery string
	SourceIP string
	Peer     Peer
	Trace    bool
}

// ConnectResult is the outcome of a handshake.
type ConnectResult struct {
	// Conn is the open connection, nil when refused.
	Conn *Conn
	// Status is 101 when accepted, otherwise the HTTP status to refuse the upgrade with
	// (fact 77–80) and Body its body.
	Status int
	Body   string
	// Subprotocol is the Sec-WebSocket-Protocol the $connect integration returned (fact 81).
	Subprotocol string
	Exchange    *Exchange
}

// Connect runs a handshake: stage, new-connection rate, the $connect authorizer and
// integration. The connection is open when the result's Conn is set.
func (a *API) Connect(req *ConnectRequest) ConnectResult {
	now := a.env.Clock.Now()
	ex := &Exchange{EventType: EventConnect, API: a.Name, Stage: req.Stage, RouteKey: "$connect", At: now, RequestID: a.ids.Next()}
	if req.Trace {
		ex.Trace = observe.NewTrace()
	}
	res := ConnectResult{Exchange: ex}
	refuse := func(status int, body, msg string) ConnectResult {
		res.Status, res.Body, ex.Status, ex.Error = status, body, status, msg
		a.finish(ex)
		return res
	}
	st := a.stage(req.Stage)
	hop := ex.Trace.Hop("stage", "", 0, 0)
	if st == nil || !st.deployed {
		// An unknown stage is a 403 {"message":"Forbidden"}, as for the @connections endpoint
		// (fact 100, likely); so is a stage without a deployment (decided).
		why := "no stage " + strconv.Quote(req.Stage) + "; stages are " + joinQuoted(a.Stages())
		if st != nil {
			why = "stage " + strconv.Quote(req.Stage) + " has no deployment: create-deployment --api-id " + a.ID + " --stage-name " + req.Stage
		}
		hop.Decide("answered 403").Fact("why", why)
		ex.ClientError = true
		return refuse(403, `{"message":"Forbidden"}`, "Forbidden")
	}
	hop.Decide("stage " + st.name)
	if ok, _ := a.connects.Take(now); !ok {
		// 500 new connections per second per account (fact 103); refused with 429 at the
		// handshake (fact 80, unsure).
		ex.Trace.Hop("throttle", "answered 429", 0, 0).Fact("why", "more than 500 new connections per second (the account's quota)")
		ex.ClientError = true
		return refuse(429, `{"message":"Too Many Requests"}`, "Too Many Requests")
	}
	if a.throttled(st, "$connect", ex, now) {
		// The stage's throttling ($connect's routeSettings, else defaultRouteSettings) refuses
		// the handshake with 429, as a stage throttled to 0 does (fact 63;
		// terraform-aws-modules/terraform-aws-apigateway-v2#8: "429 errors when connecting",
		// gone once the stage's throttling was set). The body is unconfirmed (docs/fidelity.md).
		return refuse(429, `{"message":"Too Many Requests"}`, "Too Many Requests")
	}
	c := &Conn{api: a, st: st, id: a.ids.Next(), peer: req.Peer, sourceIP: req.SourceIP,
		userAgent: req.Header.Value("User-Agent"), header: req.Header, connectedAt: now, lastActive: now}
	if c.sourceIP == "" {
		c.sourceIP = "127.0.0.1"
	}
	ex.ConnectionID, ex.conn = c.id, c
	header := connectHeaders(req.Header, a.domainName, c.sourceIP, ex.RequestID)
	query := wire.ParseQuery(req.RawQuery)
	r := st.routes["$connect"]
	if r != nil && r.authz != nil {
		status, body, msg, authzJSON, principal := a.authorize(c, r.authz, header, query, ex)
		if status != 0 {
			ex.ClientError = status < 500
			ex.ExecutionError = status >= 500
			return refuse(status, body, msg)
		}
		c.authz, c.principal = authzJSON, principal
		_ = json.Unmarshal(authzJSON, &c.authzFields)
	}
	// The connection exists (and @connections knows it, answering 410) while $connect runs.
	a.mu.Lock()
	a.conns[c.id] = c
	a.mu.Unlock()
	if r == nil {
		ex.Trace.Hop("route", "no $connect route: accepted", 0, 0)
	} else {
		in := c.event(EventConnect, "$connect", "", ex.RequestID, now, header, query, nil, 0, "")
		out := c.integrate(r, in, ex)
		switch {
		case out.failed:
			// A $connect integration that fails refuses the upgrade with 502 (fact 79).
			a.drop(c)
			return refuse(502, `{"message": "Internal server error"}`, "Internal server error")
		case out.status != 0 && (out.status < 200 || out.status > 299):
			// Any non-2xx statusCode is the handshake's status; the body is dropped (fact 78, 81).
			a.drop(c)
			ex.Trace.Hop("connect", "answered "+strconv.Itoa(out.status), 0, 0).Fact("why", "the $connect integration returned statusCode "+strconv.Itoa(out.status)+": only 2xx accepts the connection")
			ex.IntegrationError = true
			return refuse(out.status, "", "")
		}
		res.Subprotocol = out.subprotocol
	}
	c.mu.Lock()
	c.state = stateOpen
	c.mu.Unlock()
	res.Conn, res.Status, ex.Status = c, 101, 101
	ex.Trace.Hop("connect", "accepted (101 Switching Protocols)", 0, 0).Fact("connectionId", c.id)
	a.finish(ex)
	return res
}

// connectHeaders are the headers of the $connect event: the client's, minus the hop-by-hop
// Connection and Upgrade, plus those API Gateway's front end adds (fact 83).
func connectHeaders(h wire.Headers, domain, sourceIP, requestID string) wire.Headers {
	out := make(wire.Headers, 0, len(h)+4)
	hasHost := false
	for _, x := range h {
		switch x.Name {
		case "Connection", "Upgrade", "connection", "upgrade":
			continue
		case "Host", "host":
			hasHost = true
		}
		out = append(out, x)
	}
	if !hasHost {
		out = append(wire.Headers{{Name: "Host", Value: domain}}, out...)
	}
	out = append(out,
		wire.Header{Name: "X-Amzn-Trace-Id", Value: "Root=1-" + traceHex(requestID)},
		wire.Header{Name: "X-Forwarded-For", Value: sourceIP},
		wire.Header{Name: "X-Forwarded-Port", Value: "443"},
		wire.Header{Name: "X-Forwarded-Proto", Value: "https"})
	return out
}

// traceHex makes an X-Ray style "8hex-24hex" from a request id (reproducible).
func traceHex(id string) string {
	h := reqid.Hash(id)
	g := reqid.Hash(id + "x")
	s := strconv.FormatUint(h, 16) + strconv.FormatUint(g, 16) + "000000000000000000000000000000000"
	return s[:8] + "-" + s[8:32]
}

// disconnectHeaders are the odd headers of a $disconnect event, as captured (fact 85).
func (c *Conn) disconnectHeaders() wire.Headers {
	return wire.Headers{{Name: "Host", Value: c.api.domainName}, {Name: "x-api-key", Value: ""},
		{Name: "X-Forwarded-For", Value: ""}, {Name: "x-restapi", Value: ""}}
}

func (c *Conn) event(typ, routeKey, messageID, requestID string, at time.Time, h wire.Headers, q []wire.QueryParam, body []byte, code int, why string) *eventInput {
	return &eventInput{eventType: typ, routeKey: routeKey, messageID: messageID, requestID: requestID,
		stage: c.st.name, connectionID: c.id, apiID: c.api.ID, domainName: c.api.domainName,
		sourceIP: c.sourceIP, userAgent: c.userAgent, connectedAt: c.connectedAt, at: at,
		header: h, query: q, stageVars: c.cur().vars, body: body, disconnectCode: code, disconnectWhy: why, authorizer: c.authz}
}

// drop forgets a connection that never opened.
func (a *API) drop(c *Conn) {
	a.mu.Lock()
	delete(a.conns, c.id)
	a.mu.Unlock()
	c.mu.Lock()
	c.state = stateClosed
	c.mu.Unlock()
}

// Inbound is one message from the client.
type Inbound struct {
	Data   []byte
	Binary bool
	// LargestFrame is the size of the largest frame the message came in (0: one frame of
	// len(Data)). Transports that see frames report it; frames over 32 KB close the
	// connection with 1009 (fact 104).
	LargestFrame int
	// TooBig: the transport stopped reading a message past 128 KB (Data is not kept).
	TooBig bool
	Trace  bool
}

// Receive handles one message from the client: limits, route selection, the integration, and
// the reply (two-way routes), an error frame, or a close.
func (c *Conn) Receive(in Inbound) *Exchange {
	a := c.api
	now := a.env.Clock.Now()
	ex := &Exchange{EventType: EventMessage, API: a.Name, Stage: c.st.name, ConnectionID: c.id, At: now,
		RequestID: a.ids.Next(), MessageID: a.ids.Next(), conn: c}
	if in.Trace {
		ex.Trace = observe.NewTrace()
	}
	c.mu.Lock()
	if c.state != stateOpen {
		c.mu.Unlock()
		ex.Error = "connection closed"
		return ex
	}
	expired := now.Sub(c.lastActive) >= IdleTimeout || now.Sub(c.connectedAt) >= MaxConnectionAge
	c.lastActive = now
	c.mu.Unlock()
	if expired {
		// The gateway closed it before this message arrived.
		ex.Trace.Hop("connection", "closed before the message", 0, 0).Fact("why", "idle for 10 minutes or open for 2 hours")
		c.serverClose(CloseGoingAway, reasonGoingAway, "idle for 10 minutes or open for 2 hours")
		ex.CloseCode, ex.CloseReason = CloseGoingAway, reasonGoingAway
		return ex
	}
	frame := in.LargestFrame
	if frame == 0 {
		frame = len(in.Data)
	}
	limit := ex.Trace.Hop("limits", "", 0, 0)
	switch {
	case in.Binary:
		return c.closeFor(ex, limit, CloseUnsupported, reasonBinary, "a binary frame: WebSocket APIs take text messages")
	case in.TooBig || len(in.Data) > MaxMessageBytes:
		return c.closeFor(ex, limit, CloseMessageTooBig, "", "the message is over 128 KB, the limit")
	case frame > MaxFrameBytes:
		return c.closeFor(ex, limit, CloseMessageTooBig, "", "a frame has "+strconv.Itoa(frame)+" bytes; the limit is 32 KB")
	}
	if limit != nil {
		limit.Decide("within limits").Fact("size", strconv.Itoa(len(in.Data))+" bytes")
	}

	sel := a.set.Load().selection
	key, isJSON := sel.eval(in.Data)
	r := c.cur().routes[key]
	hop := ex.Trace.Hop("route", "", 0, 0)
	if hop != nil {
		hop.Fact("expression", sel.String()).Fact("value", strconv.Quote(key))
	}
	if !isJSON {
		hop.Fact("why", "the message is not a JSON object: it goes to $default")
	}
	if r == nil || !isJSON {
		r = c.cur().routes["$default"]
		if r == nil {
			// No route and no $default: the Forbidden error frame; the socket stays open (fact 93).
			if hop != nil {
				hop.Decide("no route: Forbidden error frame").Fact("why", "no route "+strconv.Quote(key)+" and no $default route")
			}
			ex.ClientError = true
			c.reply(ex, errorFrame("Forbidden", c.id, ex.RequestID), "Forbidden")
			a.finish(ex)
			return ex
		}
	}
	ex.RouteKey = r.key
	if hop != nil {
		hop.Decide("route " + r.key)
	}
	if a.throttled(c.cur(), r.key, ex, now) {
		// A throttled message gets an error frame in the shape of the others (fact 93, 94)
		// with the 429 text; the socket stays open. Unconfirmed: docs/fidelity.md.
		c.reply(ex, errorFrame("Too Many Requests", c.id, ex.RequestID), "Too Many Requests")
		a.finish(ex)
		return ex
	}
	if r.models != nil {
		vhop := ex.Trace.Hop("validation", "", 0, 0)
		if why := r.models.check(in.Data); why != "" {
			// "sends a \"Bad request body\" gateway response to the client" (developer guide,
			// websocket-api-request-validation), in the shape of the other error frames.
			if vhop != nil {
				vhop.Decide("Bad request body").Fact("why", why)
			}
			ex.ClientError = true
			c.reply(ex, errorFrame("Bad request body", c.id, ex.RequestID), "Bad request body")
			a.finish(ex)
			return ex
		}
		if vhop != nil {
			vhop.Decide("the message matches its model")
		}
	}
	ev := c.event(EventMessage, r.key, ex.MessageID, ex.RequestID, now, nil, nil, in.Data, 0, "")
	out := c.integrate(r, ev, ex)
	switch {
	case out.failed:
		// Integration failure: the Internal server error frame, even on a one-way route
		// (fact 94); a timeout's text is not documented (fact 95, unsure).
		msg := "Internal server error"
		if out.timedOut {
			msg = "Endpoint request timed out"
		}
		c.reply(ex, errorFrame(msg, c.id, ex.RequestID), msg)
	case r.twoWay && out.hasBody:
		// Two-way route: the result's body is the frame (fact 90).
		ex.Trace.Hop("route response", "sent the body", 0, 0).Fact("frame", string(out.body))
		c.reply(ex, out.body, "")
	case r.twoWay:
		ex.Trace.Hop("route response", "nothing sent", 0, 0).Fact("why", "the result has no body")
	default:
		ex.Trace.Hop("route response", "none (one-way route)", 0, 0).Fact("why", "the route has no routeResponseSelectionExpression: API Gateway sends nothing back (fact 89)")
	}
	a.finish(ex)
	return ex
}

func (c *Conn) closeFor(ex *Exchange, hop *observe.Hop, code int, reason, why string) *Exchange {
	hop.Decide("closed with "+strconv.Itoa(code)).Fact("why", why)
	ex.CloseCode, ex.CloseReason, ex.ClientError = code, reason, true
	c.api.finish(ex)
	c.serverClose(code, reason, why)
	return ex
}

func (c *Conn) reply(ex *Exchange, frame []byte, errMsg string) {
	ex.Reply, ex.Error = frame, errMsg
	c.mu.Lock()
	c.lastActive = c.api.env.Clock.Now()
	c.mu.Unlock()
	if c.peer != nil {
		_ = c.peer.Send(frame)
	}
}

// Closed tells the gateway the client closed the connection (or it broke) with code and
// reason; the $disconnect route runs. 1005 (no status in the close frame) is reported as
// AWS does (fact 85).
func (c *Conn) Closed(code int, reason string) *Exchange {
	if code == CloseNoStatus && reason == "" {
		reason = reasonNoStatus
	}
	if code == CloseAbnormal && reason == "" {
		reason = reasonAbnormal
	}
	return c.disconnect(code, reason, 0, "", false, "the client closed the connection")
}

// serverClose closes the connection from the gateway's side (limits, DELETE @connections):
// the close frame goes to the client and $disconnect runs.
func (c *Conn) serverClose(code int, reason, why string) *Exchange {
	return c.disconnect(code, reason, code, reason, true, why)
}

// deleted closes the connection for DELETE @connections: the $disconnect event reports
// 1000 "Connection Closed Normally" (fact 101, likely); the one capture of what the client
// then sees shows 1001 "Going away" (CAP-ws-1001, unsure), which is what the client gets.
func (c *Conn) deleted(why string) *Exchange {
	return c.disconnect(CloseNormal, reasonNormal, CloseGoingAway, reasonGoingAway, true, why)
}

// disconnect closes the connection once: the client gets peerCode/peerWhy when the gateway
// closes it (server), and $disconnect runs with code/reason.
func (c *Conn) disconnect(code int, reason string, peerCode int, peerWhy string, server bool, why string) *Exchange {
	a := c.api
	c.mu.Lock()
	if c.state == stateClosed {
		c.mu.Unlock()
		return nil
	}
	c.state, c.closeCode, c.closeWhy = stateClosed, code, reason
	c.mu.Unlock()
	a.mu.Lock()
	delete(a.conns, c.id)
	a.mu.Unlock()
	if server && c.peer != nil {
		c.peer.Close(peerCode, peerWhy)
	}
	now := a.env.Clock.Now()
	ex := &Exchange{EventType: EventDisconnect, API: a.Name, Stage: c.st.name, ConnectionID: c.id, At: now,
		RequestID: a.ids.Next(), RouteKey: "$disconnect", CloseCode: code, CloseReason: reason, conn: c}
	if !server {
		ex.CloseCode, ex.CloseReason = 0, ""
	}
	// $disconnect is best effort and runs after the connection is closed (fact 86): nothing
	// it returns reaches the client.
	ex.Trace = observe.NewTrace()
	ex.Trace.Hop("connection", "closed "+strconv.Itoa(code), 0, 0).Fact("why", why).Fact("disconnectReason", reason)
	// The $disconnect event reports DELETE @connections as 1000 "Connection Closed Normally"
	// (fact 101).
	evCode, evWhy := code, reason
	if r := c.cur().routes["$disconnect"]; r != nil {
		ev := c.event(EventDisconnect, "$disconnect", "", ex.RequestID, now, c.disconnectHeaders(), nil, nil, evCode, evWhy)
		c.integrate(r, ev, ex)
	}
	a.finish(ex)
	return ex
}

// finish records an exchange: metrics, then the observer.
func (a *API) finish(ex *Exchange) {
	a.record(ex)
	a.accessLog(ex, a.stage(ex.Stage))
	if a.env.Observe != nil {
		a.env.Observe(ex)
	}
}

func joinQuoted(items []string) string {
	s := ""
	for i, x := range items {
		if i > 0 {
			s += ", "
		}
		s += strconv.Quote(x)
	}
	return s
}
