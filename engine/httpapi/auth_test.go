package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"apigwlab/engine"
	"apigwlab/engine/wire"
)

const authWorkspace = `
userPools:
  - name: users
    users: [{username: alice, email: alice@example.com, groups: [g1, g2]}]
    clients: [{name: web, clientId: webclient0001, scopes: [shop/read, shop/write]}, {name: other, clientId: otherclient01}]
httpApis:
  - name: a
    corsConfiguration:
      allowOrigins: [https://app.example.com]
      allowMethods: [GET, POST]
      allowHeaders: [Authorization]
      allowCredentials: true
      maxAge: 600
    authorizers:
      - {name: jwt, authorizerType: JWT, jwtConfiguration: {issuer: users, audience: [webclient0001]}}
      - name: simple
        authorizerType: REQUEST
        authorizerUri: function:authz
        authorizerPayloadFormatVersion: "2.0"
        enableSimpleResponses: true
        identitySource: [$request.header.x-token]
        authorizerResultTtlInSeconds: 300
      - name: policy
        authorizerType: REQUEST
        authorizerUri: function:policy
        authorizerPayloadFormatVersion: "1.0"
        identitySource: [$request.header.x-token]
    routes:
      "GET /me": {authorizationType: JWT, authorizerId: jwt, integration: ` + "{integrationType: AWS_PROXY, integrationUri: \"function:echo\", payloadFormatVersion: \"2.0\"}" + `}
      "GET /write": {authorizationType: JWT, authorizerId: jwt, authorizationScopes: [shop/write, shop/admin], integration: ` + "{integrationType: AWS_PROXY, integrationUri: \"function:echo\", payloadFormatVersion: \"2.0\"}" + `}
      "GET /simple": {authorizationType: CUSTOM, authorizerId: simple, integration: ` + "{integrationType: AWS_PROXY, integrationUri: \"function:echo\", payloadFormatVersion: \"2.0\"}" + `}
      "GET /policy": {authorizationType: CUSTOM, authorizerId: policy, integration: ` + "{integrationType: AWS_PROXY, integrationUri: \"function:echo\", payloadFormatVersion: \"2.0\"}" + `}
      "GET /open": {integration: ` + "{integrationType: AWS_PROXY, integrationUri: \"function:cors\", payloadFormatVersion: \"2.0\"}" + `}
    stages:
      - stageName: $default
        routeSettings:
          "GET /open": {throttlingBurstLimit: 2, throttlingRateLimit: 1}
functions:
  - {functionName: echo, echo: true}
  - {functionName: cors, returns: {statusCode: 200, headers: {Access-Control-Allow-Origin: "*"}, body: ok}}
  - functionName: authz
    returns: {isAuthorized: false}
    cases:
      - when: {$.headers.x-token: good}
        returns: {isAuthorized: true, context: {tier: gold, n: 1}}
  - functionName: policy
    returns: {principalId: bob, policyDocument: {Version: "2012-10-17", Statement: [{Effect: Deny, Action: "execute-api:Invoke", Resource: "*"}]}}
    cases:
      - when: {identitySource: good}
        returns: {principalId: bob, policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "execute-api:Invoke", Resource: "arn:aws:execute-api:*:*:*/$default/GET/policy"}]}, context: {k: v}}
`

