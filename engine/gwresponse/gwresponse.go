// Package gwresponse holds API Gateway's gateway responses: the answers the gateway itself
// gives (403 Missing Authentication Token, 429 Too Many Requests, 504 Endpoint request timed
// out…), their default statuses, bodies and x-amzn-ErrorType headers, and the per-API
// customisation of them (gatewayResponses: statusCode, responseParameters, responseTemplates).
package gwresponse

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Type is a gateway response type as AWS names it.
type Type string

// The 21 gateway response types (AWS GetGatewayResponses; LocalStack snapshot
// test_apigateway_api.snapshot.json::test_gateway_response_crud).
const (
	AccessDenied                 Type = "ACCESS_DENIED"
	APIConfigurationError        Type = "API_CONFIGURATION_ERROR"
	AuthorizerConfigurationError Type = "AUTHORIZER_CONFIGURATION_ERROR"
	AuthorizerFailure            Type = "AUTHORIZER_FAILURE"
	BadRequestBody               Type = "BAD_REQUEST_BODY"
	BadRequestParameters         Type = "BAD_REQUEST_PARAMETERS"
	Default4XX                   Type = "DEFAULT_4XX"
	Default5XX                   Type = "DEFAULT_5XX"
	ExpiredToken                 Type = "EXPIRED_TOKEN"
	IntegrationFailure           Type = "INTEGRATION_FAILURE"
	IntegrationTimeout           Type = "INTEGRATION_TIMEOUT"
	InvalidAPIKey                Type = "INVALID_API_KEY"
	InvalidSignature             Type = "INVALID_SIGNATURE"
	MissingAuthenticationToken   Type = "MISSING_AUTHENTICATION_TOKEN"
	QuotaExceeded                Type = "QUOTA_EXCEEDED"
	RequestTooLarge              Type = "REQUEST_TOO_LARGE"
	ResourceNotFound             Type = "RESOURCE_NOT_FOUND"
	Throttled                    Type = "THROTTLED"
	Unauthorized                 Type = "UNAUTHORIZED"
	UnsupportedMediaType         Type = "UNSUPPORTED_MEDIA_TYPE"
	WAFFiltered                  Type = "WAF_FILTERED"
)

// Def is a response type's default: status (0 for DEFAULT_4XX/5XX, which have none) and the
// x-amzn-ErrorType header value. Error types marked (LS-src) in aws-facts.md are LocalStack's
// choices, not confirmed by a real-AWS capture.
type Def struct {
	Type      Type
	Status    int
	ErrorType string
}

var defs = map[Type]Def{
	AccessDenied:                 {AccessDenied, 403, "AccessDeniedException"},
	APIConfigurationError:        {APIConfigurationError, 500, "ApiConfigurationException"},
	AuthorizerConfigurationError: {AuthorizerConfigurationError, 500, "AuthorizerConfigurationException"},
	AuthorizerFailure:            {AuthorizerFailure, 500, "AuthorizerFailureException"},
	BadRequestBody:               {BadRequestBody, 400, "BadRequestException"},
	BadRequestParameters:         {BadRequestParameters, 400, "BadRequestException"},
	Default4XX:                   {Default4XX, 0, "BadRequestException"},
	Default5XX:                   {Default5XX, 0, "InternalServerErrorException"},
	ExpiredToken:                 {ExpiredToken, 403, "ExpiredTokenException"},
	IntegrationFailure:           {IntegrationFailure, 504, "InternalServerErrorException"},
	IntegrationTimeout:           {IntegrationTimeout, 504, "InternalServerErrorException"},
	InvalidAPIKey:                {InvalidAPIKey, 403, "ForbiddenException"},
	InvalidSignature:             {InvalidSignature, 403, "InvalidSignatureException"},
	MissingAuthenticationToken:   {MissingAuthenticationToken, 403, "MissingAuthenticationTokenException"},
	QuotaExceeded:                {QuotaExceeded, 429, "LimitExceededException"},
	RequestTooLarge:              {RequestTooLarge, 413, "RequestTooLargeException"},
	ResourceNotFound:             {ResourceNotFound, 404, "ResourceNotFoundException"},
	Throttled:                    {Throttled, 429, "TooManyRequestsException"},
	Unauthorized:                 {Unauthorized, 401, "UnauthorizedException"},
	UnsupportedMediaType:         {UnsupportedMediaType, 415, "BadRequestException"},
	WAFFiltered:                  {WAFFiltered, 403, "WafFilteredException"},
}

// Types lists every response type in alphabetical order, as GetGatewayResponses does.
func Types() []Type {
	return []Type{AccessDenied, APIConfigurationError, AuthorizerConfigurationError, AuthorizerFailure,
		BadRequestBody, BadRequestParameters, Default4XX, Default5XX, ExpiredToken, IntegrationFailure,
		IntegrationTimeout, InvalidAPIKey, InvalidSignature, MissingAuthenticationToken, QuotaExceeded,
		RequestTooLarge, ResourceNotFound, Throttled, Unauthorized, UnsupportedMediaType, WAFFiltered}
}

