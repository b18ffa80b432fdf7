package engine

import (
	"strings"
	"testing"
)

func mustExec(t *testing.T, g *Gateway, line string) string {
	t.Helper()
	out, err := g.Exec(line)
	if err != nil {
		t.Fatalf("Exec(%q): %v", line, err)
	}
	return out
}

func TestSetFunctionLatencyProvokes504(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets"}); r.Status != 200 {
		t.Fatalf("before: %d", r.Status)
	}
	mustExec(t, g, "set-function --function-name listPets --latency 31s")
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets"}); r.Status != 504 {
		t.Fatalf("after --latency 31s: %d %s", r.Status, r.Body)
	}
	mustExec(t, g, `set-function --function-name listPets --latency 10ms --returns '{"body":{"id":1}}'`)
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets"}); r.Status != 502 {
		t.Fatalf("after a malformed --returns: %d %s", r.Status, r.Body)
	}
}

func TestUpdateStageVariablesAndRollback(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	mustExec(t, g, "update-stage --rest-api-id pets --stage-name prod --patch-operations op=replace,path=/variables/fn,value=listPets")
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets/1"}); r.Status != 200 || r.Body != `[{"id":1}]` {
		t.Fatalf("stage variable not applied: %d %s", r.Status, r.Body)
	}
	before := mustExec(t, g, "get-stage --stage-name prod")
	first := between(before, `"deploymentId": "`, `"`)
	out := mustExec(t, g, "create-deployment --stage-name prod --description second")
	second := between(out, `"id": "`, `"`)
	if second == "" || second == first {
		t.Fatalf("create-deployment returned %s", out)
	}
	if got := between(mustExec(t, g, "get-stage --stage-name prod"), `"deploymentId": "`, `"`); got != second {
		t.Fatalf("stage points at %s, want %s", got, second)
	}
	mustExec(t, g, "update-stage --stage-name prod --patch-operations op=replace,path=/deploymentId,value="+first)
	if got := between(mustExec(t, g, "get-stage --stage-name prod"), `"deploymentId": "`, `"`); got != first {
		t.Fatalf("rollback: stage points at %s, want %s", got, first)
	}
	if !strings.Contains(mustExec(t, g, "get-deployments"), second) {
		t.Fatal("get-deployments lacks the new deployment")
	}
}

func between(s, a, b string) string {
	_, rest, ok := strings.Cut(s, a)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, b)
	return v
}

func TestCanaryDeployAndPromote(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	mustExec(t, g, `aws apigateway create-deployment --rest-api-id pets --stage-name prod --canary-settings percentTraffic=100,stageVariableOverrides={fn=listPets}`)
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets/1"})
	if !r.Canary || r.Body != `[{"id":1}]` {
		t.Fatalf("canary at 100%%: canary=%v %s", r.Canary, r.Body)
	}
	mustExec(t, g, `update-stage --stage-name prod --patch-operations op=replace,path=/canarySettings/percentTraffic,value=0.0 op=copy,from=/canarySettings/deploymentId,path=/deploymentId op=copy,from=/canarySettings/stageVariableOverrides,path=/variables`)
	r = g.Invoke(&Request{Method: "GET", Path: "/prod/pets/1"})
	if r.Canary || r.Body != `[{"id":1}]` {
		t.Fatalf("after promotion: canary=%v %s", r.Canary, r.Body)
	}
}

func TestControlPlaneErrors(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	tests := []struct{ line, want string }{
		{"", "empty command"},
		{"delete-everything", `unknown command "delete-everything"`},
		{"update-stage --stage-name nope --patch-operations op=replace,path=/description,value=x", "Invalid Stage identifier"},
		{"update-stage --stage-name prod", "needs --patch-operations"},
		{"update-stage --stage-name prod --patch-operations op=replace,path=/deploymentId,value=zzz", "Deployment id does not exist"},
		{"update-stage --stage-name prod --patch-operations op=replace,path=/bogus,value=1", "Invalid patch path '/bogus'"},
		{"update-stage --stage-name prod --patch-operations op=copy,from=/canarySettings/deploymentId,path=/deploymentId", "Promotion not available. Canary does not exist."},
		{"update-stage --stage-name prod --patch-operations op=replace,path=/canarySettings/percentTraffic,value=150", "out of range"},
		{"create-deployment --canary-settings percentTraffic=10", "Non null and non empty stageName must be provided for canary deployment"},
		{"create-deployment --rest-api-id cats", "Invalid API identifier specified 123456789012:cats"},
		{"set-function --function-name nope --latency 1s", "Function not found"},
		{"set-function --function-name listPets", "say what to change"},
		{"set-function --function-name listPets --latency soon", `--latency "soon"`},
		{`set-function --function-name listPets --returns '{oops'`, "--returns must be JSON"},
		{`set-function --function-name 'unclosed`, "unclosed ' quote"},
	}
	for _, tt := range tests {
		_, err := g.Exec(tt.line)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Exec(%q) = %v, want error containing %q", tt.line, err, tt.want)
		}
	}
}

func TestMethodSettingsPatch(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	out := mustExec(t, g, "update-stage --stage-name prod --patch-operations op=replace,path=/*/*/throttling/rateLimit,value=500 op=replace,path=/~1pets/GET/caching/ttlInSeconds,value=60")
	if !strings.Contains(out, `"*/*"`) || !strings.Contains(out, `"pets/GET"`) ||
		!strings.Contains(out, `"throttlingRateLimit": 500`) || !strings.Contains(out, `"cacheTtlInSeconds": 60`) {
		t.Fatalf("methodSettings not keyed as AWS: %s", out)
	}
}
