package tui

import (
	"strings"
	"testing"

	"apigwlab/engine/observe"
)

func TestDiffLines(t *testing.T) {
	got := diffLines("{\n  \"a\": 1,\n  \"b\": 2\n}", "{\n  \"a\": 1,\n  \"c\": 3\n}")
	want := []string{"  {", `    "a": 1,`, `-   "b": 2`, `+   "c": 3`, "  }"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The integration request stage of a non-proxy method shows what its template did.
func TestFlowShowsTheMappingDiff(t *testing.T) {
	a := newTestApp(t, 100, 40)
	sendPath(t, a, "/prod/pets/7")
	press(t, a, "2")
	f := a.screens[screenFlow].(*flow)
	for i, b := range f.boxes {
		if b.stage == "integration request" {
			got := strings.Join(f.detailLines(f.entry(), i, 80), "\n")
			if !strings.Contains(got, "Mapping: method request body → integration request body") || !strings.Contains(got, `+   "petId": "7"`) {
				t.Fatalf("no mapping diff in the detail:\n%s", got)
			}
			return
		}
	}
	t.Fatal("no integration request box")
}

// The answer's detail draws the request's stages on a time axis.
func TestFlowTimeline(t *testing.T) {
	a := newTestApp(t, 100, 40)
	sendPath(t, a, "/prod/pets/7")
	press(t, a, "2")
	f := a.screens[screenFlow].(*flow)
	last := len(f.boxes) - 1
	got := strings.Join(f.detailLines(f.entry(), last, 90), "\n")
	if !strings.Contains(got, "Timeline") || !strings.Contains(got, "integration           0 ms–12 ms") || !strings.Contains(got, "█") {
		t.Fatalf("no timeline:\n%s", got)
	}
}

// A browser's view of the answer (the cors hop) is drawn after the gateway's answer.
func TestCorsHopComesLast(t *testing.T) {
	hops := []*observe.Hop{{Stage: "route", Decision: "answered 403"}, {Stage: "gateway response", Decision: "answered 403"}, {Stage: "cors", Decision: "browser blocks it"}}
	boxes := flowBoxes(&observe.Trace{Hops: hops})
	n := len(boxes)
	if boxes[n-2].stage != "cors" || boxes[n-3].stage != "gateway response" {
		var got []string
		for _, b := range boxes {
			got = append(got, b.stage)
		}
		t.Fatalf("boxes: %v", got)
	}
}

func TestFmtSeconds(t *testing.T) {
	for s, want := range map[int]string{0: "0s", 45: "45s", 60: "1m", 70: "1m10s", 100: "1m40s", 3600: "1h", 5400: "1h30m", 3605: "1h0m5s", 86400: "24h"} {
		if got := fmtSeconds(s); got != want {
			t.Errorf("fmtSeconds(%d) = %q, want %q", s, got, want)
		}
	}
}
