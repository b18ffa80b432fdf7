package lambda

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"apigwlab/engine/model"
)

// Options configure how code functions run. The zero value suits tests of declared
// functions.
type Options struct {
	// Dir is the directory handler files and relative commands are found in: the
	// workspace's directory. Empty: the current directory.
	Dir string
	// DeclaredTime makes a code function's simulated duration its declared latency (or,
	// with latency: measured, the time its code took) and its cold starts the simulated
	// ones, as replays and labs need for deterministic reports. Unset, the real duration
	// counts (invoke, serve, the TUI).
	DeclaredTime bool
}

// DefaultCodeTimeout bounds a code function that sets no timeout: AWS's own default. A
// declared function without timeout has none, but code could run forever.
const DefaultCodeTimeout = 3 * time.Second

// MaxResponseBytes is Lambda's limit on a synchronous response payload, the number its
// error message names ("… maximum allowed payload size (6291556 bytes).").
const MaxResponseBytes = 6291556

// maxLogBytes bounds what one invocation may log into the trace; more is cut with a note.
const maxLogBytes = 256 * 1024

// runner executes a code function's invocations. Implementations are safe for concurrent
// use: each keeps a pool of execution environments (JavaScript runtimes, processes), one
// invocation at a time per environment, as Lambda does.
type runner interface {
	run(in *runInput) runOutput
	close()
}

// runInput is one invocation handed to a runner.
type runInput struct {
	event     []byte
	requestID string
	arn       string // the invoked function ARN, qualifier included
	version   string
	timeout   time.Duration
	now       time.Time // engine time the invocation starts, for log timestamps
	traceID   string
	conns     Connections // the @connections API the SDK shim calls; nil: none
}

// runOutput is what the code did.
type runOutput struct {
	payload  []byte // the response, or the error document
	fnErr    bool   // payload is an error document (X-Amz-Function-Error: Unhandled)
	errMsg   string // its errorMessage
	timedOut bool
	discard  bool          // the environment is not reused (stopped mid-handler)
	cold     bool          // a new execution environment was initialised
	elapsed  time.Duration // real time, initialisation included
	logs     []string
	note     string // what a learner should know about this answer (Result.Note)
}

// codeSpec is what one version runs.
type codeSpec struct {
	runtime, handler, source, command string
	env                               map[string]string
	memoryMB                          int
}

// key identifies a runner: versions with the same code share one, and Set keeps it.
func (c codeSpec) key(fn string) string {
	var b strings.Builder
	b.WriteString(fn)
	for _, p := range []string{c.runtime, c.handler, c.source, c.command, strconv.Itoa(c.memoryMB)} {
		b.WriteByte(0)
		b.WriteString(p)
	}
	for _, k := range slices.Sorted(maps.Keys(c.env)) {
		b.WriteString("\x00" + k + "=" + c.env[k])
	}
	return b.String()
}

// codeFor resolves the code a version runs: its pinned handler or source, else the function's.
func codeFor(spec *model.Function, v *model.Version) *codeSpec {
	if !spec.Code.IsCode() {
		return nil
	}
	c := &codeSpec{runtime: spec.Runtime, handler: spec.Handler, source: spec.Source,
		command: spec.Command, env: spec.Environment, memoryMB: spec.MemorySize}
	if v != nil && (v.Handler != "" || v.Source != "") {
		c.handler, c.source = v.Handler, v.Source
	}
	if c.memoryMB == 0 {
		c.memoryMB = 128
	}
	return c
}

// runnerFor returns the shared runner for a version's code, building it on first use.
func (s *Service) runnerFor(fn string, c *codeSpec) (runner, error) {
	k := c.key(fn)
	if r := s.runners[k]; r != nil {
		return r, nil
	}
	var (
		r   runner
		err error
	)
	if c.command != "" {
		r, err = newProcessRunner(fn, c, s)
	} else {
		r, err = newJSRunner(fn, c, s)
	}
	if err != nil {
		return nil, err
	}
	s.runners[k] = r
	return r, nil
}

// Close stops every code function's execution environments (processes included). The
// Service still answers declared functions afterwards; code functions start afresh.
func (s *Service) Close() {
	s.mu.Lock()
	rs := s.runners
	s.runners = map[string]runner{}
	s.mu.Unlock()
	for _, r := range rs {
		r.close()
	}
}

