package throttle

import (
	"math"
	"testing"
	"time"
)

// t0 is a Thursday, 12:00 UTC.
var t0 = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

func TestBucketStartsFullAndRefillsContinuously(t *testing.T) {
	tests := []struct {
		name   string
		limits Limits
		// requests at t0 + at[i]
		at     []time.Duration
		wantOK []bool
		// tokens reported by each Take
		wantTokens []float64
	}{
		{
			name:       "full bucket serves its burst at one instant",
			limits:     Limits{Rate: 1, Burst: 3},
			at:         []time.Duration{0, 0, 0, 0},
			wantOK:     []bool{true, true, true, false},
			wantTokens: []float64{2, 1, 0, 0},
		},
		{
			name:       "a token back after 1/rate seconds",
			limits:     Limits{Rate: 10, Burst: 1},
			at:         []time.Duration{0, 50 * time.Millisecond, 100 * time.Millisecond, 150 * time.Millisecond, 200 * time.Millisecond},
			wantOK:     []bool{true, false, true, false, true},
			wantTokens: []float64{0, 0.5, 0, 0.5, 0},
		},
		{
			name:       "refill stops at burst",
			limits:     Limits{Rate: 100, Burst: 2},
			at:         []time.Duration{0, 0, time.Hour, time.Hour, time.Hour},
			wantOK:     []bool{true, true, true, true, false},
			wantTokens: []float64{1, 0, 1, 0, 0},
		},
		{
			name:       "rate 0 burst 0 blocks everything",
			limits:     Limits{Rate: 0, Burst: 0},
			at:         []time.Duration{0, time.Hour},
			wantOK:     []bool{false, false},
			wantTokens: []float64{0, 0},
		},
		{
			// The bucket can never hold a whole token, whatever the rate.
			name:       "burst 0 with a rate blocks everything",
			limits:     Limits{Rate: 1000, Burst: 0},
			at:         []time.Duration{0, time.Second, time.Hour},
			wantOK:     []bool{false, false, false},
			wantTokens: []float64{0, 0, 0},
		},
		{
			name:       "rate 0 serves its burst once",
			limits:     Limits{Rate: 0, Burst: 2},
			at:         []time.Duration{0, 0, 24 * time.Hour},
			wantOK:     []bool{true, true, false},
			wantTokens: []float64{1, 0, 0},
		},
		{
			name:       "fractional rate",
			limits:     Limits{Rate: 0.5, Burst: 1},
			at:         []time.Duration{0, time.Second, 2 * time.Second},
			wantOK:     []bool{true, false, true},
			wantTokens: []float64{0, 0.5, 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBucket(tt.limits, t0)
			for i, at := range tt.at {
				ok, tokens := b.Take(t0.Add(at))
				if ok != tt.wantOK[i] || tokens != tt.wantTokens[i] {
					t.Errorf("request %d at +%v: Take = %v, %v; want %v, %v", i, at, ok, tokens, tt.wantOK[i], tt.wantTokens[i])
				}
			}
		})
	}
}

// The developer guide's worked example for the account bucket (10,000 rps,
// burst 5,000): 5,000 requests in the first millisecond and 5,000 more at the
// 101st millisecond serve 6,000.
func TestBucketDeveloperGuideExample(t *testing.T) {
	b := NewBucket(DefaultAccountLimits, t0)
	served := 0
	for range 5000 {
		if ok, _ := b.Take(t0); ok {
			served++
		}
	}
	for range 5000 {
		if ok, _ := b.Take(t0.Add(100 * time.Millisecond)); ok {
			served++
		}
	}
	if served != 6000 {
		t.Fatalf("served %d, want 6000", served)
	}
}

