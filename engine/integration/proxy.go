// Package integration builds what API Gateway sends to a backend and reads what comes back:
// the Lambda proxy event (REST payload 1.0) and proxy response, Lambda URIs, HTTP and MOCK
// integrations. It knows nothing of the pipeline; the engine calls it.
package integration

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"path"
	"sort"
	"strconv"
	"strings"

	"apigwlab/engine/router"
	"apigwlab/engine/wire"
)

// RequestContext is requestContext of a REST proxy event and the source of $context.
type RequestContext struct {
	AccountID         string
	APIID             string
	DeploymentID      string
	DomainName        string
	DomainPrefix      string
	ExtendedRequestID string
	HTTPMethod        string
	Path              string // with the stage: /prod/pets/7
	Protocol          string
	RequestID         string
	RequestTime       string // 02/Jan/2006:15:04:05 +0000
	RequestTimeEpoch  int64  // milliseconds
	ResourceID        string
	ResourcePath      string
	Stage             string
	SourceIP          string
	UserAgent         string
	APIKey            string
	APIKeyID          string
	TraceID           string
}

// Call is the method request as an integration sees it.
type Call struct {
	HTTPMethod       string
	Path             string // after the stage, as sent
	Resource         string
	Header           wire.Headers
	Query            []wire.QueryParam
	RawQuery         string
	Body             string
	PathParams       []router.Param
	StageVars        map[string]string
	BinaryMediaTypes []string
	Ctx              *RequestContext
}

// proxyEvent is the REST API Lambda proxy event, payload format 1.0. Field order is AWS's
// (aws-facts.md §2.1); REST events have no "version" key.
type proxyEvent struct {
	Resource                        string              `json:"resource"`
	Path                            string              `json:"path"`
	HTTPMethod                      string              `json:"httpMethod"`
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
	PathParameters                  map[string]string   `json:"pathParameters"`
	StageVariables                  map[string]string   `json:"stageVariables"`
	RequestContext                  proxyRequestContext `json:"requestContext"`
	Body                            *string             `json:"body"`
	IsBase64Encoded                 bool                `json:"isBase64Encoded"`
}

// The requestContext key order follows AWS's documented sample event
// (set-up-lambda-proxy-integrations.md, "Input format of a Lambda function for proxy integration").
type proxyRequestContext struct {
	ResourceID        string        `json:"resourceId"`
	ResourcePath      string        `json:"resourcePath"`
	HTTPMethod        string        `json:"httpMethod"`
	ExtendedRequestID string        `json:"extendedRequestId"`
	RequestTime       string        `json:"requestTime"`
	Path              string        `json:"path"`
	AccountID         string        `json:"accountId"`
	Protocol          string        `json:"protocol"`
	Stage             string        `json:"stage"`
	DomainPrefix      string        `json:"domainPrefix"`
	RequestTimeEpoch  int64         `json:"requestTimeEpoch"`
	RequestID         string        `json:"requestId"`
	Identity          proxyIdentity `json:"identity"`
	DomainName        string        `json:"domainName"`
	DeploymentID      string        `json:"deploymentId"`
	APIID             string        `json:"apiId"`
}

// Identity fields are null unless known (aws-facts.md §2.1); apiKey/apiKeyId appear when a key was used.
type proxyIdentity struct {
	CognitoIdentityPoolID         *string `json:"cognitoIdentityPoolId"`
	AccountID                     *string `json:"accountId"`
	CognitoIdentityID             *string `json:"cognitoIdentityId"`
	Caller                        *string `json:"caller"`
	APIKey                        string  `json:"apiKey,omitempty"`
	APIKeyID                      string  `json:"apiKeyId,omitempty"`
	SourceIP                      string  `json:"sourceIp"`
	PrincipalOrgID                *string `json:"principalOrgId"`
	AccessKey                     *string `json:"accessKey"`
	CognitoAuthenticationType     *string `json:"cognitoAuthenticationType"`
	CognitoAuthenticationProvider *string `json:"cognitoAuthenticationProvider"`
	UserArn                       *string `json:"userArn"`
	UserAgent                     *string `json:"userAgent"`
	User                          *string `json:"user"`
}

