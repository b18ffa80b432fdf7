//go:build unix

package lambda

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Any language runs through the Lambda Runtime API (AWS Lambda developer guide,
// runtimes-api): apigwlab starts the function's command with AWS_LAMBDA_RUNTIME_API set to
// an HTTP server of its own on 127.0.0.1 (one per execution environment, on a free port)
// that speaks version 2018-06-01 of the protocol:
//
//   - GET  /2018-06-01/runtime/invocation/next — blocks until an invocation arrives; 200
//     with the event as body and Lambda-Runtime-Aws-Request-Id, Lambda-Runtime-Deadline-Ms,
//     Lambda-Runtime-Invoked-Function-Arn and Lambda-Runtime-Trace-Id headers
//     (Lambda-Runtime-Client-Context and -Cognito-Identity are sent only for invocations
//     that carry them, which API Gateway's never do);
//   - POST /2018-06-01/runtime/invocation/{id}/response — the answer; 202 {"status":"OK"};
//     over 6291556 bytes 413 RequestEntityTooLarge and the invocation fails;
//   - POST /2018-06-01/runtime/invocation/{id}/error — a handler error document
//     ({"errorMessage","errorType","stackTrace"}; Lambda-Runtime-Function-Error-Type); 202;
//   - POST /2018-06-01/runtime/init/error — initialisation failed; 202; the invocation
//     answers the posted document and the environment is discarded;
//   - an unknown request id is 400 InvalidRequestID, a second answer 403
//     InvalidStateTransition;
//   - POST, GET and DELETE /{stage}/@connections/{id}: not Lambda's, the WebSocket API's
//     @connections management API for the function (connections below), which the process
//     finds in AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI.
//
// Each process is one execution environment: it serves one invocation at a time, stays warm
// for the next, and is started afresh (a cold start) when none is idle. A process that exits
// before answering gives Lambda's Runtime.ExitError; one that overruns the timeout is killed
// (Sandbox.Timedout). stdout and stderr lines are the function's log. Processes run in their
// own process group, killed as a group by Close; on Linux they also get SIGKILL when apigwlab
// dies (Pdeathsig), so none outlives it.

// initLimit is Lambda's limit on the Init phase: the process must ask for its first
// invocation within it.
const initLimit = 10 * time.Second

type processRunner struct {
	fn      string
	argv    []string
	dir     string
	env     []string // without AWS_LAMBDA_RUNTIME_API and the version
	handler string
	region  string
	conns   func() Connections // the @connections API (Service.SetConnections), read per call

	mu     sync.Mutex
	idle   map[string][]*procEnv // by version
	all    map[*procEnv]struct{}
	closed bool
}

func newProcessRunner(fn string, c *codeSpec, s *Service) (runner, error) {
	argv := strings.Fields(c.command)
	if len(argv) == 0 {
		return nil, fmt.Errorf("command is empty")
	}
	if strings.ContainsRune(argv[0], '/') {
		argv[0] = s.resolvePath(argv[0])
	}
	dir := s.resolvePath(".")
	runtime := orDefault(c.runtime, "provided.al2023")
	env := append(os.Environ(),
		"AWS_REGION="+s.region,
		"AWS_DEFAULT_REGION="+s.region,
		"AWS_LAMBDA_FUNCTION_NAME="+fn,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE="+strconv.Itoa(c.memoryMB),
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/"+fn,
		"AWS_LAMBDA_INITIALIZATION_TYPE=on-demand",
		"AWS_EXECUTION_ENV=AWS_Lambda_"+runtime,
		"LAMBDA_TASK_ROOT="+dir,
		"LAMBDA_RUNTIME_DIR="+dir,
		"_HANDLER="+c.handler,
		"TZ=:UTC",
	)
	// Lambda always gives the execution role's credentials; an SDK needs some to sign its
	// @connections calls (apigwlab does not check them). apigwlab's own are kept when set.
	if os.Getenv("AWS_ACCESS_KEY_ID") == "" {
		env = append(env, "AWS_ACCESS_KEY_ID=ASIAAPIGWLABFUNCTION", "AWS_SECRET_ACCESS_KEY=apigwlab", "AWS_SESSION_TOKEN=apigwlab")
	}
	for _, k := range slices.Sorted(maps.Keys(c.env)) {
		env = append(env, k+"="+c.env[k])
	}
	conns := func() Connections {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.conns
	}
	return &processRunner{fn: fn, argv: argv, dir: dir, env: env, handler: c.handler, region: s.region, conns: conns,
		idle: map[string][]*procEnv{}, all: map[*procEnv]struct{}{}}, nil
}

// procEnv is one execution environment: a process and the Runtime API it talks to.
type procEnv struct {
	r       *processRunner
	version string
	ln      net.Listener
	srv     *http.Server
	cmd     *exec.Cmd
	calls   chan *procCall // the invocation /next hands over
	initErr chan procAnswer
	dead    chan struct{} // closed when the environment is being torn down
	exited  chan struct{} // closed once the process has exited and its output is read
	exitErr error
	once    sync.Once

	mu      sync.Mutex
	cur     *procCall
	logs    *logBuffer // where output lines go: the current invocation's log, or pending
	part    []byte     // an output line not yet ended
	pending logBuffer  // lines written between invocations (init included)
}

// procCall is one invocation inside an environment.
type procCall struct {
	in       *runInput
	taken    chan struct{} // /next handed the event over
	answer   chan procAnswer
	answered bool
	logs     logBuffer
}

// procAnswer is what the runtime posted.
type procAnswer struct {
	body    []byte
	fnErr   bool
	errType string // Lambda-Runtime-Function-Error-Type
	tooBig  bool
}

func (r *processRunner) run(in *runInput) runOutput {
	start := time.Now()
	e, cold, err := r.get(in.version)
	if err != nil {
		// Lambda: the bootstrap cannot be started.
		out := runtimeError("Runtime.InvalidEntrypoint", "RequestId: "+in.requestID+" Error: "+err.Error())
		out.cold, out.elapsed = true, time.Since(start)
		return out
	}
	c := &procCall{in: in, taken: make(chan struct{}), answer: make(chan procAnswer, 1)}
	e.calls <- c // buffered, and the environment is ours alone: never blocks

	out := e.wait(c)
	out.cold = cold
	out.elapsed = time.Since(start)
	// Output is read asynchronously, as Lambda's logs are: lines the process wrote before
	// this invocation was handed over (init, or the end of the previous one) come first;
	// lines still in the pipe now are reported with the next invocation. A process that
	// exited has been read to the end.
	e.mu.Lock()
	out.logs = append(e.pending.lines, c.logs.lines...)
	e.pending = logBuffer{}
	e.logs = &e.pending
	e.mu.Unlock()
	if out.discard {
		e.kill()
		r.forget(e)
	} else {
		r.mu.Lock()
		if r.closed {
			r.mu.Unlock()
			e.kill()
		} else {
			r.idle[e.version] = append(r.idle[e.version], e)
			r.mu.Unlock()
		}
	}
	return out
}

// wait follows one invocation to its end: an answer, a crash, an init failure or the timeout.
func (e *procEnv) wait(c *procCall) runOutput {
	id := c.in.requestID
	initTimer := time.NewTimer(initLimit)
	defer initTimer.Stop()
	select {
	case <-c.taken:
	case a := <-e.initErr:
		out := errorAnswer(a)
		out.discard = true
		return out
	case <-e.exited:
		return e.exitOutput(c)
	case <-initTimer.C:
		out := runtimeError("Runtime.Unknown", "RequestId: "+id+" Error: the runtime did not ask for an invocation within "+initLimit.String()+" (Lambda's init limit)")
		out.discard = true
		return out
	}
	t := time.NewTimer(c.in.timeout)
	defer t.Stop()
	select {
	case a := <-c.answer:
		return answerOutput(a)
	case <-e.exited:
		return e.exitOutput(c)
	case <-t.C:
		// Lambda stops the environment at the timeout; the next invocation starts a new one.
		return runOutput{timedOut: true, discard: true}
	}
}

// exitOutput reports a process that ended before answering, unless its answer arrived
// just before it exited.
func (e *procEnv) exitOutput(c *procCall) runOutput {
	select {
	case a := <-c.answer:
		out := answerOutput(a)
		out.discard = true
		return out
	default:
	}
	msg := "Runtime exited without providing a reason"
	var ee *exec.ExitError
	if errors.As(e.exitErr, &ee) {
		msg = "Runtime exited with error: " + ee.ProcessState.String()
	} else if e.exitErr != nil {
		msg = "Runtime exited with error: " + e.exitErr.Error()
	}
	out := runtimeError("Runtime.ExitError", "RequestId: "+c.in.requestID+" Error: "+msg)
	out.discard = true
	return out
}

func answerOutput(a procAnswer) runOutput {
	if a.tooBig {
		return runtimeError("Function.ResponseSizeTooLarge",
			"Response payload size exceeded maximum allowed payload size ("+strconv.Itoa(MaxResponseBytes)+" bytes).")
	}
	if a.fnErr {
		return errorAnswer(a)
	}
	if len(a.body) == 0 {
		return runOutput{payload: nullJSON}
	}
	return runOutput{payload: a.body}
}

// errorAnswer is the invocation's answer for a posted error document: the document itself
// when it is JSON, else one built from the error type header and the text.
func errorAnswer(a procAnswer) runOutput {
	var doc struct {
		ErrorMessage string `json:"errorMessage"`
	}
	if json.Unmarshal(a.body, &doc) == nil && bytes.HasPrefix(bytes.TrimSpace(a.body), []byte("{")) {
		return runOutput{payload: bytes.TrimSpace(a.body), fnErr: true, errMsg: doc.ErrorMessage}
	}
	return runtimeError(orDefault(a.errType, "Runtime.Unknown"), string(a.body))
}

// get returns an idle environment for the version, or starts one (a cold start).
func (r *processRunner) get(version string) (*procEnv, bool, error) {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil, false, errors.New("the function's environments are stopped")
	}
	if q := r.idle[version]; len(q) > 0 {
		e := q[len(q)-1]
		r.idle[version] = q[:len(q)-1]
		r.mu.Unlock()
		select {
		case <-e.exited: // died while idle: Lambda would start another
			r.forget(e)
			return r.get(version)
		default:
			return e, false, nil
		}
	}
	r.mu.Unlock()
	e, err := r.start(version)
	if err != nil {
		return nil, true, err
	}
	return e, true, nil
}

