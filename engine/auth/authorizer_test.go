package auth

import (
	"strings"
	"testing"
	"time"

	"apigwlab/engine/wire"
)

func TestValidate(t *testing.T) {
	tok := func(src, re string, ttl time.Duration) Authorizer {
		return Authorizer{Name: "tok", Type: TypeToken, IdentitySource: src, IdentityValidationExpression: re, ResultTTL: ttl}
	}
	req := func(src string, ttl time.Duration) Authorizer {
		return Authorizer{Name: "req", Type: TypeRequest, IdentitySource: src, ResultTTL: ttl}
	}
	cases := []struct {
		name    string
		a       Authorizer
		wantErr string // "" = valid; otherwise a substring of the message
	}{
		{"token ok", tok("method.request.header.Authorization", "", DefaultResultTTL), ""},
		{"token with expression", tok("method.request.header.Authorization", "^x-[a-z]+", 60*time.Second), ""},
		{"token ttl 0", tok("method.request.header.Authorization", "", 0), ""},
		{"token ttl max", tok("method.request.header.Authorization", "", MaxResultTTL), ""},
		{"request list with spaces", req("method.request.header.Auth, method.request.querystring.Name,stageVariables.v, context.identity.sourceIp", 300*time.Second), ""},
		{"request no sources, caching off", req("", 0), ""},
		{"request ignores validation expression", Authorizer{Name: "r", Type: TypeRequest, IdentitySource: "method.request.header.A", IdentityValidationExpression: "(?=x)", ResultTTL: time.Second}, ""},

		{"no name", Authorizer{Type: TypeToken, IdentitySource: "method.request.header.A"}, "name is required"},
		{"no type", Authorizer{Name: "a", IdentitySource: "method.request.header.A"}, "type is required"},
		{"lower-case type", Authorizer{Name: "a", Type: "token", IdentitySource: "method.request.header.A"}, `type "token" is not a Lambda authorizer type`},
		{"cognito", Authorizer{Name: "a", Type: "COGNITO_USER_POOLS", IdentitySource: "method.request.header.A"}, "not a Lambda authorizer"},
		{"ttl negative", tok("method.request.header.A", "", -time.Second), "authorizerResultTtlInSeconds -1 is out of range: it must be 0–3600 seconds"},
		{"ttl too big", tok("method.request.header.A", "", 3601*time.Second), "authorizerResultTtlInSeconds 3601 is out of range"},
		{"ttl fraction", tok("method.request.header.A", "", 1500*time.Millisecond), "not a whole number of seconds"},
		{"token no source", tok("", "", time.Minute), "identitySource is required for a TOKEN authorizer"},
		{"token two sources", tok("method.request.header.A,method.request.header.B", "", time.Minute), "reads exactly one header"},
		{"token query source", tok("method.request.querystring.token", "", time.Minute), "must be a request header"},
		{"token bad regex", tok("method.request.header.A", "(", time.Minute), "identityValidationExpression \"(\""},
		{"token lookahead", tok("method.request.header.A", "(?=Bearer)", time.Minute), "lookaround"},
		{"request caching needs sources", req("", time.Minute), "identitySource must be set when authorizer caching is enabled"},
		{"request path param", req("method.request.path.id", 0), "path parameters can be passed to a REQUEST authorizer but cannot be identity sources"},
		{"request unknown prefix", req("header.Auth", 0), "not an identity source mapping expression"},
		{"request http api syntax", req("$request.header.Auth", 0), "HTTP API syntax"},
		{"request empty entry", req("method.request.header.A,,method.request.header.B", time.Minute), "empty entry"},
		{"request missing name", req("stageVariables.", time.Minute), `the name after "stageVariables." is missing`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := c.a
			err := a.Validate()
			if c.wantErr == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate accepted; want error containing %q", c.wantErr)
			}
			if !strings.Contains(err.Error(), c.wantErr) {
				t.Fatalf("error %q\nwant it to contain %q", err, c.wantErr)
			}
		})
	}
}

func TestValidateErrorNamesAuthorizer(t *testing.T) {
	a := Authorizer{Name: "jwt", Type: TypeToken}
	err := a.Validate()
	if err == nil || !strings.HasPrefix(err.Error(), "authorizer jwt: ") {
		t.Fatalf("got %v", err)
	}
}

func TestResultTTLFromSeconds(t *testing.T) {
	if got := ResultTTLFromSeconds(nil); got != 300*time.Second {
		t.Errorf("absent: got %v, want 300s (AWS default)", got)
	}
	zero, hour := 0, 3600
	if got := ResultTTLFromSeconds(&zero); got != 0 {
		t.Errorf("0: got %v", got)
	}
	if got := ResultTTLFromSeconds(&hour); got != time.Hour {
		t.Errorf("3600: got %v", got)
	}
}

