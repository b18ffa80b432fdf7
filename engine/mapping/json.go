package mapping

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"apigwlab/engine/vtl"
)

// JSON values as templates see them. API Gateway reads payloads with Jayway JsonPath on
// its default json-smart provider (the reference page links Jayway; LocalStack's
// template_mapping.py VTLJsonList/VTLJsonDict describe the observable result), so:
//   - objects are LinkedHashMaps: *vtl.Map here, keys in document order, a repeated
//     key keeps its first position and takes the last value (LinkedHashMap.put);
//   - arrays are lists: []any;
//   - integers are Integer/Long: int, so 10 prints "10"; integers beyond 64 bits are
//     BigInteger: bigInt, which prints its digits;
//   - anything with a fraction or exponent is a Double: float64, so 10.5 prints
//     "10.5" and 1E3 prints "1000.0" (Double.toString);
//   - strings, booleans, and null (nil).

// bigInt is an integer too large for int64, kept as its decimal digits so it prints
// exactly as Java's BigInteger does. Templates can print and compare it, not compute.
type bigInt string

// String prints the digits; vtl prints host values through fmt.Stringer.
func (b bigInt) String() string { return string(b) }

// maxJSONDepth bounds nesting. Jackson, which produces AWS's parse errors, refuses
// documents nested deeper than 1000 (StreamReadConstraints' default); the bound also
// keeps the recursive parser, serializer and JSONPath scan off deep Go stacks.
const maxJSONDepth = 1000

// jsonSyntaxError is a parse failure with a position, worded after Jackson's messages
// because API Gateway reports body parse failures in Jackson's words (see BodyError).
type jsonSyntaxError struct {
	msg       string
	line, col int
}

func (e *jsonSyntaxError) Error() string {
	return fmt.Sprintf("%s\n at [Source: (String); line: %d, column: %d]", e.msg, e.line, e.col)
}

// parseJSON parses one JSON document (RFC 8259, as Jackson does by default: no
// comments, no single quotes, no trailing commas, no leading zeros, no NaN) into the
// values described above. Trailing non-space content is an error; Jackson's readTree
// would ignore it, but a payload with trailing garbage is almost always a mistake
// worth surfacing.
func parseJSON(s string) (any, error) {
	p := jsonParser{s: s}
	p.skipSpace()
	if p.i >= len(p.s) {
		return nil, p.errf("No content to map due to end-of-input")
	}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.i < len(p.s) {
		return nil, p.unexpected("expected end-of-input after the root value")
	}
	return v, nil
}

type jsonParser struct {
	s string
	i int
}

func (p *jsonParser) errf(format string, args ...any) error {
	line, col := 1, 1
	for j := 0; j < p.i && j < len(p.s); j++ {
		if p.s[j] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return &jsonSyntaxError{msg: fmt.Sprintf(format, args...), line: line, col: col}
}

// unexpected words a bad character as Jackson does: "Unexpected character ('x' (code 120))".
func (p *jsonParser) unexpected(what string) error {
	if p.i >= len(p.s) {
		return p.errf("Unexpected end-of-input: %s", what)
	}
	r, _ := utf8.DecodeRuneInString(p.s[p.i:])
	return p.errf("Unexpected character (%s (code %d)): %s", javaCharLiteral(r), r, what)
}

func javaCharLiteral(r rune) string {
	if r < 0x20 {
		return fmt.Sprintf("CTRL-CHAR, code %d", r)
	}
	return "'" + string(r) + "'"
}

func (p *jsonParser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, p.errf("Document nesting depth exceeds the maximum allowed (%d)", maxJSONDepth)
	}
	if p.i >= len(p.s) {
		return nil, p.unexpected("expected a value")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		v, err := p.str()
		if err != nil {
			return nil, err
		}
		return v, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.keyword("true", true)
	case c == 'f':
		return p.keyword("false", false)
	case c == 'n':
		return p.keyword("null", nil)
	case (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'):
		return nil, p.unrecognized()
	}
	return nil, p.unexpected("expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')")
}

// unrecognized reports a bare word the way Jackson does: "Unrecognized token 'abc'".
func (p *jsonParser) unrecognized() error {
	j := p.i
	for j < len(p.s) && j-p.i < 256 {
		c := p.s[j]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			break
		}
		j++
	}
	tok := p.s[p.i:j]
	return p.errf("Unrecognized token '%s': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", tok)
}