func (r *processRunner) forget(e *procEnv) {
	r.mu.Lock()
	delete(r.all, e)
	r.mu.Unlock()
}

// start launches a process and its Runtime API.
func (r *processRunner) start(version string) (*procEnv, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("runtime API: %w", err)
	}
	e := &procEnv{r: r, version: version, ln: ln, calls: make(chan *procCall, 1), initErr: make(chan procAnswer, 1),
		dead: make(chan struct{}), exited: make(chan struct{})}
	e.logs = &e.pending
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", e.next)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", e.post(false))
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", e.post(true))
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", e.initError)
	for _, m := range []string{"POST", "GET", "DELETE"} {
		mux.HandleFunc(m+" /{stage}/@connections/{id}", e.connections)
		mux.HandleFunc(m+" /@connections/{id}", e.connections)
	}
	e.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = e.srv.Serve(ln) }()

	cmd := exec.Command(r.argv[0], r.argv[1:]...)
	cmd.Dir = r.dir
	cmd.Env = append(append([]string(nil), r.env...),
		"AWS_LAMBDA_RUNTIME_API="+ln.Addr().String(),
		// The AWS SDKs' service-specific endpoint variable (SDKs and Tools reference guide,
		// "Identifiers for service-specific endpoints"): an apigatewaymanagementapi client
		// created without an endpoint calls the @connections API this listener serves.
		"AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI=http://"+ln.Addr().String(),
		"AWS_LAMBDA_FUNCTION_VERSION="+version,
		"AWS_LAMBDA_LOG_STREAM_NAME=apigwlab/["+version+"]"+strconv.FormatInt(time.Now().UnixNano(), 36),
	)
	cmd.Stdout = e
	cmd.Stderr = e
	cmd.SysProcAttr = procAttr()
	cmd.WaitDelay = time.Second // a grandchild holding the output pipe cannot block Wait
	if err := cmd.Start(); err != nil {
		_ = e.srv.Close()
		return nil, err
	}
	e.cmd = cmd
	r.mu.Lock()
	r.all[e] = struct{}{}
	closed := r.closed
	r.mu.Unlock()
	go func() {
		e.exitErr = cmd.Wait()
		e.flush()
		close(e.exited)
	}()
	if closed {
		e.kill()
		return nil, errors.New("the function's environments are stopped")
	}
	return e, nil
}

