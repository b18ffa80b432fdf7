package export

import (
	"bytes"
	"encoding/json"

	"gopkg.in/yaml.v3"
)

// omap is a JSON/YAML object whose keys keep the order they were added in, so the export
// reads in AWS's order (openapi, info, servers, paths, components, extensions).
type omap []kv

type kv struct {
	k string
	v any
}

// set appends key; values that are nil, empty strings, empty maps or slices are left out
// unless keepEmpty says otherwise (AWS writes "content": {} and "components": {}).
func (m *omap) set(k string, v any) { *m = append(*m, kv{k, v}) }

func (m *omap) setNonEmpty(k string, v any) {
	if !empty(v) {
		m.set(k, v)
	}
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case omap:
		return len(x) == 0
	case []any:
		return len(x) == 0
	case []string:
		return len(x) == 0
	case map[string]string:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// MarshalJSON writes the keys in order.
func (m omap) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range m {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(e.k)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(e.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// MarshalYAML writes the keys in order.
func (m omap) MarshalYAML() (any, error) {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, e := range m {
		var v yaml.Node
		if err := v.Encode(e.v); err != nil {
			return nil, err
		}
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: e.k}, &v)
	}
	return n, nil
}
