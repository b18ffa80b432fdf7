package engine

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"apigwlab/engine/auth"
	"apigwlab/engine/gwresponse"
	"apigwlab/engine/integration"
	"apigwlab/engine/lambda"
	"apigwlab/engine/model"
	"apigwlab/engine/observe"
	"apigwlab/engine/router"
	"apigwlab/engine/wire"
)

// integrate calls the backend: the integration stage.
func integrate(c *call) *gwresponse.Error {
	if c.m.badMapping != "" {
		return c.refusedMapping()
	}
	switch c.m.integ.Type {
	case model.IntegrationAWSProxy:
		return c.lambdaProxy()
	case model.IntegrationAWS:
		return c.lambdaCustom()
	case model.IntegrationHTTPProxy, model.IntegrationHTTP:
		return c.httpBackend()
	default:
		return c.mock()
	}
}

// lambdaTarget resolves the function and qualifier, substituting stage variables.
func (c *call) lambdaTarget() (name, qual, uri string, e *gwresponse.Error) {
	if !c.m.lambdaDynURI {
		return c.m.lambdaName, c.m.lambdaQual, c.m.integ.URI, nil
	}
	uri, missing := integration.SubstituteStageVars(c.m.integ.URI, c.vars)
	name, qual, err := integration.LambdaTarget(uri)
	if err != nil || len(missing) > 0 {
		msg := "Execution failed due to configuration error: Invalid function ARN or invalid uri"
		h := c.trace.Hop("integration", "answered 500", c.elapsed, 0)
		h.Fact("uri", uri)
		if len(missing) > 0 {
			h.Fact("reason", "stage variable "+strings.Join(missing, ", ")+" is not defined on stage "+c.stage.name)
		} else {
			h.Fact("reason", err.Error())
		}
		return "", "", uri, gwresponse.Internal(500, msg)
	}
	return name, qual, uri, nil
}

