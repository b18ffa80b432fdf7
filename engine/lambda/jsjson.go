package lambda

import (
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// parseJSON builds native JavaScript values from a JSON document, keeping key order as
// JSON.parse does. goja's own JSON.parse goes through encoding/json's token stream and
// costs most of an invocation; this reads the bytes once.
func parseJSON(vm *goja.Runtime, data []byte) (goja.Value, error) {
	p := jsonParser{vm: vm, b: data}
	p.space()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.b) {
		return nil, errBadJSON
	}
	return v, nil
}

var errBadJSON = errors.New("invalid JSON")

// maxJSONDepth bounds nesting, as the recursion here uses the Go stack.
const maxJSONDepth = 1000

type jsonParser struct {
	vm *goja.Runtime
	b  []byte
	i  int
}

func (p *jsonParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (goja.Value, error) {
	if p.i >= len(p.b) || depth > maxJSONDepth {
		return nil, errBadJSON
	}
	switch c := p.b[p.i]; {
	case c == '{':
		p.i++
		o := p.vm.NewObject()
		p.space()
		if p.i < len(p.b) && p.b[p.i] == '}' {
			p.i++
			return o, nil
		}
		for {
			p.space()
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			p.space()
			if p.i >= len(p.b) || p.b[p.i] != ':' {
				return nil, errBadJSON
			}
			p.i++
			p.space()
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			if k == "__proto__" { // a data property, as JSON.parse makes, not the prototype
				err = o.DefineDataProperty(k, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
			} else {
				err = o.Set(k, v)
			}
			if err != nil {
				return nil, err
			}
			p.space()
			if p.i < len(p.b) && p.b[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.b) && p.b[p.i] == '}' {
				p.i++
				return o, nil
			}
			return nil, errBadJSON
		}
	case c == '[':
		p.i++
		var items []any
		p.space()
		if p.i < len(p.b) && p.b[p.i] == ']' {
			p.i++
			return p.vm.NewArray(), nil
		}
		for {
			p.space()
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			items = append(items, v)
			p.space()
			if p.i < len(p.b) && p.b[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.b) && p.b[p.i] == ']' {
				p.i++
				return p.vm.NewArray(items...), nil
			}
			return nil, errBadJSON
		}
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return p.vm.ToValue(s), nil
	case c == 't' && p.lit("true"):
		return p.vm.ToValue(true), nil
	case c == 'f' && p.lit("false"):
		return p.vm.ToValue(false), nil
	case c == 'n' && p.lit("null"):
		return goja.Null(), nil
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.i
		for p.i < len(p.b) {
			c := p.b[p.i]
			if (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
				p.i++
				continue
			}
			break
		}
		num := p.b[start:p.i]
		if !json.Valid(num) {
			return nil, errBadJSON
		}
		f, err := strconv.ParseFloat(string(num), 64)
		if err != nil {
			return nil, errBadJSON
		}
		return p.vm.ToValue(f), nil
	}
	return nil, errBadJSON
}

func (p *jsonParser) lit(s string) bool {
	if len(p.b)-p.i >= len(s) && string(p.b[p.i:p.i+len(s)]) == s {
		p.i += len(s)
		return true
	}
	return false
}

// str reads a JSON string; escapes and invalid UTF-8 go through encoding/json.
func (p *jsonParser) str() (string, error) {
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		return "", errBadJSON
	}
	start := p.i
	p.i++
	plain := true
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			if plain {
				return string(p.b[start+1 : p.i-1]), nil
			}
			var s string
			if err := json.Unmarshal(p.b[start:p.i], &s); err != nil {
				return "", errBadJSON
			}
			return s, nil
		case c == '\\':
			plain = false
			p.i += 2
		case c < 0x20:
			return "", errBadJSON
		case c >= utf8.RuneSelf:
			plain = false // encoding/json replaces invalid UTF-8 as JSON.parse would see it
			p.i++
		default:
			p.i++
		}
	}
	return "", errBadJSON
}
