package mapping

import (
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"

	"apigwlab/engine/vtl"
)

// contextObj is $context. Scalars come straight from Input.Context; the nested maps
// (identity, authorizer, error, the two overrides) are built on first use, once per
// Render, so a template that only reads $context.requestId allocates nothing for them.
type contextObj struct {
	st *renderState

	identity                  identityObj
	authorizer, errorVars     *vtl.Map
	reqOverride, respOverride *vtl.Map
}

func (c *contextObj) reset(st *renderState) {
	*c = contextObj{st: st, identity: identityObj{st: st}}
}

// Property resolves $context.<name>. Unknown names report false, so the reference
// prints literally as Velocity prints any null (the brief's rule for unknown keys).
func (c *contextObj) Property(name string) (any, bool) {
	x := &c.st.in.Context
	switch name {
	case "accountId":
		return x.AccountID, true
	case "apiId":
		return x.APIID, true
	case "authorizer":
		return c.authorizerMap(), true
	case "deploymentId":
		return x.DeploymentID, true
	case "domainName":
		return x.DomainName, true
	case "domainPrefix":
		return x.DomainPrefix, true
	case "error":
		return c.errorMap(), true
	case "extendedRequestId":
		return x.ExtendedRequestID, true
	case "httpMethod":
		return x.HTTPMethod, true
	case "identity":
		return &c.identity, true
	case "isCanaryRequest":
		// Real AWS renders "true" / "false" (LocalStack test_apigateway_canary snapshot,
		// test_invoking_canary_deployment; aws-facts §6).
		return x.IsCanaryRequest, true
	case "path":
		return x.Path, true
	case "protocol":
		return x.Protocol, true
	case "requestId":
		return x.RequestID, true
	case "requestOverride":
		return c.requestOverride(), true
	case "requestTime":
		return x.RequestTime, true
	case "requestTimeEpoch":
		return x.RequestTimeEpoch, true
	case "resourceId":
		return x.ResourceID, true
	case "resourcePath":
		return x.ResourcePath, true
	case "responseOverride":
		return c.responseOverride(), true
	case "stage":
		return x.Stage, true
	}
	if x.WebSocket {
		switch name {
		case "connectionId":
			return x.ConnectionID, true
		case "connectedAt":
			return x.ConnectedAt, true
		case "eventType":
			return x.EventType, true
		case "messageId":
			return x.MessageID, true
		case "routeKey":
			return x.RouteKey, true
		}
	}
	return nil, false
}

// Call answers no methods: $context is a bag of properties.
// Call answers $context.get("name"), which is also what $context["name"] calls: AWS's
// $context is a map (LS snapshot test_integration_mock_with_vtl_map_assignation sets
// $context["requestOverride"].querystring["nestedfoo"]).
func (c *contextObj) Call(name string, args []any) (any, bool, error) {
	if name == "get" && len(args) == 1 {
		if k, ok := args[0].(string); ok {
			v, _ := c.Property(k)
			return v, true, nil
		}
	}
	return nil, false, nil
}

// contextKeys are the top-level $context names, in the reference page's order.
var contextKeys = []string{
	"accountId", "apiId", "authorizer", "deploymentId", "domainName", "domainPrefix",
	"error", "extendedRequestId", "httpMethod", "identity", "isCanaryRequest", "path",
	"protocol", "requestId", "requestOverride", "requestTime", "requestTimeEpoch",
	"resourceId", "resourcePath", "responseOverride", "stage",
}

// String prints $context as the Java map it stands for, so "$context" in a template
// shows its contents instead of a Go pointer.
func (c *contextObj) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range contextKeys {
		if i > 0 {
			b.WriteString(", ")
		}
		v, _ := c.Property(k)
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(javaString(v))
	}
	b.WriteByte('}')
	return b.String()
}

