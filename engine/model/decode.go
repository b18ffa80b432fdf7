package model

import (
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"apigwlab/engine/names"
	"apigwlab/engine/yamltree"
)

// The decoder walks a yaml.Node tree into the workspace structs by reflection, using the
// `yaml` tags, so that every problem is collected with its position and field path instead
// of stopping at the first one as yaml.Unmarshal does. It also records where each field was
// written (for the validator's messages) and which fields failed to decode (so the validator
// does not report them a second time).

// session holds what one Parse collects: the errors, and per-field positions.
type session struct {
	main   string
	errs   Errors
	fields map[fieldKey]fieldPos
	bad    map[fieldKey]bool
	// bases overrides the field path of an object decoded from another file (OpenAPI).
	bases  map[any]string
	budget int
	// src holds each parsed file's text, to place a problem inside a scalar (a template).
	src map[string]string
	// warns are problems AWS accepts when the API is written but that fail its requests.
	warns Errors
}

// fieldKey names one field of one decoded object: owner is a pointer to the struct, field
// the YAML key, extended with ".key" for a map entry and "[i]" for a list item.
type fieldKey struct {
	owner any
	field string
}

// fieldPos is where a field's key and value were written; path, when set, is the field's
// full path (for fields imported from an OpenAPI file).
type fieldPos struct {
	key, val Pos
	path     string
}

// nodeBudget bounds the nodes one Parse visits, so that alias expansion ("billion laughs")
// cannot make decoding explode.
const nodeBudget = 2_000_000

func newSession(main string) *session {
	return &session{
		main:   main,
		fields: map[fieldKey]fieldPos{},
		bad:    map[fieldKey]bool{},
		bases:  map[any]string{},
		budget: nodeBudget,
		src:    map[string]string{},
	}
}

func (s *session) add(pos Pos, field, msg string) {
	s.errs = append(s.errs, &Error{Pos: pos, Field: field, Msg: msg})
}

// parseDocument parses one YAML (or JSON) document into its root node, reporting syntax
// errors with their line; what names the expected content in messages. It returns nil when
// there is nothing to decode.
func (s *session) parseDocument(file string, data []byte, what string) *yaml.Node {
	s.src[file] = string(data)
	var doc yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			s.add(Pos{File: file}, "", "the file is empty: want "+what)
			return nil
		}
		s.yamlError(file, err)
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p := Pos{File: file, Line: extra.Line, Col: extra.Column}
		if len(extra.Content) > 0 {
			p.Line, p.Col = extra.Content[0].Line, extra.Content[0].Column
		}
		s.add(p, "", "a second YAML document (after ---): the file must hold one document, "+what)
	} else if !errors.Is(err, io.EOF) {
		s.yamlError(file, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		s.add(Pos{File: file}, "", "the file is empty: want "+what)
		return nil
	}
	root := doc.Content[0]
	if isNull(root) {
		s.add(Pos{File: file, Line: root.Line, Col: root.Column}, "", "the file is empty: want "+what)
		return nil
	}
	// Measured before the walk: an alias bomb is refused in linear time, without expanding it.
	if at, msg := yamltree.Over(root, yamltree.Default); at != nil {
		s.add(Pos{File: file, Line: at.Line, Col: at.Column}, "", msg)
		return nil
	}
	return root
}

func (s *session) yamlError(file string, err error) {
	line, msg := yamltree.SyntaxError(err)
	s.add(Pos{File: file, Line: line}, "", "YAML syntax error: "+msg)
}

// decoder decodes the nodes of one file.
type decoder struct {
	s      *session
	file   string
	active map[*yaml.Node]bool // collections being decoded, to catch alias cycles
}

func (s *session) decoder(file string) *decoder {
	return &decoder{s: s, file: file, active: map[*yaml.Node]bool{}}
}

func (d *decoder) pos(n *yaml.Node) Pos {
	return Pos{File: d.file, Line: n.Line, Col: n.Column}
}

func (d *decoder) fail(n *yaml.Node, path, msg string) {
	d.s.add(d.pos(n), path, msg)
}

