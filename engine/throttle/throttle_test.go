package throttle

import (
	"sync"
	"testing"
	"time"
)

func lim(rate float64, burst int) *Limits { return &Limits{Rate: rate, Burst: burst} }

func methods(t testing.TB, m map[string]Limits) MethodLimits {
	t.Helper()
	ml, err := ParseMethodLimits(m)
	if err != nil {
		t.Fatal(err)
	}
	return ml
}

// get is a GET /pets request on API "a" stage "prod".
func get(key string, plan *PlanLimits) *Request {
	return &Request{API: "a", Stage: "prod", Resource: "/pets", Method: "GET", Key: key, Plan: plan}
}

func TestPlanSteadyRate(t *testing.T) {
	tests := []struct {
		name        string
		rate        float64
		burst       int
		rps         int
		seconds     int
		wantOK      int
		wantRefused string
	}{
		// Requests at k×10 ms, k = 0…999. Request k passes while
		// burst + rate×t_k − passed ≥ 1, so the total is
		// ⌊20 + 10 × 9.99⌋ = 119: the burst of 20 plus the 99.9 tokens
		// earned by the last request (9.99 s), whole tokens only.
		{"rate 10 burst 20 at 100 rps for 10 s", 10, 20, 100, 10, 119, LevelPlan},
		// Never faster than the rate: all pass.
		{"rate 10 burst 20 at 10 rps for 10 s", 10, 20, 10, 10, 100, ""},
		// Requests at k×20 ms, k = 0…149: 5 at once, then one each second
		// (k = 50, 100): ⌊5 + 1 × 2.98⌋ = 7.
		{"rate 1 burst 5 at 50 rps for 3 s", 1, 5, 50, 3, 7, LevelPlan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := New(DefaultAccountLimits)
			plan := &PlanLimits{ID: "p", Name: "basic", Throttle: lim(tt.rate, tt.burst)}
			ok := 0
			gap := time.Second / time.Duration(tt.rps)
			for k := range tt.rps * tt.seconds {
				d := th.Check(get("alice", plan), t0.Add(time.Duration(k)*gap))
				if d.OK {
					ok++
				} else if d.Level != tt.wantRefused {
					t.Fatalf("request %d refused at level %q, want %q", k, d.Level, tt.wantRefused)
				}
			}
			if ok != tt.wantOK {
				t.Fatalf("%d requests passed, want %d", ok, tt.wantOK)
			}
		})
	}
}

func TestBurstAtOneInstant(t *testing.T) {
	tests := []struct {
		name      string
		account   Limits
		plan      *PlanLimits
		stage     map[string]Limits
		wantOK    int
		wantLevel string
	}{
		{"usage plan", DefaultAccountLimits, &PlanLimits{ID: "p", Throttle: lim(10, 20)}, nil, 20, LevelPlan},
		{"usage plan method", DefaultAccountLimits, &PlanLimits{ID: "p", Methods: MethodLimits{{"/pets", "GET"}: {10, 20}}}, nil, 20, LevelPlanMethod},
		{"stage method", DefaultAccountLimits, nil, map[string]Limits{"pets/GET": {10, 20}}, 20, LevelMethod},
		{"stage default", DefaultAccountLimits, nil, map[string]Limits{"*/*": {10, 20}}, 20, LevelStage},
		{"account", Limits{10, 20}, nil, nil, 20, LevelAccount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := New(tt.account)
			r := get("alice", tt.plan)
			r.StageLimits = methods(t, tt.stage)
			ok := 0
			for i := range 30 {
				d := th.Check(r, t0)
				if d.OK {
					ok++
					continue
				}
				if d.Level != tt.wantLevel || d.ResponseType() != "THROTTLED" {
					t.Fatalf("request %d: level %q response %q, want %q THROTTLED", i, d.Level, d.ResponseType(), tt.wantLevel)
				}
			}
			if ok != tt.wantOK {
				t.Fatalf("%d of 30 passed, want %d", ok, tt.wantOK)
			}
		})
	}
}