// Lookup returns the default of a type.
func Lookup(t Type) (Def, bool) {
	d, ok := defs[t]
	return d, ok
}

// DefaultTemplate is the response template every default gateway response has.
const DefaultTemplate = `{"message":$context.error.messageString}`

// Error is a gateway response raised by a pipeline stage: errors are values, rendered in one
// place (Render) where the API's customisation applies.
type Error struct {
	Type Type
	// Status is this occurrence's status when the type has none of its own or when AWS sends
	// a different one than the type's default (a malformed Lambda proxy response is 502).
	Status int
	// Message is $context.error.message.
	Message string
	// ValidationErrorString is $context.error.validationErrorString: the detail of a failed
	// request validation (BAD_REQUEST_PARAMETERS, BAD_REQUEST_BODY), empty otherwise.
	ValidationErrorString string
	// Body, when set, is the exact default body AWS sends for this occurrence, which is not
	// always the default template's rendering: integration failures carry a space after the
	// colon ({"message": "Internal server error"}), an explicit deny uses "Message", and an
	// authorizer configuration error sends {"message": null}.
	Body string
	// Log is the execution-log line AWS writes for it (without timestamp).
	Log string
	// ErrorType, when set, is this occurrence's x-amzn-ErrorType where AWS sends another
	// than the type's default (SigV4 failures: IncompleteSignatureException,
	// UnrecognizedClientException).
	ErrorType string
}

// Predefined occurrences with AWS's exact bodies (aws-facts.md §1.3, §7).
var (
	ErrMissingAuthToken = &Error{Type: MissingAuthenticationToken, Message: "Missing Authentication Token"}
	ErrForbiddenKey     = &Error{Type: InvalidAPIKey, Message: "Forbidden"}
	ErrThrottled        = &Error{Type: Throttled, Message: "Too Many Requests"}
	ErrQuotaExceeded    = &Error{Type: QuotaExceeded, Message: "Limit Exceeded"}
	ErrUnauthorized     = &Error{Type: Unauthorized, Message: "Unauthorized"}
	ErrTimeout          = &Error{Type: IntegrationTimeout, Message: "Endpoint request timed out",
		Body: `{"message": "Endpoint request timed out"}`, Log: "Execution failed due to a timeout error"}
	ErrTooLarge             = &Error{Type: RequestTooLarge, Message: "Request Too Long"}
	ErrUnsupportedMediaType = &Error{Type: UnsupportedMediaType, Message: "Unsupported Media Type"}
)

// Internal returns a 5XX "Internal server error" with AWS's spaced body and the given status
// (502 for a malformed proxy response or a Lambda proxy error, 500 for configuration errors).
func Internal(status int, log string) *Error {
	return &Error{Type: Default5XX, Status: status, Message: "Internal server error",
		Body: `{"message": "Internal server error"}`, Log: log}
}

// Custom is an API's customisation of one type (from the workspace's gatewayResponses).
type Custom struct {
	StatusCode string
	Parameters map[string]string
	Templates  map[string]string
}

// Resolved is what the client gets for an Error on a given API.
type Resolved struct {
	Status     int
	ErrorType  string
	Parameters map[string]string // gatewayresponse.header.X → value expression
	Template   string            // "" means: use Error.Body or the default template
	Custom     bool
}

// Resolve applies AWS's inheritance: a type customised by the API wins; otherwise a
// customised DEFAULT_4XX or DEFAULT_5XX (by the type's status class) lends its status,
// parameters and templates; otherwise the type's defaults
// (aws-facts.md §1.2, LocalStack get_gateway_response_or_default).
func Resolve(e *Error, custom map[Type]*Custom, accept string) Resolved {
	d := defs[e.Type]
	status := d.Status
	if e.Status != 0 {
		status = e.Status
	}
	if status == 0 {
		status = 500
	}
	r := Resolved{Status: status, ErrorType: d.ErrorType}
	if e.ErrorType != "" {
		r.ErrorType = e.ErrorType
	}
	c := custom[e.Type]
	if c == nil {
		fallback := Default4XX
		if status >= 500 {
			fallback = Default5XX
		}
		c = custom[fallback]
	}
	if c == nil {
		return r
	}
	r.Custom = true
	if n, err := strconv.Atoi(c.StatusCode); err == nil && c.StatusCode != "" {
		r.Status = n
	}
	r.Parameters = c.Parameters
	r.Template = selectTemplate(c.Templates, accept)
	return r
}

// selectTemplate picks a response template by Accept, else application/json, else the first
// in key order (API Gateway's rule for response templates).
func selectTemplate(t map[string]string, accept string) string {
	if len(t) == 0 {
		return ""
	}
	for _, part := range strings.Split(accept, ",") {
		mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if v, ok := t[mt]; ok {
			return v
		}
	}
	if v, ok := t["application/json"]; ok {
		return v
	}
	first := ""
	for k := range t {
		if first == "" || k < first {
			first = k
		}
	}
	return t[first]
}

// MessageString is $context.error.messageString: the message as a quoted JSON string.
func MessageString(msg string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(msg) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}
