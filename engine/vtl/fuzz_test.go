package vtl

import (
	"errors"
	"strings"
	"testing"
)

func fuzzSeeds(f *testing.F) {
	for _, c := range renderCases {
		f.Add(c.tmpl)
	}
	for _, c := range parseErrorCases {
		f.Add(c.tmpl)
	}
	for _, c := range runtimeErrorCases {
		f.Add(c.tmpl)
	}
	f.Add(allParamsTemplate)
	f.Add(benchTemplate)
}

func checkErr(t *testing.T, src string, err error) {
	if err == nil {
		return
	}
	var ve *Error
	if !errors.As(err, &ve) {
		t.Fatalf("%q: error %T (%v) is not *Error", src, err, err)
	}
	if strings.HasPrefix(ve.Msg, "internal error") {
		t.Fatalf("%q: %v", src, err)
	}
	if ve.Line < 1 || ve.Col < 1 {
		t.Fatalf("%q: bad position in %v", src, err)
	}
}

// FuzzParse checks that Parse never panics and reports every failure as a positioned *Error.
func FuzzParse(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		_, err := Parse("fuzz", src)
		checkErr(t, src, err)
	})
}

// FuzzRender checks that rendering any parseable template neither panics nor runs away.
func FuzzRender(f *testing.F) {
	fuzzSeeds(f)
	opts := &Options{MaxSteps: 200_000, MaxOutputBytes: 1 << 16, MaxDepth: 30}
	f.Fuzz(func(t *testing.T, src string) {
		tp, err := Parse("fuzz", src)
		checkErr(t, src, err)
		if err != nil {
			return
		}
		vars := baseVars(map[string]any{
			"l":     []any{"x", 1, nil, 2.5},
			"m":     map[string]any{"a": map[string]any{"b": "deep"}, "n": 3},
			"s":     "Hello World",
			"t":     true,
			"input": &fakeInput{params: newParams(), body: `{"a":1}`},
		})
		// MaxSteps and MaxOutputBytes bound the work; no clock is read (CI machines are loaded).
		_, err = tp.Render(vars, opts)
		checkErr(t, src, err)
	})
}
