package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"apigwlab/engine/auth"
	"apigwlab/engine/cognito"
	"apigwlab/engine/iam"
	"apigwlab/engine/lambda"
	"apigwlab/engine/model"
	"apigwlab/engine/observe"
	"apigwlab/engine/wire"
)

// authorizer is one compiled HTTP API authorizer: JWT (aws-facts-v2 §6) or Lambda REQUEST (§7).
type authorizer struct {
	name    string
	typ     string
	sources []string // identity sources without the leading "$"
	// JWT
	pool      *cognito.UserPool
	audiences []string
	// REQUEST
	fn, qual string
	v2       bool
	simple   bool
	ttl      time.Duration
	mu       sync.Mutex
	cache    map[string]cached
}

type cached struct {
	until   time.Time
	allowed bool
	ctx     []byte
}

func compileAuthorizer(m *model.V2Authorizer, env *Env) (*authorizer, error) {
	z := &authorizer{name: m.Name, typ: m.AuthorizerType}
	for _, s := range m.IdentitySource {
		z.sources = append(z.sources, strings.TrimPrefix(s, "$"))
	}
	switch m.AuthorizerType {
	case model.AuthorizerJWT:
		if len(z.sources) == 0 {
			z.sources = []string{"request.header.Authorization"}
		}
		j := m.JWTConfiguration
		if j == nil {
			return nil, errors.New("no jwtConfiguration")
		}
		z.pool = poolFor(env, j.Issuer)
		if z.pool == nil {
			return nil, fmt.Errorf("issuer %q is no workspace user pool", j.Issuer)
		}
		z.audiences = j.Audience
	case model.AuthorizerRequest:
		name, qual, ok := model.V2LambdaTarget(m.AuthorizerURI)
		if !ok {
			return nil, fmt.Errorf("authorizerUri %q is not a Lambda function", m.AuthorizerURI)
		}
		z.fn, z.qual = name, qual
		z.v2 = m.AuthorizerPayloadFormatVersion == model.PayloadFormat20
		z.simple = m.EnableSimpleResponses && z.v2
		z.ttl = time.Duration(m.AuthorizerResultTTLInSeconds) * time.Second
	default:
		return nil, fmt.Errorf("authorizer type %q", m.AuthorizerType)
	}
	return z, nil
}

// poolFor finds the user pool an issuer names: its issuer URL, its id or its name.
func poolFor(env *Env, iss string) *cognito.UserPool {
	if p := env.Pools[iss]; p != nil {
		return p
	}
	if i := strings.LastIndexByte(iss, '/'); i >= 0 {
		if p := env.Pools[iss[i+1:]]; p != nil && p.Issuer() == iss {
			return p
		}
	}
	return nil
}

// authorize runs the route's authorization.
func (c *call) authorize() *gwError {
	switch c.r.authType {
	case "JWT":
		return c.jwt()
	case "CUSTOM":
		return c.lambdaAuthorizer()
	case "AWS_IAM":
		return c.sigv4()
	}
	return nil
}

// identity reads one identity source ($request.header.X case-insensitively,
// $request.querystring.X case-sensitively, $context.X, $stageVariables.X; fact 54).
func (c *call) identity(src string) string {
	switch {
	case strings.HasPrefix(src, "request.header."):
		return strings.Join(c.req.Header.Values(src[len("request.header."):]), ",")
	case strings.HasPrefix(src, "request.querystring."):
		name := src[len("request.querystring."):]
		var vals []string
		for _, q := range c.Query() {
			if q.Name == name {
				vals = append(vals, q.Value)
			}
		}
		return strings.Join(vals, ",")
	case strings.HasPrefix(src, "context."):
		return c.contextValue(src[len("context."):])
	case strings.HasPrefix(src, "stageVariables."):
		return c.st.vars[src[len("stageVariables."):]]
	}
	return ""
}

func (c *call) identityValues() []string {
	out := make([]string, 0, len(c.r.authz.sources))
	for _, s := range c.r.authz.sources {
		out = append(out, c.identity(s))
	}
	return out
}

// jwtDescriptions are www-authenticate error_description texts. The audience and
// segment-count texts are AWS's (facts 48, CAP-401inv); the others are not published and
// follow the same style (docs/fidelity.md says so).
func jwtDescription(err error) string {
	switch {
	case errors.Is(err, cognito.ErrMalformed):
		if strings.Contains(err.Error(), " parts") {
			return "token contains an invalid number of segments"
		}
		return "token is malformed"
	case errors.Is(err, cognito.ErrAudience):
		return "the token does not have a valid audience"
	case errors.Is(err, cognito.ErrExpired):
		return "the token has expired"
	case errors.Is(err, cognito.ErrNotYetValid):
		return "the token is not valid yet"
	case errors.Is(err, cognito.ErrIssuer):
		return "the token does not have a valid issuer"
	case errors.Is(err, cognito.ErrUnknownKey):
		return "the token signing key was not found"
	case errors.Is(err, cognito.ErrSignature), errors.Is(err, cognito.ErrAlgorithm):
		return "the token signature is invalid"
	}
	return "the token is invalid"
}