// invokeLambda runs the function in engine time, applying the integration timeout.
// It returns nil and the result, or the gateway response for a failure that happens before
// the function's answer can be read (not found, throttled, timed out).
func (c *call) invokeLambda(proxy bool) (lambda.Result, *gwresponse.Error) {
	name, qual, _, e := c.lambdaTarget()
	if e != nil {
		return lambda.Result{}, e
	}
	svc := c.g.lambda
	arn := ""
	c.proxyEvent = proxy
	if c.trace != nil {
		arn = svc.ARN(name, qual)
		endpoint := "https://lambda." + c.api.region + ".amazonaws.com/2015-03-31/functions/" + arn + "/invocations"
		c.trace.Line(c.at(), "Endpoint request URI: ", endpoint)
		c.trace.Line(c.at(), "Endpoint request headers: ", c.lambdaRequestHeaders())
		c.trace.Line(c.at(), "Endpoint request body after transformations: ", truncateBytes(c.LambdaEvent()))
		if c.trace != nil {
			c.trace.Line(c.at(), "Sending request to ", endpoint)
		}
	}
	if !c.g.mayInvoke(name, qual, c.sourceArn) {
		c.integrated = true
		if hop := c.trace.Hop("integration", "answered 500", c.elapsed, 0); hop != nil {
			hop.Fact("type", c.m.integ.Type).Fact("function", svc.ARN(name, qual)).
				Fact("reason", "the function's resource-based policy does not let apigateway.amazonaws.com invoke it from "+c.sourceArn()+
					" (aws lambda add-permission --source-arn …; get-policy shows the statements)")
		}
		return lambda.Result{}, gwresponse.Internal(500, permissionDenied)
	}
	if e := c.lambdaRequestTooLarge(proxy); e != nil {
		return lambda.Result{}, e
	}
	res, err := svc.Invoke(&lambda.Invocation{Function: name, Qualifier: qual, Source: c, Proxy: proxy,
		Now: c.at(), RequestID: c.ctx.RequestID})
	if len(res.Payload) > lambdaMaxResponse && err == nil && !res.Throttled {
		res = responseTooLarge(res)
	}
	if len(c.m.integ.RequestParameters) > 0 && c.invocationType() == "Event" && err == nil {
		// integration.request.header.X-Amz-Invocation-Type: 'Event': Lambda queues the event
		// and answers 202 with no payload at once; the function runs (and is counted) on its
		// own, its answer and errors never reach the client (AWS docs, "Set up asynchronous
		// invocation of the backend Lambda function").
		c.function, c.fnVersion, c.integrated = name, res.ExecutedVersion, true
		if hop := c.trace.Hop("integration", "pass", c.elapsed, 0); hop != nil {
			hop.Fact("type", c.m.integ.Type).Fact("function", svc.ARN(name, qual)).
				Fact("invocationType", "Event: Lambda answered 202 at once; the function runs on its own ("+res.Duration.String()+")")
		}
		if c.trace != nil {
			c.trace.Line(c.at(), "Received response. Status: 202, Integration latency: 0 ms")
		}
		return lambda.Result{ExecutedVersion: res.ExecutedVersion}, nil
	}
	c.function, c.fnVersion = name, res.ExecutedVersion
	hop := c.trace.Hop("integration", "", c.elapsed, 0)
	if hop != nil {
		if arn == "" {
			arn = svc.ARN(name, qual)
		}
		hop.Fact("type", c.m.integ.Type).Fact("function", arn)
		if res.ExecutedVersion != "" {
			hop.Fact("executedVersion", res.ExecutedVersion)
		}
	}
	c.integrated = true
	if err != nil {
		// AWS: a missing function or missing permission is a configuration error, 500.
		if c.trace != nil {
			c.trace.Line(c.at(), "Lambda invocation failed with status: 404. Lambda request id: ", c.ctx.RequestID)
		}
		if hop != nil {
			hop.Decision = "answered 500"
			hop.Fact("reason", err.Error())
		}
		return res, gwresponse.Internal(500, "Execution failed due to configuration error: Invalid permissions on Lambda function")
	}
	if d := res.Duration; d > c.m.timeout {
		// API Gateway stops waiting at the integration timeout (29 s by default), whatever
		// the function then does.
		c.elapsed += c.m.timeout
		c.integLatency = c.m.timeout
		if hop != nil {
			hop.Duration = c.m.timeout
			hop.Decision = "answered 504"
			hop.Fact("reason", "the function ran "+d.String()+", over the integration timeout of "+c.m.timeout.String())
		}
		return res, gwresponse.ErrTimeout
	}
	c.elapsed += res.Duration
	c.integLatency = res.Duration
	if hop != nil {
		hop.Duration = res.Duration
		if res.ColdStart {
			hop.Fact("coldStart", "yes")
		}
		hop.Fact("duration", res.Duration.String())
	}
	c.functionLogs(hop, name, res.Logs)
	if res.Note != "" {
		hop.Fact("note", res.Note)
	}
	if res.Throttled {
		// "By design, API Gateway maps 429 errors from Lambda to 500 responses."
		if c.trace != nil {
			c.trace.Line(c.at(), "Lambda invocation failed with status: 429. Lambda request id: ", c.ctx.RequestID)
		}
		if hop != nil {
			hop.Decision = "answered 500"
			hop.Fact("reason", "Lambda throttled the invocation (reserved concurrency exhausted); API Gateway turns Lambda's 429 into 500")
		}
		return res, gwresponse.Internal(500, "Execution failed due to configuration error: Rate Exceeded.")
	}
	if c.trace != nil {
		c.trace.Line(c.at(), "Received response. Status: 200, Integration latency: ", strconv.FormatInt(res.Duration.Milliseconds(), 10), " ms")
		c.trace.Line(c.at(), "Endpoint response headers: ", c.lambdaResponseHeaders(&res))
	}
	if c.trace != nil {
		c.trace.Line(c.at(), "Endpoint response body before transformations: ", truncateBytes(res.Payload))
	}
	if hop != nil {
		hop.Fact("response", truncateBytes(res.Payload))
	}
	return res, nil
}

