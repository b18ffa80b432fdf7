package scenarios

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/url"
	"sort"
	"strings"
	"time"

	"apigwlab/engine"
	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/engine/websocket"
	"apigwlab/engine/wire"
)

// Sample is one second of a run, streamed to Options.OnSecond as the run goes (for live
// charts) and kept in the result's series.
type Sample struct {
	Second      int     `json:"t"`
	Requests    int64   `json:"requests"`
	S2XX        int64   `json:"2xx"`
	S4XX        int64   `json:"4xx"`
	S5XX        int64   `json:"5xx"`
	S429        int64   `json:"429"`
	Canary      int64   `json:"canary"`
	CacheHits   int64   `json:"cacheHits"`
	CacheMisses int64   `json:"cacheMisses"`
	LatencyP50  float64 `json:"latencyP50"`
	LatencyP99  float64 `json:"latencyP99"`
	InFlight    int     `json:"inFlight"` // most requests in flight at once during the second
	// WebSocket APIs, as CloudWatch names the metrics (left out when zero): ConnectCount,
	// MessageCount (both directions), ClientError, IntegrationError, ExecutionError; and
	// $disconnect events, 410 GoneException answers to @connections, and the connections
	// open at the end of the second.
	ConnectCount     int64 `json:"connectCount,omitempty"`
	MessageCount     int64 `json:"messageCount,omitempty"`
	ClientError      int64 `json:"clientError,omitempty"`
	IntegrationError int64 `json:"integrationError,omitempty"`
	ExecutionError   int64 `json:"executionError,omitempty"`
	Disconnects      int64 `json:"disconnects,omitempty"`
	Gone             int64 `json:"gone410,omitempty"`
	OpenConnections  int   `json:"openConnections,omitempty"`
}

// Options tune a run.
type Options struct {
	// Seed overrides the scenario's seed when non-nil (replay --seed).
	Seed *uint64
	// OnSecond receives each second's sample as soon as the second is over.
	OnSecond func(Sample)
	// Progress is called about every virtual second with the virtual time done and total.
	Progress func(done, total time.Duration)
	// OnRequestSample receives the first request of each second that has one, answered with
	// its trace (the TUI opens it in the flow view). The request and response are the
	// callee's to keep. Tracing one request a second does not change the run's results.
	OnRequestSample func(second int, req engine.Request, resp *engine.Response)
	// OnRequest sees every request, untraced unless sampled: its number in the run (from
	// 1), its second, the request and the response. Both are the runner's and reused:
	// copy what is kept. The TUI's drill-down finds the one 200 among 5XXs with it.
	OnRequest func(n int64, second int, req *engine.Request, resp *engine.Response)
	// TraceRequest, when not 0, traces the request of that number and gives it to
	// OnRequestSample instead of the first of each second. A run is the same for the same
	// seed, so a request found untraced (OnRequest) is traced by running again; tracing
	// does not change the run.
	TraceRequest int64
	// OnMessageSample receives the first WebSocket client message of each second that has
	// one, handled with its trace, and the text the client sent (the TUI opens it in the flow
	// view). Tracing it does not change the run's results.
	OnMessageSample func(second int, ex *websocket.Exchange, sent string)
	// OnGateway receives the run's gateway as soon as it is deployed, e.g. to read its
	// CloudWatch-style metrics (safe for concurrent reads) while the run goes.
	OnGateway func(*engine.Gateway)
	// NoSeries streams the per-second samples to OnSecond only, without keeping them in
	// Result.Series: memory then does not grow with the run's duration.
	NoSeries bool
	// MaxDuration and MaxRequests cap the simulated volume (0: DefaultMaxDuration,
	// DefaultMaxRequests); a scenario over a cap is refused with an error that says how to
	// raise it (replay --max-duration, --max-requests).
	MaxDuration time.Duration
	MaxRequests int64
}

