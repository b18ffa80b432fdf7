package lambda

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"apigwlab/engine/model"
)

func jsFn(name, src string) *model.Function {
	return &model.Function{FunctionName: name, Code: model.Code{Runtime: "nodejs20.x", Source: src}}
}

func invokeJS(t testing.TB, s *Service, name, event string) Result {
	t.Helper()
	return mustInvoke(t, s, &Invocation{Function: name, Event: event2(event), RequestID: "req-1", Now: t0})
}

func event2(doc string) func() []byte { return func() []byte { return []byte(doc) } }

func TestJSHandlers(t *testing.T) {
	tests := []struct {
		name, src, event string
		want             string // payload
		wantErr          string // errorMessage when the handler failed
	}{
		{"query parameter", `exports.handler = async (event) => ({statusCode: 200, body: "hello " + event.queryStringParameters.name});`,
			`{"queryStringParameters":{"name":"ada"}}`, `{"statusCode":200,"body":"hello ada"}`, ""},
		{"promise", `exports.handler = (event) => Promise.resolve(event.n * 2);`, `{"n":21}`, `42`, ""},
		{"callback", `exports.handler = function (event, context, callback) { callback(null, {ok: context.awsRequestId}); };`,
			`{}`, `{"ok":"req-1"}`, ""},
		{"callback error", `exports.handler = (e, c, cb) => cb(new Error("nope"));`, `{}`, "", "nope"},
		{"plain return is ignored as in Node", `exports.handler = function (event) { return {statusCode: 200}; };`, `{}`, `null`, ""},
		{"undefined answers null", `exports.handler = async () => {};`, `{}`, `null`, ""},
		{"ES module export", "export const handler = async (e) => ({v: e.v});\n", `{"v":1}`, `{"v":1}`, ""},
		{"export async function", "export async function handler(e) { return 'x' + e.v; }\n", `{"v":2}`, `"x2"`, ""},
		{"setTimeout", `exports.handler = async () => { await new Promise(r => setTimeout(r, 1)); return "later"; };`, `{}`, `"later"`, ""},
		{"crypto", `const crypto = require('crypto'); exports.handler = async () => crypto.randomUUID().length;`, `{}`, `36`, ""},
		{"context", `exports.handler = async (e, ctx) => [ctx.functionName, ctx.invokedFunctionArn, ctx.getRemainingTimeInMillis() > 0, process.env.AWS_REGION];`,
			`{}`, `["f","arn:aws:lambda:us-east-1:123456789012:function:f",true,"us-east-1"]`, ""},
		{"rejected with a string", `exports.handler = async () => { throw "plain"; };`, `{}`, `{"errorType":"string","errorMessage":"plain","trace":[]}`, "plain"},
		{"unknown module", `exports.handler = async () => require('fs').readFileSync('/etc/passwd');`, `{}`, "", "Cannot find module 'fs'"},
		{"handler not exported", `exports.other = async () => 1;`, `{}`,
			`{"errorType":"Runtime.HandlerNotFound","errorMessage":"index.handler is undefined or not exported","trace":["Runtime.HandlerNotFound: index.handler is undefined or not exported"]}`,
			"index.handler is undefined or not exported"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := mustNew(t, jsFn("f", tc.src))
			defer s.Close()
			r := invokeJS(t, s, "f", tc.event)
			if tc.wantErr != "" {
				if r.FunctionError != FunctionErrorUnhandled || r.ErrorMessage != tc.wantErr {
					t.Fatalf("want error %q, got FunctionError=%q ErrorMessage=%q payload %s", tc.wantErr, r.FunctionError, r.ErrorMessage, r.Payload)
				}
				if tc.want != "" && string(r.Payload) != tc.want {
					t.Errorf("payload = %s, want %s", r.Payload, tc.want)
				}
				return
			}
			if r.FunctionError != "" || string(r.Payload) != tc.want {
				t.Fatalf("payload = %s (FunctionError %q), want %s", r.Payload, r.FunctionError, tc.want)
			}
		})
	}
}

