package engine

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"apigwlab/engine/auth"
	"apigwlab/engine/cache"
	"apigwlab/engine/gwresponse"
	"apigwlab/engine/integration"
	"apigwlab/engine/mapping"
	"apigwlab/engine/observe"
	"apigwlab/engine/router"
	"apigwlab/engine/throttle"
	"apigwlab/engine/wire"
)

// DefaultSourceIP is the client address of a request that names none: a documentation
// address (TEST-NET-3, RFC 5737), the same for invoke, the TUI, scenarios and labs, so a
// resource policy behaves alike in all of them.
const DefaultSourceIP = "203.0.113.10"

// MaxPayload is API Gateway's payload limit, 10 MB (limits.md).
const MaxPayload = 10 << 20

// Request is what a client sends, as it arrives at the gateway.
type Request struct {
	// API names the REST API (name or id); "" means the workspace's first.
	API string
	// Method is the HTTP method.
	Method string
	// Path is the raw request path, stage first: /prod/pets/7 (still percent-encoded).
	Path string
	// RawQuery is the query string without "?".
	RawQuery string
	Header   wire.Headers
	Body     string
	// SourceIP is the client address ($context.identity.sourceIp); default DefaultSourceIP.
	SourceIP string
	// SourceVpce is the interface VPC endpoint the request came through ("" for none):
	// aws:SourceVpce in policies, $context.identity.vpceId; PRIVATE APIs need one.
	SourceVpce string
	// Trace asks for the hops and execution log of this request.
	Trace bool
}

// Response is what the gateway answers, with what it knows about how it got there.
type Response struct {
	Status int
	Header wire.Headers
	Body   string
	// Latency is the request's total time in the gateway (CloudWatch Latency);
	// IntegrationLatency the part spent in the backend (0 when it was not called).
	Latency            time.Duration
	IntegrationLatency time.Duration
	Integrated         bool
	RequestID          string
	API, APIID, Stage  string
	Resource, Method   string // the matched resource template and declared method
	// RouteKey is an HTTP API's matched route ("GET /pets/{id}", "$default"); Type is the
	// API's type, APITypeREST or APITypeHTTP ("" when no API matched).
	RouteKey, Type string
	Canary         bool
	// Cache is 1 for a stage-cache hit, 2 for a miss, 0 when the method is not cached.
	Cache int
	// Function and FunctionVersion name the Lambda function that ran ("" when none) and
	// the version that executed after alias routing ("$LATEST", "3").
	Function, FunctionVersion string
	// AuthorizerFunction and AuthorizerVersion name the Lambda authorizer function when it
	// ran for this request ("" when there is none, or its cached result was used).
	AuthorizerFunction, AuthorizerVersion string
	// GatewayResponse is the gateway response type when the gateway itself answered
	// (THROTTLED, MISSING_AUTHENTICATION_TOKEN, …); "" when the integration did.
	GatewayResponse string
	// AccessLog is the stage's access-log line for this request ("" without accessLogSettings).
	AccessLog string
	// Trace holds hops and execution log when Request.Trace was set.
	Trace *observe.Trace
}

