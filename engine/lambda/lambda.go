// Package lambda simulates AWS Lambda functions in virtual time: versions, aliases with
// weighted routing, behaviour cases, latency distributions, function timeouts, cold starts
// and reserved concurrency. Nothing here sleeps: an invocation at a virtual instant returns
// at once with the duration it would have taken, so replays of millions of requests stay
// fast and deterministic (same workspace + same seed + same call sequence ⇒ same results).
//
// Payload shapes are Lambda's own, so what API Gateway's integration code sees is what a
// real integration would see:
//
//   - handler error (Invoke answers 200 with X-Amz-Function-Error: Unhandled):
//     {"errorMessage":"…","errorType":"…","stackTrace":[]} — the "standard Lambda error"
//     shape of the API Gateway developer guide (handle-errors-in-lambda-integration);
//   - function timeout: {"errorType":"Sandbox.Timedout","errorMessage":"RequestId: <id>
//     Error: Task timed out after 3.00 seconds"} — recorded against real AWS in LocalStack's
//     tests/aws/services/lambda_/test_lambda.snapshot.json (test_lambda_invoke_with_timeout,
//     2025-11);
//   - throttling (Invoke answers 429, x-amzn-ErrorType TooManyRequestsException):
//     {"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."};
//   - unknown function or qualifier (404 ResourceNotFoundException):
//     "Function not found: arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]".
package lambda

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"apigwlab/engine/model"
)

// Defaults used when New is given an empty region or account, matching model.Workspace.
const (
	DefaultRegion    = "us-east-1"
	DefaultAccountID = "123456789012"
)

// AccountConcurrency is Lambda's default per-Region concurrency quota, the ceiling for a
// function without reserved concurrency. Simplification: each unreserved function gets the
// whole quota rather than sharing it with the account's other functions.
const AccountConcurrency = 1000

// Latest is the qualifier of the unpublished function version.
const Latest = "$LATEST"

// FunctionErrorUnhandled is the X-Amz-Function-Error value Lambda sets when a handler raises or times out.
const FunctionErrorUnhandled = "Unhandled"

// Service holds the simulated functions of a workspace; it is safe for concurrent use.
type Service struct {
	mu      sync.Mutex
	region  string
	account string
	seed    uint64
	rng     *rand.Rand
	seq     uint64 // invocations so far; feeds deterministic request ids
	// epoch is the first invocation's Now. Instants are kept as int64 nanoseconds from it:
	// cheap to compare and allocation-free in the heaps, exact within ±292 years of it
	// (Sub saturates beyond), whatever instant the virtual clock starts at — even the zero
	// time, where UnixNano would overflow.
	epoch    time.Time
	anchored bool
	fns      map[string]*function
	opts     Options
	// runners run code functions, shared by versions with the same code and kept across Set.
	runners map[string]runner
	// conns is the @connections API code functions call (SetConnections).
	conns Connections
}

// Invocation is one synchronous (RequestResponse) invocation.
type Invocation struct {
	// Function is the function name.
	Function string
	// Qualifier is "" or "$LATEST", a version ("3"), or an alias ("live").
	Qualifier string
	// Event builds the JSON event. It is called at most once, and only when the behaviour
	// needs the event (echo, or cases to match), so a plain `returns` costs no event encoding.
	// It runs with the Service locked, so it must not call back into the Service.
	Event func() []byte
	// Source builds the event when Event is nil: a caller that already lives on the heap
	// passes itself here, which costs no closure allocation per invocation.
	Source EventSource
	// Proxy tells echo to answer as a Lambda proxy integration expects:
	// {"statusCode":200,"headers":{"Content-Type":"application/json"},"body":"<event JSON>"}.
	Proxy bool
	// Now is the virtual instant the invocation starts. Calls are expected in non-decreasing
	// Now order (a replay's are; serve's real clock nearly is): executions that have ended by
	// Now are forgotten, so a call from the past may see fewer of them in flight.
	Now time.Time
	// RequestID is Lambda's request id, used in the timeout message. Empty: a deterministic
	// id is derived from the seed and the invocation's position in the call sequence.
	RequestID string
}