func TestJSErrorShape(t *testing.T) {
	s := mustNew(t, jsFn("f", "exports.handler = async (event) => {\n  return x + 10;\n};"))
	defer s.Close()
	r := invokeJS(t, s, "f", `{}`)
	var doc struct {
		ErrorType    string   `json:"errorType"`
		ErrorMessage string   `json:"errorMessage"`
		Trace        []string `json:"trace"`
	}
	if err := json.Unmarshal(r.Payload, &doc); err != nil {
		t.Fatal(err)
	}
	// Node's document for the developer guide's example (nodejs-exceptions).
	if doc.ErrorType != "ReferenceError" || doc.ErrorMessage != "x is not defined" || len(doc.Trace) < 2 ||
		doc.Trace[0] != "ReferenceError: x is not defined" || !strings.Contains(doc.Trace[1], "index.js:2") {
		t.Fatalf("error document = %s", r.Payload)
	}
	if !strings.HasPrefix(string(r.Payload), `{"errorType":"ReferenceError","errorMessage":"x is not defined","trace":[`) {
		t.Errorf("key order differs from Node's: %s", r.Payload)
	}
	if len(r.Logs) != 1 || !strings.Contains(r.Logs[0], "\treq-1\tERROR\tInvoke Error \t{\"errorType\":\"ReferenceError\"") {
		t.Errorf("logs = %q", r.Logs)
	}
}

func TestJSConsoleAndWarmReuse(t *testing.T) {
	s := mustNew(t, jsFn("f", `let n = 0; console.log("init");
exports.handler = async (e) => { n++; console.log("call", n, {k: e.k}); return n; };`))
	defer s.Close()
	r1 := invokeJS(t, s, "f", `{"k":"a"}`)
	r2 := invokeJS(t, s, "f", `{"k":"b"}`)
	if string(r1.Payload) != "1" || string(r2.Payload) != "2" {
		t.Fatalf("module state not kept between warm invocations: %s then %s", r1.Payload, r2.Payload)
	}
	if !r1.ColdStart || r2.ColdStart {
		t.Errorf("cold starts = %v, %v; want true, false", r1.ColdStart, r2.ColdStart)
	}
	want := []string{"2026-03-01T12:00:00", "\treq-1\tINFO\tinit"}
	if len(r1.Logs) != 2 || !strings.HasPrefix(r1.Logs[0], want[0]) || !strings.HasSuffix(r1.Logs[0], want[1]) {
		t.Fatalf("cold logs = %q", r1.Logs)
	}
	if len(r2.Logs) != 1 || !strings.HasSuffix(r2.Logs[0], "\tINFO\tcall 2 {\"k\":\"b\"}") {
		t.Fatalf("warm logs = %q", r2.Logs)
	}
}

func TestJSInfiniteLoopTimesOut(t *testing.T) {
	fn := jsFn("spin", `exports.handler = async () => { for (;;) {} };`)
	fn.Timeout = model.Duration(50 * time.Millisecond)
	s := mustNew(t, fn)
	defer s.Close()
	r := invokeJS(t, s, "spin", `{}`)
	want := `{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: req-1 Error: Task timed out after 0.05 seconds"}`
	if !r.TimedOut || r.FunctionError != FunctionErrorUnhandled || string(r.Payload) != want {
		t.Fatalf("TimedOut=%v payload %s, want %s", r.TimedOut, r.Payload, want)
	}
	if r.Duration != 50*time.Millisecond {
		t.Errorf("Duration = %s, want the timeout", r.Duration)
	}
	// The stopped environment is replaced: the next call is a cold start and works.
	r = invokeJS(t, s, "spin", `{}`)
	if !r.TimedOut || !r.ColdStart {
		t.Errorf("second call: TimedOut=%v ColdStart=%v", r.TimedOut, r.ColdStart)
	}
}

func TestJSTopLevelLoopTimesOut(t *testing.T) {
	fn := jsFn("spin", `while (true) {} exports.handler = async () => 1;`)
	fn.Timeout = model.Duration(30 * time.Millisecond)
	s := mustNew(t, fn)
	defer s.Close()
	if r := invokeJS(t, s, "spin", `{}`); !r.TimedOut {
		t.Fatalf("payload %s, want a timeout", r.Payload)
	}
}

func TestJSMemoryBounded(t *testing.T) {
	fn := jsFn("hog", `exports.handler = async () => { const a = []; for (;;) a.push("x".repeat(1024) + a.length); };`)
	fn.MemorySize = 4 // MB; the validator asks for 128+, the Service takes what it is given
	fn.Timeout = model.Duration(time.Minute)
	s := mustNew(t, fn)
	defer s.Close()
	r := invokeJS(t, s, "hog", `{}`)
	want := `{"errorType":"Runtime.OutOfMemory","errorMessage":"RequestId: req-1 Error: Runtime exited with error: signal: killed"}`
	if string(r.Payload) != want {
		t.Fatalf("payload %s, want %s", r.Payload, want)
	}
}

