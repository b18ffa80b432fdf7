package scenarios

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// hist is a latency histogram in microseconds. Its quantiles are nearest-rank (the sample
// at rank ⌈q·n⌉) and exact while the samples have at most exactDistinct distinct values,
// which virtual time makes the common case (declared latencies, a timeout); past that they
// come from log-linear buckets (64 sub-buckets per power of two) as the mean of the rank's
// bucket: exact when the bucket holds one value (a third of requests at the 29 s timeout
// read back as 29000, not the bucket's midpoint), else within the bucket's ~1.6% width.
// min and max are exact.
type hist struct {
	counts   []int64
	sums     []int64         // per bucket, for its mean
	exact    map[int64]int64 // each distinct value's count; nil once there are too many
	inexact  bool            // exact was dropped
	n        int64
	min, max int64
	sum      int64
}

// exactDistinct bounds the distinct values a histogram counts exactly (at most ~150 KB).
const exactDistinct = 4096

const subBits = 6

func bucketOf(us int64) int {
	if us < 1<<subBits {
		return int(us)
	}
	e := bits.Len64(uint64(us)) - subBits - 1
	return (e+1)<<subBits + int(us>>uint(e)) - 1<<subBits
}

func bucketLow(b int) int64 {
	if b < 1<<subBits {
		return int64(b)
	}
	e := b>>subBits - 1
	return (int64(b&(1<<subBits-1)) + 1<<subBits) << uint(e)
}

func (h *hist) add(d time.Duration) {
	us := d.Microseconds()
	if us < 0 {
		us = 0
	}
	b := bucketOf(us)
	if b >= len(h.counts) {
		grown := make([]int64, b+1+16)
		copy(grown, h.counts)
		h.counts = grown
		sums := make([]int64, len(grown))
		copy(sums, h.sums)
		h.sums = sums
	}
	h.counts[b]++
	h.sums[b] += us
	if !h.inexact {
		if h.exact == nil {
			h.exact = map[int64]int64{}
		}
		h.exact[us]++
		if len(h.exact) > exactDistinct {
			h.exact, h.inexact = nil, true
		}
	}
	if h.n == 0 || us < h.min {
		h.min = us
	}
	if us > h.max {
		h.max = us
	}
	h.n++
	h.sum += us
}

func (h *hist) reset() {
	clear(h.counts)
	clear(h.sums)
	clear(h.exact)
	h.inexact = false
	h.n, h.min, h.max, h.sum = 0, 0, 0, 0
}

// quantile returns the q-quantile in milliseconds (0 when empty).
func (h *hist) quantile(q float64) float64 {
	if h.n == 0 {
		return 0
	}
	rank := int64(math.Ceil(q * float64(h.n)))
	if rank < 1 {
		rank = 1
	}
	var seen int64
	if !h.inexact {
		vals := make([]int64, 0, len(h.exact))
		for v := range h.exact {
			vals = append(vals, v)
		}
		slices.Sort(vals)
		for _, v := range vals {
			if seen += h.exact[v]; seen >= rank {
				return float64(v) / 1000
			}
		}
		return float64(h.max) / 1000
	}
	for b, c := range h.counts {
		seen += c
		if seen >= rank {
			// the bucket's mean, as a whole microsecond: its one value when it holds one
			v := (h.sums[b] + c/2) / c
			v = min(max(v, h.min), h.max)
			return float64(v) / 1000
		}
	}
	return float64(h.max) / 1000
}

func (h *hist) mean() float64 {
	if h.n == 0 {
		return 0
	}
	return float64(h.sum) / float64(h.n) / 1000
}

// acc accumulates what the metrics need over a set of requests (a window, a phase, the run).
type acc struct {
	requests    int64
	status      [600]int64
	canary      int64
	cacheHits   int64
	cacheMisses int64
	latency     hist
	integration hist
	functions   map[string]int64 // "name" and "name:version" → invocations
	ws          *wsAcc           // WebSocket APIs; nil when the scenario has no connections
}

func (a *acc) add(r *outcome) {
	a.requests++
	if r.status >= 0 && r.status < len(a.status) {
		a.status[r.status]++
	}
	if r.canary {
		a.canary++
	}
	switch r.cache {
	case 1:
		a.cacheHits++
	case 2:
		a.cacheMisses++
	}
	a.latency.add(r.latency)
	if r.integrated {
		a.integration.add(r.integrationLatency)
	}
	if a.functions != nil && r.function != "" {
		a.functions[r.function]++
		a.functions[r.function+":"+r.version]++
	}
	if a.functions != nil && r.authorizer != "" {
		a.functions[r.authorizer]++
		a.functions[r.authorizer+":"+r.authzV]++
	}
}