// Caps on a run's simulated volume, so that a typo (duration: 100000h, rate: 1000000/s for
// a day) is an error instead of a run that never ends or runs out of memory.
const (
	DefaultMaxDuration = 24 * time.Hour
	DefaultMaxRequests = 10_000_000
)

// checkVolume refuses a scenario past the caps before it runs: its duration, and the
// requests its open-loop phases send (rate × duration). Closed-loop clients are counted as
// the run goes.
func checkVolume(sc *Scenario, opts Options) error {
	maxDur, maxReq := opts.caps()
	if sc.Duration > maxDur {
		return fmt.Errorf("%s: the run lasts %s of simulated time, over the %s cap: shorten duration (or the phases), or raise the cap with replay --max-duration %s",
			sc.Source, sc.Duration, maxDur, sc.Duration)
	}
	total := 0.0
	for _, p := range sc.Traffic {
		if p.Clients == 0 {
			total += (p.Rate.From + p.Rate.To) / 2 * (min(p.To, sc.Duration) - p.From).Seconds()
		}
	}
	total += sc.wsEstimate()
	if total > float64(maxReq) {
		return fmt.Errorf("%s: the traffic sends about %.0f requests (rate × duration), over the cap of %d: lower the rates or durations, or raise the cap with replay --max-requests %.0f",
			sc.Source, total, maxReq, math.Ceil(total))
	}
	return nil
}

func (o Options) caps() (time.Duration, int64) {
	d, n := o.MaxDuration, o.MaxRequests
	if d <= 0 {
		d = DefaultMaxDuration
	}
	if n <= 0 {
		n = DefaultMaxRequests
	}
	return d, n
}

// EventRecord is an event as it was applied.
type EventRecord struct {
	At     time.Duration `json:"-"`
	AtText string        `json:"at"`
	Do     string        `json:"do"`
	Output string        `json:"output,omitempty"` // what the command printed (get-usage, get-stage…)
}

// PhaseResult is one phase's share of the run.
type PhaseResult struct {
	Name     string
	From, To time.Duration
	acc      acc
}

// ExpectationResult is an expectation with the observed value.
type ExpectationResult struct {
	Metric string  `json:"metric"`
	Window string  `json:"window"`
	Want   string  `json:"want"`
	Got    float64 `json:"got"`
	OK     bool    `json:"ok"`
}

// Result is what a run produced.
type Result struct {
	Scenario     *Scenario
	Seed         uint64
	Total        acc
	Phases       []*PhaseResult
	Groups       []*GroupResult // WebSocket connection groups
	Windows      []*WindowResult
	Series       []Sample
	Events       []EventRecord
	Expectations []ExpectationResult
	Functions    []FunctionCount
	Passed       bool
	openAtEnd    int           // WebSocket connections still open when the run ended
	Wall         time.Duration // real time the run took (not part of the report: it varies)
}

// WindowResult is the run seen through one expectation window.
type WindowResult struct {
	Window Window
	acc    acc
}

// FunctionCount is invocations of one function version.
type FunctionCount struct {
	Function    string `json:"function"`
	Version     string `json:"version"`
	Invocations int64  `json:"invocations"`
	ColdStarts  int64  `json:"coldStarts"`
	Throttled   int64  `json:"throttled"`
}

// outcome is one request as the statistics see it.
type outcome struct {
	status             int
	latency            time.Duration
	integrationLatency time.Duration
	integrated         bool
	canary             bool
	cache              int
	function, version  string
	authorizer, authzV string // the Lambda authorizer function, when it ran
}

// item is one thing scheduled on the virtual timeline.
type item struct {
	at     time.Duration
	seq    uint64
	kind   uint8 // 0 event (before traffic at the same instant), 1 arrival, 2 closed-loop client
	phase  int32
	client int32
}

// timeline is a min-heap of items by (at, kind, seq), typed to avoid interface boxing.
type timeline []item

