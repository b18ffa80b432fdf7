// Package clock injects time into the engine: real time for `serve`, virtual time for
// `invoke`, replay and tests, so simulated latency never sleeps and replays are deterministic.
package clock

import (
	"sync"
	"time"
)

// Clock tells the engine what time it is.
type Clock interface {
	Now() time.Time
}

// Real is the wall clock.
type Real struct{}

// Now returns the current wall-clock time in UTC.
func (Real) Now() time.Time { return time.Now().UTC() }

// Virtual is a clock that only moves when told to. It is safe for concurrent use.
type Virtual struct {
	mu sync.Mutex
	t  time.Time
}

// NewVirtual returns a virtual clock set to start.
func NewVirtual(start time.Time) *Virtual { return &Virtual{t: start.UTC()} }

// Now returns the virtual time.
func (v *Virtual) Now() time.Time {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.t
}

// Set moves the clock to t (backwards too: a replay may restart).
func (v *Virtual) Set(t time.Time) {
	v.mu.Lock()
	v.t = t.UTC()
	v.mu.Unlock()
}

// Advance moves the clock forward by d.
func (v *Virtual) Advance(d time.Duration) {
	v.mu.Lock()
	v.t = v.t.Add(d)
	v.mu.Unlock()
}
