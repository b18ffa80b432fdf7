package integration

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"apigwlab/engine/wire"
)

// HTTPResult is what a backend answered, or why it did not.
type HTTPResult struct {
	Status   int
	Header   wire.Headers
	Body     string
	Elapsed  time.Duration // wall-clock time the call took
	TimedOut bool
	Err      error // network error (connection refused, bad URL…)
	// Backend names the simulated backend that answered (Elapsed is then virtual time);
	// "" for a real request.
	Backend string
}

// maxBackendBody bounds what we read from a backend: API Gateway's payload limit is 10 MB.
const maxBackendBody = 10 << 20

// hopByHop are headers a proxy never forwards (RFC 9110 §7.6.1) plus Host, which becomes the backend's.
var hopByHop = map[string]bool{
	"connection": true, "keep-alive": true, "proxy-connection": true, "te": true,
	"trailer": true, "transfer-encoding": true, "upgrade": true, "host": true, "content-length": true,
}

// ValidEndpoint reports whether an HTTP integration's URI, once its stage variables and
// parameters are in, names a backend: http or https with a host. AWS refuses any other
// before sending ("Execution failed due to configuration error: Invalid endpoint address",
// LS snapshot test_failed_invoke_test_method: "https://${stageVariables.testHost}" with
// the variable unset).
func ValidEndpoint(rawURL string) bool { _, ok := endpointURL(rawURL); return ok }

func endpointURL(rawURL string) (*url.URL, bool) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false
	}
	return u, true
}

// plainTransport is Go's default transport with compression off. Go's transport adds
// "Accept-Encoding: gzip" to a request that has none and then decompresses the answer
// behind its caller's back; API Gateway sends a backend only the headers the client and
// the mappings give it (LS snapshot test_http_integration_with_lambda, recorded against
// AWS: the request of an HTTP integration carries no Accept-Encoding, an HTTP_PROXY one the
// client's "gzip, deflate") and hands on the answer as the backend wrote it.
var plainTransport = func() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DisableCompression = true
	return t
}()

// Client is client as API Gateway calls a backend: no header it was not given, the
// answer as sent (plainTransport) and redirects not followed: a backend's 3xx is the
// integration's answer (an HTTP_PROXY passes it to the client, Location and all). A
// client with its own Transport keeps it.
func Client(client *http.Client) *http.Client {
	if client == nil {
		client = http.DefaultClient
	}
	c := *client
	if c.Transport == nil {
		c.Transport = plainTransport
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// DoHTTP sends one request to an HTTP backend with the integration timeout. It never
// panics: a bad URL or a network failure is an HTTPResult with Err set.
func DoHTTP(client *http.Client, method, rawURL string, header wire.Headers, body string, timeout time.Duration) HTTPResult {
	client = Client(client)
	u, ok := endpointURL(rawURL)
	if !ok {
		return HTTPResult{Err: errors.New("Invalid endpoint address")}
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return HTTPResult{Err: err}
	}
	for _, h := range header {
		if hopByHop[strings.ToLower(h.Name)] {
			continue
		}
		req.Header.Add(h.Name, h.Value)
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		el := time.Since(start)
		if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
			return HTTPResult{Elapsed: el, TimedOut: true, Err: err}
		}
		return HTTPResult{Elapsed: el, Err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBackendBody+1))
	el := time.Since(start)
	if err != nil {
		if ctx.Err() != nil {
			return HTTPResult{Elapsed: el, TimedOut: true, Err: err}
		}
		return HTTPResult{Elapsed: el, Err: err}
	}
	r := HTTPResult{Status: resp.StatusCode, Body: string(data), Elapsed: el}
	for name, vals := range resp.Header {
		for _, v := range vals {
			r.Header = append(r.Header, wire.Header{Name: name, Value: v})
		}
	}
	sortHeaders(r.Header)
	return r
}

// remapped backend response headers get an x-amzn-Remapped- prefix in an HTTP_PROXY response
// because API Gateway sets its own (LS snapshot test_apigateway_header_remapping_http
// [HTTP_PROXY]: Connection, Content-Length, Date, Server; and x-amzn-RequestId, AWS's
// "Amazon API Gateway important notes"). Transfer-Encoding is hop-by-hop and dropped
// (LocalStack also drops Content-Encoding and Via; no AWS capture shows it, so they pass).
var (
	remapped = map[string]bool{"connection": true, "content-length": true, "date": true, "server": true, "x-amzn-requestid": true}
	dropped  = map[string]bool{"transfer-encoding": true}
)

// ProxyResponseHeaders returns a backend's headers as an HTTP_PROXY integration passes them on.
func ProxyResponseHeaders(h wire.Headers) wire.Headers {
	out := make(wire.Headers, 0, len(h))
	for _, x := range h {
		if dropped[strings.ToLower(x.Name)] {
			continue
		}
		if remapped[strings.ToLower(x.Name)] {
			x.Name = "x-amzn-Remapped-" + x.Name
		}
		out = append(out, x)
	}
	return out
}

func sortHeaders(h wire.Headers) {
	// insertion sort: a handful of headers, and map order must not leak into output
	for i := 1; i < len(h); i++ {
		for j := i; j > 0 && h[j].Name < h[j-1].Name; j-- {
			h[j], h[j-1] = h[j-1], h[j]
		}
	}
}
