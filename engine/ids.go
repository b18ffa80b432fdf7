package engine

import (
	"hash/fnv"
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

// next is nextFor a request that does not pass through CloudFront.
func (g *ids) next() (requestID, extendedID string, trace [3]uint64) {
	requestID, extendedID, trace, _ = g.nextFor(false)
	return
}

// nextFor returns a request id (UUID v4, as x-amzn-RequestId), an extended request id
// (15 url-safe base64 characters and "=", as x-amz-apigw-id) and the random part of an
// X-Amzn-Trace-Id root, all in one locked draw. With edge (the request goes to an
// edge-optimized API) it also returns the request's X-Amz-Cf-Id, carved from the same
// allocation.
func (g *ids) nextFor(edge bool) (requestID, extendedID string, trace [3]uint64, cfID string) {
	g.mu.Lock()
	a, b, c, d, e := g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64(), g.rng.Uint64()
	g.mu.Unlock()
	trace = [3]uint64{d, e, c ^ d}
	// one allocation for all strings: they are slices of one buffer
	var buf [36 + 16 + cfIDLen]byte
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
	n := 52
	if edge {
		writeCfID(buf[52:], trace)
		n += cfIDLen
	}
	str := string(buf[:n])
	return str[:36], str[36:52], trace, str[52:]
}

// cfIDLen is the length of an X-Amz-Cf-Id: 54 URL-safe base64 characters and "==".
const cfIDLen = 56

// writeCfID writes a request's X-Amz-Cf-Id into b from its random words (a word gives 10
// base64 characters).
func writeCfID(b []byte, r [3]uint64) {
	x := r[0] ^ r[1]<<7 ^ r[2]>>3 | 1
	for i := 0; i < 53; {
		x ^= x << 13 // xorshift64: spreads the request's random bits
		x ^= x >> 7
		x ^= x << 17
		w := x
		for k := 0; k < 10 && i < 53; k++ {
			b[i] = b64url[w&63]
			w >>= 6
			i++
		}
	}
	b[53] = "AQgw"[x>>62] // 40 bytes end on 4 significant bits before "=="
	b[54], b[55] = '=', '='
}

// edgeServers are the CloudFront servers in front of an edge-optimized API. A request
// reaches one of them, whose Via hop toward API Gateway ("2.0 <32 hex>.cloudfront.net
// (CloudFront)", in a proxy event) and back ("1.1 …", a response header) name the same
// server: a WaniCTF 2021 write-up shows the event's Via "2.0 7c3e…cb0.cloudfront.net
// (CloudFront)", the response's "1.1 7c3e…cb0…" and the same X-Amz-Cf-Id in both. Successive
// requests reach different servers of one POP (LS snapshot test_invocation_trace_id: five
// requests, five Via values, one X-Amz-Cf-Pop). The hops are built once per API, from its
// id, so choosing one costs a request nothing.
type edgeServers [16]struct{ requestVia, responseVia string }

func newEdgeServers(apiID string) *edgeServers {
	h := fnv.New64a()
	h.Write([]byte(apiID))
	x := h.Sum64() | 1
	var out edgeServers
	for i := range out {
		var hex [32]byte
		for j := 0; j < 32; j += 16 {
			x ^= x << 13 // xorshift64
			x ^= x >> 7
			x ^= x << 17
			for k := 0; k < 16; k++ {
				hex[j+k] = hexDigits[x>>(4*k)&0xf]
			}
		}
		host := string(hex[:]) + ".cloudfront.net (CloudFront)"
		out[i].requestVia, out[i].responseVia = "2.0 "+host, "1.1 "+host
	}
	return &out
}

// server is the one a request reaches, chosen by its random words.
func (e *edgeServers) server(r [3]uint64) (requestVia, responseVia string) {
	s := &e[(r[0]^r[1])>>60]
	return s.requestVia, s.responseVia
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

// edgeIP is the address of the CloudFront edge that forwarded the request, in
// 130.176.0.0/16 (a CloudFront range seen in user-posted events).
func edgeIP(r [3]uint64) string {
	e := r[0]*0x9e3779b97f4a7c15 ^ r[2]
	return "130.176." + strconv.Itoa(int(e>>8&0xff)) + "." + strconv.Itoa(int(e&0xff))
}
