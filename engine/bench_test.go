package engine

import (
	"testing"
	"time"

	"apigwlab/engine/clock"
)

// BenchmarkInvoke measures the pipeline with simulated backends (targets in issue #3:
// ≤ 5 µs/op and ≤ 20 allocs/op with trace off, ≤ 20 µs/op with trace on).
func BenchmarkInvoke(b *testing.B) {
	cases := []struct {
		name, path string
		trace      bool
	}{
		{"MOCK", "/prod/mock", false},
		{"AWS_PROXY", "/prod/pets", false},
		{"MOCK/trace", "/prod/mock", true},
		{"AWS_PROXY/trace", "/prod/pets", true},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			clk := clock.NewVirtual(t0)
			g, err := New(petsWorkspace(), Options{Clock: clk, Seed: 1})
			if err != nil {
				b.Fatal(err)
			}
			req := &Request{Method: "GET", Path: bc.path, Trace: bc.trace}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				clk.Advance(time.Second) // keep Lambda environments free: measure the warm path
				if r := g.Invoke(req); r.Status != 200 {
					b.Fatalf("status %d %s", r.Status, r.Body)
				}
			}
		})
	}
}