func TestLevels(t *testing.T) {
	type req struct {
		key, stage, resource, method string
		want                         string // "" = passes, else the refusing level
	}
	tests := []struct {
		name  string
		plan  *PlanLimits
		stage map[string]Limits
		reqs  []req
	}{
		{
			name: "usage plan method refuses before usage plan",
			plan: &PlanLimits{ID: "p", Throttle: lim(100, 100), Methods: MethodLimits{{"/pets", "GET"}: {1, 1}}},
			reqs: []req{
				{"alice", "prod", "/pets", "GET", ""},
				{"alice", "prod", "/pets", "GET", LevelPlanMethod},
				{"alice", "prod", "/pets", "POST", ""}, // no per-method limit: the plan's only
			},
		},
		{
			name: "usage plan refuses after its method limit admits",
			plan: &PlanLimits{ID: "p", Throttle: lim(1, 2), Methods: MethodLimits{{"/pets", "GET"}: {100, 100}}},
			reqs: []req{
				{"alice", "prod", "/pets", "GET", ""},
				{"alice", "prod", "/pets", "GET", ""},
				{"alice", "prod", "/pets", "GET", LevelPlan},
			},
		},
		{
			name:  "stage pets/GET beats */*",
			stage: map[string]Limits{"*/*": {10, 3}, "pets/GET": {1, 1}},
			reqs: []req{
				{"", "prod", "/pets", "GET", ""},
				{"", "prod", "/pets", "GET", LevelMethod},
				{"", "prod", "/pets", "POST", ""},
				{"", "prod", "/pets", "POST", ""},
				{"", "prod", "/pets", "POST", ""},
				{"", "prod", "/pets", "POST", LevelStage},
			},
		},
		{
			name:  "*/* is a default per method, not one shared bucket",
			stage: map[string]Limits{"*/*": {1, 1}},
			reqs: []req{
				{"", "prod", "/pets", "GET", ""},
				{"", "prod", "/pets", "POST", ""},
				{"", "prod", "/pets/{petId}", "GET", ""},
				{"", "prod", "/pets", "GET", LevelStage},
			},
		},
		{
			name:  "usage plan refuses before the stage",
			plan:  &PlanLimits{ID: "p", Throttle: lim(1, 1)},
			stage: map[string]Limits{"*/*": {1, 1}},
			reqs: []req{
				{"alice", "prod", "/pets", "GET", ""},
				{"alice", "prod", "/pets", "GET", LevelPlan},
			},
		},
		{
			name: "each API key has its own plan bucket",
			plan: &PlanLimits{ID: "p", Throttle: lim(1, 1)},
			reqs: []req{
				{"alice", "prod", "/pets", "GET", ""},
				{"alice", "prod", "/pets", "GET", LevelPlan},
				{"bob", "prod", "/pets", "GET", ""},
			},
		},
		{
			name: "a key's plan bucket is shared by the plan's stages",
			plan: &PlanLimits{ID: "p", Throttle: lim(1, 1)},
			reqs: []req{
				{"alice", "prod", "/pets", "GET", ""},
				{"alice", "beta", "/pets", "GET", LevelPlan},
			},
		},
		{
			name: "plan method buckets are per stage",
			plan: &PlanLimits{ID: "p", Methods: MethodLimits{{"/pets", "GET"}: {1, 1}}},
			reqs: []req{
				{"alice", "prod", "/pets", "GET", ""},
				{"alice", "beta", "/pets", "GET", ""},
				{"alice", "prod", "/pets", "GET", LevelPlanMethod},
			},
		},
		{
			name: "plan /*/* applies to each method",
			plan: &PlanLimits{ID: "p", Methods: MethodLimits{AllMethods: {1, 1}}},
			reqs: []req{
				{"alice", "prod", "/pets", "GET", ""},
				{"alice", "prod", "/pets", "POST", ""},
				{"alice", "prod", "/pets", "GET", LevelPlanMethod},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := New(DefaultAccountLimits)
			stage := methods(t, tt.stage)
			for i, q := range tt.reqs {
				r := &Request{API: "a", Stage: q.stage, Resource: q.resource, Method: q.method, Key: q.key, StageLimits: stage}
				if q.key != "" {
					r.Plan = tt.plan
				}
				d := th.Check(r, t0)
				got := ""
				if !d.OK {
					got = d.Level
				}
				if got != q.want {
					t.Fatalf("request %d (%s %s %s on %s): refused by %q, want %q (%s)", i, q.key, q.method, q.resource, q.stage, got, q.want, d.String())
				}
			}
		})
	}
}

