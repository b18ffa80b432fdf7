package tui

import (
	"strings"
	"testing"
)

// Issue 15 rough edge: the charts could not be drilled into ("find the one 200 that
// slipped through"). On Metrics, c keeps one status class: the trend gains its row, the
// table gives way to the requests of that class, and enter opens the picked one in the
// flow view; esc clears the drill-down.
func TestMetricsDrillDownByStatus(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {200, 60}} {
		a := newTestApp(t, sz[0], sz[1])
		sendPath(t, a, "/prod/pets")
		sendPath(t, a, "/prod/broken")
		sendPath(t, a, "/prod/pets/7")
		press(t, a, "5", "c")
		v := viewOf(t, a)
		if !strings.Contains(v, "2XX · 2 of 3") || strings.Contains(v, "/prod/broken") {
			t.Fatalf("%v: c did not keep the 2XX requests only:\n%s", sz, v)
		}
		press(t, a, "c", "c")
		v = viewOf(t, a)
		if !strings.Contains(v, "5XX · 1 of 3") || !strings.Contains(v, "/prod/broken") || strings.Contains(v, "GET /prod/pets ") {
			t.Fatalf("%v: c c did not keep the 5XX request only:\n%s", sz, v)
		}
		if !strings.Contains(v, "▸5XX") {
			t.Fatalf("%v: the trend has no row for the drill-down:\n%s", sz, v)
		}
		press(t, a, "enter")
		f := a.screens[screenFlow].(*flow)
		if a.active != screenFlow || f.entry() == nil || f.entry().Req.Path != "/prod/broken" {
			t.Fatalf("%v: enter did not open the 5XX request in the flow view", sz)
		}
		press(t, a, "5", "esc")
		if v := viewOf(t, a); strings.Contains(v, "5XX · 1 of 3") || !strings.Contains(v, "Per minute") {
			t.Fatalf("%v: esc did not clear the drill-down:\n%s", sz, v)
		}
	}
}

// By version, on a scenario run: canary-shift sends 10% then 50% of prod's traffic to a
// canary running Lambda version 2. v keeps the canary's requests (sampled: the first of each
// second and kind), and one opens in the flow view with its trace.
func TestMetricsDrillDownByVersion(t *testing.T) {
	a := newTestApp(t, 120, 40)
	a.scen.listed = false // newTestApp pinned others
	pinScenarios(t, a, "canary-shift")
	press(t, a, "3", "enter", "+", "+")
	if a.scen.run == nil || !a.scen.run.done || len(a.scen.run.sampled) == 0 {
		t.Fatal("the run did not finish with samples")
	}
	press(t, a, "5", "s", "v")
	m := a.screens[screenMetrics].(*metricsScreen)
	if m.filter.version != "canary" {
		t.Fatalf("v picked %q, want canary first", m.filter.version)
	}
	v := viewOf(t, a)
	if !strings.Contains(v, "canary λ 2") || strings.Contains(v, "stage λ 1") {
		t.Fatalf("the canary drill-down lists other requests, or none:\n%s", v)
	}
	press(t, a, "v")
	if v := viewOf(t, a); m.filter.version != "stage" || strings.Contains(v, "canary λ") {
		t.Fatalf("v v: %q, the list:\n%s", m.filter.version, v)
	}
	press(t, a, "v", "v") // λ 2: the canary's, then after the promotion the stage's too
	// The run keeps these untraced (tracing all made it 15 times slower); enter traces the
	// picked one by running the scenario again with its seed.
	list := m.matches(m.drillItems(m.source()))
	m.pick = -1
	for i, it := range list {
		if it.resp.Trace == nil && it.resp.Canary {
			m.pick = i
			break
		}
	}
	if m.pick < 0 {
		t.Fatal("no untraced canary request of version 2 in the list")
	}
	want := list[m.pick]
	press(t, a, "enter")
	e := a.screens[screenFlow].(*flow).entry()
	if a.active != screenFlow || e == nil || e.Resp.Trace == nil || e.Resp.FunctionVersion != "2" || !e.Resp.Canary ||
		e.Resp.Latency != want.resp.Latency || e.Req.Path != want.req.Path {
		t.Fatalf("enter did not open the picked request (%+v) with its trace: %+v", want.resp, e)
	}
	if !strings.Contains(a.status, "traced by running it again") {
		t.Fatalf("the header does not say how the request was traced: %q", a.status)
	}
}

// Issue 15 rough edge: a large window left most rows empty. From 160 columns Metrics lists
// the requests behind the charts beside them, Logs shows the selected request beside the
// log, and Scenarios keeps the charts beside the report (or the picked second's request).
func TestWideLayouts(t *testing.T) {
	beside := func(v, left, right string) bool {
		for _, l := range strings.Split(v, "\n") {
			if i, j := strings.Index(l, left), strings.Index(l, right); i >= 0 && j > i {
				return true
			}
		}
		return false
	}
	for _, w := range []int{120, 200} {
		a := newTestApp(t, w, 40)
		sendPath(t, a, "/prod/pets")
		sendPath(t, a, "/prod/broken")
		press(t, a, "5")
		if got := beside(viewOf(t, a), "Trend", "Requests · all 2"); got != (w >= wideLayout) {
			t.Errorf("%d columns: Metrics lists its requests beside the trend: %v", w, got)
		}
		press(t, a, "4")
		if got := beside(viewOf(t, a), "Execution and access logs", "Request #2"); got != (w >= wideLayout) {
			t.Errorf("%d columns: Logs shows the request beside the log: %v", w, got)
		}
		press(t, a, "3", "j", "enter", "+", "+")
		v := viewOf(t, a)
		if got := beside(v, "■ finished", "Report ·"); got != (w >= wideLayout) {
			t.Errorf("%d columns: Scenarios keeps the chart beside the report: %v\n%s", w, got, v)
		}
		if w >= wideLayout {
			press(t, a, "left")
			if v := viewOf(t, a); !beside(v, "■ finished", "enter opens it in the flow view") || !strings.Contains(v, "504 Gateway Timeout  latency") {
				t.Errorf("%d columns: a picked second does not show its request beside the chart:\n%s", w, v)
			}
		}
	}
}
