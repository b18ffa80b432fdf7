package auth

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"apigwlab/engine/wire"
)

// Authorizer types handled here. COGNITO_USER_POOLS is the third AWS type; it is not a Lambda
// authorizer and is not handled by this package.
const (
	TypeToken   = "TOKEN"
	TypeRequest = "REQUEST"
)

// TTL limits of authorizerResultTtlInSeconds. AWS API reference, Authorizer: "The TTL in
// seconds of cached authorizer results. If it equals 0, authorization caching is disabled. If
// it is greater than 0, API Gateway will cache authorizer responses. If this field is not set,
// the default value is 300. The maximum value is 3600, or 1 hour."
const (
	DefaultResultTTL = 300 * time.Second
	MaxResultTTL     = 3600 * time.Second
)

// ResultTTLFromSeconds turns the authorizerResultTtlInSeconds of a workspace file into a TTL:
// absent (nil) means AWS's default of 300 s; 0 switches caching off. Range is checked by
// Validate.
func ResultTTLFromSeconds(seconds *int) time.Duration {
	if seconds == nil {
		return DefaultResultTTL
	}
	return time.Duration(*seconds) * time.Second
}

// Authorizer is a Lambda authorizer's configuration, with AWS's field meanings.
//
// Call Validate once before use: it checks the configuration and compiles the identity
// sources and identityValidationExpression. Identity works without it (compiling on every
// call), so a zero-effort caller is still correct, only slower. After Validate the value is
// read-only and safe for concurrent use.
type Authorizer struct {
	Name string
	// Type is TOKEN or REQUEST.
	Type string
	// IdentitySource is AWS's mapping expression: for TOKEN exactly one
	// "method.request.header.<Name>"; for REQUEST a comma-separated list of
	// method.request.header.X, method.request.querystring.X, stageVariables.X, context.X.
	IdentitySource string
	// IdentityValidationExpression is a regular expression the TOKEN must match (TOKEN only).
	IdentityValidationExpression string
	// ResultTTL is authorizerResultTtlInSeconds: 0 switches the cache off. A workspace that
	// omits the field should pass DefaultResultTTL (see ResultTTLFromSeconds).
	ResultTTL time.Duration

	prep *prepared
}

// prepared is what Validate compiles once.
type prepared struct {
	sources []Source
	re      *regexp.Regexp
}

// SourceKind is where an identity source is read from.
type SourceKind int

// Identity source kinds, by mapping-expression prefix.
const (
	SourceHeader        SourceKind = iota + 1 // method.request.header.X
	SourceQuery                               // method.request.querystring.X
	SourceStageVariable                       // stageVariables.X
	SourceContext                             // context.X
)

// Source is one parsed identity source.
type Source struct {
	Kind SourceKind
	Name string // the part after the prefix
	Expr string // the mapping expression as written (trimmed)
}

var sourcePrefixes = []struct {
	prefix string
	kind   SourceKind
}{
	{"method.request.header.", SourceHeader},
	{"method.request.querystring.", SourceQuery},
	{"stageVariables.", SourceStageVariable},
	{"context.", SourceContext},
}

// Caching reports whether results of this authorizer are cached (ResultTTL > 0).
func (a *Authorizer) Caching() bool { return a.ResultTTL > 0 }

// Sources returns the parsed identity sources (nil if the configuration does not parse).
func (a *Authorizer) Sources() []Source {
	p, err := a.prepare()
	if err != nil {
		return nil
	}
	return p.sources
}

