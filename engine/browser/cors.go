// Package browser decides what a browser does with a gateway's answer to a cross-origin
// request, for REST and HTTP APIs alike. CORS is enforced by browsers, not by API Gateway:
// the gateway answers every request and the browser then decides whether the page may read
// the answer. Source: the Fetch standard's CORS check (ACAO must be * or the request's
// Origin; a preflight needs an ok status and must allow the method and every requested
// header).
package browser

import (
	"strconv"
	"strings"
	"time"

	"apigwlab/engine/observe"
	"apigwlab/engine/wire"
)

// CORS is a browser's verdict on one response.
type CORS struct {
	Preflight bool   // an OPTIONS with Access-Control-Request-Method
	Allow     string // the response's Access-Control-Allow-Origin
	HasAllow  bool
	Problem   string // the browser's CORS error; "" when the page may read the answer
}

// Check runs the browser's CORS check on a response to a request from origin.
func Check(origin, method string, req wire.Headers, status int, resp wire.Headers) CORS {
	v := CORS{Preflight: method == "OPTIONS" && req.Value("Access-Control-Request-Method") != ""}
	v.Allow, v.HasAllow = resp.Get("Access-Control-Allow-Origin")
	switch {
	case !v.HasAllow:
		v.Problem = "No 'Access-Control-Allow-Origin' header is present on the requested resource."
	case v.Allow != "*" && v.Allow != origin:
		v.Problem = "The 'Access-Control-Allow-Origin' header has a value '" + v.Allow + "' that is not equal to the supplied origin."
	case v.Preflight && (status < 200 || status > 299):
		v.Problem = "Response to preflight request doesn't pass access control check: It does not have HTTP ok status."
	case v.Preflight && !AllowsMethod(resp.Value("Access-Control-Allow-Methods"), req.Value("Access-Control-Request-Method")):
		v.Problem = "Method " + req.Value("Access-Control-Request-Method") +
			" is not allowed by Access-Control-Allow-Methods in preflight response."
	case v.Preflight:
		if h := MissingHeader(resp.Value("Access-Control-Allow-Headers"), req.Value("Access-Control-Request-Headers")); h != "" {
			v.Problem = "Request header field " + h + " is not allowed by Access-Control-Allow-Headers in preflight response."
		}
	}
	return v
}

// Hop records the verdict as the trace's "cors" hop (labs and the TUI read it). answer is
// the real answer (status, error type, body) the page's script does not see when blocked;
// the caller adds the "fix" fact. Nil when t is nil.
func (v CORS) Hop(t *observe.Trace, at time.Duration, origin, answer string) *observe.Hop {
	if t == nil {
		return nil
	}
	if v.Problem == "" {
		kind := "request"
		if v.Preflight {
			kind = "preflight"
		}
		return t.Hop("cors", "browser reads it", at, 0).
			Fact("origin", origin).
			Fact("why", kind+" answered with Access-Control-Allow-Origin: "+v.Allow)
	}
	return t.Hop("cors", "browser blocks it", at, 0).
		Fact("origin", origin).
		Fact("browser reports", "CORS error: "+v.Problem).
		Fact("real answer", answer+" (the page's script sees only the CORS error)")
}

// Answer is a response's status, error type and (shortened) body, for the hop.
func Answer(status int, errType, body string) string {
	s := strconv.Itoa(status)
	if errType != "" {
		s += " " + errType
	}
	if body != "" {
		s += " " + body
	}
	return s
}

// AllowsMethod reports whether an Access-Control-Allow-Methods list permits method.
func AllowsMethod(list, method string) bool {
	for m := range strings.SplitSeq(list, ",") {
		m = strings.TrimSpace(m)
		if m == "*" || strings.EqualFold(m, method) {
			return true
		}
	}
	// Simple methods need no listing (Fetch standard, CORS-safelisted methods).
	return method == "GET" || method == "HEAD" || method == "POST"
}

// MissingHeader returns the first header a preflight asks for
// (Access-Control-Request-Headers) that Access-Control-Allow-Headers does not list. Names
// compare case-insensitively and "*" allows all but Authorization. A browser lists only
// headers that are not CORS-safelisted (Content-Type: application/json among them), so
// every one listed must be allowed (Fetch standard, CORS-preflight fetch).
func MissingHeader(allowed, requested string) string {
	allow := map[string]bool{}
	for h := range strings.SplitSeq(allowed, ",") {
		allow[strings.ToLower(strings.TrimSpace(h))] = true
	}
	for h := range strings.SplitSeq(requested, ",") {
		h = strings.ToLower(strings.TrimSpace(h))
		if h != "" && !allow[h] && !(allow["*"] && h != "authorization") {
			return h
		}
	}
	return ""
}
