package scenarios

import (
	"bytes"
	"testing"

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
