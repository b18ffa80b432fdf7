package vtl

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Built-in Java methods on template values, with java.lang / java.util semantics.
// found=false means "no such method for these argument types": Velocity then yields
// null and the reference prints literally. Errors are the exceptions Java would throw.
//
// Overload resolution follows the runtime argument types: an int argument selects
// List.remove(int) over remove(Object), as javac would; a String parameter accepts only
// a String (Velocity's introspector does not convert numbers to strings); a null
// String argument throws NullPointerException, as invoking the Java method would.

func (s *state) builtin(v any, name string, args []any, pos int) (any, bool, error) {
	if r, ok, err := s.typeMethod(v, name, args); ok || err != nil {
		return r, ok, err
	}
	return s.objectMethod(v, name, args, pos)
}

func (s *state) typeMethod(v any, name string, args []any) (any, bool, error) {
	switch x := v.(type) {
	case string:
		return s.stringMethod(x, name, args)
	case *List:
		return s.listMethod(x, name, args)
	case *Map:
		return s.mapMethod(x, name, args)
	case int:
		return intMethod(x, name, args)
	case float64:
		return floatMethod(x, name, args)
	case bool:
		switch {
		case name == "booleanValue" && len(args) == 0:
			return x, true, nil
		}
	case mapEntry:
		switch {
		case name == "getKey" && len(args) == 0:
			return x.key, true, nil
		case name == "getValue" && len(args) == 0:
			return normalize(x.val), true, nil
		case name == "setValue" && len(args) == 1:
			old := x.val
			if x.m != nil {
				x.m.put(x.key, args[0])
			}
			return old, true, nil
		}
	case *foreachScope:
		switch name {
		case "getIndex", "index":
			return x.index, len(args) == 0, nil
		case "getCount", "count":
			return x.index + 1, len(args) == 0, nil
		case "hasNext", "getHasNext":
			return x.hasNext, len(args) == 0, nil
		case "isFirst", "getFirst", "first":
			return x.index == 0, len(args) == 0, nil
		case "isLast", "getLast", "last":
			return !x.hasNext, len(args) == 0, nil
		case "getParent", "parent":
			return x.replaced, len(args) == 0, nil
		case "getTopmost", "topmost":
			top := x
			for {
				p, ok := top.replaced.(*foreachScope)
				if !ok {
					break
				}
				top = p
			}
			return top, len(args) == 0, nil
		case "stop":
			if len(args) == 0 {
				return nil, true, &breakSignal{scope: x}
			}
		}
	}
	return nil, false, nil
}

// objectMethod implements the java.lang.Object methods every value has.
func (s *state) objectMethod(v any, name string, args []any, pos int) (any, bool, error) {
	switch {
	case name == "toString" && len(args) == 0:
		str, err := s.str(v, pos)
		return str, err == nil, err
	case name == "equals" && len(args) == 1:
		return javaEquals(v, args[0], 0), true, nil
	case name == "hashCode" && len(args) == 0:
		switch x := v.(type) {
		case string:
			return jHash(x), true, nil
		case int:
			if x >= math.MinInt32 && x <= math.MaxInt32 {
				return x, true, nil
			}
			return int(int32(x ^ int(uint(x)>>32))), true, nil
		case bool:
			if x {
				return 1231, true, nil
			}
			return 1237, true, nil
		}
	}
	return nil, false, nil
}

func argInt(a any) (int, bool) {
	i, ok := a.(int)
	return i, ok
}

// argStr matches a String/CharSequence parameter: ok when a is a string or null
// (null makes the method throw NullPointerException, reported via isNil).
func argStr(a any) (str string, ok, isNil bool) {
	if a == nil {
		return "", true, true
	}
	str, ok = a.(string)
	return str, ok, false
}

var errNPE = &javaException{"java.lang.NullPointerException", ""}

func strIndexErr(format string, args ...any) error {
	return &javaException{"java.lang.StringIndexOutOfBoundsException", fmt.Sprintf(format, args...)}
}

