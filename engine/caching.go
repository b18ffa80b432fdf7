package engine

import (
	"strings"
	"time"

	"apigwlab/engine/cache"
	"apigwlab/engine/gwresponse"
	"apigwlab/engine/wire"
)

// stageCache is a stage's cache cluster and each method's resolved cache settings.
type stageCache struct {
	c        *cache.Cache
	size     string
	settings map[*method]cache.Settings // resolved once per stage compile
}

// compileStageCache creates (or keeps, across update-stage, when the size is unchanged —
// AWS recreates the cache, losing its data, only when the capacity changes) the stage cache.
func compileStageCache(st *stage, prev *stage) error {
	s := st.model
	if !s.CacheClusterEnabled {
		return nil
	}
	size := s.CacheClusterSize
	if size == "" {
		size = "0.5" // AWS's default cacheClusterSize
	}
	sc := &stageCache{size: size, settings: map[*method]cache.Settings{}}
	if prev != nil && prev.cache != nil && prev.cache.size == size {
		sc.c = prev.cache.c
	} else {
		c, err := cache.New(size)
		if err != nil {
			return err
		}
		sc.c = c
	}
	deps := []*deployment{st.deployment}
	if st.canary != nil && st.canary.deployment != st.deployment {
		deps = append(deps, st.canary.deployment)
	}
	for _, d := range deps {
		for _, m := range d.methods {
			sc.settings[m] = cache.ForMethod(s, m.resource, m.httpMethod)
		}
	}
	st.cache = sc
	return nil
}

// cacheLookup is the stage cache: a fresh entry under the request's key answers at once;
// otherwise the key is remembered so the response is stored after the integration.
// Cache-Control: max-age=0 invalidates, if the caller may (aws-facts.md §4.2).
func cacheLookup(c *call) *gwresponse.Error {
	sc := c.stage.cache
	if sc == nil {
		return nil
	}
	set, ok := sc.settings[c.m]
	if !ok || !set.Active() {
		return nil
	}
	if c.isCanary && !c.stage.model.CanarySettings.UseStageCache {
		c.trace.Hop("cache", "skipped", c.elapsed, 0).Fact("reason", "canary request and canarySettings.useStageCache is false")
		return nil
	}
	b := cache.NewBuilder(c.dep.id, cache.Namespace(c.m.integ.CacheNamespace, c.m.resourceID), c.req.Method)
	for _, p := range c.m.integ.CacheKeyParameters {
		b.Append(p, c.parameterValue(p))
	}
	key := b.Key()
	c.cacheKey, c.cacheSettings, c.cacheStore = key, set, true
	inv := cache.DecideInvalidation(strings.Join(c.req.Header.Values("Cache-Control"), ","), false, set)
	if inv.Warning.Name != "" {
		c.cacheWarning = wire.Header{Name: inv.Warning.Name, Value: inv.Warning.Value}
	}
	switch {
	case inv.Fail403:
		c.cacheStore = false
		if h := c.trace.Hop("cache", "answered 403", c.elapsed, 0); h != nil {
			h.Fact("reason", "Cache-Control: max-age=0 from a caller without execute-api:InvalidateCache, and unauthorizedCacheControlHeaderStrategy is FAIL_WITH_403")
		}
		return &gwresponse.Error{Type: gwresponse.Default4XX, Status: cache.FailStatus, Message: cache.FailMessage}
	case inv.Bypass:
		sc.c.CountBypass()
		c.cacheOutcome = cacheMiss
		if h := c.trace.Hop("cache", "bypass", c.elapsed, 0); h != nil {
			h.Fact("key", b.String()).Fact("reason", "Cache-Control: max-age=0: fetch from the integration and replace the entry")
		}
		return nil
	}
	e, age, hit := sc.c.Get(key, c.at())
	if !hit {
		c.cacheOutcome = cacheMiss
		if h := c.trace.Hop("cache", "miss", c.elapsed, 0); h != nil {
			h.Fact("key", b.String()).Fact("ttl", set.TTL.String())
			if inv.Requested {
				h.Fact("invalidation", "ignored: the caller may not invalidate the cache")
			}
		}
		return nil
	}
	c.cacheOutcome = cacheHit
	c.cacheStore = false
	c.done = true
	c.status, c.body = e.Status, e.Body
	c.header = c.header[:0]
	for _, h := range e.Headers {
		c.header = append(c.header, wire.Header{Name: h.Name, Value: h.Value})
	}
	if h := c.trace.Hop("cache", "hit", c.elapsed, 0); h != nil {
		h.Fact("key", b.String()).Fact("age", age.Truncate(time.Millisecond).String()).Fact("ttl", set.TTL.String())
		if inv.Requested {
			h.Fact("invalidation", "ignored: the caller may not invalidate the cache")
		}
	}
	return nil
}

// Cache outcomes for metrics (observe.CacheHit / CacheMiss).
const (
	cacheNone = iota
	cacheHit
	cacheMiss
)

// cacheStoreResponse stores the method response after a miss (or a bypass).
func (c *call) cacheStoreResponse() {
	if !c.cacheStore {
		return
	}
	e := cache.Entry{Status: c.status, Body: c.body, Headers: make([]cache.Header, 0, len(c.header))}
	for _, h := range c.header {
		e.Headers = append(e.Headers, cache.Header{Name: h.Name, Value: h.Value})
	}
	stored, evicted := c.stage.cache.c.Put(c.cacheKey, e, c.cacheSettings.TTL, c.at())
	if h := c.trace.Hop("cache store", "", c.elapsed, 0); h != nil {
		if stored {
			h.Decide("stored").Fact("ttl", c.cacheSettings.TTL.String())
			if evicted > 0 {
				h.Fact("evicted", itoa(evicted)+" least recently used entries to make room")
			}
		} else {
			h.Decide("not stored").Fact("reason", "the response is over 1,048,576 bytes or larger than the cache")
		}
	}
}
