package vtl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Values inside the evaluator are: nil (Java null), bool, string, int (Integer/Long),
// float64 (Double), *list (ArrayList), *Map (LinkedHashMap), mapEntry, *defineBlock,
// *foreachScope and host values (Object or anything else, shown via fmt).

// normalize converts a host value into the evaluator's representation. Go collections
// are copied into *list / *Map so that template mutation ($l.add, $m.put) never writes
// into memory the host still owns; map[string]any has no order, so its keys are sorted
// to keep output deterministic (Java's HashMap order is arbitrary anyway).
func normalize(v any) any {
	switch v.(type) { // the common case first: a value already in evaluator form
	case string, *Map, int, float64, bool, nil, *List:
		return v
	}
	switch x := v.(type) {
	case mapEntry, *defineBlock, *foreachScope:
		return v
	case int8:
		return int(x)
	case int16:
		return int(x)
	case int32:
		return int(x)
	case int64:
		return int(x)
	case uint:
		return int(x)
	case uint8:
		return int(x)
	case uint16:
		return int(x)
	case uint32:
		return int(x)
	case uint64:
		return int(x)
	case float32:
		return float64(x)
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return int(i)
		}
		if f, err := x.Float64(); err == nil {
			return f
		}
		return x.String()
	case []any:
		return &List{items: x[:len(x):len(x)]}
	case []string:
		items := make([]any, len(x))
		for i, s := range x {
			items[i] = s
		}
		return &List{items: items}
	case map[string]any:
		m := newMapCap(len(x))
		for _, k := range slices.Sorted(maps.Keys(x)) {
			m.put(k, x[k])
		}
		return m
	case map[string]string:
		m := newMapCap(len(x))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			m.put(k, x[k])
		}
		return m
	}
	return v
}

// javaClass names a value's Java class, for error messages that match Velocity's.
func javaClass(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "java.lang.String"
	case int:
		return "java.lang.Integer"
	case float64:
		return "java.lang.Double"
	case bool:
		return "java.lang.Boolean"
	case *List:
		return "java.util.ArrayList"
	case *Map:
		return "java.util.LinkedHashMap"
	case mapEntry:
		return "java.util.Map$Entry"
	case *foreachScope:
		return "org.apache.velocity.runtime.directive.ForeachScope"
	case *defineBlock:
		return "org.apache.velocity.runtime.directive.Block$Reference"
	}
	return fmt.Sprintf("%T", v)
}

// FormatDouble is Java's Double.toString: plain notation with at least one fractional
// digit for 1e-3 <= |d| < 1e7 (1.0, 0.001, 1234567.0), computerized scientific notation
// otherwise (1.0E7, 1.0E-4, 1.2345E10). Digits are the shortest that round-trip, which
// is what Java 19+ prints (older JDKs occasionally print one more digit).
func FormatDouble(f float64) string {
	var buf [32]byte
	return string(appendDouble(buf[:0], f))
}

// appendDouble appends FormatDouble(f) to b.
func appendDouble(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, "NaN"...)
	case math.IsInf(f, 1):
		return append(b, "Infinity"...)
	case math.IsInf(f, -1):
		return append(b, "-Infinity"...)
	case f == 0:
		if math.Signbit(f) {
			return append(b, "-0.0"...)
		}
		return append(b, "0.0"...)
	}
	start := len(b)
	abs := math.Abs(f)
	if abs >= 1e-3 && abs < 1e7 {
		if out, ok := appendShortDecimal(b, f); ok {
			return out
		}
		b = strconv.AppendFloat(b, f, 'f', -1, 64)
		if bytes.IndexByte(b[start:], '.') < 0 {
			b = append(b, ".0"...)
		}
		return b
	}
	// Java: mantissa with at least one fractional digit, exponent without '+' or
	// leading zeros ("1.0E7", "1.2345E-10").
	b = strconv.AppendFloat(b, f, 'E', -1, 64)
	e := bytes.IndexByte(b[start:], 'E') + start
	exp, _ := strconv.Atoi(string(b[e+1:]))
	mantHasDot := bytes.IndexByte(b[start:e], '.') >= 0
	b = b[:e]
	if !mantHasDot {
		b = append(b, ".0"...)
	}
	b = append(b, 'E')
	return strconv.AppendInt(b, int64(exp), 10)
}

var pow10s = [...]float64{1, 10, 100, 1000}