// call is one request in flight through the pipeline.
type call struct {
	g         *Gateway
	req       *Request
	api       *restAPI
	stage     *stage
	dep       *deployment
	m         *method
	params    []router.Param
	vars      map[string]string
	isCanary  bool
	stagePath string
	start     time.Time
	elapsed   time.Duration // engine time spent so far
	trace     *observe.Trace
	ctx       integration.RequestContext
	traceRand [3]uint64
	cfID      string // X-Amz-Cf-Id, for a request to an edge-optimized API
	query     []wire.QueryParam
	queryDone bool

	// the integration request, after request mapping
	integBody     string
	integStatus   int    // MOCK status, HTTP backend status
	integErr      bool   // Lambda raised, or (HTTP) always matched by status
	integErrMsg   string // Lambda errorMessage
	integLatency  time.Duration
	integrated    bool
	integHeader   wire.Headers
	integPayload  string
	traceIDHeader bool // X-Amzn-Trace-Id on the response (AWS, AWS_PROXY, HTTP)
	function      string
	fnVersion     string
	key           *apiKey              // the caller's API key, when the method requires one
	plan          *throttle.PlanLimits // its usage plan on this stage
	authorizerKey string               // usageIdentifierKey from a Lambda authorizer
	authResult    *auth.Result         // what the Lambda authorizer allowed with
	claims        map[string]any       // the Cognito token's claims
	frontDoor     bool                 // answered before API Gateway (over-10-MB body)
	authzFn       string               // the Lambda authorizer function, when it ran
	authzVersion  string
	proxyEvent    bool // LambdaEvent builds a proxy event (else the mapped body)
	done          bool // a stage answered (a cache hit): skip the rest
	cacheKey      cache.Key
	cacheSettings cache.Settings
	cacheStore    bool        // store the response after the integration
	cacheOutcome  int         // cacheHit, cacheMiss
	cacheWarning  wire.Header // the Cache-Control warning header, when one is due
	reqOverride   mapping.RequestOverride
	respOverride  mapping.ResponseOverride
	overrides     *mapping.Overrides // both override maps as the last template left them
	errMessage    string             // $context.error.message of the gateway response, if any
	errValidation string             // $context.error.validationErrorString, if any
	event         []byte             // the Lambda event, once built
	test          bool               // test-invoke-method: no auth steps, no metrics (testinvoke.go)
	testResource  string             // test-invoke-method: the method's resource path
	via           *domainHit         // the custom domain the request came through (domains.go)

	// the method response
	status int
	header wire.Headers
	body   string
}

// Invoke answers one request. It never panics and never returns nil: any problem becomes the
// response AWS would send.
func (g *Gateway) Invoke(req *Request) *Response {
	resp := &Response{}
	g.InvokeInto(req, resp)
	return resp
}

// callPool recycles the per-request state: a replay runs millions of requests.
var callPool = sync.Pool{New: func() any { return new(call) }}

// InvokeInto answers one request into resp, reusing resp's header storage: the replay
// runner's hot loop calls it with one Response. Everything else in resp is overwritten.
func (g *Gateway) InvokeInto(req *Request, resp *Response) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if d, host := g.domainFor(req); d != nil {
		g.invokeDomain(d, host, req, resp) // domains.go
		return
	}
	if len(g.httpByKey) > 0 {
		if h := g.httpAPIFor(req.API); h != nil {
			g.invokeHTTP(h, req, resp, nil)
			return
		}
	}
	g.invokeREST(req, resp, nil)
}

// invokeREST runs the REST pipeline; via is the custom domain the request came through
// (nil for the default endpoint).
func (g *Gateway) invokeREST(req *Request, resp *Response, via *domainHit) {
	c := callPool.Get().(*call)
	*c = call{g: g, req: req, start: g.clock.Now(), via: via}
	c.header = resp.Header[:0]
	if cap(c.header) == 0 {
		c.header = make(wire.Headers, 0, 8)
	}
	if req.Trace {
		c.trace = observe.NewTrace()
	}
	api := g.restAPIFor(req.API)
	reqID, extID, tr, cfID := g.ids.nextFor(api != nil && api.access != nil && api.access.edge != nil)
	c.traceRand, c.cfID = tr, cfID
	c.ctx.RequestID, c.ctx.ExtendedRequestID = reqID, extID
	*resp = Response{RequestID: reqID, Trace: c.trace}
	if e := c.run(); e != nil {
		c.answer(e, resp)
	}
	c.finish(resp)
	c.corsHop(resp) // what a browser would make of it (trace only)
	*c = call{}
	callPool.Put(c)
}

// restAPIFor is the REST API a request names (the first when it names none), or nil.
func (g *Gateway) restAPIFor(name string) *restAPI {
	if name == "" && len(g.apis) > 0 {
		return g.apis[0]
	}
	return g.byKey[name]
}

// edgeResponsePop is the CloudFront edge location apigwlab's edge-optimized APIs answer
// from: one fixed POP code in the form captures show ("NRT57-C3", "ATL59-P1").
const edgeResponsePop = "IAD89-C1"

