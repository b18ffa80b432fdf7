package auth

import (
	"bytes"
	"encoding/json"
	"strings"

	"apigwlab/engine/wire"
)

// MaxMethodArnLength is the longest method ARN API Gateway authorizes: "For an
// authorization-enabled method ARN … the maximum length is 1600 bytes. The path parameter
// values, the size of which are determined at run time, can cause the ARN length to exceed the
// limit. When this happens, the API client will receive a 414 Request URI too long response"
// (api-gateway-lambda-authorizer-output.md).
const MaxMethodArnLength = 1600

// MethodArn builds the ARN of the method being called:
// arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path without leading slash}.
//
// path is the request path after the stage, as sent ("/pets/1"), not the resource template
// ("/pets/{petId}"): the output doc says path parameter values "determined at run time, can
// cause the ARN length to exceed the limit", which only the actual path can do, and AWS's
// input doc shows "…/test/GET/request" for GET /request. The root resource gives a trailing
// slash ("…/prod/GET/", as in the doc's example ".../*/GET/"). VERB is the actual HTTP method
// even for an ANY method. (serverless-offline puts the route template here; that is its
// simplification, not AWS's behaviour.) The partition is "aws".
func MethodArn(region, account, apiID, stage, method, path string) string {
	var b strings.Builder
	b.Grow(40 + len(region) + len(account) + len(apiID) + len(stage) + len(method) + len(path))
	b.WriteString("arn:aws:execute-api:")
	b.WriteString(region)
	b.WriteByte(':')
	b.WriteString(account)
	b.WriteByte(':')
	b.WriteString(apiID)
	b.WriteByte('/')
	b.WriteString(stage)
	b.WriteByte('/')
	b.WriteString(strings.ToUpper(method))
	b.WriteByte('/')
	b.WriteString(strings.TrimPrefix(path, "/"))
	return b.String()
}

// TokenEvent is the event a TOKEN authorizer receives (api-gateway-lambda-authorizer-input.md):
// {"type":"TOKEN","authorizationToken":"<token>","methodArn":"arn:aws:execute-api:…"}.
func TokenEvent(token, methodArn string) []byte {
	b := make([]byte, 0, 64+len(token)+len(methodArn))
	b = append(b, `{"type":"TOKEN","authorizationToken":`...)
	b = wire.AppendJSONString(b, token)
	b = append(b, `,"methodArn":`...)
	b = wire.AppendJSONString(b, methodArn)
	return append(b, '}')
}

// RequestEventInput is what a REQUEST authorizer event is built from.
type RequestEventInput struct {
	MethodArn  string
	Resource   string // the resource template, "/pets/{petId}"
	Path       string // the request path after the stage, "/pets/1"
	HTTPMethod string
	Headers    wire.Headers
	Query      []wire.QueryParam
	// PathParameters are the values of the resource's {params}; path parameters are passed to
	// the function but cannot be identity sources.
	PathParameters map[string]string
	StageVariables map[string]string
	RequestContext RequestContext
}

// RequestContext is the requestContext of a REQUEST authorizer event. The first fields are
// those of AWS's documented example; the rest are written when set ("The requestContext is a
// map of key-value pairs and corresponds to the $context variable … API Gateway may add new
// keys to the map").
type RequestContext struct {
	Path         string   `json:"path"`
	AccountID    string   `json:"accountId"`
	ResourceID   string   `json:"resourceId"`
	Stage        string   `json:"stage"`
	RequestID    string   `json:"requestId"`
	Identity     Identity `json:"identity"`
	ResourcePath string   `json:"resourcePath"`
	HTTPMethod   string   `json:"httpMethod"`
	APIID        string   `json:"apiId"`

	DomainName        string `json:"domainName,omitempty"`
	DomainPrefix      string `json:"domainPrefix,omitempty"`
	ExtendedRequestID string `json:"extendedRequestId,omitempty"`
	Protocol          string `json:"protocol,omitempty"`
	RequestTime       string `json:"requestTime,omitempty"`
	RequestTimeEpoch  int64  `json:"requestTimeEpoch,omitempty"`
}

// Identity is requestContext.identity of a REQUEST authorizer event.
type Identity struct {
	APIKey    string `json:"apiKey,omitempty"`
	APIKeyID  string `json:"apiKeyId,omitempty"`
	SourceIP  string `json:"sourceIp"`
	UserAgent string `json:"userAgent,omitempty"`
}

// requestEvent fixes AWS's key order: type, methodArn, resource, path, httpMethod, headers,
// multiValueHeaders, queryStringParameters, multiValueQueryStringParameters, pathParameters,
// stageVariables, requestContext (the input doc's example; aws-lambda-go's testdata
// apigw-custom-auth-request-type-request.json adds the multiValue maps in this order).
type requestEvent struct {
	Type                            string              `json:"type"`
	MethodArn                       string              `json:"methodArn"`
	Resource                        string              `json:"resource"`
	Path                            string              `json:"path"`
	HTTPMethod                      string              `json:"httpMethod"`
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
	PathParameters                  map[string]string   `json:"pathParameters"`
	StageVariables                  map[string]string   `json:"stageVariables"`
	RequestContext                  RequestContext      `json:"requestContext"`
}

// RequestEvent is the event a REQUEST authorizer receives (api-gateway-lambda-authorizer-
// input.md). Single-value maps keep the last value of a repeated header or query parameter
// and the multiValue maps keep all, as in the proxy event; header names keep the first casing
// the client sent, grouped case-insensitively. Empty maps are written as {} — the documented
// example shows "pathParameters": {} for a resource without parameters, where the proxy
// event would say null (not confirmed for the other maps by a capture).
func RequestEvent(in *RequestEventInput) []byte {
	ev := requestEvent{
		Type:                            TypeRequest,
		MethodArn:                       in.MethodArn,
		Resource:                        in.Resource,
		Path:                            in.Path,
		HTTPMethod:                      in.HTTPMethod,
		Headers:                         map[string]string{},
		MultiValueHeaders:               map[string][]string{},
		QueryStringParameters:           map[string]string{},
		MultiValueQueryStringParameters: map[string][]string{},
		PathParameters:                  nonNil(in.PathParameters),
		StageVariables:                  nonNil(in.StageVariables),
	}
	names := map[string]string{} // lower-case → first casing seen
	for _, h := range in.Headers {
		lk := strings.ToLower(h.Name)
		n, ok := names[lk]
		if !ok {
			n = h.Name
			names[lk] = n
		}
		ev.Headers[n] = h.Value
		ev.MultiValueHeaders[n] = append(ev.MultiValueHeaders[n], h.Value)
	}
	for _, q := range in.Query {
		ev.QueryStringParameters[q.Name] = q.Value
		ev.MultiValueQueryStringParameters[q.Name] = append(ev.MultiValueQueryStringParameters[q.Name], q.Value)
	}
	ev.RequestContext = in.RequestContext
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // AWS does not escape <, > and &
	_ = enc.Encode(&ev)      // strings and string maps always encode
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