func TestJSStackOverflow(t *testing.T) {
	s := mustNew(t, jsFn("deep", `const f = (n) => f(n + 1) + 1; exports.handler = async () => f(0);`))
	defer s.Close()
	r := invokeJS(t, s, "deep", `{}`)
	if r.FunctionError == "" || !strings.Contains(r.ErrorMessage, "call stack") {
		t.Fatalf("payload %s, want a stack overflow error", r.Payload)
	}
}

func TestJSHandlerFileReloads(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "auth.js")
	write := func(src string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(`exports.handler = async () => "one";`)
	fn := &model.Function{FunctionName: "f", Code: model.Code{Runtime: "nodejs20.x", Handler: "auth.handler"}}
	s, err := New([]*model.Function{fn}, "", "", 1, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if r := invokeJS(t, s, "f", `{}`); string(r.Payload) != `"one"` {
		t.Fatalf("payload %s", r.Payload)
	}
	write(`exports.handler = async () => "two, edited";`) // a different size: the stamp changes
	r := invokeJS(t, s, "f", `{}`)
	if string(r.Payload) != `"two, edited"` || !r.ColdStart {
		t.Fatalf("after the edit: payload %s cold %v", r.Payload, r.ColdStart)
	}
	write("exports.handler = async () => {\n  return (;\n};")
	r = invokeJS(t, s, "f", `{}`)
	var doc errorDoc
	_ = json.Unmarshal(r.Payload, &doc)
	if doc.ErrorType != "Runtime.UserCodeSyntaxError" || !strings.Contains(doc.ErrorMessage, "auth.js: Line 2") {
		t.Fatalf("syntax error answer: %s", r.Payload)
	}
}

func TestJSLoadErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.js"), []byte("exports.handler = async () => {\n  return (;\n};"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		code model.Code
		want string
	}{
		{model.Code{Handler: "missing.handler"}, "handler missing.handler: no missing.js, .mjs or .cjs in " + dir},
		{model.Code{Handler: "bad.handler"}, "bad.js: Line 2:11 Unexpected token ;"},
		{model.Code{Source: "exports.handler = ;"}, "SyntaxError: index.js: Line 1:"},
		{model.Code{Handler: "nodot"}, `handler "nodot" is not file.export`},
	}
	for _, tc := range tests {
		_, err := New([]*model.Function{{FunctionName: "f", Code: tc.code}}, "", "", 1, Options{Dir: dir})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want it to contain %q", tc.code, err, tc.want)
		}
	}
}