func (s *state) stringMethod(str, name string, args []any) (any, bool, error) {
	n := len(args)
	// String-argument helper: resolves the overload or reports "no such method".
	sarg := func(i int) (string, bool, error) {
		v, ok, isNil := argStr(args[i])
		if !ok {
			return "", false, nil
		}
		if isNil {
			return "", true, errNPE
		}
		return v, true, nil
	}
	switch name {
	case "length":
		if n == 0 {
			return jlen(str), true, nil
		}
	case "isEmpty":
		if n == 0 {
			return str == "", true, nil
		}
	case "toString", "intern", "toCharSequence":
		if n == 0 {
			return str, true, nil
		}
	case "toLowerCase":
		if n == 0 {
			return strings.ToLower(str), true, nil
		}
	case "toUpperCase":
		if n == 0 {
			return strings.ToUpper(str), true, nil
		}
	case "trim":
		if n == 0 {
			return jTrim(str), true, nil
		}
	case "hashCode":
		if n == 0 {
			return jHash(str), true, nil
		}
	case "charAt":
		if n == 1 {
			i, ok := argInt(args[0])
			if !ok {
				return nil, false, nil
			}
			l := jlen(str)
			if i < 0 || i >= l {
				return nil, true, strIndexErr("String index out of range: %d", i)
			}
			return jsub(str, i, i+1), true, nil
		}
	case "substring":
		if n == 1 || n == 2 {
			b, ok := argInt(args[0])
			if !ok {
				return nil, false, nil
			}
			l := jlen(str)
			e := l
			if n == 2 {
				if e, ok = argInt(args[1]); !ok {
					return nil, false, nil
				}
			}
			if b < 0 || e > l || b > e {
				return nil, true, strIndexErr("begin %d, end %d, length %d", b, e, l)
			}
			return jsub(str, b, e), true, nil
		}
	case "indexOf", "lastIndexOf":
		if n == 1 || n == 2 {
			var needle string
			switch a := args[0].(type) {
			case string:
				needle = a
			case int:
				if a < 0 || a > utf8.MaxRune {
					return -1, true, nil
				}
				needle = string(rune(a))
			case nil:
				return nil, true, errNPE
			default:
				return nil, false, nil
			}
			from := 0
			if name == "lastIndexOf" {
				from = jlen(str)
			}
			if n == 2 {
				f, ok := argInt(args[1])
				if !ok {
					return nil, false, nil
				}
				from = f
			}
			if name == "indexOf" {
				return jIndexOf(str, needle, from), true, nil
			}
			return jLastIndexOf(str, needle, from), true, nil
		}
	case "contains", "startsWith", "endsWith", "equalsIgnoreCase", "concat", "compareTo", "compareToIgnoreCase", "matches", "split":
		if n == 0 || n > 2 {
			break
		}
		if name == "equalsIgnoreCase" && args[0] == nil {
			return false, true, nil
		}
		a, ok, err := sarg(0)
		if !ok || err != nil {
			return nil, ok, err
		}
		if n == 2 {
			switch name {
			case "startsWith":
				off, ok := argInt(args[1])
				if !ok {
					return nil, false, nil
				}
				l := jlen(str)
				if off < 0 || off > l-jlen(a) {
					return false, true, nil
				}
				return strings.HasPrefix(jsub(str, off, l), a), true, nil
			case "split":
				limit, ok := argInt(args[1])
				if !ok {
					return nil, false, nil
				}
				parts, err := javaSplit(str, a, limit)
				return stringsToList(parts), true, err
			}
			return nil, false, nil
		}
		switch name {
		case "contains":
			return strings.Contains(str, a), true, nil
		case "startsWith":
			return strings.HasPrefix(str, a), true, nil
		case "endsWith":
			return strings.HasSuffix(str, a), true, nil
		case "equalsIgnoreCase":
			return jlen(str) == jlen(a) && strings.EqualFold(str, a), true, nil
		case "concat":
			if len(str)+len(a) > s.opts.MaxOutputBytes {
				return nil, true, errValueTooLarge
			}
			return str + a, true, nil
		case "compareTo":
			return jCompare(str, a), true, nil
		case "compareToIgnoreCase":
			return jCompare(strings.ToLower(strings.ToUpper(str)), strings.ToLower(strings.ToUpper(a))), true, nil
		case "matches":
			m, err := javaMatches(str, a)
			return m, true, err
		case "split":
			parts, err := javaSplit(str, a, 0)
			return stringsToList(parts), true, err
		}
	case "replace", "replaceAll", "replaceFirst":
		if n != 2 {
			break
		}
		a, ok, err := sarg(0)
		if !ok || err != nil {
			return nil, ok, err
		}
		b, ok, err := sarg(1)
		if !ok || err != nil {
			return nil, ok, err
		}
		switch name {
		case "replace":
			count := strings.Count(str, a)
			if count > 0 && len(str)+count*(len(b)-len(a)) > s.opts.MaxOutputBytes {
				return nil, true, errValueTooLarge
			}
			return strings.ReplaceAll(str, a, b), true, nil
		case "replaceAll":
			r, err := javaReplace(str, a, b, true, s.opts.MaxOutputBytes)
			return r, true, err
		default:
			r, err := javaReplace(str, a, b, false, s.opts.MaxOutputBytes)
			return r, true, err
		}
	case "equals":
		if n == 1 {
			return javaEquals(str, args[0], 0), true, nil
		}
	case "getBytes", "toCharArray":
		// Not modelled: byte[] and char[] have no useful rendering in a mapping template.
	}
	return nil, false, nil
}

