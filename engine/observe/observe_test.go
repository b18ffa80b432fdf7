package observe

import (
	"testing"
	"time"
)

func TestNilTraceRecordsNothing(t *testing.T) {
	var tr *Trace
	tr.Hop("route", "pass", 0, 0).Fact("resource", "/pets")
	tr.Logf(time.Time{}, "Starting execution for request: %s", "x")
	if allocs := testing.AllocsPerRun(100, func() {
		tr.Hop("route", "pass", 0, 0).Fact("resource", "/pets")
	}); allocs != 0 {
		t.Fatalf("nil trace allocated %v times", allocs)
	}
}

func TestTraceKeepsFactsOnEarlierHops(t *testing.T) {
	tr := &Trace{}
	first := tr.Hop("route", "pass", 0, 0)
	for i := 0; i < 10; i++ { // force the hop slice to grow
		tr.Hop("x", "pass", 0, 0)
	}
	first.Fact("resource", "/pets")
	if got := tr.Hops[0].Get("resource"); got != "/pets" {
		t.Fatalf("fact on first hop = %q, want /pets", got)
	}
}

func TestMetricsPerMinute(t *testing.T) {
	m := NewMetrics()
	t0 := time.Date(2026, 1, 1, 10, 0, 30, 0, time.UTC)
	m.Record(Sample{API: "pets", Stage: "prod", At: t0, Status: 200, Latency: 10 * time.Millisecond, Integrated: true, IntegrationLatency: 8 * time.Millisecond, Cache: CacheMiss})
	m.Record(Sample{API: "pets", Stage: "prod", At: t0.Add(10 * time.Second), Status: 429, Latency: time.Millisecond})
	m.Record(Sample{API: "pets", Stage: "prod", At: t0.Add(2 * time.Minute), Status: 502, Latency: 30 * time.Millisecond, Cache: CacheHit})
	m.Record(Sample{API: "pets", Stage: "prod", At: t0.Add(time.Minute), Status: 200}) // out of order
	got := m.Series("pets", "prod")
	if len(got) != 3 {
		t.Fatalf("got %d datapoints, want 3", len(got))
	}
	if d := got[0]; d.Count != 2 || d.Err4XX != 1 || d.Err5XX != 0 || d.CacheMisses != 1 || d.LatencyMax != 10*time.Millisecond || d.Integrations != 1 {
		t.Fatalf("minute 0 = %+v", d)
	}
	if d := got[1]; d.Count != 1 || !d.Minute.Equal(t0.Truncate(time.Minute).Add(time.Minute)) {
		t.Fatalf("minute 1 = %+v", d)
	}
	if d := got[2]; d.Err5XX != 1 || d.CacheHits != 1 {
		t.Fatalf("minute 2 = %+v", d)
	}
}

func TestAccessLogLine(t *testing.T) {
	vals := map[string]string{"requestId": "R1", "status": "200", "identity.sourceIp": "1.2.3.4", "routeKey": "$connect"}
	for format, want := range map[string]string{
		`$context.identity.sourceIp [$context.requestId] $context.status`: `1.2.3.4 [R1] 200`,
		`{"rk":"${context.routeKey}","x":"$context.nope"}`:                `{"rk":"$connect","x":"-"}`,
		`id=$context.requestId.`:                                          `id=R1.`,
		`no variables`:                                                    `no variables`,
	} {
		if got := AccessLogLine(format, func(n string) string { return vals[n] }); got != want {
			t.Errorf("%s:\n got %s\nwant %s", format, got, want)
		}
	}
}
