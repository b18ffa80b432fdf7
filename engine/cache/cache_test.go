package cache

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// key builds a key for namespace ns and GET with alternating name/value pairs.
func key(ns string, nv ...string) Key {
	b := NewBuilder("d1", ns, "GET")
	for i := 0; i+1 < len(nv); i += 2 {
		b.Append(nv[i], nv[i+1])
	}
	return b.Key()
}

// serve is the engine's cache stage in miniature: lookup, else call the integration and store.
func serve(c *Cache, k Key, ttl time.Duration, now time.Time, integrate func() Entry) (Entry, bool) {
	if e, _, ok := c.Get(k, now); ok {
		return *e, true
	}
	e := integrate()
	c.Put(k, e, ttl, now)
	return e, false
}

func TestCachedGetAt10RPSFor60SecondsCallsTheIntegrationOnce(t *testing.T) {
	c, err := New("0.5")
	if err != nil {
		t.Fatal(err)
	}
	k := key("res1")
	calls := 0
	integrate := func() Entry { calls++; return Entry{Status: 200, Body: `[{"id":1}]`} }
	for i := 0; i < 600; i++ { // 10 rps × 60 s
		now := t0.Add(time.Duration(i) * 100 * time.Millisecond)
		e, _ := serve(c, k, DefaultTTL, now, integrate)
		if e.Status != 200 || e.Body != `[{"id":1}]` {
			t.Fatalf("request %d got %+v", i, e)
		}
	}
	if calls != 1 {
		t.Errorf("integration called %d times, want 1", calls)
	}
	if s := c.Stats(); s.Hits != 599 || s.Misses != 1 || s.Entries != 1 || s.Stores != 1 {
		t.Errorf("stats %+v, want 599 hits, 1 miss, 1 entry, 1 store", s)
	}
}

func TestTTLExpiresAtExactlyTheTTL(t *testing.T) {
	tests := []struct {
		name    string
		ttl     time.Duration
		after   time.Duration
		wantHit bool
		wantAge time.Duration
	}{
		{"a hit right after the store", 300 * time.Second, 0, true, 0},
		{"a hit one nanosecond before the TTL", 300 * time.Second, 300*time.Second - 1, true, 300*time.Second - 1},
		{"a miss at exactly the TTL", 300 * time.Second, 300 * time.Second, false, 0},
		{"a miss after the TTL", 300 * time.Second, 301 * time.Second, false, 0},
		{"a one-second TTL expires at one second", time.Second, time.Second, false, 0},
		{"the 3600 s maximum holds until 3600 s", MaxTTL, MaxTTL - time.Millisecond, true, MaxTTL - time.Millisecond},
		{"a TTL above 3600 s is capped at 3600 s", 2 * MaxTTL, MaxTTL, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewBytes(1 << 20)
			k := key("res1")
			if stored, _ := c.Put(k, Entry{Status: 200, Body: "x"}, tt.ttl, t0); !stored {
				t.Fatal("not stored")
			}
			e, age, ok := c.Get(k, t0.Add(tt.after))
			if ok != tt.wantHit || age != tt.wantAge {
				t.Fatalf("Get at +%v = ok %v age %v, want ok %v age %v", tt.after, ok, age, tt.wantHit, tt.wantAge)
			}
			if ok && (e.ExpiresAt != t0.Add(min(tt.ttl, MaxTTL)) || e.StoredAt != t0) {
				t.Errorf("entry times %v–%v", e.StoredAt, e.ExpiresAt)
			}
			s := c.Stats()
			if !tt.wantHit && (s.Entries != 0 || s.Bytes != 0 || s.Expirations != 1) {
				t.Errorf("an expired entry must be removed: %+v", s)
			}
		})
	}
}

