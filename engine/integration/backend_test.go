package integration

import (
	"testing"
	"time"

	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

func TestBackendPathMatching(t *testing.T) {
	for _, tt := range []struct {
		pattern, path string
		want          bool
	}{
		{"/orders", "/orders", true},
		{"/orders", "/orders/", false},
		{"/orders", "/order", false},
		{"/orders/{id}", "/orders/7", true},
		{"/orders/{id}", "/orders/", false},
		{"/orders/{id}", "/orders/7/items", false},
		{"/files/{key+}", "/files/a/b/c", true},
		{"/files/{key+}", "/files/", false},
		{"/files/{key+}", "/files", false},
		{"/a b", "/a%20b", true},
		{"/", "/", true},
	} {
		segs := splitPattern(tt.pattern)
		if got := matchPath(segs, tt.path); got != tt.want {
			t.Errorf("%s against %s: %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

// A latency that reaches the timeout is a timeout at exactly the timeout; below it, the
// answer comes with the declared latency. Unknown hosts fall through to the network.
func TestBackendTimeoutAndFallThrough(t *testing.T) {
	b, err := NewBackends([]*model.Backend{{Name: "s", URL: "http://s.internal", BackendAnswer: model.BackendAnswer{
		Status: 201, Body: "ok", Latency: &model.Latency{Fixed: time.Second}}}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	r := b.Do(nil, "GET", "http://S.internal/x", nil, "", time.Second)
	if !r.TimedOut || r.Elapsed != time.Second || r.Backend != "s" {
		t.Errorf("at the timeout: %+v", r)
	}
	r = b.Do(nil, "GET", "http://s.internal/x", nil, "", 2*time.Second)
	want := wire.Headers{{Name: "Content-Length", Value: "2"}, {Name: "Content-Type", Value: "text/plain; charset=utf-8"}}
	if r.TimedOut || r.Status != 201 || r.Body != "ok" || r.Elapsed != time.Second || len(r.Header) != 2 || r.Header[0] != want[0] || r.Header[1] != want[1] {
		t.Errorf("below the timeout: %+v", r)
	}
	r = b.Do(nil, "GET", "ftp://s.internal/x", nil, "", time.Second)
	if r.Backend != "" || r.Err == nil {
		t.Errorf("another scheme must not reach the backend: %+v", r)
	}
}

func BenchmarkSimulatedBackend(b *testing.B) {
	bs, err := NewBackends([]*model.Backend{{Name: "o", URL: "http://orders.internal", Routes: []*model.BackendRoute{
		{Path: "/health", BackendAnswer: model.BackendAnswer{Body: "ok"}},
		{Method: "GET", Path: "/orders/{id}", BackendAnswer: model.BackendAnswer{Body: map[string]any{"id": 7.0},
			Latency: &model.Latency{P50: 20 * time.Millisecond, P99: 200 * time.Millisecond}}},
	}}}, 1)
	if err != nil {
		b.Fatal(err)
	}
	h := wire.Headers{{Name: "User-Agent", Value: "AmazonAPIGateway_x"}}
	b.ReportAllocs()
	for b.Loop() {
		if r := bs.Do(nil, "GET", "http://orders.internal/orders/7", h, "", 29*time.Second); r.Status != 200 {
			b.Fatal(r)
		}
	}
}
