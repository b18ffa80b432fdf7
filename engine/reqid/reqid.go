// Package reqid draws AWS-style ids for the HTTP and WebSocket pipelines: 15 characters of
// the base64url alphabet and "=" (request ids, connection ids, message ids), from a seeded
// generator so that replays are byte-identical.
package reqid

import (
	"math/rand/v2"
	"sync"
)

// Alphabet is base64url: the characters of an id before its final "=".
const Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// Gen draws ids; safe for concurrent use.
type Gen struct {
	mu  sync.Mutex
	rng *rand.Rand
}

// New returns a generator seeded with (seed, seed^stream): each pipeline keeps its own
// stream constant so its ids stay what they were.
func New(seed, stream uint64) *Gen {
	return &Gen{rng: rand.New(rand.NewPCG(seed, seed^stream))}
}

// Next returns an id.
func (g *Gen) Next() string {
	g.mu.Lock()
	a := g.rng.Uint64()
	g.mu.Unlock()
	return format(a)
}

// NextTraced returns an id and the random part of an X-Amzn-Trace-Id root, drawn together.
func (g *Gen) NextTraced() (id string, trace [2]uint64) {
	g.mu.Lock()
	a, b, c := g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64()
	g.mu.Unlock()
	return format(a), [2]uint64{b, c}
}

func format(a uint64) string {
	var buf [16]byte
	for i := 0; i < 15; i++ {
		buf[i] = Alphabet[(a>>(4*i))&63]
	}
	buf[15] = '='
	return string(buf[:])
}

// Hash is FNV-1a of s: how a pipeline folds an API's name or id into its seed.
func Hash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
