package server

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"apigwlab/engine"
)

// A script that writes the workspace in place and pauses midway (the file open, half
// written) must not get its half file deployed, nor reported as broken: 257 of 338 requests
// got 403 during such a write before. The pause is counted in polls, not in time.
func TestWatchWaitsForASlowInPlaceWriter(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("telling an open writer needs Linux leases")
	}
	file := filepath.Join(t.TempDir(), "ws.yaml")
	if err := os.WriteFile(file, []byte(versioned("one", "1ms")), 0o644); err != nil {
		t.Fatal(err)
	}
	load := fileLoader(file)
	gw, _, err := load()
	if err != nil {
		t.Fatal(err)
	}
	h := New(gw, Options{})
	var mu sync.Mutex
	var events []string
	note := func(s string) { mu.Lock(); events = append(events, s); mu.Unlock() }
	got := func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), events...) }
	r := &Reloader{Server: h, Load: load, Interval: 5 * time.Millisecond,
		Reloaded: func(*engine.Gateway) { note("reloaded") },
		Failed:   func(err error) { note("failed: " + err.Error()) }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r.Start(ctx, []string{file})

	next := versioned("two", "1ms")
	cut := strings.Index(next, "functions:")
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString(next[:cut])
	// Twenty polls see the half-written file, unchanged, open for writing.
	p0 := r.polls.Load()
	poll(t, "20 polls", func() bool { return r.polls.Load() >= p0+20 })
	if e := got(); len(e) != 0 {
		t.Fatalf("a half-written file was acted on: %q", e)
	}
	if b := body(t, h); b != "one" {
		t.Fatalf("serving %q during the write", b)
	}
	f.WriteString(next[cut:])
	f.Close()
	poll(t, "the new version", func() bool { return body(t, h) == "two" })
	if e := got(); len(e) != 1 || e[0] != "reloaded" {
		t.Errorf("events %q, want one reload", e)
	}
}

func body(t *testing.T, h *Server) string {
	t.Helper()
	return h.Gateway().Invoke(&engine.Request{Method: "GET", Path: "/prod/v"}).Body
}
