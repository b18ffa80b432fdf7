package lambda

import "testing"

// TestJacksonProblem: the two payloads LocalStack recorded against Lambda give Lambda's exact
// detail; the other mistakes Jackson's words, at Jackson's line and column.
func TestJacksonProblem(t *testing.T) {
	const loc = "\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); "
	for _, tc := range []struct{ in, want string }{
		{`{"a": 1}`, ""},
		{`"text"`, ""},
		{"\x99\xeb,j\x07\xa1zYh", "Unexpected character ((CTRL-CHAR, code 153)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + loc + "line: 1, column: 1]"},
		{"n\x87r\x9e\xe9\xb5\xd7I\xee\x9bmt", "Invalid UTF-8 start byte 0x87" + loc + "line: 1, column: 3]"},
		{`'test'`, "Unexpected character (''' (code 39)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + loc + "line: 1, column: 1]"},
		{`hello`, "Unrecognized token 'hello': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')" + loc + "line: 1, column: 1]"},
		{`{a: 1}`, "Unexpected character ('a' (code 97)): was expecting double-quote to start field name" + loc + "line: 1, column: 3]"},
		{"{\n \"a\" 1}", "Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value" + loc + "line: 2, column: 7]"},
		{`{"a": 1 "b": 2}`, "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries" + loc + "line: 1, column: 10]"},
		{`[1 2]`, "Unexpected character ('2' (code 50)): was expecting comma to separate Array entries" + loc + "line: 1, column: 5]"},
		{`{"a": `, "Unexpected end-of-input: expected close marker for Object" + loc + "line: 1, column: 7]"},
		{`["a`, "Unexpected end-of-input: was expecting closing quote for a string value" + loc + "line: 1, column: 4]"},
	} {
		if got := JacksonProblem([]byte(tc.in)); got != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}
