package httpapi

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"apigwlab/engine/lambda"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// integ is one compiled integration.
type integ struct {
	typ        string // AWS_PROXY or HTTP_PROXY
	uri        string
	fn, qual   string // Lambda function and qualifier (may hold ${stageVariables.x})
	v2         bool   // payload format 2.0
	method     string // HTTP_PROXY integrationMethod ("" = the request's)
	timeout    time.Duration
	reqParams  []paramMapping
	respParams map[int][]paramMapping
}

func compileInteg(mi *model.V2Integration, env *Env) (*integ, error) {
	in := &integ{typ: mi.IntegrationType, uri: mi.IntegrationURI, method: mi.IntegrationMethod,
		v2: mi.PayloadFormatVersion == model.PayloadFormat20}
	ms := mi.TimeoutInMillis
	if ms == 0 {
		ms = model.MaxV2IntegrationTimeout
	}
	in.timeout = time.Duration(ms) * time.Millisecond
	switch in.typ {
	case model.IntegrationAWSProxy:
		name, qual, ok := model.V2LambdaTarget(mi.IntegrationURI)
		if !ok {
			return nil, fmt.Errorf("integrationUri %q is not a Lambda function", mi.IntegrationURI)
		}
		in.fn, in.qual = name, qual
	case model.IntegrationHTTPProxy:
		in.v2 = false
	default:
		return nil, fmt.Errorf("integration type %q: HTTP APIs have AWS_PROXY and HTTP_PROXY integrations", in.typ)
	}
	var err error
	if in.reqParams, err = compileMappings(mi.RequestParameters); err != nil {
		return nil, err
	}
	for code, m := range mi.ResponseParameters {
		n, err := strconv.Atoi(code)
		if err != nil {
			return nil, fmt.Errorf("responseParameters %q: want a status code", code)
		}
		ps, err := compileMappings(m)
		if err != nil {
			return nil, err
		}
		if in.respParams == nil {
			in.respParams = map[int][]paramMapping{}
		}
		in.respParams[n] = ps
	}
	return in, nil
}

// integrate calls the backend and turns its answer into the route's response.
func (c *call) integrate() *gwError {
	in := c.r.integ
	if in.typ == model.IntegrationHTTPProxy {
		return c.httpProxy()
	}
	fn, qual := c.stageVars(in.fn), c.stageVars(in.qual)
	c.function = fn
	if m := c.env.MayInvoke; m != nil && !m(fn, qual, c) {
		// "API Gateway lacks permission to invoke Lambda": 500 (§5, CAP-errs)
		c.integErr = "Invalid permissions on Lambda function"
		if h := c.trace.Hop("integration", "answered 500", c.elapsed, 0); h != nil {
			h.Fact("function", fn).Fact("why", "the function's resource-based policy grants apigateway.amazonaws.com no lambda:InvokeFunction for "+c.routeArn())
		}
		return errInternal
	}
	res, err := c.env.Lambda.Invoke(&lambda.Invocation{Function: fn, Qualifier: qual, Source: c, Proxy: true, Now: c.start.Add(c.elapsed)})
	hop := c.trace.Hop("integration", "", c.elapsed, res.Duration)
	if hop != nil {
		hop.Fact("type", "AWS_PROXY (Lambda, payload format "+map[bool]string{true: "2.0", false: "1.0"}[in.v2]+")").Fact("function", fn)
		hop.Fact("event", string(c.LambdaEvent()))
	}
	if err != nil {
		// API Gateway cannot invoke it (no function, no permission): 500 (§5)
		c.integErr = err.Error()
		hop.Decide("answered 500").Fact("error", err.Error())
		return errInternal
	}
	c.integrated = true
	c.fnVersion = res.ExecutedVersion
	lat := res.Duration
	// A code function's console output, as the REST pipeline shows it (issue #16).
	c.trace.FunctionLogs(hop, c.start.Add(c.elapsed+min(lat, in.timeout)), fn, res.Logs)
	if lat > in.timeout {
		// integration timeout: 503 Service Unavailable after timeoutInMillis (§5, CAP-errs)
		c.integLatency = in.timeout
		c.elapsed += in.timeout
		c.integErr = "Integration timeout"
		if hop != nil {
			hop.Duration = in.timeout
			hop.Decide("answered 503").Fact("why", "the function ran "+lat.String()+", past the integration timeout of "+in.timeout.String())
		}
		return errUnavailable
	}
	c.integLatency = lat
	c.elapsed += lat
	switch {
	case res.Throttled:
		c.integStatus = 429
		c.integErr = "Rate Exceeded."
		hop.Decide("answered 503").Fact("why", "Lambda throttled the invocation (429 TooManyRequestsException): HTTP APIs answer 503")
		return errUnavailable
	case res.FunctionError != "":
		c.integStatus = 200
		c.integErr = res.ErrorMessage
		hop.Decide("answered 500").Fact("why", "the function raised: "+res.ErrorMessage)
		return errInternal
	}
	c.integStatus = 200
	pr, why := c.parseResult(res, in.v2)
	if why != "" {
		c.integErr = why
		hop.Decide("answered 500").Fact("why", "malformed Lambda proxy response: "+why)
		return errInternal
	}
	c.status = pr.status
	c.rheader = append(c.rheader[:0], pr.header...)
	c.body = pr.body
	if hop != nil {
		hop.Decide("returned " + strconv.Itoa(pr.status))
		if pr.inferred {
			hop.Fact("inferred", "the result has no statusCode: 200, application/json, the result as the body (payload 2.0)")
		}
	}
	return nil
}

