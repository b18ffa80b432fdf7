package mapping

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"apigwlab/engine/wire"
)

// utilObj is $util. It is stateless, so one value serves every render.
type utilObj struct{}

var theUtil = &utilObj{}

// String names the object when a template prints $util itself.
func (utilObj) String() string { return "$util" }

// Property: $util has no properties.
func (utilObj) Property(string) (any, bool) { return nil, false }

// Call dispatches the six functions of the reference page's $util table. A null
// argument returns null, as the Java methods (commons-lang, URLEncoder, ...) do or
// would after a null check, so the reference prints as Velocity prints nulls.
func (utilObj) Call(name string, args []any) (any, bool, error) {
	if len(args) != 1 {
		return nil, false, nil
	}
	arg := args[0]
	switch name {
	case "escapeJavaScript", "urlEncode", "urlDecode", "base64Encode", "base64Decode", "parseJson":
	default:
		return nil, false, nil
	}
	if arg == nil {
		return nil, true, nil
	}
	s := javaString(arg)
	switch name {
	case "escapeJavaScript":
		return escapeJavaScript(s), true, nil
	case "urlEncode":
		return urlEncode(s), true, nil
	case "urlDecode":
		v, err := urlDecode(s)
		return v, true, err
	case "base64Encode":
		return base64.StdEncoding.EncodeToString([]byte(s)), true, nil
	case "base64Decode":
		return base64Decode(s), true, nil
	case "parseJson":
		v, err := parseJSON(s)
		if err != nil {
			return nil, true, fmt.Errorf("parseJson: %w", err)
		}
		return v, true, nil
	}
	return nil, false, nil
}

// escapeJavaScript is Apache commons-lang StringEscapeUtils.escapeJavaScript, which
// API Gateway's $util.escapeJavaScript follows ("Escapes the characters in a string
// using JavaScript string rules ... will turn any regular single quotes (') into
// escaped ones (\')", reference page; aws-facts §3.3). Per UTF-16 unit:
//   - ' " \ / gain a backslash (so the output is not valid JSON when it holds a
//     quote — the docs suggest .replaceAll("\\'","'"));
//   - \b \n \t \f \r use their short escapes; other controls below 0x20 become \u00XX;
//   - anything above 0x7F becomes \uXXXX in upper-case hex (é is \u00E9, an emoji is
//     two escaped surrogates); 0x7F itself is kept.
func escapeJavaScript(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '\'' || c == '"' || c == '\\' || c == '/' {
			n++
		}
	}
	if n == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2*n)
	for _, r := range s { // invalid UTF-8 reads as U+FFFD, as Java decodes it
		switch {
		case r == '\'' || r == '"' || r == '\\' || r == '/':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || (r > 0x7f && r <= 0xffff):
			writeUEscape(&b, r)
		case r > 0xffff:
			hi, lo := utf16.EncodeRune(r)
			writeUEscape(&b, hi)
			writeUEscape(&b, lo)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// urlEncode is java.net.URLEncoder.encode(s, "UTF-8") ("Converts a string into
// application/x-www-form-urlencoded format"): letters, digits and . - * _ stay, space
// becomes +, every other byte of the UTF-8 form becomes %XX in upper case. (Go's
// url.QueryEscape differs on * and ~.)
func urlEncode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			c == '.', c == '-', c == '*', c == '_':
			b.WriteByte(c)
		case c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&0xF])
		}
	}
	return b.String()
}

