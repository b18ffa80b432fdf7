package cache

import (
	"math/bits"
	"strconv"
	"strings"
)

// Key identifies one cached response. It is a 128-bit digest of the key's parts plus their
// length, so it is small, comparable and can be kept in a request's context between the
// lookup and the store that follows the integration call. Build it with a Builder.
//
// Why a digest and not the key text: looking a text key up means either building a string per
// request (an allocation) or aliasing a reusable buffer (a key that silently changes when the
// buffer is reused). Two independent 64-bit lanes make an accidental collision a ~n²/2^129
// event; the hash is deterministic (no per-process seed) so traces and replays show the same
// key on every run. It is not a keyed hash: someone who can send requests to `serve` could in
// principle craft a collision, which is acceptable for a local simulator.
type Key struct {
	hi, lo uint64
	size   uint32 // bytes of key text, counted against the cache capacity
}

// String renders the digest as 32 hex digits, stable across runs.
func (k Key) String() string {
	var b [32]byte
	const hex = "0123456789abcdef"
	for i := 0; i < 16; i++ {
		b[15-i] = hex[(k.hi>>(4*i))&0xf]
		b[31-i] = hex[(k.lo>>(4*i))&0xf]
	}
	return string(b[:])
}

// Size is the length in bytes of the key's text (deployment, namespace, method, parameter
// names and values), the part of an entry's size that the key contributes.
func (k Key) Size() int { return int(k.size) }

// Namespace returns the integration's cacheNamespace, or resourceID when it is empty: AWS
// "by default ... uses the resource ID as the cacheNamespace. You can specify the same
// cacheNamespace across resources to return the same cached data for requests to different
// resources" (API reference, Integration.cacheNamespace). That sharing is why the key holds
// the namespace and not the resource path.
func Namespace(cacheNamespace, resourceID string) string {
	if cacheNamespace != "" {
		return cacheNamespace
	}
	return resourceID
}

// Param is one cache key parameter and the value the request gave it.
type Param struct{ Name, Value string }

// Builder accumulates the parts of a Key without allocating (up to four parameters are kept
// inline for String; more spill to the heap). The zero Builder is not ready: use NewBuilder or
// Reset. A Builder is meant to live on the stack of one request.
//
// The key is made of the deployment id, the namespace (Namespace), the HTTP method and the
// values of the integration's cacheKeyParameters, e.g. "method.request.querystring.type",
// "method.request.header.Accept", "method.request.path.petId". Request parameters not listed
// are not part of the key: "you can include only the type parameter in the cache key ... The
// response from [GET /users?type=admin&department=A] is cached and is used to serve ...
// GET /users?type=admin&department=B" (doc_source/api-gateway-caching.md, "Use method or
// integration parameters as cache keys"). That includes path parameters: without
// method.request.path.petId in the key, /pets/1 and /pets/2 share one entry (a well-known
// gotcha, e.g. theburningmonk.com 2016 "enable caching on query string parameters").
//
// Parameters are combined order-independently, so two integrations sharing a namespace but
// listing their cacheKeyParameters in different orders still share entries.
type Builder struct {
	head  lanes // deployment, namespace, method
	acc   lanes // sum of per-parameter digests
	size  uint32
	count uint32

	deployment, namespace, method string
	inline                        [4]Param
	more                          []Param
}

// NewBuilder starts a key for one method of one deployment.
//
// Pass the id of the deployment that serves the request: a canary with useStageCache and a
// different deployment then gets its own entries, and one with the same deployment shares the
// stage's ("prod vs canary entries are separate if deployments differ, shared if same
// deployment", aws-facts §6 from doc_source/canary-release.md).
func NewBuilder(deployment, namespace, method string) Builder {
	var b Builder
	b.Reset(deployment, namespace, method)
	return b
}

