package throttle

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// Level names, as Decision.Level reports them, from the first AWS applies to
// the last.
const (
	LevelQuota      = "quota"             // usage plan quota of the API key (QUOTA_EXCEEDED)
	LevelPlanMethod = "usage plan method" // apiStages[].throttle["/pets/GET"] for the API key
	LevelPlan       = "usage plan"        // the usage plan's throttle for the API key
	LevelMethod     = "method"            // the stage's methodSettings["pets/GET"]
	LevelStage      = "stage"             // the stage's methodSettings["*/*"] (default method throttling)
	LevelAccount    = "account"           // the account's per-Region throttle
)

const (
	maxSteps         = 4 // throttle levels one request can meet: plan method, plan, stage, account
	responseThrottle = "THROTTLED"
	responseQuota    = "QUOTA_EXCEEDED"
)

// MethodKey names one method of a stage: Resource is the resource path
// ("/pets/{petId}") and Method the HTTP method ("GET"). AllMethods is the
// wildcard "*/*".
type MethodKey struct{ Resource, Method string }

// AllMethods is the "*/*" key: the limits of every method without its own.
var AllMethods = MethodKey{Resource: "*", Method: "*"}

// ParseMethodKey reads a method key the way AWS writes it: "pets/GET" and
// "~1pets~1{petId}/GET" (stage methodSettings: leading slash stripped, "/"
// escaped as "~1" in patch paths), "/pets/GET" (usage plan apiStages[].throttle),
// and "*/*" or "/*/*" for all methods.
func ParseMethodKey(s string) (MethodKey, error) {
	u := strings.ReplaceAll(s, "~1", "/")
	i := strings.LastIndexByte(u, '/')
	if i < 0 || i == len(u)-1 {
		return MethodKey{}, fmt.Errorf("method key %q: write RESOURCE-PATH/METHOD (pets/GET, /pets/{petId}/DELETE) or */*", s)
	}
	path, method := u[:i], strings.ToUpper(u[i+1:])
	if path == "*" || path == "/*" {
		if method != "*" {
			return MethodKey{}, fmt.Errorf("method key %q: the only wildcard is */* (all methods)", s)
		}
		return AllMethods, nil
	}
	if method == "*" || strings.Contains(path, "*") {
		return MethodKey{}, fmt.Errorf("method key %q: the only wildcard is */* (all methods)", s)
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return MethodKey{Resource: path, Method: method}, nil
}

// MethodLimits maps methods to their throttle, as a stage's methodSettings or
// a usage plan's apiStages[].throttle do. Keys are parsed once (ParseMethodKey)
// so that Check looks them up by struct, without building a string.
type MethodLimits map[MethodKey]Limits

// ParseMethodLimits converts AWS-style keys ("pets/GET", "/pets/GET", "*/*")
// into MethodLimits.
func ParseMethodLimits(m map[string]Limits) (MethodLimits, error) {
	out := make(MethodLimits, len(m))
	for k, l := range m {
		mk, err := ParseMethodKey(k)
		if err != nil {
			return nil, err
		}
		out[mk] = l
	}
	return out, nil
}

// find returns the method's own limits (exact) or else the "*/*" ones.
func (m MethodLimits) find(resource, method string) (l Limits, exact, ok bool) {
	if l, ok := m[MethodKey{resource, method}]; ok {
		return l, true, true
	}
	if l, ok := m[AllMethods]; ok {
		return l, false, true
	}
	return Limits{}, false, false
}

// PlanLimits is what a usage plan imposes on an API key on one API stage.
// Buckets and quota counters belong to the plan ID and the key, so the plan
// throttle and quota are shared by every stage of the plan ("Throttling and
// quota limits apply to requests for individual API keys that are aggregated
// across all API stages within a usage plan", developer guide, usage plans).
type PlanLimits struct {
	ID       string       // usage plan id: identity of its buckets, counters and usage report
	Name     string       // for the trace; ID when empty
	Throttle *Limits      // the plan's throttle, per API key; nil for none
	Methods  MethodLimits // this stage's apiStages[].throttle; nil for none
	Quota    *Quota       // nil for none
}

// Request is what the throttle stage knows about one request. Pass the limits
// in force now: when they differ from a bucket's, the bucket takes them
// (Bucket.SetLimits), so update-stage and update-usage-plan need no other call.
type Request struct {
	API, Stage       string // API id (or name) and stage name
	Resource, Method string // resource path "/pets/{petId}" and method "GET", as the settings keys name them
	Key              string // API key id; "" for none
	KeyName          string // for the trace; Key when empty
	// Plan is the key's usage plan on this stage, or nil. Pass nil when the
	// method does not require an API key: AWS then logs that the request
	// "will not contribute to throttle or quota limits".
	Plan *PlanLimits
	// StageLimits is the stage's methodSettings throttles; nil for none, in
	// which case only the account throttle applies.
	StageLimits MethodLimits
}

// Step is one throttle level a request met.
type Step struct {
	Level  string  // LevelPlanMethod … LevelAccount
	Bucket string  // which bucket, for the trace ("usage plan basic key alice")
	Tokens float64 // tokens left after the request, or available (< 1) when it refused
	Limits Limits
}

// Decision is the outcome of Check.
//
// When OK is false, Level, Bucket, Tokens and Limits describe the level that
// refused (for LevelQuota, the Quota fields do). When OK is true they describe
// the level with the fewest tokens left, the one closest to throttling, so the
// trace can show what the next burst will hit first. Steps lists every bucket
// met, in AWS order.
type Decision struct {
	OK     bool
	Level  string
	Bucket string
	Tokens float64
	Limits Limits

	// Quota of the key's plan; zero values when the plan has none.
	QuotaUsed     int // requests counted in this period, including this one when OK
	QuotaLimit    int
	QuotaPeriod   Period
	QuotaResetsAt time.Time

	steps  [maxSteps]Step
	nsteps int
}

// Steps returns the buckets the request met, in the order AWS applies them;
// on a refusal the last is the one that refused.
func (d *Decision) Steps() []Step { return d.steps[:d.nsteps] }

// ResponseType names the gateway response a refusal maps to: "THROTTLED"
// (429 {"message":"Too Many Requests"}) or "QUOTA_EXCEEDED" (429
// {"message":"Limit Exceeded"}); "" when the request passes.
func (d Decision) ResponseType() string {
	switch {
	case d.OK:
		return ""
	case d.Level == LevelQuota:
		return responseQuota
	default:
		return responseThrottle
	}
}

// String is the one-line trace of the decision, e.g.
// "usage plan basic key alice: 0.0 tokens (rate 10/s, burst 20)".
func (d Decision) String() string {
	if d.Level == LevelQuota {
		return fmt.Sprintf("%s quota: %d of %d requests used this %s, resets %s",
			d.Bucket, d.QuotaUsed, d.QuotaLimit, d.QuotaPeriod, d.QuotaResetsAt.Format(time.RFC3339))
	}
	name := d.Bucket
	if d.Level == LevelStage {
		name += " (*/*)"
	}
	return fmt.Sprintf("%s: %.1f tokens (%s)", name, d.Tokens, d.Limits)
}

// Throttler holds every bucket and quota counter of one gateway: the account
// bucket, one bucket per stage method, and per usage plan and API key a plan
// bucket, per-method buckets and the quota and usage counts. It is safe for
// concurrent use; one mutex serialises Check, which is short.
type Throttler struct {
	mu            sync.Mutex
	accountLimits Limits
	account       *namedBucket // nil until the first request, which is when it starts full
	methods       map[methodID]*method
	clients       map[clientKey]*client
}

// method is one method of an API stage: its stage bucket, and the identity by
// which each key's plan-method bucket for it is found. One lookup by methodID
// serves both levels; hashing its four strings twice was a quarter of Check.
type method struct {
	id    methodID
	stage *namedBucket // nil until the stage throttles this method
}

// methodID identifies a method of an API stage. Struct keys make map lookups
// allocation-free; concatenating a string key per request would allocate.
type methodID struct{ api, stage, resource, method string }

type clientKey struct{ plan, key string }

type namedBucket struct {
	Bucket
	name string // built once, when the bucket is created
}

// client is one API key in one usage plan.
type client struct {
	name    string // "usage plan basic key alice"
	bucket  *namedBucket
	methods map[*method]*namedBucket // pointer keys: an 8-byte hash

	hasQuota     bool
	quota        Quota
	pStart, pEnd int64 // current quota period, Unix ns
	resetsAt     time.Time
	used         int // requests counted in the current period

	days []dayCount // requests admitted per UTC day, ascending, for quotas and Usage
}

type dayCount struct {
	day int64 // days since 1970-01-01 UTC
	n   int
}

// New returns a Throttler whose account-level bucket has the given limits;
// pass DefaultAccountLimits for AWS's default.
func New(account Limits) *Throttler {
	return &Throttler{
		accountLimits: account,
		methods:       map[methodID]*method{},
		clients:       map[clientKey]*client{},
	}
}

// SetAccount changes the account throttle at run time, keeping its tokens
// (capped at the new burst).
func (t *Throttler) SetAccount(l Limits, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.accountLimits = l
	if t.account != nil {
		t.account.SetLimits(l, now)
	}
}

// Reset forgets every bucket and counter, as if the gateway had just started.
func (t *Throttler) Reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.account = nil
	t.methods = map[methodID]*method{}
	t.clients = map[clientKey]*client{}
}

