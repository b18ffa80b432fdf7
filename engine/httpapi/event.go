package httpapi

import (
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"apigwlab/engine/wire"
)

// LambdaEvent builds the event a Lambda proxy integration receives (lambda.EventSource):
// payload format 2.0 or 1.0 (aws-facts-v2 §3). Built only when needed (an echo, a case, a
// trace), so a plain `returns` costs no encoding.
func (c *call) LambdaEvent() []byte {
	if c.r.integ.v2 {
		return c.eventV2(false)
	}
	return c.eventV1()
}

// evHeader is one header as the integration sees it.
type evHeader struct{ name, value string }

// eventHeaders is the request's headers plus the ones API Gateway adds (fact 23), by name:
// lower-cased for 2.0 (fact 24), as sent (gateway-added ones canonical) for 1.0 (fact 34).
// Duplicates are joined with "," (2.0); cookies leave the 2.0 headers (fact 25).
func (c *call) eventHeaders(lower bool) (hs []evHeader, cookies []string) {
	add := func(name, value string) {
		for i := range hs {
			if strings.EqualFold(hs[i].name, name) {
				if lower {
					hs[i].value += "," + value
				} else {
					hs[i].value = value
				}
				return
			}
		}
		hs = append(hs, evHeader{name, value})
	}
	norm := func(n string) string {
		if lower {
			return strings.ToLower(n)
		}
		return n
	}
	canon := func(n string) string {
		if lower {
			return n
		}
		return http.CanonicalHeaderKey(n)
	}
	for _, h := range c.integHeaders() {
		ln := strings.ToLower(h.Name)
		switch ln {
		case "host", "content-length", "x-amzn-trace-id", "x-forwarded-port", "x-forwarded-proto", "connection":
			continue // set by the gateway below
		case "cookie":
			if lower {
				for _, ck := range strings.Split(h.Value, ";") {
					if ck = strings.TrimSpace(ck); ck != "" {
						cookies = append(cookies, ck)
					}
				}
				continue
			}
		case "user-agent", "content-type", "x-forwarded-for":
			add(canon(norm(h.Name)), h.Value)
			continue
		}
		add(norm(h.Name), h.Value)
	}
	add(canon("content-length"), strconv.Itoa(len(c.req.Body)))
	host, _ := c.domain() // the custom domain's name when the request came through one
	add(canon("host"), host)
	add(canon("x-amzn-trace-id"), c.amznTraceID())
	if _, ok := c.req.Header.Get("X-Forwarded-For"); !ok {
		add(canon("x-forwarded-for"), c.sourceIP())
	}
	add(canon("x-forwarded-port"), "443")
	add(canon("x-forwarded-proto"), "https")
	sort.Slice(hs, func(i, j int) bool { return hs[i].name < hs[j].name })
	return hs, cookies
}

func (c *call) sourceIP() string {
	if c.req.SourceIP != "" {
		return c.req.SourceIP
	}
	return DefaultSourceIP
}

// DefaultSourceIP is the client address of a request that names none (the engine's).
const DefaultSourceIP = "203.0.113.10"

// isText reports whether a body of this Content-Type reaches Lambda as text; everything
// else, a missing Content-Type included, is base64 (fact 27; HTTP APIs have no
// binaryMediaTypes).
func isText(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return strings.HasPrefix(mt, "text/") || mt == "application/json" || mt == "application/xml" || mt == "application/javascript"
}

