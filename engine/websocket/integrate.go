package websocket

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"apigwlab/engine/auth"
	"apigwlab/engine/integration"
	"apigwlab/engine/lambda"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// outcome is what an integration returned, as the route needs it.
type outcome struct {
	failed, timedOut bool
	status           int // the result's statusCode; 0 when it had none
	body             []byte
	hasBody          bool
	subprotocol      string
}

// integrate calls the route's integration with the event and records the hop.
func (c *Conn) integrate(r *route, ev *eventInput, ex *Exchange) outcome {
	in := r.integ
	if in.nonProxy {
		return c.nonProxy(r, ev, ex)
	}
	if in.typ == model.IntegrationHTTPProxy {
		ex.Event = ev.json()
		return c.httpProxy(in, ev, ex)
	}
	// The event is built only when the function's behaviour needs it or the trace shows it
	// (a plain `returns` does not: the hot path of serve's echo benchmark).
	var event []byte
	build := func() []byte {
		if event == nil {
			event = ev.json()
		}
		return event
	}
	if ex.Trace != nil {
		ex.Event = build()
	}
	fn, qual := c.stageVars(in.fn), c.stageVars(in.qual)
	ex.Function = fn
	res, err := c.api.env.Lambda.Invoke(&lambda.Invocation{Function: fn, Qualifier: qual, Proxy: true, Now: ex.At, Event: build})
	hop := ex.Trace.Hop("integration", "", 0, res.Duration)
	if hop != nil {
		hop.Fact("type", "AWS_PROXY (Lambda, payload format 1.0)").Fact("function", fn).Fact("event", string(event))
	}
	if err != nil {
		hop.Decide("failed").Fact("error", err.Error())
		ex.ExecutionError = true
		return outcome{failed: true}
	}
	if len(res.Pushes) > 0 {
		// Made while the function ran, before its answer (a declared function's pushes:).
		c.push(fn, res.Pushes, ex)
	}
	ex.Integrated = true
	ex.IntegrationLatency = min(res.Duration, in.timeout)
	// A code function's console output, as the REST pipeline shows it (issue #16).
	ex.Trace.FunctionLogs(hop, ex.At.Add(ex.IntegrationLatency), fn, res.Logs)
	ex.Latency = ex.IntegrationLatency
	switch {
	case res.Duration > in.timeout:
		hop.Decide("timed out").Fact("why", "the function ran "+res.Duration.String()+", past the integration timeout of "+in.timeout.String())
		ex.ExecutionError = true
		return outcome{failed: true, timedOut: true}
	case res.Throttled:
		hop.Decide("failed").Fact("why", "Lambda throttled the invocation (429 TooManyRequestsException)")
		ex.ExecutionError = true
		return outcome{failed: true}
	case res.FunctionError != "":
		hop.Decide("failed").Fact("why", "the function raised: "+res.ErrorMessage)
		ex.ExecutionError = true
		return outcome{failed: true}
	}
	out, why := parseResult(res.Value)
	if why != "" {
		hop.Decide("failed").Fact("why", "malformed Lambda proxy response: "+why)
		ex.ExecutionError = true
		return outcome{failed: true}
	}
	ex.Status = out.status
	if out.status >= 400 {
		ex.IntegrationError = true
	}
	hop.Decide("returned "+strconv.Itoa(out.status)).Fact("result", string(res.Payload))
	return out
}

// parseResult reads a Lambda proxy result of a WebSocket route: statusCode, headers, body,
// isBase64Encoded. Other keys make it malformed (middyjs/middy#1219, fact 94). A null result
// (a handler that returns nothing) counts as success without a body.
func parseResult(v any) (outcome, string) {
	if v == nil {
		return outcome{}, ""
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return outcome{}, "the result is not a JSON object"
	}
	var out outcome
	for k, x := range obj {
		switch k {
		case "statusCode":
			f, ok := x.(float64)
			if !ok {
				if s, isStr := x.(string); isStr {
					n, err := strconv.Atoi(s)
					f, ok = float64(n), err == nil
				}
			}
			if !ok || f != math.Trunc(f) || f < 100 || f > 599 {
				return outcome{}, fmt.Sprintf("statusCode %v is not a status code", x)
			}
			out.status = int(f)
		case "body":
			switch b := x.(type) {
			case string:
				out.body, out.hasBody = []byte(b), true
			case nil:
			default:
				return outcome{}, "body is not a string"
			}
		case "headers":
			if m, isMap := x.(map[string]any); isMap {
				for name, val := range m {
					if strings.EqualFold(name, "Sec-WebSocket-Protocol") {
						out.subprotocol, _ = val.(string)
					}
				}
			}
		case "multiValueHeaders", "isBase64Encoded":
		default:
			return outcome{}, "unexpected key " + strconv.Quote(k)
		}
	}
	return out, ""
}

