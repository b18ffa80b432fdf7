package integration

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"apigwlab/engine/model"
	"apigwlab/engine/simlat"
	"apigwlab/engine/wire"
)

// Backends are the workspace's simulated HTTP backends (docs/workspace.md, "backends"). An
// HTTP or HTTP_PROXY integration whose URL has a declared backend's scheme and host is
// answered in-process with the declared latency, which never sleeps: the caller adds it to
// its virtual time, so timeoutInMillis and the 29 s limit end in AWS's 504 in a replay as
// they would against a slow server. Other URLs go over the network. Safe for concurrent use.
type Backends struct {
	byHost map[string]*backend // model.BackendHost key
	mu     sync.Mutex          // guards rng
	rng    *rand.Rand
}

type backend struct {
	name   string
	routes []backendRoute
	own    answer // for a request no route matches
}

type backendRoute struct {
	method string   // "" or ANY: every method
	segs   []string // pattern segments: literal, {name} or a last {name+}
	answer answer
}

type answer struct {
	status  int
	header  wire.Headers // declared headers, sorted by name
	body    string
	echo    bool
	latency simlat.Dist
}

// NewBackends compiles the workspace's backends; seed drives their latency draws. It
// returns nil (no backend: every URL is real) when there are none.
func NewBackends(bs []*model.Backend, seed uint64) (*Backends, error) {
	if len(bs) == 0 {
		return nil, nil
	}
	out := &Backends{byHost: map[string]*backend{}, rng: rand.New(rand.NewPCG(seed, 0xbac0e4d5))}
	for _, b := range bs {
		if b == nil {
			continue
		}
		key, problem := model.BackendHost(b.URL)
		if problem != "" {
			return nil, fmt.Errorf("backend %s: url: %s", b.Name, problem)
		}
		cb := &backend{name: b.Name}
		own := b.BackendAnswer
		if own.Status == 0 && len(b.Routes) > 0 {
			own.Status = http.StatusNotFound
		}
		cb.own = compileAnswer(&own)
		for _, r := range b.Routes {
			if r == nil {
				continue
			}
			m := strings.ToUpper(r.Method)
			if m == "ANY" {
				m = ""
			}
			a := r.BackendAnswer
			if a.Latency == nil {
				a.Latency = b.Latency // a route without its own latency takes the backend's
			}
			cb.routes = append(cb.routes, backendRoute{method: m, segs: splitPattern(r.Path), answer: compileAnswer(&a)})
		}
		out.byHost[key] = cb
	}
	return out, nil
}

func compileAnswer(a *model.BackendAnswer) answer {
	out := answer{status: a.Status, echo: a.Echo}
	if out.status == 0 {
		out.status = http.StatusOK
	}
	for name, v := range a.Headers {
		out.header = append(out.header, wire.Header{Name: name, Value: v})
	}
	sortHeaders(out.header)
	switch b := a.Body.(type) {
	case nil:
	case string:
		out.body = b
	default:
		data, err := json.Marshal(b)
		if err == nil {
			out.body = string(data)
		}
	}
	_, typed := out.header.Get("Content-Type")
	switch {
	case typed:
	case a.Echo || (a.Body != nil && !isString(a.Body)):
		out.header = append(out.header, wire.Header{Name: "Content-Type", Value: "application/json"})
	case out.body != "":
		// what Go's net/http (and most servers) sniff for text
		out.header = append(out.header, wire.Header{Name: "Content-Type", Value: "text/plain; charset=utf-8"})
	}
	sortHeaders(out.header)
	if l := a.Latency; l != nil {
		out.latency = simlat.New(l.Fixed, l.P50, l.P99)
	}
	return out
}

func isString(v any) bool { _, ok := v.(string); return ok }

// Do sends one integration request: to the simulated backend declared for the URL's scheme
// and host, else over the network with client (DoHTTP). A nil Backends sends everything
// over the network.
func (b *Backends) Do(client *http.Client, method, rawURL string, header wire.Headers, body string, timeout time.Duration) HTTPResult {
	if r, ok := b.Answer(method, rawURL, header, body, timeout); ok {
		return r
	}
	return DoHTTP(client, method, rawURL, header, body, timeout)
}