// lambdaRequestHeaders is the execution log's "Endpoint request headers" of a Lambda
// invocation: API Gateway signs a call to Lambda's Invoke API. LS snapshot
// test_apigw_test_invoke_method_api (recorded against AWS, an AWS integration):
// {x-amzn-lambda-integration-tag=<request id>, Authorization=…, X-Amz-Date=…,
// x-amzn-apigateway-api-id=…, Accept=application/json, User-Agent=AmazonAPIGateway_<api id>,
// X-Amz-Security-Token=… [TRUNCATED]}, cut at 1 KB inside the session token. The signature
// and token are not real (nothing is signed here): AWS masks the signature but its last
// characters, apigwlab prints stars and 6 hex digits of the request id.
func (c *call) lambdaRequestHeaders() string {
	id := strings.ReplaceAll(c.ctx.RequestID, "-", "")
	var b strings.Builder
	b.WriteString("{x-amzn-lambda-integration-tag=" + c.ctx.RequestID + ", Authorization=" + strings.Repeat("*", 254) + id[len(id)-6:])
	b.WriteString(", X-Amz-Date=" + c.at().UTC().Format("20060102T150405Z") + ", x-amzn-apigateway-api-id=" + c.api.id)
	b.WriteString(", Accept=application/json, User-Agent=AmazonAPIGateway_" + c.api.id + ", X-Amz-Security-Token=IQoJb3JpZ2luX2Vj")
	for b.Len() < 1100 {
		b.WriteString(id)
	}
	return truncate(b.String())
}

// lambdaResponseHeaders is the execution log's "Endpoint response headers" of a Lambda
// invocation: Lambda Invoke's own HTTP headers (same snapshot: {Date=…,
// Content-Type=application/json, Content-Length=104, Connection=keep-alive,
// x-amzn-RequestId=<Lambda's request id>, x-amzn-Remapped-Content-Length=0,
// X-Amz-Executed-Version=$LATEST, X-Amzn-Trace-Id=…}). Lambda's request id here is derived
// from API Gateway's; X-Amz-Function-Error on a function error (Lambda Invoke's header) is
// placed before the trace id, unconfirmed.
func (c *call) lambdaResponseHeaders(res *lambda.Result) string {
	sum := sha256.Sum256([]byte(c.ctx.RequestID))
	x := hex.EncodeToString(sum[:16])
	h := wire.Headers{{Name: "Date", Value: c.at().UTC().Format(http.TimeFormat)}, {Name: "Content-Type", Value: "application/json"},
		{Name: "Content-Length", Value: itoa(len(res.Payload))}, {Name: "Connection", Value: "keep-alive"},
		{Name: "x-amzn-RequestId", Value: x[:8] + "-" + x[8:12] + "-4" + x[13:16] + "-a" + x[17:20] + "-" + x[20:32]},
		{Name: "x-amzn-Remapped-Content-Length", Value: "0"}}
	if v := res.ExecutedVersion; v != "" {
		h.Add("X-Amz-Executed-Version", v)
	}
	if res.FunctionError != "" {
		h.Add("X-Amz-Function-Error", "Unhandled")
	}
	h.Add("X-Amzn-Trace-Id", c.traceID())
	return headerMap(h)
}

// functionLogs adds a code function's log lines to the hop and to the execution log.
func (c *call) functionLogs(hop *observe.Hop, fn string, lines []string) {
	c.trace.FunctionLogs(hop, c.at(), fn, lines)
}