func hdrs(kv ...string) wire.Headers {
	var h wire.Headers
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

func TestIdentity(t *testing.T) {
	token := Authorizer{Name: "t", Type: TypeToken, IdentitySource: "method.request.header.Authorization", ResultTTL: DefaultResultTTL}
	tokenNoCache := token
	tokenNoCache.ResultTTL = 0
	withRE := func(re string) Authorizer {
		a := token
		a.IdentityValidationExpression = re
		return a
	}
	request := Authorizer{Name: "r", Type: TypeRequest, ResultTTL: DefaultResultTTL,
		IdentitySource: "method.request.header.X-User, method.request.querystring.tenant, stageVariables.env, context.identity.sourceIp"}
	requestOne := Authorizer{Name: "r1", Type: TypeRequest, ResultTTL: DefaultResultTTL, IdentitySource: "method.request.querystring.key"}
	requestNoCache := request
	requestNoCache.ResultTTL = 0

	full := &Request{
		Headers:        hdrs("x-user", "alice", "Authorization", "tok-1"),
		QueryParams:    []wire.QueryParam{{Name: "tenant", Value: "a,b"}, {Name: "tenant", Value: "blue"}, {Name: "key", Value: "k1"}},
		StageVariables: map[string]string{"env": "prod"},
		ContextVars:    map[string]string{"identity.sourceIp": "203.0.113.7"},
	}
	cases := []struct {
		name   string
		a      Authorizer
		req    *Request
		wantID string
		wantOK bool
		reason string // substring when !wantOK
	}{
		{"token present", token, &Request{Headers: hdrs("Authorization", "allow")}, "allow", true, ""},
		{"token header case-insensitive", token, &Request{Headers: hdrs("authorization", "allow")}, "allow", true, ""},
		{"token last value", token, &Request{Headers: hdrs("Authorization", "a", "AUTHORIZATION", "b")}, "b", true, ""},
		{"token missing", token, &Request{Headers: hdrs("X-Other", "x")}, "", false, "method.request.header.Authorization is missing"},
		{"token empty", token, &Request{Headers: hdrs("Authorization", "")}, "", false, "method.request.header.Authorization is empty"},
		{"token missing without caching still 401", tokenNoCache, &Request{}, "", false, "is missing"},
		{"expression matches", withRE("^x-[a-z]+"), &Request{Headers: hdrs("Authorization", "x-abc")}, "x-abc", true, ""},
		{"expression is a whole-token match", withRE("^x-[a-z]+"), &Request{Headers: hdrs("Authorization", "x-abc1")}, "", false, `does not match identityValidationExpression "^x-[a-z]+"`},
		{"expression Bearer alone rejects", withRE("Bearer"), &Request{Headers: hdrs("Authorization", "Bearer abc")}, "", false, "does not match"},
		{"expression Bearer .*", withRE("Bearer .*"), &Request{Headers: hdrs("Authorization", "Bearer abc")}, "Bearer abc", true, ""},
		{"expression alternation anchored as a whole", withRE("a|b"), &Request{Headers: hdrs("Authorization", "ab")}, "", false, "does not match"},
		{"request all present", request, full, `"alice", "blue", "prod", "203.0.113.7"`, true, ""},
		{"request single source is the raw value", requestOne, full, "k1", true, ""},
		{"request header missing", request, &Request{QueryParams: full.QueryParams, StageVariables: full.StageVariables, ContextVars: full.ContextVars}, "", false, "method.request.header.X-User is missing"},
		{"request query empty", request, &Request{Headers: full.Headers, QueryParams: []wire.QueryParam{{Name: "tenant"}}, StageVariables: full.StageVariables, ContextVars: full.ContextVars}, "", false, "method.request.querystring.tenant is empty"},
		{"request stage variable missing", request, &Request{Headers: full.Headers, QueryParams: full.QueryParams, ContextVars: full.ContextVars}, "", false, "stageVariables.env is missing"},
		{"request context missing", request, &Request{Headers: full.Headers, QueryParams: full.QueryParams, StageVariables: full.StageVariables}, "", false, "context.identity.sourceIp is missing"},
		{"request query name is case-sensitive", requestOne, &Request{QueryParams: []wire.QueryParam{{Name: "KEY", Value: "x"}}}, "", false, "is missing"},
		{"request without caching needs nothing", requestNoCache, &Request{}, "", true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, validated := range []bool{false, true} {
				a := c.a
				if validated {
					if err := a.Validate(); err != nil {
						t.Fatal(err)
					}
				}
				id, ok, reason := a.Identity(c.req)
				if ok != c.wantOK || id != c.wantID {
					t.Fatalf("validated=%v: got (%q, %v, %q), want (%q, %v)", validated, id, ok, reason, c.wantID, c.wantOK)
				}
				if !ok && !strings.Contains(reason, c.reason) {
					t.Fatalf("reason %q does not contain %q", reason, c.reason)
				}
				if ok && reason != "" {
					t.Fatalf("reason %q on success", reason)
				}
			}
		})
	}
}

func TestIdentityDistinguishesValuesWithCommas(t *testing.T) {
	a := Authorizer{Name: "r", Type: TypeRequest, ResultTTL: time.Minute, IdentitySource: "method.request.querystring.a,method.request.querystring.b"}
	id1, _, _ := a.Identity(&Request{QueryParams: []wire.QueryParam{{Name: "a", Value: "x,y"}, {Name: "b", Value: "z"}}})
	id2, _, _ := a.Identity(&Request{QueryParams: []wire.QueryParam{{Name: "a", Value: "x"}, {Name: "b", Value: "y,z"}}})
	if id1 == id2 {
		t.Fatalf("different identities share cache key %q", id1)
	}
}

func TestIdentityOnInvalidConfig(t *testing.T) {
	a := Authorizer{Name: "bad", Type: "NOPE"}
	_, ok, reason := a.Identity(&Request{})
	if ok || !strings.Contains(reason, "not a Lambda authorizer type") {
		t.Fatalf("got ok=%v reason=%q", ok, reason)
	}
}

func TestSources(t *testing.T) {
	a := Authorizer{Name: "r", Type: TypeRequest, IdentitySource: "method.request.header.A, context.requestId"}
	got := a.Sources()
	want := []Source{{SourceHeader, "A", "method.request.header.A"}, {SourceContext, "requestId", "context.requestId"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %+v", got)
	}
	if (&Authorizer{Name: "x", Type: "bad"}).Sources() != nil {
		t.Fatal("invalid config must give no sources")
	}
}
