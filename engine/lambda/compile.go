package lambda

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"

	"apigwlab/engine/model"
	"apigwlab/engine/simlat"
)

// function is one compiled function. Everything but the run-time state (inflight, states)
// is rebuilt by Set, so Invoke never sees a half-applied change.
type function struct {
	spec      *model.Function // private copy of the model; Set edits copies of it
	timeout   time.Duration   // 0: no Lambda-side timeout
	coldStart time.Duration
	limit     int  // concurrent executions allowed
	reserved  bool // limit comes from reserved concurrency (changes the throttle Reason)

	latest   *version
	versions map[string]*version
	aliases  map[string]*alias

	// inflight holds the end times of executions still running, for the concurrency check.
	inflight timeHeap
	// states keeps environments and counters per version name, surviving Set.
	states map[string]*versionState
}

// version is one executable version ($LATEST or a published number) with its behaviours
// fully resolved, cases included, so Invoke only picks and never merges.
type version struct {
	name  string
	base  behavior
	cases []caseRule
	state *versionState
	run   runner // set for a code function: it computes the answer
}

// versionState is what a version accumulates at run time.
type versionState struct {
	envs        timeHeap // busy-until of each execution environment
	invocations int
	coldStarts  int
	errors      int
	timeouts    int
	throttles   int
}

// alias routes to one version or draws among several by weight (Lambda's alias routing
// configuration).
type alias struct {
	targets []*version
	cum     []float64 // cumulative weights, same order as targets
}

// pick chooses the version for one invocation; a single-target alias draws nothing from the
// RNG, so adding such an alias does not shift other random draws.
func (a *alias) pick(r *rand.Rand) *version {
	if len(a.targets) == 1 {
		return a.targets[0]
	}
	u := r.Float64() * a.cum[len(a.cum)-1]
	for i, c := range a.cum {
		if u < c {
			return a.targets[i]
		}
	}
	return a.targets[len(a.targets)-1]
}

// behavior is a resolved behaviour with its payload precomputed, so a plain `returns`
// invocation copies two words instead of encoding JSON.
type behavior struct {
	payload []byte
	value   any
	fnErr   bool
	errMsg  string
	echo    bool
	lat     latency
	pushes  []pushRule
	// staticPushes are the pushes when none reads the event (shared by every result).
	staticPushes []Push
}

// latency is a fixed duration or a log-normal distribution (simlat), or measured.
type latency struct {
	simlat.Dist
	measured bool // latency: measured (code functions in declared time)
}

// draw returns one handler duration. A nil latency compiles to 0: the gateway models its own
// integration overhead, so a function the learner gave no latency should add nothing hidden.
func (l *latency) draw(r *rand.Rand) time.Duration { return l.Draw(r) }

func compileLatency(l *model.Latency, where string) (latency, error) {
	if l == nil {
		return latency{}, nil
	}
	switch {
	case l.Measured:
		return latency{measured: true}, nil
	case l.Fixed < 0 || l.P50 < 0 || l.P99 < 0:
		return latency{}, posErrorf(l.Pos, "%s: latency cannot be negative", where)
	case l.Fixed > 0 && (l.P50 > 0 || l.P99 > 0):
		return latency{}, posErrorf(l.Pos, "%s: latency is either a fixed duration or {p50, p99}, not both", where)
	case l.P99 > 0 && l.P50 == 0:
		return latency{}, posErrorf(l.Pos, "%s: latency p99 needs a p50", where)
	case l.P99 > 0 && l.P99 < l.P50:
		return latency{}, posErrorf(l.Pos, "%s: latency p99 (%s) is below p50 (%s)", where, l.P99, l.P50)
	}
	return latency{Dist: simlat.New(l.Fixed, l.P50, l.P99)}, nil
}

// setsOutcome reports whether a behaviour says what the handler produces. A case or version
// that only sets latency keeps its parent's outcome; one that sets any outcome replaces it
// whole, so `returns` in a case never inherits the function's `error`.
func setsOutcome(b *model.Behavior) bool {
	return b.Returns != nil || b.Error != nil || b.Echo
}

// inherit resolves a child behaviour against its parent.
func inherit(child, parent model.Behavior) model.Behavior {
	out := parent
	if setsOutcome(&child) || child.Pushes != nil {
		// The pushes are part of the outcome: a case that answers otherwise pushes only what
		// it lists itself.
		out.Returns, out.Error, out.Echo, out.Pushes = child.Returns, child.Error, child.Echo, child.Pushes
	}
	if child.Latency != nil {
		out.Latency = child.Latency
	}
	return out
}

