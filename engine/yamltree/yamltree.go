// Package yamltree bounds what a parsed YAML node tree becomes once its aliases are expanded,
// and expands them for decoders that walk plain trees.
//
// yaml.v3 parses an alias as a pointer to its anchor, so a small file can stand for an
// enormous document ("billion laughs": each level doubles; or one 1 MB string referenced
// 10,000 times). Decoders that walk the tree would visit every expanded node, and code that
// renders the values would allocate every expanded byte. Measure counts both, once per
// distinct node, before anything walks the tree.
package yamltree

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Limits bound the expanded document: Nodes values (scalars, lists and mappings) and Bytes of
// scalar text, both counted with every alias replaced by what it refers to; and AliasNodes,
// the values aliases may add to those written out in the file.
type Limits struct {
	Nodes      int64
	Bytes      int64
	AliasNodes int64
}

// Default is what every user file is held to: more nodes and bytes than a 16 MB file holds,
// and 50,000 values added by aliases — a shared block of 50 values reused 1,000 times — far
// past hand-written YAML, while every decode stays fast (a file that aliases nearly 2,000,000
// values took seconds to walk, which also starved the fuzzer).
var Default = Limits{Nodes: 2_000_000, Bytes: 64 << 20, AliasNodes: 50_000}

// size is a node's expanded count; counts saturate at a limit so deep doublings cannot overflow.
type size struct{ nodes, bytes int64 }

type measurer struct {
	lim    Limits
	memo   map[*yaml.Node]size
	active map[*yaml.Node]bool
}

// Over reports where expanding root's aliases first passes lim: the alias (or node) at which
// the running count, in document order, goes over, and a message naming the limit. It
// returns nil when the expanded document fits. The work is linear in the file's distinct
// nodes, whatever the expansion. A cycle counts as nothing here (decoders report it).
func Over(root *yaml.Node, lim Limits) (*yaml.Node, string) {
	m := &measurer{lim: lim, memo: map[*yaml.Node]size{}, active: map[*yaml.Node]bool{}}
	total := m.size(root)
	// Every distinct node is in memo once: aliases are what the expansion adds beyond them.
	if lim.AliasNodes > 0 {
		m.lim.Nodes = min(lim.Nodes, int64(len(m.memo))+lim.AliasNodes)
	}
	if total.nodes <= m.lim.Nodes && total.bytes <= lim.Bytes {
		return nil, ""
	}
	msg := fmt.Sprintf("the document expands to more than %d values once its aliases are repeated: stopped here (an alias repeats everything its anchor holds)", lim.Nodes)
	if m.lim.Nodes < lim.Nodes {
		msg = fmt.Sprintf("aliases add more than %d values to the document: stopped here (an alias repeats everything its anchor holds)", lim.AliasNodes)
	}
	if total.nodes <= m.lim.Nodes {
		msg = fmt.Sprintf("the document expands to more than %d MB of text once its aliases are repeated: stopped here (an alias repeats everything its anchor holds)", lim.Bytes>>20)
	}
	return m.locate(root, size{}), msg
}

func (m *measurer) add(a, b size) size {
	a.nodes = min(a.nodes+b.nodes, m.lim.Nodes+1)
	a.bytes = min(a.bytes+b.bytes, m.lim.Bytes+1)
	return a
}

func (m *measurer) over(s size) bool { return s.nodes > m.lim.Nodes || s.bytes > m.lim.Bytes }

func (m *measurer) size(n *yaml.Node) size {
	if n == nil {
		return size{}
	}
	if s, ok := m.memo[n]; ok {
		return s
	}
	if m.active[n] {
		return size{}
	}
	var s size
	switch n.Kind {
	case yaml.AliasNode:
		m.active[n] = true
		s = m.size(n.Alias)
		delete(m.active, n)
	case yaml.ScalarNode:
		s = m.add(size{1, int64(len(n.Value))}, size{})
	default:
		m.active[n] = true
		s = size{nodes: 1}
		for _, c := range n.Content {
			s = m.add(s, m.size(c))
		}
		delete(m.active, n)
	}
	m.memo[n] = s
	return s
}

