package cfn

import (
	"encoding/base64"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxDepth bounds nesting while resolving a template, so a hostile file cannot exhaust the
// stack; maxNodes bounds the work (yaml.v3 aliases can make a small file a huge tree).
const (
	maxDepth = 200
	maxNodes = 2_000_000
)

// noValue is what AWS::NoValue resolves to: the key that holds it is removed.
type noValue struct{}

// resolver turns template nodes into plain values (map[string]any, []any, string, int,
// float64, bool, nil), evaluating the intrinsic functions in their short (!Ref) and long
// ({"Ref": …}, {"Fn::Sub": …}) forms.
type resolver struct {
	t     *Template
	nodes int
	err   error
}

// fail records the first error, naming the template line.
func (r *resolver) fail(n *yaml.Node, format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%s:%d:%d: %s", r.t.file, n.Line, n.Column, fmt.Sprintf(format, args...))
	}
}

func (r *resolver) value(n *yaml.Node, depth int) any {
	if r.err != nil {
		return nil
	}
	r.nodes++
	if depth > maxDepth || r.nodes > maxNodes {
		r.fail(n, "the template is nested too deeply or is too large (at most %d levels, %d values)", maxDepth, maxNodes)
		return nil
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return r.value(n.Alias, depth+1)
	}
	if fn := shortForm(n.Tag); fn != "" {
		return r.call(n, fn, r.shortArg(n, fn, depth), depth)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return r.value(n.Content[0], depth+1)
	case yaml.MappingNode:
		if len(n.Content) == 2 {
			if k := n.Content[0].Value; k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::") {
				if fn := k; fn != "Condition" || n.Content[1].Kind == yaml.ScalarNode {
					return r.call(n, fn, r.argValue(n.Content[1], depth+1), depth)
				}
			}
		}
		out := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v := r.value(n.Content[i+1], depth+1)
			if _, skip := v.(noValue); skip {
				continue
			}
			out[n.Content[i].Value] = v
		}
		return out
	case yaml.SequenceNode:
		out := []any{}
		for _, c := range n.Content {
			v := r.value(c, depth+1)
			if _, skip := v.(noValue); skip {
				continue
			}
			out = append(out, v)
		}
		return out
	case yaml.ScalarNode:
		var v any
		if err := n.Decode(&v); err != nil {
			return n.Value
		}
		return v
	}
	return nil
}

// shortForm maps a YAML tag (!Ref, !GetAtt, …) to the long-form function name.
func shortForm(tag string) string {
	switch tag {
	case "!Ref":
		return "Ref"
	case "!Condition":
		return "Condition"
	case "!Base64", "!Cidr", "!FindInMap", "!GetAtt", "!GetAZs", "!ImportValue", "!Join", "!Select",
		"!Split", "!Sub", "!Transform", "!And", "!Equals", "!If", "!Not", "!Or", "!Length", "!ToJsonString":
		return "Fn::" + tag[1:]
	}
	return ""
}

// shortArg reads a short form's argument: !GetAtt A.B is the scalar "A.B".
func (r *resolver) shortArg(n *yaml.Node, fn string, depth int) any {
	if n.Kind == yaml.ScalarNode {
		if fn == "Fn::GetAtt" {
			a, b, _ := strings.Cut(n.Value, ".")
			return []any{a, b}
		}
		return n.Value
	}
	cp := *n
	cp.Tag = ""
	switch cp.Kind {
	case yaml.MappingNode:
		cp.Tag = "!!map"
	case yaml.SequenceNode:
		cp.Tag = "!!seq"
	}
	return r.argValue(&cp, depth+1)
}

// argValue resolves an intrinsic function's argument: a list keeps its AWS::NoValue
// entries (!If [C, x, !Ref AWS::NoValue] has three).
func (r *resolver) argValue(n *yaml.Node, depth int) any {
	if n.Kind != yaml.SequenceNode || shortForm(n.Tag) != "" {
		return r.value(n, depth)
	}
	out := []any{}
	for _, c := range n.Content {
		out = append(out, r.value(c, depth+1))
	}
	return out
}

