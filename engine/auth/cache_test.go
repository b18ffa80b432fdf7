package auth

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"apigwlab/engine/wire"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func result(pid string) *Result { return &Result{PrincipalID: pid} }

func TestCacheTTL(t *testing.T) {
	c := NewCache(10)
	k := Key{"api/prod", "jwt", "tok"}
	if _, ok := c.Get(k, t0); ok {
		t.Fatal("empty cache hit")
	}
	c.Put(k, result("u"), 300*time.Second, t0)
	for _, at := range []time.Duration{0, time.Second, 299 * time.Second, 300*time.Second - time.Nanosecond} {
		if r, ok := c.Get(k, t0.Add(at)); !ok || r.PrincipalID != "u" {
			t.Fatalf("miss at +%v", at)
		}
	}
	if exp, ok := c.Expiry(k); !ok || !exp.Equal(t0.Add(300*time.Second)) {
		t.Fatalf("expiry %v %v", exp, ok)
	}
	if _, ok := c.Get(k, t0.Add(300*time.Second)); ok {
		t.Fatal("hit at expiry: an entry serves [t, t+ttl)")
	}
	if c.Len() != 0 {
		t.Fatal("expired entry not dropped on lookup")
	}
	if _, ok := c.Expiry(k); ok {
		t.Fatal("expiry of a dropped entry")
	}
	hits, misses := c.Stats()
	if hits != 4 || misses != 2 {
		t.Fatalf("stats %d/%d", hits, misses)
	}
}

func TestCacheKeyParts(t *testing.T) {
	c := NewCache(10)
	c.Put(Key{"api/prod", "a", "tok"}, result("prod-a"), time.Minute, t0)
	for _, k := range []Key{{"api/beta", "a", "tok"}, {"api/prod", "b", "tok"}, {"api/prod", "a", "tok2"}} {
		if _, ok := c.Get(k, t0); ok {
			t.Errorf("%+v shares the entry of another key", k)
		}
	}
}

func TestCachePutTTLZeroAndReplace(t *testing.T) {
	c := NewCache(10)
	k := Key{"s", "a", "i"}
	c.Put(k, result("x"), 0, t0)
	c.Put(k, nil, time.Minute, t0)
	if c.Len() != 0 {
		t.Fatal("TTL 0 or nil result stored")
	}
	c.Put(k, result("old"), time.Minute, t0)
	c.Put(k, result("new"), time.Hour, t0.Add(time.Second))
	if r, ok := c.Get(k, t0.Add(30*time.Minute)); !ok || r.PrincipalID != "new" || c.Len() != 1 {
		t.Fatalf("replace: %v %v len %d", r, ok, c.Len())
	}
}

func TestCacheBounded(t *testing.T) {
	c := NewCache(3)
	key := func(i int) Key { return Key{"s", "a", fmt.Sprint(i)} }
	c.Put(key(1), result("1"), time.Hour, t0)
	c.Put(key(2), result("2"), time.Minute, t0)
	c.Put(key(3), result("3"), time.Hour, t0)
	// full, nothing expired: the oldest stored (1) goes
	c.Put(key(4), result("4"), time.Hour, t0)
	if _, ok := c.Get(key(1), t0); ok || c.Len() != 3 {
		t.Fatalf("oldest not evicted, len %d", c.Len())
	}
	// full again, 2 expired: it goes first, 3 survives although older than 4
	c.Put(key(5), result("5"), time.Hour, t0.Add(2*time.Minute))
	for i, want := range map[int]bool{2: false, 3: true, 4: true, 5: true} {
		if _, ok := c.Get(key(i), t0.Add(2*time.Minute)); ok != want {
			t.Errorf("key %d present=%v, want %v", i, ok, want)
		}
	}
	if NewCache(0).max != DefaultCacheEntries {
		t.Fatal("default bound")
	}
}

func TestCacheFlush(t *testing.T) {
	c := NewCache(10)
	c.Put(Key{"api/prod", "a", "1"}, result("p"), time.Hour, t0)
	c.Put(Key{"api/beta", "a", "1"}, result("b"), time.Hour, t0)
	c.FlushScope("api/prod")
	if _, ok := c.Get(Key{"api/prod", "a", "1"}, t0); ok {
		t.Fatal("flushed stage still cached")
	}
	if _, ok := c.Get(Key{"api/beta", "a", "1"}, t0); !ok {
		t.Fatal("other stage flushed")
	}
	c.Flush()
	if c.Len() != 0 {
		t.Fatal("Flush left entries")
	}
}