func stringsToList(parts []string) *List {
	items := make([]any, len(parts))
	for i, p := range parts {
		items[i] = p
	}
	return &List{items: items}
}

func indexErr(i, n int) error {
	return &javaException{"java.lang.IndexOutOfBoundsException", fmt.Sprintf("Index %d out of bounds for length %d", i, n)}
}

func (s *state) listMethod(l *List, name string, args []any) (any, bool, error) {
	n := len(args)
	switch name {
	case "size":
		if n == 0 {
			return len(l.items), true, nil
		}
	case "count":
		// Not a java.util.List method: API Gateway offers it on the arrays $input.path
		// returns (mapping template reference: "$input.path('$.pets').count()"), so
		// only JSON lists have it; on an ArrayList the reference prints literally.
		if n == 0 && l.json {
			return len(l.items), true, nil
		}
	case "isEmpty":
		if n == 0 {
			return len(l.items) == 0, true, nil
		}
	case "get":
		if n == 1 {
			i, ok := argInt(args[0])
			if !ok {
				return nil, false, nil
			}
			if i < 0 || i >= len(l.items) {
				return nil, true, indexErr(i, len(l.items))
			}
			return normalize(l.items[i]), true, nil
		}
	case "contains":
		if n == 1 {
			return indexOf(l.items, args[0]) >= 0, true, nil
		}
	case "indexOf":
		if n == 1 {
			return indexOf(l.items, args[0]), true, nil
		}
	case "lastIndexOf":
		if n == 1 {
			for i := len(l.items) - 1; i >= 0; i-- {
				if javaEquals(args[0], l.items[i], 0) {
					return i, true, nil
				}
			}
			return -1, true, nil
		}
	case "add":
		if err := s.grow(len(l.items) + 1); err != nil {
			return nil, true, err
		}
		switch n {
		case 1:
			l.items = append(l.items, args[0])
			return true, true, nil
		case 2:
			i, ok := argInt(args[0])
			if !ok {
				return nil, false, nil
			}
			if i < 0 || i > len(l.items) {
				return nil, true, indexErr(i, len(l.items))
			}
			l.items = append(l.items, nil)
			copy(l.items[i+1:], l.items[i:])
			l.items[i] = args[1]
			return "", true, nil // void
		}
	case "addAll":
		if n == 1 {
			other, ok := args[0].(*List)
			if !ok {
				return nil, false, nil
			}
			add := append([]any(nil), other.items...)
			if err := s.grow(len(l.items) + len(add)); err != nil {
				return nil, true, err
			}
			l.items = append(l.items, add...)
			return len(add) > 0, true, nil
		}
	case "set":
		if n == 2 {
			i, ok := argInt(args[0])
			if !ok {
				return nil, false, nil
			}
			if i < 0 || i >= len(l.items) {
				return nil, true, indexErr(i, len(l.items))
			}
			old := l.items[i]
			l.items[i] = args[1]
			return old, true, nil
		}
	case "remove":
		if n == 1 {
			if i, ok := args[0].(int); ok {
				if i < 0 || i >= len(l.items) {
					return nil, true, indexErr(i, len(l.items))
				}
				old := l.items[i]
				l.items = append(l.items[:i:i], l.items[i+1:]...)
				return old, true, nil
			}
			if i := indexOf(l.items, args[0]); i >= 0 {
				l.items = append(l.items[:i:i], l.items[i+1:]...)
				return true, true, nil
			}
			return false, true, nil
		}
	case "clear":
		if n == 0 {
			l.items = nil
			return "", true, nil
		}
	case "subList":
		if n == 2 {
			a, ok1 := argInt(args[0])
			b, ok2 := argInt(args[1])
			if !ok1 || !ok2 {
				return nil, false, nil
			}
			if a < 0 || b > len(l.items) || a > b {
				return nil, true, &javaException{"java.lang.IndexOutOfBoundsException", fmt.Sprintf("fromIndex: %d, toIndex: %d, size: %d", a, b, len(l.items))}
			}
			return &List{items: append([]any(nil), l.items[a:b]...)}, true, nil
		}
	case "toArray":
		if n == 0 {
			return &List{items: append([]any(nil), l.items...)}, true, nil
		}
	}
	return nil, false, nil
}

// grow charges collection growth against the step budget, so a loop that keeps adding
// cannot exhaust memory before MaxSteps stops it.
func (s *state) grow(n int) error {
	if n > s.opts.MaxSteps {
		return errValueTooLarge
	}
	s.steps++
	return nil
}

func indexOf(items []any, v any) int {
	for i, e := range items {
		if javaEquals(v, e, 0) {
			return i
		}
	}
	return -1
}