func mint(t *testing.T, g *engine.Gateway, client string, scopes []string, now time.Time) string {
	t.Helper()
	p, ok := g.UserPool("users")
	if !ok {
		t.Fatal("no pool")
	}
	use := "id"
	if scopes != nil {
		use = "access"
	}
	tok, err := p.Mint("alice", client, use, scopes, now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// JWT authorizer answers (facts 46–49) and claims as strings (fact 29).
func TestJWTAuthorizer(t *testing.T) {
	g, clk := gateway(t, authWorkspace)
	id := mint(t, g, "webclient0001", nil, clk.Now())
	for _, tc := range []struct {
		name, path, auth string
		status           int
		body, wwwAuth    string
	}{
		{"missing", "/me", "", 401, `{"message":"Unauthorized"}`, "Bearer"},
		{"segments", "/me", "Bearer abc", 401, `{"message":"Unauthorized"}`, `Bearer scope="" error="invalid_token" error_description="token contains an invalid number of segments"`},
		{"audience", "/me", mint(t, g, "otherclient01", nil, clk.Now()), 401, `{"message":"Unauthorized"}`, `Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience"`},
		{"scopes", "/write", "Bearer " + mint(t, g, "webclient0001", []string{"shop/read"}, clk.Now()), 403, `{"message":"Forbidden"}`, `Bearer scope="shop/write shop/admin" error="insufficient_scope" error_description="expected scopes: [shop/write shop/admin]"`},
		{"id token without scopes on /write", "/write", id, 403, `{"message":"Forbidden"}`, `Bearer scope="shop/write shop/admin" error="insufficient_scope" error_description="expected scopes: [shop/write shop/admin]"`},
		{"scope ok", "/write", mint(t, g, "webclient0001", []string{"shop/write"}, clk.Now()), 200, "", ""},
		{"id token", "/me", "Bearer " + id, 200, "", ""},
	} {
		r := invoke(g, "GET", tc.path, "Authorization", tc.auth)
		if tc.auth == "" {
			r = invoke(g, "GET", tc.path)
		}
		if r.Status != tc.status || (tc.body != "" && r.Body != tc.body) || r.Header.Value("www-authenticate") != tc.wwwAuth {
			t.Errorf("%s: %d %s www-authenticate %q; want %d %s %q", tc.name, r.Status, r.Body, r.Header.Value("www-authenticate"), tc.status, tc.body, tc.wwwAuth)
		}
	}
	r := invoke(g, "GET", "/me", "Authorization", id)
	var ev struct {
		RequestContext struct {
			Authorizer struct {
				JWT struct {
					Claims map[string]any `json:"claims"`
					Scopes any            `json:"scopes"`
				} `json:"jwt"`
			} `json:"authorizer"`
		} `json:"requestContext"`
	}
	if err := json.Unmarshal([]byte(r.Body), &ev); err != nil {
		t.Fatal(err)
	}
	c := ev.RequestContext.Authorizer.JWT
	if c.Claims["cognito:groups"] != "[g1 g2]" || c.Claims["email_verified"] != "true" || c.Claims["exp"] != "1587485301" || c.Scopes != nil {
		t.Errorf("claims %v scopes %v", c.Claims, c.Scopes)
	}
	if !strings.Contains(r.Body, `"scopes":null`) {
		t.Errorf("scopes must be null without scopes: %s", r.Body)
	}
	// expired: one hour later
	clk.Advance(time.Hour + time.Second)
	if r := invoke(g, "GET", "/me", "Authorization", id); r.Status != 401 || !strings.Contains(r.Header.Value("www-authenticate"), `error="invalid_token"`) {
		t.Errorf("expired: %d %v", r.Status, r.Header)
	}
}

// Lambda REQUEST authorizers (§7): missing identity → 401 without a call; simple responses;
// cache; IAM policy responses (1.0); deny → 403.
func TestLambdaAuthorizer(t *testing.T) {
	g, _ := gateway(t, authWorkspace)
	if r := invoke(g, "GET", "/simple"); r.Status != 401 || r.Body != `{"message":"Unauthorized"}` || r.AuthorizerFunction != "" {
		t.Errorf("missing identity: %d %s (authorizer %q)", r.Status, r.Body, r.AuthorizerFunction)
	}
	if r := invoke(g, "GET", "/simple", "x-token", "bad"); r.Status != 403 || r.Body != `{"message":"Forbidden"}` {
		t.Errorf("deny: %d %s", r.Status, r.Body)
	}
	r := invoke(g, "GET", "/simple", "x-token", "good")
	if r.Status != 200 || !strings.Contains(r.Body, `"authorizer":{"lambda":{"n":1,"tier":"gold"}}`) || r.AuthorizerFunction != "authz" {
		t.Errorf("allow: %d %s", r.Status, r.Body)
	}
	if r := invoke(g, "GET", "/simple", "x-token", "good"); r.Status != 200 || r.AuthorizerFunction != "" {
		t.Errorf("cached: %d, authorizer ran %q", r.Status, r.AuthorizerFunction)
	}
	if r := invoke(g, "GET", "/policy", "x-token", "bad"); r.Status != 403 {
		t.Errorf("policy deny: %d %s", r.Status, r.Body)
	}
	if r := invoke(g, "GET", "/policy", "x-token", "good"); r.Status != 200 || !strings.Contains(r.Body, `"lambda":{"k":"v","principalId":"bob"}`) {
		t.Errorf("policy allow: %d %s", r.Status, r.Body)
	}
}

// CORS (§9): preflight without an OPTIONS route; integration CORS headers replaced; gateway
// errors carry CORS headers (fact 44).
func TestCORS(t *testing.T) {
	g, _ := gateway(t, authWorkspace)
	r := invoke(g, "OPTIONS", "/me", "Origin", "https://app.example.com", "Access-Control-Request-Method", "GET")
	want := wire.Headers{{Name: "Access-Control-Allow-Origin", Value: "https://app.example.com"},
		{Name: "Access-Control-Allow-Credentials", Value: "true"}, {Name: "Access-Control-Allow-Methods", Value: "GET,POST"},
		{Name: "Access-Control-Allow-Headers", Value: "authorization"}, {Name: "Access-Control-Max-Age", Value: "600"},
		{Name: "Vary", Value: "Origin"}}
	if r.Status != 204 || r.Body != "" {
		t.Errorf("preflight: %d %q", r.Status, r.Body)
	}
	for _, h := range want {
		if r.Header.Value(h.Name) != h.Value {
			t.Errorf("preflight %s = %q, want %q", h.Name, r.Header.Value(h.Name), h.Value)
		}
	}
	r = invoke(g, "OPTIONS", "/me", "Origin", "https://evil.example", "Access-Control-Request-Method", "GET")
	if r.Status != 204 || r.Header.Value("Access-Control-Allow-Origin") != "" {
		t.Errorf("disallowed origin: %d %v", r.Status, r.Header)
	}
	r = invoke(g, "GET", "/open", "Origin", "https://app.example.com")
	if r.Header.Value("Access-Control-Allow-Origin") != "https://app.example.com" || len(r.Header.Values("Access-Control-Allow-Origin")) != 1 {
		t.Errorf("integration CORS header not replaced: %v", r.Header)
	}
	r = invoke(g, "GET", "/me", "Origin", "https://app.example.com")
	if r.Status != 401 || r.Header.Value("Access-Control-Allow-Origin") != "https://app.example.com" || r.Header.Value("Access-Control-Allow-Credentials") != "true" {
		t.Errorf("401 without CORS headers: %v", r.Header)
	}
}

// Throttling (§10): route settings, 429 {"message":"Too Many Requests"}.
func TestThrottle(t *testing.T) {
	g, clk := gateway(t, authWorkspace)
	for i, want := range []int{200, 200, 429} {
		if r := invoke(g, "GET", "/open"); r.Status != want || (want == 429 && r.Body != `{"message":"Too Many Requests"}`) {
			t.Errorf("request %d: %d %s, want %d", i, r.Status, r.Body, want)
		}
	}
	clk.Advance(time.Second)
	if r := invoke(g, "GET", "/open"); r.Status != 200 {
		t.Errorf("after a second: %d", r.Status)
	}
	// other routes are not limited by /open's bucket
	if r := invoke(g, "OPTIONS", "/x"); r.Status != 404 {
		t.Errorf("OPTIONS without CORS headers is no preflight: %d", r.Status)
	}
}
