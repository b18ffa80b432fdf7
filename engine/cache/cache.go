// Package cache is API Gateway's stage cache for REST APIs: keys built from cacheKeyParameters,
// TTLs, a capacity in bytes with least-recently-used eviction, client invalidation with
// Cache-Control: max-age=0, flushing, and hit/miss counters (CacheHitCount, CacheMissCount).
//
// Time always comes from the caller: replays run in virtual time and must be deterministic.
//
// AWS sources are cited where each rule is applied; "docs" means the API Gateway developer
// guide page doc_source/api-gateway-caching.md ("Enabling API caching to enhance
// responsiveness", also docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching).
package cache

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Limits from the docs: "The default TTL value for API caching is 300 seconds. The maximum TTL
// value is 3600 seconds. TTL=0 means caching is disabled." and "The maximum size of a response
// that can be cached is 1048576 bytes."
const (
	DefaultTTL       = 300 * time.Second
	MaxTTL           = 3600 * time.Second
	MaxResponseBytes = 1048576
)

// gib is the unit of cacheClusterSize. AWS says "GB" without defining it; the sizes are those
// of the ElastiCache nodes behind the cache (e.g. 13.5, 28.4, 58.2, 118, 237 are the memory of
// cache.r3.large … cache.r3.8xlarge, which ElastiCache quotes in GiB), so 1 GB = 2^30 bytes.
// This is our inference, not an AWS statement.
const gib = 1 << 30

// sizes maps each cacheClusterSize AWS accepts (API reference Stage.cacheClusterSize; enum
// CacheClusterSize in the service model) to tenths of a GiB, so capacities are exact integers.
var sizes = []struct {
	name   string
	tenths int64
}{
	{"0.5", 5}, {"1.6", 16}, {"6.1", 61}, {"13.5", 135},
	{"28.4", 284}, {"58.2", 582}, {"118", 1180}, {"237", 2370},
}

// Sizes lists the cacheClusterSize values AWS accepts, smallest first.
func Sizes() []string {
	out := make([]string, len(sizes))
	for i, s := range sizes {
		out[i] = s.name
	}
	return out
}

// CapacityBytes returns the capacity in bytes of a cacheClusterSize, and false for a size
// AWS does not offer.
func CapacityBytes(sizeGB string) (int64, bool) {
	for _, s := range sizes {
		if s.name == sizeGB {
			return s.tenths * gib / 10, true
		}
	}
	return 0, false
}

// Header is one response header; a name may repeat for multi-value headers.
type Header struct{ Name, Value string }

// Entry is one cached method response. Entries are immutable once stored: Get hands out a
// pointer shared by every hit, which callers must not modify.
type Entry struct {
	Status  int
	Headers []Header
	Body    string
	// Set by Put.
	StoredAt  time.Time
	ExpiresAt time.Time
	Size      int // bytes counted against capacity: body + header names and values + key
}

// Stats is a snapshot of one cache's contents and counters.
type Stats struct {
	SizeGB      string // cacheClusterSize; "" for a cache made with NewBytes
	Capacity    int64  // bytes
	Bytes       int64  // sum of entry sizes
	Entries     int
	Hits        int64 // CacheHitCount
	Misses      int64 // CacheMissCount: lookups that found nothing fresh, plus bypasses
	Bypasses    int64 // requests whose Cache-Control: max-age=0 was honoured
	Stores      int64 // entries stored
	Rejected    int64 // responses not stored: body over MaxResponseBytes or entry over capacity
	Evictions   int64 // entries removed to make room (least recently used first)
	Expirations int64 // entries found expired by Get and removed
	Flushes     int64
}

// Cache is one stage's cache. It is safe for concurrent use.
//
// One mutex guards everything: every Get reorders the LRU list, so reads are writes, and an
// exact global LRU keeps replays deterministic (sharding would make eviction order depend on
// hash placement).
type Cache struct {
	mu       sync.Mutex
	sizeGB   string
	capacity int64
	bytes    int64
	items    map[Key]*node
	root     node // sentinel of the circular LRU list: root.next is the most recently used
	st       Stats
}

type node struct {
	key        Key
	entry      Entry
	prev, next *node
}

// New returns an empty cache of the given cacheClusterSize ("0.5" … "237", in GB). Changing a
// stage's cache size means calling New again: "API Gateway changes caching capacity by
// removing the existing cache instance and creating a new one ... All existing cached data is
// deleted" (docs).
func New(sizeGB string) (*Cache, error) {
	capacity, ok := CapacityBytes(sizeGB)
	if !ok {
		return nil, fmt.Errorf("cacheClusterSize %q is not a size AWS offers: accepted %s (GB)", sizeGB, quoted(Sizes()))
	}
	c := NewBytes(capacity)
	c.sizeGB = sizeGB
	return c, nil
}

