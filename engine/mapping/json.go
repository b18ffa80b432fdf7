package mapping

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"apigwlab/engine/vtl"

	"apigwlab/engine/wire"
)

// JSON values as templates see them. API Gateway reads payloads with Jayway JsonPath on
// its default json-smart provider (the reference page links Jayway; LocalStack's
// template_mapping.py VTLJsonList/VTLJsonDict describe the observable result), so:
//   - objects are LinkedHashMaps: *vtl.Map here, keys in document order, a repeated
//     key keeps its first position and takes the last value (LinkedHashMap.put);
//   - arrays are json-smart JSONArrays: *vtl.List from vtl.NewJSONList, which print
//     as compact JSON ("[1,2]") where a template-built list prints "[1, 2]";
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

// RawJSON writes the digits unquoted inside JSON, as json-smart writes a BigInteger.
func (b bigInt) RawJSON() string { return string(b) }

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
	return parseJSONWith(s, nil)
}

// jsonScratch holds the parser's work stacks and builder; a render keeps one to reuse
// them. The builder's slabs hold the parsed document until reset (renderState does it
// when the render ends).
type jsonScratch struct {
	b    vtl.JSONBuilder
	keys []string
	vals []any
	// boxes caches short string values already converted to interfaces: payloads
	// repeat enum-like strings ("dog", "a", "ACTIVE"), and sharing one immutable box
	// saves an allocation per repeat.
	boxes [64]any
}

// maxBoxed is the longest string value box shares.
const maxBoxed = 16

func (sc *jsonScratch) box(s string) any {
	if len(s) == 0 || len(s) > maxBoxed {
		return s
	}
	h := (uint(len(s))*31 + uint(s[0])*7 + uint(s[len(s)-1])) % uint(len(sc.boxes))
	if b, ok := sc.boxes[h].(string); ok && b == s {
		return sc.boxes[h]
	}
	v := any(s)
	sc.boxes[h] = v
	return v
}

// parseJSONWith parses s using sc's stacks (nil: fresh ones). Objects and arrays are
// collected on the stacks and then copied, at their final size, into slabs of a
// vtl.JSONBuilder: one allocation per few dozen values rather than several per value.
func parseJSONWith(s string, sc *jsonScratch) (any, error) {
	if sc == nil {
		sc = &jsonScratch{}
	}
	p := jsonParser{s: s, sc: sc, b: &sc.b}
	// Counting structural bytes (a vectorized scan) bounds how many objects, arrays,
	// members and values the document can hold, so the builder's slabs are allocated
	// once at about the right size. Bytes inside strings only inflate the bounds.
	objs, arrs := strings.Count(s, "{"), strings.Count(s, "[")
	p.b.Reserve(objs, arrs, strings.Count(s, ":"), strings.Count(s, ",")+objs+arrs)
	defer func() {
		// Drop references so the pooled stacks do not keep this payload alive.
		clear(sc.vals[:cap(sc.vals)])
		clear(sc.boxes[:])
		sc.keys, sc.vals = sc.keys[:0], sc.vals[:0]
	}()
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
	s  string
	i  int
	sc *jsonScratch
	b  *vtl.JSONBuilder
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
		return p.sc.box(v), nil
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
	k0, v0 := len(p.sc.keys), len(p.sc.vals)
	done := func() *vtl.Map {
		m := p.b.Map(p.sc.keys[k0:], p.sc.vals[v0:])
		p.sc.keys, p.sc.vals = p.sc.keys[:k0], p.sc.vals[:v0]
		return m
	}
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return done(), nil
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
		p.sc.keys = append(p.sc.keys, k)
		p.sc.vals = append(p.sc.vals, v)
		p.skipSpace()
		if p.i >= len(p.s) {
			return nil, p.unexpected("expected close marker for Object")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return done(), nil
		default:
			return nil, p.unexpected("was expecting comma to separate Object entries")
		}
	}
}

func (p *jsonParser) array(depth int) (any, error) {
	p.i++ // [
	v0 := len(p.sc.vals)
	done := func() *vtl.List {
		l := p.b.List(p.sc.vals[v0:])
		p.sc.vals = p.sc.vals[:v0]
		return l
	}
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return done(), nil
	}
	for {
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.sc.vals = append(p.sc.vals, v)
		p.skipSpace()
		if p.i >= len(p.s) {
			return nil, p.unexpected("expected close marker for Array")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return done(), nil
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
	if v, ok := fastNumber(tok); ok {
		return v, nil
	}
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

// exactPow10 holds the powers of ten a float64 represents exactly.
var exactPow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// fastNumber converts the common number tokens without strconv's general machinery:
// integers of up to 18 digits, and decimals without exponent whose digits fit in 15
// (then mantissa and 10^k are exact doubles and one IEEE division is correctly
// rounded, Clinger's fast path, giving what ParseFloat gives). ok is false otherwise.
func fastNumber(tok string) (any, bool) {
	i, neg := 0, false
	if tok[0] == '-' {
		i, neg = 1, true
	}
	var mant int64
	digits, frac, dot := 0, 0, false
	for ; i < len(tok); i++ {
		c := tok[i]
		switch {
		case c >= '0' && c <= '9':
			mant = mant*10 + int64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return nil, false // exponent
		}
	}
	if !dot {
		if digits > 18 {
			return nil, false
		}
		if neg {
			mant = -mant
		}
		return int(mant), true
	}
	if digits > 15 {
		return nil, false
	}
	f := float64(mant) / exactPow10[frac]
	if neg {
		f = -f // -0.0 stays a negative zero, as Double.parseDouble("-0.0") does
	}
	return f, true
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// writeJSON serializes a value as compact JSON the way json-smart does for the objects
// Jayway returns (the form $input.json prints): see vtl.WriteJSON. Go maps from host
// code are written with sorted keys, for reproducible output.
func writeJSON(b *strings.Builder, v any) error {
	if m, ok := v.(map[string]any); ok {
		v = sortedMap(m)
	}
	return vtl.WriteJSON(b, v, vtl.DefaultMaxOutputBytes)
}

// writeJSONString quotes s as json-smart does (vtl.WriteJSONString).
func writeJSONString(b *strings.Builder, s string) { vtl.WriteJSONString(b, s) }

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
	case fmt.Stringer: // *vtl.Map, *vtl.List, bigInt, host objects
		return x.String()
	}
	return fmt.Sprint(v)
}

// sortedMap turns a Go map into a *vtl.Map with sorted keys: Go maps have no order, and
// sorted output keeps renders reproducible (Java's HashMap order is arbitrary anyway).
func sortedMap(m map[string]any) *vtl.Map {
	out := vtl.NewMap()
	for _, k := range wire.SortedKeys(m) {
		out.Put(k, m[k])
	}
	return out
}
