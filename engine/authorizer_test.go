package engine

import (
	"strings"
	"testing"
	"time"

	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// authWorkspace: /pets and /pets/{petId} use a TOKEN authorizer whose function allows
// only .../GET/pets for token "allow", denies for "deny", raises Unauthorized for "nope",
// raises something else for "boom" and returns garbage for "bad".
func authWorkspace(ttl int) *model.Workspace {
	ws := petsWorkspace()
	api := ws.RestAPIs[0]
	api.Authorizers = []*model.Authorizer{{Name: "tok", Type: "TOKEN", AuthorizerURI: "function:authz",
		IdentitySource: "method.request.header.Authorization", AuthorizerResultTTLInSeconds: &ttl}}
	for _, r := range api.Resources[:3] {
		r.Methods[0].AuthorizationType, r.Methods[0].AuthorizerID = "CUSTOM", "tok"
	}
	policy := func(effect string) map[string]any {
		return map[string]any{"principalId": "user-1", "context": map[string]any{"tier": "gold", "n": float64(1)},
			"policyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
				"Action": "execute-api:Invoke", "Effect": effect,
				"Resource": "arn:aws:execute-api:us-east-1:123456789012:*/prod/GET/pets"}}}}
	}
	ws.Functions = append(ws.Functions, &model.Function{FunctionName: "authz", Behavior: model.Behavior{Latency: ms(7), Returns: policy("Allow")},
		Cases: []*model.Case{
			{When: map[string]string{"authorizationToken": "deny"}, Behavior: model.Behavior{Returns: policy("Deny")}},
			{When: map[string]string{"authorizationToken": "nope"}, Behavior: model.Behavior{Error: &model.FunctionError{ErrorMessage: "Unauthorized"}}},
			{When: map[string]string{"authorizationToken": "boom"}, Behavior: model.Behavior{Error: &model.FunctionError{ErrorMessage: "db down"}}},
			{When: map[string]string{"authorizationToken": "bad"}, Behavior: model.Behavior{Returns: map[string]any{"nope": true}}},
		}})
	return ws
}

func bearer(tok string) wire.Headers { return wire.Headers{{Name: "Authorization", Value: tok}} }

func TestLambdaAuthorizerOutcomes(t *testing.T) {
	g := newGateway(t, authWorkspace(0))
	tests := []struct {
		name, path string
		header     wire.Headers
		status     int
		body       string
		errType    string
	}{
		{"allowed", "/prod/pets", bearer("allow"), 200, `[{"id":1}]`, ""},
		{"missing token: 401 without invoking", "/prod/pets", nil, 401, `{"message":"Unauthorized"}`, "UnauthorizedException"},
		{"function says Unauthorized", "/prod/pets", bearer("nope"), 401, `{"message":"Unauthorized"}`, "UnauthorizedException"},
		{"explicit deny", "/prod/pets", bearer("deny"), 403, `{"Message":"User is not authorized to access this resource with an explicit deny"}`, "AccessDeniedException"},
		{"allow does not cover the method", "/prod/pets/1", bearer("allow"), 403, `{"Message":"User is not authorized to access this resource"}`, "AccessDeniedException"},
		{"other error: 500 null", "/prod/pets", bearer("boom"), 500, `{"message": null}`, "AuthorizerConfigurationException"},
		{"malformed output: 500 null", "/prod/pets", bearer("bad"), 500, `{"message": null}`, "AuthorizerConfigurationException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := g.Invoke(&Request{Method: "GET", Path: tt.path, Header: tt.header, Trace: true})
			if r.Status != tt.status || r.Body != tt.body || r.Header.Value("x-amzn-ErrorType") != tt.errType {
				t.Fatalf("got %d %s %q; trace %+v", r.Status, r.Body, r.Header.Value("x-amzn-ErrorType"), r.Trace.Hops[1].Facts)
			}
		})
	}
}