// compileBehavior precomputes a resolved behaviour's payload. Precedence when several are
// set: error, then echo, then returns.
func compileBehavior(b model.Behavior, where string) (behavior, error) {
	lat, err := compileLatency(b.Latency, where)
	if err != nil {
		return behavior{}, err
	}
	out := behavior{lat: lat, echo: b.Echo}
	if out.pushes, err = compilePushes(b.Pushes); err != nil {
		return behavior{}, err
	}
	if !needsEvent(out.pushes) {
		out.staticPushes = resolvePushes(out.pushes, nil)
	}
	if b.Error != nil {
		typ := b.Error.ErrorType
		if typ == "" {
			typ = "Error"
		}
		out.fnErr = true
		out.errMsg = b.Error.ErrorMessage
		out.payload = mustJSON(errorBody{ErrorMessage: b.Error.ErrorMessage, ErrorType: typ, StackTrace: []string{}})
		out.value = mustDecode(out.payload)
		return out, nil
	}
	v, err := normalize(b.Returns)
	if err != nil {
		return behavior{}, fmt.Errorf("%s: returns: %v", where, err)
	}
	if out.payload, err = marshalJSON(v); err != nil {
		return behavior{}, fmt.Errorf("%s: returns: %v", where, err)
	}
	// Decoding our own encoding gives Value the same numbers (float64) and shapes a caller
	// decoding Payload would get.
	out.value = mustDecode(out.payload)
	return out, nil
}

// normalize turns what a YAML decoder may produce (map[any]any, ints of any width) into
// values encoding/json accepts, and rejects what JSON cannot hold.
func normalize(v any) (any, error) {
	switch x := v.(type) {
	case nil, string, bool, float64, float32,
		int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
			return nil, fmt.Errorf("%v is not a JSON number", f)
		}
		return v, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			n, err := normalize(e)
			if err != nil {
				return nil, err
			}
			out[k] = n
		}
		return out, nil
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			n, err := normalize(e)
			if err != nil {
				return nil, err
			}
			out[fmt.Sprint(k)] = n
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			n, err := normalize(e)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out, nil
	case map[string]string:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = e
		}
		return out, nil
	case time.Time, time.Duration:
		return fmt.Sprint(x), nil
	}
	return nil, fmt.Errorf("a %T cannot be written as JSON", v)
}

// caseRule is one compiled case for one version.
type caseRule struct {
	conds []condition
	b     behavior
}

// matches reports whether every condition holds for the decoded event.
func (c *caseRule) matches(doc any) bool {
	for i := range c.conds {
		if !c.conds[i].holds(doc) {
			return false
		}
	}
	return true
}

// isVersionNumber reports whether q looks like a published version: Lambda numbers versions 1, 2, 3, …
func isVersionNumber(q string) bool {
	if q == "" || q[0] == '0' {
		return false
	}
	for i := 0; i < len(q); i++ {
		if q[i] < '0' || q[i] > '9' {
			return false
		}
	}
	return true
}