func TestAccountBucketSharedByAPIs(t *testing.T) {
	th := New(Limits{Rate: 100, Burst: 5})
	noisy := &Request{API: "A", Stage: "prod", Resource: "/x", Method: "GET"}
	victim := &Request{API: "B", Stage: "prod", Resource: "/y", Method: "GET", StageLimits: MethodLimits{AllMethods: {1000, 1000}}}
	for i := range 5 {
		if d := th.Check(noisy, t0); !d.OK {
			t.Fatalf("noisy request %d refused by %s", i, d.Level)
		}
	}
	d := th.Check(victim, t0)
	if d.OK || d.Level != LevelAccount || d.Bucket != "account" {
		t.Fatalf("API B after API A's burst: OK=%v level %q bucket %q, want a refusal by the account bucket", d.OK, d.Level, d.Bucket)
	}
	// The stage level admitted it, the account refused: both steps shown.
	if steps := d.Steps(); len(steps) != 2 || steps[0].Level != LevelStage || steps[1].Level != LevelAccount {
		t.Fatalf("steps = %+v", steps)
	}
	// 10 ms later the account has earned one token (100/s).
	if d := th.Check(victim, t0.Add(10*time.Millisecond)); !d.OK {
		t.Fatalf("API B 10 ms later refused by %s", d.Level)
	}
}

// A refused request takes no token from any level: not from those after the
// one that refused (never reached) nor from those before it.
func TestRefusedRequestConsumesNothing(t *testing.T) {
	t.Run("refused by the account, the plan keeps its token", func(t *testing.T) {
		th := New(Limits{Rate: 1, Burst: 1})
		plan := &PlanLimits{ID: "p", Throttle: lim(1, 5)}
		if d := th.Check(get("alice", plan), t0); !d.OK {
			t.Fatalf("first request refused by %s", d.Level)
		}
		d := th.Check(get("alice", plan), t0)
		if d.OK || d.Level != LevelAccount {
			t.Fatalf("second request: OK=%v level %q, want account refusal", d.OK, d.Level)
		}
		if plan := d.Steps()[0]; plan.Level != LevelPlan || plan.Tokens != 4 {
			t.Fatalf("plan step %+v, want 4 tokens untouched", plan)
		}
		d = th.Check(get("alice", plan), t0.Add(time.Second))
		if !d.OK || d.Steps()[0].Tokens != 4 {
			t.Fatalf("1 s later: OK=%v plan tokens %v, want a pass leaving 4 (5 capped, minus 1)", d.OK, d.Steps()[0].Tokens)
		}
	})
	t.Run("refused by the plan, the stage keeps its token", func(t *testing.T) {
		th := New(DefaultAccountLimits)
		plan := &PlanLimits{ID: "p", Throttle: lim(1, 1)}
		stage := MethodLimits{AllMethods: {1, 3}}
		alice, bob := get("alice", plan), get("bob", plan)
		alice.StageLimits, bob.StageLimits = stage, stage
		th.Check(alice, t0)
		if d := th.Check(alice, t0); d.OK || d.Level != LevelPlan || len(d.Steps()) != 1 {
			t.Fatalf("alice again: OK=%v level %q steps %d; want a plan refusal before the stage", d.OK, d.Level, len(d.Steps()))
		}
		d := th.Check(bob, t0)
		if !d.OK || d.Steps()[1].Tokens != 1 {
			t.Fatalf("bob: OK=%v stage tokens %v, want 1 left (3 − alice − bob)", d.OK, d.Steps()[1].Tokens)
		}
	})
}

