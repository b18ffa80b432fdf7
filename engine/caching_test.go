package engine

import (
	"strings"
	"testing"
	"time"

	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

func cachedWorkspace() *model.Workspace {
	ws := petsWorkspace()
	st := ws.RestAPIs[0].Stages[0]
	st.CacheClusterEnabled = true
	st.CacheClusterSize = "0.5"
	st.MethodSettings = map[string]*model.MethodSetting{"*/*": {CachingEnabled: yes(), CacheTTLInSeconds: i(300)}}
	ws.RestAPIs[0].Resources[1].Methods[0].Integration.CacheKeyParameters = []string{"method.request.path.petId"}
	return ws
}

// Issue #5: a cached GET at 10 rps for 60 s with TTL 300 calls the integration once.
func TestCachedGetCallsIntegrationOnce(t *testing.T) {
	clk := clock.NewVirtual(t0)
	g, err := New(cachedWorkspace(), Options{Clock: clk, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	hits, misses := 0, 0
	for n := 0; n < 600; n++ {
		clk.Set(t0.Add(time.Duration(n) * 100 * time.Millisecond))
		r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets"})
		if r.Status != 200 || r.Body != `[{"id":1}]` {
			t.Fatalf("request %d: %d %s", n, r.Status, r.Body)
		}
		switch r.Cache {
		case cacheHit:
			hits++
			if r.Integrated {
				t.Fatal("a hit called the integration")
			}
		case cacheMiss:
			misses++
		}
	}
	if misses != 1 || hits != 599 {
		t.Fatalf("misses %d hits %d", misses, hits)
	}
	var fn int64
	for _, s := range g.Lambda().Stats() {
		if s.Function == "listPets" {
			fn = int64(s.Invocations)
		}
	}
	if fn != 1 {
		t.Fatalf("listPets ran %d times", fn)
	}
	if pts := g.Metrics().Series("pets", "prod"); pts[0].CacheHits+pts[1].CacheHits != 599 || pts[0].CacheMisses != 1 {
		t.Fatalf("metrics %+v", pts)
	}
}

func TestCacheKeysTTLAndFlush(t *testing.T) {
	clk := clock.NewVirtual(t0)
	g, _ := New(cachedWorkspace(), Options{Clock: clk, Seed: 1})
	get := func(target string, h ...wire.Header) *Response {
		path, query, _ := strings.Cut(target, "?")
		return g.Invoke(&Request{Method: "GET", Path: path, RawQuery: query, Header: h, Trace: true})
	}
	if r := get("/prod/pets/1"); r.Cache != cacheMiss {
		t.Fatal("first /pets/1 should miss")
	}
	if r := get("/prod/pets/2"); r.Cache != cacheMiss {
		t.Fatal("petId is a cache key parameter: /pets/2 must miss")
	}
	r := get("/prod/pets/1?unrelated=x")
	if r.Cache != cacheHit || !strings.Contains(r.Trace.Hops[2].Get("key"), `method.request.path.petId="1"`) {
		t.Fatalf("query not in the key: want a hit, got %d %+v", r.Cache, r.Trace.Hops)
	}
	// stored when the integration answered, 5 ms after the request: fresh until 300.005 s
	clk.Advance(300 * time.Second)
	if r := get("/prod/pets/1"); r.Cache != cacheHit {
		t.Fatal("entry expired before its TTL")
	}
	clk.Advance(5 * time.Millisecond)
	if r := get("/prod/pets/1"); r.Cache != cacheMiss {
		t.Fatal("entry should expire at exactly its TTL")
	}
	if _, err := g.Exec("flush-stage-cache --stage-name prod"); err != nil {
		t.Fatal(err)
	}
	if r := get("/prod/pets/1"); r.Cache != cacheMiss {
		t.Fatal("flush should empty the cache")
	}
	// POST is not cached by the */* setting (only GET is, by default)
	if r := g.Invoke(&Request{Method: "POST", Path: "/prod/custom"}); r.Cache != 0 {
		t.Fatal("POST cached")
	}
}

func TestCacheControlInvalidation(t *testing.T) {
	tests := []struct {
		strategy    string
		requireAuth bool
		wantStatus  int
		wantCache   int
		warning     bool
	}{
		{"", true, 200, cacheHit, true},
		{"SUCCEED_WITHOUT_RESPONSE_HEADER", true, 200, cacheHit, false},
		{"FAIL_WITH_403", true, 403, 0, false},
		{"FAIL_WITH_403", false, 200, cacheMiss, false}, // anyone may invalidate
	}
	for _, tt := range tests {
		t.Run(tt.strategy, func(t *testing.T) {
			ws := cachedWorkspace()
			ms := ws.RestAPIs[0].Stages[0].MethodSettings["*/*"]
			ms.UnauthorizedCacheControlHeaderStrategy = tt.strategy
			b := tt.requireAuth
			ms.RequireAuthorizationForCacheControl = &b
			g := newGateway(t, ws)
			g.Invoke(&Request{Method: "GET", Path: "/prod/pets"})
			r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: wire.Headers{{Name: "Cache-Control", Value: "max-age=0"}}})
			if r.Status != tt.wantStatus || r.Cache != tt.wantCache || (r.Header.Value("Warning") != "") != tt.warning {
				t.Fatalf("got %d cache=%d warning=%q", r.Status, r.Cache, r.Header.Value("Warning"))
			}
		})
	}
}

func TestCacheSurvivesUpdateStage(t *testing.T) {
	g := newGateway(t, cachedWorkspace())
	g.Invoke(&Request{Method: "GET", Path: "/prod/pets"})
	if _, err := g.Exec("update-stage --stage-name prod --patch-operations op=replace,path=/description,value=x"); err != nil {
		t.Fatal(err)
	}
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets"}); r.Cache != cacheHit {
		t.Fatal("an update-stage that keeps the cache size must keep its entries")
	}
	if _, err := g.Exec("update-stage --stage-name prod --patch-operations op=replace,path=/cacheClusterSize,value=1.6"); err != nil {
		t.Fatal(err)
	}
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets"}); r.Cache != cacheMiss {
		t.Fatal("resizing the cache recreates it")
	}
}

func yes() *bool { b := true; return &b }

func TestMethodSettingSwitchesCachingOff(t *testing.T) {
	ws := cachedWorkspace()
	ws.RestAPIs[0].Stages[0].MethodSettings["pets/GET"] = &model.MethodSetting{CachingEnabled: no()}
	g := newGateway(t, ws)
	g.Invoke(&Request{Method: "GET", Path: "/prod/pets"})
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets"}); r.Cache != 0 {
		t.Fatal("pets/GET cachingEnabled: false must switch caching off for that method")
	}
}