// jwt is the JWT authorizer (fact 46): signature against the user pool's key, iss, aud (or
// client_id when aud is absent), exp/nbf, then the route's scopes.
func (c *call) jwt() *gwError {
	z := c.r.authz
	hop := c.trace.Hop("authorizer", "", c.elapsed, 0)
	if hop != nil {
		hop.Fact("type", "JWT ("+z.name+")").Fact("issuer", z.pool.Issuer())
	}
	tok := c.identity(z.sources[0])
	if len(tok) > 7 && strings.EqualFold(tok[:7], "bearer ") {
		tok = tok[7:]
	}
	if strings.TrimSpace(tok) == "" {
		c.authErr = "Unauthorized"
		hop.Decide("answered 401").Fact("reason", "no token in "+z.sources[0])
		return &gwError{status: 401, body: bodyUnauthorized, kind: "UNAUTHORIZED", msg: "Unauthorized",
			header: wire.Headers{{Name: "www-authenticate", Value: "Bearer"}}}
	}
	v, err := z.pool.Verify(tok, c.start.Add(c.elapsed), z.audiences)
	if err != nil {
		desc := jwtDescription(err)
		c.authErr = desc
		if hop != nil {
			hop.Decide("answered 401").Fact("reason", err.Error())
		}
		return &gwError{status: 401, body: bodyUnauthorized, kind: "UNAUTHORIZED", msg: "Unauthorized",
			header: wire.Headers{{Name: "www-authenticate", Value: `Bearer scope="" error="invalid_token" error_description="` + desc + `"`}}}
	}
	scopes := tokenScopes(v.Claims)
	if len(c.r.scopes) > 0 && !anyIn(c.r.scopes, scopes) {
		want := strings.Join(c.r.scopes, " ")
		c.authErr = "Forbidden"
		if hop != nil {
			hop.Decide("answered 403").Fact("reason", "the token's scopes ["+strings.Join(scopes, " ")+"] hold none of the route's ["+want+"]")
		}
		return &gwError{status: 403, body: bodyForbidden, kind: "ACCESS_DENIED", msg: "Forbidden",
			header: wire.Headers{{Name: "www-authenticate", Value: `Bearer scope="` + want + `" error="insufficient_scope" error_description="expected scopes: [` + want + `]"`}}}
	}
	c.claims = claimStrings(v.Claims)
	c.scopes = scopes
	if hop != nil {
		hop.Decide("pass").Fact("sub", c.claims["sub"]).Fact("token_use", c.claims["token_use"])
		if len(scopes) > 0 {
			hop.Fact("scopes", strings.Join(scopes, " "))
		}
	}
	return nil
}

func tokenScopes(claims map[string]any) []string {
	for _, k := range []string{"scope", "scp"} {
		switch s := claims[k].(type) {
		case string:
			return strings.Fields(s)
		case []any:
			var out []string
			for _, x := range s {
				out = append(out, fmt.Sprint(x))
			}
			return out
		}
	}
	return nil
}

func anyIn(want, have []string) bool {
	for _, w := range want {
		for _, h := range have {
			if w == h {
				return true
			}
		}
	}
	return false
}

// claimStrings renders claims as HTTP APIs do (fact 29): every value a string — numbers in
// decimal, booleans "true"/"false", arrays "[a b]" and objects "map[k:v]" as Go prints them.
func claimStrings(claims map[string]any) map[string]string {
	out := make(map[string]string, len(claims))
	for k, v := range claims {
		switch x := v.(type) {
		case string:
			out[k] = x
		case float64:
			out[k] = strconv.FormatFloat(x, 'f', -1, 64)
		case json.Number:
			out[k] = x.String()
		default:
			out[k] = fmt.Sprint(v)
		}
	}
	return out
}

// SourceArn is the route's ARN, the source of its integration's invocation (ArnSource).
func (c *call) SourceArn() string { return c.routeArn() }

// authorizerArn is an authorizer's source ARN: arn:aws:execute-api:REGION:ACCOUNT:API/authorizers/NAME.
type authorizerArn struct {
	c    *call
	name string
}

func (a authorizerArn) SourceArn() string {
	return "arn:aws:execute-api:" + a.c.env.Region + ":" + a.c.env.Account + ":" + a.c.api.ID + "/authorizers/" + a.name
}

