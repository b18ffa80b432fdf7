package lambda

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// condition is one `when` entry: a compiled path and the text the value must equal.
type condition struct {
	path []step
	want string
}

// step is one JSONPath step: an object key or an array index.
type step struct {
	key     string
	index   int
	isIndex bool
}

// compileWhen compiles a case's conditions in key order, so a failing path is reported the
// same way whatever the map order.
func compileWhen(when map[string]string) ([]condition, error) {
	keys := make([]string, 0, len(when))
	for k := range when {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]condition, 0, len(keys))
	for _, k := range keys {
		p, err := compilePath(k)
		if err != nil {
			return nil, err
		}
		out = append(out, condition{path: p, want: when[k]})
	}
	return out, nil
}

// compilePath compiles a `when` key. A key not starting with "$" is a top-level event key
// taken literally (authorizationToken, or even a key containing dots); a key starting with
// "$" is a JSONPath of .name, ['name'], ["name"] and [index] steps — the subset API Gateway
// mapping templates use for plain lookups.
func compilePath(p string) ([]step, error) {
	if !strings.HasPrefix(p, "$") {
		if p == "" {
			return nil, fmt.Errorf("when: empty key")
		}
		return []step{{key: p}}, nil
	}
	var steps []step
	i := 1
	for i < len(p) {
		switch p[i] {
		case '.':
			i++
			if i < len(p) && p[i] == '.' {
				return nil, fmt.Errorf("when: %q: recursive descent (..) is not supported", p)
			}
			j := i
			for j < len(p) && p[j] != '.' && p[j] != '[' {
				j++
			}
			if j == i {
				return nil, fmt.Errorf("when: %q: empty name after '.' at offset %d", p, i)
			}
			if p[i:j] == "*" {
				return nil, fmt.Errorf("when: %q: wildcards are not supported", p)
			}
			steps = append(steps, step{key: p[i:j]})
			i = j
		case '[':
			end := strings.IndexByte(p[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("when: %q: '[' at offset %d is not closed", p, i)
			}
			inner := p[i+1 : i+end]
			switch {
			case len(inner) >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[len(inner)-1] == inner[0]:
				steps = append(steps, step{key: inner[1 : len(inner)-1]})
			default:
				n, err := strconv.Atoi(inner)
				if err != nil || n < 0 {
					return nil, fmt.Errorf("when: %q: [%s] is neither an array index nor a quoted name", p, inner)
				}
				steps = append(steps, step{index: n, isIndex: true})
			}
			i += end + 1
		default:
			return nil, fmt.Errorf("when: %q: expected '.' or '[' at offset %d", p, i)
		}
	}
	return steps, nil
}

// holds reports whether the event has the value at the path; a missing key never matches.
// A JSON string on the way is read as JSON: $.body.action matches a message's field.
func (c *condition) holds(doc any) bool {
	v, ok := lookupPath(doc, c.path)
	return ok && asText(v) == c.want
}

// asText renders a JSON value for comparison: strings as they are, numbers as the literal
// text the event carried, true/false/null as JSON writes them, objects and arrays as JSON.
func asText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	case nil:
		return "null"
	}
	b, err := marshalJSON(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// decodeForMatch decodes an event for case matching, keeping numbers as their literal text.
func decodeForMatch(event []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(event))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, false
	}
	return doc, true
}