// httpProxy sends the message to an HTTP backend: the body for messages, the event headers
// for $connect; the backend's status and body come back as a Lambda's would.
func (c *Conn) httpProxy(in *integ, ev *eventInput, ex *Exchange) outcome {
	uri := c.stageVars(in.uri)
	hop := ex.Trace.Hop("integration", "", 0, 0).Fact("type", "HTTP_PROXY "+in.method+" "+uri)
	resp, body, err := c.callHTTP(in, uri, ev.body, func(h http.Header) {
		for _, x := range ev.header {
			h.Add(x.Name, x.Value)
		}
		h.Set("connectionId", c.id)
	}, ex)
	if err != nil {
		hop.Decide("failed").Fact("error", err.Error())
		ex.ExecutionError = true
		return outcome{failed: true, timedOut: strings.Contains(err.Error(), "Timeout")}
	}
	ex.Integrated = true
	ex.Status = resp.StatusCode
	if resp.StatusCode >= 400 {
		ex.IntegrationError = true
	}
	hop.Decide("returned " + strconv.Itoa(resp.StatusCode))
	return outcome{status: resp.StatusCode, body: body, hasBody: len(body) > 0,
		subprotocol: resp.Header.Get("Sec-WebSocket-Protocol")}
}

// callHTTP sends one request to an HTTP backend (HTTP_PROXY and HTTP integrations) with the
// integration's method and timeout, and reads at most 128 KB + 1 of the answer; it records
// the integration latency.
func (c *Conn) callHTTP(in *integ, uri string, body []byte, header func(http.Header), ex *Exchange) (*http.Response, []byte, error) {
	req, err := http.NewRequest(in.method, uri, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	if header != nil {
		header(req.Header)
	}
	if resp, b, ok, err := c.simulated(in, uri, req.Header, body, ex); ok {
		return resp, b, err
	}
	client := integration.Client(c.api.env.HTTP)
	client.Timeout = in.timeout
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxMessageBytes+1))
	if err != nil {
		return nil, nil, err
	}
	ex.IntegrationLatency = time.Since(start)
	return resp, b, nil
}

// simulated is the answer of a simulated backend (workspace backends:) when one is declared
// for the URL (ok): its status, headers and body, with its latency as the integration
// latency. A latency that reaches the timeout is an error as a real client's timeout is
// (its text holds "Timeout").
func (c *Conn) simulated(in *integ, uri string, h http.Header, body []byte, ex *Exchange) (*http.Response, []byte, bool, error) {
	var hdr wire.Headers
	for name, vs := range h {
		for _, v := range vs {
			hdr = append(hdr, wire.Header{Name: name, Value: v})
		}
	}
	r, ok := c.api.env.Backends.Answer(in.method, uri, hdr, string(body), in.timeout)
	if !ok {
		return nil, nil, false, nil
	}
	ex.IntegrationLatency = r.Elapsed
	if r.TimedOut {
		return nil, nil, true, fmt.Errorf("Timeout: %w", r.Err)
	}
	resp := &http.Response{StatusCode: r.Status, Header: http.Header{}}
	for _, x := range r.Header {
		resp.Header.Add(x.Name, x.Value)
	}
	return resp, []byte(r.Body), true, nil
}

func (c *Conn) stageVars(s string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	for k, v := range c.cur().vars {
		s = strings.ReplaceAll(s, "${stageVariables."+k+"}", v)
	}
	return s
}

// authorizer is a compiled Lambda REQUEST authorizer of a $connect route.
type authorizer struct {
	name    string
	fn      string
	qual    string
	sources []identitySource
}

type identitySource struct {
	kind, name, raw string // kind: header, querystring, stageVariables, context
}

func compileAuthorizer(a *model.V2Authorizer) (*authorizer, error) {
	fn, qual, ok := model.LambdaTarget(a.AuthorizerURI)
	if !ok {
		return nil, fmt.Errorf("authorizerUri %q is not a Lambda function", a.AuthorizerURI)
	}
	c := &authorizer{name: a.Name, fn: fn, qual: qual}
	for _, s := range a.IdentitySource {
		switch {
		case strings.HasPrefix(s, "route.request.header."):
			c.sources = append(c.sources, identitySource{"header", s[len("route.request.header."):], s})
		case strings.HasPrefix(s, "route.request.querystring."):
			c.sources = append(c.sources, identitySource{"querystring", s[len("route.request.querystring."):], s})
		case strings.HasPrefix(s, "stageVariables."):
			c.sources = append(c.sources, identitySource{"stageVariables", s[len("stageVariables."):], s})
		case strings.HasPrefix(s, "context."):
			c.sources = append(c.sources, identitySource{"context", s[len("context."):], s})
		default:
			return nil, fmt.Errorf("identity source %q: write route.request.header.NAME or route.request.querystring.NAME", s)
		}
	}
	return c, nil
}