// ProxyEvent returns the JSON event a Lambda proxy integration sends, and its body as the
// function will see it.
func ProxyEvent(c *Call) []byte {
	ev := proxyEvent{
		Resource:          c.Resource,
		Path:              c.Path,
		HTTPMethod:        c.HTTPMethod,
		Headers:           map[string]string{},
		MultiValueHeaders: map[string][]string{},
		StageVariables:    nonEmpty(c.StageVars),
	}
	canon := map[string]string{} // lower-case name → first casing seen, so repeats share one key
	for _, h := range c.Header {
		lk := strings.ToLower(h.Name)
		// Content-Length and Connection are not passed to the function (aws-facts.md §2.1).
		if lk == "content-length" || lk == "connection" {
			continue
		}
		name, ok := canon[lk]
		if !ok {
			name = h.Name
			canon[lk] = name
		}
		ev.Headers[name] = h.Value
		ev.MultiValueHeaders[name] = append(ev.MultiValueHeaders[name], h.Value)
	}
	if len(c.Query) > 0 {
		ev.QueryStringParameters = map[string]string{}
		ev.MultiValueQueryStringParameters = map[string][]string{}
		for _, q := range c.Query {
			ev.QueryStringParameters[q.Name] = q.Value
			ev.MultiValueQueryStringParameters[q.Name] = append(ev.MultiValueQueryStringParameters[q.Name], q.Value)
		}
	}
	if len(c.PathParams) > 0 {
		ev.PathParameters = make(map[string]string, len(c.PathParams))
		for _, p := range c.PathParams {
			ev.PathParameters[p.Name] = p.Value
		}
	}
	if c.Body != "" {
		body := c.Body
		if IsBinary(c.Header.Value("Content-Type"), c.BinaryMediaTypes) {
			body = base64.StdEncoding.EncodeToString([]byte(c.Body))
			ev.IsBase64Encoded = true
		}
		ev.Body = &body
	}
	x := c.Ctx
	ua := x.UserAgent
	ev.RequestContext = proxyRequestContext{
		ResourceID: x.ResourceID, ResourcePath: x.ResourcePath, HTTPMethod: x.HTTPMethod,
		ExtendedRequestID: x.ExtendedRequestID, RequestTime: x.RequestTime, Path: x.Path,
		AccountID: x.AccountID, Protocol: x.Protocol, Stage: x.Stage, DomainPrefix: x.DomainPrefix,
		RequestTimeEpoch: x.RequestTimeEpoch, RequestID: x.RequestID, DomainName: x.DomainName,
		DeploymentID: x.DeploymentID, APIID: x.APIID,
		Identity: proxyIdentity{SourceIP: x.SourceIP, APIKey: x.APIKey, APIKeyID: x.APIKeyID},
	}
	if ua != "" {
		ev.RequestContext.Identity.UserAgent = &ua
	}
	b, err := json.Marshal(ev)
	if err != nil { // only strings and maps of strings: cannot fail
		panic(fmt.Sprintf("integration: marshal proxy event: %v", err))
	}
	return b
}

func nonEmpty(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return m
}

// IsBinary reports whether a content type matches one of an API's binaryMediaTypes
// (wildcards such as image/* and */* allowed).
func IsBinary(contentType string, binaryMediaTypes []string) bool {
	if len(binaryMediaTypes) == 0 || contentType == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(contentType))
	}
	for _, b := range binaryMediaTypes {
		if ok, _ := path.Match(strings.ToLower(b), mt); ok {
			return true
		}
	}
	return false
}

// ProxyResponse is a Lambda proxy response as API Gateway reads it.
type ProxyResponse struct {
	Status          int
	Headers         wire.Headers
	Body            string
	IsBase64Encoded bool
}

