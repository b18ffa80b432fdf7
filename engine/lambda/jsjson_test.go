package lambda

import (
	"testing"

	"github.com/dop251/goja"
)

// parseJSON must build what JSON.parse builds: compared through JSON.stringify.
func TestParseJSONMatchesJSONParse(t *testing.T) {
	docs := []string{
		`null`, `true`, `false`, `0`, `-1.5e3`, `"x"`, `""`, `[]`, `{}`,
		`{"b":1,"a":[1,2,{"c":null}],"s":"é\"\\\n\u00e9\ud83d\ude00","n":-0.25}`,
		` { "k" : [ true , false ] } `,
		`{"dup":1,"dup":2}`,
		`{"__proto__":{"x":1},"y":2}`,
		`{"resource":"/pets/{id}","headers":{"Accept":"*/*"},"queryStringParameters":null,"body":null,"isBase64Encoded":false}`,
		"\"\xff\"",
	}
	vm := goja.New()
	parse, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
	stringify, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("stringify"))
	for _, d := range docs {
		want, err := parse(goja.Undefined(), vm.ToValue(d))
		if err != nil {
			t.Fatalf("JSON.parse(%q): %v", d, err)
		}
		got, err := parseJSON(vm, []byte(d))
		if err != nil {
			t.Fatalf("parseJSON(%q): %v", d, err)
		}
		ws, _ := stringify(goja.Undefined(), want)
		gs, _ := stringify(goja.Undefined(), got)
		if ws.String() != gs.String() {
			t.Errorf("%q: got %s, want %s", d, gs, ws)
		}
	}
	for _, bad := range []string{``, `{`, `[1,]`, `{"a" 1}`, `01`, `1.`, `tru`, `"a`, "\"\x01\"", `{"a":1}x`, `-`} {
		if _, err := parseJSON(vm, []byte(bad)); err == nil {
			t.Errorf("parseJSON(%q) accepted invalid JSON", bad)
		}
	}
}

// FuzzParseJSON: whatever JSON.parse accepts, parseJSON builds the same value (or defers
// to JSON.parse by refusing); it never accepts what JSON.parse refuses.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,"x",null,true]}`, `"\u00e9"`, `-0`, `1e400`, `{"__proto__":1}`, `[[[]]]`} {
		f.Add(s)
	}
	vm := goja.New()
	parse, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
	stringify, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("stringify"))
	f.Fuzz(func(t *testing.T, d string) {
		got, gerr := parseJSON(vm, []byte(d))
		want, werr := parse(goja.Undefined(), vm.ToValue(d))
		if gerr == nil && werr != nil {
			t.Fatalf("%q: parseJSON accepted what JSON.parse refuses (%v)", d, werr)
		}
		if gerr != nil || werr != nil {
			return
		}
		gs, _ := stringify(goja.Undefined(), got)
		ws, _ := stringify(goja.Undefined(), want)
		if gs.String() != ws.String() {
			t.Fatalf("%q: got %s, want %s", d, gs, ws)
		}
	})
}