// appendShortDecimal is a fast path of the shortest round-trip formatting for the
// common doubles with at most three decimals (12.5, 249.99): when m / 10^k == f for
// the smallest such k, the decimal m·10^-k parses back to f (both are the correctly
// rounded value of the same exact quotient) and no string with fewer digits does (it
// would have matched a smaller k), so it is exactly what Double.toString and
// strconv's shortest formatting print. Callers ensure 1e-3 <= |f| < 1e7.
func appendShortDecimal(b []byte, f float64) ([]byte, bool) {
	for k, p := range pow10s {
		m := math.Round(f * p)
		if m/p != f {
			continue
		}
		n := int64(m)
		if n < 0 {
			b = append(b, '-')
			n = -n
		}
		var digits [24]byte
		d := strconv.AppendInt(digits[:0], n, 10)
		if k == 0 {
			return append(append(b, d...), ".0"...), true
		}
		if len(d) <= k { // 0.xyz: pad with leading zeros
			b = append(b, "0."...)
			for i := len(d); i < k; i++ {
				b = append(b, '0')
			}
			return append(b, d...), true
		}
		b = append(b, d[:len(d)-k]...)
		b = append(b, '.')
		return append(b, d[len(d)-k:]...), true
	}
	return b, false
}

// toJavaString renders a value as Java's String.valueOf would: null as "null",
// collections as AbstractCollection/AbstractMap.toString. s may be nil when no render
// is in progress (a #define block then renders as empty).
func toJavaString(v any, depth int, s *state) (string, error) {
	switch x := v.(type) {
	case nil:
		return "null", nil
	case string:
		return x, nil
	case bool:
		if x {
			return "true", nil
		}
		return "false", nil
	case int:
		return strconv.Itoa(x), nil
	case float64:
		return FormatDouble(x), nil
	}
	if depth > maxParseNesting {
		return "", &javaException{"java.lang.StackOverflowError", "value nested too deeply to print"}
	}
	var b strings.Builder
	limit := DefaultMaxOutputBytes
	if s != nil {
		limit = s.opts.MaxOutputBytes
	}
	write := func(str string) error {
		if b.Len()+len(str) > limit {
			return errValueTooLarge
		}
		b.WriteString(str)
		return nil
	}
	elem := func(e any, self string) error {
		if e == v {
			return write(self)
		}
		str, err := toJavaString(e, depth+1, s)
		if err != nil {
			return err
		}
		return write(str)
	}
	switch x := v.(type) {
	case *List:
		if x.json {
			if err := WriteJSON(&b, x, limit); err != nil {
				return "", err
			}
			return b.String(), nil
		}
		if err := write("["); err != nil {
			return "", err
		}
		for i, e := range x.items {
			if i > 0 {
				if err := write(", "); err != nil {
					return "", err
				}
			}
			if err := elem(e, "(this Collection)"); err != nil {
				return "", err
			}
		}
		if err := write("]"); err != nil {
			return "", err
		}
		return b.String(), nil
	case *Map:
		if err := write("{"); err != nil {
			return "", err
		}
		for i, k := range x.keys {
			if i > 0 {
				if err := write(", "); err != nil {
					return "", err
				}
			}
			if err := write(k + "="); err != nil {
				return "", err
			}
			if err := elem(x.vals[i], "(this Map)"); err != nil {
				return "", err
			}
		}
		if err := write("}"); err != nil {
			return "", err
		}
		return b.String(), nil
	case mapEntry:
		val, err := toJavaString(x.val, depth+1, s)
		if err != nil {
			return "", err
		}
		return x.key + "=" + val, nil
	case *defineBlock:
		if s == nil {
			return "", nil
		}
		return s.blockString(x)
	case *foreachScope:
		return fmt.Sprintf("ForeachScope(index=%d, hasNext=%t)", x.index, x.hasNext), nil
	case fmt.Stringer:
		return x.String(), nil
	case []any, map[string]any, map[string]string, []string:
		return toJavaString(normalize(v), depth+1, s)
	}
	if n := normalize(v); reflect.TypeOf(n) != reflect.TypeOf(v) {
		return toJavaString(n, depth+1, s)
	}
	return fmt.Sprint(v), nil
}

// numeric reports whether v is a Java Number, and its value as int or float64.
func numeric(v any) (i int, f float64, isFloat, ok bool) {
	switch x := v.(type) {
	case int:
		return x, float64(x), false, true
	case float64:
		return 0, x, true, true
	}
	return 0, 0, false, false
}

// compareNumbers is MathUtils.compare: integers compare exactly, anything involving a
// Double compares as double.
func compareNumbers(a, b any) int {
	ai, af, aF, _ := numeric(a)
	bi, bf, bF, _ := numeric(b)
	if !aF && !bF {
		switch {
		case ai < bi:
			return -1
		case ai > bi:
			return 1
		}
		return 0
	}
	switch {
	case af < bf:
		return -1
	case af > bf:
		return 1
	}
	return 0
}

