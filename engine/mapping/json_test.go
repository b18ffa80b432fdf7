package mapping

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"apigwlab/engine/vtl"
)

func TestParseJSONValues(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{`10`, 10},
		{`-3`, -3},
		{`-0`, 0},
		{`0`, 0},
		{`10.5`, 10.5},
		{`1E3`, 1000.0},
		{`1e-2`, 0.01},
		{`-0.0`, math.Copysign(0, -1)},
		{`9223372036854775807`, math.MaxInt64},
		{`9223372036854775808`, bigInt("9223372036854775808")},
		{`-9223372036854775809`, bigInt("-9223372036854775809")},
		{`1e400`, math.Inf(1)},
		{`true`, true},
		{`false`, false},
		{`null`, nil},
		{`"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"`, "a\"b\\c/d\b\f\n\r\té😀"},
		{`"\ud800x"`, "\uFFFDx"}, // lone surrogate
		{` "x" `, "x"},
	}
	for _, tc := range tests {
		got, err := parseJSON(tc.in)
		if err != nil {
			t.Errorf("parseJSON(%s): %v", tc.in, err)
			continue
		}
		if f, ok := tc.want.(float64); ok && f == 0 {
			if g, ok := got.(float64); !ok || g != 0 || math.Signbit(g) != math.Signbit(f) {
				t.Errorf("parseJSON(%s) = %#v, want %#v", tc.in, got, tc.want)
			}
			continue
		}
		if got != tc.want {
			t.Errorf("parseJSON(%s) = %#v (%T), want %#v", tc.in, got, got, tc.want)
		}
	}
}

func TestParseJSONOrderAndDuplicates(t *testing.T) {
	v, err := parseJSON(`{"b":1,"a":2,"b":3}`)
	if err != nil {
		t.Fatal(err)
	}
	m := v.(*vtl.Map)
	// LinkedHashMap.put: a repeated key keeps its first position and its last value.
	if got := m.String(); got != "{b=3, a=2}" {
		t.Errorf("got %s", got)
	}
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct{ in, msg string }{
		{``, "No content to map due to end-of-input"},
		{`   `, "No content to map due to end-of-input"},
		{`a=1&b=2`, "Unrecognized token 'a'"},
		{`nul`, "Unrecognized token 'nul'"},
		{`truex`, "Unrecognized token 'truex'"},
		{`{"a":1,}`, "was expecting double-quote to start field name"},
		{`[1,]`, "Unexpected character (']' (code 93))"},
		{`{"a" 1}`, "was expecting a colon"},
		{`{"a":1 "b":2}`, "was expecting comma to separate Object entries"},
		{`[1 2]`, "was expecting comma to separate Array entries"},
		{`{"a":1`, "Unexpected end-of-input: expected close marker for Object"},
		{`[1`, "Unexpected end-of-input: expected close marker for Array"},
		{`"abc`, "was expecting closing quote"},
		{"\"a\nb\"", "Illegal unquoted character ((CTRL-CHAR, code 10))"},
		{`"\x"`, "Unrecognized character escape 'x'"},
		{`"\u12"`, "expected a hex-digit"},
		{`01`, "Leading zeroes not allowed"},
		{`-`, "expected digit"},
		{`1.`, "Decimal point not followed by a digit"},
		{`1e`, "Exponent indicator not followed by a digit"},
		{`{"a":1} x`, "expected end-of-input"},
		{`'a'`, "Unexpected character ('''"},
		{`{'a':1}`, "was expecting double-quote"},
		{strings.Repeat("[", 1002) + strings.Repeat("]", 1002), "nesting depth"},
	}
	for _, tc := range tests {
		_, err := parseJSON(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("parseJSON(%q) = %v, want error containing %q", tc.in, err, tc.msg)
		}
	}
	_, err := parseJSON("{\n  \"a\": x}")
	if err == nil || !strings.Contains(err.Error(), "line: 2, column: 8") {
		t.Errorf("position: %v", err)
	}
}

func TestWriteJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a" : [ 1 , 2.50, -0.0, 1E3, 1e-5, 12345678.9 ] , "b":{}}`, `{"a":[1,2.5,-0.0,1000.0,1.0E-5,1.23456789E7],"b":{}}`},
		// json-smart escapes: controls, U+007F–U+009F, U+2000–U+20FF; '/' and other
		// non-ASCII are written as they are.
		{`"q\" b\\ \/ \b\f\n\r\t \u0001 \u007f \u0085 \u2028 \u20ac é 😀"`, `"q\" b\\ / \b\f\n\r\t \u0001 \u007F \u0085 \u2028 \u20AC é 😀"`},
	}
	for _, tc := range tests {
		v, err := parseJSON(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		_ = writeJSON(&b, v)
		if b.String() != tc.want {
			t.Errorf("writeJSON(%s)\n got %s\nwant %s", tc.in, b.String(), tc.want)
		}
	}
	var b strings.Builder
	_ = writeJSON(&b, []any{math.NaN(), math.Inf(-1), map[string]any{"z": 1, "a": "x"}})
	if b.String() != `[null,null,{"a":"x","z":1}]` {
		t.Errorf("got %s", b.String())
	}
}

func TestJavaDouble(t *testing.T) {
	for f, want := range map[float64]string{
		1:       "1.0",
		10.5:    "10.5",
		1000:    "1000.0",
		0.001:   "0.001",
		0.0001:  "1.0E-4",
		1e7:     "1.0E7",
		9999999: "9999999.0",
		1.5e300: "1.5E300",
		-2.5e-7: "-2.5E-7",
		249.99:  "249.99",
	} {
		if got := vtl.FormatDouble(f); got != want {
			t.Errorf("vtl.FormatDouble(%v) = %s, want %s", f, got, want)
		}
	}
}

// TestFastNumber checks the number fast path against strconv on random tokens.
func TestFastNumber(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 200000; i++ {
		var tok string
		switch r.IntN(3) {
		case 0:
			tok = strconv.FormatInt(r.Int64N(1<<62)-1<<61, 10)
		case 1:
			tok = strconv.FormatFloat((r.Float64()-0.5)*math.Pow(10, float64(r.IntN(16))), 'f', r.IntN(8), 64)
		default:
			tok = strconv.FormatInt(r.Int64N(1_000_000_000_000_000), 10)
			if k := r.IntN(len(tok)); k > 0 {
				tok = tok[:k] + "." + tok[k:]
			}
		}
		v, ok := fastNumber(tok)
		if !ok {
			continue
		}
		if strings.Contains(tok, ".") {
			want, _ := strconv.ParseFloat(tok, 64)
			if f, isF := v.(float64); !isF || math.Float64bits(f) != math.Float64bits(want) {
				t.Fatalf("fastNumber(%s) = %v, want %v", tok, v, want)
			}
		} else if want, _ := strconv.ParseInt(tok, 10, 64); v != int(want) {
			t.Fatalf("fastNumber(%s) = %v, want %v", tok, v, want)
		}
	}
}