func TestJSVersionPinsFile(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"v1.js": `exports.handler = async () => "v1";`,
		"v2.js": `exports.handler = async () => "v2";`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fn := &model.Function{FunctionName: "f", Code: model.Code{Handler: "v2.handler"},
		Versions: []*model.Version{{Version: "1", Handler: "v1.handler"}},
		Aliases:  map[string]*model.AliasTarget{"live": {Version: "1"}}}
	s, err := New([]*model.Function{fn}, "", "", 1, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for q, want := range map[string]string{"": `"v2"`, "1": `"v1"`, "live": `"v1"`} {
		r := mustInvoke(t, s, &Invocation{Function: "f", Qualifier: q, Now: t0})
		if string(r.Payload) != want {
			t.Errorf("qualifier %q: payload %s, want %s", q, r.Payload, want)
		}
	}
}

func TestJSDeclaredTime(t *testing.T) {
	fn := jsFn("f", `exports.handler = async () => 1;`)
	fn.Latency = fixed(ms(120))
	fn.ColdStart = model.Duration(ms(300))
	s, err := New([]*model.Function{fn}, "", "", 1, Options{DeclaredTime: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r1 := invokeJS(t, s, "f", `{}`)
	r2 := mustInvoke(t, s, &Invocation{Function: "f", Now: t0.Add(time.Second)})
	if r1.Duration != ms(420) || !r1.ColdStart || r2.Duration != ms(120) || r2.ColdStart || string(r2.Payload) != "1" {
		t.Fatalf("durations %s (cold %v), %s (cold %v)", r1.Duration, r1.ColdStart, r2.Duration, r2.ColdStart)
	}
	// A declared latency over the timeout is a timeout, whatever the code did.
	fn2 := jsFn("g", `exports.handler = async () => 1;`)
	fn2.Latency, fn2.Timeout = fixed(5*time.Second), model.Duration(3*time.Second)
	s2, err := New([]*model.Function{fn2}, "", "", 1, Options{DeclaredTime: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if r := invokeJS(t, s2, "g", `{}`); !r.TimedOut || r.Duration != 3*time.Second {
		t.Fatalf("TimedOut %v Duration %s", r.TimedOut, r.Duration)
	}
}

func TestJSResponseTooLarge(t *testing.T) {
	s := mustNew(t, jsFn("big", `exports.handler = async () => "x".repeat(6291557);`))
	defer s.Close()
	r := invokeJS(t, s, "big", `{}`)
	if r.FunctionError == "" || !strings.Contains(string(r.Payload), `"errorType":"Function.ResponseSizeTooLarge"`) {
		t.Fatalf("payload %.200s", r.Payload)
	}
}

func TestESMToCommonJS(t *testing.T) {
	in := "import crypto from 'crypto';\nimport { randomUUID as id } from \"node:crypto\";\nexport const handler = async () => 1;\nexport default handler;\n"
	want := "const crypto = require('crypto');\nconst { randomUUID: id } = require(\"node:crypto\");\nconst handler = exports.handler = async () => 1;\nmodule.exports.default = handler;\n"
	if got := esmToCommonJS(in); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// BenchmarkInvokeJS is a warm invocation of a small JavaScript handler with a REST proxy
// event: parse the event, run the handler, stringify the answer, decode it for the caller.
func BenchmarkInvokeJS(b *testing.B) {
	s := mustNew(b, jsFn("f", `exports.handler = async (event) => ({statusCode: 200, body: JSON.stringify({id: event.pathParameters.id})});`))
	defer s.Close()
	ev := []byte(`{"resource":"/pets/{id}","path":"/pets/7","httpMethod":"GET","headers":{"Accept":"*/*","Host":"abc.execute-api.us-east-1.amazonaws.com"},"multiValueHeaders":{"Accept":["*/*"]},"queryStringParameters":null,"pathParameters":{"id":"7"},"stageVariables":null,"requestContext":{"resourcePath":"/pets/{id}","httpMethod":"GET","stage":"prod","requestId":"c6af9ac6-7b61-11e6-9a41-93e8deadbeef","identity":{"sourceIp":"203.0.113.1"}},"body":null,"isBase64Encoded":false}`)
	inv := &Invocation{Function: "f", Event: func() []byte { return ev }, RequestID: "r", Now: t0}
	if r, _ := s.Invoke(inv); string(r.Payload) != `{"statusCode":200,"body":"{\"id\":\"7\"}"}` {
		b.Fatalf("payload %s", r.Payload)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Invocations one after another in time, as a client's are: at one fixed instant
		// they would pile up as concurrent executions and throttle past 1000.
		inv.Now = t0.Add(time.Duration(i+1) * time.Second)
		if r, err := s.Invoke(inv); err != nil || r.Throttled || r.ColdStart {
			b.Fatalf("invocation %d: %v throttled %v cold %v", i, err, r.Throttled, r.ColdStart)
		}
	}
}

// Concurrent invocations each get an environment of their own; none sees another's event.
func TestJSConcurrentInvocations(t *testing.T) {
	s := mustNew(t, jsFn("f", `exports.handler = async (e) => { let x = 0; for (let i = 0; i < 1000; i++) x += i; return e.n + ":" + x; };`))
	defer s.Close()
	done := make(chan string, 64)
	for g := 0; g < 8; g++ {
		go func(g int) {
			for i := 0; i < 8; i++ {
				n := g*100 + i
				r, err := s.Invoke(&Invocation{Function: "f", Now: t0, Event: event2(`{"n":` + itoa(n) + `}`)})
				want := `"` + itoa(n) + `:499500"`
				if err != nil || string(r.Payload) != want {
					done <- "payload " + string(r.Payload) + ", want " + want
					continue
				}
				done <- ""
			}
		}(g)
	}
	for i := 0; i < 64; i++ {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestJSPlainReturnNote(t *testing.T) {
	s := mustNew(t, jsFn("f", `exports.handler = function (event) { return {statusCode: 200}; };`))
	defer s.Close()
	r := invokeJS(t, s, "f", `{}`)
	if string(r.Payload) != "null" || !strings.Contains(r.Note, "ignores its return value") {
		t.Fatalf("payload %s note %q", r.Payload, r.Note)
	}
	s2 := mustNew(t, jsFn("g", `exports.handler = async () => 1;`))
	defer s2.Close()
	if r := invokeJS(t, s2, "g", `{}`); r.Note != "" {
		t.Fatalf("note on an async handler: %q", r.Note)
	}
}
