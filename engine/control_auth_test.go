package engine

import (
	"strings"
	"testing"

	"apigwlab/engine/clock"
)

// update-authorizer changes the API; the stage keeps its deployment's authorizer until the
// next create-deployment. flush-stage-authorizers-cache drops cached policies at once.
func TestUpdateAuthorizerNeedsDeploymentAndFlushWorks(t *testing.T) {
	g, err := New(authWorkspace(300), Options{Clock: clock.NewVirtual(t0), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	authzCalls := func() int {
		for _, s := range g.Lambda().Stats() {
			if s.Function == "authz" {
				return s.Invocations
			}
		}
		return 0
	}
	get := func(path string) int {
		return g.Invoke(&Request{Method: "GET", Path: path, Header: bearer("allow")}).Status
	}
	if get("/prod/pets") != 200 || get("/prod/pets/1") != 403 || authzCalls() != 1 {
		t.Fatalf("setup: cached policy trap not reproduced (calls %d)", authzCalls())
	}
	out, err := g.Exec("update-authorizer --authorizer-id tok --patch-operations op=replace,path=/authorizerResultTtlInSeconds,value=0")
	if err != nil || !strings.Contains(out, `"authorizerResultTtlInSeconds": 0`) {
		t.Fatalf("update-authorizer: %v\n%s", err, out)
	}
	if get("/prod/pets/1") != 403 || authzCalls() != 1 {
		t.Fatalf("before redeploying, the stage must still use the cached policy (calls %d)", authzCalls())
	}
	if _, err := g.Exec("create-deployment --stage-name prod"); err != nil {
		t.Fatal(err)
	}
	get("/prod/pets")
	get("/prod/pets")
	if authzCalls() != 3 {
		t.Fatalf("after redeploying with TTL 0, every request runs the authorizer: calls %d, want 3", authzCalls())
	}

	g2, _ := New(authWorkspace(300), Options{Clock: clock.NewVirtual(t0), Seed: 1})
	g2.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: bearer("deny")})
	if r := g2.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: bearer("deny")}); r.Status != 403 {
		t.Fatalf("deny: %d", r.Status)
	}
	if _, err := g2.Exec("flush-stage-authorizers-cache --stage-name prod"); err != nil {
		t.Fatal(err)
	}
	g2.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: bearer("deny")})
	for _, s := range g2.Lambda().Stats() {
		if s.Function == "authz" && s.Invocations != 2 {
			t.Fatalf("after a flush the authorizer runs again: %d calls, want 2", s.Invocations)
		}
	}
}

func TestUpdateAuthorizerErrors(t *testing.T) {
	g := newGateway(t, authWorkspace(300))
	tests := []struct{ cmd, want string }{
		{"update-authorizer --authorizer-id nope --patch-operations op=replace,path=/authorizerResultTtlInSeconds,value=0",
			"NotFoundException: Invalid Authorizer identifier specified 123456789012:nope"},
		{"update-authorizer --authorizer-id tok --patch-operations op=replace,path=/authorizerResultTtlInSeconds,value=7200",
			"BadRequestException: authorizerResultTtlInSeconds must be a whole number from 0 to 3600"},
		{"update-authorizer --authorizer-id tok --patch-operations op=remove,path=/name",
			"BadRequestException: Invalid patch path '/name' specified for op 'remove'"},
		{"update-authorizer --patch-operations op=replace,path=/authorizerResultTtlInSeconds,value=0", "--authorizer-id is required"},
		{"flush-stage-authorizers-cache --stage-name beta", "NotFoundException: Invalid Stage identifier specified"},
	}
	for _, tt := range tests {
		if _, err := g.Exec(tt.cmd); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.cmd, err, tt.want)
		}
	}
}

// Table A: an authorizer policy that does not cover the method is overruled by an explicit
// Allow in the resource policy; an explicit Deny in the authorizer's policy is not.
func TestLambdaAuthorizerWithResourcePolicyAllow(t *testing.T) {
	ws := authWorkspace(0)
	ws.RestAPIs[0].Policy = map[string]any{"Statement": []any{map[string]any{
		"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*/GET/pets/*"}}}
	g := newGateway(t, ws)
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets/1", Header: bearer("allow"), Trace: true})
	if r.Status >= 400 || !strings.Contains(r.Trace.Hops[2].Get("resource policy"), "explicitly allows") {
		t.Fatalf("resource policy Allow + authorizer silent: %d %s", r.Status, r.Body)
	}
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets/1", Header: bearer("deny")}); r.Status >= 400 {
		t.Fatalf("the authorizer's Deny names only …/GET/pets, so it is silent on /pets/1 and the resource policy allows: %d %s", r.Status, r.Body)
	}
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: bearer("deny")}); r.Status != 403 || !strings.Contains(r.Body, "explicit deny") {
		t.Fatalf("an explicit Deny from the authorizer wins: %d %s", r.Status, r.Body)
	}
}