// sameClass approximates ASTEQNode's "one class is assignable from the other" test.
func sameClass(a, b any) bool {
	switch a.(type) {
	case string:
		_, ok := b.(string)
		return ok
	case bool:
		_, ok := b.(bool)
		return ok
	case *List:
		_, ok := b.(*List)
		return ok
	case *Map:
		_, ok := b.(*Map)
		return ok
	case mapEntry:
		_, ok := b.(mapEntry)
		return ok
	}
	return reflect.TypeOf(a) == reflect.TypeOf(b)
}

// javaEquals is Object.equals for our value types.
func javaEquals(a, b any, depth int) bool {
	if depth > maxParseNesting {
		return false
	}
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case int:
		y, ok := b.(int)
		return ok && x == y
	case float64:
		y, ok := b.(float64)
		// Double.equals compares doubleToLongBits: NaN equals NaN, 0.0 differs from -0.0.
		return ok && (math.Float64bits(x) == math.Float64bits(y) || math.IsNaN(x) && math.IsNaN(y))
	case *List:
		y, ok := b.(*List)
		if !ok || len(x.items) != len(y.items) {
			return false
		}
		if x == y {
			return true
		}
		for i := range x.items {
			if !javaEquals(x.items[i], y.items[i], depth+1) {
				return false
			}
		}
		return true
	case *Map:
		y, ok := b.(*Map)
		if !ok || x.Len() != y.Len() {
			return false
		}
		if x == y {
			return true
		}
		for i, k := range x.keys {
			yv, ok := y.get(k)
			if !ok || !javaEquals(x.vals[i], yv, depth+1) {
				return false
			}
		}
		return true
	case mapEntry:
		y, ok := b.(mapEntry)
		return ok && x.key == y.key && javaEquals(x.val, y.val, depth+1)
	}
	if b == nil {
		return false
	}
	ta := reflect.TypeOf(a)
	if ta != reflect.TypeOf(b) || !ta.Comparable() {
		return false
	}
	return a == b
}

// Java String helpers. Java strings are UTF-16, so length(), indexOf() and substring()
// count UTF-16 code units; ASCII strings (the common case) take a byte fast path.

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func toUTF16(s string) []uint16 { return utf16.Encode([]rune(s)) }

func utf16Decode(u []uint16) string { return string(utf16.Decode(u)) }

func jlen(s string) int {
	if isASCII(s) {
		return len(s)
	}
	return len(toUTF16(s))
}

// jsub returns s[b:e] in UTF-16 units; the caller has checked bounds.
func jsub(s string, b, e int) string {
	if isASCII(s) {
		return s[b:e]
	}
	return utf16Decode(toUTF16(s)[b:e])
}

func jIndexOf(s, sub string, from int) int {
	n := jlen(s)
	if from >= n {
		if sub == "" {
			return n
		}
		return -1
	}
	if from < 0 {
		from = 0
	}
	if isASCII(s) && isASCII(sub) {
		k := strings.Index(s[from:], sub)
		if k < 0 {
			return -1
		}
		return k + from
	}
	su, tu := toUTF16(s), toUTF16(sub)
	for i := from; i+len(tu) <= len(su); i++ {
		if u16Equal(su[i:i+len(tu)], tu) {
			return i
		}
	}
	return -1
}

func jLastIndexOf(s, sub string, from int) int {
	su, tu := toUTF16(s), toUTF16(sub)
	right := len(su) - len(tu)
	if from > right {
		from = right
	}
	if from < 0 {
		return -1
	}
	for i := from; i >= 0; i-- {
		if u16Equal(su[i:i+len(tu)], tu) {
			return i
		}
	}
	return -1
}

func u16Equal(a, b []uint16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// jHash is String.hashCode: s[0]*31^(n-1) + ... + s[n-1] in int32 arithmetic.
func jHash(s string) int {
	var h int32
	for _, c := range toUTF16(s) {
		h = 31*h + int32(c)
	}
	return int(h)
}

// jTrim is String.trim: it strips every char <= U+0020, not Unicode white space.
func jTrim(s string) string {
	i, j := 0, len(s)
	for i < j && s[i] <= ' ' {
		i++
	}
	for j > i && s[j-1] <= ' ' {
		j--
	}
	return s[i:j]
}

func jCompare(a, b string) int {
	au, bu := toUTF16(a), toUTF16(b)
	n := min(len(au), len(bu))
	for i := 0; i < n; i++ {
		if au[i] != bu[i] {
			return int(au[i]) - int(bu[i])
		}
	}
	return len(au) - len(bu)
}

// javaException is an exception a built-in Java method would throw.
type javaException struct {
	class, msg string
}

func (e *javaException) Error() string {
	if e.msg == "" {
		return e.class
	}
	return e.class + ": " + e.msg
}

var errValueTooLarge = &javaException{"java.lang.OutOfMemoryError", "value larger than MaxOutputBytes"}