// authorize runs the $connect Lambda REQUEST authorizer (facts 75, 80, 87). status is 0 when
// the connection may proceed; otherwise the handshake's refusal.
func (a *API) authorize(c *Conn, az *authorizer, header wire.Headers, query []wire.QueryParam, ex *Exchange) (status int, body, msg string, authzJSON []byte, principal string) {
	hop := ex.Trace.Hop("authorizer", "", 0, 0).Fact("authorizer", az.name).Fact("function", az.fn)
	for _, s := range az.sources {
		v, ok := "", false
		switch s.kind {
		case "header":
			v, ok = header.Get(s.name)
		case "querystring":
			for _, p := range query {
				if p.Name == s.name {
					v, ok = p.Value, true
				}
			}
		case "stageVariables":
			v, ok = c.cur().vars[s.name]
		case "context":
			switch s.name {
			case "connectionId":
				v, ok = c.id, true
			case "identity.sourceIp":
				v, ok = c.sourceIP, true
			}
		}
		if !ok || v == "" {
			// A missing identity source: 401 without invoking the function (fact 80, likely).
			hop.Decide("answered 401").Fact("why", "identity source "+s.raw+" is missing or empty: the authorizer function is not called")
			return 401, auth.UnauthorizedBody, "Unauthorized", nil, ""
		}
	}
	methodArn := "arn:aws:execute-api:" + a.env.Region + ":" + a.env.Account + ":" + a.ID + "/" + c.st.name + "/$connect"
	event := authorizerEvent(methodArn, header, query, c.cur().vars, c.event(EventConnect, "$connect", "", ex.RequestID, ex.At, nil, nil, nil, 0, ""))
	hop.Fact("event", string(event))
	res, err := a.env.Lambda.Invoke(&lambda.Invocation{Function: az.fn, Qualifier: az.qual, Now: ex.At, Event: func() []byte { return event }})
	if hop != nil {
		hop.Duration = res.Duration
	}
	ex.Trace.FunctionLogs(hop, ex.At.Add(res.Duration), az.fn, res.Logs)
	switch {
	case err != nil:
		hop.Decide("answered 500").Fact("error", err.Error())
		return 500, `{"message": "Internal server error"}`, "Internal server error", nil, ""
	case res.FunctionError != "" && res.ErrorMessage == "Unauthorized":
		// callback("Unauthorized") / raise Exception("Unauthorized") → 401 (fact 80, certain).
		hop.Decide("answered 401").Fact("why", "the authorizer failed with \"Unauthorized\"")
		return 401, auth.UnauthorizedBody, "Unauthorized", nil, ""
	case res.FunctionError != "" || res.Throttled:
		// Any other failure: 500, by analogy with REST authorizers (fact 80, unsure).
		hop.Decide("answered 500").Fact("why", "the authorizer failed: "+res.ErrorMessage)
		return 500, `{"message": "Internal server error"}`, "Internal server error", nil, ""
	}
	r, perr := auth.ParseOutput(res.Value)
	if perr != nil {
		hop.Decide("answered 500").Fact("why", perr.Error())
		return 500, `{"message": "Internal server error"}`, "Internal server error", nil, ""
	}
	d := r.Authorize(methodArn)
	hop.Fact("methodArn", methodArn).Fact("policy", d.Explain())
	if !d.Allowed {
		// Deny → 403 (fact 80, likely: "the client will receive a 401 or 403").
		hop.Decide("answered 403")
		return 403, `{"message":"Forbidden"}`, "Forbidden", nil, ""
	}
	hop.Decide("allowed").Fact("principalId", r.PrincipalID)
	return 0, "", "", r.AppendProxyAuthorizer(nil, res.Duration.Milliseconds()), r.PrincipalID
}

// authorizerEvent is the REQUEST authorizer event of a WebSocket $connect (captured by
// Powertools, apiGatewayAuthorizerWebSocketEvent.json): type, methodArn, the client's headers,
// query string, stage variables (empty objects when none), the CONNECT requestContext.
func authorizerEvent(methodArn string, header wire.Headers, query []wire.QueryParam, vars map[string]string, ctx *eventInput) []byte {
	b := []byte(`{"type":"REQUEST","methodArn":`)
	b = wire.AppendJSONString(b, methodArn)
	b = append(b, ',')
	b = appendHeaders(b, header)
	b = append(b, ',')
	b = appendQuery(b, query)
	b = append(b, `,"stageVariables":{`...)
	for i, k := range wire.SortedKeys(vars) {
		if i > 0 {
			b = append(b, ',')
		}
		b = wire.AppendJSONString(b, k)
		b = append(b, ':')
		b = wire.AppendJSONString(b, vars[k])
	}
	b = append(b, "},"...)
	ctx.stageVars = nil
	full := ctx.json()
	// the requestContext member of the CONNECT event, without its headers
	i := bytes.Index(full, []byte(`"requestContext":`))
	j := bytes.LastIndex(full, []byte(`,"isBase64Encoded"`))
	b = append(b, full[i:j]...)
	return append(b, '}')
}
