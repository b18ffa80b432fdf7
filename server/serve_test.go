package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"apigwlab/engine"
	"apigwlab/engine/model"
)

// versioned is a workspace whose /v answers body, after latency.
func versioned(body, latency string) string {
	return fmt.Sprintf(`apiVersion: apigwlab/v1
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
    latency: %s
    returns: {statusCode: 200, body: %q}
`, latency, body)
}

func deploy(t testing.TB, name string, src []byte) *engine.Gateway {
	t.Helper()
	ws, err := model.Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	gw, err := engine.New(ws, engine.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return gw
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestSwapLetsInFlightRequestsFinishOnTheOldGateway(t *testing.T) {
	h := New(deploy(t, "old.yaml", []byte(versioned("old", "300ms"))), Options{Sleep: true})
	srv := httptest.NewServer(h)
	defer srv.Close()
	done := make(chan string)
	go func() {
		_, body := get(t, srv.URL+"/prod/v")
		done <- body
	}()
	for h.InFlight() == 0 {
		time.Sleep(time.Millisecond)
	}
	h.Swap(deploy(t, "new.yaml", []byte(versioned("new", "1ms"))))
	if _, body := get(t, srv.URL+"/prod/v"); body != "new" {
		t.Errorf("a request after the swap got %q, want new", body)
	}
	if body := <-done; body != "old" {
		t.Errorf("the request in flight during the swap got %q, want old", body)
	}
}

func TestReloaderFollowsTheFileAndKeepsTheOldVersionOnErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "ws.yaml")
	write := func(s string) {
		// A new mtime even on filesystems with coarse timestamps: the size changes too.
		if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(versioned("one", "1ms"))
	load := fileLoader(file)
	gw, _, err := load()
	if err != nil {
		t.Fatal(err)
	}
	h := New(gw, Options{})
	srv := httptest.NewServer(h)
	defer srv.Close()
	var mu sync.Mutex
	var events []string
	note := func(s string) { mu.Lock(); events = append(events, s); mu.Unlock() }
	last := func() string {
		mu.Lock()
		defer mu.Unlock()
		if len(events) == 0 {
			return ""
		}
		return events[len(events)-1]
	}
	r := &Reloader{Server: h, Load: load, Interval: 20 * time.Millisecond,
		Reloaded: func(*engine.Gateway) { note("reloaded") },
		Failed:   func(err error) { note("failed: " + err.Error()) }}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r.Start(ctx, []string{file})

	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if ok() {
				return
			}
		}
		t.Fatalf("timed out waiting for %s; events %q", what, events)
	}
	write(versioned("two, reloaded", "1ms"))
	waitFor("the new version", func() bool { _, b := get(t, srv.URL+"/prod/v"); return b == "two, reloaded" })
	if last() != "reloaded" {
		t.Errorf("events %q", events)
	}

	write(strings.Replace(versioned("three", "1ms"), "type: AWS_PROXY", "type: LAMBDA", 1))
	waitFor("the error", func() bool { return strings.HasPrefix(last(), "failed: ") })
	if e := last(); !strings.Contains(e, file+":7:") || !strings.Contains(e, "LAMBDA") {
		t.Errorf("the error should name file:line and the bad value: %s", e)
	}
	if _, b := get(t, srv.URL+"/prod/v"); b != "two, reloaded" {
		t.Errorf("after a broken save the old version should keep serving, got %q", b)
	}

	write(versioned("four", "1ms"))
	waitFor("the fixed version", func() bool { _, b := get(t, srv.URL+"/prod/v"); return b == "four" })
}

func TestServeRequestTooLargeWithoutContentLength(t *testing.T) {
	var log bytes.Buffer
	srv := httptest.NewServer(New(gateway(t), Options{Log: &log}))
	defer srv.Close()
	// io.MultiReader hides the length: the client sends the body chunked.
	body := io.MultiReader(bytes.NewReader(make([]byte, engine.MaxPayload)), strings.NewReader("x"))
	resp, err := http.Post(srv.URL+"/prod/echo/x", "application/octet-stream", body)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 413 || string(b) != TooLargeBody || resp.Header.Get("Content-Type") != "text/plain" ||
		resp.Header.Get("x-amzn-ErrorType") != "" {
		t.Fatalf("got %d %q %v", resp.StatusCode, b, resp.Header)
	}
	if !strings.Contains(log.String(), "POST /prod/echo/x → 413 REQUEST_TOO_LARGE") {
		t.Errorf("log: %s", log.String())
	}
	// Exactly 10 MB passes API Gateway's front door; a Lambda function then refuses it, as
	// Lambda takes under 6 MB (engine: TestLambdaPayloadLimits), with a JSON gateway response.
	resp, err = http.Post(srv.URL+"/prod/echo/x", "application/octet-stream", bytes.NewReader(make([]byte, engine.MaxPayload)))
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 413 || string(b) != `{"message":"Request Too Long"}` || resp.Header.Get("x-amzn-ErrorType") != "RequestTooLargeException" {
		t.Errorf("a 10 MB body to a Lambda proxy: %d %q", resp.StatusCode, b)
	}
}

func TestServeLogLinesDoNotInterleave(t *testing.T) {
	var log bytes.Buffer
	src, err := os.ReadFile("testdata/mock.yaml")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(deploy(t, "mock.yaml", src), Options{Log: &log}))
	defer srv.Close()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 10; j++ {
				get(t, srv.URL+"/prod/hello")
			}
		}()
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(log.String(), "\n"), "\n")
	if len(lines) != 80 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		if f := strings.Fields(l); len(f) != 10 || f[1] != "GET" || f[2] != "/prod/hello" || f[4] != "200" || len(f[9]) != 36 {
			t.Errorf("line %q", l)
		}
	}
}

func TestAppendDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0s", 400 * time.Microsecond: "0s", 23 * time.Millisecond: "23ms",
		1500 * time.Millisecond: "1.5s", 29 * time.Second: "29s", 90 * time.Second: "1m30s"} {
		if got := string(appendDuration(nil, d)); got != want {
			t.Errorf("%v: got %q, want %q", d, got, want)
		}
	}
}

func TestHTTPServerTimeouts(t *testing.T) {
	s := HTTPServer(http.NotFoundHandler())
	if s.WriteTimeout <= 29*time.Second+5*time.Second || s.ReadHeaderTimeout == 0 || s.ReadTimeout == 0 || s.IdleTimeout == 0 {
		t.Errorf("timeouts: %+v", s)
	}
}

// fileLoader is a Reloader's Load for one workspace file.
func fileLoader(file string) func() (*engine.Gateway, []string, error) {
	return func() (*engine.Gateway, []string, error) {
		ws, err := model.Load(file)
		if err != nil {
			return nil, nil, err
		}
		gw, err := engine.New(ws, engine.Options{Seed: 1})
		return gw, []string{file}, err
	}
}