// eventV2 writes the 2.0 event by hand (key order: AWS's documented event; requestContext
// alphabetical as in real captures, fact 30). forAuthorizer writes the REQUEST authorizer's
// 2.0 event instead (fact 52).
func (c *call) eventV2(forAuthorizer bool) []byte {
	b := make([]byte, 0, 1024+len(c.req.Body))
	if forAuthorizer {
		b = append(b, `{"version":"2.0","type":"REQUEST","routeArn":`...)
		b = wire.AppendJSONString(b, c.routeArn())
		b = append(b, `,"identitySource":`...)
		b = appendStrings(b, c.identityValues())
		b = append(b, `,"routeKey":`...)
	} else {
		b = append(b, `{"version":"2.0","routeKey":`...)
	}
	b = wire.AppendJSONString(b, c.r.key)
	b = append(b, `,"rawPath":`...)
	b = wire.AppendJSONString(b, c.path)
	b = append(b, `,"rawQueryString":`...)
	b = wire.AppendJSONString(b, c.integRawQuery())
	hs, cookies := c.eventHeaders(true)
	if len(cookies) > 0 {
		b = append(b, `,"cookies":`...)
		b = appendStrings(b, cookies)
	}
	b = append(b, `,"headers":{`...)
	for i, h := range hs {
		b = appendMember(b, i, h.name, h.value)
	}
	b = append(b, '}')
	if qs := c.integQueryParams(); len(qs) > 0 {
		// duplicates joined with "," (fact 26); names sorted as encoding/json sorts a map
		var names []string
		vals := map[string]string{}
		for _, q := range qs {
			if old, ok := vals[q.Name]; ok {
				vals[q.Name] = old + "," + q.Value
			} else {
				vals[q.Name] = q.Value
				names = append(names, q.Name)
			}
		}
		sort.Strings(names)
		b = appendObject(b, `,"queryStringParameters":`, names, func(n string) string { return vals[n] })
	}
	b = append(b, `,"requestContext":{"accountId":`...)
	b = wire.AppendJSONString(b, c.env.Account)
	b = append(b, `,"apiId":`...)
	b = wire.AppendJSONString(b, c.api.ID)
	if !forAuthorizer {
		b = c.appendAuthorizer(b)
	}
	dname, dprefix := c.domain()
	b = append(b, `,"domainName":`...)
	b = wire.AppendJSONString(b, dname)
	b = append(b, `,"domainPrefix":`...)
	b = wire.AppendJSONString(b, dprefix)
	b = append(b, `,"http":{"method":`...)
	b = wire.AppendJSONString(b, c.req.Method)
	b = append(b, `,"path":`...)
	b = wire.AppendJSONString(b, c.path)
	b = append(b, `,"protocol":"HTTP/1.1","sourceIp":`...)
	b = wire.AppendJSONString(b, c.sourceIP())
	b = append(b, `,"userAgent":`...)
	b = wire.AppendJSONString(b, c.req.Header.Value("User-Agent"))
	b = append(b, `},"requestId":`...)
	b = wire.AppendJSONString(b, c.reqID)
	b = append(b, `,"routeKey":`...)
	b = wire.AppendJSONString(b, c.r.key)
	b = append(b, `,"stage":`...)
	b = wire.AppendJSONString(b, c.st.name)
	b = append(b, `,"time":`...)
	b = wire.AppendJSONString(b, c.requestTime())
	b = append(b, `,"timeEpoch":`...)
	b = strconv.AppendInt(b, c.start.UnixMilli(), 10)
	b = append(b, '}')
	if !forAuthorizer && c.req.Body != "" {
		b = append(b, `,"body":`...)
		if isText(c.req.Header.Value("Content-Type")) {
			b = wire.AppendJSONString(b, c.req.Body)
		} else {
			b = wire.AppendJSONString(b, base64.StdEncoding.EncodeToString([]byte(c.req.Body)))
		}
	}
	if len(c.params) > 0 {
		names := make([]string, 0, len(c.params))
		vals := make(map[string]string, len(c.params))
		for _, p := range c.params {
			names = append(names, p.Name)
			vals[p.Name] = p.Value
		}
		sort.Strings(names)
		b = appendObject(b, `,"pathParameters":`, names, func(n string) string { return vals[n] })
	}
	if !forAuthorizer {
		b = append(b, `,"isBase64Encoded":`...)
		b = strconv.AppendBool(b, c.req.Body != "" && !isText(c.req.Header.Value("Content-Type")))
	}
	if len(c.st.vars) > 0 {
		b = appendObject(b, `,"stageVariables":`, wire.SortedKeys(c.st.vars), func(k string) string { return c.st.vars[k] })
	}
	return append(b, '}')
}

// appendAuthorizer writes requestContext.authorizer for the route's authorizer (fact 28):
// {"jwt":{"claims":{…},"scopes":[…]|null}}, {"lambda":{…}} or {"iam":{…}}.
func (c *call) appendAuthorizer(b []byte) []byte {
	switch {
	case c.claims != nil:
		b = appendObject(b, `,"authorizer":{"jwt":{"claims":`, wire.SortedKeys(c.claims), func(k string) string { return c.claims[k] })
		b = append(b, `,"scopes":`...)
		if len(c.scopes) == 0 {
			b = append(b, "null"...) // literally null without scopes (fact 22)
		} else {
			b = appendStrings(b, c.scopes)
		}
		b = append(b, `}}`...)
	case c.lambdaCtx != nil:
		b = append(b, `,"authorizer":{"lambda":`...)
		b = append(b, c.lambdaCtx...)
		b = append(b, '}')
	case c.iam != nil:
		b = append(b, `,"authorizer":{"iam":`...)
		js, _ := json.Marshal(c.iam)
		b = append(b, js...)
		b = append(b, '}')
	}
	return b
}

// appendObject writes prefix and a JSON object of string members in the order of names.
func appendObject(b []byte, prefix string, names []string, val func(string) string) []byte {
	b = append(b, prefix...)
	b = append(b, '{')
	for i, n := range names {
		b = appendMember(b, i, n, val(n))
	}
	return append(b, '}')
}

// appendMember writes the i-th "name":"value" member of an object.
func appendMember(b []byte, i int, name, value string) []byte {
	if i > 0 {
		b = append(b, ',')
	}
	b = wire.AppendJSONString(b, name)
	b = append(b, ':')
	return wire.AppendJSONString(b, value)
}

func appendStrings(b []byte, vs []string) []byte {
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = wire.AppendJSONString(b, v)
	}
	return append(b, ']')
}