// resolve follows aliases. It returns nil (after reporting) for a cycle or an exhausted budget.
func (d *decoder) resolve(n *yaml.Node, path string) *yaml.Node {
	orig := n
	for hops := 0; n != nil && n.Kind == yaml.AliasNode; hops++ {
		if n.Alias == nil || hops > 100 {
			d.fail(n, path, "alias *"+n.Value+" cannot be resolved")
			return nil
		}
		n = n.Alias
	}
	if n == nil {
		return nil
	}
	d.s.budget--
	if d.s.budget == 0 {
		d.fail(n, path, "the document expands to too many values (aliases?): stopped decoding here")
	}
	if d.s.budget <= 0 {
		return nil
	}
	if (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && d.active[n] {
		d.fail(orig, path, "an alias refers to a value that contains it: remove the cycle")
		return nil
	}
	return n
}

func (d *decoder) enter(n *yaml.Node) { d.active[n] = true }
func (d *decoder) leave(n *yaml.Node) { delete(d.active, n) }

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe renders a node for "got …" in messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if isNull(n) {
			return "nothing (null)"
		}
		v := n.Value
		if utf8.RuneCountInString(v) > 40 {
			r := []rune(v)
			v = string(r[:40]) + "…"
		}
		if n.ShortTag() == "!!str" {
			return strconv.Quote(v)
		}
		return v
	}
	return "an unknown value"
}

// pair is one key and value of a mapping.
type pair struct{ k, v *yaml.Node }

// pairs lists a mapping's entries in file order, with YAML merge keys (<<) expanded (explicit
// keys win) and duplicate keys reported. The keys are scalars.
func (d *decoder) pairs(n *yaml.Node, path string) []pair {
	seen := map[string]*yaml.Node{}
	var out []pair
	var merged []pair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := d.resolve(n.Content[i], path)
		v := n.Content[i+1]
		if k == nil {
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.fail(k, path, "a key must be plain text, got "+describe(k))
			continue
		}
		if k.ShortTag() == "!!merge" {
			merged = append(merged, d.mergePairs(v, path)...)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.fail(k, joinPath(path, k.Value), fmt.Sprintf("duplicate key %q (first at line %d): remove one", k.Value, first.Line))
			continue
		}
		seen[k.Value] = k
		out = append(out, pair{k, v})
	}
	for _, p := range merged {
		if _, dup := seen[p.k.Value]; dup {
			continue
		}
		seen[p.k.Value] = p.k
		out = append(out, p)
	}
	return out
}

func (d *decoder) mergePairs(v *yaml.Node, path string) []pair {
	v = d.resolve(v, path)
	if v == nil {
		return nil
	}
	switch v.Kind {
	case yaml.MappingNode:
		d.enter(v)
		defer d.leave(v)
		return d.pairs(v, path)
	case yaml.SequenceNode:
		var out []pair
		d.enter(v)
		defer d.leave(v)
		for _, item := range v.Content {
			out = append(out, d.mergePairs(item, path)...)
		}
		return out
	}
	d.fail(v, path, "a merge (<<) wants a mapping or a list of mappings, got "+describe(v))
	return nil
}

func joinPath(base, field string) string {
	if base == "" {
		return field
	}
	if field == "" {
		return base
	}
	return base + "." + field
}

// structField is one YAML key of a struct type.
type structField struct {
	name  string
	index []int
}

type structInfo struct {
	fields []structField
	byName map[string]*structField
	names  []string
	pos    []int // index of the Pos field, nil if none
}

var structCache sync.Map // reflect.Type → *structInfo

func infoOf(t reflect.Type) *structInfo {
	if v, ok := structCache.Load(t); ok {
		return v.(*structInfo)
	}
	si := &structInfo{byName: map[string]*structField{}}
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			idx := append(append([]int(nil), prefix...), i)
			tag := f.Tag.Get("yaml")
			name, opts, _ := strings.Cut(tag, ",")
			if f.Type == posType && f.Name == "Pos" && len(prefix) == 0 {
				si.pos = idx
				continue
			}
			if tag == "-" || !f.IsExported() {
				continue
			}
			if strings.Contains(opts, "inline") && f.Type.Kind() == reflect.Struct {
				walk(f.Type, idx)
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name[:1]) + f.Name[1:]
			}
			si.fields = append(si.fields, structField{name: name, index: idx})
		}
	}
	walk(t, nil)
	for i := range si.fields {
		si.byName[si.fields[i].name] = &si.fields[i]
		si.names = append(si.names, si.fields[i].name)
	}
	v, _ := structCache.LoadOrStore(t, si)
	return v.(*structInfo)
}