// identityObj is $context.identity, a host object rather than a map so that reading
// one field costs no map construction; it still answers the Map methods templates use
// to dump it (keySet, get, containsKey, size, isEmpty) and prints as a Java map.
//
// Unset fields render as empty strings: real-AWS output of the console's "Method
// Request passthrough" template shows "account-id": "", "api-key": "", "caller": "",
// "cognito-...": "", "user": "", "user-arn": "" for unauthenticated calls (many
// captured Lambda events, e.g. tj/go-gateway README, 2016), not the literal reference
// Velocity prints for a null. (The reference page calls apiKey "null" without a key;
// the observable output is the empty string, so that is what templates get.)
type identityObj struct{ st *renderState }

// identityKeys lists the fields in the order of the reference page's table.
var identityKeys = []string{
	"accountId", "apiKey", "apiKeyId", "caller", "cognitoAuthenticationProvider",
	"cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId",
	"principalOrgId", "sourceIp", "user", "userAgent", "userArn", "accessKey",
}

func (o *identityObj) field(name string) (string, bool) {
	id := &o.st.in.Context.Identity
	switch name {
	case "accountId":
		return id.AccountID, true
	case "apiKey":
		return id.APIKey, true
	case "apiKeyId":
		return id.APIKeyID, true
	case "caller":
		return id.Caller, true
	case "cognitoAuthenticationProvider":
		return id.CognitoAuthenticationProvider, true
	case "cognitoAuthenticationType":
		return id.CognitoAuthenticationType, true
	case "cognitoIdentityId":
		return id.CognitoIdentityID, true
	case "cognitoIdentityPoolId":
		return id.CognitoIdentityPoolID, true
	case "principalOrgId":
		return id.PrincipalOrgID, true
	case "sourceIp":
		return id.SourceIP, true
	case "user":
		return id.User, true
	case "userAgent":
		return id.UserAgent, true
	case "userArn":
		return id.UserArn, true
	case "accessKey":
		return id.AccessKey, true
	case "vpceId":
		// Readable, but not in identityKeys: they exist for private APIs only, and the
		// captured dumps of $context.identity (public APIs) do not list them.
		return id.VpceID, true
	case "vpcId":
		return id.VpcID, true
	}
	return "", false
}

// Property is $context.identity.<name>; unknown names are null.
func (o *identityObj) Property(name string) (any, bool) {
	v, ok := o.field(name)
	if !ok {
		return nil, false
	}
	return v, true
}

// Call implements the Map methods used to iterate the identity.
func (o *identityObj) Call(name string, args []any) (any, bool, error) {
	switch {
	case name == "get" && len(args) == 1:
		v, ok := o.field(javaString(args[0]))
		if !ok {
			return nil, true, nil
		}
		return v, true, nil
	case name == "containsKey" && len(args) == 1:
		_, ok := o.field(javaString(args[0]))
		return ok, true, nil
	case name == "keySet" && len(args) == 0:
		out := make([]any, len(identityKeys))
		for i, k := range identityKeys {
			out[i] = k
		}
		return out, true, nil
	case name == "size" && len(args) == 0:
		return len(identityKeys), true, nil
	case name == "isEmpty" && len(args) == 0:
		return false, true, nil
	}
	return nil, false, nil
}

// String prints the identity as a Java map: {accountId=..., apiKey=..., ...}.
func (o *identityObj) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range identityKeys {
		if i > 0 {
			b.WriteString(", ")
		}
		v, _ := o.field(k)
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(v)
	}
	b.WriteByte('}')
	return b.String()
}

