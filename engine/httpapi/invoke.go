package httpapi

import (
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"apigwlab/engine/observe"
	"apigwlab/engine/router"
	"apigwlab/engine/throttle"
	"apigwlab/engine/wire"
)

// Gateway error bodies of HTTP APIs (aws-facts-v2 §5): capitalised words, no space after
// the colon — unlike REST's {"message": "Internal server error"}.
const (
	bodyNotFound           = `{"message":"Not Found"}`
	bodyInternal           = `{"message":"Internal Server Error"}`
	bodyServiceUnavailable = `{"message":"Service Unavailable"}`
	bodyUnauthorized       = `{"message":"Unauthorized"}`
	bodyForbidden          = `{"message":"Forbidden"}`
	bodyTooMany            = `{"message":"Too Many Requests"}`
)

// gwError is an answer the gateway gives itself.
type gwError struct {
	status int
	body   string
	kind   string // $context.error.responseType-like name, for traces and reports
	msg    string // $context.error.message
	header wire.Headers
}

var (
	errNotFound    = &gwError{status: 404, body: bodyNotFound, kind: "NOT_FOUND", msg: "Not Found"}
	errInternal    = &gwError{status: 500, body: bodyInternal, kind: "INTEGRATION_FAILURE", msg: "Internal Server Error"}
	errUnavailable = &gwError{status: 503, body: bodyServiceUnavailable, kind: "INTEGRATION_TIMEOUT", msg: "Service Unavailable"}
	errThrottled   = &gwError{status: 429, body: bodyTooMany, kind: "THROTTLED", msg: "Too Many Requests"}
)

// MaxPayload is the HTTP API payload limit, 10 MB (fact 69).
const MaxPayload = 10 << 20

// call is one request in flight.
type call struct {
	api      *API
	env      *Env
	req      *Request
	st       *stage
	r        *route
	params   []router.Param
	path     string // rawPath: decoded, stage segment included for a named stage
	start    time.Time
	elapsed  time.Duration
	trace    *observe.Trace
	reqID    string
	traceRnd [2]uint64
	traceID  string
	query    []wire.QueryParam
	qdone    bool
	origin   string // the request's Origin, when CORS is configured

	// what the authorizer established
	claims    map[string]string // JWT claims, stringified (fact 29)
	scopes    []string
	lambdaCtx []byte // requestContext.authorizer.lambda JSON
	iam       *iamIdentity
	authErr   string // $context.authorizer.error

	// the integration request after parameter mapping
	header       wire.Headers // extra/overridden headers for the integration
	removed      []string
	qextra       []wire.QueryParam
	qremove      []string
	pathOverride string

	integStatus  int
	integLatency time.Duration
	integrated   bool
	integErr     string
	function     string
	fnVersion    string
	authzFn      string
	authzVersion string
	errKind      string
	errMsg       string

	status  int
	rheader wire.Headers
	body    string
}

var callPool = sync.Pool{New: func() any { return new(call) }}

// Invoke answers one request. It never panics and never returns nil.
func (a *API) Invoke(req *Request) *Response {
	resp := &Response{}
	a.InvokeInto(req, resp)
	return resp
}

// InvokeInto answers into resp, reusing resp.Header's storage.
func (a *API) InvokeInto(req *Request, resp *Response) {
	c := callPool.Get().(*call)
	*c = call{api: a, env: a.env, req: req, start: a.env.Clock.Now()}
	c.rheader = resp.Header[:0]
	if req.Trace {
		c.trace = observe.NewTrace()
	}
	c.reqID, c.traceRnd = a.ids.NextTraced()
	if e := c.run(); e != nil {
		c.answer(e)
	}
	c.finish(resp)
	*c = call{}
	callPool.Put(c)
}