func TestTTLZeroNeverCaches(t *testing.T) {
	c := NewBytes(1 << 20)
	s := DefaultSettings()
	s.Enabled, s.TTL = true, 0
	if s.Active() {
		t.Fatal("TTL 0 must make caching inactive")
	}
	k := key("res1")
	calls := 0
	for i := 0; i < 10; i++ {
		serve(c, k, s.TTL, t0.Add(time.Duration(i)*time.Second), func() Entry { calls++; return Entry{Status: 200} })
	}
	if calls != 10 {
		t.Errorf("integration called %d times, want 10", calls)
	}
	if st := c.Stats(); st.Entries != 0 || st.Stores != 0 {
		t.Errorf("stats %+v: nothing may be stored with TTL 0", st)
	}
	for _, ttl := range []time.Duration{0, -time.Second} {
		if stored, ev := c.Put(k, Entry{}, ttl, t0); stored || ev != 0 {
			t.Errorf("Put with ttl %v = %v, %d", ttl, stored, ev)
		}
	}
}

func TestKeyParametersSeparateOnlyWhatTheyName(t *testing.T) {
	const (
		qType = "method.request.querystring.type"
		qDept = "method.request.querystring.department"
		pPet  = "method.request.path.petId"
		hAcc  = "method.request.header.Accept"
	)
	type parts struct {
		dep, ns, method string
		params          []Param
	}
	build := func(p parts) Key {
		b := NewBuilder(p.dep, p.ns, p.method)
		for _, q := range p.params {
			b.Append(q.Name, q.Value)
		}
		return b.Key()
	}
	base := parts{"d1", "res1", "GET", []Param{{qType, "admin"}}}
	with := func(f func(*parts)) parts {
		p := base
		p.params = append([]Param(nil), base.params...)
		f(&p)
		return p
	}
	tests := []struct {
		name string
		a, b parts
		same bool
	}{
		{"the same request gives the same key", base, base, true},
		{"an included query parameter separates entries (type=admin vs type=regular)",
			base, with(func(p *parts) { p.params[0].Value = "regular" }), false},
		{"an included path parameter separates entries (/pets/1 vs /pets/2)",
			parts{"d1", "res2", "GET", []Param{{pPet, "1"}}}, parts{"d1", "res2", "GET", []Param{{pPet, "2"}}}, false},
		{"a path parameter outside the key is ignored (/pets/1 and /pets/2 share)",
			parts{"d1", "res2", "GET", nil}, parts{"d1", "res2", "GET", nil}, true},
		{"an included header separates entries (Accept json vs xml)",
			with(func(p *parts) { p.params = append(p.params, Param{hAcc, "application/json"}) }),
			with(func(p *parts) { p.params = append(p.params, Param{hAcc, "application/xml"}) }), false},
		{"the order cacheKeyParameters are listed in does not matter",
			with(func(p *parts) { p.params = append(p.params, Param{hAcc, "a/b"}) }),
			with(func(p *parts) { p.params = append([]Param{{hAcc, "a/b"}}, p.params...) }), true},
		{"another method is another entry", base, with(func(p *parts) { p.method = "POST" }), false},
		{"another namespace is another entry", base, with(func(p *parts) { p.ns = "res9" }), false},
		{"another deployment (a canary on its own deployment) is another entry", base, with(func(p *parts) { p.dep = "d2" }), false},
		{"a parameter name is part of the key",
			base, with(func(p *parts) { p.params[0].Name = qDept }), false},
		{"name/value boundaries are kept (ab=c vs a=bc)",
			with(func(p *parts) { p.params = []Param{{"ab", "c"}} }), with(func(p *parts) { p.params = []Param{{"a", "bc"}} }), false},
		{"part boundaries are kept (namespace ab, method c vs a, bc)",
			parts{"", "ab", "c", nil}, parts{"", "a", "bc", nil}, false},
		{"a parameter given twice differs from once",
			with(func(p *parts) { p.params = append(p.params, p.params[0]) }), base, false},
		{"two parameters with swapped values differ",
			parts{"d", "n", "GET", []Param{{"x", "1"}, {"y", "2"}}}, parts{"d", "n", "GET", []Param{{"x", "2"}, {"y", "1"}}}, false},
		{"long values differing in the last byte differ",
			with(func(p *parts) { p.params[0].Value = strings.Repeat("v", 100) + "1" }),
			with(func(p *parts) { p.params[0].Value = strings.Repeat("v", 100) + "2" }), false},
		{"no parameters differ from one empty parameter",
			parts{"d", "n", "GET", nil}, parts{"d", "n", "GET", []Param{{"", ""}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ka, kb := build(tt.a), build(tt.b)
			if (ka == kb) != tt.same {
				t.Fatalf("keys equal = %v, want %v\n a: %s\n b: %s", ka == kb, tt.same, ka, kb)
			}
			// And through the cache: the second request hits only when the keys are the same.
			c := NewBytes(1 << 20)
			c.Put(ka, Entry{Status: 200, Body: "first"}, DefaultTTL, t0)
			if _, _, hit := c.Get(kb, t0.Add(time.Second)); hit != tt.same {
				t.Errorf("second request hit = %v, want %v", hit, tt.same)
			}
		})
	}
}

// requestKey builds a key the way the engine does: the values of the integration's
// cacheKeyParameters, looked up in the request's query string and path parameters.
func requestKey(cacheKeyParameters []string, query, path map[string]string) Key {
	b := NewBuilder("d1", "res1", "GET")
	for _, p := range cacheKeyParameters {
		var v string
		switch {
		case strings.HasPrefix(p, "method.request.querystring."):
			v = query[strings.TrimPrefix(p, "method.request.querystring.")]
		case strings.HasPrefix(p, "method.request.path."):
			v = path[strings.TrimPrefix(p, "method.request.path.")]
		}
		b.Append(p, v)
	}
	return b.Key()
}

func TestParametersOutsideTheKeyAreIgnored(t *testing.T) {
	onlyType := []string{"method.request.querystring.type"}
	tests := []struct {
		name   string
		params []string
		q1, q2 map[string]string
		p1, p2 map[string]string
		hit    bool
	}{
		// The AWS docs example: only type is a key, so department=B is served department=A's response.
		{"GET /users?type=admin&department=A then department=B hits", onlyType,
			map[string]string{"type": "admin", "department": "A"}, map[string]string{"type": "admin", "department": "B"}, nil, nil, true},
		{"GET /users?type=admin then type=regular misses", onlyType,
			map[string]string{"type": "admin"}, map[string]string{"type": "regular"}, nil, nil, false},
		{"with both parameters in the key, department=B misses",
			[]string{"method.request.querystring.type", "method.request.querystring.department"},
			map[string]string{"type": "admin", "department": "A"}, map[string]string{"type": "admin", "department": "B"}, nil, nil, false},
		{"GET /pets/1 then /pets/2 hits when petId is not a key", nil,
			nil, nil, map[string]string{"petId": "1"}, map[string]string{"petId": "2"}, true},
		{"GET /pets/1 then /pets/2 misses when petId is a key", []string{"method.request.path.petId"},
			nil, nil, map[string]string{"petId": "1"}, map[string]string{"petId": "2"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewBytes(1 << 20)
			c.Put(requestKey(tt.params, tt.q1, tt.p1), Entry{Status: 200, Body: "first"}, DefaultTTL, t0)
			e, _, hit := c.Get(requestKey(tt.params, tt.q2, tt.p2), t0.Add(time.Second))
			if hit != tt.hit {
				t.Fatalf("second request hit = %v, want %v", hit, tt.hit)
			}
			if hit && e.Body != "first" {
				t.Errorf("served %q", e.Body)
			}
		})
	}
}

func TestKeysAreDistinctAcrossManyValues(t *testing.T) {
	seen := map[Key]string{}
	for i := 0; i < 100000; i++ {
		v := fmt.Sprint(i)
		k := key("res1", "method.request.path.petId", v)
		if prev, dup := seen[k]; dup {
			t.Fatalf("petId %s and %s collide", prev, v)
		}
		seen[k] = v
	}
}

func TestKeyRenderingIsStableAndReadable(t *testing.T) {
	b := NewBuilder("d1", "abc123", "GET")
	b.Append("method.request.querystring.type", "admin")
	b.Append("method.request.header.Accept", "application/json")
	k := b.Key()
	// Fixed digest: keys must not depend on a per-process seed (replays print them).
	if got, want := k.String(), "45acb89793a9dbbe58854cae12a4658f"; got != want {
		t.Errorf("Key.String() = %s, want %s", got, want)
	}
	want := `GET ns=abc123 deployment=d1 [method.request.querystring.type="admin", method.request.header.Accept="application/json"]`
	if got := b.String(); got != want {
		t.Errorf("Builder.String() =\n %s\nwant\n %s", got, want)
	}
	if got, want := k.Size(), len("d1abc123GET")+len("method.request.querystring.typeadmin")+len("method.request.header.Acceptapplication/json"); got != want {
		t.Errorf("Key.Size() = %d, want %d", got, want)
	}
	// More than the inline parameters, and Reset reuse.
	b.Reset("", "ns", "POST")
	for i := 0; i < 6; i++ {
		b.Append(fmt.Sprint("p", i), fmt.Sprint(i))
	}
	if got := len(b.Params()); got != 6 {
		t.Errorf("Params() has %d, want 6", got)
	}
	if got, want := b.String(), `POST ns=ns [p0="0", p1="1", p2="2", p3="3", p4="4", p5="5"]`; got != want {
		t.Errorf("after Reset: %s, want %s", got, want)
	}
}

func TestNamespaceDefaultsToTheResourceID(t *testing.T) {
	if got := Namespace("", "a1b2c3"); got != "a1b2c3" {
		t.Errorf("Namespace(\"\", id) = %q", got)
	}
	if got := Namespace("shared", "a1b2c3"); got != "shared" {
		t.Errorf("Namespace(shared, id) = %q", got)
	}
}

// entry returns an entry whose size under a 4-byte key (namespace of one letter, GET, no
// deployment) is exactly size bytes.
func entry(size int) Entry {
	return Entry{Status: 200, Headers: []Header{{"A", "b"}}, Body: strings.Repeat("x", size-4-2)}
}

func smallKey(ns string) Key { b := NewBuilder("", ns, "GET"); return b.Key() }

func TestLRUEvictsLeastRecentlyUsedBySize(t *testing.T) {
	c := NewBytes(100)
	put := func(ns string, size int, at time.Duration) (bool, int) {
		return c.Put(smallKey(ns), entry(size), DefaultTTL, t0.Add(at))
	}
	if ok, ev := put("a", 40, 0); !ok || ev != 0 {
		t.Fatalf("put a: %v %d", ok, ev)
	}
	if ok, ev := put("b", 40, time.Second); !ok || ev != 0 {
		t.Fatalf("put b: %v %d", ok, ev)
	}
	if e, _, ok := c.Get(smallKey("a"), t0.Add(2*time.Second)); !ok || e.Size != 40 {
		t.Fatalf("get a: %v %+v", ok, e)
	}
	// 40+40+40 > 100: b is the least recently used (a was just read), so b goes.
	if ok, ev := put("c", 40, 3*time.Second); !ok || ev != 1 {
		t.Fatalf("put c: stored %v evicted %d, want true 1", ok, ev)
	}
	steps := []struct {
		ns  string
		hit bool
	}{{"a", true}, {"b", false}, {"c", true}}
	for _, s := range steps {
		if _, _, ok := c.Get(smallKey(s.ns), t0.Add(4*time.Second)); ok != s.hit {
			t.Errorf("after evicting: %s hit = %v, want %v", s.ns, ok, s.hit)
		}
	}
	if s := c.Stats(); s.Bytes != 80 || s.Entries != 2 || s.Evictions != 1 || s.Capacity != 100 {
		t.Errorf("stats %+v, want 80 bytes, 2 entries, 1 eviction", s)
	}
	// One entry of exactly the capacity evicts everything else.
	if ok, ev := put("d", 100, 5*time.Second); !ok || ev != 2 {
		t.Errorf("put d (100 bytes): stored %v evicted %d, want true 2", ok, ev)
	}
	// Larger than the whole cache: not stored, nothing evicted.
	if ok, ev := put("e", 101, 6*time.Second); ok || ev != 0 {
		t.Errorf("put e (101 bytes): stored %v evicted %d, want false 0", ok, ev)
	}
	if s := c.Stats(); s.Bytes != 100 || s.Entries != 1 || s.Rejected != 1 {
		t.Errorf("stats %+v, want d alone and one rejection", s)
	}
}

func TestEntrySizeCountsBodyHeadersAndKey(t *testing.T) {
	c := NewBytes(1 << 20)
	b := NewBuilder("d1", "ns", "GET")
	b.Append("method.request.querystring.type", "admin")
	k := b.Key()
	e := Entry{Status: 200, Headers: []Header{{"Content-Type", "application/json"}, {"X-A", "1"}}, Body: `{"ok":true}`}
	c.Put(k, e, DefaultTTL, t0)
	want := len(`{"ok":true}`) + len("Content-Type") + len("application/json") + len("X-A") + len("1") + k.Size()
	got, _, _ := c.Get(k, t0)
	if got.Size != want || c.Stats().Bytes != int64(want) {
		t.Errorf("size %d (stats %d), want %d", got.Size, c.Stats().Bytes, want)
	}
}

func TestResponsesOver1MBAreNotCached(t *testing.T) {
	tests := []struct {
		name   string
		body   int
		stored bool
	}{
		{"a body of exactly 1,048,576 bytes is cached", MaxResponseBytes, true},
		{"a body of 1,048,577 bytes is not", MaxResponseBytes + 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := New("0.5")
			k := key("res1")
			c.Put(k, Entry{Status: 200, Body: "old"}, DefaultTTL, t0)
			stored, _ := c.Put(k, Entry{Status: 200, Body: strings.Repeat("x", tt.body)}, DefaultTTL, t0.Add(time.Second))
			if stored != tt.stored {
				t.Fatalf("stored = %v, want %v", stored, tt.stored)
			}
			e, _, ok := c.Get(k, t0.Add(2*time.Second))
			if tt.stored && (!ok || len(e.Body) != tt.body) {
				t.Errorf("the new response must be served")
			}
			if !tt.stored && ok {
				t.Errorf("the old entry must be dropped, not served (got %q)", e.Body)
			}
		})
	}
}