// Write takes the process's output and files complete lines into the current log.
func (e *procEnv) Write(p []byte) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	data := append(e.part, p...)
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			break
		}
		e.logs.add(strings.TrimSuffix(string(data[:i]), "\r"))
		data = data[i+1:]
	}
	if len(data) > maxLogBytes { // a line without end: cut it
		e.logs.add(string(data))
		data = nil
	}
	e.part = append(e.part[:0:0], data...)
	return len(p), nil
}

func (e *procEnv) flush() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.part) > 0 {
		e.logs.add(string(e.part))
		e.part = nil
	}
}

// kill stops the process group and the Runtime API. Safe to call more than once.
func (e *procEnv) kill() {
	e.once.Do(func() {
		close(e.dead)
		if e.cmd != nil && e.cmd.Process != nil {
			_ = syscall.Kill(-e.cmd.Process.Pid, syscall.SIGKILL)
			_ = e.cmd.Process.Kill()
		}
		_ = e.srv.Close()
	})
}

func (r *processRunner) close() {
	r.mu.Lock()
	r.closed = true
	envs := make([]*procEnv, 0, len(r.all))
	for e := range r.all {
		envs = append(envs, e)
	}
	r.all, r.idle = map[*procEnv]struct{}{}, map[string][]*procEnv{}
	r.mu.Unlock()
	for _, e := range envs {
		e.kill()
	}
	for _, e := range envs {
		<-e.exited // SIGKILL cannot be ignored; WaitDelay bounds the output copy
	}
}

