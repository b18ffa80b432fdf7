package observe

import (
	"sort"
	"sync"
	"time"
)

// CloudWatch metric names API Gateway publishes in the AWS/ApiGateway namespace
// (docs: api-gateway-metrics-and-dimensions).
const (
	MetricCount              = "Count"
	Metric4XXError           = "4XXError"
	Metric5XXError           = "5XXError"
	MetricLatency            = "Latency"
	MetricIntegrationLatency = "IntegrationLatency"
	MetricCacheHitCount      = "CacheHitCount"
	MetricCacheMissCount     = "CacheMissCount"
)

// Cache outcome of one request, for CacheHitCount / CacheMissCount.
const (
	CacheNone = iota // caching not enabled for the method
	CacheHit
	CacheMiss
)

// Datapoint is one minute of one stage's metrics (CloudWatch's period of 60 s).
type Datapoint struct {
	Minute                time.Time     `json:"minute"`
	Count                 int64         `json:"count"`
	Err4XX                int64         `json:"4xx"`
	Err5XX                int64         `json:"5xx"`
	CacheHits             int64         `json:"cacheHits"`
	CacheMisses           int64         `json:"cacheMisses"`
	LatencySum            time.Duration `json:"-"`
	LatencyMax            time.Duration `json:"-"`
	IntegrationLatencySum time.Duration `json:"-"`
	Integrations          int64         `json:"-"` // requests that reached the integration
}

// Sample is one request as metrics see it.
type Sample struct {
	API, Stage         string
	At                 time.Time
	Status             int
	Latency            time.Duration
	IntegrationLatency time.Duration
	Integrated         bool // the integration was called (IntegrationLatency is meaningful)
	Cache              int
}

type seriesKey struct{ api, stage string }

// Metrics aggregates per-minute datapoints per API stage. Safe for concurrent use.
type Metrics struct {
	mu     sync.Mutex
	series map[seriesKey][]Datapoint
}

// NewMetrics returns an empty metrics store.
func NewMetrics() *Metrics { return &Metrics{series: map[seriesKey][]Datapoint{}} }

// Record adds one request. Requests usually arrive in time order, so the last minute is
// checked first and recording does not allocate within a minute.
func (m *Metrics) Record(s Sample) {
	minute := s.At.Truncate(time.Minute)
	k := seriesKey{s.API, s.Stage}
	m.mu.Lock()
	defer m.mu.Unlock()
	pts := m.series[k]
	i := len(pts) - 1
	if i < 0 || !pts[i].Minute.Equal(minute) {
		i = sort.Search(len(pts), func(j int) bool { return !pts[j].Minute.Before(minute) })
		if i == len(pts) || !pts[i].Minute.Equal(minute) {
			pts = append(pts, Datapoint{})
			copy(pts[i+1:], pts[i:])
			pts[i] = Datapoint{Minute: minute}
			m.series[k] = pts
		}
	}
	d := &pts[i]
	d.Count++
	switch {
	case s.Status >= 500:
		d.Err5XX++
	case s.Status >= 400:
		d.Err4XX++
	}
	switch s.Cache {
	case CacheHit:
		d.CacheHits++
	case CacheMiss:
		d.CacheMisses++
	}
	d.LatencySum += s.Latency
	if s.Latency > d.LatencyMax {
		d.LatencyMax = s.Latency
	}
	if s.Integrated {
		d.Integrations++
		d.IntegrationLatencySum += s.IntegrationLatency
	}
}

// Series returns a copy of one stage's datapoints in time order.
func (m *Metrics) Series(api, stage string) []Datapoint {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Datapoint(nil), m.series[seriesKey{api, stage}]...)
}

// Reset forgets every datapoint.
func (m *Metrics) Reset() {
	m.mu.Lock()
	m.series = map[seriesKey][]Datapoint{}
	m.mu.Unlock()
}