func TestPutKeepsItsOwnHeaders(t *testing.T) {
	c := NewBytes(1 << 20)
	h := []Header{{"X-A", "1"}}
	c.Put(key("r"), Entry{Status: 200, Headers: h}, DefaultTTL, t0)
	h[0].Value = "changed"
	if e, _, _ := c.Get(key("r"), t0); e.Headers[0].Value != "1" {
		t.Errorf("cached header changed with the caller's slice: %+v", e.Headers)
	}
}

func TestBypassRefreshesTheEntry(t *testing.T) {
	c := NewBytes(1 << 20)
	k := key("res1")
	c.Put(k, Entry{Status: 200, Body: "v1"}, DefaultTTL, t0)
	// An authorized Cache-Control: max-age=0: no lookup, integration called, entry replaced.
	inv := DecideInvalidation("max-age=0", true, Settings{Enabled: true, TTL: DefaultTTL, RequireAuthorizationForCacheControl: true})
	if !inv.Bypass {
		t.Fatalf("decision %+v, want bypass", inv)
	}
	c.CountBypass()
	c.Put(k, Entry{Status: 200, Body: "v2"}, DefaultTTL, t0.Add(10*time.Second))
	e, age, ok := c.Get(k, t0.Add(11*time.Second))
	if !ok || e.Body != "v2" || age != time.Second {
		t.Errorf("after refresh: %v %q age %v", ok, e.Body, age)
	}
	if s := c.Stats(); s.Bypasses != 1 || s.Misses != 1 || s.Hits != 1 || s.Entries != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestFlushDropsEveryEntry(t *testing.T) {
	c, _ := New("1.6")
	for i := 0; i < 50; i++ {
		c.Put(key(fmt.Sprint("r", i)), Entry{Status: 200, Body: "x"}, DefaultTTL, t0)
	}
	c.Get(key("r1"), t0)
	c.Flush()
	s := c.Stats()
	if s.Entries != 0 || s.Bytes != 0 || s.Flushes != 1 {
		t.Errorf("after flush %+v", s)
	}
	if s.Hits != 1 || s.Stores != 50 {
		t.Errorf("counters must survive a flush: %+v", s)
	}
	if _, _, ok := c.Get(key("r1"), t0); ok {
		t.Error("hit after flush")
	}
	if ok, _ := c.Put(key("r1"), Entry{Body: "y"}, DefaultTTL, t0); !ok {
		t.Error("the cache must be usable after a flush")
	}
}

func TestNewAcceptsAWSSizesOnly(t *testing.T) {
	tests := []struct {
		size  string
		bytes int64
	}{
		{"0.5", 536870912},
		{"1.6", 1717986918},
		{"6.1", 6549825126},
		{"13.5", 14495514624},
		{"28.4", 30494267801},
		{"58.2", 62491774156},
		{"118", 126701535232},
		{"237", 254476812288},
	}
	for _, tt := range tests {
		c, err := New(tt.size)
		if err != nil {
			t.Fatalf("New(%q): %v", tt.size, err)
		}
		if s := c.Stats(); s.Capacity != tt.bytes || s.SizeGB != tt.size {
			t.Errorf("New(%q) capacity %d %q, want %d", tt.size, s.Capacity, s.SizeGB, tt.bytes)
		}
	}
	const want = `cacheClusterSize "2" is not a size AWS offers: accepted "0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237" (GB)`
	for _, bad := range []string{"2", "", "0.50", "237.0"} {
		c, err := New(bad)
		if err == nil || c != nil {
			t.Fatalf("New(%q) accepted", bad)
		}
		if bad == "2" && err.Error() != want {
			t.Errorf("New(\"2\") error:\n %s\nwant\n %s", err, want)
		}
	}
}

func TestZeroCapacityStoresNothing(t *testing.T) {
	c := NewBytes(0)
	if ok, _ := c.Put(key("r"), Entry{}, DefaultTTL, t0); ok {
		t.Error("stored in a zero-capacity cache")
	}
}

func TestConcurrentUse(t *testing.T) {
	c := NewBytes(4096)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				k := key("r", "p", fmt.Sprint((g*i)%37))
				now := t0.Add(time.Duration(i) * time.Millisecond)
				if e, _, ok := c.Get(k, now); ok {
					_ = e.Body
				} else {
					c.Put(k, Entry{Status: 200, Body: strings.Repeat("b", i%200)}, time.Second, now)
				}
				switch i % 500 {
				case 0:
					c.Flush()
				case 250:
					c.CountBypass()
				}
				if s := c.Stats(); s.Bytes > s.Capacity {
					t.Errorf("bytes %d over capacity %d", s.Bytes, s.Capacity)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

func benchKey() Key {
	b := NewBuilder("d1", "a1b2c3", "GET")
	b.Append("method.request.querystring.type", "admin")
	b.Append("method.request.header.Accept", "application/json")
	return b.Key()
}

// BenchmarkGetHit is the engine's lookup path: build a key with two parameters, then Get.
func BenchmarkGetHit(b *testing.B) {
	c, _ := New("0.5")
	c.Put(benchKey(), Entry{Status: 200, Body: `[{"id":1}]`}, DefaultTTL, t0)
	now := t0.Add(time.Second)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := c.Get(benchKey(), now); !ok {
			b.Fatal("miss")
		}
	}
}

// BenchmarkGetHitParallel measures the single mutex under contention.
func BenchmarkGetHitParallel(b *testing.B) {
	c, _ := New("0.5")
	c.Put(benchKey(), Entry{Status: 200, Body: `[{"id":1}]`}, DefaultTTL, t0)
	now := t0.Add(time.Second)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Get(benchKey(), now)
		}
	})
}

func BenchmarkKey(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		benchKey()
	}
}

func BenchmarkPut(b *testing.B) {
	c := NewBytes(1 << 20)
	keys := make([]Key, 1024)
	for i := range keys {
		keys[i] = key("r", "p", fmt.Sprint(i))
	}
	e := Entry{Status: 200, Headers: []Header{{"Content-Type", "application/json"}}, Body: strings.Repeat("x", 900)}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.Put(keys[i%len(keys)], e, DefaultTTL, t0)
		i++
	}
}
