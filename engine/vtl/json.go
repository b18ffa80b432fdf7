package vtl

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// JSON values. API Gateway reads payloads with Jayway JsonPath on json-smart, whose
// arrays are JSONArrays: java.util.Lists whose toString() is compact JSON ("[1,2]",
// "[{"a":1}]", "["dog","cat"]"), unlike an ArrayList's "[1, 2]". Objects are plain
// LinkedHashMaps, so a map prints "{a=1}" while a list inside it prints JSON
// ("{a=1, b=[{"c":5}]}"). Source: LocalStack template_mapping.py VTLJsonList and
// VTLJsonDict, written against real AWS responses.

// NewJSONList returns a json-smart JSONArray holding items (not copied): it behaves as
// any List in templates and prints as compact JSON. Hosts use it for arrays parsed
// from a payload.
func NewJSONList(items []any) *List { return &List{items: items, json: true} }

// Items returns the list's elements. The slice is the list's own storage: read it,
// do not modify it.
func (l *List) Items() []any { return l.items }

// Len returns the number of elements.
func (l *List) Len() int { return len(l.items) }

// IsJSON reports whether the list is a JSONArray (prints as JSON).
func (l *List) IsJSON() bool { return l.json }

// String renders the list as Java's toString does: JSON for a JSONArray, "[1, 2]"
// otherwise.
func (l *List) String() string {
	s, err := toJavaString(l, 0, nil)
	if err != nil {
		return "[...]"
	}
	return s
}

// RawJSON is implemented by host values whose JSON form is their own text, such as
// integers too large for int64 (json-smart prints a BigInteger's digits unquoted).
type RawJSON interface {
	RawJSON() string
}

// maxJSONWriteDepth bounds nesting when printing JSON; deeper values (only a
// self-containing list can get there) print as null rather than recursing further.
const maxJSONWriteDepth = 1000

// WriteJSON appends v to b as compact JSON the way json-smart's JSONValue writes the
// objects Jayway returns: no spaces; maps and lists as objects and arrays; numbers in
// Java's Integer / Double.toString forms (non-finite doubles as null); strings quoted
// by WriteJSONString. It fails with an error once b would grow past limit bytes.
func WriteJSON(b *strings.Builder, v any, limit int) error {
	w := jsonWriter{b: b, limit: limit}
	w.value(v, 0)
	if w.over {
		return errValueTooLarge
	}
	return nil
}

type jsonWriter struct {
	b     *strings.Builder
	limit int
	over  bool
}

func (w *jsonWriter) str(s string) {
	if w.b.Len()+len(s) > w.limit {
		w.over = true
		return
	}
	w.b.WriteString(s)
}

func (w *jsonWriter) value(v any, depth int) {
	if w.over {
		return
	}
	if depth > maxJSONWriteDepth {
		w.str("null")
		return
	}
	switch x := v.(type) {
	case nil:
		w.str("null")
	case bool:
		w.str(strconv.FormatBool(x))
	case int:
		var buf [24]byte
		w.str(string(strconv.AppendInt(buf[:0], int64(x), 10)))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			w.str("null")
			return
		}
		w.str(FormatDouble(x))
	case string:
		if w.b.Len()+len(x)+2 > w.limit {
			w.over = true
			return
		}
		WriteJSONString(w.b, x)
	case *List:
		w.str("[")
		for i, e := range x.items {
			if i > 0 {
				w.str(",")
			}
			w.value(e, depth+1)
		}
		w.str("]")
	case *Map:
		w.str("{")
		for i, k := range x.keys {
			if i > 0 {
				w.str(",")
			}
			if w.b.Len()+len(k)+3 > w.limit {
				w.over = true
				return
			}
			WriteJSONString(w.b, k)
			w.b.WriteByte(':')
			w.value(x.vals[i], depth+1)
		}
		w.str("}")
	case RawJSON:
		w.str(x.RawJSON())
	case []any, []string, map[string]any, map[string]string, int8, int16, int32, int64,
		uint, uint8, uint16, uint32, uint64, float32:
		w.value(normalize(v), depth)
	default:
		s, err := toJavaString(v, depth, nil)
		if err != nil {
			w.over = true
			return
		}
		w.value(s, depth)
	}
}

