package labs

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// jsonPath is a parsed state path: keys and indexes, e.g. canarySettings.percentTraffic,
// methodSettings["*/*"].throttlingRateLimit, items[0].id.
type jsonPath []any // string keys, int indexes

func parseJSONPath(s string) (jsonPath, error) {
	var p jsonPath
	s = strings.TrimPrefix(strings.TrimPrefix(s, "$"), ".")
	for s != "" {
		switch {
		case strings.HasPrefix(s, `["`):
			end := strings.Index(s[2:], `"]`)
			if end < 0 {
				return nil, fmt.Errorf("unclosed [\" in %q", s)
			}
			p = append(p, s[2:2+end])
			s = s[4+end:]
		case s[0] == '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return nil, fmt.Errorf("unclosed [ in %q", s)
			}
			n, err := strconv.Atoi(s[1:end])
			if err != nil || n < 0 {
				return nil, fmt.Errorf("want an index or a quoted key in [%s]", s[1:end])
			}
			p = append(p, n)
			s = s[end+1:]
		default:
			end := strings.IndexAny(s, ".[")
			if end < 0 {
				end = len(s)
			}
			if end == 0 {
				return nil, fmt.Errorf("empty key in path")
			}
			p = append(p, s[:end])
			s = s[end:]
		}
		s = strings.TrimPrefix(s, ".")
	}
	if len(p) == 0 {
		return nil, errors.New("empty path")
	}
	return p, nil
}

func (p jsonPath) lookup(v any) (any, bool) {
	for _, k := range p {
		switch k := k.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = m[k]; !ok {
				return nil, false
			}
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil, false
			}
			v = a[k]
		}
	}
	return v, true
}

// nameKeys are the fields that name a list item, so an edit path can say
// restApis/pets/stages/prod instead of restApis/0/stages/0.
var nameKeys = []string{"name", "stageName", "functionName", "deploymentId", "id", "statusCode", "version"}

// ApplyEdits applies a solution's edits to workspace YAML and returns the new text.
// Comments and layout of the parts not edited are kept.
func ApplyEdits(workspace []byte, edits []*Edit) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(workspace, &doc); err != nil {
		return nil, fmt.Errorf("workspace: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
	}
	for _, e := range edits {
		if err := applyEdit(doc.Content[0], e); err != nil {
			return nil, fmt.Errorf("edit %s: %w", e.Path, err)
		}
	}
	out, err := marshalYAML(&doc)
	if err != nil {
		return nil, fmt.Errorf("workspace: %w", err)
	}
	return out, nil
}

func applyEdit(root *yaml.Node, e *Edit) error {
	parts := splitEditPath(e.Path)
	n := root
	for i, part := range parts {
		last := i == len(parts)-1
		switch n.Kind {
		case yaml.MappingNode:
			idx := -1
			for j := 0; j+1 < len(n.Content); j += 2 {
				if n.Content[j].Value == part {
					idx = j
				}
			}
			if last {
				if e.Delete {
					if idx >= 0 {
						n.Content = append(n.Content[:idx], n.Content[idx+2:]...)
					}
					return nil
				}
				val := cloneNode(&e.Set)
				if idx >= 0 {
					n.Content[idx+1] = val
				} else {
					n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: part}, val)
				}
				return nil
			}
			if idx < 0 {
				// Create the missing mapping on the way, like mkdir -p.
				child := &yaml.Node{Kind: yaml.MappingNode}
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: part}, child)
				n = child
				continue
			}
			n = n.Content[idx+1]
		case yaml.SequenceNode:
			if part == "-" {
				if !last || e.Delete {
					return errors.New("- (append) must be the last part of a set")
				}
				n.Content = append(n.Content, cloneNode(&e.Set))
				return nil
			}
			idx := findItem(n, part)
			if idx < 0 {
				return fmt.Errorf("no item %q in the list", part)
			}
			if last {
				if e.Delete {
					n.Content = append(n.Content[:idx], n.Content[idx+1:]...)
				} else {
					n.Content[idx] = cloneNode(&e.Set)
				}
				return nil
			}
			n = n.Content[idx]
		default:
			return fmt.Errorf("%q is not a mapping or a list", strings.Join(parts[:i], "/"))
		}
	}
	return nil
}

// splitEditPath splits an edit path; as in JSON Pointer, ~1 stands for / inside a part
// (resources/~1pets) and ~0 for ~.
func splitEditPath(p string) []string {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	for i, s := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return parts
}

func findItem(seq *yaml.Node, part string) int {
	// A small number is an index; anything else (including "200") names an item.
	if i, err := strconv.Atoi(part); err == nil && i >= 0 && i < len(seq.Content) && i < 100 {
		return i
	}
	for i, item := range seq.Content {
		if item.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(item.Content); j += 2 {
			for _, k := range nameKeys {
				if item.Content[j].Value == k && item.Content[j+1].Value == part {
					return i
				}
			}
		}
	}
	return -1
}

// cloneNode deep-copies a node so edits never share nodes with the lab.
func cloneNode(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		c.Content[i] = cloneNode(x)
	}
	return &c
}

// EditText renders an edit as a workspace author would read it.
func (e *Edit) EditText() string {
	where := strings.Join(splitEditPath(e.Path), " › ")
	if e.File != "" {
		where = e.File + ": " + where
	}
	if e.Delete {
		return "remove " + where
	}
	b, err := marshalYAML(cloneNode(&e.Set))
	if err != nil {
		return "set " + where
	}
	val := strings.TrimRight(string(b), "\n")
	if !strings.Contains(val, "\n") {
		return "set " + where + " to " + val
	}
	return "set " + where + " to:\n" + indent(val, "    ")
}

func indent(s, pre string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pre + l
		}
	}
	return strings.Join(lines, "\n")
}