// compileFunction builds a function from its (private) spec. When old is given, run-time
// state (environments, in-flight executions, counters) carries over by version name.
func compileFunction(spec *model.Function, old *function, runnerFor func(string, *codeSpec) (runner, error)) (*function, error) {
	name := spec.FunctionName
	where := "function " + name
	f := &function{
		spec:      spec,
		timeout:   time.Duration(spec.Timeout),
		coldStart: time.Duration(spec.ColdStart),
		limit:     AccountConcurrency,
		versions:  make(map[string]*version, len(spec.Versions)),
		aliases:   make(map[string]*alias, len(spec.Aliases)),
		states:    make(map[string]*versionState),
	}
	if old != nil {
		f.inflight = old.inflight
		f.states = old.states
	}
	switch {
	case f.timeout < 0:
		return nil, posErrorf(spec.Pos, "%s: timeout cannot be negative", where)
	case f.coldStart < 0:
		return nil, posErrorf(spec.Pos, "%s: coldStart cannot be negative", where)
	}
	if rc := spec.ReservedConcurrency; rc != nil {
		if *rc < 0 {
			return nil, posErrorf(spec.Pos, "%s: reservedConcurrency cannot be negative", where)
		}
		// Reserved concurrency 0 is Lambda's way to stop a function: every call throttles.
		f.limit, f.reserved = *rc, true
	}

	// Cases are compiled once for their conditions, then resolved per version below.
	type rawCase struct {
		conds []condition
		c     *model.Case
	}
	cases := make([]rawCase, 0, len(spec.Cases))
	for i, c := range spec.Cases {
		if c == nil {
			continue
		}
		conds, err := compileWhen(c.When)
		if err != nil {
			return nil, posErrorf(c.Pos, "%s: case %d: %v", where, i+1, err)
		}
		cases = append(cases, rawCase{conds: conds, c: c})
	}

	build := func(vname string, b model.Behavior, vwhere string, mv *model.Version) (*version, error) {
		base, err := compileBehavior(b, vwhere)
		if err != nil {
			return nil, err
		}
		v := &version{name: vname, base: base}
		if c := codeFor(spec, mv); c != nil {
			if v.run, err = runnerFor(name, c); err != nil {
				return nil, posErrorf(spec.Pos, "%s: %v", vwhere, err)
			}
		}
		for i, rc := range cases {
			cb, err := compileBehavior(inherit(rc.c.Behavior, b), fmt.Sprintf("%s case %d", vwhere, i+1))
			if err != nil {
				return nil, err
			}
			v.cases = append(v.cases, caseRule{conds: rc.conds, b: cb})
		}
		if v.state = f.states[vname]; v.state == nil {
			v.state = &versionState{}
			f.states[vname] = v.state
		}
		return v, nil
	}

	var err error
	if f.latest, err = build(Latest, spec.Behavior, where, nil); err != nil {
		return nil, err
	}
	for _, mv := range spec.Versions {
		if mv == nil {
			continue
		}
		if !isVersionNumber(mv.Version) {
			return nil, posErrorf(mv.Pos, "%s: version %q: Lambda versions are numbers 1, 2, 3, …", where, mv.Version)
		}
		if f.versions[mv.Version] != nil {
			return nil, posErrorf(mv.Pos, "%s: version %s is declared twice", where, mv.Version)
		}
		v, err := build(mv.Version, inherit(mv.Behavior, spec.Behavior), where+" version "+mv.Version, mv)
		if err != nil {
			return nil, err
		}
		f.versions[mv.Version] = v
	}

	// Sorted alias names make error reports independent of map order.
	names := make([]string, 0, len(spec.Aliases))
	for n := range spec.Aliases {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, an := range names {
		a, err := f.compileAlias(an, spec.Aliases[an], where)
		if err != nil {
			return nil, err
		}
		f.aliases[an] = a
	}
	return f, nil
}

// target finds a version by qualifier for alias routing.
func (f *function) target(q string) *version {
	if q == Latest {
		return f.latest
	}
	return f.versions[q]
}

func (f *function) compileAlias(name string, t *model.AliasTarget, where string) (*alias, error) {
	awhere := where + " alias " + name
	if name == "" || name == Latest || isVersionNumber(name) {
		// Lambda's alias name pattern excludes all-digit names so they cannot shadow versions.
		return nil, fmt.Errorf("%s: an alias name cannot be empty, $LATEST or a number", awhere)
	}
	if t == nil {
		return nil, fmt.Errorf("%s: no target version", awhere)
	}
	if len(t.Weights) == 0 {
		if t.Version == "" {
			return nil, posErrorf(t.Pos, "%s: no target version", awhere)
		}
		v := f.target(t.Version)
		if v == nil {
			return nil, posErrorf(t.Pos, "%s points at version %s, which does not exist", awhere, t.Version)
		}
		return &alias{targets: []*version{v}, cum: []float64{1}}, nil
	}
	if t.Version != "" {
		return nil, posErrorf(t.Pos, "%s: give either one version or weights, not both", awhere)
	}
	vs := make([]string, 0, len(t.Weights))
	for q := range t.Weights {
		vs = append(vs, q)
	}
	// Numeric order fixes which RNG draw maps to which version, whatever the map order.
	sort.Slice(vs, func(i, j int) bool { return versionLess(vs[i], vs[j]) })
	a := &alias{}
	sum := 0.0
	for _, q := range vs {
		w := t.Weights[q]
		if q == Latest {
			return nil, posErrorf(t.Pos, "%s: $LATEST is not supported for an alias pointing to more than 1 version", awhere)
		}
		v := f.target(q)
		if v == nil {
			return nil, posErrorf(t.Pos, "%s points at version %s, which does not exist", awhere, q)
		}
		if w < 0 || w > 1 || math.IsNaN(w) {
			return nil, posErrorf(t.Pos, "%s: weight %v of version %s is not between 0 and 1", awhere, w, q)
		}
		sum += w
		a.targets = append(a.targets, v)
		a.cum = append(a.cum, sum)
	}
	if math.Abs(sum-1) > 0.001 { // the same tolerance as the workspace validator
		return nil, posErrorf(t.Pos, "%s: weights add up to %s, not 1", awhere, strconv.FormatFloat(sum, 'g', -1, 64))
	}
	return a, nil
}

// Change is a run-time edit of a function (the control-plane verb behind scenario events
// such as `set-function --function-name getPet --latency 31s`). Nil fields are left as they
// are; the Clear flags remove a setting.
type Change struct {
	// Qualifier selects what to edit: "" or "$LATEST" edits the function's own behaviour,
	// which every version that does not set the field itself inherits (a simulation
	// convenience: in AWS, published versions are immutable); a version number edits only
	// that version. Aliases have no behaviour of their own.
	Qualifier string
	// Returns replaces the returned value; point at a nil any to return JSON null.
	Returns *any
	// Error makes the handler raise; it takes precedence over Echo and Returns.
	Error *model.FunctionError
	// ClearError stops the handler raising.
	ClearError bool
	// Echo turns echoing the event on or off; it takes precedence over Returns.
	Echo *bool
	// Latency replaces the handler latency.
	Latency *model.Latency
	// ClearLatency removes the latency (the version then inherits, the function takes 0).
	ClearLatency bool
	// Timeout replaces the function timeout (0 removes it); function-level only.
	Timeout *time.Duration
	// ColdStart replaces the cold-start penalty; function-level only.
	ColdStart *time.Duration
	// ReservedConcurrency sets reserved concurrency (put-function-concurrency; 0 throttles
	// every call); function-level only.
	ReservedConcurrency *int
	// ClearReservedConcurrency removes reserved concurrency (delete-function-concurrency).
	ClearReservedConcurrency bool
	// Aliases replaces alias targets by name (update-alias, e.g. to shift routing weights);
	// a nil target deletes the alias; function-level only.
	Aliases map[string]*model.AliasTarget
}

// Set applies a Change to a function. It is all or nothing: if the result would be invalid
// the function is left untouched. Execution environments, in-flight executions and
// counters survive the change, as they do when an AWS configuration update is applied.
func (s *Service) Set(name string, c Change) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.fns[name]
	if f == nil {
		return &NotFoundError{ARN: s.ARN(name, c.Qualifier)}
	}
	spec := *f.spec // shallow copy; anything edited below is copied first

	var b *model.Behavior
	switch q := c.Qualifier; {
	case q == "" || q == Latest:
		b = &spec.Behavior
	case f.versions[q] != nil:
		if c.Timeout != nil || c.ColdStart != nil || c.ReservedConcurrency != nil ||
			c.ClearReservedConcurrency || c.Aliases != nil {
			return fmt.Errorf("function %s: timeout, coldStart, reserved concurrency and aliases are function settings; set them without a qualifier", name)
		}
		spec.Versions = append([]*model.Version(nil), spec.Versions...)
		for i, v := range spec.Versions {
			if v != nil && v.Version == q {
				cp := *v
				spec.Versions[i] = &cp
				b = &cp.Behavior
			}
		}
	default:
		return &NotFoundError{ARN: s.ARN(name, q)}
	}

	if c.Returns != nil {
		b.Returns = *c.Returns
	}
	if c.ClearError {
		b.Error = nil
	}
	if c.Error != nil {
		e := *c.Error
		b.Error = &e
	}
	if c.Echo != nil {
		b.Echo = *c.Echo
	}
	if c.ClearLatency {
		b.Latency = nil
	}
	if c.Latency != nil {
		l := *c.Latency
		b.Latency = &l
	}
	if c.Timeout != nil {
		spec.Timeout = model.Duration(*c.Timeout)
	}
	if c.ColdStart != nil {
		spec.ColdStart = model.Duration(*c.ColdStart)
	}
	if c.ClearReservedConcurrency {
		spec.ReservedConcurrency = nil
	}
	if c.ReservedConcurrency != nil {
		rc := *c.ReservedConcurrency
		spec.ReservedConcurrency = &rc
	}
	if c.Aliases != nil {
		aliases := make(map[string]*model.AliasTarget, len(spec.Aliases)+len(c.Aliases))
		for k, v := range spec.Aliases {
			aliases[k] = v
		}
		for k, v := range c.Aliases {
			if v == nil {
				delete(aliases, k)
			} else {
				aliases[k] = v
			}
		}
		spec.Aliases = aliases
	}

	nf, err := compileFunction(&spec, f, s.runnerFor)
	if err != nil {
		return err
	}
	s.fns[name] = nf
	return nil
}