// Answer is the simulated backend's answer when one is declared for the URL's scheme and
// host (ok), for callers that send real requests their own way (WebSocket APIs).
func (b *Backends) Answer(method, rawURL string, header wire.Headers, body string, timeout time.Duration) (r HTTPResult, ok bool) {
	if b == nil {
		return HTTPResult{}, false
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return HTTPResult{}, false
	}
	be := b.byHost[u.Scheme+"://"+strings.ToLower(u.Host)]
	if be == nil {
		return HTTPResult{}, false
	}
	return b.answer(be, method, u, header, body, timeout), true
}

// answer is what backend be answers, in virtual time: Elapsed is the drawn latency, or the
// timeout with TimedOut set when the latency reaches it (the gateway stopped waiting).
func (b *Backends) answer(be *backend, method string, u *url.URL, header wire.Headers, body string, timeout time.Duration) HTTPResult {
	a := &be.own
	for i := range be.routes {
		if r := &be.routes[i]; (r.method == "" || r.method == method) && matchPath(r.segs, u.EscapedPath()) {
			a = &r.answer
			break
		}
	}
	b.mu.Lock()
	lat := a.latency.Draw(b.rng)
	b.mu.Unlock()
	if lat >= timeout {
		return HTTPResult{Elapsed: timeout, TimedOut: true, Backend: be.name,
			Err: fmt.Errorf("simulated backend %s takes %s", be.name, lat)}
	}
	res := HTTPResult{Status: a.status, Body: a.body, Elapsed: lat, Backend: be.name}
	if a.echo {
		res.Body = echoBody(method, u, header, body)
	}
	res.Header = make(wire.Headers, 0, len(a.header)+1)
	res.Header = append(res.Header, a.header...)
	if _, ok := res.Header.Get("Content-Length"); !ok {
		// as any HTTP/1.1 server that knows its body sends it (HTTP_PROXY remaps it)
		res.Header = append(res.Header, wire.Header{Name: "Content-Length", Value: strconv.Itoa(len(res.Body))})
		sortHeaders(res.Header)
	}
	return res
}

// BackendFact is how a trace names the simulated backend that answered.
func (r *HTTPResult) BackendFact() string {
	return r.Backend + " (simulated: declared in the workspace, virtual time)"
}

func splitPattern(p string) []string { return strings.Split(strings.TrimPrefix(p, "/"), "/") }

// matchPath reports whether an escaped request path matches a route pattern's segments.
func matchPath(segs []string, path string) bool {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, s := range segs {
		if strings.HasSuffix(s, "+}") && strings.HasPrefix(s, "{") {
			return i < len(parts) && strings.Join(parts[i:], "/") != ""
		}
		if i >= len(parts) {
			return false
		}
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			if parts[i] == "" {
				return false
			}
			continue
		}
		if p, err := url.PathUnescape(parts[i]); err != nil || p != s {
			return false
		}
	}
	return len(parts) == len(segs)
}

// echoBody is the request as the backend received it, as JSON: method, path, query
// (repeated names joined with commas), headers (the same) and body. Hop-by-hop headers are
// not forwarded, so they are not echoed; Host is the backend's.
func echoBody(method string, u *url.URL, header wire.Headers, body string) string {
	type echo struct {
		Method  string            `json:"method"`
		Path    string            `json:"path"`
		Query   map[string]string `json:"query"`
		Headers map[string]string `json:"headers"`
		Body    string            `json:"body"`
	}
	e := echo{Method: method, Path: u.EscapedPath(), Query: map[string]string{}, Headers: map[string]string{"Host": u.Host}, Body: body}
	if e.Path == "" {
		e.Path = "/"
	}
	for k, vs := range u.Query() {
		e.Query[k] = strings.Join(vs, ",")
	}
	for _, h := range header {
		if hopByHop[strings.ToLower(h.Name)] {
			continue
		}
		if prev, ok := e.Headers[h.Name]; ok {
			e.Headers[h.Name] = prev + "," + h.Value
			continue
		}
		e.Headers[h.Name] = h.Value
	}
	data, _ := json.Marshal(e)
	return string(data)
}