func TestCacheConcurrent(t *testing.T) {
	c := NewCache(50)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				k := Key{"s", "a", fmt.Sprint((g*7 + i) % 80)}
				now := t0.Add(time.Duration(i) * time.Millisecond)
				if _, ok := c.Get(k, now); !ok {
					c.Put(k, result("x"), 100*time.Millisecond, now)
				}
			}
		}()
	}
	wg.Wait()
	if c.Len() > 50 {
		t.Fatalf("bound exceeded: %d", c.Len())
	}
}

// gateway is a miniature of the engine's authorizer stage, to test the flow end to end.
type gateway struct {
	a       Authorizer
	cache   *Cache
	invokes int
	fn      func(event []byte) (any, string) // output value, or error message
}

func (g *gateway) handle(t *testing.T, now time.Time, method, path string, h wire.Headers) Outcome {
	t.Helper()
	id, ok, _ := g.a.Identity(&Request{Headers: h})
	if !ok {
		return UnauthorizedOutcome()
	}
	arn := MethodArn("us-east-1", "123456789012", "abc123", "prod", method, path)
	key := Key{"abc123/prod", g.a.Name, id}
	r, hit := (*Result)(nil), false
	if g.a.Caching() {
		r, hit = g.cache.Get(key, now)
	}
	if !hit {
		g.invokes++
		out, errMsg := g.fn(TokenEvent(id, arn))
		if errMsg != "" {
			return ErrorOutcome(errMsg)
		}
		var err error
		if r, err = ParseOutput(out); err != nil {
			return ConfigurationErrorOutcome()
		}
		g.cache.Put(key, r, g.a.ResultTTL, now)
	}
	return r.Authorize(arn).Outcome
}

// policyForMethodArn is the classic authorizer: it allows exactly the ARN it was called for.
func policyForMethodArn(t *testing.T) func([]byte) (any, string) {
	return func(event []byte) (any, string) {
		var ev struct{ AuthorizationToken, MethodArn string }
		if err := json.Unmarshal(event, &ev); err != nil {
			t.Fatal(err)
		}
		switch ev.AuthorizationToken {
		case "deny":
			return decode(t, policy(stmt("Deny", `"execute-api:Invoke"`, `"`+ev.MethodArn+`"`))), ""
		case "boom":
			return nil, "Cannot read properties of undefined"
		case "unauthorized":
			return nil, "Unauthorized"
		case "junk":
			return decode(t, `{"principalId":"u"}`), ""
		}
		return decode(t, policy(stmt("Allow", `"execute-api:Invoke"`, `"`+ev.MethodArn+`"`))), ""
	}
}

// The trap: the cached policy for GET /pets (allowing only …/GET/pets) is reused for GET
// /pets/1, which it does not cover: 403 without invoking the function, until the TTL ends.
func TestCachedPolicyTrap(t *testing.T) {
	g := &gateway{
		a:     Authorizer{Name: "jwt", Type: TypeToken, IdentitySource: "method.request.header.Authorization", ResultTTL: 300 * time.Second},
		cache: NewCache(100),
		fn:    policyForMethodArn(t),
	}
	if err := g.a.Validate(); err != nil {
		t.Fatal(err)
	}
	tok := hdrs("Authorization", "alice-token")

	if o := g.handle(t, t0, "GET", "/pets", tok); !o.Allowed || g.invokes != 1 {
		t.Fatalf("GET /pets: %+v invokes=%d", o, g.invokes)
	}
	o := g.handle(t, t0.Add(10*time.Second), "GET", "/pets/1", tok)
	if o.Allowed || o.Status != 403 || o.Body != `{"Message":"User is not authorized to access this resource"}` || o.ErrorType != "AccessDeniedException" {
		t.Fatalf("GET /pets/1 within TTL: %+v", o)
	}
	if g.invokes != 1 {
		t.Fatalf("the function was invoked again (%d): the cached policy must be reused", g.invokes)
	}
	// another caller (another token) is not affected
	if o := g.handle(t, t0.Add(10*time.Second), "GET", "/pets/1", hdrs("Authorization", "bob-token")); !o.Allowed || g.invokes != 2 {
		t.Fatalf("bob: %+v invokes=%d", o, g.invokes)
	}
	// still denied just before the TTL ends, allowed (re-invoked) once it has
	if o := g.handle(t, t0.Add(300*time.Second-time.Nanosecond), "GET", "/pets/1", tok); o.Allowed || g.invokes != 2 {
		t.Fatalf("before expiry: %+v invokes=%d", o, g.invokes)
	}
	if o := g.handle(t, t0.Add(300*time.Second), "GET", "/pets/1", tok); !o.Allowed || g.invokes != 3 {
		t.Fatalf("after expiry: %+v invokes=%d", o, g.invokes)
	}
	// …and now GET /pets is the one denied from cache
	if o := g.handle(t, t0.Add(301*time.Second), "GET", "/pets", tok); o.Allowed || g.invokes != 3 {
		t.Fatalf("GET /pets after re-caching: %+v invokes=%d", o, g.invokes)
	}
}

