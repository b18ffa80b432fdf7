package lambda

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime/metrics"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// JavaScript functions run in-process with goja, with Node Lambda's handler semantics:
//
//   - the module is CommonJS (exports.handler = …, module.exports = {handler}); the common ES
//     module lines (export const/function/async function/default, import … from) are
//     rewritten to it, line by line;
//   - async handlers and handlers returning a promise answer with what the promise settles
//     to; a handler with three parameters answers through callback(err, result); a plain
//     return value of a non-async handler is ignored and the answer is null, as in Node;
//   - errors answer Node's document {"errorType","errorMessage","trace"} (AWS Lambda
//     developer guide, nodejs-exceptions: "errorType": "ReferenceError", "errorMessage":
//     "x is not defined", "trace": ["ReferenceError: x is not defined", " at …"]);
//   - context carries awsRequestId, functionName, functionVersion, invokedFunctionArn,
//     memoryLimitInMB, logGroupName, logStreamName, callbackWaitsForEmptyEventLoop and
//     getRemainingTimeInMillis(), counted in real time from the invocation's start;
//   - console.log/info/warn/error/debug/trace write the function log, one line each, as
//     "<time>\t<request id>\tINFO\t<text>" (objects are shown as JSON, not util.inspect);
//   - setTimeout/clearTimeout/setImmediate run on a small event loop that lives for one
//     invocation (timers left when the answer is sent are dropped, not frozen);
//   - require knows only crypto (randomUUID, randomInt) and the AWS SDK's
//     @aws-sdk/client-apigatewaymanagementapi (jssdk.go: @connections calls of a WebSocket
//     backend); anything else throws "Cannot find module"; no fs, no network.
//
// Each environment (a goja runtime with the module loaded) serves one invocation at a time
// and is kept warm for the next, so module-level state survives between invocations as it
// does in Lambda. A new environment is a cold start.
//
// Bounds: the timeout in real time (the runtime is interrupted, Lambda's Sandbox.Timedout
// answer); memory by watching the process heap every few milliseconds and interrupting
// the handler when it grew more than memorySize during the invocation (Runtime.OutOfMemory;
// the heap is the whole process's, so concurrent invocations count together); the call
// stack (RangeError past maxJSStack frames); the answer (6 MB, Lambda's limit) and the log
// (maxLogBytes). A single built-in call (a huge "x".repeat(n)) cannot be interrupted.

// maxJSStack bounds recursion; Node's default stack allows about 10,000 frames.
const maxJSStack = 10000

// watchEvery is how often a running handler's time and memory are checked; an invocation
// shorter than this is never looked at.
const watchEvery = 10 * time.Millisecond

// jsRunner runs one function's JavaScript, reloading the file when it changes.
type jsRunner struct {
	fn       string
	file     string // the handler file; "" for inline code
	module   string // handler's module part, as Node names it in messages ("index")
	export   string // handler's export part ("handler")
	memLimit uint64
	env      map[string]string // process.env
	seed     uint64

	mu     sync.Mutex
	prog   *goja.Program
	init   *runOutput // the compile error every invocation answers, when the code does not compile
	gen    int
	stamp  fileStamp
	idle   []*jsEnv
	envs   int // environments created, for deterministic random seeds
	closed bool
}

type fileStamp struct {
	mod  time.Time
	size int64
}