// routeArn is arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH ($default: …/STAGE/$default).
func (c *call) routeArn() string {
	base := "arn:aws:execute-api:" + c.env.Region + ":" + c.env.Account + ":" + c.api.ID + "/" + c.st.name + "/"
	if c.r.key == "$default" {
		return base + "$default"
	}
	return base + c.req.Method + strings.TrimPrefix(c.path, c.stagePrefix())
}

var errAuthorizer = &gwError{status: 500, body: bodyInternal, kind: "AUTHORIZER_FAILURE", msg: "Internal Server Error"}

// lambdaAuthorizer is a Lambda REQUEST authorizer (§7): identity sources all present or
// 401 without a call; a cached result within the TTL; else the function decides —
// {isAuthorized, context} (simple responses) or an IAM policy; a failure is 500.
func (c *call) lambdaAuthorizer() *gwError {
	z := c.r.authz
	hop := c.trace.Hop("authorizer", "", c.elapsed, 0)
	if hop != nil {
		hop.Fact("type", "Lambda REQUEST ("+z.name+", payload "+map[bool]string{true: "2.0", false: "1.0"}[z.v2]+")")
	}
	vals := c.identityValues()
	for i, v := range vals {
		if v == "" {
			c.authErr = "Unauthorized"
			hop.Decide("answered 401").Fact("reason", "identity source $"+z.sources[i]+" is missing: the authorizer is not called")
			return &gwError{status: 401, body: bodyUnauthorized, kind: "UNAUTHORIZED", msg: "Unauthorized"}
		}
	}
	now := c.start.Add(c.elapsed)
	key := strings.Join(vals, "\x00")
	if z.ttl > 0 && len(vals) > 0 {
		z.mu.Lock()
		e, ok := z.cache[key]
		z.mu.Unlock()
		if ok && now.Before(e.until) {
			if hop != nil {
				hop.Fact("cache", "hit (TTL "+z.ttl.String()+")")
			}
			return c.authDecision(e.allowed, e.ctx, hop)
		}
	}
	if m := c.env.MayInvoke; m != nil && !m(z.fn, z.qual, authorizerArn{c, z.name}) {
		c.authErr = "Invalid permissions on Lambda function"
		hop.Decide("answered 500").Fact("reason", "the authorizer function's resource-based policy grants API Gateway no lambda:InvokeFunction")
		return errAuthorizer
	}
	res, err := c.env.Lambda.Invoke(&lambda.Invocation{Function: z.fn, Qualifier: z.qual, Now: now,
		Event: func() []byte {
			if z.v2 {
				return c.eventV2(true)
			}
			return c.authEventV1(vals)
		}})
	c.authzFn, c.authzVersion = z.fn, res.ExecutedVersion
	if hop != nil {
		hop.Duration = res.Duration
	}
	c.elapsed += res.Duration
	c.trace.FunctionLogs(hop, c.start.Add(c.elapsed), z.fn, res.Logs)
	if err != nil || res.Throttled || res.FunctionError != "" {
		why := "the function failed"
		if err != nil {
			why = err.Error()
		} else if res.FunctionError != "" {
			why = "the function raised: " + res.ErrorMessage
		}
		c.authErr = why
		hop.Decide("answered 500").Fact("reason", why)
		return errAuthorizer
	}
	allowed, ctx, why := c.readAuthorizer(res.Value)
	if why != "" {
		c.authErr = why
		hop.Decide("answered 500").Fact("reason", "invalid authorizer response: "+why)
		return errAuthorizer
	}
	if z.ttl > 0 && len(vals) > 0 {
		z.mu.Lock()
		if z.cache == nil {
			z.cache = map[string]cached{}
		}
		z.cache[key] = cached{until: now.Add(z.ttl), allowed: allowed, ctx: ctx}
		z.mu.Unlock()
	}
	return c.authDecision(allowed, ctx, hop)
}

func (c *call) authDecision(allowed bool, ctx []byte, hop *observe.Hop) *gwError {
	if !allowed {
		c.authErr = "Forbidden"
		hop.Decide("answered 403").Fact("reason", "the authorizer denied the request")
		return &gwError{status: 403, body: bodyForbidden, kind: "ACCESS_DENIED", msg: "Forbidden"}
	}
	c.lambdaCtx = ctx
	if c.lambdaCtx == nil {
		c.lambdaCtx = []byte("{}")
	}
	if hop != nil {
		hop.Decide("pass").Fact("context", string(c.lambdaCtx))
	}
	return nil
}