// The classic trap: a cached policy allowing only GET /pets denies GET /pets/1 for the same
// token, without invoking the authorizer again, until the TTL runs out.
func TestCachedPolicyTrap(t *testing.T) {
	clk := clock.NewVirtual(t0)
	g, err := New(authWorkspace(300), Options{Clock: clk, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: bearer("allow")}); r.Status != 200 {
		t.Fatalf("first call %d", r.Status)
	}
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets/1", Header: bearer("allow"), Trace: true})
	if r.Status != 403 || !strings.Contains(r.Trace.Hops[1].Get("cache"), "hit") {
		t.Fatalf("cached policy: %d %+v", r.Status, r.Trace.Hops[1].Facts)
	}
	var calls int
	for _, s := range g.Lambda().Stats() {
		if s.Function == "authz" {
			calls = int(s.Invocations)
		}
	}
	if calls != 1 {
		t.Fatalf("authorizer invoked %d times, want 1", calls)
	}
	clk.Advance(301 * time.Second)
	g.Invoke(&Request{Method: "GET", Path: "/prod/pets/1", Header: bearer("allow")})
	for _, s := range g.Lambda().Stats() {
		if s.Function == "authz" && s.Invocations != 2 {
			t.Fatalf("after the TTL the authorizer should run again: %d", s.Invocations)
		}
	}
}

func TestAuthorizerContextReachesTheFunction(t *testing.T) {
	g := newGateway(t, authWorkspace(0))
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/echo/pets", Header: bearer("allow")})
	// /echo/{proxy+} is CUSTOM too, but the policy only allows GET /pets: 403
	if r.Status != 403 {
		t.Fatalf("echo: %d", r.Status)
	}
	ws := authWorkspace(0)
	fn := ws.Functions[len(ws.Functions)-1]
	fn.Returns.(map[string]any)["policyDocument"].(map[string]any)["Statement"].([]any)[0].(map[string]any)["Resource"] = "arn:aws:execute-api:us-east-1:123456789012:*/prod/*"
	g = newGateway(t, ws)
	r = g.Invoke(&Request{Method: "GET", Path: "/prod/echo/pets", Header: bearer("allow")})
	if r.Status != 200 || !strings.Contains(r.Body, `"authorizer":{`) || !strings.Contains(r.Body, `"principalId":"user-1"`) || !strings.Contains(r.Body, `"tier":"gold"`) {
		t.Fatalf("event lacks requestContext.authorizer: %d %s", r.Status, r.Body)
	}
	if r.Latency != 7*time.Millisecond+3*time.Millisecond && r.Latency < 7*time.Millisecond {
		t.Fatalf("authorizer latency not counted: %v", r.Latency)
	}
}

func TestUnknownAuthorizerFailsDeploy(t *testing.T) {
	ws := authWorkspace(0)
	ws.RestAPIs[0].Resources[0].Methods[0].AuthorizerID = "nope"
	if _, err := New(ws, Options{}); err == nil || !strings.Contains(err.Error(), `authorizationType CUSTOM needs authorizerId naming one of the API's authorizers (tok); got "nope"`) {
		t.Fatalf("err = %v", err)
	}
}

// Issue 15 rough edge: on a cache hit the trace said only "hit"; it now lists the cached
// policy's statements and what each did for this method, so the flow view shows why the
// cached policy let GET /pets in and keeps GET /pets/1 out.
func TestCacheHitShowsTheCachedStatements(t *testing.T) {
	g := newGateway(t, authWorkspace(300))
	g.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: bearer("allow")})
	var got []string
	for _, path := range []string{"/prod/pets", "/prod/pets/1"} {
		r := g.Invoke(&Request{Method: "GET", Path: path, Header: bearer("allow"), Trace: true})
		var lines []string
		for _, f := range r.Trace.Hops[1].Facts {
			if f.Key == "cached statement" {
				lines = append(lines, f.Value)
			}
		}
		got = append(got, strings.Join(lines, " | "))
	}
	want := []string{
		"#0 Allow execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:*/prod/GET/pets: covers this method: ALLOWS it",
		"#0 Allow execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:*/prod/GET/pets: does not cover this method | no statement allows this method: implicit deny",
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cache hit %d: statements\n got %q\nwant %q", i+1, got[i], want[i])
		}
	}
}