func (p *jsonParser) keyword(word string, v any) (any, error) {
	if strings.HasPrefix(p.s[p.i:], word) {
		end := p.i + len(word)
		if end == len(p.s) || !isWordByte(p.s[end]) {
			p.i = end
			return v, nil
		}
	}
	return nil, p.unrecognized()
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func (p *jsonParser) object(depth int) (any, error) {
	p.i++ // {
	m := vtl.NewMap()
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return m, nil
	}
	for {
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, p.unexpected("was expecting double-quote to start field name")
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, p.unexpected("was expecting a colon to separate field name and value")
		}
		p.i++
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		m.Put(k, v)
		p.skipSpace()
		if p.i >= len(p.s) {
			return nil, p.unexpected("expected close marker for Object")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return m, nil
		default:
			return nil, p.unexpected("was expecting comma to separate Object entries")
		}
	}
}

func (p *jsonParser) array(depth int) (any, error) {
	p.i++ // [
	items := []any{}
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return items, nil
	}
	for {
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		items = append(items, v)
		p.skipSpace()
		if p.i >= len(p.s) {
			return nil, p.unexpected("expected close marker for Array")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return items, nil
		default:
			return nil, p.unexpected("was expecting comma to separate Array entries")
		}
	}
}

// str parses a string literal. Raw control characters are refused (Jackson: "Illegal
// unquoted character ... has to be escaped"); lone surrogate escapes become U+FFFD,
// which is what a Java String holding them turns into once encoded as UTF-8.
func (p *jsonParser) str() (string, error) {
	p.i++ // opening quote
	start := p.i
	// Fast path: no escapes.
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '"' {
			s := p.s[start:p.i]
			p.i++
			return s, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		p.i++
	}
	var b strings.Builder
	b.WriteString(p.s[start:p.i])
	for {
		if p.i >= len(p.s) {
			return "", p.unexpected("was expecting closing quote for a string value")
		}
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), nil
		case c < 0x20:
			return "", p.errf("Illegal unquoted character ((CTRL-CHAR, code %d)): has to be escaped using backslash to be included in string value", c)
		case c != '\\':
			b.WriteByte(c)
			p.i++
			continue
		}
		p.i++ // backslash
		if p.i >= len(p.s) {
			return "", p.unexpected("was expecting closing quote for a string value")
		}
		e := p.s[p.i]
		p.i++
		switch e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", p.errf("Unexpected character in \\u escape: expected a hex-digit for character escape sequence")
			}
			if utf16IsHigh(r) && strings.HasPrefix(p.s[p.i:], `\u`) {
				save := p.i
				p.i += 2
				if r2, ok := p.hex4(); ok && utf16IsLow(r2) {
					r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
				} else {
					p.i = save
				}
			}
			if r >= 0xD800 && r <= 0xDFFF {
				r = utf8.RuneError
			}
			b.WriteRune(r)
		default:
			p.i--
			return "", p.errf("Unrecognized character escape '%c' (code %d)", e, e)
		}
	}
}

func utf16IsHigh(r rune) bool { return r >= 0xD800 && r <= 0xDBFF }
func utf16IsLow(r rune) bool  { return r >= 0xDC00 && r <= 0xDFFF }

func (p *jsonParser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.s[p.i : p.i+4]) {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r |= rune(c-'A') + 10
		default:
			return 0, false
		}
	}
	p.i += 4
	return r, true
}