// authorizerMap is $context.authorizer: principalId, claims when a Cognito authorizer
// supplied them, then the Lambda authorizer's context keys (sorted: a Go map has no
// order) as strings. "calling $context.authorizer.key returns the "value" string,
// ... numKey returns the "1" string, ... boolKey returns the "true" string" (reference
// page). principalId renders "" when unset, as in the passthrough captures (see
// identityObj).
func (c *contextObj) authorizerMap() *vtl.Map {
	if c.authorizer == nil {
		a := &c.st.in.Context.Authorizer
		m := vtl.NewMap()
		m.Put("principalId", a.PrincipalID)
		if len(a.Claims) > 0 {
			m.Put("claims", &claimsObj{claims: a.Claims})
		}
		keys := make([]string, 0, len(a.Fields))
		for k := range a.Fields {
			if k != "principalId" && k != "claims" {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			m.Put(k, stringify(a.Fields[k]))
		}
		c.authorizer = m
	}
	return c.authorizer
}

// claimsObj is $context.authorizer.claims: "$context.authorizer.claims.property" is a
// claim; "Calling $context.authorizer.claims returns null" (reference page). Velocity
// resolves a.b.c one step at a time, so claims must be an object for .sub to work;
// it prints as "" — what AWS's output shows for its nulls (see identityObj).
type claimsObj struct{ claims map[string]any }

// Property returns a claim as a string; a missing claim is null.
func (c *claimsObj) Property(name string) (any, bool) {
	v, ok := c.claims[name]
	if !ok {
		return nil, false
	}
	return stringify(v), true
}

// Call supports $context.authorizer.claims['cognito:groups'] (index → get) and get().
func (c *claimsObj) Call(name string, args []any) (any, bool, error) {
	if name == "get" && len(args) == 1 {
		v, ok := c.claims[javaString(args[0])]
		if !ok {
			return nil, true, nil
		}
		return stringify(v), true, nil
	}
	return nil, false, nil
}

// String prints the claims object itself as the empty string; see claimsObj.
func (c *claimsObj) String() string { return "" }

// stringify renders an authorizer context value the way AWS exposes it: as a string.
// JSON numbers decoded into float64 print without a spurious ".0" when integral.
func stringify(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return stringify(float64(x))
	case json.Number:
		return x.String()
	}
	return javaString(v)
}

// errorMap is $context.error: message, messageString (the message as a JSON string
// literal, quotes included: "The quoted value of $context.error.message"),
// responseType and validationErrorString.
func (c *contextObj) errorMap() *vtl.Map {
	if c.errorVars == nil {
		e := &c.st.in.Context.Error
		m := vtl.NewMap()
		m.Put("message", e.Message)
		var b strings.Builder
		writeJSONString(&b, e.Message)
		m.Put("messageString", b.String())
		m.Put("responseType", e.ResponseType)
		m.Put("validationErrorString", e.ValidationErrorString)
		c.errorVars = m
	}
	return c.errorVars
}

// requestOverride is $context.requestOverride with header, querystring and path maps a
// template writes with #set($context.requestOverride.header.X = ...), seeded from
// Input.Context.RequestOverride.
func (c *contextObj) requestOverride() *vtl.Map {
	if o := c.st.in.Context.Overrides; c.reqOverride == nil && o != nil && o.req != nil {
		c.reqOverride = cloneOverride(o.req)
	}
	if c.reqOverride == nil {
		o := &c.st.in.Context.RequestOverride
		m := vtl.NewMap()
		m.Put("header", stringMap(o.Header))
		m.Put("querystring", stringMap(o.Query))
		m.Put("path", stringMap(o.Path))
		c.reqOverride = m
	}
	return c.reqOverride
}

// responseOverride is $context.responseOverride: header map and status.
func (c *contextObj) responseOverride() *vtl.Map {
	if o := c.st.in.Context.Overrides; c.respOverride == nil && o != nil && o.resp != nil {
		c.respOverride = cloneOverride(o.resp)
	}
	if c.respOverride == nil {
		o := &c.st.in.Context.ResponseOverride
		m := vtl.NewMap()
		m.Put("header", stringMap(o.Header))
		if o.Status != 0 {
			m.Put("status", o.Status)
		}
		c.respOverride = m
	}
	return c.respOverride
}

func stringMap(src map[string]string) *vtl.Map {
	m := vtl.NewMap()
	keys := make([]string, 0, len(src))
	for k := range src {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		m.Put(k, src[k])
	}
	return m
}