// Validate checks the configuration against AWS's rules and compiles what Identity needs.
// The rules and their sources:
//   - type is TOKEN or REQUEST (COGNITO_USER_POOLS is not a Lambda authorizer);
//   - authorizerResultTtlInSeconds is a whole number of seconds in 0–3600 (API reference);
//   - TOKEN: identitySource is required and is one request header mapping expression,
//     "method.request.header.<Name>" (API reference: "For a TOKEN or COGNITO_USER_POOLS
//     authorizer, this is required and specifies the request header mapping expression for
//     the custom header holding the authorization token");
//   - REQUEST: identitySource is "a comma-separated string of one or more mapping
//     expressions" of headers, query strings, stage variables and context variables
//     (configure-api-gateway-lambda-authorization-with-console.md: "Supported parameter types
//     are Header, Query String, Stage Variable, and Context"); path parameters "can be passed
//     … but they can't be used as identity sources" (api-gateway-lambda-authorizer-input.md);
//     it "is required when authorization caching is enabled … When the authorization caching
//     is not enabled, this property is optional" (API reference);
//   - identityValidationExpression "does not apply to the REQUEST authorizer" (API reference):
//     it is ignored there, as AWS ignores it; for TOKEN it must compile.
func (a *Authorizer) Validate() error {
	p, err := a.prepare()
	if err != nil {
		return err
	}
	a.prep = p
	return nil
}

func (a *Authorizer) errorf(format string, args ...any) error {
	name := a.Name
	if name == "" {
		name = "(unnamed)"
	}
	return fmt.Errorf("authorizer %s: "+format, append([]any{name}, args...)...)
}

func (a *Authorizer) prepare() (*prepared, error) {
	if a.prep != nil {
		return a.prep, nil
	}
	if strings.TrimSpace(a.Name) == "" {
		return nil, errors.New("authorizer: name is required")
	}
	switch a.Type {
	case TypeToken, TypeRequest:
	case "COGNITO_USER_POOLS":
		return nil, a.errorf("type COGNITO_USER_POOLS is a Cognito user pool authorizer, not a Lambda authorizer; this check covers TOKEN and REQUEST")
	case "":
		return nil, a.errorf("type is required: TOKEN (one header carries a token) or REQUEST (headers, query strings, stage variables, context)")
	default:
		return nil, a.errorf("type %q is not a Lambda authorizer type: use TOKEN or REQUEST (upper case, as AWS spells them)", a.Type)
	}
	if a.ResultTTL < 0 || a.ResultTTL > MaxResultTTL {
		return nil, a.errorf("authorizerResultTtlInSeconds %s is out of range: it must be 0–3600 seconds (0 disables caching; default 300)", ttlText(a.ResultTTL))
	}
	if a.ResultTTL%time.Second != 0 {
		return nil, a.errorf("authorizerResultTtlInSeconds %s is not a whole number of seconds", a.ResultTTL)
	}
	p := &prepared{}
	var err error
	if a.Type == TypeToken {
		p.sources, err = a.parseTokenSource()
		if err != nil {
			return nil, err
		}
		if a.IdentityValidationExpression != "" {
			p.re, err = compileValidation(a.IdentityValidationExpression)
			if err != nil {
				return nil, a.errorf("identityValidationExpression %q: %v", a.IdentityValidationExpression, err)
			}
		}
		return p, nil
	}
	p.sources, err = a.parseRequestSources()
	if err != nil {
		return nil, err
	}
	if len(p.sources) == 0 && a.Caching() {
		// AWS's own wording for HTTP APIs (BadRequestException seen in
		// hashicorp/terraform-provider-aws#32629): "Identity source must be set if authorizer
		// caching is enabled (TTL is greater than 0)"; REST has the same rule (API reference).
		return nil, a.errorf("identitySource must be set when authorizer caching is enabled (authorizerResultTtlInSeconds > 0): the identity sources are the cache key; set them, or set the TTL to 0")
	}
	return p, nil
}

func ttlText(d time.Duration) string {
	if d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10)
	}
	return d.String()
}

func (a *Authorizer) parseTokenSource() ([]Source, error) {
	expr := strings.TrimSpace(a.IdentitySource)
	if expr == "" {
		return nil, a.errorf(`identitySource is required for a TOKEN authorizer: the header that carries the token, e.g. "method.request.header.Authorization"`)
	}
	if strings.Contains(expr, ",") {
		return nil, a.errorf("identitySource %q: a TOKEN authorizer reads exactly one header; use a REQUEST authorizer for several identity sources", a.IdentitySource)
	}
	s, err := parseSource(expr)
	if err != nil {
		return nil, a.errorf("identitySource %q: %v", expr, err)
	}
	if s.Kind != SourceHeader {
		return nil, a.errorf("identitySource %q: a TOKEN authorizer's token source must be a request header, \"method.request.header.<Name>\"; use a REQUEST authorizer for query strings, stage variables or context", expr)
	}
	return []Source{s}, nil
}

