package engine

import (
	"strings"
	"testing"
	"time"

	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

func f64(v float64) *float64 { return &v }
func i(v int) *int           { return &v }
func no() *bool              { b := false; return &b }

// keysWorkspace: /pets requires an API key; alice is in plan "basic" (10 rps, burst 20,
// 50 a day), bob's key is disabled, carol is in a plan for another stage.
func keysWorkspace() *model.Workspace {
	ws := petsWorkspace()
	api := ws.RestAPIs[0]
	api.Resources[0].Methods[0].APIKeyRequired = true
	api.Stages = append(api.Stages, &model.Stage{StageName: "dev", Variables: map[string]string{"fn": "getPet"}})
	ws.UsagePlans = []*model.UsagePlan{
		{Name: "basic", Throttle: &model.ThrottleSettings{RateLimit: 10, BurstLimit: 20},
			Quota: &model.QuotaSettings{Limit: 50, Period: "DAY"}, APIStages: []*model.APIStage{{API: "pets", Stage: "prod"}}},
		{Name: "devplan", APIStages: []*model.APIStage{{API: "pets", Stage: "dev"}}},
	}
	ws.APIKeys = []*model.APIKey{
		{Name: "alice", Value: "alice-key-0123456789", UsagePlans: []string{"basic"}},
		{Name: "bob", Value: "bob-key-0123456789abc", Enabled: no(), UsagePlans: []string{"basic"}},
		{Name: "carol", Value: "carol-key-0123456789a", UsagePlans: []string{"devplan"}},
	}
	return ws
}

func withKey(k string) wire.Headers { return wire.Headers{{Name: "x-api-key", Value: k}} }

func TestAPIKeys(t *testing.T) {
	g := newGateway(t, keysWorkspace())
	tests := []struct {
		name   string
		header wire.Headers
		status int
		body   string
		reason string
	}{
		{"valid key", withKey("alice-key-0123456789"), 200, `[{"id":1}]`, ""},
		{"missing key", nil, 403, `{"message":"Forbidden"}`, "send it in the x-api-key header"},
		{"unknown key", withKey("nope-nope-nope-nope-nope"), 403, `{"message":"Forbidden"}`, "no API key has this value"},
		{"disabled key", withKey("bob-key-0123456789abc"), 403, `{"message":"Forbidden"}`, "API key bob is disabled"},
		{"key for another stage", withKey("carol-key-0123456789a"), 403, `{"message":"Forbidden"}`, "in no usage plan for pets/prod"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: tt.header, Trace: true})
			if r.Status != tt.status || r.Body != tt.body {
				t.Fatalf("got %d %s", r.Status, r.Body)
			}
			if tt.status == 403 {
				if r.Header.Value("x-amzn-ErrorType") != "ForbiddenException" || r.GatewayResponse != "INVALID_API_KEY" {
					t.Errorf("headers %v type %s", r.Header, r.GatewayResponse)
				}
				if !strings.Contains(r.Trace.Hops[1].Get("reason"), tt.reason) {
					t.Errorf("reason = %q", r.Trace.Hops[1].Get("reason"))
				}
			}
		})
	}
	// a method that does not require a key ignores one
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets/1", Header: withKey("nope")}); r.Status != 201 {
		t.Fatalf("key on a method without apiKeyRequired: %d", r.Status)
	}
}

func TestKeyReachesTheProxyEvent(t *testing.T) {
	ws := keysWorkspace()
	ws.RestAPIs[0].Resources[2].Methods[0].APIKeyRequired = true // /echo/{proxy+}
	g := newGateway(t, ws)
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/echo/x", Header: withKey("alice-key-0123456789")})
	if !strings.Contains(r.Body, `"apiKey":"alice-key-0123456789"`) || !strings.Contains(r.Body, `"apiKeyId":"`) {
		t.Fatalf("event identity lacks the key: %s", r.Body)
	}
}

// Issue #5: rate 10/s, burst 20, a client at 100 rps for 10 s gets 20 + 10·(10 − 0.01)
// successes (the last request is at 9.99 s): 119; the rest 429 Too Many Requests.
func TestPlanThrottleExactCounts(t *testing.T) {
	ws := keysWorkspace()
	ws.UsagePlans[0].Quota = nil
	clk := clock.NewVirtual(t0)
	g, _ := New(ws, Options{Clock: clk, Seed: 1})
	ok, throttled := 0, 0
	for n := 0; n < 1000; n++ {
		clk.Set(t0.Add(time.Duration(n) * 10 * time.Millisecond))
		r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: withKey("alice-key-0123456789")})
		switch r.Status {
		case 200:
			ok++
		case 429:
			throttled++
			if r.Body != `{"message":"Too Many Requests"}` || r.Header.Value("x-amzn-ErrorType") != "TooManyRequestsException" {
				t.Fatalf("429 = %s %v", r.Body, r.Header)
			}
		default:
			t.Fatalf("status %d", r.Status)
		}
	}
	if ok != 119 || throttled != 881 {
		t.Fatalf("ok %d throttled %d, want 119 and 881", ok, throttled)
	}
}