// ParseProxyResponse validates a function's return value against the REST proxy response
// format (aws-facts.md §2.2): an object with only statusCode, headers, multiValueHeaders, body
// and isBase64Encoded. It returns why the response is malformed when it is.
func ParseProxyResponse(v any) (ProxyResponse, string) {
	obj, ok := v.(map[string]any)
	if !ok {
		return ProxyResponse{}, fmt.Sprintf("the function returned %s, not a JSON object", jsonKind(v))
	}
	if len(obj) == 0 {
		return ProxyResponse{}, "the function returned an empty object"
	}
	r := ProxyResponse{Status: 200}
	for k := range obj {
		switch k {
		case "statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded":
		default:
			return ProxyResponse{}, fmt.Sprintf("unexpected key %q (allowed: statusCode, headers, multiValueHeaders, body, isBase64Encoded)", k)
		}
	}
	if sc, ok := obj["statusCode"]; ok {
		n, ok := statusOf(sc)
		if !ok {
			return ProxyResponse{}, fmt.Sprintf("statusCode %s is not an HTTP status", jsonText(sc))
		}
		r.Status = n
	}
	switch b := obj["body"].(type) {
	case nil:
	case string:
		r.Body = b
	default:
		return ProxyResponse{}, fmt.Sprintf("body is %s; it must be a string (JSON.stringify it)", jsonKind(b))
	}
	switch b := obj["isBase64Encoded"].(type) {
	case nil:
	case bool:
		r.IsBase64Encoded = b
	default:
		return ProxyResponse{}, "isBase64Encoded must be a boolean"
	}
	// multiValueHeaders come first and lend their casing; headers with the same name and a
	// different value are appended, an identical pair appears once (aws-facts.md §8).
	type line struct {
		name   string
		values []string
	}
	var lines []line
	idx := map[string]int{}
	if mv, ok := obj["multiValueHeaders"]; ok && mv != nil {
		m, ok := mv.(map[string]any)
		if !ok {
			return ProxyResponse{}, "multiValueHeaders must be an object of lists"
		}
		for _, k := range sortedKeys(m) {
			list, ok := m[k].([]any)
			if !ok {
				return ProxyResponse{}, fmt.Sprintf("multiValueHeaders.%s must be a list", k)
			}
			var vals []string
			for _, x := range list {
				s, ok := scalarText(x)
				if !ok {
					return ProxyResponse{}, fmt.Sprintf("multiValueHeaders.%s holds %s", k, jsonKind(x))
				}
				vals = append(vals, s)
			}
			idx[strings.ToLower(k)] = len(lines)
			lines = append(lines, line{k, vals})
		}
	}
	if hv, ok := obj["headers"]; ok && hv != nil {
		m, ok := hv.(map[string]any)
		if !ok {
			return ProxyResponse{}, "headers must be an object"
		}
		for _, k := range sortedKeys(m) {
			s, ok := scalarText(m[k])
			if !ok {
				return ProxyResponse{}, fmt.Sprintf("headers.%s holds %s", k, jsonKind(m[k]))
			}
			if i, ok := idx[strings.ToLower(k)]; ok {
				dup := false
				for _, v := range lines[i].values {
					dup = dup || v == s
				}
				if !dup {
					lines[i].values = append(lines[i].values, s)
				}
				continue
			}
			idx[strings.ToLower(k)] = len(lines)
			lines = append(lines, line{k, []string{s}})
		}
	}
	if len(lines) > 0 {
		r.Headers = make(wire.Headers, 0, len(lines))
		for _, l := range lines {
			r.Headers = append(r.Headers, wire.Header{Name: l.name, Value: strings.Join(l.values, ", ")})
		}
	}
	return r, ""
}

func statusOf(v any) (int, bool) {
	var n int
	switch x := v.(type) {
	case float64:
		if x != float64(int(x)) {
			return 0, false
		}
		n = int(x)
	case int:
		n = x
	case string:
		i, err := strconv.Atoi(x)
		if err != nil {
			return 0, false
		}
		n = i
	default:
		return 0, false
	}
	return n, n >= 100 && n <= 599
}

// scalarText renders a header value as API Gateway does: booleans and numbers stringified.
func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case int:
		return strconv.Itoa(x), true
	}
	return "", false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case float64, int:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