var (
	posType         = reflect.TypeFor[Pos]()
	workspaceType   = reflect.TypeFor[Workspace]()
	durationType    = reflect.TypeFor[Duration]()
	latencyPtrType  = reflect.TypeFor[*Latency]()
	aliasPtrType    = reflect.TypeFor[*AliasTarget]()
	importPtrType   = reflect.TypeFor[*TemplateImport]()
	resourcesType   = reflect.TypeFor[[]*Resource]()
	anyType         = reflect.TypeFor[any]()
	stringSliceType = reflect.TypeFor[[]string]()
)

// typeNames are the names used for a struct in "unknown field … in NAME".
var typeNames = map[reflect.Type]string{
	reflect.TypeFor[Workspace]():           "the workspace",
	reflect.TypeFor[Account]():             "account",
	reflect.TypeFor[ThrottleSettings]():    "throttle",
	reflect.TypeFor[RestAPI]():             "restApi",
	reflect.TypeFor[Method]():              "method",
	reflect.TypeFor[MethodResponse]():      "methodResponse",
	reflect.TypeFor[Integration]():         "integration",
	reflect.TypeFor[IntegrationResponse](): "integrationResponse",
	reflect.TypeFor[Stage]():               "stage",
	reflect.TypeFor[MethodSetting]():       "methodSetting",
	reflect.TypeFor[CanarySettings]():      "canarySettings",
	reflect.TypeFor[Deployment]():          "deployment",
	reflect.TypeFor[GatewayResponse]():     "gatewayResponse",
	reflect.TypeFor[Function]():            "function",
	reflect.TypeFor[Backend]():             "backend",
	reflect.TypeFor[BackendRoute]():        "route",
	reflect.TypeFor[FunctionError]():       "error",
	reflect.TypeFor[Case]():                "case",
	reflect.TypeFor[Version]():             "version",
	reflect.TypeFor[UsagePlan]():           "usagePlan",
	reflect.TypeFor[QuotaSettings]():       "quota",
	reflect.TypeFor[APIStage]():            "apiStage",
	reflect.TypeFor[APIKey]():              "apiKey",
}

func valueOf(p any) reflect.Value { return reflect.ValueOf(p).Elem() }

// decodeStruct decodes mapping n into the struct v (addressable), setting its Pos to at.
func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string, at Pos) bool {
	si := infoOf(v.Type())
	if si.pos != nil {
		v.FieldByIndex(si.pos).Set(reflect.ValueOf(at))
	}
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "want a mapping (key: value lines), got "+describe(n))
		return false
	}
	d.enter(n)
	defer d.leave(n)
	for _, p := range d.pairs(n, path) {
		key := p.k.Value
		f := si.byName[key]
		if f == nil && v.Type() == workspaceType && strings.HasPrefix(key, "x-") {
			continue // top-level x-… keys are free, e.g. to hold YAML anchors for reuse
		}
		if f == nil {
			d.fail(p.k, joinPath(path, key), unknownField(key, typeNames[v.Type()], si.names))
			continue
		}
		ownerV := v
		if len(f.index) > 1 {
			ownerV = v.FieldByIndex(f.index[:len(f.index)-1])
		}
		owner := ownerV.Addr().Interface()
		fv := v.FieldByIndex(f.index)
		d.value(p.v, fv, joinPath(path, key), fieldKey{owner, key}, d.pos(p.k))
	}
	return true
}

func unknownField(key, in string, accepted []string) string {
	if in == "" {
		in = "this mapping"
	}
	msg := fmt.Sprintf("unknown field %q in %s", key, in)
	if s := suggest(key, accepted); s != "" {
		msg += " (did you mean " + s + "?)"
	}
	return msg + "; accepted: " + strings.Join(accepted, ", ")
}

