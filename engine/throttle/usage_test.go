package throttle

import (
	"encoding/json"
	"testing"
	"time"
)

func TestUsage(t *testing.T) {
	day := func(d int, h int) time.Time { return time.Date(2026, 1, d, h, 0, 0, 0, time.UTC) }
	th := New(DefaultAccountLimits)
	// A WEEK quota starting on Sunday: 2026-01-01 is a Thursday, so the
	// period rolls over on the 4th.
	plan := &PlanLimits{ID: "plan1", Throttle: lim(1, 3), Quota: &Quota{Limit: 100, Period: Week}}
	free := &PlanLimits{ID: "plan2"}
	send := func(key string, plan *PlanLimits, at time.Time, n int) {
		for range n {
			th.Check(get(key, plan), at)
		}
	}
	send("alice", plan, day(1, 9), 3)
	send("alice", plan, day(1, 9), 4) // throttled (burst 3): not used
	send("alice", plan, day(3, 9), 3)
	send("alice", plan, day(3, 10), 2)
	send("alice", plan, day(4, 0), 2)
	send("bob", plan, day(2, 23), 1)
	send("carol", free, day(2, 12), 2)

	tests := []struct {
		name       string
		plan, key  string
		start, end time.Time
		want       string
	}{
		{
			name: "every key of the plan", plan: "plan1", start: day(1, 0), end: day(4, 0),
			want: `{"usagePlanId":"plan1","startDate":"2026-01-01","endDate":"2026-01-04","items":{` +
				`"alice":[[3,97],[0,97],[5,92],[2,98]],` +
				`"bob":[[0,100],[1,99],[0,99],[0,100]]}}`,
		},
		{
			name: "one key, times inside the days", plan: "plan1", key: "bob", start: day(2, 15), end: day(3, 1),
			want: `{"usagePlanId":"plan1","startDate":"2026-01-02","endDate":"2026-01-03","items":{"bob":[[1,99],[0,99]]}}`,
		},
		{
			name: "a plan without quota", plan: "plan2", start: day(1, 0), end: day(2, 0),
			want: `{"usagePlanId":"plan2","startDate":"2026-01-01","endDate":"2026-01-02","items":{"carol":[[0,-1],[2,-1]]}}`,
		},
		{
			name: "a key never seen", plan: "plan1", key: "dave", start: day(1, 0), end: day(1, 0),
			want: `{"usagePlanId":"plan1","startDate":"2026-01-01","endDate":"2026-01-01","items":{}}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := th.Usage(tt.plan, tt.key, tt.start, tt.end)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(u)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("Usage =\n%s\nwant\n%s", b, tt.want)
			}
		})
	}
	if _, err := th.Usage("plan1", "", day(3, 0), day(2, 0)); err == nil {
		t.Error("Usage accepted an end date before the start date")
	}
}

// Remaining follows the quota period: a DAY quota's remaining is full again
// every day; a MONTH quota's falls across days.
func TestUsageRemainingFollowsThePeriod(t *testing.T) {
	tests := []struct {
		period Period
		want   [][2]int
	}{
		{Day, [][2]int{{4, 6}, {4, 6}, {0, 10}}},
		{Month, [][2]int{{4, 6}, {4, 2}, {0, 2}}},
	}
	for _, tt := range tests {
		th := New(DefaultAccountLimits)
		plan := &PlanLimits{ID: "p", Quota: &Quota{Limit: 10, Period: tt.period}}
		for d := 1; d <= 2; d++ {
			for range 4 {
				th.Check(get("alice", plan), time.Date(2026, 1, d, 8, 0, 0, 0, time.UTC))
			}
		}
		u, err := th.Usage("p", "alice", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		got := u.Items["alice"]
		if len(got) != len(tt.want) {
			t.Fatalf("%s: %v, want %v", tt.period, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s day %d: %v, want %v", tt.period, i+1, got[i], tt.want[i])
			}
		}
	}
}
