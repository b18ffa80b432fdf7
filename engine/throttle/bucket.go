package throttle

import (
	"fmt"
	"math"
	"time"
)

// unit is how many bucket units make one token. Tokens are kept as integer
// billionths so that a refill at a whole-number rate over whole nanoseconds is
// exact: with rate r tokens/s, elapsed ns × r is exactly the number of units
// earned (1e9 units per token ÷ 1e9 ns per second). Float accumulation would
// drift, and a request landing exactly on a refill boundary (rate 10/s, one
// request every 100 ms) would pass or fail depending on rounding; replays must
// not depend on that.
const unit = 1_000_000_000

// maxBurst caps the capacity so that burst × unit fits in an int64. It is far
// above any limit AWS grants (the account default is 5,000).
const maxBurst = 1 << 32

// Limits is AWS's ThrottleSettings: a token bucket of Burst tokens
// (burstLimit) refilled at Rate tokens per second (rateLimit).
type Limits struct {
	Rate  float64 // rateLimit: steady-state requests per second
	Burst int     // burstLimit: bucket capacity, the most requests at one instant
}

// String renders the limits the way the trace shows them.
func (l Limits) String() string {
	return fmt.Sprintf("rate %g/s, burst %d", l.Rate, l.Burst)
}

// DefaultAccountLimits is the per-Region account throttle AWS applies by
// default: 10,000 requests per second steady state, burst 5,000 (developer
// guide, "Throttle requests to your REST APIs", account-level throttling;
// af-south-1 and eu-south-1 have 2,500/1,250).
var DefaultAccountLimits = Limits{Rate: 10000, Burst: 5000}

// Bucket is one token bucket in injected time. It starts full, every request
// takes one token, and tokens flow back continuously at Rate per second up to
// Burst. A Bucket is not safe for concurrent use; the Throttler serialises
// access to its buckets.
type Bucket struct {
	limits   Limits  // as set, for the trace and to notice changes
	rate     float64 // sanitised rate: units per nanosecond (= tokens per second)
	capacity int64   // sanitised burst, in units
	tokens   int64   // in units, 0 ≤ tokens ≤ capacity
	last     int64   // Unix nanoseconds of the last refill
}

// NewBucket returns a full bucket with limits l as of now.
func NewBucket(l Limits, now time.Time) *Bucket {
	b := &Bucket{}
	b.init(l, now.UnixNano())
	return b
}

func (b *Bucket) init(l Limits, ns int64) {
	b.set(l)
	b.tokens = b.capacity
	b.last = ns
}

// set installs l, sanitised so that no input (negative, NaN, huge) can make
// the arithmetic misbehave: the fuzz target holds this to "never negative,
// never above burst, never panics".
func (b *Bucket) set(l Limits) {
	b.limits = l
	burst := l.Burst
	if burst < 0 {
		burst = 0
	}
	if burst > maxBurst {
		burst = maxBurst
	}
	b.capacity = int64(burst) * unit
	b.rate = l.Rate
	if math.IsNaN(b.rate) || b.rate < 0 {
		b.rate = 0
	}
	if b.tokens > b.capacity {
		b.tokens = b.capacity
	}
}

// refill adds the tokens earned since the last refill. If time went backwards
// (a virtual clock set back, or a wall-clock step) nothing is added and the
// bucket restarts its accounting from now: freezing refill until the old
// instant came round again would throttle a live server for as long as the
// clock jumped, whereas re-counting from now can at worst fill the bucket,
// which the cap bounds.
func (b *Bucket) refill(ns int64) {
	elapsed := ns - b.last
	b.last = ns
	if elapsed <= 0 || b.tokens >= b.capacity {
		return
	}
	room := b.capacity - b.tokens
	add := float64(elapsed) * b.rate // +Inf for an infinite rate: fills
	if add >= float64(room) {
		b.tokens = b.capacity
		return
	}
	b.tokens += int64(add + 0.5) // round: add < room, so this cannot pass the cap by more than rounding
	if b.tokens > b.capacity {
		b.tokens = b.capacity
	}
}

// Take refills the bucket up to now and takes one token if a whole one is
// there. It returns whether the request may pass and the tokens left after it
// (or, when refused, the tokens available, always < 1).
//
// A bucket whose burst is 0 refuses everything whatever its rate: its capacity
// cannot hold one whole token. AWS documents 0/0 as blocking a method (the
// console and CloudFormation accept rate 0 / burst 0 to disable it; aws-cdk
// issue #10071), and HTTP API routes whose limits default to 0 answer every
// request with 429 (terraform-provider-aws PR #43307). AWS does not document
// burst 0 with a rate above 0; we follow the token bucket it describes, in
// which such a bucket never admits a request.
func (b *Bucket) Take(now time.Time) (ok bool, tokens float64) {
	b.refill(now.UnixNano())
	if b.tokens < unit {
		return false, b.Tokens()
	}
	b.tokens -= unit
	return true, b.Tokens()
}

// Peek refills the bucket up to now and returns the tokens available, without
// taking any.
func (b *Bucket) Peek(now time.Time) float64 {
	b.refill(now.UnixNano())
	return b.Tokens()
}

// Tokens returns the tokens in the bucket at its last refill.
func (b *Bucket) Tokens() float64 { return float64(b.tokens) / unit }

// Limits returns the limits the bucket was last given.
func (b *Bucket) Limits() Limits { return b.limits }

// SetLimits changes the limits at run time (update-stage, update-usage-plan):
// tokens earned under the old rate up to now are credited first, then the
// bucket keeps its tokens, capped at the new burst. It is not refilled to the
// new burst: raising a limit should not hand every client a free burst.
func (b *Bucket) SetLimits(l Limits, now time.Time) {
	b.setLimits(l, now.UnixNano())
}

func (b *Bucket) setLimits(l Limits, ns int64) {
	b.refill(ns)
	b.set(l)
}