func (a *Authorizer) parseRequestSources() ([]Source, error) {
	if strings.TrimSpace(a.IdentitySource) == "" {
		return nil, nil
	}
	var out []Source
	for _, part := range strings.Split(a.IdentitySource, ",") {
		expr := strings.TrimSpace(part)
		if expr == "" {
			return nil, a.errorf("identitySource %q has an empty entry: separate mapping expressions with single commas", a.IdentitySource)
		}
		s, err := parseSource(expr)
		if err != nil {
			return nil, a.errorf("identitySource %q: %v", expr, err)
		}
		out = append(out, s)
	}
	return out, nil
}

func parseSource(expr string) (Source, error) {
	if strings.HasPrefix(expr, "method.request.path.") {
		return Source{}, errors.New("path parameters can be passed to a REQUEST authorizer but cannot be identity sources (AWS: api-gateway-lambda-authorizer-input)")
	}
	for _, p := range sourcePrefixes {
		if name, ok := strings.CutPrefix(expr, p.prefix); ok {
			if name == "" {
				return Source{}, fmt.Errorf("the name after %q is missing", p.prefix)
			}
			if strings.ContainsAny(name, " \t") {
				return Source{}, fmt.Errorf("%q contains white space", name)
			}
			return Source{Kind: p.kind, Name: name, Expr: expr}, nil
		}
	}
	if strings.HasPrefix(expr, "$") {
		return Source{}, errors.New(`"$request…"/"$context…" is HTTP API syntax; REST authorizers use method.request.header.X, method.request.querystring.X, stageVariables.X or context.X`)
	}
	return Source{}, errors.New("not an identity source mapping expression: use method.request.header.X, method.request.querystring.X, stageVariables.X or context.X")
}

// compileValidation compiles identityValidationExpression for a whole-token match.
//
// AWS does not document whether the expression must match the whole token or only part of
// it. API Gateway is a Java service and its other regular expression (an integration
// response's selectionPattern) is matched with Java's String.matches, a whole-string match
// (aws-facts.md §2.2, real AWS); AWS SAM's documented example "Bearer.*" only makes sense as a
// whole-string match (a search would not need ".*"). We therefore anchor the expression:
// "Bearer" alone rejects "Bearer abc". Emulators differ (serverless-offline uses JavaScript
// RegExp.test, a search; SAM CLI uses Python re.match, anchored at the start only) — flagged
// as unconfirmed by a real-AWS capture.
//
// The expression is Java syntax run on Go's RE2: lookaround, backreferences and possessive
// quantifiers do not compile and are reported here instead of silently matching differently.
func compileValidation(expr string) (*regexp.Regexp, error) {
	if _, err := regexp.Compile(expr); err != nil {
		return nil, fmt.Errorf("cannot be compiled by this simulator (Java syntax run on Go's RE2 engine: lookaround, backreferences and possessive quantifiers are unsupported): %v", err)
	}
	return regexp.Compile(`^(?:` + expr + `)$`)
}

// RequestView is what identity extraction reads from a method request.
type RequestView interface {
	// Header returns a request header by name, case-insensitively, and whether it was sent.
	Header(name string) (string, bool)
	// Query returns a query-string parameter (the last value when repeated, as
	// queryStringParameters shows it) and whether it was sent.
	Query(name string) (string, bool)
	// StageVariable returns a stage variable and whether the stage defines it.
	StageVariable(name string) (string, bool)
	// Context returns a $context variable by its name after "context.", e.g.
	// "identity.sourceIp" or "requestId", and whether it is set.
	Context(name string) (string, bool)
}