// edgeResponseHeaders adds what the CloudFront distribution of an edge-optimized API puts
// on every answer, after API Gateway's own headers: X-Cache ("Miss from cloudfront", or
// "Error from cloudfront" for a 4xx/5xx), Via, X-Amz-Cf-Pop and X-Amz-Cf-Id, in that
// order (captures: a WaniCTF 2021 write-up's 500 from an execute-api URL; Hive's API
// 200 "X-Cache: Miss from cloudfront"; an Amplify 403 "x-cache: Error from cloudfront").
// A REGIONAL or PRIVATE API has none of them. A Via the backend sent gets the hop after
// its own, as a proxy appends to Via.
func (c *call) edgeResponseHeaders() {
	xcache := "Miss from cloudfront"
	if c.status >= 400 {
		xcache = "Error from cloudfront"
	}
	_, via := c.api.access.edge.server(c.traceRand)
	for i := 0; i < len(c.header); i++ { // one pass; CloudFront replaces the others
		n := c.header[i].Name
		if l := len(n); (l != 3 && l != 7 && l != 11 && l != 12) || (n[0]|0x20 != 'x' && n[0]|0x20 != 'v') {
			continue // not one of the four (API Gateway's own x-amzn-RequestId, x-amz-apigw-id…)
		}
		switch {
		case strings.EqualFold(n, "Via"):
			via = c.header[i].Value + ", " + via
		case !strings.EqualFold(n, "X-Cache") && !strings.EqualFold(n, "X-Amz-Cf-Pop") && !strings.EqualFold(n, "X-Amz-Cf-Id"):
			continue
		}
		c.header = append(c.header[:i], c.header[i+1:]...)
		i--
	}
	c.header = append(c.header, wire.Header{Name: "X-Cache", Value: xcache}, wire.Header{Name: "Via", Value: via},
		wire.Header{Name: "X-Amz-Cf-Pop", Value: edgeResponsePop}, wire.Header{Name: "X-Amz-Cf-Id", Value: c.cfID})
}

// run is the pipeline: route, then the method's compiled steps.
func (c *call) run() *gwresponse.Error {
	if e := c.route(); e != nil {
		return e
	}
	for i := range c.m.steps {
		if c.test && c.m.steps[i].notInTest {
			continue
		}
		if e := c.m.steps[i].run(c); e != nil {
			return e
		}
		if c.done {
			return nil
		}
	}
	c.cacheStoreResponse()
	return nil
}

// at is the engine time now, for log lines.
func (c *call) at() time.Time { return c.start.Add(c.elapsed) }

// Query returns the decoded query parameters, parsed once.
func (c *call) Query() []wire.QueryParam {
	if !c.queryDone {
		c.query = wire.ParseQuery(c.req.RawQuery)
		c.queryDone = true
	}
	return c.query
}

// answer renders a gateway response: the API's customisation applied to AWS's defaults.
func (c *call) answer(e *gwresponse.Error, resp *Response) {
	if e == errExecuteAPIDisabled { // not a gateway response type: not customisable (domains.go)
		c.status, c.body = 403, forbiddenBody
		c.header = append(c.header[:0], wire.Header{Name: "Content-Type", Value: "application/json"},
			wire.Header{Name: "x-amzn-ErrorType", Value: "ForbiddenException"})
		return
	}
	if e.Type == gwresponse.RequestTooLarge && !c.integrated {
		// AWS's front door refuses an over-10-MB body before API Gateway: plain text, no
		// gateway response, no request ids (aws-facts.md §7) — as `serve` answers it.
		c.frontDoor = true
		c.status, c.body = 413, e.Body
		c.header = append(c.header[:0], wire.Header{Name: "Content-Type", Value: "text/plain"})
		resp.GatewayResponse = string(e.Type)
		if h := c.trace.Hop("gateway response", "answered 413", c.elapsed, 0); h != nil {
			h.Fact("responseType", "none: AWS's front door answers before API Gateway (a REQUEST_TOO_LARGE gateway response is not used)")
		}
		return
	}
	var custom map[gwresponse.Type]*gwresponse.Custom
	switch {
	case c.dep != nil: // the gateway responses the stage's deployment froze
		custom = c.dep.defs.responses
	case c.api != nil:
		custom = c.api.responses
	}
	c.errMessage, c.errValidation = e.Message, e.ValidationErrorString
	r := gwresponse.Resolve(e, custom, c.req.Header.Value("Accept"))
	c.status = r.Status
	c.header = c.header[:0]
	c.header.Add("Content-Type", "application/json")
	switch {
	case r.Template != "":
		c.body = c.renderGatewayTemplate(r.Template, e)
	case e.Body != "":
		c.body = e.Body
	default:
		c.body = `{"message":` + gwresponse.MessageString(e.Message) + `}`
	}
	for _, k := range sortedParams(r.Parameters) { // map order would vary run to run
		name, ok := strings.CutPrefix(k, "gatewayresponse.header.")
		if !ok {
			continue
		}
		c.header.Set(name, c.parameterValue(r.Parameters[k]))
	}
	c.header.Set("x-amzn-ErrorType", r.ErrorType)
	c.traceIDHeader = false
	resp.GatewayResponse = string(e.Type)
	if h := c.trace.Hop("gateway response", "answered "+strconv.Itoa(r.Status), c.elapsed, 0); h != nil {
		h.Fact("responseType", string(e.Type)).Fact("message", e.Message)
		if r.Custom {
			h.Fact("customised", "yes: the API's gatewayResponses apply")
		}
	}
	if e.Log != "" {
		c.trace.Line(c.at(), e.Log)
	}
}