func TestBucketSetLimits(t *testing.T) {
	tests := []struct {
		name string
		// take `take` tokens at t0 from a bucket with `from`, then at t0+after
		// set `to`; want `want` tokens right after, and `later` tokens at
		// t0+after+1s.
		from, to      Limits
		take          int
		after         time.Duration
		want, wantOne float64
	}{
		{"lower burst caps the tokens", Limits{10, 20}, Limits{10, 5}, 5, 0, 5, 5},
		{"higher burst keeps the tokens", Limits{10, 20}, Limits{10, 50}, 15, 0, 5, 15},
		{"tokens earned under the old rate first", Limits{10, 20}, Limits{100, 200}, 20, 500 * time.Millisecond, 5, 105},
		{"to zero blocks", Limits{10, 20}, Limits{0, 0}, 0, 0, 0, 0},
		{"from zero does not hand out a burst", Limits{0, 0}, Limits{1, 10}, 0, 0, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBucket(tt.from, t0)
			for range tt.take {
				b.Take(t0)
			}
			now := t0.Add(tt.after)
			b.SetLimits(tt.to, now)
			if got := b.Tokens(); got != tt.want {
				t.Errorf("tokens after SetLimits = %v, want %v", got, tt.want)
			}
			if b.Limits() != tt.to {
				t.Errorf("Limits() = %v, want %v", b.Limits(), tt.to)
			}
			if got := b.Peek(now.Add(time.Second)); got != tt.wantOne {
				t.Errorf("tokens 1s later = %v, want %v", got, tt.wantOne)
			}
		})
	}
}

func TestBucketTimeGoingBack(t *testing.T) {
	b := NewBucket(Limits{Rate: 1, Burst: 2}, t0)
	b.Take(t0.Add(10 * time.Second))
	b.Take(t0.Add(10 * time.Second))
	// Back to t0: nothing earned, nothing lost.
	if ok, tok := b.Take(t0); ok || tok != 0 {
		t.Fatalf("Take after going back = %v, %v; want false, 0", ok, tok)
	}
	// Accounting restarts from t0.
	if ok, tok := b.Take(t0.Add(time.Second)); !ok || tok != 0 {
		t.Fatalf("Take 1s after the new origin = %v, %v; want true, 0", ok, tok)
	}
}

// FuzzBucket drives a bucket with random limits, time steps (forward and
// back) and limit changes: tokens never go negative, never exceed the burst,
// a refused Take always reports less than one token, and nothing panics.
func FuzzBucket(f *testing.F) {
	f.Add(10.0, 20, []byte{0, 1, 2, 3, 4, 5, 6, 7})
	f.Add(0.0, 0, []byte{0xff, 0x00, 0x80})
	f.Add(math.Inf(1), 5, []byte{3, 3, 3, 1, 0, 2})
	f.Add(math.NaN(), -3, []byte{9, 200, 17, 42})
	f.Add(1e300, 1<<40, []byte{2, 2, 2, 2})
	f.Add(-5.0, 7, []byte{128, 64, 32, 16, 8})
	f.Fuzz(func(t *testing.T, rate float64, burst int, ops []byte) {
		capOf := func(l Limits) float64 { return float64(min(max(l.Burst, 0), maxBurst)) }
		l := Limits{Rate: rate, Burst: burst}
		now := t0
		b := NewBucket(l, now)
		if b.Tokens() != capOf(l) {
			t.Fatalf("new bucket has %v tokens, want full %v", b.Tokens(), capOf(l))
		}
		for i := 0; i+1 < len(ops); i += 2 {
			op, arg := ops[i], ops[i+1]
			step := time.Duration(1) << (arg % 48) // 1 ns … ~39 h
			switch op % 5 {
			case 0, 1:
				now = now.Add(step)
				before := b.Peek(now)
				ok, tok := b.Take(now)
				if ok != (before >= 1) {
					t.Fatalf("Take = %v with %v tokens available", ok, before)
				}
				if !ok && tok >= 1 {
					t.Fatalf("refused with %v tokens", tok)
				}
			case 2:
				now = now.Add(step)
				b.Peek(now)
			case 3:
				l = Limits{Rate: float64(arg) / 7, Burst: int(arg%32) - 4}
				if arg%11 == 0 {
					l.Rate = math.Inf(1)
				}
				b.SetLimits(l, now)
			case 4:
				now = now.Add(-step)
				b.Take(now)
			}
			if tok := b.Tokens(); tok < 0 || tok > capOf(l) || math.IsNaN(tok) {
				t.Fatalf("op %d: tokens %v outside [0, %v]", i/2, tok, capOf(l))
			}
		}
	})
}