// Result is what Invoke returned. Payload and Value may be shared with other results:
// callers must not modify them.
type Result struct {
	// Payload is the response payload: the handler's JSON, Lambda's error JSON, or the
	// throttling error body.
	Payload []byte
	// Value is Payload decoded into JSON-compatible Go values; nil when Payload is JSON null.
	Value any
	// Static reports that Payload and Value are the behaviour's precomputed answer, the same
	// slice every time until the behaviour changes, so callers may cache what they derive
	// from it (keyed by the slice, which they must keep referenced).
	Static bool
	// FunctionError is "" or "Unhandled" (the X-Amz-Function-Error header).
	FunctionError string
	// ErrorMessage is the errorMessage of a handler error or timeout: what API Gateway
	// matches an integration response's selectionPattern against.
	ErrorMessage string
	// Duration is the execution time, cold start included; 0 when throttled.
	Duration time.Duration
	// ColdStart reports that a new execution environment was initialised.
	ColdStart bool
	// ExecutedVersion is the version that ran ("$LATEST", "3", …) after alias routing; ""
	// when throttled, as Lambda sends no X-Amz-Executed-Version then.
	ExecutedVersion string
	// Throttled reports the invocation was rejected because the function's concurrency was
	// exhausted (Lambda answers 429 TooManyRequestsException "Rate Exceeded.").
	Throttled bool
	// TimedOut reports the handler ran past the function's Timeout.
	TimedOut bool
	// Logs are a code function's log lines for this invocation (console.log, stderr),
	// formatted as Lambda writes them to CloudWatch Logs.
	Logs []string
	// Note explains a code function's surprising answer (a plain return value Node ignored).
	Note string
	// Pushes are a declared function's @connections posts (its pushes:), resolved against
	// the event, for a WebSocket API to make; nil for code functions, which call
	// @connections themselves while they run.
	Pushes []Push
}

// NotFoundError is Lambda's ResourceNotFoundException for an unknown function or qualifier.
type NotFoundError struct {
	// ARN is the function ARN that was asked for, with its qualifier if one was given.
	ARN string
}

// Error returns Lambda's own message: "Function not found: <arn>".
func (e *NotFoundError) Error() string { return "Function not found: " + e.ARN }

// ErrorType returns the Lambda API error code (the x-amzn-ErrorType Lambda sends with HTTP 404).
func (e *NotFoundError) ErrorType() string { return "ResourceNotFoundException" }

// New builds the simulated functions. It reports the first configuration error found: a
// duplicate function or version, an alias pointing at a missing version, bad routing
// weights, a bad latency or JSONPath, a value that cannot be JSON.
//
// Code functions (JavaScript, Runtime API commands) run as opts says; their runners start
// lazily, and Close stops them.
func New(fns []*model.Function, region, accountID string, seed uint64, opts ...Options) (*Service, error) {
	if region == "" {
		region = DefaultRegion
	}
	if accountID == "" {
		accountID = DefaultAccountID
	}
	s := &Service{
		region:  region,
		account: accountID,
		seed:    seed,
		// The second PCG word is fixed so that the stream depends on the seed alone.
		rng:     rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)),
		fns:     make(map[string]*function, len(fns)),
		runners: map[string]runner{},
	}
	if len(opts) > 0 {
		s.opts = opts[0]
	}
	for _, mf := range fns {
		if mf == nil {
			continue
		}
		if mf.FunctionName == "" {
			return nil, posErrorf(mf.Pos, "function without functionName")
		}
		if prev, dup := s.fns[mf.FunctionName]; dup {
			first := ""
			if ps := posString(prev.spec.Pos); ps != "" {
				first = " (first at " + ps + ")"
			}
			return nil, posErrorf(mf.Pos, "function %s is declared twice%s", mf.FunctionName, first)
		}
		spec := *mf // our own copy: Set edits it, never the caller's model
		f, err := compileFunction(&spec, nil, s.runnerFor)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.fns[mf.FunctionName] = f
	}
	return s, nil
}

// ARN returns the function ARN, with ":qualifier" appended when a qualifier is given.
func (s *Service) ARN(name, qualifier string) string {
	arn := "arn:" + partition(s.region) + ":lambda:" + s.region + ":" + s.account + ":function:" + name
	if qualifier != "" {
		arn += ":" + qualifier
	}
	return arn
}

// Exists reports whether a function exists and, when a qualifier is given, whether that
// version or alias exists too.
func (s *Service) Exists(name, qualifier string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.fns[name]
	if f == nil {
		return false
	}
	switch {
	case qualifier == "" || qualifier == Latest:
		return true
	case f.versions[qualifier] != nil:
		return true
	default:
		return f.aliases[qualifier] != nil
	}
}