func (h timeline) less(i, j int) bool {
	if h[i].at != h[j].at {
		return h[i].at < h[j].at
	}
	if h[i].kind != h[j].kind {
		return h[i].kind < h[j].kind
	}
	return h[i].seq < h[j].seq
}

func (h *timeline) push(x item) {
	*h = append(*h, x)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s.less(i, p) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *timeline) pop() item {
	s := *h
	top := s[0]
	n := len(s) - 1
	s[0] = s[n]
	*h = s[:n]
	s = s[:n]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < n && s.less(l, m) {
			m = l
		}
		if r < n && s.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		s[i], s[m] = s[m], s[i]
		i = m
	}
	return top
}

// durHeap is a min-heap of completion times, for in-flight counts.
type durHeap []time.Duration

func (h *durHeap) push(d time.Duration) {
	*h = append(*h, d)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if s[i] >= s[p] {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *durHeap) popUntil(t time.Duration) {
	for len(*h) > 0 && (*h)[0] <= t {
		s := *h
		n := len(s) - 1
		s[0] = s[n]
		s = s[:n]
		*h = s
		for i := 0; ; {
			l, r, m := 2*i+1, 2*i+2, i
			if l < n && s[l] < s[m] {
				m = l
			}
			if r < n && s[r] < s[m] {
				m = r
			}
			if m == i {
				break
			}
			s[i], s[m] = s[m], s[i]
			i = m
		}
	}
}

// phaseState generates one phase's requests.
type phaseState struct {
	p        *Phase
	rng      *rand.Rand
	arrivals float64           // open loop: cumulative expected arrivals of the next request (N(t) target)
	reqs     []*engine.Request // one per (template, identity), built once
	weights  []float64         // cumulative template weights
	idw      []float64         // cumulative identity weights
	nextID   int
	result   *PhaseResult
}

// Run replays a scenario in virtual time and evaluates its expectations. The gateway is
// built fresh from the scenario's workspace source, so a scenario can be run many times.
func Run(sc *Scenario, opts Options) (*Result, error) {
	wallStart := time.Now()
	seed := sc.Seed
	if opts.Seed != nil {
		seed = *opts.Seed
	}
	if err := checkVolume(sc, opts); err != nil {
		return nil, err
	}
	_, maxReq := opts.caps()
	ws, err := sc.freshWorkspace()
	if err != nil {
		return nil, err
	}
	clk := clock.NewVirtual(sc.Start)
	// Code functions still run for every request, but take their declared latency: a
	// replay stays deterministic and runs faster than real time.
	gw, err := engine.New(ws, engine.Options{Clock: clk, Seed: seed, DeclaredTime: true})
	if err != nil {
		return nil, fmt.Errorf("%s: deploy workspace: %w", sc.Source, err)
	}
	defer gw.Close()
	if opts.OnGateway != nil {
		opts.OnGateway(gw)
	}
	res := &Result{Scenario: sc, Seed: seed}
	needFns := false
	for _, x := range sc.Expect {
		needFns = needFns || strings.HasPrefix(x.Metric, "function.")
	}
	if needFns {
		res.Total.functions = map[string]int64{}
	}
	windows := map[string]*WindowResult{}
	var allWindows []*WindowResult // windows in a slice: the per-request loop must not range a map
	var expWin []*WindowResult
	for _, x := range sc.Expect {
		key := x.Window.String()
		w := windows[key]
		if w == nil {
			w = &WindowResult{Window: x.Window}
			if needFns {
				w.acc.functions = map[string]int64{}
			}
			windows[key] = w
			allWindows = append(allWindows, w)
			if !x.Window.All {
				res.Windows = append(res.Windows, w)
			}
		}
		expWin = append(expWin, w)
	}
	sort.SliceStable(res.Windows, func(i, j int) bool { return res.Windows[i].Window.From < res.Windows[j].Window.From })

	var tl timeline
	var seq uint64
	push := func(it item) { seq++; it.seq = seq; tl.push(it) }
	for i := range sc.Events {
		push(item{at: sc.Events[i].At, kind: 0, phase: int32(i)})
	}
	if err := mintTokens(sc, gw); err != nil {
		return nil, err
	}
	states := make([]*phaseState, len(sc.Traffic))
	for i, p := range sc.Traffic {
		st := &phaseState{p: p, rng: rand.New(rand.NewPCG(seed, uint64(i)+1)), result: &PhaseResult{Name: p.Name, From: p.From, To: p.To}}
		if needFns {
			st.result.acc.functions = map[string]int64{}
		}
		st.build()
		states[i] = st
		res.Phases = append(res.Phases, st.result)
		if p.Clients > 0 {
			for c := 0; c < p.Clients; c++ {
				// clients start spread over the first think time so they do not all fire at once
				off := time.Duration(0)
				if p.ThinkTime > 0 {
					off = time.Duration(st.rng.Int64N(int64(p.ThinkTime)))
				}
				push(item{at: p.From + off, kind: 2, phase: int32(i), client: int32(c)})
			}
		} else if at, ok := st.nextArrival(); ok {
			push(item{at: at, kind: 1, phase: int32(i)})
		}
	}

	total := sc.Duration
	var inflight durHeap
	sec := &secondState{hist: &hist{}}
	wsr, err := newWSRun(sc, gw, seed, res, allWindows, sec, push)
	if err != nil {
		return nil, err
	}
	if wsr != nil {
		wsr.onSample = opts.OnMessageSample
	}
	lastProgress := time.Duration(-1)
	resp := &engine.Response{} // reused: the loop must not allocate a response per request
	pooled := resp
	sampled := -1  // the last second a request was sampled in
	var nreq int64 // the requests sent so far (TraceRequest, OnRequest)
	for len(tl) > 0 {
		it := tl.pop()
		if it.at >= total && it.kind != 0 {
			continue
		}
		for it.at >= time.Duration(sec.n+1)*time.Second {
			res.closeSecond(sec, opts)
		}
		if opts.Progress != nil && it.at-lastProgress >= time.Second {
			lastProgress = it.at
			opts.Progress(it.at, total)
		}
		clk.Set(sc.Start.Add(it.at))
		if it.kind == 0 {
			ev := sc.Events[it.phase]
			out, err := gw.Exec(ev.Do)
			if err != nil {
				return nil, fmt.Errorf("%s: event at %s (%q): %w", ev.Pos, ev.At, ev.Do, err)
			}
			res.Events = append(res.Events, EventRecord{At: ev.At, AtText: fmtOffset(ev.At), Do: ev.Do, Output: out})
			continue
		}
		if it.kind >= kindStorm {
			if wsr.ops >= maxReq {
				return nil, fmt.Errorf("%s: the run reached the cap of %d WebSocket connects, messages and pushes at %s of simulated time: fewer clients or a shorter run, or raise the cap with replay --max-requests N",
					sc.Source, maxReq, fmtOffset(it.at))
			}
			wsr.handle(it)
			continue
		}
		if res.Total.requests >= maxReq {
			return nil, fmt.Errorf("%s: the run reached the cap of %d requests at %s of simulated time: fewer clients or a shorter run, or raise the cap with replay --max-requests N",
				sc.Source, maxReq, fmtOffset(it.at))
		}
		st := states[it.phase]
		req := st.pick()
		resp = pooled
		nreq++
		s := int(it.at / time.Second)
		trace := opts.TraceRequest == nreq
		if opts.TraceRequest == 0 && opts.OnRequestSample != nil && s != sampled {
			sampled, trace = s, true
		}
		if trace {
			r := *req
			r.Header = append(wire.Headers(nil), req.Header...)
			r.Trace = true
			resp = gw.Invoke(&r)
			opts.OnRequestSample(s, r, resp)
		} else {
			gw.InvokeInto(req, resp)
		}
		if opts.OnRequest != nil {
			opts.OnRequest(nreq, s, req, resp)
		}
		o := outcome{status: resp.Status, latency: resp.Latency, integrationLatency: resp.IntegrationLatency,
			integrated: resp.Integrated, canary: resp.Canary, cache: resp.Cache, function: resp.Function, version: resp.FunctionVersion,
			authorizer: resp.AuthorizerFunction, authzV: resp.AuthorizerVersion}
		res.Total.add(&o)
		st.result.acc.add(&o)
		for _, w := range allWindows {
			if w.Window.Contains(it.at) {
				w.acc.add(&o)
			}
		}
		inflight.popUntil(it.at)
		now := len(inflight) + 1 // this request is in flight at its own instant
		if resp.Latency > 0 {
			inflight.push(it.at + resp.Latency)
		}
		sec.add(&o, now)
		if it.kind == 2 {
			next := it.at + resp.Latency + st.p.ThinkTime
			if next == it.at {
				next += time.Millisecond // a client with no latency and no think time must still move on
			}
			if next < st.p.To {
				push(item{at: next, kind: 2, phase: it.phase, client: it.client})
			}
		} else if at, ok := st.nextArrival(); ok {
			push(item{at: at, kind: 1, phase: it.phase})
		}
	}
	for time.Duration(sec.n)*time.Second < total {
		res.closeSecond(sec, opts)
	}
	if opts.Progress != nil {
		opts.Progress(total, total)
	}
	if wsr != nil {
		wsr.finish()
	}
	for _, fs := range gw.Lambda().Stats() {
		res.Functions = append(res.Functions, FunctionCount{Function: fs.Function, Version: fs.Version,
			Invocations: int64(fs.Invocations), ColdStarts: int64(fs.ColdStarts), Throttled: int64(fs.Throttled)})
	}
	res.Passed = true
	for i, x := range sc.Expect {
		got, err := expWin[i].acc.metric(x.Metric)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", x.Pos, err)
		}
		got = math.Round(got*1e6) / 1e6 // stable text across platforms
		ok := x.Holds(got)
		res.Passed = res.Passed && ok
		res.Expectations = append(res.Expectations, ExpectationResult{Metric: x.Metric, Window: x.Window.String(), Want: x.Want(), Got: got, OK: ok})
	}
	res.Wall = time.Since(wallStart)
	return res, nil
}