func newJSRunner(fn string, c *codeSpec, s *Service) (runner, error) {
	r := &jsRunner{fn: fn, export: "handler", module: "index", memLimit: uint64(c.memoryMB) << 20, seed: s.seed}
	if c.handler != "" {
		i := strings.LastIndexByte(c.handler, '.')
		if i <= 0 || i == len(c.handler)-1 {
			return nil, fmt.Errorf("handler %q is not file.export (index.handler is the export handler of index.js)", c.handler)
		}
		r.module, r.export = c.handler[:i], c.handler[i+1:]
	}
	r.env = map[string]string{
		"AWS_REGION":                      s.region,
		"AWS_DEFAULT_REGION":              s.region,
		"AWS_LAMBDA_FUNCTION_NAME":        fn,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": strconv.Itoa(c.memoryMB),
		"AWS_EXECUTION_ENV":               "AWS_Lambda_" + orDefault(c.runtime, "nodejs20.x"),
		"LAMBDA_TASK_ROOT":                s.opts.Dir,
		"TZ":                              ":UTC",
	}
	for k, v := range c.env {
		r.env[k] = v
	}
	if c.source != "" {
		r.module = "index"
		p, init := compileJS(r.module+".js", c.source)
		if init != nil {
			return nil, errors.New(init.errMsg)
		}
		r.prog = p
		return r, nil
	}
	base := s.resolvePath(r.module)
	for _, ext := range []string{".js", ".mjs", ".cjs"} {
		if _, err := os.Stat(base + ext); err == nil {
			r.file = base + ext
			break
		}
	}
	if r.file == "" {
		return nil, fmt.Errorf("handler %s: no %s.js, .mjs or .cjs in %s", c.handler, r.module, orDefault(s.opts.Dir, "the current directory"))
	}
	if out := r.reload(); out != nil {
		return nil, fmt.Errorf("%s", out.errMsg)
	}
	return r, nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// reload compiles the handler file when it changed since the last compile; it returns the
// error every invocation answers while the file does not compile or cannot be read.
// Called with r.mu held (or before r is shared).
func (r *jsRunner) reload() *runOutput {
	if r.file == "" {
		return r.init
	}
	fi, err := os.Stat(r.file)
	if err != nil {
		out := runtimeError("Runtime.ImportModuleError", "Error: Cannot find module '"+r.module+"'")
		return &out
	}
	st := fileStamp{mod: fi.ModTime(), size: fi.Size()}
	if st == r.stamp && (r.prog != nil || r.init != nil) {
		return r.init
	}
	src, err := os.ReadFile(r.file)
	if err != nil {
		out := runtimeError("Runtime.ImportModuleError", "Error: Cannot find module '"+r.module+"': "+err.Error())
		return &out
	}
	r.stamp = st
	r.gen++
	r.idle = nil // environments of the old code are dropped: the next invocation is cold
	r.prog, r.init = compileJS(r.file, string(src))
	return r.init
}

// compileJS wraps a module in Node's CommonJS function and compiles it. The wrapper sits on
// the first line, so line numbers in errors are the file's own.
func compileJS(name, src string) (*goja.Program, *runOutput) {
	wrapped := "(function (exports, require, module, __filename, __dirname) {" + esmToCommonJS(src) + "\n})"
	p, err := goja.Compile(name, wrapped, false)
	if err != nil {
		msg := "SyntaxError: " + strings.TrimPrefix(err.Error(), "SyntaxError: ")
		out := nodeError("Runtime.UserCodeSyntaxError", msg, []string{"Runtime.UserCodeSyntaxError: " + msg})
		return nil, &out
	}
	return p, nil
}

var (
	esmExportDecl    = regexp.MustCompile(`(?m)^(\s*)export\s+(async\s+function\*?|function\*?|class)\s+([A-Za-z_$][\w$]*)`)
	esmExportVar     = regexp.MustCompile(`(?m)^(\s*)export\s+(const|let|var)\s+([A-Za-z_$][\w$]*)\s*=`)
	esmExportDefault = regexp.MustCompile(`(?m)^(\s*)export\s+default\s+`)
	esmImportDefault = regexp.MustCompile(`(?m)^(\s*)import\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)\s+from\s+(['"][^'"]+['"])\s*;?`)
	esmImportNamed   = regexp.MustCompile(`(?m)^(\s*)import\s+(\{[^}]*\})\s+from\s+(['"][^'"]+['"])\s*;?`)
)

// esmToCommonJS rewrites the ES module lines a handler commonly has into CommonJS.
func esmToCommonJS(src string) string {
	if !strings.Contains(src, "export") && !strings.Contains(src, "import") {
		return src
	}
	src = esmExportDecl.ReplaceAllString(src, "${1}exports.$3 = $2 $3")
	src = esmExportVar.ReplaceAllString(src, "${1}$2 $3 = exports.$3 =")
	src = esmExportDefault.ReplaceAllString(src, "${1}module.exports.default = ")
	src = esmImportDefault.ReplaceAllString(src, "${1}const $2 = require($3);")
	src = esmImportNamed.ReplaceAllStringFunc(src, func(m string) string {
		g := esmImportNamed.FindStringSubmatch(m)
		return g[1] + "const " + strings.ReplaceAll(g[2], " as ", ": ") + " = require(" + g[3] + ");"
	})
	return src
}

// jsEnv is one execution environment: a runtime with the module loaded.
type jsEnv struct {
	r         *jsRunner
	vm        *goja.Runtime
	gen       int
	handler   goja.Callable
	arity     int64
	parse     goja.Callable // JSON.parse
	stringify goja.Callable // JSON.stringify
	rapid     goja.Callable // Node's Errors.toRapidResponse
	rng       *rand.Rand
	call      *jsCall      // the invocation running, for console and context
	ctxProto  *goja.Object // the context's per-environment part
	sdkConns  goja.Value   // the @aws-sdk/client-apigatewaymanagementapi module, once required

	// The watchdog reads these under wmu; it interrupts only while active.
	wmu      sync.Mutex
	active   bool
	deadline time.Time
	heapBase uint64
	timer    *time.Timer
}

// jsCall is the state of one invocation inside an environment.
type jsCall struct {
	in       *runInput
	start    time.Time
	deadline time.Time
	logs     logBuffer
	done     bool // callback called or promise settled
	result   goja.Value
	failure  goja.Value // thrown or rejected value; nil when the handler succeeded
	timers   []*jsTimer
	timerSeq int64
}

type jsTimer struct {
	id   int64
	due  time.Time
	fn   goja.Callable
	args []goja.Value
}

// errJSTimeout ends an invocation whose next timer is due after its deadline.
var errJSTimeout = errors.New("timed out")

// interrupt reasons
type (
	jsTimeout struct{}
	jsOOM     struct{}
)

func (r *jsRunner) close() {
	r.mu.Lock()
	r.closed, r.idle = true, nil
	r.mu.Unlock()
}

func (r *jsRunner) run(in *runInput) runOutput {
	start := time.Now()
	r.mu.Lock()
	if out := r.reload(); out != nil {
		r.mu.Unlock()
		o := *out
		o.elapsed = time.Since(start)
		return o
	}
	var e *jsEnv
	if n := len(r.idle); n > 0 {
		e, r.idle = r.idle[n-1], r.idle[:n-1]
	}
	prog, gen := r.prog, r.gen
	if e == nil {
		r.envs++
	}
	seed := r.envs
	r.mu.Unlock()

	c := &jsCall{in: in, start: start, deadline: start.Add(in.timeout)}
	cold := e == nil
	if cold {
		var out *runOutput
		e, out = r.newEnv(prog, gen, uint64(seed), c)
		if out != nil {
			out.cold, out.elapsed = true, time.Since(start)
			out.logs = c.logs.lines
			return *out
		}
	}
	out := e.invoke(c)
	out.cold = cold
	out.elapsed = time.Since(start)
	if !out.discard {
		// An environment stopped mid-handler may hold broken state; Lambda replaces it too.
		r.mu.Lock()
		if !r.closed && e.gen == r.gen {
			r.idle = append(r.idle, e)
		}
		r.mu.Unlock()
	}
	return out
}

// newEnv builds an environment and runs the module's top level (Lambda's Init phase).
func (r *jsRunner) newEnv(prog *goja.Program, gen int, n uint64, c *jsCall) (*jsEnv, *runOutput) {
	h := fnv.New64a()
	h.Write([]byte(r.fn))
	e := &jsEnv{r: r, vm: goja.New(), gen: gen, rng: rand.New(rand.NewPCG(r.seed^h.Sum64(), n))}
	vm := e.vm
	vm.SetMaxCallStackSize(maxJSStack)
	vm.SetRandSource(e.rng.Float64)
	e.call = c
	if out := e.guard(c, func() error { return e.setup(prog) }); out != nil {
		return nil, out
	}
	return e, nil
}

func (e *jsEnv) setup(prog *goja.Program) error {
	vm := e.vm
	if _, err := vm.RunProgram(jsPrelude()); err != nil {
		return err
	}
	e.rapid, _ = goja.AssertFunction(vm.Get("__apigwlabRapid"))
	json := vm.Get("JSON").ToObject(vm)
	e.parse, _ = goja.AssertFunction(json.Get("parse"))
	e.stringify, _ = goja.AssertFunction(json.Get("stringify"))
	e.installGlobals()

	wv, err := vm.RunProgram(prog)
	if err != nil {
		return err
	}
	wrapper, _ := goja.AssertFunction(wv)
	module := vm.NewObject()
	exports := vm.NewObject()
	_ = module.Set("exports", exports)
	file := e.r.file
	if file == "" {
		file = filepath.Join(e.r.env["LAMBDA_TASK_ROOT"], "index.js")
	}
	if _, err := wrapper(goja.Undefined(), exports, vm.Get("require"), module, vm.ToValue(file), vm.ToValue(filepath.Dir(file))); err != nil {
		return err
	}
	h := module.Get("exports").ToObject(vm).Get(e.r.export)
	fn, ok := goja.AssertFunction(h)
	if !ok {
		return &jsInitError{typ: "Runtime.HandlerNotFound", msg: e.r.module + "." + e.r.export + " is undefined or not exported"}
	}
	e.handler = fn
	e.arity = h.ToObject(vm).Get("length").ToInteger()
	return nil
}

// jsInitError is a runtime-level failure of the Init phase.
type jsInitError struct{ typ, msg string }

func (e *jsInitError) Error() string { return e.msg }

func (e *jsEnv) installGlobals() {
	vm := e.vm
	console := vm.NewObject()
	for _, lv := range []struct{ name, level string }{
		{"log", "INFO"}, {"info", "INFO"}, {"warn", "WARN"}, {"error", "ERROR"}, {"debug", "DEBUG"}, {"trace", "TRACE"},
	} {
		level := lv.level
		_ = console.Set(lv.name, func(call goja.FunctionCall) goja.Value {
			e.log(level, call.Arguments)
			return goja.Undefined()
		})
	}
	_ = vm.Set("console", console)

	process := vm.NewObject()
	env := vm.NewObject()
	keys := make([]string, 0, len(e.r.env))
	for k := range e.r.env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		_ = env.Set(k, e.r.env[k])
	}
	_ = process.Set("env", env)
	_ = process.Set("version", "v20.0.0")
	_ = vm.Set("process", process)

	crypto := vm.NewObject()
	_ = crypto.Set("randomUUID", func() string { return uuidFrom(e.rng.Uint64(), e.rng.Uint64()) })
	_ = crypto.Set("randomInt", func(call goja.FunctionCall) goja.Value {
		lo, hi := int64(0), call.Argument(0).ToInteger()
		if len(call.Arguments) > 1 {
			lo, hi = hi, call.Argument(1).ToInteger()
		}
		if hi <= lo {
			panic(vm.NewTypeError("The value of \"max\" is out of range. It must be greater than the value of \"min\""))
		}
		return vm.ToValue(lo + e.rng.Int64N(hi-lo))
	})
	_ = vm.Set("crypto", crypto)
	_ = vm.Set("require", func(name string) goja.Value {
		switch strings.TrimPrefix(name, "node:") {
		case "crypto":
			return crypto
		}
		if name == sdkConnectionsModule {
			return e.sdkConnections()
		}
		ex := vm.NewGoError(fmt.Errorf("Cannot find module '%s'", name))
		_ = ex.Set("code", "MODULE_NOT_FOUND")
		panic(ex)
	})

	_ = vm.Set("setTimeout", func(call goja.FunctionCall) goja.Value {
		return e.addTimer(call, time.Duration(call.Argument(1).ToFloat()*float64(time.Millisecond)))
	})
	_ = vm.Set("setImmediate", func(call goja.FunctionCall) goja.Value {
		return e.addTimer(call, 0)
	})
	clear := func(call goja.FunctionCall) goja.Value {
		if c := e.call; c != nil {
			id := call.Argument(0).ToInteger()
			c.timers = slicesDeleteFunc(c.timers, func(t *jsTimer) bool { return t.id == id })
		}
		return goja.Undefined()
	}
	_ = vm.Set("clearTimeout", clear)
	_ = vm.Set("clearImmediate", clear)
}

