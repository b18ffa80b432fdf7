package throttle

import (
	"testing"
	"time"
)

// benchSetup is the worst case for Check: every level present (quota, plan
// method, plan, stage method, account) and limits high enough that each
// request passes and commits a token at every level.
func benchSetup() (*Throttler, *Request) {
	th := New(Limits{Rate: 1e9, Burst: 1 << 30})
	plan := &PlanLimits{
		ID: "plan1", Name: "basic",
		Throttle: &Limits{Rate: 1e9, Burst: 1 << 30},
		Methods:  MethodLimits{{"/pets/{petId}", "GET"}: {Rate: 1e9, Burst: 1 << 30}},
		Quota:    &Quota{Limit: 1 << 40, Period: Month},
	}
	r := &Request{
		API: "a1b2c3d4e5", Stage: "prod", Resource: "/pets/{petId}", Method: "GET",
		Key: "key-alice", Plan: plan,
		StageLimits: MethodLimits{
			AllMethods:               {Rate: 1e9, Burst: 1 << 30},
			{"/pets/{petId}", "GET"}: {Rate: 1e9, Burst: 1 << 30},
		},
	}
	return th, r
}

func BenchmarkCheck(b *testing.B) {
	th, r := benchSetup()
	now := t0
	th.Check(r, now)
	b.ReportAllocs()
	for b.Loop() {
		now = now.Add(time.Microsecond)
		if !th.Check(r, now).OK {
			b.Fatal("refused")
		}
	}
}

// BenchmarkCheckParallel shows the cost of the one mutex under contention.
func BenchmarkCheckParallel(b *testing.B) {
	th, r := benchSetup()
	th.Check(r, t0)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		now := t0
		for pb.Next() {
			now = now.Add(time.Microsecond)
			th.Check(r, now)
		}
	})
}

// BenchmarkBucketTake is the bucket alone.
func BenchmarkBucketTake(b *testing.B) {
	bk := NewBucket(Limits{Rate: 1e9, Burst: 1 << 30}, t0)
	now := t0
	b.ReportAllocs()
	for b.Loop() {
		now = now.Add(time.Microsecond)
		bk.Take(now)
	}
}
