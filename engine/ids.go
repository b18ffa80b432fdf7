package engine

import (
	"math/rand/v2"
	"strconv"
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

// edgeIDs derives what CloudFront adds to a request of an edge-optimized API from the
// request's random words: the Via hop "2.0 <32 hex>.cloudfront.net (CloudFront)", the
// X-Amz-Cf-Id (54 URL-safe base64 characters and "==", as in user-posted events), and the
// edge's address, in 130.176.0.0/16 (a CloudFront range seen in user-posted events).
func edgeIDs(r [3]uint64) (via, cfID, edgeIP string) {
	x := r[0] ^ r[1]<<7 ^ r[2]>>3 | 1
	next := func() uint64 { // xorshift64: spreads the request's random bits
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return x
	}
	var v [len("2.0 ") + 32 + len(".cloudfront.net (CloudFront)")]byte
	n := copy(v[:], "2.0 ")
	for i := 0; i < 32; i++ {
		v[n+i] = hexDigits[next()&0xf]
	}
	copy(v[n+32:], ".cloudfront.net (CloudFront)")
	const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	var id [56]byte
	for i := 0; i < 53; i++ {
		id[i] = b64[next()&63]
	}
	id[53] = "AQgw"[next()&3] // 40 bytes end on 4 significant bits before "=="
	id[54], id[55] = '=', '='
	e := next()
	return string(v[:]), string(id[:]), "130.176." + strconv.Itoa(int(e>>8&0xff)) + "." + strconv.Itoa(int(e&0xff))
}
