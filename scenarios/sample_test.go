package scenarios

import (
	"bytes"
	"testing"
	"time"

	"apigwlab/engine"
)

// Sampling one traced request a second (what the TUI does) must not change a run.
func TestRequestSamplesDoNotChangeTheRun(t *testing.T) {
	for _, name := range []string{"canary-shift", "authorizer-cache", "burst-429"} {
		t.Run(name, func(t *testing.T) {
			sc, err := LoadBundled(name)
			if err != nil {
				t.Fatal(err)
			}
			plain, err := Run(sc, Options{})
			if err != nil {
				t.Fatal(err)
			}
			sc, _ = LoadBundled(name)
			var seconds []int
			sampled, err := Run(sc, Options{OnRequestSample: func(s int, req engine.Request, resp *engine.Response) {
				if resp.Trace == nil || len(resp.Trace.Hops) == 0 || req.Path == "" {
					t.Fatalf("second %d: sample without a trace", s)
				}
				seconds = append(seconds, s)
			}})
			if err != nil {
				t.Fatal(err)
			}
			var a, b bytes.Buffer
			plain.WriteJSON(&a)
			sampled.WriteJSON(&b)
			if a.String() != b.String() {
				t.Fatal("the sampled run differs from the plain one")
			}
			busy := 0
			for _, x := range plain.Series {
				if x.Requests > 0 {
					busy++
				}
			}
			if len(seconds) != busy {
				t.Fatalf("%d samples for %d seconds with requests", len(seconds), busy)
			}
		})
	}
}

// OnRequest sees every request; TraceRequest traces one by its number in a second run of
// the same seed, and it is the same request with the same answer (the TUI's drill-down
// finds a request untraced and traces it this way). Neither changes the run.
func TestTraceRequestByNumber(t *testing.T) {
	sc, err := LoadBundled("canary-shift")
	if err != nil {
		t.Fatal(err)
	}
	plain, err := Run(sc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	type seen struct {
		second  int
		path    string
		status  int
		canary  bool
		version string
		latency time.Duration
		traced  bool
	}
	var all []seen
	var n int64
	sc, _ = LoadBundled("canary-shift")
	watched, err := Run(sc, Options{OnRequest: func(i int64, s int, req *engine.Request, resp *engine.Response) {
		if n++; i != n {
			t.Fatalf("request %d numbered %d", n, i)
		}
		all = append(all, seen{s, req.Path, resp.Status, resp.Canary, resp.FunctionVersion, resp.Latency, resp.Trace != nil})
	}})
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	plain.WriteJSON(&a)
	watched.WriteJSON(&b)
	if a.String() != b.String() || int64(len(all)) != plain.Total.requests {
		t.Fatalf("OnRequest changed the run, or saw %d of its %d requests", len(all), plain.Total.requests)
	}
	// a canary request late in the run, found untraced, traced by its number
	want := int64(0)
	for i := len(all) / 2; i < len(all); i++ {
		if all[i].canary && !all[i].traced {
			want = int64(i + 1)
			break
		}
	}
	if want == 0 {
		t.Fatal("no untraced canary request in the second half")
	}
	sc, _ = LoadBundled("canary-shift")
	var got []seen
	again, err := Run(sc, Options{TraceRequest: want, OnRequestSample: func(s int, req engine.Request, resp *engine.Response) {
		got = append(got, seen{s, req.Path, resp.Status, resp.Canary, resp.FunctionVersion, resp.Latency, resp.Trace != nil})
	}})
	if err != nil {
		t.Fatal(err)
	}
	w := all[want-1]
	w.traced = true
	if len(got) != 1 || got[0] != w {
		t.Fatalf("TraceRequest %d gave %+v, want %+v", want, got, w)
	}
	var c bytes.Buffer
	again.WriteJSON(&c)
	if a.String() != c.String() {
		t.Fatal("the traced run differs from the plain one")
	}
}