// readAuthorizer reads an authorizer's answer: {"isAuthorized": bool, "context": {…}} with
// simple responses, else an IAM policy evaluated against the route ARN (fact 53).
func (c *call) readAuthorizer(v any) (allowed bool, ctx []byte, why string) {
	z := c.r.authz
	obj, ok := v.(map[string]any)
	if !ok {
		return false, nil, "the response is not a JSON object"
	}
	if z.simple {
		b, ok := obj["isAuthorized"].(bool)
		if !ok {
			return false, nil, "isAuthorized is missing or not a boolean"
		}
		if m, ok := obj["context"].(map[string]any); ok {
			ctx, _ = json.Marshal(m)
		}
		return b, ctx, ""
	}
	r, err := auth.ParseOutput(v)
	if err != nil {
		return false, nil, err.Error()
	}
	d := r.Authorize(c.routeArn())
	if m, ok := obj["context"].(map[string]any); ok {
		ctx, _ = json.Marshal(m)
	}
	if r.PrincipalID != "" && !z.v2 {
		// 1.0 responses are REST-compatible: the principal is part of the authorizer context
		m := map[string]any{"principalId": r.PrincipalID}
		if cm, ok := obj["context"].(map[string]any); ok {
			for k, x := range cm {
				m[k] = x
			}
		}
		ctx, _ = json.Marshal(m)
	}
	return d.Allowed, ctx, ""
}

// authEventV1 is the 1.0 REQUEST authorizer event: the 1.0 integration event plus type,
// methodArn and identitySource (comma-joined) (fact 52).
func (c *call) authEventV1(vals []string) []byte {
	var m map[string]any
	if json.Unmarshal(c.eventV1(), &m) != nil {
		m = map[string]any{}
	}
	m["type"] = "REQUEST"
	m["methodArn"] = c.routeArn()
	m["identitySource"] = strings.Join(vals, ",")
	if a := c.req.Header.Value("Authorization"); a != "" {
		m["authorizationToken"] = a
	}
	delete(m, "body")
	delete(m, "isBase64Encoded")
	out, _ := json.Marshal(m)
	return out
}

// iamIdentity is requestContext.authorizer.iam (fact 28).
type iamIdentity struct {
	AccessKey       string  `json:"accessKey"`
	AccountID       string  `json:"accountId"`
	CallerID        string  `json:"callerId"`
	CognitoIdentity *string `json:"cognitoIdentity"`
	PrincipalOrgID  *string `json:"principalOrgId"`
	UserArn         string  `json:"userArn"`
	UserID          string  `json:"userId"`
}

// sigv4 is AWS_IAM authorization (fact 57): a SigV4 signature by a workspace principal
// whose identity policies allow execute-api:Invoke on the route ARN. HTTP APIs have no
// resource policies. Failure bodies are not documented for HTTP APIs (fact 57, unsure):
// apigwlab answers 403 {"message":"Forbidden"}.
func (c *call) sigv4() *gwError {
	hop := c.trace.Hop("iam", "", c.elapsed, 0)
	deny := func(why string) *gwError {
		c.authErr = why
		hop.Decide("answered 403").Fact("reason", why)
		return &gwError{status: 403, body: bodyForbidden, kind: "ACCESS_DENIED", msg: "Forbidden"}
	}
	host := c.req.Header.Value("Host")
	if host == "" {
		host = c.api.domainName
	}
	sr := &iam.Request{Method: c.req.Method, Path: c.req.Path, RawQuery: c.req.RawQuery, Host: host, Header: c.req.Header, Body: c.req.Body}
	sig, f := iam.Parse(sr)
	if f != nil {
		return deny(f.Reason + " " + f.Message)
	}
	if f := sig.CheckScope(c.env.Region, c.start.Add(c.elapsed)); f != nil {
		return deny(f.Message)
	}
	if c.env.IAM == nil {
		return deny("access key " + sig.AccessKeyID + " belongs to no user or role under iam: in the workspace")
	}
	id, _ := c.env.IAM.Lookup(sig.AccessKeyID)
	if id == nil {
		return deny("access key " + sig.AccessKeyID + " belongs to no user or role under iam: in the workspace")
	}
	if f := sig.Verify(sr, id.SecretAccessKey, c.env.Region); f != nil {
		return deny(f.Message)
	}
	arn := c.routeArn()
	env := iam.Env{Action: auth.InvokeAction, Resource: arn, Caller: id.Caller, SourceIP: c.sourceIP()}
	r := iam.Evaluate(&env, id.Policies...)
	if hop != nil {
		hop.Fact("principal", id.Caller.ARN).Fact("routeArn", arn).Fact("identityPolicies", r.Explain())
	}
	if r.Effect != iam.Allowed {
		return deny(id.Caller.ARN + " is not allowed execute-api:Invoke on " + arn + " (" + r.Effect.String() + ")")
	}
	c.iam = &iamIdentity{AccessKey: id.AccessKeyID, AccountID: id.Caller.Account, CallerID: id.UniqueID, UserArn: id.Caller.ARN, UserID: id.UniqueID}
	hop.Decide("pass")
	return nil
}

// sortedStrings returns a sorted copy.
func sortedStrings(in []string) []string {
	out := append([]string(nil), in...)
	sort.Strings(out)
	return out
}