func (c *call) run() *gwError {
	if e := c.route(); e != nil {
		return e
	}
	if c.st.cors != nil {
		c.origin = c.req.Header.Value("Origin")
	}
	if c.r == nil {
		// no route: a CORS preflight the gateway answers itself, or 404
		if c.preflight() {
			return nil
		}
		return errNotFound
	}
	if c.r.integ == nil {
		c.trace.Hop("integration", "answered 404", c.elapsed, 0).Fact("reason", "route "+c.r.key+" has no integration (target): update-route --target integrations/ID")
		return errNotFound
	}
	if e := c.authorize(); e != nil {
		return e
	}
	if e := c.throttle(); e != nil {
		return e
	}
	if e := c.mapRequest(); e != nil {
		return e
	}
	if e := c.integrate(); e != nil {
		return e
	}
	return c.mapResponse()
}

// route selects the stage, then the route (aws-facts-v2 §1.1–1.4).
func (c *call) route() *gwError {
	a, req := c.api, c.req
	if req.Domain != "" {
		c.trace.Hop("custom domain", "pass", 0, 0).Fact("domain", req.Domain).
			Fact("mapping", req.MappingKey+" → "+a.Name+" ("+a.ID+"), stage "+req.Stage).
			Fact("path", req.Path+" → "+req.RoutePath+" (the mapping key is stripped for routing; rawPath keeps it)")
	}
	hop := c.trace.Hop("route", "", 0, 0)
	if len(req.Body) > MaxPayload {
		hop.Decide("answered 413").Fact("reason", "body of "+strconv.Itoa(len(req.Body))+" bytes is over the 10 MB payload limit")
		return &gwError{status: 413, body: `{"message":"Request Entity Too Large"}`, kind: "REQUEST_TOO_LARGE", msg: "Request Entity Too Large"}
	}
	if a.disabled && req.Domain == "" {
		hop.Decide("answered 404").Fact("reason", "disableExecuteApiEndpoint: the default endpoint is off (HTTP APIs answer 404, REST APIs 403); custom domain names still reach the API")
		return errNotFound
	}
	p := req.Path
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	// Stage selection: through a custom domain, the API mapping's stage; else an explicit
	// stage segment wins, else $default (fact 2).
	seg, rest, _ := strings.Cut(p[1:], "/")
	routePath := p
	if req.Domain != "" {
		if c.st = a.stages[req.Stage]; c.st == nil {
			hop.Decide("answered 404").Fact("reason", "the API mapping names stage "+strconv.Quote(req.Stage)+", which the API no longer has")
			return errNotFound
		}
		routePath = req.RoutePath
	} else if st := a.stages[unescape(seg)]; st != nil && seg != "" && st.name != "$default" {
		c.st = st
		routePath = "/" + rest
	} else if st := a.stages["$default"]; st != nil {
		c.st = st
	} else {
		if hop != nil {
			hop.Decide("answered 404").Fact("reason", "no stage named "+strconv.Quote(seg)+" and no $default stage; stages: "+strings.Join(a.stageNames, ", "))
		}
		return errNotFound
	}
	// rawPath is percent-decoded (fact 10); routes match the decoded path.
	c.path = unescape(p)
	rp := unescape(routePath)
	m, res := c.st.routes.Lookup(req.Method, rp)
	if res == router.Found && strings.HasSuffix(rp, "/") && len(rp) > 1 && !strings.Contains(m.Value.path, "+}") {
		// a trailing slash is significant on HTTP APIs: GET /metrics does not serve /metrics/
		// (fact 11); the shared router ignores it, as REST APIs do
		res = router.NoResource
	}
	if hop != nil {
		hop.Fact("api", a.Name+" ("+a.ID+")").Fact("stage", c.st.name).Fact("path", rp)
	}
	if res == router.Found {
		c.r, c.params = m.Value, m.Params
	} else if c.st.defRoute != nil {
		c.r = c.st.defRoute
	}
	if c.r == nil {
		if hop != nil {
			hop.Decide("no route").Fact("reason", "no route matches "+req.Method+" "+rp+" and there is no $default route")
		}
		return nil
	}
	if hop != nil {
		hop.Decide("pass").Fact("routeKey", c.r.key)
		if res != router.Found {
			hop.Fact("why", "no route matches "+req.Method+" "+rp+": the $default route catches it")
		}
		if len(c.params) > 0 {
			hop.Fact("pathParameters", router.ParamsText(c.params))
		}
	}
	return nil
}

