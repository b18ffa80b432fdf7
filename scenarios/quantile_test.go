package scenarios

import (
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

// Issue 15 rough edge: a third of the requests at exactly 29000 ms showed p90 28966.9 (a
// bucket's midpoint). Quantiles are nearest-rank, the sample at rank ⌈q·n⌉: exact while the
// run has at most exactDistinct distinct latencies (virtual time makes most runs so), and
// past that the mean of the rank's bucket, exact when that bucket holds one value.
func TestQuantilesAreExact(t *testing.T) {
	nearestRank := func(s []int64, q float64) float64 {
		sorted := append([]int64(nil), s...)
		sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
		r := int(float64(len(sorted))*q + 0.999999999)
		return float64(sorted[max(1, r)-1]) / 1000
	}
	rng := rand.New(rand.NewPCG(1, 2))
	cases := map[string][]int64{}
	// the run: two thirds fast and spread, a third at the 29 s timeout
	var third []int64
	for i := range 300 {
		if i%3 == 0 {
			third = append(third, 29_000_000)
		} else {
			third = append(third, 20_000+int64(rng.IntN(400))*1000)
		}
	}
	cases["a third at 29000 ms"] = third
	var uniform []int64
	for i := 1; i <= 1000; i++ {
		uniform = append(uniform, int64(i)*1000)
	}
	cases["1..1000 ms"] = uniform
	var wide []int64 // more distinct values than are kept exactly, but one value at the tail
	for i := range exactDistinct * 3 {
		wide = append(wide, int64(1000+i))
	}
	for range exactDistinct {
		wide = append(wide, 29_000_000)
	}
	cases["many distinct values, the tail at one"] = wide
	for name, samples := range cases {
		var h hist
		for _, us := range samples {
			h.add(time.Duration(us) * time.Microsecond)
		}
		qs := []float64{0.5, 0.9, 0.95, 0.99, 1}
		if len(samples) > exactDistinct {
			qs = qs[1:] // the median's bucket holds many values: within its width, not exact
		}
		for _, q := range qs {
			if got, want := h.quantile(q), nearestRank(samples, q); got != want {
				t.Errorf("%s: q%v = %v, want %v", name, q, got, want)
			}
		}
	}
}