// secondState accumulates the current second's sample.
type secondState struct {
	n    int
	cur  Sample
	hist *hist
	open int    // WebSocket connections open now
	ws   *wsAcc // this second's WebSocket exchanges
}

func (s *secondState) add(o *outcome, inflight int) {
	c := &s.cur
	c.Requests++
	switch {
	case o.status >= 500:
		c.S5XX++
	case o.status >= 400:
		c.S4XX++
	case o.status >= 200 && o.status < 300:
		c.S2XX++
	}
	if o.status == 429 {
		c.S429++
	}
	if o.canary {
		c.Canary++
	}
	switch o.cache {
	case 1:
		c.CacheHits++
	case 2:
		c.CacheMisses++
	}
	c.InFlight = max(c.InFlight, inflight)
	s.hist.add(o.latency)
}

func (r *Result) closeSecond(s *secondState, opts Options) {
	s.cur.Second = s.n
	s.cur.LatencyP50 = s.hist.quantile(0.5)
	s.cur.LatencyP99 = s.hist.quantile(0.99)
	s.cur.OpenConnections = s.open
	s.closeWS()
	if !opts.NoSeries {
		r.Series = append(r.Series, s.cur)
	}
	if opts.OnSecond != nil {
		opts.OnSecond(s.cur)
	}
	s.n++
	s.cur = Sample{}
	s.hist.reset()
}