// v1Event is payload format 1.0 on an HTTP API (fact 31): the REST proxy event's shape plus
// "version", key order of a real capture (CAP-v1).
type v1Event struct {
	Version                         string              `json:"version"`
	Resource                        string              `json:"resource"`
	Path                            string              `json:"path"`
	HTTPMethod                      string              `json:"httpMethod"`
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
	RequestContext                  v1Context           `json:"requestContext"`
	PathParameters                  map[string]string   `json:"pathParameters"`
	StageVariables                  map[string]string   `json:"stageVariables"`
	Body                            *string             `json:"body"`
	IsBase64Encoded                 bool                `json:"isBase64Encoded"`
}

type v1Context struct {
	AccountID         string          `json:"accountId"`
	APIID             string          `json:"apiId"`
	Authorizer        json.RawMessage `json:"authorizer,omitempty"`
	DomainName        string          `json:"domainName"`
	DomainPrefix      string          `json:"domainPrefix"`
	ExtendedRequestID string          `json:"extendedRequestId"`
	HTTPMethod        string          `json:"httpMethod"`
	Identity          v1Identity      `json:"identity"`
	Path              string          `json:"path"`
	Protocol          string          `json:"protocol"`
	RequestID         string          `json:"requestId"`
	RequestTime       string          `json:"requestTime"`
	RequestTimeEpoch  int64           `json:"requestTimeEpoch"`
	ResourceID        string          `json:"resourceId"`
	ResourcePath      string          `json:"resourcePath"`
	Stage             string          `json:"stage"`
}

type v1Identity struct {
	AccessKey                     *string `json:"accessKey"`
	AccountID                     *string `json:"accountId"`
	Caller                        *string `json:"caller"`
	CognitoAmr                    *string `json:"cognitoAmr"`
	CognitoAuthenticationProvider *string `json:"cognitoAuthenticationProvider"`
	CognitoAuthenticationType     *string `json:"cognitoAuthenticationType"`
	CognitoIdentityID             *string `json:"cognitoIdentityId"`
	CognitoIdentityPoolID         *string `json:"cognitoIdentityPoolId"`
	PrincipalOrgID                *string `json:"principalOrgId"`
	SourceIP                      string  `json:"sourceIp"`
	User                          *string `json:"user"`
	UserAgent                     string  `json:"userAgent"`
	UserArn                       *string `json:"userArn"`
}

func (c *call) eventV1() []byte {
	ev := v1Event{Version: "1.0", HTTPMethod: c.req.Method}
	ev.Resource = c.r.path
	if c.r.key == "$default" {
		ev.Resource = "$default"
	}
	// 1.0's path keeps the encoding, with the stage segment (facts 31, 33)
	ev.Path = c.req.Path
	hs, _ := c.eventHeaders(false)
	ev.Headers = map[string]string{}
	ev.MultiValueHeaders = map[string][]string{}
	for _, h := range hs {
		ev.Headers[h.name] = h.value
		ev.MultiValueHeaders[h.name] = append(ev.MultiValueHeaders[h.name], h.value)
	}
	if qs := c.integQueryParams(); len(qs) > 0 {
		ev.QueryStringParameters = map[string]string{}
		ev.MultiValueQueryStringParameters = map[string][]string{}
		for _, q := range qs { // the last value wins in the single-value map (fact 32)
			ev.QueryStringParameters[q.Name] = q.Value
			ev.MultiValueQueryStringParameters[q.Name] = append(ev.MultiValueQueryStringParameters[q.Name], q.Value)
		}
	}
	if len(c.params) > 0 {
		ev.PathParameters = map[string]string{}
		for _, p := range c.params {
			ev.PathParameters[p.Name] = p.Value
		}
	}
	if len(c.st.vars) > 0 {
		ev.StageVariables = c.st.vars
	}
	if c.req.Body != "" {
		body := c.req.Body
		if !isText(c.req.Header.Value("Content-Type")) {
			body = base64.StdEncoding.EncodeToString([]byte(body))
			ev.IsBase64Encoded = true
		}
		ev.Body = &body
	}
	x := &ev.RequestContext
	x.AccountID, x.APIID = c.env.Account, c.api.ID
	x.DomainName, x.DomainPrefix = c.domain()
	x.ExtendedRequestID, x.RequestID = c.reqID, c.reqID
	x.HTTPMethod = c.req.Method
	x.Identity.SourceIP = c.sourceIP()
	x.Identity.UserAgent = c.req.Header.Value("User-Agent")
	x.Path = c.path
	x.Protocol = "HTTP/1.1"
	x.RequestTime, x.RequestTimeEpoch = c.requestTime(), c.start.UnixMilli()
	x.ResourceID, x.ResourcePath = c.r.key, ev.Resource
	x.Stage = c.st.name
	if c.lambdaCtx != nil {
		x.Authorizer = c.lambdaCtx
	} else if c.claims != nil {
		js, _ := json.Marshal(map[string]any{"claims": c.claims, "scopes": c.scopes})
		x.Authorizer = js
	}
	out, err := json.Marshal(ev)
	if err != nil {
		return []byte("null")
	}
	return out
}
