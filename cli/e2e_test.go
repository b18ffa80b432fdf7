package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// binary is the apigwlab binary built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "apigwlab-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "apigwlab")
	// Progress and the quiz history go to a throwaway directory, never the user's own.
	if os.Getenv("APIGWLAB_CONFIG_DIR") == "" {
		os.Setenv("APIGWLAB_CONFIG_DIR", filepath.Join(dir, "config"))
	}
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, "..")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("build apigwlab: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// apigwlab runs the binary from the repository root and returns stdout, stderr and exit code.
func apigwlab(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

func invokeJSONOut(t *testing.T, args ...string) invokeResult {
	t.Helper()
	out, errOut, code := apigwlab(t, "", append([]string{"invoke", "-f", "examples/pets.yaml", "--json", "--seed", "7"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d, stderr: %s", code, errOut)
	}
	var r invokeResult
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out)
	}
	return r
}

func TestInvokeEndToEnd(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantStatus int
		wantBody   string
		wantHeader map[string]string
	}{
		{"proxy", []string{"GET", "/prod/pets"}, 200, `[{"id":1,"name":"Rex"},{"id":7,"name":"Tom"}]`,
			map[string]string{"Content-Type": "application/json"}},
		{"stage flag", []string{"--stage", "prod", "GET", "/pets"}, 200, `[{"id":1,"name":"Rex"},{"id":7,"name":"Tom"}]`, nil},
		{"unknown path", []string{"GET", "/prod/nothing-here"}, 403, `{"message":"Missing Authentication Token"}`,
			map[string]string{"x-amzn-ErrorType": "MissingAuthenticationTokenException"}},
		{"unknown method", []string{"DELETE", "/prod/pets"}, 403, `{"message":"Missing Authentication Token"}`, nil},
		{"unknown stage", []string{"GET", "/dev/pets"}, 403, `{"message":"Missing Authentication Token"}`, nil},
		{"malformed proxy response", []string{"GET", "/prod/broken"}, 502, `{"message": "Internal server error"}`,
			map[string]string{"x-amzn-ErrorType": "InternalServerErrorException"}},
		{"timeout", []string{"GET", "/prod/slow"}, 504, `{"message": "Endpoint request timed out"}`, nil},
		{"custom integration success", []string{"GET", "/prod/pets/7"}, 200, `{"id":7,"name":"Tom"}`, nil},
		{"selectionPattern", []string{"GET", "/prod/pets/404"}, 404,
			`{"errorMessage":"pet 404 not found","errorType":"NotFound","stackTrace":[]}`, nil},
		{"mock", []string{"GET", "/prod/health"}, 200, `{"status": "ok"}`, nil},
		{"post with body", []string{"POST", "/prod/pets", "-H", "Content-Type: application/json", "-d", `{"name":"Rex"}`}, 201, `{"id":8}`,
			map[string]string{"Location": "/pets/8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := invokeJSONOut(t, tt.args...)
			if r.Status != tt.wantStatus || r.Body != tt.wantBody {
				t.Fatalf("got %d %s, want %d %s", r.Status, r.Body, tt.wantStatus, tt.wantBody)
			}
			for k, v := range tt.wantHeader {
				if r.Headers[k] != v {
					t.Errorf("header %s = %q, want %q", k, r.Headers[k], v)
				}
			}
			if len(r.Headers["x-amzn-RequestId"]) != 36 || len(r.Trace) == 0 {
				t.Errorf("missing request id or trace: %+v", r)
			}
		})
	}
}

func TestInvokeTimeoutTakesNoRealTime(t *testing.T) {
	r := invokeJSONOut(t, "GET", "/prod/slow")
	if r.LatencyMs != 29000 {
		t.Fatalf("latencyMs = %v, want 29000", r.LatencyMs)
	}
}

func TestInvokeEchoShowsTheEvent(t *testing.T) {
	r := invokeJSONOut(t, "POST", "/prod/echo/a/b?x=1&x=2", "-d", `{"name":"Rex"}`)
	var ev map[string]any
	if err := json.Unmarshal([]byte(r.Body), &ev); err != nil {
		t.Fatalf("echo body: %v", err)
	}
	if ev["resource"] != "/echo/{proxy+}" || ev["body"] != `{"name":"Rex"}` ||
		ev["queryStringParameters"].(map[string]any)["x"] != "2" {
		t.Fatalf("event = %v", ev)
	}
}

func TestInvokeHumanOutput(t *testing.T) {
	out, _, code := apigwlab(t, "", "invoke", "-f", "examples/pets.yaml", "GET", "/prod/broken", "--trace", "--seed", "1")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"HTTP/1.1 502 Bad Gateway", "x-amzn-ErrorType: InternalServerErrorException",
		`"message": "Internal server error"`, "Trace", "malformed Lambda proxy response",
		"Execution failed due to configuration error: Malformed Lambda proxy response", "Method completed with status: 502"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("NO_COLOR output has escape codes")
	}
}