// Invoke runs one invocation in virtual time: it never sleeps. The only error is a
// *NotFoundError for an unknown function or qualifier; throttling, handler errors and
// timeouts are results, as they are in Lambda's Invoke API.
func (s *Service) Invoke(inv *Invocation) (Result, error) {
	s.mu.Lock()
	s.seq++
	f, v, err := s.route(inv)
	if err != nil {
		s.mu.Unlock()
		return Result{}, err
	}
	if v.run != nil {
		return s.invokeCode(f, v, inv) // releases s.mu
	}
	defer s.mu.Unlock()

	// Choose the behaviour. The event is built and decoded only when a case has to look at it,
	// which keeps the plain-returns path free of allocations.
	var event []byte
	haveEvent := false
	b := &v.base
	if len(v.cases) > 0 {
		event, haveEvent = callEvent(inv), true
		if doc, ok := decodeForMatch(event); ok {
			for i := range v.cases {
				if v.cases[i].matches(doc) {
					b = &v.cases[i].b
					break
				}
			}
		}
	}

	now, throttled := s.admit(f, v, inv.Now)
	if throttled {
		return throttleResult(f), nil
	}
	st := v.state
	pushes := b.staticPushes
	if b.staticPushes == nil && len(b.pushes) > 0 {
		if !haveEvent {
			event, haveEvent = callEvent(inv), true
		}
		doc, _ := decodeForMatch(event)
		pushes = resolvePushes(b.pushes, doc)
	}

	warm := len(st.envs) > 0 && st.envs[0] <= now
	handler := b.lat.draw(s.rng)
	timedOut := false
	if f.timeout > 0 && handler > f.timeout {
		handler, timedOut = f.timeout, true
	}
	// The function timeout bounds the handler (Invoke phase); initialisation is a separate
	// phase with its own limit in Lambda, so a cold start is added on top rather than
	// eating into the timeout.
	d := handler
	if !warm {
		d += f.coldStart
	}
	end := now + int64(d)
	if warm {
		st.envs.replaceMin(end)
	} else {
		st.envs.push(end)
	}
	f.inflight.push(end)

	r := Result{
		Duration:        d,
		ColdStart:       !warm && f.coldStart > 0,
		ExecutedVersion: v.name,
		Pushes:          pushes,
	}
	st.invocations++
	if r.ColdStart {
		st.coldStarts++
	}
	switch {
	case timedOut:
		st.timeOut(&r, s.requestID(inv), f.timeout)
	case b.fnErr:
		st.errors++
		r.FunctionError = FunctionErrorUnhandled
		r.ErrorMessage = b.errMsg
		r.Payload, r.Value, r.Static = b.payload, b.value, true
	case b.echo:
		if !haveEvent {
			event = callEvent(inv)
		}
		r.Payload, r.Value = echoPayload(event, inv.Proxy)
	default:
		r.Payload, r.Value, r.Static = b.payload, b.value, true
	}
	return r, nil
}

// admit places an invocation in time and decides throttling: Lambda counts executions in
// flight per function (all versions share the reserved concurrency), so throttling is
// decided before any environment is chosen. now is nanoseconds since the epoch.
func (s *Service) admit(f *function, v *version, at time.Time) (now int64, throttled bool) {
	if !s.anchored {
		s.epoch, s.anchored = at, true
	}
	now = int64(at.Sub(s.epoch))
	f.inflight.expire(now)
	if len(f.inflight) >= f.limit {
		v.state.throttles++
		return now, true
	}
	return now, false
}

// throttleResult is Lambda's 429 answer for a function whose concurrency is used up.
func throttleResult(f *function) Result {
	r := Result{Throttled: true}
	if f.reserved {
		r.Payload, r.Value = throttleReservedPayload, throttleReservedValue
	} else {
		r.Payload, r.Value = throttleAccountPayload, throttleAccountValue
	}
	return r
}

// route finds the function and the version an invocation runs (alias routing included).
func (s *Service) route(inv *Invocation) (*function, *version, error) {
	f := s.fns[inv.Function]
	if f == nil {
		return nil, nil, &NotFoundError{ARN: s.ARN(inv.Function, inv.Qualifier)}
	}
	v := f.latest
	if q := inv.Qualifier; q != "" && q != Latest {
		if a := f.aliases[q]; a != nil {
			v = a.pick(s.rng)
		} else if v = f.versions[q]; v == nil {
			return nil, nil, &NotFoundError{ARN: s.ARN(inv.Function, q)}
		}
	}
	return f, v, nil
}

// EventSource builds an invocation's JSON event on demand.
type EventSource interface {
	LambdaEvent() []byte
}

// callEvent builds the event. An empty one is {}: Lambda's Invoke with no payload hands the
// function an empty object (LS snapshot test_apigw_test_invoke_method_api, recorded against
// AWS: a GET without body on an AWS integration, the Node.js function saw {}).
func callEvent(inv *Invocation) []byte {
	var ev []byte
	switch {
	case inv.Event != nil:
		ev = inv.Event()
	case inv.Source != nil:
		ev = inv.Source.LambdaEvent()
	}
	if len(ev) > 0 {
		return ev
	}
	return emptyObjectJSON
}

