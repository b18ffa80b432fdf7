package model

import (
	"strings"
	"testing"
)

// nodeBomb is "billion laughs": each of 40 levels doubles the one before.
func nodeBomb() []byte {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x]\n")
	for i := 1; i < 40; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [*a" + itoa(i-1) + ", *a" + itoa(i-1) + "]\n")
	}
	return []byte("functions:\n  - functionName: f\n    returns:\n" + indent(b.String(), "      "))
}

// stringBomb is one 1 MB scalar referenced 100×100 times: few nodes, 10 GB of text.
func stringBomb() []byte {
	var b strings.Builder
	b.WriteString("functions:\n  - functionName: f\n    returns:\n")
	b.WriteString("      s: &s " + strings.Repeat("x", 1<<20) + "\n")
	b.WriteString("      l: &l [" + strings.Repeat("*s, ", 99) + "*s]\n")
	b.WriteString("      m: [" + strings.Repeat("*l, ", 99) + "*l]\n")
	return []byte(b.String())
}

func TestAliasBombs(t *testing.T) {
	tests := []struct {
		name string
		src  []byte
		want string
		// maxAllocs bounds the work: the bomb is refused without walking its expansion.
		maxAllocs float64
	}{
		{"nodes", nodeBomb(), "bomb.yaml:17:24: aliases add more than 50000 values to the document: stopped here", 5_000},
		{"string", stringBomb(), "bomb.yaml:5:262: the document expands to more than 64 MB of text once its aliases are repeated", 5_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			allocs := testing.AllocsPerRun(2, func() { _, err = Parse("bomb.yaml", tt.src) })
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v\nwant prefix %s", err, tt.want)
			}
			if allocs > tt.maxAllocs {
				t.Errorf("%.0f allocations to refuse the bomb, want at most %.0f", allocs, tt.maxAllocs)
			}
		})
	}
}

func BenchmarkAliasBomb(b *testing.B) {
	for _, bb := range []struct {
		name string
		src  []byte
	}{{"nodes", nodeBomb()}, {"string", stringBomb()}} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse("bomb.yaml", bb.src); err == nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}

// yaml.v3 puts an unclosed [ or { one line before the bracket; the error names its line.
func TestUnclosedFlowCollectionLine(t *testing.T) {
	got := errLines(t, "apiVersion: apigwlab/v1\nrestApis:\n  - name: a\n    resources: {/x: {GET: {integration: {type: MOCK}}}\n    stages: [{stageName: prod}]\n")
	want := "t.yaml:4: YAML syntax error: the { opened on this line is not closed: a ',' or '}' is missing"
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
