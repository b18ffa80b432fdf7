//go:build unix

package lambda

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"apigwlab/engine/model"
)

var (
	goHandlerOnce sync.Once
	goHandlerDir  string
	goHandlerErr  error
)

// goHandler builds examples/code/gohandler (aws-lambda-go) once and returns the binary.
func goHandler(t *testing.T) string {
	t.Helper()
	goHandlerOnce.Do(func() {
		goHandlerDir, goHandlerErr = os.MkdirTemp("", "apigwlab-gohandler")
		if goHandlerErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(goHandlerDir, "bootstrap"), "./examples/code/gohandler")
		cmd.Dir = "../.."
		if out, err := cmd.CombinedOutput(); err != nil {
			goHandlerErr = err
			t.Logf("%s", out)
		}
	})
	if goHandlerErr != nil {
		t.Fatalf("build the Go handler: %v", goHandlerErr)
	}
	return filepath.Join(goHandlerDir, "bootstrap")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if goHandlerDir != "" {
		os.RemoveAll(goHandlerDir)
	}
	os.Exit(code)
}

func cmdService(t *testing.T, fns ...*model.Function) *Service {
	t.Helper()
	s, err := New(fns, "", "", 1, Options{Dir: "../../examples/code"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func proxyEvent(query string) func() []byte {
	return event2(`{"httpMethod":"GET","path":"/go","queryStringParameters":` + query + `}`)
}

func TestGoHandlerThroughRuntimeAPI(t *testing.T) {
	bin := goHandler(t)
	fn := &model.Function{FunctionName: "goHello", Timeout: model.Duration(10 * time.Second),
		Code: model.Code{Runtime: "provided.al2023", Command: bin}}
	s := cmdService(t, fn)

	r := mustInvoke(t, s, &Invocation{Function: "goHello", Event: proxyEvent(`{"name":"ada"}`), RequestID: "11111111-2222-4333-8444-555555555555", Now: t0})
	var resp struct {
		StatusCode int
		Body       string
	}
	if err := json.Unmarshal(r.Payload, &resp); err != nil || resp.StatusCode != 200 {
		t.Fatalf("payload %s (%v)", r.Payload, err)
	}
	want := `{"calls":1,"function":"goHello","functionArn":"arn:aws:lambda:us-east-1:123456789012:function:goHello","hasDeadline":true,"message":"hello ada from Go","requestId":"11111111-2222-4333-8444-555555555555"}`
	if resp.Body != want || !r.ColdStart || r.FunctionError != "" {
		t.Fatalf("body %s cold %v, want %s", resp.Body, r.ColdStart, want)
	}
	// Warm: the same process answers again.
	r = mustInvoke(t, s, &Invocation{Function: "goHello", Event: proxyEvent(`{"name":"bob"}`), Now: t0.Add(time.Second)})
	if r.ColdStart || !strings.Contains(string(r.Payload), `\"calls\":2`) {
		t.Fatalf("warm call: cold %v payload %s", r.ColdStart, r.Payload)
	}

	// A handler error: aws-lambda-go posts it to /error.
	r = mustInvoke(t, s, &Invocation{Function: "goHello", Event: proxyEvent(`{"fail":"1"}`), Now: t0.Add(2 * time.Second)})
	if r.FunctionError != FunctionErrorUnhandled || string(r.Payload) != `{"errorMessage":"failing on purpose","errorType":"errorString"}` ||
		r.ErrorMessage != "failing on purpose" {
		t.Fatalf("error: %q %s", r.FunctionError, r.Payload)
	}

	// A crash: the process exits before answering.
	r = mustInvoke(t, s, &Invocation{Function: "goHello", Event: proxyEvent(`{"crash":"1"}`), RequestID: "crash-1", Now: t0.Add(3 * time.Second)})
	if want := `{"errorType":"Runtime.ExitError","errorMessage":"RequestId: crash-1 Error: Runtime exited with error: exit status 3"}`; string(r.Payload) != want {
		t.Fatalf("crash payload %s, want %s", r.Payload, want)
	}
	if !containsLine(r.Logs, "crashing on purpose") {
		t.Errorf("stderr should be in the log: %q", r.Logs)
	}
	// The next invocation starts a new environment.
	r = mustInvoke(t, s, &Invocation{Function: "goHello", Event: proxyEvent(`null`), Now: t0.Add(4 * time.Second)})
	if !r.ColdStart || !strings.Contains(string(r.Payload), `\"calls\":1`) {
		t.Fatalf("after the crash: cold %v payload %s", r.ColdStart, r.Payload)
	}
}

func containsLine(lines []string, s string) bool {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

func bashFn(timeout time.Duration) *model.Function {
	return &model.Function{FunctionName: "bash", Timeout: model.Duration(timeout),
		Code: model.Code{Runtime: "provided.al2023", Command: "./bash/bootstrap", Handler: "ignored.handler"}}
}

func TestShellBootstrapThroughRuntimeAPI(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	s := cmdService(t, bashFn(10*time.Second))
	r := mustInvoke(t, s, &Invocation{Function: "bash", Event: event2(`{"x":"é"}`), RequestID: "req-b1", Now: t0})
	if !strings.HasPrefix(string(r.Payload), `{"statusCode":200,"body":"hello from bash (pid `) || !strings.HasSuffix(string(r.Payload), `), request req-b1"}`) {
		t.Fatalf("payload %s", r.Payload)
	}
	logs := r.Logs
	pid := pidIn(t, r.Payload)

	r = mustInvoke(t, s, &Invocation{Function: "bash", Event: event2(`"fail"`), Now: t0.Add(time.Second)})
	logs = append(logs, r.Logs...)
	if r.FunctionError == "" || string(r.Payload) != `{"errorMessage":"failing on purpose","errorType":"BashError","stackTrace":[]}` || r.ColdStart {
		t.Fatalf("error: %s (cold %v)", r.Payload, r.ColdStart)
	}
	r = mustInvoke(t, s, &Invocation{Function: "bash", Event: event2(`"crash"`), RequestID: "req-b3", Now: t0.Add(2 * time.Second)})
	if want := `{"errorType":"Runtime.ExitError","errorMessage":"RequestId: req-b3 Error: Runtime exited with error: exit status 7"}`; string(r.Payload) != want {
		t.Fatalf("crash: %s, want %s", r.Payload, want)
	}
	if processAlive(pid) {
		t.Errorf("the crashed process %d is still there", pid)
	}
	// Output is read asynchronously; by the crash, which reads the process to its end,
	// every line has been reported, each once and in order.
	logs = append(logs, r.Logs...)
	want := []string{"bash runtime starting (handler ignored.handler)", "event for req-b1: 10 bytes", "crashing on purpose"}
	at := 0
	for _, l := range logs {
		if at < len(want) && l == want[at] {
			at++
		}
	}
	if at < len(want) || strings.Count(strings.Join(logs, "\n"), "event for req-b1") != 1 {
		t.Errorf("logs %q, want %q among them in order", logs, want)
	}
}

func TestProcessTimeoutKillsTheGroup(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	s := cmdService(t, bashFn(2*time.Second))
	r := mustInvoke(t, s, &Invocation{Function: "bash", Event: event2(`"warm up"`), Now: t0})
	pid := pidIn(t, r.Payload)
	r = mustInvoke(t, s, &Invocation{Function: "bash", Event: event2(`"slow"`), RequestID: "req-slow", Now: t0.Add(time.Second)})
	want := `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: req-slow Error: Task timed out after 2.00 seconds"}`
	if !r.TimedOut || string(r.Payload) != want {
		t.Fatalf("payload %s, want %s", r.Payload, want)
	}
	// The bootstrap and its sleep (same process group) are gone.
	waitGone(t, pid)
	if n := groupMembers(pid); n > 0 {
		t.Errorf("%d processes of group %d are left", n, pid)
	}
}

func TestCloseStopsProcesses(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	s, err := New([]*model.Function{bashFn(10 * time.Second)}, "", "", 1, Options{Dir: "../../examples/code"})
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := 0; i < 3; i++ { // concurrent invocations: three environments
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := s.Invoke(&Invocation{Function: "bash", Event: event2(`{}`), Now: t0})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			pids = append(pids, pidIn(t, r.Payload))
			mu.Unlock()
		}()
	}
	wg.Wait()
	s.Close()
	for _, pid := range pids {
		if processAlive(pid) {
			t.Errorf("process %d survived Close", pid)
		}
	}
}

func TestInitErrorAndMissingCommand(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	script := `#!/bin/bash
exec 3<>"/dev/tcp/${AWS_LAMBDA_RUNTIME_API%:*}/${AWS_LAMBDA_RUNTIME_API#*:}"
body='{"errorMessage":"cannot load config","errorType":"Runtime.ConfigError"}'
printf 'POST /2018-06-01/runtime/init/error HTTP/1.1\r\nHost: x\r\nLambda-Runtime-Function-Error-Type: Runtime.ConfigError\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' "${#body}" "$body" >&3
cat <&3 >/dev/null
exit 1
`
	if err := os.WriteFile(filepath.Join(dir, "bootstrap"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := New([]*model.Function{
		{FunctionName: "bad", Code: model.Code{Command: "./bootstrap"}},
		{FunctionName: "gone", Code: model.Code{Command: "./nothing-here"}},
	}, "", "", 1, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := mustInvoke(t, s, &Invocation{Function: "bad", Now: t0})
	if string(r.Payload) != `{"errorMessage":"cannot load config","errorType":"Runtime.ConfigError"}` || r.FunctionError == "" {
		t.Fatalf("init error: %s", r.Payload)
	}
	r = mustInvoke(t, s, &Invocation{Function: "gone", RequestID: "r9", Now: t0})
	want := `{"errorType":"Runtime.InvalidEntrypoint","errorMessage":"RequestId: r9 Error: fork/exec ` + filepath.Join(dir, "nothing-here") + `: no such file or directory"}`
	if string(r.Payload) != want {
		t.Fatalf("missing command: %s\nwant %s", r.Payload, want)
	}
}

// The Runtime API's own answers to a runtime that gets the protocol wrong.
func TestRuntimeAPIProtocolErrors(t *testing.T) {
	e := &procEnv{calls: make(chan *procCall, 1), dead: make(chan struct{})}
	e.logs = &e.pending
	c := &procCall{in: &runInput{event: []byte(`{"a":1}`), requestID: "req-7", arn: "arn:x", timeout: time.Second, now: t0},
		taken: make(chan struct{}), answer: make(chan procAnswer, 1)}
	e.calls <- c
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", e.next)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", e.post(false))

	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/2018-06-01/runtime/invocation/next", nil))
	h := rec.Header()
	if rec.Code != 200 || rec.Body.String() != `{"a":1}` || h.Get("Lambda-Runtime-Aws-Request-Id") != "req-7" ||
		h.Get("Lambda-Runtime-Invoked-Function-Arn") != "arn:x" || !strings.HasPrefix(h.Get("Lambda-Runtime-Trace-Id"), "Root=1-") {
		t.Fatalf("next: %d %s %v", rec.Code, rec.Body, h)
	}
	if ms, err := strconv.ParseInt(h.Get("Lambda-Runtime-Deadline-Ms"), 10, 64); err != nil || ms <= time.Now().UnixMilli() {
		t.Errorf("deadline %q should be in the future", h.Get("Lambda-Runtime-Deadline-Ms"))
	}
	post := func(id string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("POST", "/2018-06-01/runtime/invocation/"+id+"/response", strings.NewReader(`"ok"`)))
		return rec
	}
	if rec := post("other"); rec.Code != 400 || rec.Body.String() != `{"errorType":"InvalidRequestID","errorMessage":"Invalid request ID"}`+"\n" {
		t.Errorf("unknown id: %d %s", rec.Code, rec.Body)
	}
	if rec := post("req-7"); rec.Code != 202 || rec.Body.String() != `{"status":"OK"}` {
		t.Errorf("response: %d %s", rec.Code, rec.Body)
	}
	if rec := post("req-7"); rec.Code != 403 || !strings.Contains(rec.Body.String(), `"errorType":"InvalidStateTransition"`) {
		t.Errorf("second answer: %d %s", rec.Code, rec.Body)
	}
	if a := <-c.answer; string(a.body) != `"ok"` {
		t.Errorf("answer %s", a.body)
	}
}

func pidIn(t *testing.T, payload []byte) int {
	t.Helper()
	s := string(payload)
	i := strings.Index(s, "(pid ")
	if i < 0 {
		t.Fatalf("no pid in %s", s)
	}
	s = s[i+5:]
	n, err := strconv.Atoi(s[:strings.IndexByte(s, ')')])
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// processAlive reports whether pid runs (a zombie waiting for its parent counts as gone).
func processAlive(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z" && f[0] != "X"
}

// waitGone polls until pid has ended; killing is asynchronous to the answer.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for processAlive(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("process %d still runs", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// groupMembers counts live processes of a process group (Linux /proc; 0 elsewhere).
func groupMembers(pgid int) int {
	ents, _ := os.ReadDir("/proc")
	n := 0
	for _, e := range ents {
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 3 && f[0] != "Z" && f[0] != "X" && f[3] == strconv.Itoa(pgid) {
			n++
		}
	}
	return n
}

// TestRuntimeAPIConnectionsWithoutAPI: a command function's @connections call in a
// workspace without a WebSocket API answers apigwlab's 404, which names why.
func TestRuntimeAPIConnectionsWithoutAPI(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	script := filepath.Join(t.TempDir(), "bootstrap.py")
	if err := os.WriteFile(script, []byte(`import os, urllib.error, urllib.request
api, ep = os.environ["AWS_LAMBDA_RUNTIME_API"], os.environ["AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI"]
http = urllib.request.build_opener(urllib.request.ProxyHandler({}))
while True:
    with http.open(f"http://{api}/2018-06-01/runtime/invocation/next") as r:
        rid = r.headers["Lambda-Runtime-Aws-Request-Id"]
    try:
        out = str(http.open(urllib.request.Request(ep + "/prod/@connections/abc", data=b"hi", method="POST")).status)
    except urllib.error.HTTPError as e:
        out = str(e.code) + " " + e.read().decode()
    http.open(urllib.request.Request(f"http://{api}/2018-06-01/runtime/invocation/{rid}/response", data=out.encode(), method="POST")).read()
`), 0o644); err != nil {
		t.Fatal(err)
	}
	s := cmdService(t, &model.Function{FunctionName: "py", Timeout: model.Duration(20 * time.Second),
		Code: model.Code{Runtime: "python3.12", Command: py + " " + script}})
	r := mustInvoke(t, s, &Invocation{Function: "py", Event: event2(`{}`), Now: t0})
	if want := `404 {"message":"apigwlab: the workspace has no WebSocket API"}`; string(r.Payload) != want {
		t.Fatalf("%s\nwant %s", r.Payload, want)
	}
}