// value decodes node n into v. slot names the field for position records; keyPos is the
// position of the key that introduced the value (used as Pos of map-entry structs).
func (d *decoder) value(n *yaml.Node, v reflect.Value, path string, slot fieldKey, keyPos Pos) {
	n = d.resolve(n, path)
	if n == nil {
		d.s.bad[slot] = true
		return
	}
	d.s.fields[slot] = fieldPos{key: keyPos, val: d.pos(n)}
	if !d.into(n, v, path, slot, keyPos) {
		d.s.bad[slot] = true
	}
}

func (d *decoder) into(n *yaml.Node, v reflect.Value, path string, slot fieldKey, keyPos Pos) bool {
	t := v.Type()
	switch t {
	case durationType:
		if isNull(n) {
			return true
		}
		dur, ok := d.duration(n, path)
		if ok {
			v.SetInt(int64(dur))
		}
		return ok
	case latencyPtrType:
		if isNull(n) {
			return true
		}
		l := &Latency{Pos: d.pos(n)}
		ok := d.latency(n, l, path)
		v.Set(reflect.ValueOf(l))
		return ok
	case aliasPtrType:
		a := &AliasTarget{Pos: keyPos}
		ok := d.aliasTarget(n, a, path)
		v.Set(reflect.ValueOf(a))
		return ok
	case importPtrType:
		// import: [template.yaml] is short for import: [{template: template.yaml}].
		if n.Kind == yaml.ScalarNode && !isNull(n) {
			v.Set(reflect.ValueOf(&TemplateImport{Template: n.Value, Pos: d.pos(n)}))
			return true
		}
	case resourcesType:
		if isNull(n) {
			return true
		}
		rs, ok := d.resources(n, path)
		v.Set(reflect.ValueOf(rs))
		return ok
	case anyType:
		val, ok := d.jsonValue(n, path)
		if ok && val != nil {
			v.Set(reflect.ValueOf(val))
		}
		return ok
	}
	switch t.Kind() {
	case reflect.Pointer:
		if isNull(n) {
			return true
		}
		if t.Elem().Kind() == reflect.Struct && n.Kind != yaml.MappingNode {
			// Leave the pointer nil: the field is marked bad, so the validator does not
			// also report it missing.
			d.fail(n, path, "want a mapping (key: value lines), got "+describe(n))
			return false
		}
		p := reflect.New(t.Elem())
		var ok bool
		if t.Elem().Kind() == reflect.Struct {
			at := d.pos(n)
			if keyPos.Line > 0 {
				at = keyPos // a field's struct is where its key is written
			}
			ok = d.decodeStruct(n, p.Elem(), path, at)
		} else {
			ok = d.into(n, p.Elem(), path, slot, keyPos)
		}
		if ok || t.Elem().Kind() == reflect.Struct {
			v.Set(p)
		}
		return ok
	case reflect.Struct:
		if isNull(n) {
			return true
		}
		return d.decodeStruct(n, v, path, d.pos(n))
	case reflect.Slice:
		return d.slice(n, v, path, slot)
	case reflect.Map:
		return d.mapping(n, v, path, slot)
	case reflect.String:
		if isNull(n) {
			return true
		}
		if n.Kind != yaml.ScalarNode {
			d.fail(n, path, "want a string, got "+describe(n))
			return false
		}
		v.SetString(n.Value)
		return true
	case reflect.Bool:
		if isNull(n) {
			return true
		}
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			d.fail(n, path, "want true or false, got "+describe(n))
			return false
		}
		var b bool
		if err := n.Decode(&b); err != nil {
			d.fail(n, path, "want true or false, got "+describe(n))
			return false
		}
		v.SetBool(b)
		return true
	case reflect.Int, reflect.Int64, reflect.Int32:
		if isNull(n) {
			return true
		}
		i, ok := d.integer(n, path)
		if ok {
			if v.OverflowInt(i) {
				d.fail(n, path, "the number "+n.Value+" is too large")
				return false
			}
			v.SetInt(i)
		}
		return ok
	case reflect.Float64, reflect.Float32:
		if isNull(n) {
			return true
		}
		f, ok := d.number(n, path)
		if ok {
			v.SetFloat(f)
		}
		return ok
	}
	d.fail(n, path, "cannot decode into "+t.String())
	return false
}