func TestQuotaDay(t *testing.T) {
	th := New(DefaultAccountLimits)
	plan := &PlanLimits{ID: "p", Name: "basic", Quota: &Quota{Limit: 50, Period: Day}}
	day1 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	midnight := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	for i := range 50 {
		d := th.Check(get("alice", plan), day1.Add(time.Duration(i)*time.Second))
		if !d.OK || d.QuotaUsed != i+1 || d.QuotaLimit != 50 {
			t.Fatalf("request %d: OK=%v used %d/%d", i, d.OK, d.QuotaUsed, d.QuotaLimit)
		}
	}
	for _, at := range []time.Time{day1.Add(time.Minute), day1.Add(13 * time.Hour), midnight.Add(-time.Nanosecond)} {
		d := th.Check(get("alice", plan), at)
		if d.OK || d.Level != LevelQuota || d.ResponseType() != "QUOTA_EXCEEDED" || d.QuotaUsed != 50 || !d.QuotaResetsAt.Equal(midnight) {
			t.Fatalf("at %v: OK=%v level %q %s used %d resets %v; want QUOTA_EXCEEDED until %v", at, d.OK, d.Level, d.ResponseType(), d.QuotaUsed, d.QuotaResetsAt, midnight)
		}
		if len(d.Steps()) != 0 {
			t.Fatalf("a quota refusal met buckets: %+v", d.Steps())
		}
	}
	if got, want := th.Check(get("alice", plan), day1.Add(time.Hour)).String(),
		"usage plan basic key alice quota: 50 of 50 requests used this DAY, resets 2026-01-02T00:00:00Z"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	ok := 0
	for i := range 60 {
		if d := th.Check(get("alice", plan), midnight.Add(time.Duration(i)*time.Millisecond)); d.OK {
			ok++
		} else if d.Level != LevelQuota {
			t.Fatalf("day 2 request %d refused by %s", i, d.Level)
		}
	}
	if ok != 50 {
		t.Fatalf("day 2: %d passed, want 50", ok)
	}
	// Another key of the plan has its own quota.
	if d := th.Check(get("bob", plan), midnight); !d.OK || d.QuotaUsed != 1 {
		t.Fatalf("bob: OK=%v used %d", d.OK, d.QuotaUsed)
	}
}

func TestQuotaWeekAndMonth(t *testing.T) {
	tests := []struct {
		name      string
		quota     Quota
		first     time.Time // `Limit` requests here, then one more refused
		resetsAt  time.Time
		wantStart time.Time
	}{
		{"WEEK offset 0 starts on Sunday", Quota{3, 0, Week}, t0,
			time.Date(2026, 1, 4, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 28, 0, 0, 0, 0, time.UTC)},
		{"WEEK offset 1 starts on Monday", Quota{3, 1, Week}, t0,
			time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 29, 0, 0, 0, 0, time.UTC)},
		{"WEEK offset 4 starts on Thursday, today", Quota{3, 4, Week}, t0,
			time.Date(2026, 1, 8, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"MONTH offset 0 starts on the 1st", Quota{3, 0, Month}, time.Date(2026, 1, 20, 8, 0, 0, 0, time.UTC),
			time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"MONTH offset 14 starts on the 15th", Quota{3, 14, Month}, time.Date(2026, 1, 10, 8, 0, 0, 0, time.UTC),
			time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 15, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th := New(DefaultAccountLimits)
			plan := &PlanLimits{ID: "p", Quota: &tt.quota}
			for i := range tt.quota.Limit {
				if d := th.Check(get("alice", plan), tt.first); !d.OK {
					t.Fatalf("request %d refused by %s", i, d.Level)
				}
			}
			for _, at := range []time.Time{tt.first, tt.resetsAt.Add(-time.Nanosecond)} {
				d := th.Check(get("alice", plan), at)
				if d.OK || d.Level != LevelQuota || !d.QuotaResetsAt.Equal(tt.resetsAt) {
					t.Fatalf("at %v: OK=%v level %q resets %v, want quota refusal until %v", at, d.OK, d.Level, d.QuotaResetsAt, tt.resetsAt)
				}
			}
			if d := th.Check(get("alice", plan), tt.resetsAt); !d.OK || d.QuotaUsed != 1 {
				t.Fatalf("at reset: OK=%v used %d, want a pass counted 1", d.OK, d.QuotaUsed)
			}
			if start, _ := tt.quota.PeriodAt(tt.first); !start.Equal(tt.wantStart) {
				t.Errorf("period started %v, want %v", start, tt.wantStart)
			}
		})
	}
}

