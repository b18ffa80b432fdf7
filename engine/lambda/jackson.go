package lambda

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Lambda's API parses request bodies and Invoke payloads with Jackson (Java), and an
// InvalidRequestContentException quotes Jackson's message. Two answers recorded against AWS
// (LocalStack's tests/aws/services/lambda_/test_lambda.snapshot.json,
// test_lambda_invoke_payload_encoding_error, 2025-11) show the form:
//
//	Could not parse request body into json: Could not parse payload into json: Unexpected
//	character ((CTRL-CHAR, code 153)): expected a valid value (JSON String, Number, Array,
//	Object or token 'null', 'true' or 'false')
//	 at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1]
//
// JacksonProblem gives that detail for the first syntax error Go's decoder finds, in the
// words Jackson 2 uses for the same mistake (ReaderBasedJsonParser's reports). The wording
// of the cases other than an unexpected character where a value starts is Jackson's, not
// captured from Lambda (docs/fidelity.md).

// valueExpected is Jackson's list of what may start a JSON value.
const valueExpected = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"

// JacksonProblem returns "" when b is one JSON value, else Jackson's description of the
// first problem, with its location line.
func JacksonProblem(b []byte) string {
	if json.Valid(b) { // no allocation: the common case on Invoke's path
		return ""
	}
	var v any
	err := json.Unmarshal(b, &v)
	if err == nil {
		return ""
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return err.Error()
	}
	at := int(se.Offset)
	if se.Error() == "unexpected end of JSON input" || at > len(b) {
		return "Unexpected end-of-input" + endContext(b) + location(b, len(b), 1)
	}
	bad := at - 1 // Offset counts the byte that failed
	msg := se.Error()
	switch {
	case strings.HasSuffix(msg, "looking for beginning of value") || strings.Contains(msg, " in literal "):
		start := bad
		if strings.Contains(msg, " in literal ") {
			start = tokenStart(b, bad)
		}
		if start != bad && b[bad] >= 0x80 && firstRune(b[bad:]) == utf8.RuneError {
			return fmt.Sprintf("Invalid UTF-8 start byte 0x%02x", b[bad]) + location(b, bad, 2)
		}
		if isLetter(b[start]) {
			return "Unrecognized token '" + token(b, start) + "': was expecting " + valueExpected + location(b, start, 1)
		}
		return "Unexpected character (" + charDesc(b, bad) + "): expected a valid value " + valueExpected + location(b, bad, 1)
	case strings.HasSuffix(msg, "looking for beginning of object key string"):
		return "Unexpected character (" + charDesc(b, bad) + "): was expecting double-quote to start field name" + location(b, bad, 2)
	case strings.HasSuffix(msg, "after object key"):
		return "Unexpected character (" + charDesc(b, bad) + "): was expecting a colon to separate field name and value" + location(b, bad, 2)
	case strings.HasSuffix(msg, "after object key:value pair"):
		return "Unexpected character (" + charDesc(b, bad) + "): was expecting comma to separate Object entries" + location(b, bad, 2)
	case strings.HasSuffix(msg, "after array element"):
		return "Unexpected character (" + charDesc(b, bad) + "): was expecting comma to separate Array entries" + location(b, bad, 2)
	case strings.HasSuffix(msg, "in string literal"):
		return "Illegal unquoted character (" + charDesc(b, bad) + "): has to be escaped using backslash to be included in string value" + location(b, bad, 2)
	case strings.HasSuffix(msg, "in string escape code"):
		return "Unrecognized character escape " + charDesc(b, bad) + location(b, bad, 2)
	}
	// after a top-level value, inside a number
	return "Unexpected character (" + charDesc(b, bad) + "): Expected space separating root-level values" + location(b, bad, 2)
}

// location is Jackson's location line; the column is 1-based, past the character for most
// reports (plus = 2) and at the token for a value that cannot start (plus = 1).
func location(b []byte, at, plus int) string {
	line, col := 1, at+plus
	if i := strings.LastIndexByte(string(b[:min(at, len(b))]), '\n'); i >= 0 {
		line = 1 + strings.Count(string(b[:at]), "\n")
		col = at - i - 1 + plus
	}
	if at >= len(b) { // end of input: Jackson points past the last character
		col = at + 1
		if i := strings.LastIndexByte(string(b), '\n'); i >= 0 {
			col = at - i
		}
	}
	return fmt.Sprintf("\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: %d, column: %d]", line, col)
}

// charDesc is Jackson's _getCharDesc: 'c' (code N), or (CTRL-CHAR, code N) for an ISO
// control character. A byte that does not start a UTF-8 character is described by its value,
// as Lambda's answer for a payload starting with 0x99 shows.
func charDesc(b []byte, at int) string {
	r := firstRune(b[at:])
	if r == utf8.RuneError {
		r = rune(b[at])
	}
	if r < 0x20 || r >= 0x7f && r <= 0x9f {
		return fmt.Sprintf("(CTRL-CHAR, code %d)", r)
	}
	if r > 255 {
		return fmt.Sprintf("'%c' (code %d / 0x%x)", r, r, r)
	}
	return fmt.Sprintf("'%c' (code %d)", r, r)
}

func firstRune(b []byte) rune {
	r, _ := utf8.DecodeRune(b)
	return r
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// tokenStart walks back from a failing byte inside a literal (tru, nul…) to its first letter.
func tokenStart(b []byte, at int) int {
	for at > 0 && isLetter(b[at-1]) {
		at--
	}
	return at
}

// token is the run of word characters Jackson reports as an unrecognized token.
func token(b []byte, at int) string {
	end := at
	for end < len(b) && (isLetter(b[end]) || b[end] >= '0' && b[end] <= '9' || b[end] == '_') {
		end++
	}
	return string(b[at:end])
}

// endContext names what was still open at the end of the input, as Jackson does.
func endContext(b []byte) string {
	var open []byte
	inString, escaped := false, false
	for _, c := range b {
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case inString && c == '"':
			inString = false
		case inString:
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			open = append(open, c)
		case (c == '}' || c == ']') && len(open) > 0:
			open = open[:len(open)-1]
		}
	}
	switch {
	case inString:
		return ": was expecting closing quote for a string value"
	case len(open) > 0 && open[len(open)-1] == '{':
		return ": expected close marker for Object"
	case len(open) > 0:
		return ": expected close marker for Array"
	}
	return ": expected a valid value " + valueExpected
}
