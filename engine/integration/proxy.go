// Package integration builds what API Gateway sends to a backend and reads what comes back:
// the Lambda proxy event (REST payload 1.0) and proxy response, Lambda URIs, HTTP and MOCK
// integrations. It knows nothing of the pipeline; the engine calls it.
package integration

import (
	"encoding/json"
	"fmt"
	"mime"
	"path"
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
	// IAM caller fields of requestContext.identity (AWS_IAM methods; "" renders null) and,
	// for PRIVATE APIs, the VPC endpoint and VPC the request came through.
	IdentityAccountID, Caller, User, UserArn, AccessKey string
	VpceID, VpcID                                       string
	// Authorizer is requestContext.authorizer as JSON ({principalId, integrationLatency,
	// context keys…}) when a Lambda authorizer allowed the request; nil otherwise.
	Authorizer []byte
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

// ProxyEvent returns the JSON event a Lambda proxy integration sends.
func ProxyEvent(c *Call) []byte {
	return appendProxyEvent(make([]byte, 0, 1024+len(c.Body)), c)
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
	// An empty object is a 200 with no body: LS test_lambda_aws_proxy_response_format
	// (validated against AWS) returns {} and gets 200 and an empty body. (Its sibling
	// test_aws_proxy_response_payload_format_validation's "empty-response" is a 502 because
	// that function raises when the request has no body, not because of {}.)
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
		for _, k := range wire.SortedKeys(m) {
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
		for _, k := range wire.SortedKeys(m) {
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