// Check applies AWS's throttling to one request at instant now and, if it
// passes, takes a token from every bucket it met and counts it against the
// key's quota.
//
// Order (developer guide, "Throttle requests to your REST APIs", how
// throttling limit settings are applied): per-client per-method limits of the
// usage plan, the per-client limits of the usage plan, the stage's per-method
// limits (its own methodSettings entry, else "*/*"), then the account limits
// per Region. AWS's fourth level, the Region-wide throttle across accounts, is
// not simulated. The first level without a whole token refuses with 429.
//
// The quota is looked at first, before any bucket. AWS does not document the
// order of quota and throttle; checking the quota first means a key that has
// used its quota gets the same answer ("Limit Exceeded") at any request rate
// until the period resets, which is what its owner needs to see.
//
// A refused request costs nothing anywhere: each level is checked, and only
// when every level admits the request is one token taken from each and the
// request counted against the quota. AWS's behaviour here is best-effort and
// undocumented. We chose all-or-nothing over "take level by level, no refund"
// because it is one rule for everything ("a 429 consumes nothing": no tokens,
// no quota) and because with no-refund a client refused by a noisy neighbour
// at the account level would also drain its own usage-plan bucket and be
// throttled a second time by its own plan once the account recovered.
func (t *Throttler) Check(r *Request, now time.Time) Decision {
	ns := now.UnixNano()
	var d Decision
	var take [maxSteps]*Bucket

	t.mu.Lock()
	defer t.mu.Unlock()

	var c *client
	var m *method // looked up once, when a plan-method or stage level needs it
	if p := r.Plan; p != nil {
		c = t.client(p, r)
		if q := p.Quota; q != nil {
			c.syncQuota(*q, now, ns)
			d.QuotaUsed, d.QuotaLimit, d.QuotaPeriod, d.QuotaResetsAt = c.used, q.Limit, q.Period, c.resetsAt
			if c.used >= q.Limit {
				d.Level, d.Bucket = LevelQuota, c.name
				return d
			}
		}
		if len(p.Methods) > 0 {
			if l, _, ok := p.Methods.find(r.Resource, r.Method); ok {
				m = t.method(r)
				b := c.methodBucket(m, l, ns)
				if !d.step(LevelPlanMethod, b, ns) {
					return d
				}
				take[d.nsteps-1] = &b.Bucket
			}
		}
		if p.Throttle != nil {
			b := c.planBucket(*p.Throttle, ns)
			if !d.step(LevelPlan, b, ns) {
				return d
			}
			take[d.nsteps-1] = &b.Bucket
		}
	}
	if len(r.StageLimits) > 0 {
		if l, exact, ok := r.StageLimits.find(r.Resource, r.Method); ok {
			level := LevelStage
			if exact {
				level = LevelMethod
			}
			if m == nil {
				m = t.method(r)
			}
			b := m.stageBucket(l, ns)
			if !d.step(level, b, ns) {
				return d
			}
			take[d.nsteps-1] = &b.Bucket
		}
	}
	if t.account == nil {
		t.account = &namedBucket{name: "account"}
		t.account.init(t.accountLimits, ns)
	}
	if !d.step(LevelAccount, t.account, ns) {
		return d
	}
	take[d.nsteps-1] = &t.account.Bucket

	// Every level admitted the request: commit.
	tight := 0
	for i := 0; i < d.nsteps; i++ {
		take[i].tokens -= unit
		d.steps[i].Tokens = take[i].Tokens()
		if d.steps[i].Tokens < d.steps[tight].Tokens {
			tight = i
		}
	}
	s := d.steps[tight]
	d.OK, d.Level, d.Bucket, d.Tokens, d.Limits = true, s.Level, s.Bucket, s.Tokens, s.Limits
	if c != nil {
		c.count(ns)
		if r.Plan.Quota != nil {
			c.used++
			d.QuotaUsed = c.used
		}
	}
	return d
}