// stageVars substitutes ${stageVariables.x} in a URI part.
func (c *call) stageVars(s string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	for k, v := range c.st.vars {
		s = strings.ReplaceAll(s, "${stageVariables."+k+"}", v)
	}
	return s
}

// proxyResult is a parsed Lambda proxy result.
type proxyResult struct {
	status   int
	header   wire.Headers
	body     string
	inferred bool
}

// parsed caches the parse of a static Lambda payload (a `returns` behaviour): the same
// bytes every time, so the same response.
type parsed struct {
	payload []byte // kept referenced: the key is its first byte's address
	v2      bool
	pr      proxyResult
	why     string
}

func (c *call) parseResult(res lambda.Result, v2 bool) (proxyResult, string) {
	if res.Static && len(res.Payload) > 0 {
		key := &res.Payload[0]
		if x, ok := c.api.respCache.Load(key); ok {
			if p := x.(*parsed); p.v2 == v2 {
				return p.pr, p.why
			}
		}
		pr, why := parseProxy(res.Payload, res.Value, v2)
		c.api.respCache.Store(key, &parsed{payload: res.Payload, v2: v2, pr: pr, why: why})
		return pr, why
	}
	return parseProxy(res.Payload, res.Value, v2)
}

const textPlain = "text/plain; charset=utf-8"