// Issue #5: a quota of 50/DAY gives exactly 50 × 200, then 429 Limit Exceeded until 00:00 UTC.
func TestQuotaExactCounts(t *testing.T) {
	clk := clock.NewVirtual(time.Date(2026, 5, 1, 22, 0, 0, 0, time.UTC))
	g, _ := New(keysWorkspace(), Options{Clock: clk, Seed: 1})
	ok := 0
	var last *Response
	for n := 0; n < 200; n++ {
		clk.Advance(time.Second)
		last = g.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: withKey("alice-key-0123456789"), Trace: n == 199})
		if last.Status == 200 {
			ok++
		} else if last.Status != 429 || last.Body != `{"message":"Limit Exceeded"}` || last.Header.Value("x-amzn-ErrorType") != "LimitExceededException" {
			t.Fatalf("request %d: %d %s %v", n, last.Status, last.Body, last.Header)
		}
	}
	if ok != 50 {
		t.Fatalf("%d passed, want 50", ok)
	}
	if !hasLog(last, "Key quota exhausted for Usage Plan ID") {
		t.Errorf("log: %v", last.Trace.Log)
	}
	clk.Set(time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC))
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: withKey("alice-key-0123456789")}); r.Status != 200 {
		t.Fatalf("after midnight UTC: %d", r.Status)
	}
}

func TestStageMethodThrottleAndNoisyNeighbour(t *testing.T) {
	ws := petsWorkspace()
	ws.RestAPIs[0].Stages[0].MethodSettings = map[string]*model.MethodSetting{
		"*/*":      {ThrottlingRateLimit: f64(100), ThrottlingBurstLimit: i(5)},
		"pets/GET": {ThrottlingRateLimit: f64(1), ThrottlingBurstLimit: i(2)},
	}
	g := newGateway(t, ws)
	statuses := func(path string, n int) (ok, limited int) {
		for k := 0; k < n; k++ {
			r := g.Invoke(&Request{Method: "GET", Path: path, Trace: true})
			if r.Status == 429 {
				limited++
			} else {
				ok++
			}
		}
		return
	}
	if ok, _ := statuses("/prod/pets", 10); ok != 2 {
		t.Fatalf("pets/GET burst 2 let %d through", ok)
	}
	if ok, _ := statuses("/prod/mock", 10); ok != 5 {
		t.Fatalf("*/* burst 5 let %d through", ok)
	}

	// account level: burst 3 shared by two APIs
	ws = petsWorkspace()
	ws.Account.Throttle = &model.ThrottleSettings{RateLimit: 1, BurstLimit: 3}
	other := *ws.RestAPIs[0]
	other.Name, other.ID = "other", ""
	ws.RestAPIs = append(ws.RestAPIs, &other)
	g = newGateway(t, ws)
	for k := 0; k < 3; k++ {
		g.Invoke(&Request{API: "pets", Method: "GET", Path: "/prod/mock"})
	}
	r := g.Invoke(&Request{API: "other", Method: "GET", Path: "/prod/mock", Trace: true})
	if r.Status != 429 || r.Trace.Hops[1].Get("level") != "account" {
		t.Fatalf("neighbour: %d %+v", r.Status, r.Trace.Hops)
	}
}

// Issue #5: canary 10% over 100,000 requests lands in 10% ± 0.5%.
func TestCanaryTenPercentOverManyRequests(t *testing.T) {
	ws := petsWorkspace()
	ws.RestAPIs[0].Deployments = []*model.Deployment{{ID: "d1"}, {ID: "d2"}}
	st := ws.RestAPIs[0].Stages[0]
	st.DeploymentID = "d1"
	st.CanarySettings = &model.CanarySettings{DeploymentID: "d2", PercentTraffic: 10}
	clk := clock.NewVirtual(t0)
	g, err := New(ws, Options{Clock: clk, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	canary := 0
	resp := &Response{}
	req := &Request{Method: "GET", Path: "/prod/mock"}
	for n := 0; n < 100000; n++ {
		clk.Advance(time.Millisecond)
		g.InvokeInto(req, resp)
		if resp.Canary {
			canary++
		}
	}
	if canary < 9500 || canary > 10500 {
		t.Fatalf("canary served %d of 100000", canary)
	}
}