func (d *decoder) integer(n *yaml.Node, path string) (int64, bool) {
	if n.Kind == yaml.ScalarNode {
		switch n.ShortTag() {
		case "!!int":
			var i int64
			if err := n.Decode(&i); err == nil {
				return i, true
			}
			d.fail(n, path, "the number "+n.Value+" is too large")
			return 0, false
		case "!!float":
			var f float64
			if err := n.Decode(&f); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
				return int64(f), true
			}
			d.fail(n, path, "want a whole number, got "+n.Value)
			return 0, false
		}
	}
	d.fail(n, path, "want a whole number, got "+describe(n))
	return 0, false
}

func (d *decoder) number(n *yaml.Node, path string) (float64, bool) {
	if n.Kind == yaml.ScalarNode {
		switch n.ShortTag() {
		case "!!int", "!!float":
			var f float64
			if err := n.Decode(&f); err == nil {
				if math.IsNaN(f) || math.IsInf(f, 0) {
					d.fail(n, path, "want a finite number, got "+n.Value)
					return 0, false
				}
				return f, true
			}
		}
	}
	d.fail(n, path, "want a number, got "+describe(n))
	return 0, false
}

func (d *decoder) slice(n *yaml.Node, v reflect.Value, path string, slot fieldKey) bool {
	if isNull(n) {
		return true
	}
	if n.Kind != yaml.SequenceNode {
		if v.Type() == stringSliceType && n.Kind == yaml.ScalarNode {
			d.fail(n, path, fmt.Sprintf("want a list, got %s: write [%s]", describe(n), n.Value))
		} else {
			d.fail(n, path, "want a list, got "+describe(n))
		}
		return false
	}
	d.enter(n)
	defer d.leave(n)
	et := v.Type().Elem()
	out := reflect.MakeSlice(v.Type(), 0, len(n.Content))
	ok := true
	for i, item := range n.Content {
		ip := fmt.Sprintf("%s[%d]", path, i)
		r := d.resolve(item, ip)
		if r == nil {
			ok = false
			continue
		}
		if isNull(r) && (et.Kind() == reflect.Pointer || et.Kind() == reflect.Struct) {
			d.fail(r, ip, "empty list entry: fill it in or remove the dash")
			ok = false
			continue
		}
		ev := reflect.New(et).Elem()
		islot := fieldKey{slot.owner, fmt.Sprintf("%s[%d]", slot.field, i)}
		d.s.fields[islot] = fieldPos{key: d.pos(r), val: d.pos(r)}
		if !d.into(r, ev, ip, islot, Pos{}) {
			ok = false
			d.s.bad[islot] = true
			if et.Kind() == reflect.Pointer && ev.IsNil() {
				continue
			}
		}
		out = reflect.Append(out, ev)
	}
	v.Set(out)
	return ok
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string, slot fieldKey) bool {
	if isNull(n) {
		return true
	}
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "want a mapping (name: value), got "+describe(n))
		return false
	}
	d.enter(n)
	defer d.leave(n)
	t := v.Type()
	if t.Key().Kind() != reflect.String {
		d.fail(n, path, "cannot decode into "+t.String())
		return false
	}
	m := reflect.MakeMapWithSize(t, len(n.Content)/2)
	ok := true
	for _, p := range d.pairs(n, path) {
		key := p.k.Value
		kp := joinPath(path, key)
		kslot := fieldKey{slot.owner, slot.field + "." + key}
		r := d.resolve(p.v, kp)
		if r == nil {
			ok = false
			continue
		}
		d.s.fields[kslot] = fieldPos{key: d.pos(p.k), val: d.pos(r)}
		ev := reflect.New(t.Elem()).Elem()
		et := t.Elem()
		switch {
		case et.Kind() == reflect.String:
			// map[string]string accepts any scalar, rendered as written.
			if r.Kind != yaml.ScalarNode {
				d.fail(r, kp, "want a text value, got "+describe(r))
				d.s.bad[kslot] = true
				ok = false
				continue
			}
			if !isNull(r) {
				ev.SetString(r.Value)
			}
		case et.Kind() == reflect.Pointer && et.Elem().Kind() == reflect.Struct && et != aliasPtrType && et != latencyPtrType:
			// A map entry whose value is a struct: a null value is the struct with defaults.
			pv := reflect.New(et.Elem())
			nn := r
			if isNull(r) {
				nn = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: r.Line, Column: r.Column}
			}
			if !d.decodeStruct(nn, pv.Elem(), kp, d.pos(p.k)) {
				d.s.bad[kslot] = true
				ok = false
			}
			ev.Set(pv)
		default:
			if !d.into(r, ev, kp, kslot, d.pos(p.k)) {
				d.s.bad[kslot] = true
				ok = false
				if et.Kind() == reflect.Pointer && ev.IsNil() {
					continue
				}
			}
		}
		m.SetMapIndex(reflect.ValueOf(key).Convert(t.Key()), ev)
	}
	v.Set(m)
	return ok
}

