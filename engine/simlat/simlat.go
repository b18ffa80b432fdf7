// Package simlat draws simulated durations: a fixed latency, or a log-normal distribution
// given by its median (p50) and 99th percentile (p99), as functions and simulated HTTP
// backends declare them. Draws come from the caller's seeded RNG, so a replay is repeatable.
package simlat

import (
	"math"
	"math/rand/v2"
	"time"
)

// Dist is a compiled latency; the zero Dist is always 0.
type Dist struct {
	fixed     time.Duration
	dist      bool
	mu, sigma float64 // of ln(duration in ns)
}

// z99 is the 99th percentile of the standard normal distribution: for a log-normal,
// ln(p99/p50) = sigma·z99.
const z99 = 2.3263478740408408

// maxDraw caps a drawn latency so an extreme draw cannot overflow time.Duration arithmetic.
const maxDraw = 24 * time.Hour

// New compiles a latency that passed validation: fixed, or p50 with p99 ≥ p50 (p99 == p50,
// or p50 alone, is fixed at p50).
func New(fixed, p50, p99 time.Duration) Dist {
	switch {
	case p50 > 0 && p99 > p50:
		return Dist{dist: true, mu: math.Log(float64(p50)), sigma: math.Log(float64(p99)/float64(p50)) / z99}
	case p50 > 0:
		return Dist{fixed: p50}
	}
	return Dist{fixed: fixed}
}

// Draw returns one duration. A fixed latency draws nothing from r, so it does not shift
// other random draws.
func (d *Dist) Draw(r *rand.Rand) time.Duration {
	if !d.dist {
		return d.fixed
	}
	ns := math.Exp(d.mu + d.sigma*r.NormFloat64())
	if ns >= float64(maxDraw) {
		return maxDraw
	}
	return time.Duration(ns)
}
