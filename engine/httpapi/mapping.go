package httpapi

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// Parameter mapping (aws-facts-v2 §11): requestParameters change the integration request's
// headers, query string and path; responseParameters change the response's headers and
// status code, per backend status. Keys are "overwrite:", "append:" or "remove:" followed
// by header.NAME, querystring.NAME, path or statuscode. Values are $request.*, $context.*,
// $stageVariables.*, $response.* (response side) or static text, concatenated with ${…}.

type paramMapping struct {
	op     string // overwrite, append, remove
	target string // header, querystring, path, statuscode
	name   string
	parts  []valuePart
}

type valuePart struct {
	lit  string
	expr string // "request.header.x", "context.requestId", … ("" for a literal)
}

func compileMappings(m map[string]string) ([]paramMapping, error) {
	var out []paramMapping
	for _, k := range wire.SortedKeys(m) {
		op, rest, ok := strings.Cut(k, ":")
		if !ok {
			return nil, fmt.Errorf("parameter mapping %q: write overwrite:|append:|remove: then header.NAME, querystring.NAME, path or statuscode", k)
		}
		pm := paramMapping{op: op}
		switch {
		case strings.HasPrefix(rest, "header."):
			pm.target, pm.name = "header", rest[len("header."):]
			if model.ReservedV2Header(pm.name) {
				return nil, fmt.Errorf("parameter mapping %q: header %s is reserved", k, pm.name)
			}
		case strings.HasPrefix(rest, "querystring."):
			pm.target, pm.name = "querystring", rest[len("querystring."):]
		case rest == "path", rest == "statuscode":
			pm.target = rest
		default:
			return nil, fmt.Errorf("parameter mapping %q: unknown target %q", k, rest)
		}
		pm.parts = parseValue(m[k])
		out = append(out, pm)
	}
	return out, nil
}

// parseValue splits "prefix-${request.header.x}-$context.requestId" style values: a value
// that is one $expr, or text with ${expr} parts (fact 64).
func parseValue(v string) []valuePart {
	if strings.HasPrefix(v, "$") && !strings.HasPrefix(v, "${") {
		return []valuePart{{expr: v[1:]}}
	}
	var parts []valuePart
	for {
		i := strings.Index(v, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(v[i:], '}')
		if j < 0 {
			break
		}
		if i > 0 {
			parts = append(parts, valuePart{lit: v[:i]})
		}
		parts = append(parts, valuePart{expr: v[i+2 : i+j]})
		v = v[i+j+1:]
	}
	if v != "" {
		parts = append(parts, valuePart{lit: v})
	}
	return parts
}

// value evaluates a mapping value for the request (or, with resp, the response).
func (c *call) value(parts []valuePart, resp bool) string {
	var b strings.Builder
	for _, p := range parts {
		if p.expr == "" {
			b.WriteString(p.lit)
			continue
		}
		b.WriteString(c.expr(p.expr, resp))
	}
	return b.String()
}

func (c *call) expr(e string, resp bool) string {
	switch {
	case strings.HasPrefix(e, "request.header."):
		// multiple values are comma-joined (fact 67)
		return strings.Join(c.req.Header.Values(e[len("request.header."):]), ",")
	case strings.HasPrefix(e, "request.querystring."):
		name := e[len("request.querystring."):]
		var vals []string
		for _, q := range c.Query() {
			if q.Name == name {
				vals = append(vals, q.Value)
			}
		}
		return strings.Join(vals, ",")
	case e == "request.path":
		return strings.TrimPrefix(c.path, c.stagePrefix())
	case strings.HasPrefix(e, "request.path."):
		name := e[len("request.path."):]
		for _, p := range c.params {
			if p.Name == name {
				return p.Value
			}
		}
		return ""
	case strings.HasPrefix(e, "request.body"):
		body := c.req.Body
		if len(body) > 100<<10 { // truncated to 100 KB before JSONPath (fact 64)
			body = body[:100<<10]
		}
		return jsonPathText(body, strings.TrimPrefix(e, "request.body"))
	case resp && strings.HasPrefix(e, "response.header."):
		return c.rheader.Value(e[len("response.header."):])
	case resp && strings.HasPrefix(e, "response.body"):
		return jsonPathText(c.body, strings.TrimPrefix(e, "response.body"))
	case strings.HasPrefix(e, "stageVariables."):
		return c.st.vars[e[len("stageVariables."):]]
	case strings.HasPrefix(e, "context."):
		return c.contextValue(e[len("context."):])
	}
	return ""
}

// stagePrefix is "/NAME" for a named stage, "" for $default.
func (c *call) stagePrefix() string {
	if c.st == nil || c.st.name == "$default" {
		return ""
	}
	return "/" + c.st.name
}

// jsonPathText evaluates a simple JSONPath (.a.b, [0], ['x']) into text: strings as they
// are, anything else as JSON. Filters and .. are not supported, as on AWS (fact 64).
func jsonPathText(body, path string) string {
	var v any
	if json.Unmarshal([]byte(body), &v) != nil {
		return ""
	}
	p := path
	for p != "" {
		switch p[0] {
		case '.':
			p = p[1:]
			i := strings.IndexAny(p, ".[")
			if i < 0 {
				i = len(p)
			}
			m, _ := v.(map[string]any)
			v, p = m[p[:i]], p[i:]
		case '[':
			j := strings.IndexByte(p, ']')
			if j < 0 {
				return ""
			}
			key := strings.Trim(p[1:j], `'"`)
			p = p[j+1:]
			if n, err := strconv.Atoi(key); err == nil {
				a, _ := v.([]any)
				if n < 0 || n >= len(a) {
					return ""
				}
				v = a[n]
			} else {
				m, _ := v.(map[string]any)
				v = m[key]
			}
		default:
			return ""
		}
	}
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	}
	js, _ := json.Marshal(v)
	return string(js)
}