func TestInvokeBadArguments(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"no workspace", []string{"invoke", "GET", "/prod/pets"}, "invoke needs a workspace: -f FILE"},
		{"missing path", []string{"invoke", "-f", "examples/pets.yaml", "GET"}, "invoke needs METHOD and PATH"},
		{"relative path", []string{"invoke", "-f", "examples/pets.yaml", "GET", "prod/pets"}, `PATH "prod/pets" must start with /`},
		{"bad header", []string{"invoke", "-f", "examples/pets.yaml", "-H", "nocolon", "GET", "/prod/pets"}, `header "nocolon": write -H 'Name: value'`},
		{"missing file", []string{"invoke", "-f", "nope.yaml", "GET", "/prod/pets"}, "nope.yaml"},
		{"unknown api", []string{"invoke", "-f", "examples/pets.yaml", "--api", "cats", "GET", "/prod/pets"}, `no API named "cats"`},
		{"bad method", []string{"invoke", "-f", "examples/pets.yaml", "G-T", "/prod/pets"}, `"G-T" is not an HTTP method`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := apigwlab(t, "", tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.wantErr) {
				t.Fatalf("exit %d stderr %q, want 2 and %q", code, errOut, tt.wantErr)
			}
		})
	}
}

func TestInvokeBodyFromStdin(t *testing.T) {
	out, errOut, code := apigwlab(t, `{"from":"stdin"}`, "invoke", "-f", "examples/pets.yaml", "--json", "POST", "/prod/echo/x", "-d", "@-")
	if code != 0 || !strings.Contains(out, `\\\"from\\\":\\\"stdin\\\"`) {
		t.Fatalf("exit %d %s %s", code, out, errOut)
	}
}