// Request is a ready-made RequestView.
type Request struct {
	Headers        wire.Headers
	QueryParams    []wire.QueryParam
	StageVariables map[string]string
	ContextVars    map[string]string
}

// Header implements RequestView (case-insensitive, last value).
func (r *Request) Header(name string) (string, bool) { return r.Headers.Get(name) }

// Query implements RequestView (case-sensitive, last value).
func (r *Request) Query(name string) (string, bool) {
	for i := len(r.QueryParams) - 1; i >= 0; i-- {
		if r.QueryParams[i].Name == name {
			return r.QueryParams[i].Value, true
		}
	}
	return "", false
}

// StageVariable implements RequestView.
func (r *Request) StageVariable(name string) (string, bool) {
	v, ok := r.StageVariables[name]
	return v, ok
}

// Context implements RequestView.
func (r *Request) Context(name string) (string, bool) {
	v, ok := r.ContextVars[name]
	return v, ok
}

func lookup(req RequestView, s Source) (string, bool) {
	switch s.Kind {
	case SourceHeader:
		return req.Header(s.Name)
	case SourceQuery:
		return req.Query(s.Name)
	case SourceStageVariable:
		return req.StageVariable(s.Name)
	case SourceContext:
		return req.Context(s.Name)
	}
	return "", false
}

// Identity extracts the caller's identity: the value the function receives (TOKEN's
// authorizationToken) and the cache key. When ok is false API Gateway answers 401
// Unauthorized without invoking the function (UnauthorizedOutcome), and reason says why, for
// the trace.
//
//   - TOKEN: the token header's value. Missing or empty → 401; a token that does not match
//     identityValidationExpression → 401 (API reference: "It will invoke the authorizer's
//     Lambda function when there is a match. Otherwise, it will return a 401 Unauthorized
//     response without calling the Lambda function"). This check does not depend on caching.
//     The cache key is the token ("When policy caching is enabled, the header name specified
//     in Token Source becomes the cache key", i.e. its value).
//   - REQUEST with caching on: every identity source must be "present, not null and
//     non-empty. Only when this is true does the authorizer invoke the authorizer Lambda
//     function, otherwise, it returns a 401 Unauthorized response" (API reference). The cache
//     key is all of them ("Changing any of the cache key parts causes the authorizer to discard
//     the cached policy document").
//   - REQUEST with caching off (TTL 0): "it is not necessary to specify an identity source.
//     API Gateway does not perform any validation before invoking the authorizer's Lambda
//     function" (configure-api-gateway-lambda-authorization-with-console.md): always ok,
//     identity "" (nothing is cached).
func (a *Authorizer) Identity(req RequestView) (identity string, ok bool, reason string) {
	p, err := a.prepare()
	if err != nil {
		return "", false, err.Error()
	}
	if a.Type == TypeToken {
		s := p.sources[0]
		v, present := req.Header(s.Name)
		if !present {
			return "", false, "identity source " + s.Expr + " is missing from the request"
		}
		if v == "" {
			return "", false, "identity source " + s.Expr + " is empty"
		}
		if p.re != nil && !p.re.MatchString(v) {
			return "", false, "the token does not match identityValidationExpression " + strconv.Quote(a.IdentityValidationExpression)
		}
		return v, true, ""
	}
	if !a.Caching() {
		return "", true, ""
	}
	if len(p.sources) == 1 {
		v, present := lookup(req, p.sources[0])
		if !present || v == "" {
			return "", false, missingReason(p.sources[0], present)
		}
		return v, true, ""
	}
	var b strings.Builder
	for i, s := range p.sources {
		v, present := lookup(req, s)
		if !present || v == "" {
			return "", false, missingReason(s, present)
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(v)) // quoted: values may contain commas
	}
	return b.String(), true, ""
}

func missingReason(s Source, present bool) string {
	if present {
		return "identity source " + s.Expr + " is empty"
	}
	return "identity source " + s.Expr + " is missing from the request"
}