// step refills b and records it as the next step; it reports whether b has a
// whole token. On a refusal the decision is filled in from this step.
func (d *Decision) step(level string, b *namedBucket, ns int64) bool {
	b.refill(ns)
	s := &d.steps[d.nsteps]
	d.nsteps++
	s.Level, s.Bucket, s.Tokens, s.Limits = level, b.name, b.Tokens(), b.limits
	if b.tokens >= unit {
		return true
	}
	d.Level, d.Bucket, d.Tokens, d.Limits = s.Level, s.Bucket, s.Tokens, s.Limits
	return false
}

// client returns the record of the request's key in its plan, creating it.
func (t *Throttler) client(p *PlanLimits, r *Request) *client {
	if c, ok := t.clients[clientKey{p.ID, r.Key}]; ok {
		return c
	}
	plan, key := p.Name, r.KeyName
	if plan == "" {
		plan = p.ID
	}
	if key == "" {
		key = r.Key
	}
	c := &client{name: "usage plan " + plan + " key " + key}
	t.clients[clientKey{p.ID, r.Key}] = c
	return c
}

// planBucket returns the key's plan bucket with limits l, creating it full.
func (c *client) planBucket(l Limits, ns int64) *namedBucket {
	b := c.bucket
	if b == nil {
		b = &namedBucket{name: c.name}
		b.init(l, ns)
		c.bucket = b
	} else if b.limits != l {
		b.setLimits(l, ns)
	}
	return b
}