// resolvePath makes a workspace-relative path absolute.
func (s *Service) resolvePath(p string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(s.opts.Dir, p)
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// invokeCode runs a code function. It is called with s.mu held and releases it while the
// code runs, so other functions (and other environments of this one) run meanwhile.
func (s *Service) invokeCode(f *function, v *version, inv *Invocation) (Result, error) {
	now, throttled := s.admit(f, v, inv.Now)
	if throttled {
		s.mu.Unlock()
		return throttleResult(f), nil
	}
	st := v.state
	timeout := f.timeout
	if timeout == 0 {
		timeout = DefaultCodeTimeout
	}
	// The slot is held until the code answers: an execution that cannot end later than its
	// timeout plus a generous initialisation.
	reserve := now + int64(timeout) + int64(time.Minute)
	f.inflight.push(reserve)
	in := &runInput{
		event:     callEvent(inv),
		requestID: s.requestID(inv),
		arn:       s.ARN(inv.Function, inv.Qualifier),
		version:   v.name,
		timeout:   timeout,
		now:       inv.Now,
		conns:     s.conns,
	}
	if ts, ok := inv.Source.(TraceIDSource); ok {
		in.traceID = ts.LambdaTraceID()
	}
	virtualWarm := len(st.envs) > 0 && st.envs[0] <= now
	declared := time.Duration(0)
	if s.opts.DeclaredTime && !v.base.lat.measured {
		declared = v.base.lat.draw(s.rng)
	}
	run := v.run
	s.mu.Unlock()

	out := run.run(in)

	s.mu.Lock()
	defer s.mu.Unlock()
	if cur := s.fns[inv.Function]; cur != nil {
		f = cur // Set may have replaced the function while the code ran
	}
	f.inflight.remove(reserve)

	d, cold, timedOut := out.elapsed, out.cold, out.timedOut
	if s.opts.DeclaredTime {
		cold = !virtualWarm
		d = declared
		if v.base.lat.measured {
			d = out.elapsed
		}
		if d > timeout {
			d, timedOut = timeout, true
		}
		if cold {
			d += f.coldStart
		}
	} else if timedOut {
		d = timeout
	}
	end := now + int64(d)
	if !cold && len(st.envs) > 0 {
		st.envs.replaceMin(end)
	} else {
		st.envs.push(end)
	}
	f.inflight.push(end)

	r := Result{Duration: d, ColdStart: cold, ExecutedVersion: v.name, Logs: out.logs, Note: out.note}
	st.invocations++
	if cold {
		st.coldStarts++
	}
	switch {
	case timedOut:
		st.timeOut(&r, in.requestID, timeout)
	case out.fnErr:
		st.errors++
		r.FunctionError = FunctionErrorUnhandled
		r.ErrorMessage = out.errMsg
		r.Payload = out.payload
	default:
		r.Payload = out.payload
	}
	r.Value = decodeLoose(r.Payload)
	return r, nil
}

// TraceIDSource is an EventSource that also knows the request's X-Ray trace id
// ("Root=1-…"), which a Runtime API process gets in Lambda-Runtime-Trace-Id.
type TraceIDSource interface {
	LambdaTraceID() string
}

// timeOut makes r Lambda's answer for a function timeout and counts it.
func (st *versionState) timeOut(r *Result, requestID string, timeout time.Duration) {
	st.timeouts++
	st.errors++
	r.TimedOut = true
	r.FunctionError = FunctionErrorUnhandled
	r.ErrorMessage = timeoutMessage(requestID, timeout)
	r.Value = map[string]any{"errorType": "Sandbox.Timedout", "errorMessage": r.ErrorMessage}
	r.Payload = mustJSON(timeoutBody{ErrorType: "Sandbox.Timedout", ErrorMessage: r.ErrorMessage})
}

// timeoutMessage is Lambda's errorMessage for a function timeout.
func timeoutMessage(requestID string, timeout time.Duration) string {
	return "RequestId: " + requestID + " Error: Task timed out after " +
		strconv.FormatFloat(timeout.Seconds(), 'f', 2, 64) + " seconds"
}

// errorDoc is a runtime-level error document (Runtime.*, Function.*), in Lambda's key order.
type errorDoc struct {
	ErrorType    string `json:"errorType"`
	ErrorMessage string `json:"errorMessage"`
}

// runtimeError builds a function error output from a runtime-level failure.
func runtimeError(typ, msg string) runOutput {
	return runOutput{payload: mustJSON(errorDoc{ErrorType: typ, ErrorMessage: msg}), fnErr: true, errMsg: msg}
}

// logLine formats one function log line as Lambda's Node runtime writes it:
// "2026-03-01T12:00:00.000Z\t<request id>\tINFO\tmessage".
func logLine(at time.Time, requestID, level, msg string) string {
	return at.UTC().Format("2006-01-02T15:04:05.000Z") + "\t" + requestID + "\t" + level + "\t" + msg
}

// logBuffer collects an invocation's log lines up to maxLogBytes.
type logBuffer struct {
	lines []string
	size  int
	cut   bool
}

func (b *logBuffer) add(line string) {
	if b.cut {
		return
	}
	if b.size+len(line) > maxLogBytes {
		b.cut = true
		b.lines = append(b.lines, fmt.Sprintf("(apigwlab: log cut at %d KB for this invocation)", maxLogBytes/1024))
		return
	}
	b.size += len(line)
	b.lines = append(b.lines, line)
}