// Reset empties the builder and starts a new key, keeping spilled-parameter storage.
func (b *Builder) Reset(deployment, namespace, method string) {
	b.head = lanes{seedA, seedB}
	b.head.field(deployment)
	b.head.field(namespace)
	b.head.field(method)
	b.acc = lanes{}
	b.size = uint32(len(deployment) + len(namespace) + len(method))
	b.count = 0
	b.deployment, b.namespace, b.method = deployment, namespace, method
	b.more = b.more[:0]
}

// Append adds one cache key parameter (its full name, e.g. "method.request.querystring.type")
// and the request's value for it. An absent parameter is passed as "" and keys like an empty
// one, as mapping expressions render a missing parameter as "".
func (b *Builder) Append(param, value string) {
	p := lanes{seedC, seedD}
	p.field(param)
	p.field(value)
	// Sum of finalised per-parameter digests: commutative (order-independent) and, unlike
	// XOR, a parameter listed twice does not cancel itself out.
	b.acc.a += fmix(p.a)
	b.acc.b += fmix(p.b)
	b.size += uint32(len(param) + len(value))
	if int(b.count) < len(b.inline) {
		b.inline[b.count] = Param{param, value}
	} else {
		b.more = append(b.more, Param{param, value})
	}
	b.count++
}

// Key returns the key built so far; the builder can keep appending afterwards.
func (b *Builder) Key() Key {
	h := b.head
	h.word(b.acc.a)
	h.word(b.acc.b)
	h.word(uint64(b.count))
	return Key{hi: fmix(h.a), lo: fmix(h.b ^ h.a), size: b.size}
}

// String renders the key readably for traces, e.g.
// "GET ns=abc123 deployment=d1 [method.request.querystring.type=admin]". It allocates, so
// call it only when tracing.
func (b *Builder) String() string {
	var s strings.Builder
	s.WriteString(b.method)
	s.WriteString(" ns=")
	s.WriteString(b.namespace)
	if b.deployment != "" {
		s.WriteString(" deployment=")
		s.WriteString(b.deployment)
	}
	s.WriteString(" [")
	for i := 0; i < int(b.count); i++ {
		p := b.param(i)
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(p.Name)
		s.WriteByte('=')
		s.WriteString(strconv.Quote(p.Value))
	}
	s.WriteByte(']')
	return s.String()
}

// Params returns the parameters appended so far, in order.
func (b *Builder) Params() []Param {
	out := make([]Param, b.count)
	for i := range out {
		out[i] = b.param(i)
	}
	return out
}

func (b *Builder) param(i int) Param {
	if i < len(b.inline) {
		return b.inline[i]
	}
	return b.more[i-len(b.inline)]
}

// lanes is a pair of independent 64-bit hash states. Each step is a bijection of the state
// for a fixed input word (xor/add, rotate, multiply by an odd constant), so two inputs of the
// same shape that differ in a single word can never collide within a lane.
type lanes struct{ a, b uint64 }

// Seeds and multipliers: digits of π and well-known odd 64-bit mixing constants.
const (
	seedA = 0x243f6a8885a308d3
	seedB = 0x13198a2e03707344
	seedC = 0xa4093822299f31d0
	seedD = 0x082efa98ec4e6c89
	mulA  = 0x9e3779b97f4a7c15
	mulB  = 0xc2b2ae3d27d4eb4f
)

func (l *lanes) word(w uint64) {
	l.a = bits.RotateLeft64(l.a^w, 29) * mulA
	l.b = bits.RotateLeft64(l.b+w, 37) * mulB
}

// field absorbs a length-prefixed string, so ("ab","c") and ("a","bc") differ.
func (l *lanes) field(s string) {
	l.word(uint64(len(s)))
	for len(s) >= 8 {
		_ = s[7]
		l.word(uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56)
		s = s[8:]
	}
	if len(s) > 0 {
		var w uint64
		for i := 0; i < len(s); i++ {
			w |= uint64(s[i]) << (8 * i)
		}
		l.word(w)
	}
}

// fmix is MurmurHash3's 64-bit finaliser: a bijection with full avalanche.
func fmix(k uint64) uint64 {
	k ^= k >> 33
	k *= 0xff51afd7ed558ccd
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	return k
}
