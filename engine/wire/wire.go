// Package wire holds what travels between a client and the gateway: requests, responses and
// headers as ordered name/value pairs. Order and the client's casing are kept because AWS
// keeps them (a proxy event shows "tEsT-HEADeR" as sent).
package wire

import (
	"net/url"
	"sort"
	"strings"
)

// Header is one header line.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Headers is an ordered list of header lines; a name may repeat.
type Headers []Header

// Get returns the last value of name (case-insensitive) and whether it was present.
// AWS's single-value views (headers in a proxy event) keep the last value.
func (h Headers) Get(name string) (string, bool) {
	for i := len(h) - 1; i >= 0; i-- {
		if strings.EqualFold(h[i].Name, name) {
			return h[i].Value, true
		}
	}
	return "", false
}

// Value returns the last value of name, or "".
func (h Headers) Value(name string) string {
	v, _ := h.Get(name)
	return v
}

// Values returns every value of name in order.
func (h Headers) Values(name string) []string {
	var out []string
	for _, x := range h {
		if strings.EqualFold(x.Name, name) {
			out = append(out, x.Value)
		}
	}
	return out
}

// Set replaces every line named name with one line (keeping the position of the first).
func (h *Headers) Set(name, value string) {
	out := (*h)[:0]
	done := false
	for _, x := range *h {
		if strings.EqualFold(x.Name, name) {
			if done {
				continue
			}
			x.Value = value
			done = true
		}
		out = append(out, x)
	}
	if !done {
		out = append(out, Header{Name: name, Value: value})
	}
	*h = out
}

// Del removes every line named name.
func (h *Headers) Del(name string) {
	out := (*h)[:0]
	for _, x := range *h {
		if !strings.EqualFold(x.Name, name) {
			out = append(out, x)
		}
	}
	*h = out
}

// Add appends a line.
func (h *Headers) Add(name, value string) { *h = append(*h, Header{Name: name, Value: value}) }

// QueryParam is one query-string parameter, decoded.
type QueryParam struct{ Name, Value string }

// ParseQuery splits a raw query string into decoded name/value pairs in order, as API Gateway
// does for queryStringParameters ("+" is a space, %2B is "+"; a fragment is dropped).
// Malformed escapes are kept as written rather than failing the request.
func ParseQuery(raw string) []QueryParam {
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		raw = raw[:i]
	}
	if raw == "" {
		return nil
	}
	var out []QueryParam
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		out = append(out, QueryParam{Name: unescape(k), Value: unescape(v)})
	}
	return out
}

func unescape(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	u, err := url.QueryUnescape(s)
	if err != nil {
		return s
	}
	return u
}

// SortedKeys returns a map's keys in order, in one allocation: per-request code (parameter
// mappings, overrides, proxy events) emits map entries in a stable order with it, where
// slices.Sorted(maps.Keys(m)) would grow its slice several times.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
