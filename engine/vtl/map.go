package vtl

// Map is an insertion-ordered map with Java LinkedHashMap semantics: iteration,
// keySet() and rendering follow insertion order, and re-putting a key keeps its place.
// Keys are strings; a template's non-string keys ({1: "a"}) are stored by their Java
// string form. The zero value is not usable; call NewMap.
type Map struct {
	keys []string
	vals []any
	idx  map[string]int
}

// NewMap returns an empty Map.
func NewMap() *Map { return &Map{} }

func newMapCap(n int) *Map {
	m := &Map{keys: make([]string, 0, n), vals: make([]any, 0, n)}
	if n > indexThreshold {
		m.idx = make(map[string]int, n)
	}
	return m
}

// Len returns the number of entries.
func (m *Map) Len() int { return len(m.keys) }

// Keys returns the keys in insertion order (a copy).
func (m *Map) Keys() []string { return append([]string(nil), m.keys...) }

// Get returns the value stored under key; lists built by templates come back as []any.
func (m *Map) Get(key string) (any, bool) {
	v, ok := m.get(key)
	return exportValue(v, 0), ok
}

// Put stores value under key, keeping the key's original position if it already exists.
func (m *Map) Put(key string, value any) { m.put(key, value) }

// Delete removes key and reports whether it was present.
func (m *Map) Delete(key string) bool {
	_, ok := m.remove(key)
	return ok
}

// String renders the map as Java's AbstractMap.toString does: {a=1, b=2}.
func (m *Map) String() string {
	s, err := toJavaString(m, 0, nil)
	if err != nil {
		return "{...}"
	}
	return s
}

// indexThreshold is the size from which a Map keeps a hash index: small maps (most JSON
// objects in a request body) find keys by a linear scan, which saves allocating a Go map
// per object — the bulk of $input.path's cost on a 2 KB body.
const indexThreshold = 8

func (m *Map) find(key string) (int, bool) {
	if m.idx != nil {
		i, ok := m.idx[key]
		return i, ok
	}
	for i, k := range m.keys {
		if k == key {
			return i, true
		}
	}
	return 0, false
}

func (m *Map) get(key string) (any, bool) {
	i, ok := m.find(key)
	if !ok {
		return nil, false
	}
	return m.vals[i], true
}

func (m *Map) put(key string, v any) any {
	if i, ok := m.find(key); ok {
		old := m.vals[i]
		m.vals[i] = v
		return old
	}
	m.keys = append(m.keys, key)
	m.vals = append(m.vals, v)
	if m.idx != nil {
		m.idx[key] = len(m.keys) - 1
	} else if len(m.keys) > indexThreshold {
		m.idx = make(map[string]int, len(m.keys)*2)
		for i, k := range m.keys {
			m.idx[k] = i
		}
	}
	return nil
}

func (m *Map) remove(key string) (any, bool) {
	i, ok := m.find(key)
	if !ok {
		return nil, false
	}
	old := m.vals[i]
	m.keys = append(m.keys[:i], m.keys[i+1:]...)
	m.vals = append(m.vals[:i], m.vals[i+1:]...)
	if m.idx != nil {
		delete(m.idx, key)
		for j := i; j < len(m.keys); j++ {
			m.idx[m.keys[j]] = j
		}
	}
	return old, true
}

func (m *Map) clear() {
	m.keys, m.vals, m.idx = nil, nil, nil
}

// List is a java.util.List. It is a pointer type so that $list.add(x) is visible
// through every reference to the same list, as in Java. Lists built by templates
// (literals, split(), keySet()...) are ArrayLists: they print as "[1, 2]" and reach
// host code as []any (exportValue). Lists a host creates with NewJSONList are
// json-smart JSONArrays: they print as compact JSON and reach host code unchanged.
type List struct {
	items []any
	json  bool // a json-smart JSONArray: toString is JSON
}

// mapEntry is a java.util.Map.Entry from entrySet(): $e.key / $e.getKey(), $e.value.
type mapEntry struct {
	m   *Map // owning map for setValue; nil for entries of a Go map
	key string
	val any
}

// exportValue converts template-internal values into the documented host types
// ([]any for template-built lists) before they cross into host code.
func exportValue(v any, depth int) any {
	if depth > maxParseNesting {
		return nil
	}
	switch x := v.(type) {
	case *List:
		if x.json {
			return x // the host made it; it knows the type
		}
		out := make([]any, len(x.items))
		for i, e := range x.items {
			if e == v {
				continue // self-reference cannot be represented as []any
			}
			out[i] = exportValue(e, depth+1)
		}
		return out
	}
	return v
}