func (r *resolver) call(n *yaml.Node, fn string, arg any, depth int) any {
	if r.err != nil {
		return nil
	}
	str := func(v any) string { return scalarString(v) }
	list := func(want int) []any {
		l, ok := arg.([]any)
		if !ok || (want > 0 && len(l) != want) {
			r.fail(n, "%s takes a list of %d values", fn, want)
			return make([]any, max(want, 0))
		}
		return l
	}
	switch fn {
	case "Ref":
		return r.t.ref(str(arg))
	case "Condition":
		return r.t.condition(n, str(arg), r)
	case "Fn::GetAtt":
		var parts []any
		switch a := arg.(type) {
		case []any:
			parts = a
		case string:
			x, y, _ := strings.Cut(a, ".")
			parts = []any{x, y}
		}
		if len(parts) != 2 {
			r.fail(n, "Fn::GetAtt takes [LogicalId, Attribute]")
			return ""
		}
		return r.t.getAtt(str(parts[0]), str(parts[1]))
	case "Fn::Sub":
		var text string
		vars := map[string]any{}
		switch a := arg.(type) {
		case string:
			text = a
		case []any:
			if len(a) != 2 {
				r.fail(n, "Fn::Sub takes a string, or [string, {Var: value}]")
				return ""
			}
			text = str(a[0])
			if m, ok := a[1].(map[string]any); ok {
				vars = m
			}
		}
		return r.t.sub(text, vars)
	case "Fn::Join":
		l := list(2)
		items, _ := l[1].([]any)
		parts := make([]string, len(items))
		for i, it := range items {
			parts[i] = str(it)
		}
		return strings.Join(parts, str(l[0]))
	case "Fn::Select":
		l := list(2)
		i, err := strconv.Atoi(str(l[0]))
		items, _ := l[1].([]any)
		if err != nil || i < 0 || i >= len(items) {
			r.fail(n, "Fn::Select index %v is out of range", l[0])
			return ""
		}
		return items[i]
	case "Fn::Split":
		l := list(2)
		var out []any
		for _, s := range strings.Split(str(l[1]), str(l[0])) {
			out = append(out, s)
		}
		return out
	case "Fn::If":
		l := list(3)
		if r.t.condition(n, str(l[0]), r) {
			return l[1]
		}
		return l[2]
	case "Fn::Equals":
		l := list(2)
		return str(l[0]) == str(l[1])
	case "Fn::Not":
		l := list(1)
		b, _ := l[0].(bool)
		return !b
	case "Fn::And", "Fn::Or":
		l := list(-1)
		acc := fn == "Fn::And"
		for _, v := range l {
			b, _ := v.(bool)
			if fn == "Fn::And" {
				acc = acc && b
			} else {
				acc = acc || b
			}
		}
		return acc
	case "Fn::FindInMap":
		l := list(3)
		top, _ := r.t.mappings[str(l[0])].(map[string]any)
		second, _ := top[str(l[1])].(map[string]any)
		v, ok := second[str(l[2])]
		if !ok {
			r.fail(n, "Fn::FindInMap: no %s.%s.%s in Mappings", str(l[0]), str(l[1]), str(l[2]))
		}
		return v
	case "Fn::Base64":
		return base64.StdEncoding.EncodeToString([]byte(str(arg)))
	case "Fn::GetAZs":
		return []any{r.t.region + "a", r.t.region + "b", r.t.region + "c"}
	case "Fn::Length":
		l, _ := arg.([]any)
		return len(l)
	case "Fn::Transform":
		// AWS::Include of a local file: the caller reads Location.
		return map[string]any{"Fn::Transform": arg}
	case "Fn::ImportValue", "Fn::Cidr", "Fn::ToJsonString":
		r.t.report("%s at line %d is not evaluated (no other stacks here); its value is left empty", fn, n.Line)
		return ""
	}
	r.fail(n, "unknown intrinsic function %s", fn)
	return nil
}

// scalarString renders a resolved scalar as CloudFormation would in a string context.
func scalarString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = scalarString(e)
		}
		return strings.Join(parts, ",")
	case map[string]any:
		return strings.Join(slices.Sorted(maps.Keys(x)), ",")
	}
	return fmt.Sprint(v)
}