func TestQuotaPeriodAt(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		quota      Quota
		at         time.Time
		start, end time.Time
	}{
		{Quota{Period: Day}, t0, d(2026, 1, 1), d(2026, 1, 2)},
		{Quota{Period: Day}, d(2026, 1, 1), d(2026, 1, 1), d(2026, 1, 2)},
		{Quota{Period: Day}, t0.In(time.FixedZone("UTC+14", 14*3600)), d(2026, 1, 1), d(2026, 1, 2)},
		{Quota{Period: Week, Offset: 0}, t0, d(2025, 12, 28), d(2026, 1, 4)},
		{Quota{Period: Week, Offset: 5}, t0, d(2025, 12, 26), d(2026, 1, 2)},
		{Quota{Period: Week, Offset: 6}, d(2026, 1, 3), d(2026, 1, 3), d(2026, 1, 10)},
		{Quota{Period: Month, Offset: 0}, d(2026, 12, 31).Add(23 * time.Hour), d(2026, 12, 1), d(2027, 1, 1)},
		{Quota{Period: Month, Offset: 14}, d(2026, 1, 15), d(2026, 1, 15), d(2026, 2, 15)},
		{Quota{Period: Month, Offset: 14}, d(2026, 1, 15).Add(-time.Nanosecond), d(2025, 12, 15), d(2026, 1, 15)},
		// Day 31 does not exist in every month: the period starts on the last day.
		{Quota{Period: Month, Offset: 30}, d(2026, 2, 10), d(2026, 1, 31), d(2026, 2, 28)},
		{Quota{Period: Month, Offset: 30}, d(2026, 2, 28), d(2026, 2, 28), d(2026, 3, 31)},
		{Quota{Period: Month, Offset: 30}, d(2026, 4, 30), d(2026, 4, 30), d(2026, 5, 31)},
		{Quota{Period: Month, Offset: 30}, d(2028, 2, 29), d(2028, 2, 29), d(2028, 3, 31)},
	}
	for _, tt := range tests {
		start, end := tt.quota.PeriodAt(tt.at)
		if !start.Equal(tt.start) || !end.Equal(tt.end) {
			t.Errorf("%+v at %v: [%v, %v), want [%v, %v)", tt.quota, tt.at, start, end, tt.start, tt.end)
		}
	}
}

func TestQuotaValidate(t *testing.T) {
	tests := []struct {
		q  Quota
		ok bool
	}{
		{Quota{100, 0, Day}, true},
		{Quota{100, 1, Day}, false},
		{Quota{100, 6, Week}, true},
		{Quota{100, 7, Week}, false},
		{Quota{100, 30, Month}, true},
		{Quota{100, 31, Month}, false},
		{Quota{-1, 0, Day}, false},
		{Quota{100, 0, "YEAR"}, false},
	}
	for _, tt := range tests {
		if err := tt.q.Validate(); (err == nil) != tt.ok {
			t.Errorf("%+v: Validate() = %v, want ok=%v", tt.q, err, tt.ok)
		}
	}
}

