package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Clients that declare a 10 MB body and send one byte must not cost 10 MB each: the body
// is read as it arrives. Counted in bytes allocated (runtime.MemStats), not in time.
func TestDeclaredContentLengthIsNotAllocated(t *testing.T) {
	h := New(gateway(t), Options{})
	srv := httptest.NewServer(h)
	defer srv.Close()
	const conns = 40
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var cs []net.Conn
	for range conns {
		c, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
		fmt.Fprintf(c, "POST /prod/echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\nx")
	}
	defer func() {
		for _, c := range cs {
			c.Close()
		}
	}()
	poll(t, "every connection's handler reading its body", func() bool { return h.InFlight() == conns })
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 20<<20 {
		t.Errorf("%d connections that sent 1 byte each made serve allocate %d MB", conns, got>>20)
	}
	if got := h.bodies.used(); got > conns*bodyChunk {
		t.Errorf("bodies hold %d bytes, want at most %d", got, conns*bodyChunk)
	}
	// Another client is answered meanwhile.
	resp, err := http.Post(srv.URL+"/prod/echo/x", "text/plain", strings.NewReader("hello"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("a normal client got %d", resp.StatusCode)
	}
}

// A body that cannot get memory from the budget waits, then is answered 503; the bytes
// come back to the budget when a request ends.
func TestBodyBudget(t *testing.T) {
	h := New(gateway(t), Options{BodyBudget: 64 << 10})
	h.bodies.wait = 10 * time.Millisecond
	srv := httptest.NewServer(h)
	defer srv.Close()
	// One client holds 32 KB of the budget (a 40 KB body, half sent).
	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(c, "POST /prod/echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", 40<<10, strings.Repeat("a", 20<<10))
	poll(t, "the first body to hold 32 KB", func() bool { return h.bodies.used() == 32<<10 })
	// A second 40 KB body needs 40 KB more than the 32 KB left: it waits, then gets 503.
	resp, err := http.Post(srv.URL+"/prod/echo/x", "text/plain", strings.NewReader(strings.Repeat("b", 40<<10)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "1" {
		t.Errorf("got %d %v, want 503 with Retry-After", resp.StatusCode, resp.Header)
	}
	// The first client finishes: it is answered, and the budget is whole again.
	fmt.Fprint(c, strings.Repeat("a", 20<<10))
	st, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Body.Close()
	c.Close()
	if st.StatusCode != 200 {
		t.Errorf("the first client got %d", st.StatusCode)
	}
	poll(t, "the budget to be released", func() bool { return h.bodies.used() == 0 })
}

func TestBudgetAcquireGivesUpWithTheContext(t *testing.T) {
	b := newBudget(10)
	if err := b.acquire(context.Background(), 11); err != errBusy {
		t.Errorf("more than the whole budget: %v", err)
	}
	if err := b.acquire(context.Background(), 10); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.acquire(ctx, 1); err != context.Canceled {
		t.Errorf("cancelled: %v", err)
	}
	b.release(10)
	if b.used() != 0 {
		t.Errorf("used %d", b.used())
	}
}

// poll waits for ok; the deadline only bounds a hang, no speed is asserted.
func poll(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(60 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// Header values over AWS's 10240-byte quota are answered 413 at the front door.
func TestHeaderValuesOverTheQuota(t *testing.T) {
	srv := httptest.NewServer(New(gateway(t), Options{}))
	defer srv.Close()
	send := func(n int) (int, string) {
		req, _ := http.NewRequest("GET", srv.URL+"/prod/echo/x", nil)
		req.Host = "h"
		req.Header.Set("X-Big", strings.Repeat("a", n))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// Go's client adds User-Agent and Accept-Encoding values; stay a margin below the quota.
	if code, _ := send(MaxHeaderValueBytes - 200); code != 200 {
		t.Errorf("under the quota: %d", code)
	}
	if code, body := send(MaxHeaderValueBytes); code != 413 || body != HeadersTooLargeBody {
		t.Errorf("over the quota: %d %q", code, body)
	}
}
