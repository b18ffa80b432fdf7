package engine

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"apigwlab/engine/clock"
	"apigwlab/engine/cognito"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

const cognitoYAML = `
userPools:
  - name: shop-users
    users:
      - {username: alice, email: alice@example.com, groups: [admin]}
      - {username: bob}
    clients:
      - {name: web, scopes: [shop/read, shop/write]}
  - name: other
    users: [{username: alice}]
    clients: [{name: web}]
restApis:
  - name: shop
    authorizers:
      - {name: pool, type: COGNITO_USER_POOLS, providerARNs: [shop-users]}
      - {name: header, type: COGNITO_USER_POOLS, providerARNs: [shop-users], identitySource: method.request.header.X-Token}
    resources:
      /me:
        GET:
          authorizationType: COGNITO_USER_POOLS
          authorizerId: pool
          integration: {type: AWS_PROXY, uri: "function:echo"}
      /orders:
        GET:
          authorizationType: COGNITO_USER_POOLS
          authorizerId: pool
          authorizationScopes: [shop/read]
          integration:
            type: MOCK
            requestTemplates: {application/json: '{"statusCode": 200}'}
            integrationResponses:
              - statusCode: "200"
                responseTemplates:
                  application/json: '{"user":"$context.authorizer.claims.username","scope":"$context.authorizer.claims.scope"}'
      /custom-header:
        GET:
          authorizationType: COGNITO_USER_POOLS
          authorizerId: header
          integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}, integrationResponses: [{statusCode: "200"}]}
    stages:
      - stageName: prod
        accessLogSettings: {format: '$context.authorizer.claims.sub $context.authorizer.claims.email'}
functions:
  - {functionName: echo, echo: true}
`

func cognitoGateway(t *testing.T) *Gateway {
	t.Helper()
	ws, err := model.Parse("cognito.yaml", []byte(cognitoYAML))
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(ws, Options{Clock: clock.NewVirtual(t0), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func mintFor(t *testing.T, g *Gateway, pool, user, use string, scopes []string, at time.Time) string {
	t.Helper()
	p, ok := g.UserPool(pool)
	if !ok {
		t.Fatalf("no pool %s", pool)
	}
	tok, err := p.Mint(user, "web", use, scopes, at, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestCognitoAuthorizerOutcomes(t *testing.T) {
	g := cognitoGateway(t)
	id := mintFor(t, g, "shop-users", "alice", cognito.TokenUseID, nil, t0)
	read := mintFor(t, g, "shop-users", "bob", cognito.TokenUseAccess, []string{"shop/read"}, t0)
	write := mintFor(t, g, "shop-users", "bob", cognito.TokenUseAccess, []string{"shop/write"}, t0)
	expired := mintFor(t, g, "shop-users", "alice", cognito.TokenUseID, nil, t0.Add(-2*time.Hour))
	foreign := mintFor(t, g, "other", "alice", cognito.TokenUseID, nil, t0)
	const unauthorized = `{"message":"Unauthorized"}`
	tests := []struct {
		name, path string
		header     wire.Headers
		status     int
		body       string // exact, or a prefix ending in "…"
	}{
		{"no token", "/prod/me", nil, 401, unauthorized},
		{"garbage token", "/prod/me", bearer("not-a-jwt"), 401, unauthorized},
		{"ID token", "/prod/me", bearer(id), 200, "…"},
		{"ID token with Bearer prefix", "/prod/me", bearer("Bearer " + id), 200, "…"},
		{"access token where no scopes are set", "/prod/me", bearer(read), 401, unauthorized},
		{"expired token", "/prod/me", bearer(expired), 401, `{"message":"The incoming token has expired"}`},
		{"token of a pool the authorizer does not name", "/prod/me", bearer(foreign), 401, unauthorized},
		{"tampered signature", "/prod/me", bearer(id[:len(id)-4] + "AAAA"), 401, unauthorized},
		{"access token with the scope", "/prod/orders", bearer(read), 200, `{"user":"bob","scope":"shop/read"}`},
		{"access token without the scope", "/prod/orders", bearer(write), 401, unauthorized},
		{"ID token where scopes are set", "/prod/orders", bearer(id), 401, unauthorized},
		{"token in the identity source header", "/prod/custom-header", wire.Headers{{Name: "X-Token", Value: id}}, 200, ""},
		{"Authorization is not that header", "/prod/custom-header", bearer(id), 401, unauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := g.Invoke(&Request{Method: "GET", Path: tt.path, Header: tt.header, Trace: true})
			if r.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tt.status, r.Body)
			}
			if tt.body != "…" && r.Body != tt.body {
				t.Fatalf("body %s, want %s", r.Body, tt.body)
			}
			if tt.status == 401 && r.Header.Value("x-amzn-ErrorType") != "UnauthorizedException" {
				t.Fatalf("x-amzn-ErrorType %q", r.Header.Value("x-amzn-ErrorType"))
			}
		})
	}
}

func TestCognitoClaimsReachProxyEventAndAccessLog(t *testing.T) {
	g := cognitoGateway(t)
	id := mintFor(t, g, "shop-users", "alice", cognito.TokenUseID, nil, t0)
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/me", Header: bearer(id)})
	if r.Status != 200 {
		t.Fatalf("status %d %s", r.Status, r.Body)
	}
	var ev struct {
		RequestContext struct {
			Authorizer map[string]map[string]string `json:"authorizer"`
		} `json:"requestContext"`
	}
	if err := json.Unmarshal([]byte(r.Body), &ev); err != nil {
		t.Fatalf("%v: %s", err, r.Body)
	}
	claims := ev.RequestContext.Authorizer["claims"]
	want := map[string]string{"cognito:username": "alice", "email": "alice@example.com", "token_use": "id",
		"cognito:groups": "admin", "exp": "Wed Mar 04 06:06:07 UTC 2026", "auth_time": "1772600767"}
	for k, v := range want {
		if claims[k] != v {
			t.Errorf("claims[%q] = %q, want %q (all: %v)", k, claims[k], v, claims)
		}
	}
	if len(ev.RequestContext.Authorizer) != 1 {
		t.Errorf("requestContext.authorizer has %d keys, want only claims: %v", len(ev.RequestContext.Authorizer), ev.RequestContext.Authorizer)
	}
	if got := r.AccessLog; !strings.HasSuffix(got, " alice@example.com") || strings.HasPrefix(got, "-") {
		t.Errorf("access log %q", got)
	}
}

// A replay must not pay an RSA verification per request: verified tokens are cached, and
// the cache still enforces expiry.
func TestCognitoTokenCacheEnforcesExpiry(t *testing.T) {
	ws, err := model.Parse("cognito.yaml", []byte(cognitoYAML))
	if err != nil {
		t.Fatal(err)
	}
	vc := clock.NewVirtual(t0)
	g, err := New(ws, Options{Clock: vc, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	id := mintFor(t, g, "shop-users", "alice", cognito.TokenUseID, nil, t0)
	for i := 0; i < 3; i++ {
		if r := g.Invoke(&Request{Method: "GET", Path: "/prod/me", Header: bearer(id)}); r.Status != 200 {
			t.Fatalf("request %d: %d", i, r.Status)
		}
	}
	vc.Advance(time.Hour)
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/me", Header: bearer(id)})
	if r.Status != 401 || r.Body != `{"message":"The incoming token has expired"}` {
		t.Fatalf("after exp: %d %s", r.Status, r.Body)
	}
}