// A cached explicit Deny spreads too: the deny cached for one method answers the next with
// the explicit-deny body only if the statement covers it; TTL 0 switches the trap off.
func TestCachedDenyAndTTLZero(t *testing.T) {
	g := &gateway{
		a:     Authorizer{Name: "jwt", Type: TypeToken, IdentitySource: "method.request.header.Authorization", ResultTTL: time.Minute},
		cache: NewCache(100),
		fn: func(event []byte) (any, string) {
			return decode(t, policy(stmt("Deny", `"execute-api:Invoke"`, `"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*"`))), ""
		},
	}
	deny := hdrs("Authorization", "mallory")
	for _, p := range []string{"/pets", "/pets/1", "/owners"} {
		o := g.handle(t, t0, "GET", p, deny)
		if o.Status != 403 || o.Body != `{"Message":"User is not authorized to access this resource with an explicit deny"}` {
			t.Fatalf("%s: %+v", p, o)
		}
	}
	if g.invokes != 1 {
		t.Fatalf("invokes %d, want 1", g.invokes)
	}

	g = &gateway{
		a:     Authorizer{Name: "jwt", Type: TypeToken, IdentitySource: "method.request.header.Authorization", ResultTTL: 0},
		cache: NewCache(100),
		fn:    policyForMethodArn(t),
	}
	tok := hdrs("Authorization", "alice-token")
	for _, p := range []string{"/pets", "/pets/1", "/pets"} {
		if o := g.handle(t, t0, "GET", p, tok); !o.Allowed {
			t.Fatalf("TTL 0 %s: %+v", p, o)
		}
	}
	if g.invokes != 3 || g.cache.Len() != 0 {
		t.Fatalf("TTL 0: invokes %d, cached %d", g.invokes, g.cache.Len())
	}
}

func TestFlowOutcomes(t *testing.T) {
	g := &gateway{
		a:     Authorizer{Name: "jwt", Type: TypeToken, IdentitySource: "method.request.header.Authorization", IdentityValidationExpression: "[a-z]+", ResultTTL: time.Minute},
		cache: NewCache(100),
		fn:    policyForMethodArn(t),
	}
	cases := []struct {
		name    string
		h       wire.Headers
		status  int
		body    string
		errType string
		invoked bool
	}{
		{"missing token", nil, 401, `{"message":"Unauthorized"}`, "UnauthorizedException", false},
		{"token fails validation", hdrs("Authorization", "Bearer x"), 401, `{"message":"Unauthorized"}`, "UnauthorizedException", false},
		{"function says Unauthorized", hdrs("Authorization", "unauthorized"), 401, `{"message":"Unauthorized"}`, "UnauthorizedException", true},
		{"function throws", hdrs("Authorization", "boom"), 500, `{"message": null}`, "AuthorizerConfigurationException", true},
		{"malformed output", hdrs("Authorization", "junk"), 500, `{"message": null}`, "AuthorizerConfigurationException", true},
		{"explicit deny", hdrs("Authorization", "deny"), 403, `{"Message":"User is not authorized to access this resource with an explicit deny"}`, "AccessDeniedException", true},
		{"allow", hdrs("Authorization", "alice"), 200, "", "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := g.invokes
			o := g.handle(t, t0, "GET", "/pets", c.h)
			if o.Status != c.status || o.Body != c.body || o.ErrorType != c.errType {
				t.Fatalf("%+v", o)
			}
			if invoked := g.invokes > before; invoked != c.invoked {
				t.Fatalf("invoked=%v, want %v", invoked, c.invoked)
			}
		})
	}
}
