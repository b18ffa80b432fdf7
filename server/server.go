// Package server adapts net/http to the gateway: `apigwlab serve` answers real HTTP requests
// on execute-api style paths (/{stage}/{path}) through the same Invoke the CLI, the TUI and
// replays use. Transport stays out of the engine.
package server

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	"apigwlab/engine"
	"apigwlab/engine/wire"
)

// Options tune the handler.
type Options struct {
	// API is the REST API for requests whose Host does not name one ({apiId}.execute-api.…);
	// "" means the workspace's first.
	API string
	// Sleep makes a response wait for its simulated latency, so clients feel the 29 s
	// timeout; off, answers come at once with the latency only in the log.
	Sleep bool
	// Log receives one line per request (nil: none).
	Log io.Writer
	// Now is the wall clock (tests replace it).
	Now func() time.Time
}

// VpceHeader names the interface VPC endpoint a test request pretends to come through
// (engine.Request.SourceVpce: aws:SourceVpce, PRIVATE APIs). It is apigwlab's own: on AWS
// the endpoint is known from the network path, not from a header.
const VpceHeader = "x-apigwlab-vpce"

// Handler serves the gateway over HTTP.
func Handler(gw *engine.Gateway, opts Options) http.Handler {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	ids := map[string]string{}
	for _, a := range gw.APIs() {
		ids[a.ID] = a.Name
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := opts.Now()
		req := &engine.Request{API: opts.API, Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
			SourceIP: clientIP(r), SourceVpce: r.Header.Get(VpceHeader)}
		// {apiId}.execute-api.{region}.amazonaws.com picks the API, as on AWS.
		if host, _, _ := strings.Cut(r.Host, "."); strings.Contains(r.Host, ".execute-api.") {
			if name, ok := ids[host]; ok {
				req.API = name
			}
		}
		req.Header = headersOf(r)
		// Read one byte past the payload limit so the gateway can answer 413 itself.
		body, err := io.ReadAll(io.LimitReader(r.Body, engine.MaxPayload+1))
		if err != nil {
			http.Error(w, "read body: "+err.Error(), http.StatusBadRequest)
			return
		}
		req.Body = string(body)
		resp := gw.Invoke(req)
		if opts.Sleep && resp.Latency > 0 {
			select {
			case <-time.After(resp.Latency):
			case <-r.Context().Done():
				return
			}
		}
		h := w.Header()
		for _, x := range resp.Header {
			h[x.Name] = append(h[x.Name], x.Value) // keep AWS's casing (x-amzn-RequestId)
		}
		w.WriteHeader(resp.Status)
		io.WriteString(w, resp.Body)
		if opts.Log != nil {
			extra := ""
			if resp.GatewayResponse != "" {
				extra = " " + resp.GatewayResponse
			}
			fmt.Fprintf(opts.Log, "%s %s %s → %d%s (%s simulated, %s real) %s\n", start.UTC().Format("15:04:05"),
				r.Method, r.URL.RequestURI(), resp.Status, extra, resp.Latency.Round(time.Millisecond),
				opts.Now().Sub(start).Round(time.Millisecond), resp.RequestID)
		}
	})
}

// headersOf lists the request's headers in a stable order. net/http canonicalises header
// names, so the client's own casing (which AWS keeps in proxy events) is lost here; Host is
// added back since net/http moves it out of the header map.
func headersOf(r *http.Request) wire.Headers {
	names := make([]string, 0, len(r.Header))
	for k := range r.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	h := make(wire.Headers, 0, len(names)+1)
	if r.Host != "" {
		h = append(h, wire.Header{Name: "Host", Value: r.Host})
	}
	for _, k := range names {
		for _, v := range r.Header[k] {
			h = append(h, wire.Header{Name: k, Value: v})
		}
	}
	return h
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