func slicesDeleteFunc(s []*jsTimer, del func(*jsTimer) bool) []*jsTimer {
	out := s[:0]
	for _, t := range s {
		if !del(t) {
			out = append(out, t)
		}
	}
	return out
}

func (e *jsEnv) addTimer(call goja.FunctionCall, d time.Duration) goja.Value {
	fn, ok := goja.AssertFunction(call.Argument(0))
	c := e.call
	if !ok || c == nil {
		panic(e.vm.NewTypeError("The \"callback\" argument must be of type function"))
	}
	if d < 0 {
		d = 0
	}
	c.timerSeq++
	var args []goja.Value
	if len(call.Arguments) > 2 {
		args = append(args, call.Arguments[2:]...)
	}
	c.timers = append(c.timers, &jsTimer{id: c.timerSeq, due: time.Now().Add(d), fn: fn, args: args})
	return e.vm.ToValue(c.timerSeq)
}

// log writes one console line to the invocation's log.
func (e *jsEnv) log(level string, args []goja.Value) {
	c := e.call
	if c == nil {
		return
	}
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(e.show(a))
	}
	c.logs.add(logLine(c.in.now.Add(time.Since(c.start)), c.in.requestID, level, b.String()))
}

// show renders a console argument: strings as they are, objects as JSON.
func (e *jsEnv) show(v goja.Value) string {
	if o, ok := v.(*goja.Object); ok {
		if _, isFn := goja.AssertFunction(o); !isFn {
			if st := o.Get("stack"); st != nil && o.Get("message") != nil {
				return st.String()
			}
			if s, err := e.stringify(goja.Undefined(), o); err == nil && !goja.IsUndefined(s) {
				return s.String()
			}
		}
	}
	if v == nil {
		return "undefined"
	}
	return v.String()
}