// lambdaProxy is the AWS_PROXY integration: the REST payload 1.0 event in, the proxy
// response format out (aws-facts.md §2).
func (c *call) lambdaProxy() *gwresponse.Error {
	c.traceIDHeader = true
	if hm := c.m.integ.HTTPMethod; hm != "" && hm != "POST" {
		// AWS takes an AWS_PROXY integration with httpMethod GET and answers every request
		// 500 {"message": "Internal server error"} (LS snapshot
		// test_lambda_aws_proxy_integration_non_post_method, recorded against AWS); the log
		// line is apigwlab's (unconfirmed).
		if hop := c.trace.Hop("integration", "answered 500", c.elapsed, 0); hop != nil {
			hop.Fact("type", c.m.integ.Type).Fact("reason", "the integration's httpMethod is "+hm+": Lambda's Invoke API takes POST only (integrationHttpMethod POST)")
		}
		return gwresponse.Internal(500, "Execution failed due to configuration error: Lambda is invoked with POST, the integration's httpMethod is "+hm)
	}
	res, e := c.invokeLambda(true)
	if e != nil {
		return e
	}
	if res.FunctionError != "" {
		if c.trace != nil {
			c.trace.Logf(c.at(), "Lambda execution failed with status 200 due to customer function error: %s. Lambda request id: %s", res.ErrorMessage, c.ctx.RequestID)
		}
		c.lastHop("answered 502", "the function raised an error; a proxy integration cannot map errors, so the client gets 502")
		return gwresponse.Internal(502, "Execution failed due to configuration error: Malformed Lambda proxy response")
	}
	pr, problem := c.g.proxies.parse(&res)
	if problem != "" {
		c.lastHop("answered 502", "malformed Lambda proxy response: "+problem)
		return gwresponse.Internal(502, "Execution failed due to configuration error: Malformed Lambda proxy response")
	}
	c.lastHop("pass", "")
	c.status = pr.Status
	c.header = append(c.header[:0], pr.Headers...)
	if _, ok := c.header.Get("Content-Type"); !ok {
		c.header.Add("Content-Type", "application/json")
	}
	c.body = pr.Body
	if pr.IsBase64Encoded && c.isBinaryType(firstMediaType(c.req.Header.Value("Accept"))) {
		// Decoded only when the client's Accept matches a binary media type (aws-facts.md
		// §8); of several Accept types only the first counts (firstMediaType).
		if b, err := base64.StdEncoding.DecodeString(pr.Body); err == nil {
			c.body = string(b)
			c.payloadFact("isBase64Encoded: decoded into " + itoa(len(b)) + " bytes (Accept matches binaryMediaTypes)")
		}
	} else if pr.IsBase64Encoded {
		c.payloadFact("isBase64Encoded: sent as base64 text (the first Accept type does not match binaryMediaTypes)")
	}
	return nil
}

// payloadFact notes a payload conversion on the latest hop, when tracing.
func (c *call) payloadFact(s string) {
	if c.trace != nil && len(c.trace.Hops) > 0 {
		c.trace.Hops[len(c.trace.Hops)-1].Fact("payload", s)
	}
}

// LambdaEvent builds the event the function receives, once: the proxy event, or the mapped
// body of a custom integration. The simulated Lambda asks for it only when the function's
// behaviour looks at it (echo, cases) or when tracing.
func (c *call) LambdaEvent() []byte {
	if c.event != nil {
		return c.event
	}
	if !c.proxyEvent {
		c.event = []byte(c.integBody)
		return c.event
	}
	c.requestTime()
	if c.authResult != nil && c.ctx.Authorizer == nil {
		c.ctx.Authorizer = c.authResult.AppendProxyAuthorizer(nil, 0)
	}
	if c.claims != nil && c.ctx.Authorizer == nil {
		c.ctx.Authorizer = claimsJSON(c.claims)
	}
	call := integration.Call{
		HTTPMethod: c.req.Method, Path: c.eventPath(), Resource: c.m.resource,
		Header: c.eventHeaders(), Query: c.Query(), RawQuery: c.req.RawQuery, Body: c.req.Body,
		PathParams: c.params, StageVars: c.vars, BinaryMediaTypes: c.api.binaryMediaTypes, Ctx: &c.ctx,
	}
	c.event = integration.ProxyEvent(&call)
	return c.event
}

// lastHop sets the decision (and a reason) of the latest hop, when tracing.
func (c *call) lastHop(decision, reason string) {
	if c.trace == nil || len(c.trace.Hops) == 0 {
		return
	}
	h := c.trace.Hops[len(c.trace.Hops)-1]
	h.Decision = decision
	if reason != "" {
		h.Fact("reason", reason)
	}
}

