//go:build unix

package cli

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestInvokeJavaScriptFunction(t *testing.T) {
	out, errOut, code := apigwlab(t, "", "invoke", "-f", "examples/code/code.yaml", "GET", "/prod/hello?name=ada", "-H", "Authorization: alice", "--trace")
	if code != 0 || !strings.HasPrefix(out, "HTTP/1.1 200 OK") || !strings.Contains(out, `"message": "hello ada"`) ||
		!strings.Contains(out, "INFO  hello ada (call 1 of this environment)") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
}

// Function processes end with apigwlab: on a clean stop (Close) and, on Linux, even when
// apigwlab is killed outright (the kernel's parent-death signal).
func TestFunctionProcessesEndWithServe(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	sigs := []os.Signal{os.Interrupt}
	if runtime.GOOS == "linux" {
		sigs = append(sigs, syscall.SIGKILL)
	}
	for _, sig := range sigs {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(binary, "serve", "-f", "examples/code/go.yaml", "--addr", "127.0.0.1:0")
			cmd.Dir = ".."
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			lines := bufio.NewScanner(out)
			base := ""
			for base == "" && lines.Scan() {
				if i := strings.Index(lines.Text(), "http://127.0.0.1:"); i >= 0 {
					base = strings.TrimSuffix(strings.Fields(lines.Text()[i:])[0], "/")
				}
			}
			if base == "" {
				t.Fatal("serve printed no address")
			}
			go io.Copy(io.Discard, out)
			resp, err := http.Get(base + "/prod/bash")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			i := strings.Index(string(body), "(pid ")
			if resp.StatusCode != 200 || i < 0 {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			rest := string(body)[i+5:]
			pid, err := strconv.Atoi(rest[:strings.IndexByte(rest, ')')])
			if err != nil || !alive(pid) {
				t.Fatalf("bootstrap pid %d (%v) should run while serving", pid, err)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait()
			deadline := time.Now().Add(30 * time.Second)
			for alive(pid) {
				if time.Now().After(deadline) {
					t.Fatalf("the function process %d outlived apigwlab (%s)", pid, sig)
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

// alive reports whether pid runs; a zombie waiting to be reaped counts as gone.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return runtime.GOOS != "linux" // no /proc: trust kill(0)
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z" && f[0] != "X"
}