// guard runs f under the watchdog: it interrupts f at the deadline or when the heap grew
// past the memory limit. It returns the output for a failure, nil when f succeeded.
func (e *jsEnv) guard(c *jsCall, f func() error) *runOutput {
	base := heapBytes()
	e.wmu.Lock()
	e.active, e.deadline, e.heapBase = true, c.deadline, base
	if e.timer == nil {
		e.timer = time.AfterFunc(watchEvery, e.watch)
	} else {
		e.timer.Reset(watchEvery)
	}
	e.wmu.Unlock()

	err := f()

	e.wmu.Lock()
	e.active = false
	e.timer.Stop()
	e.wmu.Unlock()
	e.vm.ClearInterrupt()
	if err == nil {
		return nil
	}
	out := e.failure(c, err)
	return &out
}

// watch is the watchdog tick.
func (e *jsEnv) watch() {
	e.wmu.Lock()
	defer e.wmu.Unlock()
	if !e.active {
		return
	}
	if !time.Now().Before(e.deadline) {
		e.vm.Interrupt(jsTimeout{})
		return
	}
	if heap := heapBytes(); heap > e.heapBase && heap-e.heapBase > e.r.memLimit {
		e.vm.Interrupt(jsOOM{})
		return
	}
	e.timer.Reset(watchEvery)
}

var heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
var heapMu sync.Mutex

// heapBytes is the memory held by live and not yet swept heap objects.
func heapBytes() uint64 {
	heapMu.Lock()
	defer heapMu.Unlock()
	metrics.Read(heapSample)
	if heapSample[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return heapSample[0].Value.Uint64()
}

// failure turns an error out of goja into Lambda's answer.
func (e *jsEnv) failure(c *jsCall, err error) runOutput {
	var ie *goja.InterruptedError
	var ex *goja.Exception
	var init *jsInitError
	switch {
	case errors.Is(err, errJSTimeout):
		return runOutput{timedOut: true, discard: true, logs: c.logs.lines}
	case errors.As(err, &ie):
		switch ie.Value().(type) {
		case jsTimeout:
			return runOutput{timedOut: true, discard: true, logs: c.logs.lines}
		case jsOOM:
			out := runtimeError("Runtime.OutOfMemory", oomMessage(c.in.requestID))
			out.logs, out.discard = c.logs.lines, true
			return out
		}
	case errors.As(err, &init):
		out := nodeError(init.typ, init.msg, []string{init.typ + ": " + init.msg})
		out.logs = c.logs.lines
		return out
	case errors.As(err, &ex):
		return e.errorOutput(c, ex.Value())
	}
	var so *goja.StackOverflowError
	if errors.As(err, &so) {
		return e.errorOutput(c, e.vm.NewGoError(errors.New("Maximum call stack size exceeded")))
	}
	out := runtimeError("Runtime.Unknown", err.Error())
	out.logs = c.logs.lines
	return out
}

// oomMessage is Lambda's errorMessage when a function runs out of memory (the runtime is
// killed). Unconfirmed against a recording; see docs/fidelity.md.
func oomMessage(requestID string) string {
	return "RequestId: " + requestID + " Error: Runtime exited with error: signal: killed"
}

// errorOutput builds Node's error document for a thrown or rejected value and logs it as
// Node's runtime does ("Invoke Error").
func (e *jsEnv) errorOutput(c *jsCall, v goja.Value) runOutput {
	doc := `{"errorType":"Error","errorMessage":"","trace":[]}`
	if s, err := e.rapid(goja.Undefined(), v); err == nil {
		doc = s.String()
	}
	var d struct {
		ErrorMessage string `json:"errorMessage"`
	}
	_ = json.Unmarshal([]byte(doc), &d)
	c.logs.add(logLine(c.in.now.Add(time.Since(c.start)), c.in.requestID, "ERROR", "Invoke Error \t"+doc))
	return runOutput{payload: []byte(doc), fnErr: true, errMsg: d.ErrorMessage, logs: c.logs.lines}
}

// nodeError is Node's error document for a runtime-level failure.
func nodeError(typ, msg string, trace []string) runOutput {
	if trace == nil {
		trace = []string{}
	}
	p := mustJSON(struct {
		ErrorType    string   `json:"errorType"`
		ErrorMessage string   `json:"errorMessage"`
		Trace        []string `json:"trace"`
	}{typ, msg, trace})
	return runOutput{payload: p, fnErr: true, errMsg: msg}
}

// invoke runs the handler for one event.
func (e *jsEnv) invoke(c *jsCall) runOutput {
	e.call = c
	defer func() { e.call = nil }()
	var out runOutput
	failed := e.guard(c, func() error {
		vm := e.vm
		ev, err := parseJSON(vm, c.in.event)
		if err != nil {
			// Not JSON the fast way: JSON.parse gives the exact SyntaxError.
			if ev, err = e.parse(goja.Undefined(), vm.ToValue(string(c.in.event))); err != nil {
				return err
			}
		}
		ctx := e.context(c)
		args := []goja.Value{ev, ctx}
		if e.arity >= 3 {
			args = append(args, vm.ToValue(func(call goja.FunctionCall) goja.Value {
				if !c.done {
					c.done = true
					if a := call.Argument(0); !goja.IsUndefined(a) && !goja.IsNull(a) {
						c.failure = a
					} else {
						c.result = call.Argument(1)
					}
				}
				return goja.Undefined()
			}))
		}
		ret, err := e.handler(goja.Undefined(), args...)
		if err != nil {
			return err
		}
		p, isPromise := ret.Export().(*goja.Promise)
		if !isPromise && e.arity < 3 && !goja.IsUndefined(ret) {
			out.note = "the handler is not async and has no callback: Node's Lambda runtime ignores its return value and answers null (make it async)"
		}
		for {
			if !c.done && isPromise && p.State() != goja.PromiseStatePending {
				c.done = true
				if p.State() == goja.PromiseStateRejected {
					c.failure = p.Result()
				} else {
					c.result = p.Result()
				}
			}
			if c.done || len(c.timers) == 0 {
				break
			}
			if err := e.fireTimer(c); err != nil {
				return err
			}
		}
		if c.failure != nil {
			out = e.errorOutput(c, c.failure)
			return nil
		}
		res := c.result
		if res == nil || goja.IsUndefined(res) {
			out.payload = nullJSON
			return nil
		}
		out.note = ""
		s, err := e.stringify(goja.Undefined(), res)
		if err != nil {
			out = nodeError("Runtime.UnmarshalError", "Unable to stringify response body", nil)
			return nil
		}
		if goja.IsUndefined(s) {
			out.payload = nullJSON
			return nil
		}
		str := s.String()
		if len(str) > MaxResponseBytes {
			out = runtimeError("Function.ResponseSizeTooLarge",
				"Response payload size exceeded maximum allowed payload size ("+strconv.Itoa(MaxResponseBytes)+" bytes).")
			return nil
		}
		out.payload = []byte(str)
		return nil
	})
	c.timers = nil
	if failed != nil {
		return *failed
	}
	out.logs = c.logs.lines
	return out
}

// fireTimer runs the earliest timer, waiting in real time until it is due.
func (e *jsEnv) fireTimer(c *jsCall) error {
	i := 0
	for j, t := range c.timers {
		if t.due.Before(c.timers[i].due) {
			i = j
		}
	}
	t := c.timers[i]
	c.timers = append(c.timers[:i], c.timers[i+1:]...)
	if wait := time.Until(t.due); wait > 0 {
		if left := time.Until(c.deadline); wait >= left {
			// The timer would fire after the timeout: the watchdog ends the invocation.
			time.Sleep(left)
			return errJSTimeout
		}
		time.Sleep(wait)
	}
	_, err := t.fn(goja.Undefined(), t.args...)
	return err
}

// context builds Node's context object for one invocation: its own object for what
// changes per invocation, over a prototype made once per environment for the rest.
func (e *jsEnv) context(c *jsCall) goja.Value {
	vm := e.vm
	if e.ctxProto == nil {
		p := vm.NewObject()
		_ = p.Set("functionName", e.r.fn)
		_ = p.Set("memoryLimitInMB", e.r.env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"])
		_ = p.Set("logGroupName", "/aws/lambda/"+e.r.fn)
		_ = p.Set("callbackWaitsForEmptyEventLoop", true)
		_ = p.Set("getRemainingTimeInMillis", func() int64 {
			cur := e.call
			if cur == nil {
				return 0
			}
			return max(time.Until(cur.deadline).Milliseconds(), 0)
		})
		e.ctxProto = p
	}
	o := vm.NewObject()
	_ = o.SetPrototype(e.ctxProto)
	in := c.in
	_ = o.Set("awsRequestId", in.requestID)
	_ = o.Set("functionVersion", in.version)
	_ = o.Set("invokedFunctionArn", in.arn)
	_ = o.Set("logStreamName", "apigwlab/["+in.version+"]")
	return o
}

// jsPrelude defines Node's error serialisation (aws-lambda-nodejs-runtime-interface-client,
// Errors.js toRapidResponse): an Error gives its name, message and stack lines; anything
// else gives typeof, String() and an empty trace.
// Compiled at first use, not in init: every start of apigwlab paid for it (issue 15).
var jsPrelude = sync.OnceValue(func() *goja.Program {
	return goja.MustCompile("prelude.js", `
var __apigwlabRapid = function (error) {
	var doc;
	try {
		if (error instanceof Error || (error && typeof error.name === "string" && typeof error.message === "string" && typeof error.stack === "string")) {
			doc = {errorType: error.name, errorMessage: error.message, trace: String(error.stack).split("\n")};
		} else {
			doc = {errorType: typeof error, errorMessage: String(error), trace: []};
		}
	} catch (e) {
		doc = {errorType: "handled", errorMessage: "callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack"};
	}
	return JSON.stringify(doc);
};
`, false)
})

// uuidFrom formats 128 random bits as a version 4 UUID.
func uuidFrom(a, b uint64) string {
	var u [16]byte
	for i := 0; i < 8; i++ {
		u[i] = byte(a >> (56 - 8*i))
		u[8+i] = byte(b >> (56 - 8*i))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&0x0f])
	}
	return string(out)
}