func (a *acc) class(c int) int64 {
	var n int64
	for s := c * 100; s < c*100+100; s++ {
		n += a.status[s]
	}
	return n
}

func ratio(n, d int64) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// metricNames documents the metrics an expectation can name.
const metricNames = "Count, requests, status.NNN.count|ratio (e.g. status.429.ratio), status.2XX|4XX|5XX.count|ratio, " +
	"4XXError, 5XXError (counts; .ratio for the share), Latency.p50|p90|p95|p99|max|avg and IntegrationLatency.… (ms), " +
	"CacheHitCount, CacheMissCount, cache.hitRatio, canary.count, canary.ratio, function.NAME.invocations, function.NAME:VERSION.invocations; " +
	"WebSocket APIs: ConnectCount, MessageCount, ClientError, IntegrationError, ExecutionError, messages.in, messages.out, " +
	"connect.STATUS.count (connect.403.count), disconnect.CODE.count (disconnect.1001.count), disconnect.count, push.STATUS.count (push.410.count), route.KEY.count, connections.max"

// checkMetric tells whether a metric name is one the runner can measure.
func checkMetric(m string) error {
	a := &acc{functions: map[string]int64{}}
	if _, err := a.metric(m); err != nil {
		return err
	}
	return nil
}

func (a *acc) needsFunctions(m string) bool { return strings.HasPrefix(m, "function.") }

// metric evaluates a metric name over the accumulated requests.
func (a *acc) metric(m string) (float64, error) {
	switch m {
	case "Count", "requests":
		return float64(a.requests), nil
	case "4XXError":
		return float64(a.class(4)), nil
	case "5XXError":
		return float64(a.class(5)), nil
	case "4XXError.ratio":
		return ratio(a.class(4), a.requests), nil
	case "5XXError.ratio":
		return ratio(a.class(5), a.requests), nil
	case "CacheHitCount":
		return float64(a.cacheHits), nil
	case "CacheMissCount":
		return float64(a.cacheMisses), nil
	case "cache.hitRatio":
		return ratio(a.cacheHits, a.cacheHits+a.cacheMisses), nil
	case "canary.count":
		return float64(a.canary), nil
	case "canary.ratio":
		return ratio(a.canary, a.requests), nil
	}
	if v, ok, err := a.wsMetric(m); ok || err != nil {
		return v, err
	}
	if rest, ok := strings.CutPrefix(m, "status."); ok {
		code, kind, ok := strings.Cut(rest, ".")
		if !ok || (kind != "count" && kind != "ratio") {
			return 0, fmt.Errorf("%q: write status.CODE.count or status.CODE.ratio (e.g. status.429.ratio, status.5XX.count)", m)
		}
		var n int64
		if len(code) == 3 && strings.HasSuffix(strings.ToUpper(code), "XX") && code[0] >= '1' && code[0] <= '5' {
			n = a.class(int(code[0] - '0'))
		} else if c, err := strconv.Atoi(code); err == nil && c >= 100 && c <= 599 {
			n = a.status[c]
		} else {
			return 0, fmt.Errorf("%q: %q is not a status code or class (429, 5XX)", m, code)
		}
		if kind == "ratio" {
			return ratio(n, a.requests), nil
		}
		return float64(n), nil
	}
	for _, prefix := range []string{"Latency.", "IntegrationLatency."} {
		if stat, ok := strings.CutPrefix(m, prefix); ok {
			h := &a.latency
			if prefix == "IntegrationLatency." {
				h = &a.integration
			}
			switch stat {
			case "p50":
				return h.quantile(0.50), nil
			case "p90":
				return h.quantile(0.90), nil
			case "p95":
				return h.quantile(0.95), nil
			case "p99":
				return h.quantile(0.99), nil
			case "max":
				return float64(h.max) / 1000, nil
			case "avg":
				return h.mean(), nil
			}
			return 0, fmt.Errorf("%q: use %sp50, p90, p95, p99, max or avg (milliseconds)", m, prefix)
		}
	}
	if rest, ok := strings.CutPrefix(m, "function."); ok {
		name, ok := strings.CutSuffix(rest, ".invocations")
		if !ok || name == "" {
			return 0, fmt.Errorf("%q: write function.NAME.invocations or function.NAME:VERSION.invocations", m)
		}
		return float64(a.functions[name]), nil
	}
	return 0, fmt.Errorf("unknown metric %q; metrics: %s", m, metricNames)
}

// statusCounts returns the non-zero status counts, keyed by code.
func (a *acc) statusCounts() map[string]int64 {
	out := map[string]int64{}
	for code, n := range a.status {
		if n > 0 {
			out[strconv.Itoa(code)] = n
		}
	}
	return out
}

func sortedCodes(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