// resources decodes `path: {METHOD: method}` into resources in file order.
func (d *decoder) resources(n *yaml.Node, path string) ([]*Resource, bool) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "want a mapping of resource paths to methods, e.g.\n  /pets:\n    GET: {integration: {type: MOCK}}\ngot "+describe(n))
		return nil, false
	}
	d.enter(n)
	defer d.leave(n)
	ok := true
	var out []*Resource
	for _, p := range d.pairs(n, path) {
		r := &Resource{Path: p.k.Value, Pos: d.pos(p.k)}
		out = append(out, r)
		rp := joinPath(path, r.Path)
		v := d.resolve(p.v, rp)
		if v == nil {
			ok = false
			continue
		}
		if isNull(v) {
			continue
		}
		if v.Kind != yaml.MappingNode {
			d.fail(v, rp, "want a mapping of HTTP methods (GET, POST, …, ANY) to methods, got "+describe(v))
			ok = false
			continue
		}
		d.enter(v)
		for _, mp := range d.pairs(v, rp) {
			m := &Method{HTTPMethod: mp.k.Value, Pos: d.pos(mp.k)}
			r.Methods = append(r.Methods, m)
			mpath := joinPath(rp, m.HTTPMethod)
			mv := d.resolve(mp.v, mpath)
			if mv == nil {
				ok = false
				continue
			}
			if isNull(mv) {
				continue
			}
			if !d.decodeStruct(mv, valueOf(m), mpath, m.Pos) {
				ok = false
			}
		}
		d.leave(v)
	}
	return out, ok
}

// duration decodes "20ms", "1.5s", "2m" (time.ParseDuration) or a whole number of milliseconds.
func (d *decoder) duration(n *yaml.Node, path string) (time.Duration, bool) {
	if n.Kind == yaml.ScalarNode {
		switch n.ShortTag() {
		case "!!int":
			var ms int64
			if err := n.Decode(&ms); err == nil && ms < math.MaxInt64/int64(time.Millisecond) && ms > math.MinInt64/int64(time.Millisecond) {
				return time.Duration(ms) * time.Millisecond, true
			}
		case "!!str":
			if dur, err := time.ParseDuration(strings.TrimSpace(n.Value)); err == nil {
				return dur, true
			}
		case "!!float":
			d.fail(n, path, fmt.Sprintf("want a duration such as 20ms, 1.5s or 2m, got %s: a bare number means milliseconds and must be whole; write \"%sms\" or \"%ss\"", n.Value, n.Value, n.Value))
			return 0, false
		}
	}
	d.fail(n, path, "want a duration such as 20ms, 1.5s or 2m (a bare whole number means milliseconds), got "+describe(n))
	return 0, false
}

// latency decodes a fixed duration or {p50: …, p99: …} (also {fixed: …}).
func (d *decoder) latency(n *yaml.Node, l *Latency, path string) bool {
	if n.Kind == yaml.ScalarNode && n.Value == "measured" {
		l.Measured = true
		return true
	}
	if n.Kind == yaml.ScalarNode {
		dur, ok := d.duration(n, path)
		l.Fixed = dur
		d.s.fields[fieldKey{l, "fixed"}] = fieldPos{key: d.pos(n), val: d.pos(n)}
		return ok
	}
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "want a duration (latency: 20ms), a distribution (latency: {p50: 20ms, p99: 200ms}) or measured (code functions), got "+describe(n))
		return false
	}
	d.enter(n)
	defer d.leave(n)
	ok := true
	for _, p := range d.pairs(n, path) {
		kp := joinPath(path, p.k.Value)
		var dst *time.Duration
		switch p.k.Value {
		case "p50":
			dst = &l.P50
		case "p99":
			dst = &l.P99
		case "fixed":
			dst = &l.Fixed
		default:
			d.fail(p.k, kp, unknownField(p.k.Value, "latency", []string{"p50", "p99", "fixed"}))
			ok = false
			continue
		}
		slot := fieldKey{l, p.k.Value}
		v := d.resolve(p.v, kp)
		if v == nil {
			ok = false
			continue
		}
		d.s.fields[slot] = fieldPos{key: d.pos(p.k), val: d.pos(v)}
		dur, dok := d.duration(v, kp)
		if !dok {
			d.s.bad[slot] = true
			ok = false
			continue
		}
		*dst = dur
	}
	return ok
}

