package model

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
)

// Backend is a simulated HTTP backend (docs/workspace.md, "backends"): an HTTP or
// HTTP_PROXY integration whose URI has this URL's scheme and host calls it in-process, in
// virtual time, instead of going over the network.
type Backend struct {
	Name string `yaml:"name"`
	// URL is the scheme and host (and port) integrations call: http://orders.internal.
	URL string `yaml:"url"`
	// Routes are tried in order; the first whose method and path match answers. A request
	// no route matches gets the backend's own answer (404 when it has routes).
	Routes        []*BackendRoute `yaml:"routes"`
	BackendAnswer `yaml:",inline"`
	Pos           Pos `yaml:"-"`
}

// BackendRoute is one method + path pattern of a simulated backend and what it answers.
type BackendRoute struct {
	// Method is an HTTP method or ANY (the default).
	Method string `yaml:"method"`
	// Path is a pattern: /orders/{id} matches one segment per {name}, a last {name+}
	// matches the rest of the path.
	Path          string `yaml:"path"`
	BackendAnswer `yaml:",inline"`
	Pos           Pos `yaml:"-"`
}

// BackendAnswer is what a simulated backend answers.
type BackendAnswer struct {
	// Status is the HTTP status code (default 200; 404 for a backend's own answer when it
	// has routes).
	Status int `yaml:"status"`
	// Headers are the response headers, sent as written.
	Headers map[string]string `yaml:"headers"`
	// Body is the response body: a string as written, any other value as JSON.
	Body any `yaml:"body"`
	// Echo answers with the request as the backend received it, as JSON.
	Echo bool `yaml:"echo"`
	// Latency is how long the backend takes: fixed or {p50, p99}, in virtual time.
	Latency *Latency `yaml:"latency"`
}

// backendStatusMin and Max bound a status code as HTTP defines them.
const backendStatusMin, backendStatusMax = 100, 599

func (v *validator) backends() {
	names := map[string]*Backend{}
	hosts := map[string]*Backend{}
	for i, b := range v.w.Backends {
		if b == nil {
			continue
		}
		base := fmt.Sprintf("backends[%d]", i)
		switch first, dup := names[b.Name]; {
		case b.Name == "":
			v.at(b, base, "name", "missing: every backend needs a name (traces and errors name it)")
		case !functionNameRe.MatchString(b.Name):
			v.at(b, base, "name", fmt.Sprintf("%q is not a backend name: use letters, digits, hyphens and underscores, at most 64 characters", b.Name))
		case dup:
			v.at(b, base, "name", fmt.Sprintf("duplicate backend %q (first at %s): backend names are unique", b.Name, first.Pos))
		default:
			names[b.Name] = b
		}
		if key, msg := BackendHost(b.URL); msg != "" {
			v.at(b, base, "url", msg)
		} else if first, dup := hosts[key]; dup {
			v.at(b, base, "url", fmt.Sprintf("%s is already backend %q's URL (at %s): one backend per scheme and host", b.URL, first.Name, first.Pos))
		} else {
			hosts[key] = b
		}
		v.backendAnswer(&b.BackendAnswer, base, b.Pos)
		for j, r := range b.Routes {
			if r == nil {
				continue
			}
			rbase := fmt.Sprintf("%s.routes[%d]", base, j)
			if r.Method != "" {
				v.enum(r, rbase, "method", r.Method, httpMethods, "an HTTP method")
			}
			switch {
			case r.Path == "":
				v.at(r, rbase, "path", "missing: a route needs a path such as /orders or /orders/{id} (a last {name+} matches the rest)")
			default:
				if msg := backendPathProblem(r.Path); msg != "" {
					v.at(r, rbase, "path", msg)
				}
			}
			v.backendAnswer(&r.BackendAnswer, rbase, r.Pos)
		}
	}
}

func (v *validator) backendAnswer(a *BackendAnswer, base string, parent Pos) {
	if _, ok := v.s.fields[fieldKey{a, ""}]; !ok {
		v.s.fields[fieldKey{a, ""}] = fieldPos{key: parent, val: parent}
	}
	if a.Status != 0 && (a.Status < backendStatusMin || a.Status > backendStatusMax) {
		v.at(a, base, "status", fmt.Sprintf("%d is not an HTTP status code: accepted %d–%d", a.Status, backendStatusMin, backendStatusMax))
	}
	if a.Echo && a.Body != nil {
		v.at(a, base, "echo", "echo answers with the request it receives: remove body, or the echo")
	}
	for _, name := range slices.Sorted(maps.Keys(a.Headers)) {
		if name == "" || strings.ContainsAny(name, " :\t\r\n") {
			v.atKey(a, base, "headers", name, fmt.Sprintf("%q is not a header name: use letters, digits and hyphens, e.g. Content-Type", name))
		}
	}
	if a.Latency != nil && a.Latency.Measured {
		v.at(a, base, "latency", "measured is for code functions: give a backend a duration (latency: 20ms) or a distribution ({p50: 20ms, p99: 200ms})")
		return
	}
	v.latency(a, a.Latency, joinPath(base, "latency"))
}

// BackendHost returns the key integrations are matched on (scheme://host[:port], host in
// lower case) for a backend URL, or why the URL cannot be a backend's.
func BackendHost(raw string) (key, problem string) {
	if raw == "" {
		return "", "missing: a backend needs a url, the scheme and host integrations call (e.g. http://orders.internal)"
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Sprintf("%q is not an http(s) URL: write the scheme and host integrations call, e.g. http://orders.internal or https://api.example.com", raw)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Sprintf("%q has more than a scheme and host: write %s://%s and put paths in routes", raw, u.Scheme, u.Host)
	}
	return u.Scheme + "://" + strings.ToLower(u.Host), ""
}

// backendPathProblem says what is wrong with a route path pattern, or "".
func backendPathProblem(p string) string {
	if !strings.HasPrefix(p, "/") {
		return fmt.Sprintf("%q does not start with /: write /%s", p, p)
	}
	if strings.ContainsAny(p, "?#") {
		return fmt.Sprintf("%q has a query or fragment: a route matches the path only", p)
	}
	segs := strings.Split(p[1:], "/")
	for i, s := range segs {
		if !strings.ContainsAny(s, "{}") {
			continue
		}
		if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") || len(s) < 3 || strings.Count(s, "{") != 1 || strings.Count(s, "}") != 1 {
			return fmt.Sprintf("segment %q: a parameter is a whole segment, {name} or a last {name+}", s)
		}
		if strings.HasSuffix(s, "+}") && i != len(segs)-1 {
			return fmt.Sprintf("segment %q: {name+} matches the rest of the path, so it must be the last segment", s)
		}
	}
	return ""
}