// NewBytes returns an empty cache holding at most capacity bytes of entries, for tests and
// labs that want eviction to happen after a few entries. A capacity of 0 or less stores
// nothing.
func NewBytes(capacity int64) *Cache {
	c := &Cache{capacity: capacity, items: make(map[Key]*node)}
	c.root.next, c.root.prev = &c.root, &c.root
	return c
}

// Get looks k up at time now. A fresh entry is a hit: it becomes the most recently used and
// its age (now − StoredAt, never negative) is returned. An entry whose TTL has run out —
// now ≥ ExpiresAt, so an entry stored with TTL 300 s at t misses at exactly t+300 s — is a
// miss and is removed. Hits and misses are counted for CacheHitCount / CacheMissCount.
func (c *Cache) Get(k Key, now time.Time) (e *Entry, age time.Duration, ok bool) {
	c.mu.Lock()
	n := c.items[k]
	if n == nil {
		c.st.Misses++
		c.mu.Unlock()
		return nil, 0, false
	}
	if !now.Before(n.entry.ExpiresAt) {
		c.remove(n)
		c.st.Expirations++
		c.st.Misses++
		c.mu.Unlock()
		return nil, 0, false
	}
	c.unlink(n)
	c.pushFront(n)
	c.st.Hits++
	c.mu.Unlock()
	age = now.Sub(n.entry.StoredAt)
	if age < 0 { // a virtual clock moved backwards
		age = 0
	}
	return &n.entry, age, true
}

// CountBypass records a request that skipped the lookup because its Cache-Control: max-age=0
// was honoured. It counts as a miss: the response comes from the integration.
func (c *Cache) CountBypass() {
	c.mu.Lock()
	c.st.Bypasses++
	c.st.Misses++
	c.mu.Unlock()
}

// Put stores e under k for ttl from now, replacing any entry k had ("This replaces the
// existing cache entry with the new response", docs on invalidation), and evicts least
// recently used entries until it fits. It reports whether e was stored and how many entries
// were evicted to make room.
//
// Nothing is stored when ttl ≤ 0 (TTL=0 means caching is disabled), when the body exceeds
// MaxResponseBytes, or when the entry alone is larger than the whole cache; in the last two
// cases an older entry under k is dropped, so the stage never serves a response older than
// the integration's latest answer. A ttl above MaxTTL is capped (validation rejects it first).
// Put keeps its own copy of e.Headers; it sets StoredAt, ExpiresAt and Size.
//
// Which responses to Put is the caller's choice. AWS documents no status filter, and users
// report that integration error responses (e.g. a backend's 429) are cached and cannot be
// excluded by status (stackoverflow.com/questions/45883323, cited by the maintainer of
// serverless-api-gateway-caching in issue #125). So the engine should store whatever method
// response the integration produced, and not the gateway's own responses (502, 504, …), which
// never came from the integration.
func (c *Cache) Put(k Key, e Entry, ttl time.Duration, now time.Time) (stored bool, evicted int) {
	if ttl <= 0 {
		return false, 0
	}
	ttl = min(ttl, MaxTTL)
	size := int64(k.size) + int64(len(e.Body))
	for _, h := range e.Headers {
		size += int64(len(h.Name) + len(h.Value))
	}
	e.Headers = slices.Clone(e.Headers)
	e.StoredAt, e.ExpiresAt, e.Size = now, now.Add(ttl), int(size)

	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.items[k]; old != nil {
		c.remove(old)
	}
	if len(e.Body) > MaxResponseBytes || size > c.capacity {
		c.st.Rejected++
		return false, 0
	}
	for c.bytes+size > c.capacity {
		c.remove(c.root.prev)
		c.st.Evictions++
		evicted++
	}
	n := &node{key: k, entry: e}
	c.items[k] = n
	c.pushFront(n)
	c.bytes += size
	c.st.Stores++
	return true, evicted
}

// Flush drops every entry, as FlushStageCache does (DELETE
// /restapis/{id}/stages/{stage}/cache/data). Counters are kept: they are metrics.
func (c *Cache) Flush() {
	c.mu.Lock()
	clear(c.items)
	c.root.next, c.root.prev = &c.root, &c.root
	c.bytes = 0
	c.st.Flushes++
	c.mu.Unlock()
}

// Stats returns a snapshot of the cache's contents and counters.
func (c *Cache) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.st
	s.SizeGB, s.Capacity, s.Bytes, s.Entries = c.sizeGB, c.capacity, c.bytes, len(c.items)
	return s
}

func (c *Cache) remove(n *node) {
	c.unlink(n)
	delete(c.items, n.key)
	c.bytes -= int64(n.entry.Size)
}

func (c *Cache) unlink(n *node) {
	n.prev.next, n.next.prev = n.next, n.prev
	n.prev, n.next = nil, nil
}

func (c *Cache) pushFront(n *node) {
	n.prev, n.next = &c.root, c.root.next
	c.root.next.prev = n
	c.root.next = n
}

func quoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = `"` + s + `"`
	}
	return strings.Join(q, ", ")
}
