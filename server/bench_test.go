package server

import (
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The throughput of `apigwlab serve` beside a bare net/http server, over loopback with
// keep-alive connections (issue #7: serve must reach ≥ 50% of bare net/http):
//
//	make bench-serve
//
// BenchmarkServeThroughput gives each figure with the usual benchmark tooling;
// TestServeThroughputRatio alternates short rounds of both, so that on a shared machine
// both see the same load, and checks the ratio.

// helloHandler is the bare net/http server: a fixed JSON answer.
func helloHandler() http.Handler {
	hello := []byte(`{"hello": "world"}`)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(hello)
	})
}

// mockServer is serve answering the MOCK method of testdata/mock.yaml, with its log line
// built and written (to io.Discard) as `apigwlab serve` does.
func mockServer(t testing.TB) http.Handler {
	src, err := os.ReadFile("testdata/mock.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return New(deploy(t, "testdata/mock.yaml", src), Options{Log: io.Discard})
}

func BenchmarkServeThroughput(b *testing.B) {
	for _, bc := range []struct {
		name string
		h    http.Handler
	}{{"bare", helloHandler()}, {"mock", mockServer(b)}} {
		b.Run(bc.name, func(b *testing.B) {
			l := startLoad(b, bc.h)
			defer l.close()
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			n := l.run(int64(b.N), time.Time{})
			b.StopTimer()
			b.ReportMetric(float64(n)/time.Since(start).Seconds(), "req/s")
		})
	}
}

func TestServeThroughputRatio(t *testing.T) {
	if os.Getenv("APIGWLAB_BENCH_SERVE") == "" {
		t.Skip("a load test: make bench-serve runs it (APIGWLAB_BENCH_SERVE=1)")
	}
	bare, mock := startLoad(t, helloHandler()), startLoad(t, mockServer(t))
	defer bare.close()
	defer mock.close()
	const rounds, round = 7, 700 * time.Millisecond
	var b, m []float64
	rate := func(l *loader) float64 {
		start := time.Now()
		n := l.run(1<<62, start.Add(round))
		return float64(n) / time.Since(start).Seconds()
	}
	for range rounds {
		b = append(b, rate(bare))
		m = append(m, rate(mock))
	}
	slices.Sort(b)
	slices.Sort(m)
	mb, mm := b[rounds/2], m[rounds/2]
	t.Logf("median of %d rounds of %s, %d keep-alive clients: bare net/http %.0f req/s, serve MOCK %.0f req/s: %.0f%% of bare",
		rounds, round, clients, mb, mm, 100*mm/mb)
	if mm < mb/2 {
		t.Errorf("serve is under 50%% of bare net/http")
	}
}

// clients is the number of concurrent keep-alive connections the load generator keeps busy.
const clients = 16

// loader is a server on 127.0.0.1 and a pool of keep-alive clients for it.
type loader struct {
	t      testing.TB
	srv    *http.Server
	client *http.Client
	url    string
}

func startLoad(t testing.TB, h http.Handler) *loader {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := HTTPServer(h)
	go srv.Serve(ln)
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	return &loader{t: t, srv: srv, client: &http.Client{Transport: tr, Timeout: 10 * time.Second},
		url: "http://" + ln.Addr().String() + "/prod/hello"}
}

func (l *loader) close() {
	l.client.CloseIdleConnections()
	l.srv.Close()
}

// run sends GET /prod/hello from clients goroutines until n requests were sent or the
// deadline (when not zero) passed, and returns how many were answered.
func (l *loader) run(n int64, deadline time.Time) int64 {
	var next, done atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= n {
				if !deadline.IsZero() && time.Now().After(deadline) {
					return
				}
				resp, err := l.client.Get(l.url)
				if err != nil {
					failed.Store(err.Error())
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					failed.Store(resp.Status)
					return
				}
				done.Add(1)
			}
		}()
	}
	wg.Wait()
	if f := failed.Load(); f != nil {
		l.t.Fatalf("a request failed: %v", f)
	}
	return done.Load()
}
