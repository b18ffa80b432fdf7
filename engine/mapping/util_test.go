package mapping

import "testing"

func TestEscapeJavaScript(t *testing.T) {
	tests := []struct{ in, want string }{
		{``, ``},
		{`plain text 123`, `plain text 123`},
		{`it's`, `it\'s`},
		{`say "hi"`, `say \"hi\"`},
		{`back\slash`, `back\\slash`},
		{`a/b`, `a\/b`},
		{"line\nbreak\r\n", `line\nbreak\r\n`},
		{"tab\there", `tab\there`},
		{"\b\f", `\b\f`},
		{"\x00\x01\x1f", `\u0000\u0001\u001F`},
		{"\x7f", "\x7f"}, // DEL is kept, as commons-lang does
		{"é", `\u00E9`},
		{"€", `\u20AC`},
		{"日本", `\u65E5\u672C`},
		{"😀", `\uD83D\uDE00`},
		{"\xff", `\uFFFD`},
		{`{"foo": 123}`, `{\"foo\": 123}`},
		{`</script>`, `<\/script>`},
	}
	for _, tc := range tests {
		if got := escapeJavaScript(tc.in); got != tc.want {
			t.Errorf("escapeJavaScript(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestURLEncodeDecode(t *testing.T) {
	for in, want := range map[string]string{
		``:             ``,
		`x=a+b`:        `x%3Da%2Bb`,
		`a b`:          `a+b`,
		`.-*_~`:        `.-*_%7E`,
		`é`:            `%C3%A9`,
		`/?#[]@!$&'()`: `%2F%3F%23%5B%5D%40%21%24%26%27%28%29`,
		`AZaz09`:       `AZaz09`,
	} {
		if got := urlEncode(in); got != want {
			t.Errorf("urlEncode(%q) = %q, want %q", in, got, want)
		}
		if back, err := urlDecode(want); err != nil || back != in {
			t.Errorf("urlDecode(%q) = %q, %v", want, back, err)
		}
	}
	for in, want := range map[string]string{
		`x=a+b`:     `x=a b`,
		`%e2%82%ac`: `€`,
		`%ff`:       "\uFFFD",
		`100%25`:    `100%`,
	} {
		if got, err := urlDecode(in); err != nil || got != want {
			t.Errorf("urlDecode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{`%`, `%4`, `%zz`, `a%g1`} {
		if _, err := urlDecode(bad); err == nil {
			t.Errorf("urlDecode(%q) should fail", bad)
		}
	}
}

func TestBase64(t *testing.T) {
	for in, want := range map[string]string{
		`aGVsbG8=`:        `hello`,
		`aGVsbG8`:         `hello`, // missing padding
		"aGVs\r\nbG8=":    `hello`, // line breaks skipped
		`w6k=`:            `é`,
		`-_8=`:            "\uFFFD\uFFFD", // URL-safe alphabet; 0xFB 0xFF is not UTF-8
		`aGk=IGlnbm9yZWQ`: `hi`,           // decoding stops at '='
		``:                ``,
		`a`:               ``,
	} {
		if got := base64Decode(in); got != want {
			t.Errorf("base64Decode(%q) = %q, want %q", in, got, want)
		}
	}
}