// requestID returns the invocation's Lambda request id: the caller's, or a UUID-shaped id
// derived from the seed and the call position so that replays print the same text.
func (s *Service) requestID(inv *Invocation) string {
	if inv.RequestID != "" {
		return inv.RequestID
	}
	a := splitmix64(s.seed ^ splitmix64(s.seq))
	return uuidFrom(a, splitmix64(a))
}

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// FunctionStats counts what happened to one executed version of a function.
type FunctionStats struct {
	Function    string
	Version     string // "$LATEST", "3", …
	Invocations int    // executions (throttled calls excluded)
	ColdStarts  int
	Errors      int // handler errors and timeouts
	TimedOut    int
	Throttled   int // calls rejected after routing to this version
}

// Stats returns the counters of every version that was invoked or throttled, sorted by
// function name, then $LATEST, then version number.
func (s *Service) Stats() []FunctionStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []FunctionStats
	for name, f := range s.fns {
		for vname, st := range f.states {
			if st.invocations == 0 && st.throttles == 0 {
				continue
			}
			out = append(out, FunctionStats{
				Function:    name,
				Version:     vname,
				Invocations: st.invocations,
				ColdStarts:  st.coldStarts,
				Errors:      st.errors,
				TimedOut:    st.timeouts,
				Throttled:   st.throttles,
			})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Function != out[j].Function {
			return out[i].Function < out[j].Function
		}
		return versionLess(out[i].Version, out[j].Version)
	})
	return out
}

// versionLess orders $LATEST first, then versions numerically.
func versionLess(a, b string) bool {
	if a == Latest || b == Latest {
		return a == Latest && b != Latest
	}
	if len(a) != len(b) { // both are digit strings without leading zeros in practice
		return len(a) < len(b)
	}
	return a < b
}

// partition maps a Region to its ARN partition, so China and GovCloud ARNs look right.
func partition(region string) string {
	switch {
	case len(region) >= 3 && region[:3] == "cn-":
		return "aws-cn"
	case len(region) >= 7 && region[:7] == "us-gov-":
		return "aws-us-gov"
	}
	return "aws"
}

var nullJSON = []byte("null")

var emptyObjectJSON = []byte("{}")

// Lambda's 429 body: Reason tells reserved-concurrency throttling apart from the account
// (unreserved) limit.
var (
	throttleReservedPayload = []byte(`{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}`)
	throttleAccountPayload  = []byte(`{"Reason":"ConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}`)
	throttleReservedValue   = mustDecode(throttleReservedPayload)
	throttleAccountValue    = mustDecode(throttleAccountPayload)
)

// timeoutBody keeps Lambda's key order: errorType first.
type timeoutBody struct {
	ErrorType    string `json:"errorType"`
	ErrorMessage string `json:"errorMessage"`
}

// errorBody is the standard Lambda error document.
type errorBody struct {
	ErrorMessage string   `json:"errorMessage"`
	ErrorType    string   `json:"errorType"`
	StackTrace   []string `json:"stackTrace"`
}

// proxyEcho is the proxy response echo returns, in the key order the docs show.
type proxyEcho struct {
	StatusCode int               `json:"statusCode"`
	Headers    map[string]string `json:"headers"`
	Body       string            `json:"body"`
}

// echoPayload returns the event itself, or for a proxy caller a 200 response carrying it.
func echoPayload(event []byte, proxy bool) ([]byte, any) {
	if !proxy {
		return event, decodeLoose(event)
	}
	body := string(event)
	payload := mustJSON(proxyEcho{
		StatusCode: 200,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       body,
	})
	return payload, map[string]any{
		"statusCode": float64(200),
		"headers":    map[string]any{"Content-Type": "application/json"},
		"body":       body,
	}
}

// marshalJSON encodes like a Node or Python handler would: no HTML escaping of <, > and &.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// mustJSON encodes values built here from strings and ints, which cannot fail.
func mustJSON(v any) []byte {
	b, err := marshalJSON(v)
	if err != nil {
		panic("lambda: " + err.Error())
	}
	return b
}

// mustDecode decodes JSON this package produced itself.
func mustDecode(b []byte) any {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		panic("lambda: " + err.Error())
	}
	return v
}

// decodeLoose decodes an event for Result.Value; an event that is not JSON gives nil.
func decodeLoose(b []byte) any {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return nil
	}
	return v
}

// posErrorf prefixes a message with the file position it concerns, when known.
func posErrorf(p model.Pos, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if ps := posString(p); ps != "" {
		return fmt.Errorf("%s: %s", ps, msg)
	}
	return fmt.Errorf("%s", msg)
}

func posString(p model.Pos) string {
	switch {
	case p.File != "" && p.Line > 0:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("line %d:%d", p.Line, p.Col)
	case p.File != "":
		return p.File
	}
	return ""
}