func (s *state) mapMethod(m *Map, name string, args []any) (any, bool, error) {
	n := len(args)
	key := func(k any) (string, bool) {
		if k == nil {
			return "", false
		}
		str, err := s.str(k, 0)
		return str, err == nil
	}
	switch name {
	case "size":
		if n == 0 {
			return m.Len(), true, nil
		}
	case "isEmpty":
		if n == 0 {
			return m.Len() == 0, true, nil
		}
	case "get", "containsKey", "remove":
		if n != 1 {
			break
		}
		k, ok := key(args[0])
		switch name {
		case "get":
			if !ok {
				return nil, true, nil
			}
			v, _ := m.get(k)
			return normalize(v), true, nil
		case "containsKey":
			if !ok {
				return false, true, nil
			}
			_, has := m.get(k)
			return has, true, nil
		default:
			if !ok {
				return nil, true, nil
			}
			v, _ := m.remove(k)
			return normalize(v), true, nil
		}
	case "getOrDefault":
		if n == 2 {
			if k, ok := key(args[0]); ok {
				if v, has := m.get(k); has {
					return normalize(v), true, nil
				}
			}
			return args[1], true, nil
		}
	case "containsValue":
		if n == 1 {
			return indexOf(m.vals, args[0]) >= 0, true, nil
		}
	case "put", "putIfAbsent":
		if n == 2 {
			k, ok := key(args[0])
			if !ok {
				k = "null"
			}
			if name == "putIfAbsent" {
				if v, has := m.get(k); has && v != nil {
					return normalize(v), true, nil
				}
			}
			if err := s.grow(m.Len() + 1); err != nil {
				return nil, true, err
			}
			return normalize(m.put(k, args[1])), true, nil
		}
	case "putAll":
		if n == 1 {
			other, ok := args[0].(*Map)
			if !ok {
				return nil, false, nil
			}
			if err := s.grow(m.Len() + other.Len()); err != nil {
				return nil, true, err
			}
			keys, vals := append([]string(nil), other.keys...), append([]any(nil), other.vals...)
			for i, k := range keys {
				m.put(k, vals[i])
			}
			return "", true, nil
		}
	case "clear":
		if n == 0 {
			m.clear()
			return "", true, nil
		}
	case "keySet":
		if n == 0 {
			return stringsToList(m.keys), true, s.grow(m.Len())
		}
	case "values":
		if n == 0 {
			return &List{items: append([]any(nil), m.vals...)}, true, s.grow(m.Len())
		}
	case "entrySet":
		if n == 0 {
			items := make([]any, len(m.keys))
			for i, k := range m.keys {
				items[i] = mapEntry{m: m, key: k, val: m.vals[i]}
			}
			return &List{items: items}, true, s.grow(m.Len())
		}
	}
	return nil, false, nil
}

func intMethod(x int, name string, args []any) (any, bool, error) {
	if len(args) == 0 {
		switch name {
		case "intValue", "shortValue", "byteValue":
			switch name {
			case "shortValue":
				return int(int16(x)), true, nil
			case "byteValue":
				return int(int8(x)), true, nil
			}
			if x >= math.MinInt32 && x <= math.MaxInt32 {
				return x, true, nil
			}
			return int(int32(x)), true, nil
		case "longValue":
			return x, true, nil
		case "doubleValue", "floatValue":
			return float64(x), true, nil
		case "toString":
			return strconv.Itoa(x), true, nil
		}
	}
	if len(args) == 1 && name == "compareTo" {
		y, ok := args[0].(int)
		if !ok {
			return nil, false, nil
		}
		return compareNumbers(x, y), true, nil
	}
	return nil, false, nil
}

func floatMethod(x float64, name string, args []any) (any, bool, error) {
	if len(args) == 0 {
		switch name {
		case "intValue":
			return javaD2I(x, math.MinInt32, math.MaxInt32), true, nil
		case "longValue":
			return javaD2I(x, math.MinInt64, math.MaxInt64), true, nil
		case "doubleValue", "floatValue":
			return x, true, nil
		case "toString":
			return FormatDouble(x), true, nil
		case "isNaN":
			return math.IsNaN(x), true, nil
		case "isInfinite":
			return math.IsInf(x, 0), true, nil
		}
	}
	if len(args) == 1 && name == "compareTo" {
		y, ok := args[0].(float64)
		if !ok {
			return nil, false, nil
		}
		return compareNumbers(x, y), true, nil
	}
	return nil, false, nil
}

// javaD2I is Java's narrowing of a double: NaN becomes 0, out-of-range values saturate.
func javaD2I(x float64, lo, hi int) int {
	switch {
	case math.IsNaN(x):
		return 0
	case x <= float64(lo):
		return lo
	case x >= float64(hi):
		return hi
	}
	return int(x)
}

func fmod(a, b float64) float64 { return math.Mod(a, b) }