// build precomputes one engine request per (template, identity): the runner then only picks.
func (st *phaseState) build() {
	p := st.p
	ids := p.Identities
	if len(ids) == 0 {
		ids = []*Identity{{Weight: 1}}
	}
	sum := 0.0
	for _, t := range p.Requests {
		sum += t.Weight
		st.weights = append(st.weights, sum)
		for _, id := range ids {
			st.reqs = append(st.reqs, makeRequest(t, id))
		}
	}
	sum = 0
	for _, id := range ids {
		sum += id.Weight
		st.idw = append(st.idw, sum)
	}
}

func makeRequest(t *RequestTemplate, id *Identity) *engine.Request {
	path, rawQuery, _ := strings.Cut(t.Path, "?")
	q := url.Values{}
	for _, m := range []map[string]string{t.Query, id.Query} {
		for k, v := range m {
			q.Set(k, v)
		}
	}
	if enc := q.Encode(); enc != "" {
		if rawQuery != "" {
			rawQuery += "&"
		}
		rawQuery += enc
	}
	var h wire.Headers
	for _, m := range []map[string]string{t.Headers, id.Headers} {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			h.Set(k, m[k])
		}
	}
	src, vpce := t.SourceIP, t.SourceVpce
	if id.SourceIP != "" {
		src = id.SourceIP
	}
	if id.SourceVpce != "" {
		vpce = id.SourceVpce
	}
	return &engine.Request{API: t.API, Method: t.Method, Path: path, RawQuery: rawQuery, Header: h, Body: t.Body, SourceIP: src, SourceVpce: vpce}
}

