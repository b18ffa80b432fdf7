package cli

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestServeHostileBodiesLoad is a load check (make load-serve, APIGWLAB_LOAD=1): 400
// connections each declare a 10 MB body and send one byte. serve must stay under 200 MB
// resident (before bodies were read incrementally it allocated 10 MB per connection, 4 GB)
// and keep answering a normal client. Bounded in count; loopback only.
func TestServeHostileBodiesLoad(t *testing.T) {
	if os.Getenv("APIGWLAB_LOAD") == "" {
		t.Skip("a load check: make load-serve runs it (APIGWLAB_LOAD=1)")
	}
	ws := filepath.Join(t.TempDir(), "ws.yaml")
	if err := os.WriteFile(ws, []byte(servedWorkspace("ok", "1ms")), 0o644); err != nil {
		t.Fatal(err)
	}
	p := runServe(t, "-f", ws, "--no-sleep")
	addr := strings.TrimPrefix(p.base, "http://")
	const conns = 400
	for range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST /prod/v HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\nx")
	}
	// A normal client is answered while the 400 wait (its answer also shows serve has read
	// every earlier connection's headers on this 2-core box, give or take a few).
	if resp, body := do(t, "GET", p.base+"/prod/v", nil); resp.StatusCode != 200 || body != "ok" {
		t.Errorf("a normal client got %d %q", resp.StatusCode, body)
	}
	rss := residentKB(t, p.cmd.Process.Pid)
	t.Logf("serve resident with %d hostile connections: %d MB", conns, rss>>10)
	if rss > 200<<10 {
		t.Errorf("serve is %d MB resident, want under 200 MB", rss>>10)
	}
}

// residentKB reads VmRSS from /proc (Linux).
func residentKB(t *testing.T, pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n
		}
	}
	t.Fatal("no VmRSS")
	return 0
}
