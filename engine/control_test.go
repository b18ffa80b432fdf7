package engine

import (
	"strings"
	"testing"

	"apigwlab/engine/model"
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
		{"update-stage --stage-name prod --patch-operations op=replace,path=/bogus,value=1", "Invalid method setting path: /bogus"},
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

func TestUsagePlanVerbs(t *testing.T) {
	g := newGateway(t, keysWorkspace())
	key := withKey("alice-key-0123456789")
	burst := func() int {
		ok := 0
		for n := 0; n < 100; n++ {
			if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: key}); r.Status == 200 {
				ok++
			}
		}
		return ok
	}
	if _, err := g.Exec("update-usage-plan --usage-plan-id basic --patch-operations op=replace,path=/quota/limit,value=1000 op=replace,path=/throttle/burstLimit,value=5"); err != nil {
		t.Fatal(err)
	}
	if ok := burst(); ok != 5 {
		t.Fatalf("burst 5 let %d through", ok)
	}
	// carol joins basic: now allowed on prod
	if _, err := g.Exec("create-usage-plan-key --usage-plan-id basic --key-id carol --key-type API_KEY"); err != nil {
		t.Fatal(err)
	}
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: withKey("carol-key-0123456789a")}); r.Status == 403 {
		t.Fatal("carol still refused after create-usage-plan-key")
	}
	if _, err := g.Exec("create-usage-plan-key --usage-plan-id basic --key-id carol --key-type API_KEY"); err == nil {
		t.Fatal("adding a key twice must fail")
	}
	if _, err := g.Exec("update-api-key --api-key alice --patch-operations op=replace,path=/enabled,value=false"); err != nil {
		t.Fatal(err)
	}
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: key}); r.Status != 403 {
		t.Fatalf("disabled key got %d", r.Status)
	}
	out, err := g.Exec("get-usage --usage-plan-id basic --start-date 2026-03-04 --end-date 2026-03-04")
	if err != nil || !strings.Contains(out, `"items"`) || !strings.Contains(out, "[\n                5,") {
		t.Fatalf("get-usage: %v\n%s", err, out)
	}
}

func TestUpdateAliasWeights(t *testing.T) {
	ws := petsWorkspace()
	fn := ws.Functions[1] // getPet
	fn.Versions = []*model.Version{{Version: "1", Behavior: model.Behavior{Returns: map[string]any{"statusCode": float64(200), "body": "v1"}}},
		{Version: "2", Behavior: model.Behavior{Returns: map[string]any{"statusCode": float64(200), "body": "v2"}}}}
	fn.Aliases = map[string]*model.AliasTarget{"live": {Version: "1"}}
	ws.RestAPIs[0].Stages[0].Variables["fn"] = "getPet:live"
	g := newGateway(t, ws)
	mustExec(t, g, "update-alias --function-name getPet --name live --function-version 1 --routing-config AdditionalVersionWeights={2=0.5}")
	v2 := 0
	for n := 0; n < 1000; n++ {
		if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets/1"}); r.Body == "v2" {
			v2++
		}
	}
	if v2 < 430 || v2 > 570 {
		t.Fatalf("v2 served %d of 1000 at weight 0.5", v2)
	}
}