func TestQuotaDoesNotCountRefusedRequests(t *testing.T) {
	t.Run("throttled by the plan", func(t *testing.T) {
		th := New(DefaultAccountLimits)
		plan := &PlanLimits{ID: "p", Throttle: lim(1, 2), Quota: &Quota{Limit: 5, Period: Day}}
		ok := 0
		for range 10 {
			d := th.Check(get("alice", plan), t0)
			if d.OK {
				ok++
			} else if d.Level != LevelPlan {
				t.Fatalf("refused by %s, want usage plan", d.Level)
			}
		}
		if ok != 2 {
			t.Fatalf("%d passed at t0, want 2", ok)
		}
		// One token a second: 3 more fill the quota of 5, although the 8
		// throttled requests were sent.
		for s := 1; s <= 3; s++ {
			if d := th.Check(get("alice", plan), t0.Add(time.Duration(s)*time.Second)); !d.OK || d.QuotaUsed != 2+s {
				t.Fatalf("+%ds: OK=%v used %d, want pass with %d used", s, d.OK, d.QuotaUsed, 2+s)
			}
		}
		d := th.Check(get("alice", plan), t0.Add(10*time.Second))
		if d.OK || d.Level != LevelQuota || d.QuotaUsed != 5 {
			t.Fatalf("+10s: OK=%v level %q used %d, want quota refusal at 5", d.OK, d.Level, d.QuotaUsed)
		}
		// The quota refusal took no token: the bucket is full (2).
		plan.Quota.Limit = 100
		for i := range 2 {
			if d := th.Check(get("alice", plan), t0.Add(10*time.Second)); !d.OK {
				t.Fatalf("after raising the quota, request %d refused by %s", i, d.Level)
			}
		}
	})
	t.Run("throttled by the account", func(t *testing.T) {
		th := New(Limits{Rate: 1, Burst: 1})
		plan := &PlanLimits{ID: "p", Quota: &Quota{Limit: 5, Period: Day}}
		th.Check(get("alice", plan), t0)
		d := th.Check(get("alice", plan), t0)
		if d.OK || d.Level != LevelAccount || d.QuotaUsed != 1 {
			t.Fatalf("OK=%v level %q used %d; want account refusal, 1 used", d.OK, d.Level, d.QuotaUsed)
		}
	})
	t.Run("limit 0 refuses all", func(t *testing.T) {
		th := New(DefaultAccountLimits)
		plan := &PlanLimits{ID: "p", Quota: &Quota{Limit: 0, Period: Week}}
		if d := th.Check(get("alice", plan), t0); d.OK || d.Level != LevelQuota {
			t.Fatalf("OK=%v level %q", d.OK, d.Level)
		}
	})
}

func TestLimitsChangeAtRunTime(t *testing.T) {
	th := New(DefaultAccountLimits)
	plan := &PlanLimits{ID: "p", Name: "basic", Throttle: lim(10, 20)}
	for range 20 {
		th.Check(get("alice", plan), t0)
	}
	// update-usage-plan at +1 s: 10 tokens earned at the old rate, capped at
	// the new burst of 5.
	plan.Throttle = lim(1, 5)
	at := t0.Add(time.Second)
	ok := 0
	var last Decision
	for range 8 {
		if last = th.Check(get("alice", plan), at); last.OK {
			ok++
		}
	}
	if ok != 5 || last.Limits != *plan.Throttle {
		t.Fatalf("%d passed with limits %v; want 5 under %v", ok, last.Limits, *plan.Throttle)
	}
	// update-stage on the account level works the same way.
	th.SetAccount(Limits{Rate: 0, Burst: 0}, at)
	if d := th.Check(&Request{API: "a", Stage: "prod", Resource: "/", Method: "GET"}, at.Add(time.Hour)); d.OK || d.Level != LevelAccount {
		t.Fatalf("account 0/0: OK=%v level %q", d.OK, d.Level)
	}
}

