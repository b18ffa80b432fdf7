package engine

import (
	"math/rand/v2"
	"sync"
)

// ids draws request ids from a seeded generator so that replays are byte-identical.
type ids struct {
	mu  sync.Mutex
	rng *rand.Rand
}

func newIDs(seed uint64) *ids {
	return &ids{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

const hexDigits = "0123456789abcdef"

// b64url is the alphabet of x-amz-apigw-id values such as "MKbB-HYDIAMEq0w=".
const b64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// next returns a request id (UUID v4, as x-amzn-RequestId), an extended request id
// (15 url-safe base64 characters and "=", as x-amz-apigw-id) and the random part of an
// X-Amzn-Trace-Id root, all in one locked draw.
func (g *ids) next() (requestID, extendedID string, trace [3]uint64) {
	g.mu.Lock()
	a, b, c, d, e := g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64()
	g.mu.Unlock()
	// one allocation for both strings: they are slices of one buffer
	var buf [36 + 16]byte
	u := [16]byte{}
	for i := 0; i < 8; i++ {
		u[i] = byte(a >> (8 * i))
		u[8+i] = byte(b >> (8 * i))
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	j := 0
	for i, x := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			buf[j] = '-'
			j++
		}
		buf[j], buf[j+1] = hexDigits[x>>4], hexDigits[x&0x0f]
		j += 2
	}
	for i := 0; i < 15; i++ {
		buf[36+i] = b64url[(c>>(4*i))&63]
	}
	buf[51] = '='
	s := string(buf[:])
	return s[:36], s[36:], [3]uint64{d, e, c ^ d}
}

// traceID formats an X-Amzn-Trace-Id root: Root=1-<8 hex epoch seconds>-<24 hex>.
func traceID(epoch int64, r [3]uint64) string {
	var buf [len("Root=1-") + 8 + 1 + 24]byte
	copy(buf[:], "Root=1-")
	j := 7
	for i := 7; i >= 0; i-- {
		buf[j+i] = hexDigits[(epoch>>(4*(7-i)))&0xf]
	}
	j += 8
	buf[j] = '-'
	j++
	for i := 0; i < 24; i++ {
		w := r[i/16]
		buf[j+i] = hexDigits[(w>>(4*(i%16)))&0xf]
	}
	return string(buf[:])
}