// next is GET /2018-06-01/runtime/invocation/next.
func (e *procEnv) next(w http.ResponseWriter, req *http.Request) {
	var c *procCall
	select {
	case c = <-e.calls:
	case <-e.dead:
		return
	case <-req.Context().Done():
		return
	}
	in := c.in
	deadline := time.Now().Add(in.timeout)
	e.mu.Lock()
	e.cur = c
	e.logs = &c.logs // earlier output stays pending, reported first
	e.mu.Unlock()
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Lambda-Runtime-Aws-Request-Id", in.requestID)
	h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(deadline.UnixMilli(), 10))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", in.arn)
	h.Set("Lambda-Runtime-Trace-Id", lambdaTraceID(in))
	h.Set("Content-Length", strconv.Itoa(len(in.event)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(in.event)
	close(c.taken)
}

// lambdaTraceID is the X-Ray header Lambda passes: the request's root, a parent and the
// sampling decision. Without a root from the gateway, one is derived from the request id.
func lambdaTraceID(in *runInput) string {
	h := fnv.New128a()
	h.Write([]byte(in.requestID))
	sum := hex.EncodeToString(h.Sum(nil))
	root := in.traceID
	if root == "" {
		root = "Root=1-" + strconv.FormatInt(in.now.Unix(), 16) + "-" + sum[:24]
	}
	return root + ";Parent=" + sum[16:] + ";Sampled=0"
}

// post is POST …/invocation/{id}/response and …/error.
func (e *procEnv) post(isErr bool) http.HandlerFunc {
	return func(w http.ResponseWriter, req *http.Request) {
		id := req.PathValue("id")
		body, err := io.ReadAll(io.LimitReader(req.Body, MaxResponseBytes+1))
		if err != nil {
			runtimeAPIError(w, http.StatusBadRequest, "InvalidRequest", err.Error())
			return
		}
		e.mu.Lock()
		c := e.cur
		switch {
		case c == nil || c.in.requestID != id:
			e.mu.Unlock()
			runtimeAPIError(w, http.StatusBadRequest, "InvalidRequestID", "Invalid request ID")
			return
		case c.answered:
			e.mu.Unlock()
			runtimeAPIError(w, http.StatusForbidden, "InvalidStateTransition", "State transition from Ready to InvocationResponse failed for runtime. Error: State transition is not allowed")
			return
		}
		c.answered = true
		e.mu.Unlock()
		a := procAnswer{body: body, fnErr: isErr, errType: req.Header.Get("Lambda-Runtime-Function-Error-Type")}
		if len(body) > MaxResponseBytes {
			a = procAnswer{tooBig: true}
			c.answer <- a
			runtimeAPIError(w, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge",
				"Exceeded maximum allowed payload size ("+strconv.Itoa(MaxResponseBytes)+" bytes).")
			return
		}
		c.answer <- a
		accepted(w)
	}
}

// connections is POST, GET or DELETE /{stage}/@connections/{id} (or /@connections/{id}) on
// the environment's listener, which the process finds in AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI:
// the WebSocket API's @connections management API, answered as serve answers it. Without a
// stage in the path, the stage of the invocation running (or last run) is used, and its
// requestContext.apiId picks the API unless the Host header names one
// ({apiId}.execute-api.{region}.amazonaws.com), so an SDK client given only the variable
// reaches the connection that invoked the function.
func (e *procEnv) connections(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, maxConnectionsBody+1))
	if err != nil {
		runtimeAPIError(w, http.StatusBadRequest, "InvalidRequest", err.Error())
		return
	}
	var rc struct {
		RequestContext struct {
			APIID string `json:"apiId"`
			Stage string `json:"stage"`
		} `json:"requestContext"`
	}
	e.mu.Lock()
	if e.cur != nil {
		_ = json.Unmarshal(e.cur.in.event, &rc)
	}
	e.mu.Unlock()
	stage, host := req.PathValue("stage"), req.Host
	if stage == "" {
		stage = rc.RequestContext.Stage
	}
	if !strings.Contains(host, ".execute-api.") && rc.RequestContext.APIID != "" {
		host = rc.RequestContext.APIID + ".execute-api." + e.r.region + ".amazonaws.com"
	}
	conns := e.r.conns()
	if conns == nil {
		connectionsRefused(w, "the workspace has no WebSocket API")
		return
	}
	a, err := conns.Call(e.r.fn, req.Method, "https://"+host+"/"+stage, req.PathValue("id"), body)
	if err != nil {
		connectionsRefused(w, err.Error())
		return
	}
	h := w.Header()
	if a.RequestID != "" {
		h.Set("x-amzn-RequestId", a.RequestID)
	}
	if a.ErrorType != "" {
		h.Set("x-amzn-ErrorType", a.ErrorType)
	}
	if len(a.Body) > 0 {
		h.Set("Content-Type", "application/json")
	}
	w.WriteHeader(a.Status)
	_, _ = w.Write(a.Body)
}

// maxConnectionsBody bounds what a function may post to @connections here: API Gateway's
// 128 KB message limit, with room for the 413 the API itself answers past 128 KB.
const maxConnectionsBody = 1 << 20

// connectionsRefused answers a call that reaches no WebSocket API (apigwlab's own 404: on
// AWS the endpoint's host would not resolve).
func connectionsRefused(w http.ResponseWriter, why string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	b, _ := json.Marshal(map[string]string{"message": "apigwlab: " + why})
	_, _ = w.Write(b)
}

// initError is POST /2018-06-01/runtime/init/error.
func (e *procEnv) initError(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(req.Body, MaxResponseBytes))
	select {
	case e.initErr <- procAnswer{body: body, fnErr: true, errType: req.Header.Get("Lambda-Runtime-Function-Error-Type")}:
	default:
	}
	accepted(w)
}

func accepted(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	_, _ = io.WriteString(w, `{"status":"OK"}`)
}

func runtimeAPIError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(errorDoc{ErrorType: typ, ErrorMessage: msg})
}
