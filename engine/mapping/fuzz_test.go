package mapping

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzJSONPath feeds arbitrary paths and documents to the compiler, the evaluator and
// the serializer: none may panic, and a serialized result must parse back.
func FuzzJSONPath(f *testing.F) {
	for _, p := range []string{
		`$`, `$.a`, `a.b`, `$['a','b']`, `$[0]`, `$[-1]`, `$[1:3]`, `$[:2]`, `$[*]`, `$.*`,
		`$..a`, `$..*`, `$..[0]`, `$[?(@.a < 10)]`, `$[?(@.a == 'x' && @.b)]`, `$[?(@.a =~ /x.*/i)]`,
		`$[?(@.a in [1,2])]`, `$[?(!(@.a) || @.b > $.c)]`, `$.a.length()`, `$[0,1]`, `$['a\'b']`,
	} {
		f.Add(p, `{"a":[1,{"a":2,"b":"x"},[3]],"b":{"c":null},"c":5}`)
	}
	f.Add(`$..book[?(@.price < 10)].title`, storeJSON)
	f.Fuzz(func(t *testing.T, path, doc string) {
		jp, err := compilePath(path)
		if err != nil {
			return
		}
		root, err := parseJSON(doc)
		if err != nil {
			root, _ = parseJSON(`{"a":[1,{"a":2}],"b":"x"}`)
		}
		v, found, err := evalPath(jp, root)
		if err != nil || !found {
			return
		}
		var b strings.Builder
		_ = writeJSON(&b, v)
		if !utf8.ValidString(doc) {
			return // invalid UTF-8 inside strings is written through as-is
		}
		if _, err := parseJSON(b.String()); err != nil {
			t.Fatalf("result of %q does not parse back: %s: %v", path, b.String(), err)
		}
	})
}

// FuzzParseJSON checks the parser never panics and that what it accepts survives a
// write/parse round trip unchanged.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `{"a":[1,2.5,-0,1e3,"x\u00e9",true,null]}`, `"\ud83d\ude00"`, `1e999`, storeJSON} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseJSON(s)
		if err != nil || !utf8.ValidString(s) {
			return
		}
		var b strings.Builder
		_ = writeJSON(&b, v)
		v2, err := parseJSON(b.String())
		if err != nil {
			t.Fatalf("%q wrote %q which does not parse: %v", s, b.String(), err)
		}
		var b2 strings.Builder
		_ = writeJSON(&b2, v2)
		if b.String() != b2.String() {
			t.Fatalf("round trip differs: %q vs %q", b.String(), b2.String())
		}
	})
}