// WriteJSONString quotes s as json-smart's default string protector (EscapeLT) does:
// \" \\ \b \f \n \r \t, and \uXXXX (upper-case hex) for U+0000–U+001F, U+007F–U+009F
// and U+2000–U+20FF; everything else, '/' included, is written as is. Source:
// json-smart JStylerObj.EscapeLT (the escape ranges and hex digits "0123456789ABCDEF").
func WriteJSONString(b *strings.Builder, s string) {
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
			const upperHex = "0123456789ABCDEF"
			b.WriteString(`\u`)
			b.WriteByte(upperHex[r>>12&0xF])
			b.WriteByte(upperHex[r>>8&0xF])
			b.WriteByte(upperHex[r>>4&0xF])
			b.WriteByte(upperHex[r&0xF])
		}
		i += size
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

// JSONBuilder builds the Maps and JSON Lists of one parsed document. It carves them,
// and their key and value slices, out of a few shared slabs instead of allocating each
// object separately: a 2 KB payload holds dozens of small objects, and allocating them
// one by one was most of a render's cost. Carved slices are capped at their length, so
// a template that grows one (put, add) reallocates it rather than writing into its
// neighbour.
//
// Reset recycles the slabs for the next document. Only call it once nothing built from
// the previous one can be reached any more (a mapping render's values never outlive
// the render: its results are strings). The zero value is ready to use; a builder must
// not be shared between goroutines.
type JSONBuilder struct {
	maps  slab[Map]
	lists slab[List]
	keys  slab[string]
	vals  slab[any]
}

// slab is a chunk of T handed out in consecutive pieces.
type slab[T any] struct {
	buf  []T
	used int
}

// take returns n fresh elements, first replacing the chunk with a larger one (twice
// the size, at least 16, at least n) when it is too short.
func (s *slab[T]) take(n int) []T {
	if s.used+n > len(s.buf) {
		s.buf = make([]T, max(n, 16, min(2*len(s.buf), 1<<16)))
		s.used = 0
	}
	out := s.buf[s.used : s.used+n : s.used+n]
	s.used += n
	return out
}

// reserve makes sure n more elements fit in the current chunk.
func (s *slab[T]) reserve(n int) {
	const most = 4096 // a huge payload allocates in steps rather than all at once
	if n = min(n, most); n > 0 && s.used+n > len(s.buf) {
		s.buf, s.used = make([]T, n), 0
	}
}

// reset zeroes what was handed out (dropping references to the old document) and
// rewinds; a chunk grown past keep elements is dropped rather than kept for reuse.
func (s *slab[T]) reset(keep int) {
	if len(s.buf) > keep {
		s.buf, s.used = nil, 0
		return
	}
	clear(s.buf[:s.used])
	s.used = 0
}

// Reserve sizes the builder's slabs for a document about to be parsed: at most maps
// objects, lists arrays, keys object members and vals values (object values plus array
// elements). Upper bounds are fine: counts are capped, and slabs grow on demand past
// them.
func (b *JSONBuilder) Reserve(maps, lists, keys, vals int) {
	b.maps.reserve(maps)
	b.lists.reserve(lists)
	b.keys.reserve(keys)
	b.vals.reserve(vals)
}

// Reset makes the slabs available for the next document (see JSONBuilder).
func (b *JSONBuilder) Reset() {
	const keep = 4096 // elements per kind worth keeping (at most about 0.5 MB in all)
	b.maps.reset(keep)
	b.lists.reset(keep)
	b.keys.reset(keep)
	b.vals.reset(keep)
}

// Map returns a map with keys[i] = vals[i] in order; a repeated key keeps its first
// position and takes the last value, as LinkedHashMap.put does. keys and vals are
// copied.
func (b *JSONBuilder) Map(keys []string, vals []any) *Map {
	n := len(keys)
	if n > indexThreshold || hasDuplicate(keys) {
		m := newMapCap(n)
		for i, k := range keys {
			m.put(k, vals[i])
		}
		return m
	}
	m := &b.maps.take(1)[0]
	if n > 0 {
		m.keys = b.keys.take(n)
		copy(m.keys, keys)
		m.vals = b.vals.take(n)
		copy(m.vals, vals)
	}
	return m
}

// List returns a JSON list (see NewJSONList) holding a copy of items.
func (b *JSONBuilder) List(items []any) *List {
	l := &b.lists.take(1)[0]
	l.json = true
	if len(items) > 0 {
		l.items = b.vals.take(len(items))
		copy(l.items, items)
	} else {
		l.items = []any{}
	}
	return l
}

func hasDuplicate(keys []string) bool {
	for i := 1; i < len(keys); i++ {
		for j := 0; j < i; j++ {
			if keys[i] == keys[j] {
				return true
			}
		}
	}
	return false
}
