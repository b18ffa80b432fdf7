package httpapi

import (
	"slices"
	"strconv"
	"strings"

	"apigwlab/engine/browser"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// cors is an HTTP API's CORS configuration (aws-facts-v2 §9). API Gateway answers
// preflights itself, adds the configured headers to every response of a CORS request
// (gateway errors included, fact 44) and ignores CORS headers from the integration
// (fact 59).
type cors struct {
	origins     []string
	anyOrigin   bool
	methods     string
	headers     string
	expose      string
	maxAge      string
	credentials bool
}

func compileCORS(m *model.CorsConfiguration) *cors {
	c := &cors{origins: m.AllowOrigins, credentials: m.AllowCredentials}
	c.anyOrigin = slices.Contains(m.AllowOrigins, "*")
	c.methods = strings.Join(m.AllowMethods, ",")
	c.headers = strings.ToLower(strings.Join(m.AllowHeaders, ","))
	c.expose = strings.ToLower(strings.Join(m.ExposeHeaders, ","))
	if m.MaxAge != nil && *m.MaxAge >= 0 {
		c.maxAge = strconv.Itoa(*m.MaxAge)
	}
	return c
}

// allowOrigin is the Access-Control-Allow-Origin value for an origin, "" when not allowed.
// With credentials the origin is echoed (fact 60); "*" echoes "*" otherwise.
func (c *cors) allowOrigin(origin string) string {
	if origin == "" {
		return ""
	}
	if slices.Contains(c.origins, origin) {
		return origin
	}
	if c.anyOrigin {
		return "*"
	}
	return ""
}

// corsHeaders replaces any integration CORS headers with the configured ones.
func (c *call) corsHeaders() {
	if c.st == nil || c.st.cors == nil || c.origin == "" {
		return // no stage matched (404, 413), or no CORS: nothing to add
	}
	cfg := c.st.cors
	// "API Gateway ignores CORS headers returned from your backend integration" (fact 59)
	out := c.rheader[:0]
	for _, h := range c.rheader {
		if !strings.HasPrefix(strings.ToLower(h.Name), "access-control-") {
			out = append(out, h)
		}
	}
	c.rheader = out
	ao := cfg.allowOrigin(c.origin)
	if ao == "" {
		return
	}
	c.rheader = append(c.rheader, wire.Header{Name: "Access-Control-Allow-Origin", Value: ao})
	if cfg.credentials {
		c.rheader = append(c.rheader, wire.Header{Name: "Access-Control-Allow-Credentials", Value: "true"})
	}
	if cfg.expose != "" {
		c.rheader = append(c.rheader, wire.Header{Name: "Access-Control-Expose-Headers", Value: cfg.expose})
	}
	if ao != "*" {
		c.rheader = append(c.rheader, wire.Header{Name: "Vary", Value: "Origin"})
	}
}

// preflight answers an OPTIONS preflight that no route caught, when CORS is configured
// (fact 59). A route that matches OPTIONS — OPTIONS /x, ANY /x, or $default — takes the
// request instead (fact 61: $default swallows preflights). The status (204) and the
// headers for a disallowed origin are not documented (fact 61, unsure): apigwlab answers
// 204 with no CORS headers, so the browser refuses.
func (c *call) preflight() bool {
	cfg := c.st.cors
	if cfg == nil || c.req.Method != "OPTIONS" || c.origin == "" || c.req.Header.Value("Access-Control-Request-Method") == "" {
		return false
	}
	c.status, c.body = 204, ""
	c.rheader = c.rheader[:0]
	ao := cfg.allowOrigin(c.origin)
	hop := c.trace.Hop("cors preflight", "answered 204", c.elapsed, 0)
	if ao == "" {
		hop.Fact("origin", c.origin+" is not in allowOrigins: no CORS headers, the browser refuses")
		return true
	}
	c.rheader = append(c.rheader, wire.Header{Name: "Access-Control-Allow-Origin", Value: ao})
	if cfg.credentials {
		c.rheader = append(c.rheader, wire.Header{Name: "Access-Control-Allow-Credentials", Value: "true"})
	}
	if cfg.methods != "" {
		c.rheader = append(c.rheader, wire.Header{Name: "Access-Control-Allow-Methods", Value: cfg.methods})
	}
	if cfg.headers != "" {
		c.rheader = append(c.rheader, wire.Header{Name: "Access-Control-Allow-Headers", Value: cfg.headers})
	}
	if cfg.maxAge != "" {
		c.rheader = append(c.rheader, wire.Header{Name: "Access-Control-Max-Age", Value: cfg.maxAge})
	}
	if ao != "*" {
		c.rheader = append(c.rheader, wire.Header{Name: "Vary", Value: "Origin"})
	}
	hop.Fact("origin", c.origin+" allowed")
	return true
}

// corsHop records what a browser makes of the answer to a request with an Origin — the
// same "cors" hop REST APIs record (engine/browser), so labs' expect.cors and the TUI's
// flow read both API types alike. Traced requests only: untraced calls pay nothing.
func (c *call) corsHop(resp *Response) {
	origin, ok := c.req.Header.Get("Origin")
	if !ok {
		return
	}
	body := resp.Body
	if len(body) > 1024 {
		body = body[:1024] + " [TRUNCATED]"
	}
	v := browser.Check(origin, c.req.Method, c.req.Header, resp.Status, resp.Header)
	h := v.Hop(c.trace, c.elapsed, origin, browser.Answer(resp.Status, resp.Error, body))
	if c.st != nil && c.st.cors != nil {
		var added []string
		for _, x := range resp.Header {
			if strings.HasPrefix(strings.ToLower(x.Name), "access-control-") {
				added = append(added, x.Name+": "+x.Value)
			}
		}
		if len(added) == 0 {
			added = append(added, "none")
		}
		h.Fact("headers", "from corsConfiguration: "+strings.Join(added, "; "))
	}
	if v.Problem != "" {
		h.Fact("fix", c.corsFix(origin, v))
	}
}

// corsFix says what to change in corsConfiguration for a browser to accept the answer.
func (c *call) corsFix(origin string, v browser.CORS) string {
	if c.st == nil || c.st.cors == nil {
		return "add corsConfiguration (allowOrigins, allowMethods, allowHeaders) to the API: the gateway " +
			"then answers preflights itself and adds Access-Control-Allow-Origin to every response"
	}
	cfg := c.st.cors
	method := c.req.Header.Value("Access-Control-Request-Method")
	switch {
	case cfg.allowOrigin(origin) == "":
		return "add " + origin + " to corsConfiguration.allowOrigins (or \"*\" without allowCredentials)"
	case v.Preflight && c.r != nil:
		// fact 61: a route matching OPTIONS (ANY, $default) takes the preflight
		return "route " + c.r.key + " matches OPTIONS, so the preflight reaches the integration instead of the " +
			"gateway's CORS answer: use a narrower route (GET /x rather than ANY or $default)"
	case v.Preflight && !browser.AllowsMethod(cfg.methods, method):
		return "add " + method + " to corsConfiguration.allowMethods"
	case v.Preflight:
		return "add the request's headers to corsConfiguration.allowHeaders"
	}
	return "check corsConfiguration: allowOrigins must list the page's origin"
}