// urlDecode is java.net.URLDecoder.decode(s, "UTF-8"): + is a space, %XX runs are
// bytes decoded as UTF-8 (malformed bytes become U+FFFD), a bad escape is an
// IllegalArgumentException, which fails the render.
func urlDecode(s string) (string, error) {
	if !strings.ContainsAny(s, "+%") {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '+':
			b.WriteByte(' ')
			i++
		case '%':
			var buf []byte
			for i < len(s) && s[i] == '%' {
				if i+2 >= len(s) {
					return "", errors.New("java.lang.IllegalArgumentException: URLDecoder: Incomplete trailing escape (%) pattern")
				}
				hi, ok1 := unhex(s[i+1])
				lo, ok2 := unhex(s[i+2])
				if !ok1 || !ok2 {
					return "", fmt.Errorf("java.lang.IllegalArgumentException: URLDecoder: Illegal hex characters in escape (%%) pattern - Error at index 0 in: %q", s[i+1:i+3])
				}
				buf = append(buf, hi<<4|lo)
				i += 3
			}
			b.WriteString(javaUTF8(buf))
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// base64Decode decodes leniently, like Apache commons-codec's Base64.decodeBase64:
// characters outside the alphabet (line breaks, spaces) are skipped, both the standard
// and URL-safe alphabets are accepted, decoding stops at the first '=', and a final
// partial group yields the bytes it completes. The bytes are then read as UTF-8 (the
// documented default charset), malformed sequences becoming U+FFFD as in Java.
// Strictness is not documented; leniency avoids failing requests AWS may accept.
func base64Decode(s string) string {
	out := make([]byte, 0, len(s)*3/4)
	var acc uint32
	n := 0
loop:
	for i := 0; i < len(s); i++ {
		var v byte
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z':
			v = c - 'A'
		case c >= 'a' && c <= 'z':
			v = c - 'a' + 26
		case c >= '0' && c <= '9':
			v = c - '0' + 52
		case c == '+' || c == '-':
			v = 62
		case c == '/' || c == '_':
			v = 63
		case c == '=':
			break loop
		default:
			continue
		}
		acc = acc<<6 | uint32(v)
		n++
		if n == 4 {
			out = append(out, byte(acc>>16), byte(acc>>8), byte(acc))
			acc, n = 0, 0
		}
	}
	switch n {
	case 2:
		out = append(out, byte(acc>>4))
	case 3:
		out = append(out, byte(acc>>10), byte(acc>>2))
	}
	return javaUTF8(out)
}

// javaUTF8 reads bytes as new String(bytes, UTF_8) does: every byte that does not
// start a valid sequence becomes U+FFFD. (Java folds a truncated multi-byte prefix
// into one U+FFFD where this writes one per byte; both are replacement text.)
func javaUTF8(p []byte) string {
	if utf8.Valid(p) {
		return string(p)
	}
	var b strings.Builder
	for len(p) > 0 {
		r, size := utf8.DecodeRune(p)
		b.WriteRune(r)
		p = p[size:]
	}
	return b.String()
}

// stageVarsObj is $stageVariables. A missing variable renders as the empty string:
// real AWS, canary requests printing a variable the stage does not define
// (LocalStack test_apigateway_canary snapshot, test_invoking_canary_deployment;
// aws-facts §6). Supported forms: $stageVariables.name, $stageVariables['name'],
// ${stageVariables.name}, and the Map methods get, keySet, containsKey, size, isEmpty.
type stageVarsObj struct {
	st *renderState
}

// Property is $stageVariables.name.
func (o *stageVarsObj) Property(name string) (any, bool) {
	return o.st.in.StageVars[name], true
}

// Call implements the Map methods templates use on $stageVariables.
func (o *stageVarsObj) Call(name string, args []any) (any, bool, error) {
	vars := o.st.in.StageVars
	switch {
	case name == "get" && len(args) == 1:
		return vars[javaString(args[0])], true, nil
	case name == "containsKey" && len(args) == 1:
		_, ok := vars[javaString(args[0])]
		return ok, true, nil
	case name == "keySet" && len(args) == 0:
		keys := wire.SortedKeys(vars)
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = k
		}
		return out, true, nil
	case name == "size" && len(args) == 0:
		return len(vars), true, nil
	case name == "isEmpty" && len(args) == 0:
		return len(vars) == 0, true, nil
	}
	return nil, false, nil
}

// String prints the variables as a Java map does, {a=1, b=2}, in sorted order.
func (o *stageVarsObj) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range wire.SortedKeys(o.st.in.StageVars) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(o.st.in.StageVars[k])
	}
	b.WriteByte('}')
	return b.String()
}