// locate walks down from n, with before counted ahead of it, to the node where the running
// count passes the limits: an alias whose expansion passes them, or the node itself.
func (m *measurer) locate(n *yaml.Node, before size) *yaml.Node {
	for {
		if n.Kind == yaml.AliasNode || len(n.Content) == 0 {
			return n
		}
		run := m.add(before, size{nodes: 1})
		next := n
		for _, c := range n.Content {
			after := m.add(run, m.size(c))
			if m.over(after) {
				next = c
				break
			}
			run = after
		}
		if next == n {
			return n
		}
		n, before = next, run
	}
}

// Inline replaces every alias in the tree under root by the node it refers to (shared, not
// copied) and expands YAML merge keys (<<) into their mapping, explicit keys winning, so a
// decoder can walk a plain tree. Call it after Over has accepted the tree. It returns the
// alias that refers to a value containing itself, if any, and leaves that alias in place.
func Inline(root *yaml.Node) (cycle *yaml.Node) {
	done := map[*yaml.Node]bool{}
	active := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node) *yaml.Node
	target := func(n *yaml.Node) *yaml.Node {
		for hops := 0; n != nil && n.Kind == yaml.AliasNode && hops <= 100; hops++ {
			n = n.Alias
		}
		return n
	}
	walk = func(n *yaml.Node) *yaml.Node {
		if n == nil || done[n] {
			return n
		}
		active[n] = true
		defer delete(active, n)
		for i, c := range n.Content {
			if c.Kind == yaml.AliasNode {
				t := target(c)
				if t == nil || t.Kind == yaml.AliasNode || active[t] {
					if cycle == nil {
						cycle = c
					}
					continue
				}
				n.Content[i] = t
				c = t
			}
			walk(c)
		}
		if n.Kind == yaml.MappingNode {
			mergeKeys(n)
		}
		done[n] = true
		return n
	}
	walk(root)
	return cycle
}

// mergeKeys expands `<<: mapping` and `<<: [mappings]` in n (already inlined): the merged
// keys come first, earlier sources winning, and n's explicit keys override them.
func mergeKeys(n *yaml.Node) {
	hasMerge := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		if isMerge(n.Content[i]) {
			hasMerge = true
			break
		}
	}
	if !hasMerge {
		return
	}
	explicit := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !isMerge(n.Content[i]) {
			explicit[n.Content[i].Value] = true
		}
	}
	var merged, own []*yaml.Node
	seen := map[string]bool{}
	from := func(src *yaml.Node) {
		if src.Kind != yaml.MappingNode {
			return
		}
		for j := 0; j+1 < len(src.Content); j += 2 {
			k := src.Content[j].Value
			if explicit[k] || seen[k] {
				continue
			}
			seen[k] = true
			merged = append(merged, src.Content[j], src.Content[j+1])
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !isMerge(k) {
			own = append(own, k, v)
			continue
		}
		if v.Kind == yaml.SequenceNode {
			for _, s := range v.Content {
				from(s)
			}
		} else {
			from(v)
		}
	}
	n.Content = append(merged, own...)
}

func isMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && (k.Tag == "!!merge" || k.Tag == "" || k.ShortTag() == "!!merge")
}

var lineErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// SyntaxError splits a yaml.v3 syntax error into its line (0 when unknown) and message.
// yaml.v3 reports an unclosed flow collection ("did not find expected ',' or ']'") one
// line too early (its 0-based mark of the opening bracket); the line is corrected to the
// bracket's and the message says what is wrong.
func SyntaxError(err error) (int, string) {
	msg := err.Error()
	m := lineErr.FindStringSubmatch(msg)
	if m == nil {
		return 0, strings.TrimPrefix(msg, "yaml: ")
	}
	line, _ := strconv.Atoi(m[1])
	msg = m[2]
	for _, c := range []string{"]", "}"} {
		if msg == "did not find expected ',' or '"+c+"'" {
			open := map[string]string{"]": "[", "}": "{"}[c]
			return line + 1, "the " + open + " opened on this line is not closed: a ',' or '" + c + "' is missing"
		}
	}
	return line, msg
}