// number parses a JSON number: an integer token becomes int (bigInt past int64), any
// token with a fraction or exponent a float64, as json-smart does.
func (p *jsonParser) number() (any, error) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	digits := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	switch n := p.i - digits; {
	case n == 0:
		return nil, p.unexpected("expected digit (0-9) to follow minus sign, for valid numeric value")
	case n > 1 && p.s[digits] == '0':
		p.i = digits
		return nil, p.errf("Invalid numeric value: Leading zeroes not allowed")
	}
	isFloat := false
	if p.i < len(p.s) && p.s[p.i] == '.' {
		isFloat = true
		p.i++
		d := p.i
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
		if p.i == d {
			return nil, p.unexpected("Decimal point not followed by a digit")
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		isFloat = true
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		d := p.i
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
		if p.i == d {
			return nil, p.unexpected("Exponent indicator not followed by a digit")
		}
	}
	tok := p.s[start:p.i]
	if isFloat {
		f, err := strconv.ParseFloat(tok, 64)
		if err != nil && !isRangeErr(err) {
			return nil, p.errf("Invalid numeric value: %s", tok)
		}
		return f, nil // out-of-range values saturate to ±Inf/0, as Double.parseDouble does
	}
	if i, err := strconv.ParseInt(tok, 10, 64); err == nil {
		return int(i), nil
	}
	return bigInt(tok), nil
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// writeJSON serializes a value as compact JSON the way json-smart does for the objects
// Jayway returns (the form $input.json prints): no spaces, keys and strings quoted and
// escaped, numbers in Java's Integer/Double forms.
func writeJSON(b *strings.Builder, v any, depth int) {
	if depth > maxJSONDepth {
		b.WriteString("null")
		return
	}
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case int:
		b.WriteString(strconv.Itoa(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case bigInt:
		b.WriteString(string(x))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b.WriteString("null") // json-smart writes non-finite doubles as null
			return
		}
		b.WriteString(vtl.FormatDouble(x))
	case string:
		writeJSONString(b, x)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e, depth+1)
		}
		b.WriteByte(']')
	case *vtl.Map:
		b.WriteByte('{')
		for i, k := range x.Keys() {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, k)
			b.WriteByte(':')
			e, _ := x.Get(k)
			writeJSON(b, e, depth+1)
		}
		b.WriteByte('}')
	case map[string]any:
		writeJSON(b, sortedMap(x), depth)
	default:
		writeJSONString(b, javaString(v))
	}
}

// writeJSONString quotes s as json-smart's default string protector (EscapeLT) does:
// \" \\ \b \f \n \r \t, and \uXXXX (upper-case hex) for U+0000–U+001F, U+007F–U+009F and
// U+2000–U+20FF; everything else, '/' included, is written as is. Source: json-smart
// JStylerObj.EscapeLT (the escape ranges and hex digits "0123456789ABCDEF").
func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x7f {
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
			if !(r >= 0x80 && r <= 0x9f) && !(r >= 0x2000 && r <= 0x20ff) {
				i += size
				continue
			}
		}
		b.WriteString(s[start:i])
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			writeUEscape(b, r)
		}
		i += size
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

const upperHex = "0123456789ABCDEF"

func writeUEscape(b *strings.Builder, r rune) {
	b.WriteString(`\u`)
	b.WriteByte(upperHex[r>>12&0xF])
	b.WriteByte(upperHex[r>>8&0xF])
	b.WriteByte(upperHex[r>>4&0xF])
	b.WriteByte(upperHex[r&0xF])
}

// javaString is String.valueOf for the values that cross from templates into $util
// and the override maps: null is "null", collections print as Java's toString does.
func javaString(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return vtl.FormatDouble(x)
	case []any:
		var b strings.Builder
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(javaString(e))
		}
		b.WriteByte(']')
		return b.String()
	case fmt.Stringer: // *vtl.Map, bigInt, host objects
		return x.String()
	}
	return fmt.Sprint(v)
}

// sortedMap turns a Go map into a *vtl.Map with sorted keys: Go maps have no order, and
// sorted output keeps renders reproducible (Java's HashMap order is arbitrary anyway).
func sortedMap(m map[string]any) *vtl.Map {
	out := vtl.NewMap()
	for _, k := range sortedKeys(m) {
		out.Put(k, m[k])
	}
	return out
}