// eventHeaders are the client's headers plus those API Gateway adds on the way to a Lambda
// proxy integration (X-Forwarded-*, X-Amzn-Trace-Id, Host), and on an edge-optimized API
// (AWS's default endpoint type) those of the CloudFront distribution in front of it.
func (c *call) eventHeaders() wire.Headers {
	in := withoutDropped(c.req.Header, droppedRequestHeaders)
	h := make(wire.Headers, 0, len(in)+14)
	h = append(h, in...)
	if _, ok := h.Get("Host"); !ok {
		h.Add("Host", c.ctx.DomainName)
	}
	h.Set("X-Amzn-Trace-Id", c.traceID())
	forwarded := c.ctx.SourceIP
	if c.edge() {
		// LS snapshot test_lambda_aws_proxy_integration (an EDGE API, recorded against AWS)
		// and user-posted events: the viewer's device and place, CloudFront's hop and
		// request id, and the edge's address after the client's in X-Forwarded-For. The
		// device flags and the place are fixed (no CloudFront here to classify a viewer).
		via, _ := c.api.access.edge.server(c.traceRand)
		for _, x := range [...]wire.Header{{Name: "CloudFront-Forwarded-Proto", Value: "https"},
			{Name: "CloudFront-Is-Desktop-Viewer", Value: "true"}, {Name: "CloudFront-Is-Mobile-Viewer", Value: "false"},
			{Name: "CloudFront-Is-SmartTV-Viewer", Value: "false"}, {Name: "CloudFront-Is-Tablet-Viewer", Value: "false"},
			{Name: "CloudFront-Viewer-ASN", Value: "16509"}, {Name: "CloudFront-Viewer-Country", Value: "US"},
			{Name: "Via", Value: via}, {Name: "X-Amz-Cf-Id", Value: c.cfID}} {
			h.Set(x.Name, x.Value)
		}
		forwarded += ", " + edgeIP(c.traceRand)
	}
	if prev, ok := h.Get("X-Forwarded-For"); ok {
		h.Set("X-Forwarded-For", prev+", "+forwarded)
	} else {
		h.Add("X-Forwarded-For", forwarded)
	}
	h.Set("X-Forwarded-Port", "443")
	h.Set("X-Forwarded-Proto", "https")
	return h
}

// edge: the request came through the CloudFront distribution of an edge-optimized API
// (test-invoke-method does not: the console calls API Gateway directly).
func (c *call) edge() bool {
	return !c.test && c.api.access != nil && c.api.access.edge != nil
}

// lambdaCustom is the AWS (non-proxy) Lambda integration: the mapped body in, the function's
// payload out; errors are matched by integration responses against errorMessage.
func (c *call) lambdaCustom() *gwresponse.Error {
	c.traceIDHeader = true
	res, e := c.invokeLambda(false)
	if e != nil {
		return e
	}
	c.lastHop("pass", "")
	c.integStatus = 200
	c.integPayload = string(res.Payload)
	if res.FunctionError != "" {
		c.integErr = true
		c.integErrMsg = res.ErrorMessage
	}
	c.integHeader = wire.Headers{{Name: "Content-Type", Value: "application/json"}}
	return nil
}