func TestDecisionTrace(t *testing.T) {
	th := New(DefaultAccountLimits)
	plan := &PlanLimits{ID: "p1", Name: "basic", Throttle: lim(10, 20)}
	r := get("k1", plan)
	r.KeyName = "alice"
	r.StageLimits = MethodLimits{AllMethods: {100, 50}}
	d := th.Check(r, t0)
	if !d.OK || d.ResponseType() != "" {
		t.Fatalf("first request: OK=%v %s", d.OK, d.ResponseType())
	}
	// OK: the top-level fields name the bucket closest to refusing.
	if d.Level != LevelPlan || d.Tokens != 19 {
		t.Errorf("tightest = %q with %v tokens, want usage plan with 19", d.Level, d.Tokens)
	}
	want := []Step{
		{LevelPlan, "usage plan basic key alice", 19, Limits{10, 20}},
		{LevelStage, "stage a/prod GET /pets", 49, Limits{100, 50}},
		{LevelAccount, "account", 4999, DefaultAccountLimits},
	}
	if got := d.Steps(); len(got) != len(want) {
		t.Fatalf("steps %+v, want %+v", got, want)
	}
	for i, s := range d.Steps() {
		if s != want[i] {
			t.Errorf("step %d = %+v, want %+v", i, s, want[i])
		}
	}
	for range 19 {
		th.Check(r, t0)
	}
	d = th.Check(r, t0)
	if got, want := d.String(), "usage plan basic key alice: 0.0 tokens (rate 10/s, burst 20)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	// The stage bucket gave 20 tokens to the plan's requests (the refused
	// 21st took none): 30 left.
	r.Plan = nil
	for range 30 {
		th.Check(r, t0)
	}
	if got, want := th.Check(r, t0).String(), "stage a/prod GET /pets (*/*): 0.0 tokens (rate 100/s, burst 50)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestParseMethodKey(t *testing.T) {
	tests := []struct {
		in   string
		want MethodKey
		ok   bool
	}{
		{"pets/GET", MethodKey{"/pets", "GET"}, true},
		{"/pets/GET", MethodKey{"/pets", "GET"}, true},
		{"~1pets~1{petId}/DELETE", MethodKey{"/pets/{petId}", "DELETE"}, true},
		{"pets/{petId}/get", MethodKey{"/pets/{petId}", "GET"}, true},
		{"*/*", AllMethods, true},
		{"/*/*", AllMethods, true},
		{"/GET", MethodKey{"/", "GET"}, true},
		{"GET", MethodKey{}, false},
		{"pets/", MethodKey{}, false},
		{"pets/*", MethodKey{}, false},
		{"*/GET", MethodKey{}, false},
	}
	for _, tt := range tests {
		got, err := ParseMethodKey(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseMethodKey(%q) = %+v, %v; want %+v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	if _, err := ParseMethodLimits(map[string]Limits{"bad": {}}); err == nil {
		t.Error("ParseMethodLimits accepted a bad key")
	}
}

func TestReset(t *testing.T) {
	th := New(Limits{Rate: 0, Burst: 1})
	plan := &PlanLimits{ID: "p", Quota: &Quota{Limit: 1, Period: Day}}
	th.Check(get("alice", plan), t0)
	if d := th.Check(get("alice", plan), t0); d.OK {
		t.Fatal("second request passed before Reset")
	}
	th.Reset()
	if d := th.Check(get("alice", plan), t0); !d.OK || d.QuotaUsed != 1 {
		t.Fatalf("after Reset: OK=%v used %d, want a fresh bucket and quota", d.OK, d.QuotaUsed)
	}
	if u, _ := th.Usage("p", "", t0, t0); u.Items["alice"][0][0] != 1 {
		t.Fatalf("usage after Reset = %v, want only the new request", u.Items)
	}
}

// Concurrent callers at one instant: exactly the burst passes, whatever the
// interleaving (run with -race).
func TestConcurrentCheck(t *testing.T) {
	th := New(DefaultAccountLimits)
	plan := &PlanLimits{ID: "p", Throttle: lim(1, 50), Quota: &Quota{Limit: 1000, Period: Day}}
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for range 8 {
		wg.Go(func() {
			n := 0
			for range 100 {
				if th.Check(get("alice", plan), t0).OK {
					n++
				}
			}
			th.Usage("p", "alice", t0, t0)
			mu.Lock()
			ok += n
			mu.Unlock()
		})
	}
	wg.Wait()
	if ok != 50 {
		t.Fatalf("%d passed, want the burst of 50", ok)
	}
}

func TestCheckDoesNotAllocate(t *testing.T) {
	th, r := benchSetup()
	now := t0
	th.Check(r, now)
	allocs := testing.AllocsPerRun(1000, func() {
		now = now.Add(time.Microsecond)
		th.Check(r, now)
	})
	if allocs != 0 {
		t.Fatalf("Check allocates %v times per call, want 0", allocs)
	}
}