func TestValidate(t *testing.T) {
	out, errOut, code := apigwlab(t, "", "validate", "examples/pets.yaml")
	if code != 0 || !strings.HasPrefix(out, "examples/pets.yaml: valid") {
		t.Fatalf("exit %d out %q err %q", code, out, errOut)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte(`restApis:
  - name: pets
    resources:
      pets:
        FETCH:
          integration: {type: MOCK, timeoutInMillis: 40000}
    stages:
      - stageName: prod
        variables: {my-var: x}
`), 0o644)
	_, errOut, code = apigwlab(t, "", "validate", bad)
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	for _, want := range []string{bad + ":4:", bad + ":5:", "FETCH", "40000", "my-var", "problem(s)"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestHelpTeaches(t *testing.T) {
	out, _, code := apigwlab(t, "", "--help")
	if code != 0 || !strings.Contains(out, "invoke") || !strings.Contains(out, "validate") {
		t.Fatalf("exit %d: %s", code, out)
	}
	out, _, _ = apigwlab(t, "", "invoke", "--help")
	if !strings.Contains(out, "stage first") || !strings.Contains(out, "Exit status") {
		t.Fatalf("invoke --help: %s", out)
	}
}

func TestNoTerminalPrintsWelcome(t *testing.T) {
	out, _, code := apigwlab(t, "")
	if code != 0 || !strings.Contains(out, "apigwlab invoke -f examples/pets.yaml GET /prod/pets") {
		t.Fatalf("exit %d: %s", code, out)
	}
}

func TestReplayExitCodes(t *testing.T) {
	out, errOut, code := apigwlab(t, "", "replay", "malformed-proxy-502")
	if code != 0 || !strings.Contains(out, "Result: PASS (4 of 4 expectations hold)") {
		t.Fatalf("bundled replay: exit %d\n%s\n%s", code, out, errOut)
	}
	dir := t.TempDir()
	failing := filepath.Join(dir, "fail.yaml")
	os.WriteFile(failing, []byte(`name: fails
workspace: `+filepath.Join(mustAbs(t, "../examples"), "pets.yaml")+`
traffic:
  - {from: 0s, to: 10s, rate: 10/s, request: {method: GET, path: /prod/slow}}
expect:
  - {metric: status.504.ratio, equals: 1}
  - {metric: status.200.ratio, atLeast: 0.99}
`), 0o644)
	out, _, code = apigwlab(t, "", "replay", failing, "--allow-outside")
	if code != 1 || !strings.Contains(out, "FAIL  status.200.ratio") || !strings.Contains(out, "PASS  status.504.ratio") {
		t.Fatalf("failing expectation: exit %d\n%s", code, out)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("name: bad\ntraffic: 3\n"), 0o644)
	_, errOut, code = apigwlab(t, "", "replay", bad)
	if code != 2 || !strings.Contains(errOut, bad+":1:1: workspace: a scenario needs a workspace") || !strings.Contains(errOut, bad+":2:10: traffic: want a list") {
		t.Fatalf("bad file: exit %d\n%s", code, errOut)
	}
	_, errOut, code = apigwlab(t, "", "replay", "no-such-scenario")
	if code != 2 || !strings.Contains(errOut, "bundled: ") || !strings.Contains(errOut, "integration-error-mapping") {
		t.Fatalf("unknown name: exit %d %s", code, errOut)
	}
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestReplayJSONIsDeterministic(t *testing.T) {
	a, _, code := apigwlab(t, "", "replay", "integration-error-mapping", "--json")
	b, _, _ := apigwlab(t, "", "replay", "integration-error-mapping", "--json")
	if code != 0 || a != b {
		t.Fatalf("exit %d; two runs differ: %v", code, a != b)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(a), &r); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"scenario", "seed", "requests", "statusCounts", "functions", "cache", "series", "expectations", "passed"} {
		if _, ok := r[k]; !ok {
			t.Errorf("--json lacks %q", k)
		}
	}
	c, _, _ := apigwlab(t, "", "replay", "integration-error-mapping", "--json", "--seed", "5")
	if c == a {
		t.Error("--seed did not change the run")
	}
}

// A WebSocket scenario from the CLI: 2 hours of virtual clients, the idle timeout and the
// 2-hour limit, in one run; JSON carries CloudWatch's WebSocket metrics.
func TestReplayWebSocketScenario(t *testing.T) {
	out, errOut, code := apigwlab(t, "", "replay", "idle-timeout")
	if code != 0 || !strings.Contains(out, "PASS  disconnect.1001.count  window 10m-10m10s") || !strings.Contains(out, "  ConnectCount      30 (101: 30)") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	out, _, code = apigwlab(t, "", "replay", "gone-410", "--json")
	var r struct {
		WebSocket struct {
			ConnectCount int64
			PushStatus   map[string]int64 `json:"pushStatus"`
		} `json:"websocket"`
		Passed bool `json:"passed"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != 0 || !r.Passed || r.WebSocket.ConnectCount != 50 || r.WebSocket.PushStatus["410"] == 0 {
		t.Fatalf("exit %d, %v: %+v", code, err, r)
	}
}

func TestScenariosList(t *testing.T) {
	out, _, code := apigwlab(t, "", "scenarios", "list")
	for _, want := range []string{"malformed-proxy-502", "lambda-timeout-504", "integration-error-mapping", "chat-fanout", "idle-timeout", "connect-authorizer-deny", "gone-410"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("exit %d, lacks %s:\n%s", code, want, out)
		}
	}
}

func TestServeEndToEnd(t *testing.T) {
	cmd := exec.Command(binary, "serve", "-f", "examples/pets.yaml", "--addr", "127.0.0.1:0", "--no-sleep", "--seed", "1")
	cmd.Dir = ".."
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	buf := make([]byte, 4096)
	n, _ := out.Read(buf)
	first := strings.SplitN(string(buf[:n]), "\n", 2)[0]
	base := first[strings.LastIndex(first, " ")+1:]
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("first line %q", first)
	}
	resp, err := http.Get(base + "/prod/nothing-here")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 403 || string(body) != `{"message":"Missing Authentication Token"}` {
		t.Fatalf("got %d %s", resp.StatusCode, body)
	}
	_, errOut, code := apigwlab(t, "", "serve")
	if code != 2 || !strings.Contains(errOut, "serve needs a workspace") {
		t.Fatalf("serve without -f: %d %s", code, errOut)
	}
}

func TestVTLRender(t *testing.T) {
	out, errOut, code := apigwlab(t, "", "vtl", "render", `{"id": "$input.params('id')", "n": $input.json('$.n'), "s": "$stageVariables.alias", "who": "$context.authorizer.principalId"}`,
		"--body", `{"n": 3}`, "--params", "path.id=7", "--stage-variables", "alias=live", "--context", "authorizer.principalId=u1")
	if code != 0 || out != `{"id": "7", "n": 3, "s": "live", "who": "u1"}`+"\n" {
		t.Fatalf("exit %d out %q err %s", code, out, errOut)
	}
	_, errOut, code = apigwlab(t, "", "vtl", "render", "#if($x) open")
	if code != 2 || !strings.Contains(errOut, "template:1:13: unclosed #if (opened at 1:1)") {
		t.Fatalf("exit %d err %q", code, errOut)
	}
}

// A mapping template that does not parse is a warning at its line and column: AWS deploys
// it and fails the requests that use it, so the file is valid (exit 0).
func TestValidateWarnsUnparsableTemplate(t *testing.T) {
	f := filepath.Join(t.TempDir(), "tpl.yaml")
	os.WriteFile(f, []byte(`apiVersion: apigwlab/v1
restApis:
  - name: t
    resources:
      /a:
        POST:
          integration:
            type: MOCK
            requestTemplates:
              application/json: |
                {"statusCode": 200}
                #set($a = )
            integrationResponses: [{statusCode: "200"}]
          methodResponses: [{statusCode: "200"}]
    stages: [{stageName: prod}]
`), 0o644)
	out, errOut, code := apigwlab(t, "", "validate", f)
	want := f + `:12:27: restApis[0].resources./a.POST.integration.requestTemplates.application/json: warning: the mapping template does not parse (its line 2, column 11): unexpected ")" in expression.`
	if code != 0 || !strings.HasPrefix(out, f+": valid") || !strings.HasPrefix(errOut, want) || !strings.Contains(errOut, f+": 1 warning(s)") {
		t.Fatalf("exit %d\nstdout %q\nstderr %q\nwant stderr starting %q", code, out, errOut, want)
	}
}