// aliasTarget decodes a version ("3" or 3) or weighted versions ({"3": 0.9, "4": 0.1}).
func (d *decoder) aliasTarget(n *yaml.Node, a *AliasTarget, path string) bool {
	switch n.Kind {
	case yaml.ScalarNode:
		if isNull(n) {
			d.fail(n, path, "want a version (live: 3) or weighted versions (live: {\"3\": 0.9, \"4\": 0.1}), got nothing")
			return false
		}
		a.Version = n.Value
		d.s.fields[fieldKey{a, "version"}] = fieldPos{key: d.pos(n), val: d.pos(n)}
		return true
	case yaml.MappingNode:
		d.enter(n)
		defer d.leave(n)
		a.Weights = map[string]float64{}
		ok := true
		for _, p := range d.pairs(n, path) {
			kp := joinPath(path, p.k.Value)
			v := d.resolve(p.v, kp)
			if v == nil {
				ok = false
				continue
			}
			slot := fieldKey{a, "weights." + p.k.Value}
			d.s.fields[slot] = fieldPos{key: d.pos(p.k), val: d.pos(v)}
			w, wok := d.number(v, kp)
			if !wok {
				d.s.bad[slot] = true
				d.s.bad[fieldKey{a, "weights"}] = true
				ok = false
				continue
			}
			a.Weights[p.k.Value] = w
		}
		return ok
	}
	d.fail(n, path, "want a version (live: 3) or weighted versions (live: {\"3\": 0.9, \"4\": 0.1}), got "+describe(n))
	return false
}

// jsonValue converts a node to a JSON-compatible Go value: map[string]any, []any, string,
// float64, bool or nil. YAML integers become float64; quoted and plain strings stay strings.
func (d *decoder) jsonValue(n *yaml.Node, path string) (any, bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, true
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err == nil {
				return b, true
			}
		case "!!int", "!!float":
			var f float64
			if err := n.Decode(&f); err == nil {
				if math.IsNaN(f) || math.IsInf(f, 0) {
					d.fail(n, path, n.Value+" is not a JSON number: quote it to make it a string")
					return nil, false
				}
				return f, true
			}
			d.fail(n, path, "the number "+n.Value+" cannot be represented: quote it to make it a string")
			return nil, false
		}
		return n.Value, true
	case yaml.SequenceNode:
		d.enter(n)
		defer d.leave(n)
		out := make([]any, 0, len(n.Content))
		ok := true
		for i, item := range n.Content {
			ip := fmt.Sprintf("%s[%d]", path, i)
			r := d.resolve(item, ip)
			if r == nil {
				ok = false
				continue
			}
			v, vok := d.jsonValue(r, ip)
			ok = ok && vok
			out = append(out, v)
		}
		return out, ok
	case yaml.MappingNode:
		d.enter(n)
		defer d.leave(n)
		out := make(map[string]any, len(n.Content)/2)
		ok := true
		for _, p := range d.pairs(n, path) {
			kp := joinPath(path, p.k.Value)
			r := d.resolve(p.v, kp)
			if r == nil {
				ok = false
				continue
			}
			v, vok := d.jsonValue(r, kp)
			ok = ok && vok
			out[p.k.Value] = v
		}
		return out, ok
	}
	d.fail(n, path, "want a JSON-like value, got "+describe(n))
	return nil, false
}

// suggest is names.Suggest: a close match for a misspelt name.
func suggest(s string, cands []string) string { return names.Suggest(s, cands) }
