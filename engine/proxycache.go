package engine

import (
	"sync"
	"unsafe"

	"apigwlab/engine/integration"
	"apigwlab/engine/lambda"
)

// proxyCache remembers how a function's static answer parses as a proxy response: a
// simulated function with `returns` hands back the same payload slice every time, so a
// replay of millions of requests parses it once. Entries keep their payload referenced, so
// its address cannot be reused for another payload while cached.
type proxyCache struct {
	mu      sync.Mutex
	entries map[*byte]proxyEntry
}

type proxyEntry struct {
	payload []byte
	resp    integration.ProxyResponse
	problem string
}

const proxyCacheMax = 1024

func (p *proxyCache) parse(res *lambda.Result) (integration.ProxyResponse, string) {
	if !res.Static || len(res.Payload) == 0 {
		return integration.ParseProxyResponse(res.Value)
	}
	key := unsafe.SliceData(res.Payload)
	p.mu.Lock()
	e, ok := p.entries[key]
	p.mu.Unlock()
	if ok && len(e.payload) == len(res.Payload) {
		return e.resp, e.problem
	}
	resp, problem := integration.ParseProxyResponse(res.Value)
	p.mu.Lock()
	if p.entries == nil || len(p.entries) >= proxyCacheMax {
		p.entries = map[*byte]proxyEntry{}
	}
	p.entries[key] = proxyEntry{payload: res.Payload, resp: resp, problem: problem}
	p.mu.Unlock()
	return resp, problem
}
