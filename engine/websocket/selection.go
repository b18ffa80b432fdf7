package websocket

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// selector evaluates a routeSelectionExpression against a message (fact 73):
// $request.body.PATH and ${request.body.PATH} read the JSON message, other text is literal,
// \$ is a literal $. A missing path gives "", arrays and objects are stringified, and a
// message that is not JSON goes to $default.
type selector struct {
	parts []selPart
}

type selPart struct {
	lit  string
	path []string // the body's PATH; nil for a literal or a response variable
	// resp is a template selection expression's response variable: "statuscode" or
	// "header.NAME" (${integration.response.…}).
	resp string
}

var (
	selRe  = regexp.MustCompile(`\$\{request\.body\.([A-Za-z0-9_.]+)\}|\$request\.body\.([A-Za-z0-9_.]*[A-Za-z0-9_])`)
	respRe = regexp.MustCompile(`\$\{integration\.response\.(statuscode|(?:multivalue)?header\.[A-Za-z0-9_-]+)\}|\$integration\.response\.(statuscode|(?:multivalue)?header\.[A-Za-z0-9_-]+)`)
)

// parseSelection parses a route selection expression: it reads the message.
func parseSelection(expr string) (selector, error) { return parseSel(expr, false) }

// parseTemplateSelection parses a template selection expression (fact 92; developer guide,
// websocket-api-data-transformations): static text (\$default), ${request.body.PATH}, and in
// an integration response ${integration.response.statuscode} / .header.NAME.
func parseTemplateSelection(expr string, response bool) (selector, error) {
	return parseSel(expr, response)
}

func parseSel(expr string, response bool) (selector, error) {
	var s selector
	const esc = "\x00"
	e := strings.ReplaceAll(expr, `\$`, esc)
	type match struct {
		at          [2]int
		path, resp  string
		isRespMatch bool
	}
	var ms []match
	for _, m := range selRe.FindAllStringSubmatchIndex(e, -1) {
		p := ""
		if m[2] >= 0 {
			p = e[m[2]:m[3]]
		} else {
			p = e[m[4]:m[5]]
		}
		ms = append(ms, match{at: [2]int{m[0], m[1]}, path: p})
	}
	if response {
		for _, m := range respRe.FindAllStringSubmatchIndex(e, -1) {
			r := ""
			if m[2] >= 0 {
				r = e[m[2]:m[3]]
			} else {
				r = e[m[4]:m[5]]
			}
			ms = append(ms, match{at: [2]int{m[0], m[1]}, resp: strings.TrimPrefix(r, "multivalue"), isRespMatch: true})
		}
		sort.Slice(ms, func(i, j int) bool { return ms[i].at[0] < ms[j].at[0] })
	}
	last := 0
	for _, m := range ms {
		if m.at[0] > last {
			s.parts = append(s.parts, selPart{lit: strings.ReplaceAll(e[last:m.at[0]], esc, "$")})
		}
		if m.isRespMatch {
			s.parts = append(s.parts, selPart{resp: m.resp})
		} else {
			s.parts = append(s.parts, selPart{path: strings.Split(m.path, ".")})
		}
		last = m.at[1]
	}
	if last < len(e) {
		lit := e[last:]
		if strings.Contains(lit, "$") {
			return s, fmt.Errorf("%q: only $request.body.PATH can be evaluated", expr)
		}
		s.parts = append(s.parts, selPart{lit: strings.ReplaceAll(lit, esc, "$")})
	}
	return s, nil
}

// eval returns the selected route key; ok is false for a message that is not a JSON object
// when the expression reads the body (such messages go to $default).
func (s selector) eval(body []byte) (key string, ok bool) { return s.evalWith(body, 0, nil) }

// evalWith evaluates a template selection expression, with the integration's status and
// headers for its response variables.
func (s selector) evalWith(body []byte, status int, header map[string]string) (key string, ok bool) {
	var doc any
	parsed := false
	var b strings.Builder
	for _, p := range s.parts {
		if p.resp != "" {
			if p.resp == "statuscode" {
				b.WriteString(strconv.Itoa(status))
			} else {
				b.WriteString(header[strings.ToLower(strings.TrimPrefix(p.resp, "header."))])
			}
			continue
		}
		if p.path == nil {
			b.WriteString(p.lit)
			continue
		}
		if !parsed {
			if err := json.Unmarshal(body, &doc); err != nil {
				return "", false
			}
			if _, isObj := doc.(map[string]any); !isObj {
				return "", false
			}
			parsed = true
		}
		b.WriteString(stringify(lookup(doc, p.path)))
	}
	return b.String(), true
}

func lookup(doc any, path []string) any {
	for _, k := range path {
		m, ok := doc.(map[string]any)
		if !ok {
			return nil
		}
		doc = m[k]
	}
	return doc
}

// stringify renders a selected value as AWS does: strings as they are, missing as "",
// arrays as "[item1, item2]" (fact 73), other values as JSON.
func stringify(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = stringify(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

// String is the expression as written.
func (s selector) String() string {
	var b strings.Builder
	for _, p := range s.parts {
		if p.resp != "" {
			b.WriteString("${integration.response." + p.resp + "}")
		} else if p.path == nil {
			b.WriteString(strings.ReplaceAll(p.lit, "$", `\$`))
		} else {
			b.WriteString("$request.body." + strings.Join(p.path, "."))
		}
	}
	return b.String()
}
