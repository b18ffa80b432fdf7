package yamltree

import (
	"errors"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func parse(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Content[0]
}

func TestOver(t *testing.T) {
	tests := []struct {
		name, src string
		lim       Limits
		line      int
		msg       string
	}{
		{"no aliases", "a: [1, 2, 3]\n", Limits{Nodes: 100, Bytes: 100, AliasNodes: 1}, 0, ""},
		{"aliases within the budget", "a: &x [1, 2]\nb: *x\n", Limits{Nodes: 100, Bytes: 100, AliasNodes: 3}, 0, ""},
		{"aliases past the added-values budget", "a: &x [1, 2]\nb: *x\nc: *x\n", Limits{Nodes: 100, Bytes: 100, AliasNodes: 3}, 3, "aliases add more than 3 values"},
		{"bytes", "a: &x abcdef\nb: [*x, *x]\n", Limits{Nodes: 100, Bytes: 15, AliasNodes: 100}, 2, "more than 0 MB of text"},
		{"a cycle counts as nothing", "a: &x [*x]\n", Limits{Nodes: 100, Bytes: 100, AliasNodes: 1}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at, msg := Over(parse(t, tt.src), tt.lim)
			if tt.msg == "" {
				if at != nil {
					t.Fatalf("over at line %d: %s", at.Line, msg)
				}
				return
			}
			if at == nil || at.Line != tt.line || !strings.Contains(msg, tt.msg) {
				t.Fatalf("got %v %q", at, msg)
			}
		})
	}
}

func TestInline(t *testing.T) {
	root := parse(t, "base: &b {x: 1, y: 2}\nuse: {<<: *b, y: 3}\nlist: [*b]\n")
	if c := Inline(root); c != nil {
		t.Fatalf("cycle at %d", c.Line)
	}
	var got map[string]any
	if err := root.Decode(&got); err != nil {
		t.Fatal(err)
	}
	use := got["use"].(map[string]any)
	if use["x"] != 1 || use["y"] != 3 || got["list"].([]any)[0].(map[string]any)["x"] != 1 {
		t.Errorf("got %v", got)
	}
	if c := Inline(parse(t, "a: &x [*x]\n")); c == nil || c.Line != 1 {
		t.Errorf("cycle not reported: %v", c)
	}
}

func TestSyntaxError(t *testing.T) {
	for _, tt := range []struct {
		src  string
		line int
		msg  string
	}{
		{"a: 1\nb: [1, 2\nc: 3\n", 2, "the [ opened on this line is not closed: a ',' or ']' is missing"},
		{"a: 1\nb: {x: 1,\n  y: 2\n", 2, "the { opened on this line is not closed: a ',' or '}' is missing"},
		{"a: 1\n  b: 2\n", 2, "mapping values are not allowed in this context"},
	} {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(tt.src), &n)
		if err == nil {
			t.Fatalf("%q parsed", tt.src)
		}
		if line, msg := SyntaxError(err); line != tt.line || msg != tt.msg {
			t.Errorf("%q: line %d %q, want line %d %q", tt.src, line, msg, tt.line, tt.msg)
		}
	}
	if line, msg := SyntaxError(errors.New("yaml: something")); line != 0 || msg != "something" {
		t.Errorf("no line: %d %q", line, msg)
	}
}