// pick draws the next request: a template by weight, an identity round-robin or by weight.
func (st *phaseState) pick() *engine.Request {
	ti := 0
	if n := len(st.weights); n > 1 {
		ti = searchCum(st.weights, st.rng.Float64()*st.weights[n-1])
	}
	ii := 0
	if n := len(st.idw); n > 1 {
		if st.p.Pick == "weighted" {
			ii = searchCum(st.idw, st.rng.Float64()*st.idw[n-1])
		} else {
			ii = st.nextID % n
			st.nextID++
		}
	}
	return st.reqs[ti*len(st.idw)+ii]
}

func searchCum(cum []float64, x float64) int {
	i := sort.SearchFloat64s(cum, x)
	if i < len(cum) && cum[i] == x {
		i++
	}
	return min(i, len(cum)-1)
}

// nextArrival returns the next open-loop arrival. Arrivals are where the expected count
// N(t) = ∫rate reaches the next target: targets 0, 1, 2… for uniform arrivals, and sums
// of unit exponentials for Poisson (time rescaling), so ramps need no special case.
func (st *phaseState) nextArrival() (time.Duration, bool) {
	p := st.p
	span := (p.To - p.From).Seconds()
	target := st.arrivals
	if p.Arrival == "poisson" {
		target += st.rng.ExpFloat64()
		st.arrivals = target
	} else {
		st.arrivals++
	}
	r0, r1 := p.Rate.From, p.Rate.To
	a := (r1 - r0) / (2 * span)
	var t float64
	switch {
	case math.Abs(a) < 1e-12:
		if r0 <= 0 {
			return 0, false
		}
		t = target / r0
	default:
		disc := r0*r0 + 4*a*target
		if disc < 0 {
			return 0, false
		}
		t = (-r0 + math.Sqrt(disc)) / (2 * a)
	}
	if t < 0 || t >= span || math.IsNaN(t) {
		return 0, false
	}
	return p.From + time.Duration(t*float64(time.Second)), true
}

func fmtOffset(d time.Duration) string {
	if d%time.Second == 0 {
		return fmt.Sprintf("%ds", int64(d/time.Second))
	}
	return d.String()
}

// freshWorkspace loads the workspace anew, since control-plane events change it.
func (sc *Scenario) freshWorkspace() (*model.Workspace, error) {
	if sc.reload == nil {
		if sc.Workspace == nil {
			return nil, fmt.Errorf("%s: no workspace", sc.Source)
		}
		return sc.Workspace, nil
	}
	return sc.reload()
}