// parameterValue evaluates a mapping expression of a gateway response parameter:
// 'literal', method.request.header|querystring|path.NAME, stageVariables.NAME, context.NAME.
func (c *call) parameterValue(expr string) string {
	v, _ := c.lookupParameter(expr)
	return v
}

// lookupParameter evaluates a parameter mapping's source and says whether it is there: a
// mapping whose source the request lacks is left out of the integration request, not sent
// empty (LS snapshot test_apigateway_header_remapping_http: unmapped-source headers absent).
func (c *call) lookupParameter(expr string) (string, bool) {
	if len(expr) >= 2 && expr[0] == '\'' && expr[len(expr)-1] == '\'' {
		return expr[1 : len(expr)-1], true
	}
	if name, ok := strings.CutPrefix(expr, "method.request.header."); ok {
		return c.req.Header.Get(name)
	}
	if name, ok := strings.CutPrefix(expr, "method.request.querystring."); ok {
		v, found := "", false
		for _, q := range c.Query() {
			if q.Name == name {
				v, found = q.Value, true
			}
		}
		return v, found
	}
	if name, ok := strings.CutPrefix(expr, "method.request.path."); ok {
		for _, p := range c.params {
			if p.Name == name {
				return p.Value, true
			}
		}
		return "", false
	}
	if name, ok := strings.CutPrefix(expr, "stageVariables."); ok {
		v, found := c.vars[name]
		return v, found
	}
	if name, ok := strings.CutPrefix(expr, "context."); ok {
		v := c.contextValue(name)
		return v, v != ""
	}
	return "", false
}

// contextValue is $context.NAME for the variables known before mapping templates land.
func (c *call) contextValue(name string) string {
	x := &c.ctx
	switch name {
	case "requestId":
		return x.RequestID
	case "extendedRequestId":
		return x.ExtendedRequestID
	case "apiId":
		return x.APIID
	case "accountId":
		return x.AccountID
	case "stage":
		return x.Stage
	case "resourcePath":
		return x.ResourcePath
	case "resourceId":
		return x.ResourceID
	case "httpMethod":
		return x.HTTPMethod
	case "path":
		return x.Path
	case "protocol":
		return x.Protocol
	case "domainName":
		return x.DomainName
	case "domainPrefix":
		return x.DomainPrefix
	case "requestTime":
		return c.requestTime()
	case "requestTimeEpoch":
		return strconv.FormatInt(x.RequestTimeEpoch, 10)
	case "deploymentId":
		return x.DeploymentID
	case "identity.sourceIp":
		return x.SourceIP
	case "identity.userAgent":
		return x.UserAgent
	case "identity.accountId":
		return x.IdentityAccountID
	case "identity.caller":
		return x.Caller
	case "identity.user":
		return x.User
	case "identity.userArn":
		return x.UserArn
	case "identity.accessKey":
		return x.AccessKey
	case "identity.vpceId":
		return x.VpceID
	case "identity.vpcId":
		return x.VpcID
	case "isCanaryRequest":
		return strconv.FormatBool(c.isCanary)
	}
	return ""
}