// httpBackend is the HTTP_PROXY and HTTP integration: a real outbound request.
func (c *call) httpBackend() *gwresponse.Error {
	integ := c.m.integ
	proxy := integ.Type == model.IntegrationHTTPProxy
	uri, missing := integration.SubstituteStageVars(integ.URI, c.vars)
	uri = integration.ExpandPathParams(uri, c.integrationPathParams())
	method := integ.HTTPMethod
	if method == "" || method == "ANY" {
		method = c.req.Method
	}
	var header wire.Headers
	body := c.integBody
	if proxy {
		if c.req.RawQuery != "" {
			uri += sep(uri) + c.req.RawQuery
		}
		header = append(header, withoutDropped(c.req.Header, droppedRequestHeaders, droppedHTTPProxyHeaders)...)
		body = c.req.Body
		var q []string
		c.applyRequestParameters(&header, &q)
		if len(q) > 0 {
			uri += sep(uri) + strings.Join(q, "&")
		}
	} else {
		c.traceIDHeader = true
		var q []string
		header, q = c.mappedRequestParameters()
		// $context.requestOverride from the request template replaces mapped values.
		for _, k := range wire.SortedKeys(c.reqOverride.Header) {
			header.Set(k, c.reqOverride.Header[k])
		}
		for _, k := range wire.SortedKeys(c.reqOverride.Query) {
			q = append(q, queryEscape(k)+"="+queryEscape(c.reqOverride.Query[k]))
		}
		if len(q) > 0 {
			uri += sep(uri) + strings.Join(q, "&")
		}
		// Unless mapped, the backend is asked for JSON whatever the client accepts: LS
		// snapshot test_http_integration_with_lambda[HTTP] (recorded against AWS): the
		// client sent Accept: application/xml, the backend got application/json.
		if _, ok := header.Get("Accept"); !ok {
			header.Add("Accept", "application/json")
		}
	}
	if !integration.ValidEndpoint(uri) {
		if hop := c.trace.Hop("integration", "answered 500", c.elapsed, 0); hop != nil {
			hop.Fact("type", integ.Type).Fact("uri", method+" "+uri).
				Fact("reason", "the URI names no http(s) backend once stage variables are in"+missingVars(missing))
		}
		return gwresponse.Internal(500, "Execution failed due to configuration error: Invalid endpoint address")
	}
	header.Set("X-Amzn-Trace-Id", c.traceID())
	header.Set("x-amzn-apigateway-api-id", c.api.id)
	if _, ok := header.Get("User-Agent"); !ok {
		header.Add("User-Agent", "AmazonAPIGateway_"+c.api.id)
	}
	hop := c.trace.Hop("integration", "", c.elapsed, 0)
	if hop != nil {
		hop.Fact("type", integ.Type).Fact("uri", method+" "+uri)
		if len(missing) > 0 {
			hop.Fact("warning", strings.TrimPrefix(missingVars(missing), "; "))
		}
	}
	if c.trace != nil {
		c.trace.Line(c.at(), "Endpoint request URI: ", uri)
	}
	if c.trace != nil {
		c.trace.Line(c.at(), "Endpoint request headers: ", headerMap(header))
	}
	if c.trace != nil {
		c.trace.Line(c.at(), "Endpoint request body after transformations: ", truncate(body))
	}
	if c.trace != nil {
		c.trace.Line(c.at(), "Sending request to ", uri)
	}
	r := c.g.backends.Do(c.g.http, method, uri, header, body, c.m.timeout)
	c.integrated = true
	lat := r.Elapsed
	if r.TimedOut || lat > c.m.timeout {
		lat = c.m.timeout
	}
	c.elapsed += lat
	c.integLatency = lat
	if hop != nil {
		hop.Duration = lat
		if r.Backend != "" {
			hop.Fact("backend", r.BackendFact())
		}
	}
	switch {
	case r.TimedOut:
		c.lastHop("answered 504", "the backend did not answer within "+c.m.timeout.String())
		return gwresponse.ErrTimeout
	case r.Err != nil:
		c.lastHop("answered 504", "network error: "+r.Err.Error())
		return &gwresponse.Error{Type: gwresponse.IntegrationFailure, Message: "Internal server error",
			Body: `{"message": "Internal server error"}`,
			Log:  "Execution failed due to a network error communicating with endpoint: " + r.Err.Error()}
	}
	if c.trace != nil {
		c.trace.Logf(c.at(), "Received response. Status: %d, Integration latency: %d ms", r.Status, lat.Milliseconds())
	}
	if c.trace != nil {
		c.trace.Line(c.at(), "Endpoint response headers: ", headerMap(r.Header))
	}
	if c.trace != nil {
		c.trace.Line(c.at(), "Endpoint response body before transformations: ", truncate(r.Body))
	}
	if hop != nil {
		hop.Decision = "pass"
		hop.Fact("status", itoa(r.Status)).Fact("response", truncate(r.Body))
	}
	if proxy {
		c.status = r.Status
		c.header = append(c.header[:0], integration.ProxyResponseHeaders(r.Header)...)
		c.body = r.Body
		return nil
	}
	c.integStatus, c.integHeader, c.integPayload, c.integErr = r.Status, r.Header, r.Body, true
	c.integErrMsg = itoa(r.Status)
	return nil
}

func sep(uri string) string {
	if strings.Contains(uri, "?") {
		return "&"
	}
	return "?"
}

// mock is the MOCK integration: the request template's statusCode picks the integration
// response; nothing leaves the gateway.
func (c *call) mock() *gwresponse.Error {
	st, ok := c.m.mockStatic[c.integBody]
	var err error
	if !ok {
		st, err = integration.MockStatus(strings.TrimSpace(c.integBody))
	}
	hop := c.trace.Hop("integration", "", c.elapsed, 0)
	if hop != nil {
		hop.Fact("type", model.IntegrationMock)
	}
	if err != nil {
		c.lastHop("answered 500", err.Error())
		return gwresponse.Internal(500, "Execution failed due to configuration error: "+err.Error())
	}
	if hop != nil {
		hop.Decision = "pass"
		hop.Fact("statusCode", itoa(st))
	}
	c.integStatus, c.integErr, c.integErrMsg = st, true, itoa(st)
	c.integHeader = nil
	c.integPayload = ""
	return nil
}