// method returns the record of the request's method, creating it.
func (t *Throttler) method(r *Request) *method {
	id := methodID{r.API, r.Stage, r.Resource, r.Method}
	m, ok := t.methods[id]
	if !ok {
		m = &method{id: id}
		t.methods[id] = m
	}
	return m
}

// String names the method for the trace: "a1b2c3/prod GET /pets".
func (id methodID) String() string {
	return id.api + "/" + id.stage + " " + id.method + " " + id.resource
}

// methodBucket returns the key's bucket for method m with limits l, creating
// it full. A "/*/*" entry gives each method its own bucket with those limits,
// like the stage's "*/*".
func (c *client) methodBucket(m *method, l Limits, ns int64) *namedBucket {
	b, ok := c.methods[m]
	if !ok {
		if c.methods == nil {
			c.methods = map[*method]*namedBucket{}
		}
		b = &namedBucket{name: c.name + ", " + m.id.String()}
		b.init(l, ns)
		c.methods[m] = b
	} else if b.limits != l {
		b.setLimits(l, ns)
	}
	return b
}

// stageBucket returns the stage bucket of method m with limits l,
// creating it full. Each method has its own bucket, also when its limits come
// from "*/*": the developer guide calls these "default per-method limits"
// ("you can configure the same settings for all methods, or configure
// different throttle settings for each method"), so "*/*" is a default for
// each method, not one bucket the stage's methods share.
func (m *method) stageBucket(l Limits, ns int64) *namedBucket {
	b := m.stage
	if b == nil {
		b = &namedBucket{name: "stage " + m.id.String()}
		b.init(l, ns)
		m.stage = b
	} else if b.limits != l {
		b.setLimits(l, ns)
	}
	return b
}

// syncQuota makes the counter describe the quota period containing now under
// q. It recomputes only when the period rolls over, time goes back, or the
// plan's quota changed; otherwise it is two comparisons.
func (c *client) syncQuota(q Quota, now time.Time, ns int64) {
	if c.hasQuota && q == c.quota && ns >= c.pStart && ns < c.pEnd {
		return
	}
	start, end := q.PeriodAt(now)
	c.hasQuota, c.quota = true, q
	c.pStart, c.pEnd, c.resetsAt = start.UnixNano(), end.UnixNano(), end
	c.used = c.sum(dayOf(c.pStart), dayOf(c.pEnd)-1)
}

// count records one admitted request on the day of ns.
func (c *client) count(ns int64) {
	day := dayOf(ns)
	if n := len(c.days); n > 0 && c.days[n-1].day == day {
		c.days[n-1].n++
		return
	}
	// A new day, or time went back: keep the slice sorted.
	i := len(c.days)
	for i > 0 && c.days[i-1].day > day {
		i--
	}
	if i > 0 && c.days[i-1].day == day {
		c.days[i-1].n++
		return
	}
	c.days = append(c.days, dayCount{})
	copy(c.days[i+1:], c.days[i:])
	c.days[i] = dayCount{day: day, n: 1}
}

// sum returns the requests admitted on days first..last inclusive.
func (c *client) sum(first, last int64) int {
	n := 0
	for _, dc := range c.days {
		if dc.day >= first && dc.day <= last {
			n += dc.n
		}
	}
	return n
}

const nsPerDay = 24 * int64(time.Hour)

// dayOf returns the UTC day number (days since 1970-01-01) of a Unix ns time.
func dayOf(ns int64) int64 {
	d := ns / nsPerDay
	if ns%nsPerDay < 0 {
		d--
	}
	return d
}