// mapRequest applies the integration's requestParameters.
func (c *call) mapRequest() *gwError {
	ps := c.r.integ.reqParams
	if len(ps) == 0 {
		return nil
	}
	hop := c.trace.Hop("parameter mapping", "applied", c.elapsed, 0)
	for _, p := range ps {
		v := c.value(p.parts, false)
		switch p.target {
		case "header":
			switch p.op {
			case "overwrite":
				c.header.Set(p.name, v)
			case "append":
				if old := c.integHeaderValue(p.name); old != "" {
					v = old + "," + v
				}
				c.header.Set(p.name, v)
			case "remove":
				c.removed = append(c.removed, strings.ToLower(p.name))
				c.header.Del(p.name)
			}
		case "querystring":
			switch p.op {
			case "overwrite":
				c.qremove = append(c.qremove, p.name)
				c.qextra = append(c.qextra, wire.QueryParam{Name: p.name, Value: v})
			case "append":
				c.qextra = append(c.qextra, wire.QueryParam{Name: p.name, Value: v})
			case "remove":
				c.qremove = append(c.qremove, p.name)
			}
		case "path":
			c.pathOverride = v
		}
		if hop != nil {
			target := p.target
			if p.name != "" {
				target += "." + p.name
			}
			hop.Fact(p.op+":"+target, v)
		}
	}
	return nil
}

func (c *call) integHeaderValue(name string) string {
	if v, ok := c.header.Get(name); ok {
		return v
	}
	for _, r := range c.removed {
		if strings.EqualFold(r, name) {
			return ""
		}
	}
	return strings.Join(c.req.Header.Values(name), ",")
}

// integHeaders is the request's headers after mapping.
func (c *call) integHeaders() wire.Headers {
	if len(c.header) == 0 && len(c.removed) == 0 {
		return c.req.Header
	}
	out := make(wire.Headers, 0, len(c.req.Header)+len(c.header))
	for _, h := range c.req.Header {
		if _, mapped := c.header.Get(h.Name); mapped {
			continue
		}
		skip := false
		for _, r := range c.removed {
			if strings.EqualFold(r, h.Name) {
				skip = true
			}
		}
		if !skip {
			out = append(out, h)
		}
	}
	return append(out, c.header...)
}

// integQueryParams is the decoded query after mapping.
func (c *call) integQueryParams() []wire.QueryParam {
	q := c.Query()
	if len(c.qextra) == 0 && len(c.qremove) == 0 {
		return q
	}
	var out []wire.QueryParam
	for _, p := range q {
		drop := false
		for _, r := range c.qremove {
			if r == p.Name {
				drop = true
			}
		}
		if !drop {
			out = append(out, p)
		}
	}
	return append(out, c.qextra...)
}

// integRawQuery is rawQueryString: as sent (encoded) unless mapping changed the query.
func (c *call) integRawQuery() string {
	if len(c.qextra) == 0 && len(c.qremove) == 0 {
		return c.req.RawQuery
	}
	return c.integQuery()
}

func (c *call) integQuery() string {
	if len(c.qextra) == 0 && len(c.qremove) == 0 {
		return c.req.RawQuery
	}
	var b strings.Builder
	for i, p := range c.integQueryParams() {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.Name))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.Value))
	}
	return b.String()
}

// mapResponse applies responseParameters for the backend's status, then CORS.
func (c *call) mapResponse() *gwError {
	if ps := c.r.integ.respParams[c.status]; len(ps) > 0 {
		hop := c.trace.Hop("response mapping", "applied", c.elapsed, 0)
		// the header storage may be shared with a cached parse: copy before changing it
		c.rheader = append(wire.Headers(nil), c.rheader...)
		for _, p := range ps {
			v := c.value(p.parts, true)
			switch {
			case p.target == "statuscode":
				if n, err := strconv.Atoi(v); err == nil && n >= 100 && n <= 599 {
					c.status = n
				}
			case p.op == "overwrite":
				c.rheader.Set(p.name, v)
			case p.op == "append":
				if old := c.rheader.Value(p.name); old != "" {
					v = old + "," + v
				}
				c.rheader.Set(p.name, v)
			case p.op == "remove":
				c.rheader.Del(p.name)
			}
			if hop != nil {
				hop.Fact(p.op+":"+p.target+"."+p.name, v)
			}
		}
	}
	c.corsHeaders()
	return nil
}