// integrationPathParams are the values for {name} in an HTTP integration URI: the
// integration's requestParameters integration.request.path.NAME mappings, and for names
// not mapped, the method's path parameter of the same name (what the console maps for you).
func (c *call) integrationPathParams() []router.Param {
	var mapped []router.Param
	for k, v := range c.m.integ.RequestParameters {
		if name, ok := strings.CutPrefix(k, "integration.request.path."); ok {
			mapped = append(mapped, router.Param{Name: name, Value: c.parameterValue(v)})
		}
	}
	if len(mapped) == 0 {
		return c.params
	}
	for _, p := range c.params {
		dup := false
		for _, m := range mapped {
			dup = dup || m.Name == p.Name
		}
		if !dup {
			mapped = append(mapped, p)
		}
	}
	return mapped
}

// sourceArn is the ARN API Gateway presents to Lambda when a method calls a function: the
// method ARN of the request, arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH with
// the path as requested (so a grant for /pets/{petId} is written …/GET/pets/*, as SAM writes it).
func (c *call) sourceArn() string {
	return auth.MethodArn(c.api.region, c.api.account, c.api.id, c.stage.name, c.req.Method, c.stagePath)
}

// Lambda's synchronous invocation limits (Lambda quotas: 6 MB; measured: a request must be
// smaller than 6291456 bytes, "Request must be smaller than 6291456 bytes for the
// InvokeFunction operation"; a response may be up to 6291556 bytes).
const (
	lambdaMaxRequest  = 6291456
	lambdaMaxResponse = 6291556
)

// lambdaRequestTooLarge refuses an invocation whose payload is over Lambda's limit: Lambda
// answers 413 RequestEntityTooLargeException and API Gateway passes a 413 on. The event is
// measured only when the body is large enough to matter.
func (c *call) lambdaRequestTooLarge(proxy bool) *gwresponse.Error {
	if len(c.req.Body) < lambdaMaxRequest/2 && len(c.integBody) < lambdaMaxRequest/2 {
		return nil
	}
	n := len(c.integBody)
	if proxy {
		n = len(c.LambdaEvent())
	}
	if n < lambdaMaxRequest {
		return nil
	}
	c.integrated = true
	if hop := c.trace.Hop("integration", "answered 413", c.elapsed, 0); hop != nil {
		hop.Fact("type", c.m.integ.Type).Fact("reason", "the Lambda payload is "+itoa(n)+
			" bytes; Lambda refuses a synchronous invocation of 6291456 bytes or more (API Gateway itself takes up to 10 MB)")
	}
	if c.trace != nil {
		c.trace.Line(c.at(), "Lambda invocation failed with status: 413. Lambda request id: ", c.ctx.RequestID)
	}
	return &gwresponse.Error{Type: gwresponse.RequestTooLarge, Message: "Request Too Long",
		Log: "Execution failed: Request must be smaller than 6291456 bytes for the InvokeFunction operation"}
}

// responseTooLarge is what Lambda answers for a function whose response is over the limit:
// a function error (a proxy integration then answers 502; a custom one matches
// errorMessage against selection patterns).
func responseTooLarge(res lambda.Result) lambda.Result {
	const msg = "Response payload size exceeded maximum allowed payload size (6291556 bytes)."
	res.FunctionError, res.ErrorMessage = "Unhandled", msg
	res.Payload = []byte(`{"errorMessage":"` + msg + `","errorType":"Function.ResponseSizeTooLarge"}`)
	res.Value = map[string]any{"errorMessage": msg, "errorType": "Function.ResponseSizeTooLarge"}
	res.Static = false
	return res
}

// missingVars names the stage variables an integration URI used that the stage does not
// define (they are substituted as empty).
func missingVars(missing []string) string {
	if len(missing) == 0 {
		return ""
	}
	return "; stage variable " + strings.Join(missing, ", ") + " is not defined: substituted as empty"
}
