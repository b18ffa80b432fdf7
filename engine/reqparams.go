package engine

import (
	"strings"

	"apigwlab/engine/gwresponse"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// Headers API Gateway drops, refuses or remaps between client and backend. Source: LS
// snapshot test_apigateway_integrations.snapshot.json ::
// TestApiGatewayHeaderRemapping (test_apigateway_header_remapping_http[HTTP|HTTP_PROXY],
// test_apigateway_header_remapping_aws[AWS|AWS_PROXY]), recorded against AWS with a client
// sending every one of these headers.

// droppedRequestHeaders never reach a method: absent from the proxy event, from
// $input.params() and from what an HTTP_PROXY integration forwards.
var droppedRequestHeaders = []string{"Connection", "Content-Length", "Content-MD5", "Expect", "Max-Forwards",
	"Proxy-Authenticate", "Server", "TE", "Transfer-Encoding", "Trailer", "Upgrade", "WWW-Authenticate"}

// droppedHTTPProxyHeaders are also not forwarded by an HTTP_PROXY integration.
var droppedHTTPProxyHeaders = []string{"Content-Encoding", "Via"}

// restrictedMappings are integration.request.header names a requestParameters mapping may
// not set: the mapping is accepted by PutIntegration, but every request then gets 500
// Internal server error.
var restrictedMappings = map[string][]string{
	model.IntegrationHTTP:      {"Content-Length", "Transfer-Encoding"},
	model.IntegrationHTTPProxy: {"Content-Length", "Transfer-Encoding"},
	model.IntegrationAWS:       {"Authorization", "Connection", "Content-Length", "Expect", "Proxy-Authenticate", "TE", "Transfer-Encoding"},
	model.IntegrationAWSProxy:  {"Authorization", "Connection", "Content-Length", "Expect", "Proxy-Authenticate", "TE", "Transfer-Encoding"},
}

// remappedResponseHeaders: a non-proxy method response parameter (AWS, HTTP) of one of these
// names reaches the client as x-amzn-Remapped-NAME, API Gateway keeping the name for itself.
var remappedResponseHeaders = []string{"Authorization", "Connection", "Content-Length", "Content-MD5", "Date",
	"Expect", "Host", "Max-Forwards", "Proxy-Authenticate", "Server", "Trailer", "Upgrade", "User-Agent", "WWW-Authenticate"}

// inFold reports whether name is in list, ignoring case, without allocating (hot path).
func inFold(list []string, name string) bool {
	for _, x := range list {
		if len(x) == len(name) && strings.EqualFold(x, name) {
			return true
		}
	}
	return false
}

// restrictedMapping is the first requestParameters mapping of in that AWS refuses at run
// time, or "".
func restrictedMapping(in *model.Integration) string {
	for _, h := range restrictedMappings[in.Type] {
		for k := range in.RequestParameters {
			if name, ok := strings.CutPrefix(k, "integration.request.header."); ok && strings.EqualFold(name, h) {
				return k
			}
		}
	}
	return ""
}

// refusedMapping answers a request whose method maps a restricted header.
func (c *call) refusedMapping() *gwresponse.Error {
	hop := c.trace.Hop("integration", "answered 500", c.elapsed, 0)
	if hop != nil {
		hop.Fact("type", c.m.integ.Type).Fact("reason", "requestParameters maps "+c.m.badMapping+
			": API Gateway accepts the mapping but refuses every request with it (remove it)")
	}
	// AWS's client answer is in the snapshot; the execution log wording is apigwlab's.
	return gwresponse.Internal(500, "Execution failed due to configuration error: the integration request maps the restricted header "+
		strings.TrimPrefix(c.m.badMapping, "integration.request.header."))
}

// withoutDropped returns h without the headers in drop (h itself when none is there, so the
// common case costs nothing).
func withoutDropped(h wire.Headers, drop ...[]string) wire.Headers {
	dropped := func(name string) bool {
		for _, d := range drop {
			if inFold(d, name) {
				return true
			}
		}
		return false
	}
	n := 0
	for _, x := range h {
		if dropped(x.Name) {
			n++
		}
	}
	if n == 0 {
		return h
	}
	out := make(wire.Headers, 0, len(h)-n)
	for _, x := range h {
		if !dropped(x.Name) {
			out = append(out, x)
		}
	}
	return out
}

// applyRequestParameters maps requestParameters onto an HTTP integration request's headers
// and query: a mapped header replaces the client's, a mapping whose source is absent is
// left out (not sent empty), a 'literal' is sent as is.
func (c *call) applyRequestParameters(h *wire.Headers, q *[]string) {
	for _, k := range wire.SortedKeys(c.m.integ.RequestParameters) {
		v, ok := c.lookupParameter(c.m.integ.RequestParameters[k])
		if !ok {
			continue
		}
		if name, found := strings.CutPrefix(k, "integration.request.header."); found {
			h.Set(name, v)
		} else if name, found := strings.CutPrefix(k, "integration.request.querystring."); found {
			*q = append(*q, queryEscape(name)+"="+queryEscape(v))
		}
	}
}

// invocationType is the X-Amz-Invocation-Type a Lambda integration's requestParameters map
// ("" when none): 'Event' makes the call asynchronous.
func (c *call) invocationType() string {
	for k, expr := range c.m.integ.RequestParameters {
		if strings.EqualFold(k, "integration.request.header.X-Amz-Invocation-Type") {
			v, _ := c.lookupParameter(expr)
			return v
		}
	}
	return ""
}

// remapResponseHeader names a non-proxy method response header as the client gets it.
func remapResponseHeader(name string) string {
	if inFold(remappedResponseHeaders, name) {
		return "x-amzn-Remapped-" + name
	}
	return name
}
