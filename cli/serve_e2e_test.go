package cli

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer the server process writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveProc is a running `apigwlab serve`.
type serveProc struct {
	cmd            *exec.Cmd
	base           string
	stdout, stderr *syncBuffer
	done           chan struct{}
	err            error
}

// runServe starts `apigwlab serve ARGS --addr 127.0.0.1:0` from the repository root and reads
// its base URL from the banner's first line.
func runServe(t *testing.T, args ...string) *serveProc {
	t.Helper()
	p := &serveProc{stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(binary, append(append([]string{"serve"}, args...), "--addr", "127.0.0.1:0")...)
	p.cmd.Dir = ".."
	p.cmd.Stderr = p.stderr
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewReader(out)
	first, err := lines.ReadString('\n')
	if err != nil {
		p.cmd.Process.Kill()
		t.Fatalf("serve printed no banner (%v); stderr: %s", err, p.stderr.String())
	}
	p.stdout.Write([]byte(first))
	p.base = first[strings.LastIndex(strings.TrimSpace(first), " ")+1 : len(first)-1]
	go func() {
		io.Copy(p.stdout, lines)
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// stop sends SIGINT and returns the exit code.
func (p *serveProc) stop(t *testing.T) int {
	t.Helper()
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.done:
	case <-time.After(60 * time.Second): // bounds a hang only: no speed is asserted
		t.Fatalf("serve did not stop on SIGINT; stdout: %s", p.stdout.String())
	}
	return p.cmd.ProcessState.ExitCode()
}

func do(t *testing.T, method, url string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestServeDrivenByAnHTTPClient: AWS's headers on a 200, the 403 of an unknown path, a
// browser's preflight, the log line, the banner and a clean exit on Ctrl+C.
func TestServeDrivenByAnHTTPClient(t *testing.T) {
	p := runServe(t, "-f", "examples/cors.yaml", "--no-sleep", "--seed", "1")
	if !strings.HasPrefix(p.base, "http://127.0.0.1:") {
		t.Fatalf("base %q from %q", p.base, p.stdout.String())
	}
	const origin = "https://shop.example.com"
	tests := []struct {
		name, method, path string
		header             map[string]string
		status             int
		body               string
		want               map[string]string
	}{
		{"GET with AWS headers", "GET", "/prod/orders", map[string]string{"Origin": origin}, 200, `[{"id":"o-1","total":42}]`,
			map[string]string{"Content-Type": "application/json", "Access-Control-Allow-Origin": "*", "Content-Length": "25"}},
		{"unknown path", "GET", "/prod/nothing-here", nil, 403, `{"message":"Missing Authentication Token"}`,
			map[string]string{"Content-Type": "application/json", "x-amzn-ErrorType": "MissingAuthenticationTokenException",
				"Access-Control-Allow-Origin": "*"}},
		{"browser preflight", "OPTIONS", "/prod/orders", map[string]string{"Origin": origin,
			"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,x-api-key"}, 200, "",
			map[string]string{"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET,POST,OPTIONS",
				"Access-Control-Allow-Headers": "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token", "Content-Length": "0"}},
		{"unknown stage on the API without CORS", "GET", "/prod/nothing", map[string]string{"Host": "fktd1h9vn6.execute-api.us-east-1.amazonaws.com"},
			403, `{"message":"Missing Authentication Token"}`, map[string]string{"Access-Control-Allow-Origin": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, p.base+tt.path, nil)
			for k, v := range tt.header {
				req.Header.Set(k, v)
				if k == "Host" {
					req.Host = v
				}
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status || string(b) != tt.body {
				t.Fatalf("got %d %q, want %d %q", resp.StatusCode, b, tt.status, tt.body)
			}
			for k, v := range tt.want {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
			if len(resp.Header.Values("x-amzn-RequestId")) != 1 || len(resp.Header.Values("x-amz-apigw-id")) != 1 {
				t.Errorf("id headers: %v", resp.Header)
			}
		})
	}
	t.Run("AWS's header casing on the wire", func(t *testing.T) {
		// Go's client canonicalises names it reads: look at the raw bytes.
		conn, err := net.Dial("tcp", strings.TrimPrefix(p.base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		io.WriteString(conn, "GET /prod/orders HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		raw, _ := io.ReadAll(conn)
		for _, want := range []string{"HTTP/1.1 200 OK\r\n", "\r\nx-amzn-RequestId: ", "\r\nx-amz-apigw-id: ", "\r\nX-Amzn-Trace-Id: Root=1-"} {
			if !strings.Contains(string(raw), want) {
				t.Errorf("response lacks %q:\n%s", want, raw)
			}
		}
	})
	if code := p.stop(t); code != 0 {
		t.Errorf("exit %d after SIGINT; stderr: %s", code, p.stderr.String())
	}
	out := p.stdout.String()
	for _, want := range []string{"orders (", "stage prod: " + p.base + "/prod/", "legacy (", "Try: curl -i " + p.base + "/prod/orders",
		"Press Ctrl+C to stop.", "Stopped."} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(p.stderr.String(), "OPTIONS /prod/orders → 200 (") ||
		!strings.Contains(p.stderr.String(), "GET /prod/nothing-here → 403 MISSING_AUTHENTICATION_TOKEN") {
		t.Errorf("log lines:\n%s", p.stderr.String())
	}
}

func TestServeFinishesInFlightRequestsOnSIGINT(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "slow.yaml")
	os.WriteFile(ws, []byte(servedWorkspace("slow answer", "2s")), 0o644)
	p := runServe(t, "-f", ws)
	got := make(chan string, 1)
	wrote := make(chan struct{})
	go func() {
		req, _ := http.NewRequest("GET", p.base+"/prod/v", nil)
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			WroteRequest: func(httptrace.WroteRequestInfo) { close(wrote) }}))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- string(b)
	}()
	<-wrote
	// The request is sent; give serve a moment to read it (it then waits 2 s of simulated latency).
	time.Sleep(500 * time.Millisecond)
	if code := p.stop(t); code != 0 {
		t.Errorf("exit %d", code)
	}
	if body := <-got; body != "slow answer" {
		t.Errorf("the request in flight got %q", body)
	}
	if out := p.stdout.String(); !strings.Contains(out, "waiting up to 30s for 1 request(s) in flight") || !strings.Contains(out, "Stopped.") {
		t.Errorf("stdout:\n%s", out)
	}
}

func TestServeWatchReloads(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "ws.yaml")
	write := func(s string) {
		if err := os.WriteFile(ws, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(servedWorkspace("first", "1ms"))
	p := runServe(t, "-f", ws, "--watch", "--no-sleep")
	body := func() string { _, b := do(t, "GET", p.base+"/prod/v", nil); return b }
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for end := time.Now().Add(60 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
			if ok() {
				return
			}
		}
		t.Fatalf("timed out waiting for %s; stdout:\n%s\nstderr:\n%s", what, p.stdout.String(), p.stderr.String())
	}
	if b := body(); b != "first" {
		t.Fatalf("got %q", b)
	}
	write(servedWorkspace("second version", "1ms"))
	// The gateway is swapped before the "reloaded" line is printed: wait for both, so a
	// request that already sees the new version cannot race the log line (flaky under load).
	waitFor("the reload", func() bool { return body() == "second version" })
	waitFor("the reload's log line", func() bool { return strings.Contains(p.stdout.String(), "reloaded "+ws+": w (prod)") })
	write(strings.Replace(servedWorkspace("third", "1ms"), "stageName: prod", "stageName: [prod]", 1))
	waitFor("the error", func() bool { return strings.Contains(p.stderr.String(), "did not reload") })
	if e := p.stderr.String(); !strings.Contains(e, "still serving the previous version") || !strings.Contains(e, ws+":9:") {
		t.Errorf("the error should name file:line:\n%s", e)
	}
	if b := body(); b != "second version" {
		t.Errorf("after a broken save: %q", b)
	}
	if code := p.stop(t); code != 0 {
		t.Errorf("exit %d", code)
	}
}

func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	_, errOut, code := apigwlab(t, "", "serve", "-f", "examples/pets.yaml", "--addr", addr)
	if code != 2 || !strings.Contains(errOut, "cannot listen on "+addr+": the address is already in use") ||
		!strings.Contains(errOut, "--addr 127.0.0.1:0") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// servedWorkspace is a one-method workspace whose GET /prod/v answers body after latency.
func servedWorkspace(body, latency string) string {
	return `apiVersion: apigwlab/v1
restApis:
  - name: w
    resources:
      /v:
        GET:
          integration: {type: AWS_PROXY, uri: "function:v"}
    stages:
      - stageName: prod
functions:
  - functionName: v
    latency: ` + latency + `
    returns: {statusCode: 200, body: "` + body + `"}
`
}

func TestServeWarnsWhenListeningBeyondLoopback(t *testing.T) {
	// Addresses only: the test binds nothing beyond 127.0.0.1.
	for _, tt := range []struct {
		addr *net.TCPAddr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 3000}, ""},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 3000}, ""},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 3000}, "apigwlab: warning: serve listens on every network interface (0.0.0.0:3000): anyone who can reach this machine can call it; --addr 127.0.0.1:PORT keeps it local"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 3000}, "apigwlab: warning: serve listens on every network interface ([::]:3000): anyone"},
		{&net.TCPAddr{IP: net.IPv4(192, 168, 1, 5), Port: 80}, "apigwlab: warning: serve listens on 192.168.1.5:80: anyone"},
	} {
		if got := exposedWarning(tt.addr); (tt.want == "") != (got == "") || !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: %q", tt.addr, got)
		}
	}
}