// unescape percent-decodes a path as HTTP APIs do before routing (fact 10); an invalid
// escape is left as written.
func unescape(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// Query returns the decoded query parameters, parsed once.
func (c *call) Query() []wire.QueryParam {
	if !c.qdone {
		c.query = wire.ParseQuery(c.req.RawQuery)
		c.qdone = true
	}
	return c.query
}

func (c *call) throttle() *gwError {
	now := c.start.Add(c.elapsed)
	d := c.env.Throttle.Check(&throttle.Request{API: c.api.ID, Stage: c.st.name, Resource: c.r.key, StageLimits: c.st.limits}, now)
	if h := c.trace.Hop("throttle", "", c.elapsed, 0); h != nil {
		h.Fact("bucket", d.Bucket).Fact("limits", d.Limits.String()).Fact("tokens", strconv.FormatFloat(d.Tokens, 'f', 2, 64))
		if d.OK {
			h.Decide("pass")
		} else {
			h.Decide("answered 429").Fact("level", d.Level)
		}
	}
	if !d.OK {
		return errThrottled
	}
	return nil
}

// answer renders a gateway error: AWS's status and body, application/json (fact 15).
func (c *call) answer(e *gwError) {
	c.status, c.body = e.status, e.body
	c.rheader = append(c.rheader[:0], wire.Header{Name: "Content-Type", Value: "application/json"})
	c.rheader = append(c.rheader, e.header...)
	c.errKind, c.errMsg = e.kind, e.msg
	c.corsHeaders()
	if h := c.trace.Hop("gateway response", "answered "+strconv.Itoa(e.status), c.elapsed, 0); h != nil {
		h.Fact("error", e.kind).Fact("body", e.body)
	}
}

// finish adds apigw-requestid (fact 17), writes the access log and fills resp.
func (c *call) finish(resp *Response) {
	c.rheader = append(c.rheader, wire.Header{Name: "apigw-requestid", Value: c.reqID})
	*resp = Response{
		Status: c.status, Header: c.rheader, Body: c.body,
		Latency: c.elapsed, IntegrationLatency: c.integLatency, Integrated: c.integrated,
		RequestID: c.reqID, Function: c.function, FunctionVersion: c.fnVersion,
		AuthorizerFunction: c.authzFn, AuthorizerVersion: c.authzVersion,
		Error: c.errKind, Trace: c.trace,
	}
	if c.st != nil {
		resp.Stage = c.st.name
		if m := c.env.Metrics; m != nil {
			m.Record(observe.Sample{API: c.api.Name, Stage: c.st.name, At: c.start, Status: c.status,
				Latency: c.elapsed, IntegrationLatency: c.integLatency, Integrated: c.integrated})
		}
		if c.st.accessLog != "" {
			resp.AccessLog = c.accessLog(c.st.accessLog)
		}
	}
	if c.r != nil {
		resp.RouteKey = c.r.key
	}
	if c.trace != nil {
		c.corsHop(resp) // what a browser would make of it
	}
}

// requestTime is $context.requestTime / requestContext.time in CLF.
func (c *call) requestTime() string { return c.start.UTC().Format("02/Jan/2006:15:04:05 -0700") }

// amznTraceID is the X-Amzn-Trace-Id the gateway adds: Root=1-<8 hex seconds>-<24 hex>.
func (c *call) amznTraceID() string {
	if c.traceID != "" {
		return c.traceID
	}
	const hex = "0123456789abcdef"
	var buf [7 + 8 + 1 + 24]byte
	copy(buf[:], "Root=1-")
	sec := c.start.Unix()
	for i := 0; i < 8; i++ {
		buf[7+i] = hex[(sec>>(4*(7-i)))&0xf]
	}
	buf[15] = '-'
	for i := 0; i < 24; i++ {
		buf[16+i] = hex[(c.traceRnd[i/16]>>(4*(i%16)))&0xf]
	}
	c.traceID = string(buf[:])
	return c.traceID
}