// finish adds the headers every response carries, records metrics and closes the log.
func (c *call) finish(resp *Response) {
	if c.cacheWarning.Name != "" {
		c.header = append(c.header, c.cacheWarning)
	}
	if !c.frontDoor && !c.test {
		// A test invocation answers the method response's headers alone (LS snapshots
		// test_invoke_test_method, test_apigw_test_invoke_method_api: no request ids).
		c.header.Set("x-amzn-RequestId", c.ctx.RequestID)
		c.header.Set("x-amz-apigw-id", c.ctx.ExtendedRequestID)
	}
	if c.traceIDHeader {
		c.header.Set("X-Amzn-Trace-Id", c.traceID())
	}
	resp.Status = c.status
	resp.Header = c.header
	resp.Body = c.body
	resp.Latency = c.elapsed
	resp.IntegrationLatency = c.integLatency
	resp.Integrated = c.integrated
	resp.Canary = c.isCanary
	resp.Cache = c.cacheOutcome
	resp.Function, resp.FunctionVersion = c.function, c.fnVersion
	resp.AuthorizerFunction, resp.AuthorizerVersion = c.authzFn, c.authzVersion
	if c.api != nil {
		resp.API, resp.APIID, resp.Type = c.api.name, c.api.id, APITypeREST
	}
	if c.stage != nil && !c.test {
		resp.Stage = c.stage.name
		c.g.metrics.Record(observe.Sample{API: c.api.name, Stage: c.stage.name, At: c.start,
			Status: c.status, Latency: c.elapsed, IntegrationLatency: c.integLatency, Integrated: c.integrated, Cache: c.cacheOutcome})
	}
	if c.m != nil {
		resp.Resource, resp.Method = c.m.resource, c.m.httpMethod
		if c.trace != nil {
			// AWS logs the method response only for an execution that completed; a failed
			// one ends with the failure line (written by answer) and the status.
			if resp.GatewayResponse == "" {
				c.trace.Line(c.at(), "Method response body after transformations: ", truncate(c.body))
				c.trace.Line(c.at(), "Method response headers: ", c.methodResponseHeaders())
				c.trace.Line(c.at(), "Successfully completed execution")
			}
			c.trace.Line(c.at(), "Method completed with status: ", itoa(c.status))
		}
	}
	if c.cfID != "" && !c.frontDoor && !c.test {
		// CloudFront's, added after API Gateway answered: not in its execution log
		c.edgeResponseHeaders()
		resp.Header = c.header
	}
	c.writeAccessLog(resp)
}

// requestTime is $context.requestTime in CLF format, formatted on first use.
func (c *call) requestTime() string {
	if c.ctx.RequestTime == "" {
		c.ctx.RequestTime = c.start.UTC().Format("02/Jan/2006:15:04:05 -0700")
	}
	return c.ctx.RequestTime
}

// LambdaTraceID gives a code function the request's trace id (lambda.TraceIDSource).
func (c *call) LambdaTraceID() string { return c.traceID() }

func (c *call) traceID() string {
	if c.ctx.TraceID == "" {
		c.ctx.TraceID = traceID(c.start.Unix(), c.traceRand)
	}
	return c.ctx.TraceID
}

// methodResponseHeaders is the execution log's "Method response headers": the trace id
// first, then the method response's own headers, without the request ids the front door
// adds ("{X-Amzn-Trace-Id=Root=…, Content-Type=application/json}" for a Lambda custom
// integration, "{Content-Type=application/json}" for MOCK: LS snapshots
// test_apigw_test_invoke_method_api and test_invoke_test_method, recorded against AWS).
func (c *call) methodResponseHeaders() string {
	h := make(wire.Headers, 0, len(c.header))
	if v, ok := c.header.Get("X-Amzn-Trace-Id"); ok {
		h = append(h, wire.Header{Name: "X-Amzn-Trace-Id", Value: v})
	}
	for _, x := range c.header {
		switch x.Name {
		case "X-Amzn-Trace-Id", "x-amzn-RequestId", "x-amz-apigw-id":
			continue
		}
		h = append(h, x)
	}
	return headerMap(h)
}

// headerMap renders headers as AWS's execution log does: {Name=value, Name=value}.
func headerMap(h wire.Headers) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, x := range h {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(x.Name)
		b.WriteByte('=')
		b.WriteString(x.Value)
	}
	b.WriteByte('}')
	return b.String()
}

// truncate shortens a body for the execution log, as AWS does (it logs the first 1 KB and
// says "[TRUNCATED]").
func truncate(s string) string {
	if len(s) > 1024 {
		return s[:1024] + " [TRUNCATED]"
	}
	return s
}

// truncateBytes is truncate for a byte slice, converting only what is kept.
func truncateBytes(b []byte) string {
	if len(b) > 1024 {
		return string(b[:1024]) + " [TRUNCATED]"
	}
	return string(b)
}