// parseProxy reads a Lambda proxy result as an HTTP API does (aws-facts-v2 §4).
//   - 2.0: an object with statusCode is a full response; anything else is a 200
//     application/json whose body is the result (a JSON string: its text) (facts 35–36).
//   - 1.0: statusCode is required; headers and multiValueHeaders merge (fact 42).
//   - Without a Content-Type the default is text/plain; charset=utf-8 (fact 38).
func parseProxy(payload []byte, v any, v2 bool) (proxyResult, string) {
	obj, isObj := v.(map[string]any)
	_, hasStatus := obj["statusCode"]
	if v2 && (!isObj || !hasStatus) {
		body := string(payload)
		if s, ok := v.(string); ok {
			body = s
		}
		return proxyResult{status: 200, header: wire.Headers{{Name: "Content-Type", Value: "application/json"}}, body: body, inferred: true}, ""
	}
	if !isObj {
		return proxyResult{}, "the result is not a JSON object with statusCode"
	}
	var pr proxyResult
	f, ok := obj["statusCode"].(float64)
	if !ok {
		if s, isStr := obj["statusCode"].(string); isStr {
			n, err := strconv.Atoi(s)
			f, ok = float64(n), err == nil
		}
	}
	if !ok || f != math.Trunc(f) || f < 100 || f > 599 {
		return proxyResult{}, fmt.Sprintf("statusCode %v is not a status code", obj["statusCode"])
	}
	pr.status = int(f)
	if h, ok := obj["headers"]; ok && h != nil {
		m, isMap := h.(map[string]any)
		if !isMap {
			return proxyResult{}, "headers is not an object"
		}
		for _, k := range wire.SortedKeys(m) {
			s, ok := scalar(m[k])
			if !ok {
				return proxyResult{}, "header " + k + " is not a string"
			}
			pr.header = append(pr.header, wire.Header{Name: k, Value: s})
		}
	}
	if !v2 {
		if mh, ok := obj["multiValueHeaders"]; ok && mh != nil {
			m, isMap := mh.(map[string]any)
			if !isMap {
				return proxyResult{}, "multiValueHeaders is not an object"
			}
			for _, k := range wire.SortedKeys(m) {
				list, _ := m[k].([]any)
				var vals []string
				for _, x := range list {
					if s, ok := scalar(x); ok {
						vals = append(vals, s)
					}
				}
				if len(vals) == 0 {
					continue
				}
				joined := strings.Join(vals, ", ")
				if old, ok := pr.header.Get(k); ok {
					pr.header.Set(k, old+", "+joined)
				} else {
					pr.header.Add(k, joined)
				}
			}
		}
	}
	if v2 {
		if ck, ok := obj["cookies"]; ok && ck != nil {
			list, isList := ck.([]any)
			if !isList {
				return proxyResult{}, "cookies is not a list"
			}
			for _, x := range list {
				if s, ok := x.(string); ok {
					pr.header = append(pr.header, wire.Header{Name: "Set-Cookie", Value: s})
				}
			}
		}
	}
	switch b := obj["body"].(type) {
	case nil:
	case string:
		pr.body = b
	default:
		return proxyResult{}, "body is not a string"
	}
	if b64, _ := obj["isBase64Encoded"].(bool); b64 && pr.body != "" {
		d, err := base64.StdEncoding.DecodeString(pr.body)
		if err != nil {
			return proxyResult{}, "isBase64Encoded is true but the body is not base64"
		}
		pr.body = string(d)
	}
	if _, ok := pr.header.Get("Content-Type"); !ok {
		pr.header = append(pr.header, wire.Header{Name: "Content-Type", Value: textPlain})
	}
	return pr, ""
}

func scalar(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// httpProxy calls an HTTP backend (HTTP_PROXY, payload 1.0): the request's method (or
// integrationMethod), the mapped headers and query, the body as sent.
func (c *call) httpProxy() *gwError {
	in := c.r.integ
	u := c.stageVars(in.uri)
	for _, p := range c.params {
		u = strings.ReplaceAll(u, "{"+p.Name+"}", p.Value)
	}
	if c.pathOverride != "" {
		if i := strings.Index(u, "://"); i >= 0 {
			if j := strings.IndexByte(u[i+3:], '/'); j >= 0 {
				u = u[:i+3+j]
			}
		}
		u += c.pathOverride
	}
	if q := c.integQuery(); q != "" {
		if strings.Contains(u, "?") {
			u += "&" + q
		} else {
			u += "?" + q
		}
	}
	method := in.method
	if method == "" || method == "ANY" {
		method = c.req.Method
	}
	hdr := c.integHeaders()
	res := c.env.Backends.Do(c.env.HTTP, method, u, hdr, c.req.Body, in.timeout)
	hop := c.trace.Hop("integration", "", c.elapsed, res.Elapsed)
	if hop != nil {
		hop.Fact("type", "HTTP_PROXY").Fact("url", method+" "+u)
		if res.Backend != "" {
			hop.Fact("backend", res.BackendFact())
		}
	}
	c.integLatency = res.Elapsed
	c.elapsed += res.Elapsed
	switch {
	case res.TimedOut:
		c.integErr = "Integration timeout"
		hop.Decide("answered 503").Fact("why", "the backend did not answer within "+in.timeout.String())
		return errUnavailable
	case res.Err != nil:
		c.integErr = res.Err.Error()
		hop.Decide("answered 500").Fact("why", res.Err.Error())
		return errInternal
	}
	c.integrated = true
	c.integStatus = res.Status
	c.status, c.body = res.Status, res.Body
	c.rheader = c.rheader[:0]
	for _, h := range res.Header {
		switch strings.ToLower(h.Name) {
		case "content-length", "connection", "date", "transfer-encoding":
			continue
		}
		c.rheader = append(c.rheader, h)
	}
	hop.Decide("returned " + strconv.Itoa(res.Status))
	return nil
}
