package mapping

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"apigwlab/engine/vtl"
)

// JSONPath as API Gateway evaluates it. The reference page sends readers to Goessner's
// article and to Jayway JsonPath ("JSONPath for Java"), the library behind $input.json
// and $input.path, so Jayway's dialect and result rules are the ones followed here:
//
//   - A path that does not start with "$" or "@" gets "$." prepended (Jayway
//     PathCompiler), so $input.path('stackTrace') means $.stackTrace.
//   - Supported: $, .name, ['name'], ["name"], ['a','b'], [n], [-n], [n,m], [from:to],
//     [*], .*, ..name, ..*, ..[n], filters [?(...)] with ==, !=, <, <=, >, >=, =~
//     (full match, /re/ or /re/i), in, nin, existence tests, !, && and ||, and a final
//     .length() on an array, object or string.
//   - A definite path (only single names and indexes, no "..", wildcard, slice, list or
//     filter) yields one value, or "not found" when any step is missing. Any other path
//     is indefinite and yields a list of every match, possibly empty, skipping items
//     that lack the property (Jayway's default options).
//   - ['a','b'] as the last step builds an object of the keys that exist (Jayway's
//     property merge); elsewhere it behaves like a wildcard over those keys.
//   - ".." visits a node before its children, objects in key order (Jayway's scan).
//
// Not supported (a clear error instead): other Jayway functions (min, max, avg, sum,
// keys, ...), filter operators other than the ones above (subsetof, anyof, noneof,
// size, empty), and script expressions [(...)].

// jsonPath is a compiled path.
type jsonPath struct {
	src      string
	segs     []pathSeg
	definite bool
	fn       string // trailing function, "" or "length"
}

type segKind uint8

const (
	segNames    segKind = iota // .a, ['a'], ['a','b']
	segIndexes                 // [0], [0,2], [-1]
	segSlice                   // [from:to]
	segWildcard                // .* or [*]
	segFilter                  // [?(...)]
)

type pathSeg struct {
	kind       segKind
	descendant bool // preceded by ".."
	names      []string
	indexes    []int
	from, to   int
	hasFrom    bool
	hasTo      bool
	filter     filterExpr
}

func (s *pathSeg) single() bool {
	switch s.kind {
	case segNames:
		return len(s.names) == 1 && !s.descendant
	case segIndexes:
		return len(s.indexes) == 1 && !s.descendant
	}
	return false
}

// maxPathLen and maxPathNesting keep compilation of hostile paths cheap and shallow.
const (
	maxPathLen     = 4096
	maxPathNesting = 32
	// maxPathSteps bounds the nodes one evaluation may visit: "$..*..*..*" over a large
	// payload would otherwise grow without limit.
	maxPathSteps = 1_000_000
)

var errPathTooExpensive = errors.New("JSONPath evaluation visits more than 1000000 nodes")

// pathError is Jayway's InvalidPathException.
type pathError struct {
	path string
	pos  int
	msg  string
}

func (e *pathError) Error() string {
	return fmt.Sprintf("invalid JSONPath %q at offset %d: %s", e.path, e.pos, e.msg)
}

// compilePath parses a JSONPath expression.
func compilePath(src string) (*jsonPath, error) {
	if len(src) > maxPathLen {
		return nil, &pathError{src, 0, "path longer than 4096 characters"}
	}
	full := strings.TrimSpace(src)
	if full == "" {
		return nil, &pathError{src, 0, "path must not be empty"}
	}
	if full[0] != '$' && full[0] != '@' {
		full = "$." + full
	}
	p := &pathParser{src: full, orig: src}
	p.i = 1 // past $ or @
	segs, fn, err := p.segments(0, false)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.src) {
		return nil, p.errf("unexpected %q", p.src[p.i:])
	}
	jp := &jsonPath{src: src, segs: segs, fn: fn, definite: true}
	for i := range segs {
		s := &segs[i]
		if s.single() {
			continue
		}
		if i == len(segs)-1 && s.kind == segNames && !s.descendant {
			continue // property merge: definite
		}
		jp.definite = false
	}
	return jp, nil
}

type pathParser struct {
	src  string
	orig string
	i    int
}

func (p *pathParser) errf(format string, args ...any) error {
	return &pathError{path: p.orig, pos: p.i, msg: fmt.Sprintf(format, args...)}
}

func (p *pathParser) peek() byte {
	if p.i < len(p.src) {
		return p.src[p.i]
	}
	return 0
}

func (p *pathParser) skipSpace() {
	for p.i < len(p.src) && (p.src[p.i] == ' ' || p.src[p.i] == '\t') {
		p.i++
	}
}

// segments parses steps after the root. In a filter (inFilter) a name also ends at the
// characters that can follow an operand.
func (p *pathParser) segments(depth int, inFilter bool) ([]pathSeg, string, error) {
	if depth > maxPathNesting {
		return nil, "", p.errf("path nested too deeply")
	}
	var segs []pathSeg
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '.':
			desc := false
			p.i++
			if p.peek() == '.' {
				desc = true
				p.i++
			}
			switch p.peek() {
			case '*':
				p.i++
				segs = append(segs, pathSeg{kind: segWildcard, descendant: desc})
				continue
			case '[':
				if !desc {
					return nil, "", p.errf("unexpected '[' after '.'")
				}
				seg, err := p.bracket(depth)
				if err != nil {
					return nil, "", err
				}
				seg.descendant = true
				segs = append(segs, seg)
				continue
			}
			name := p.name(inFilter)
			if name == "" {
				return nil, "", p.errf("property name expected")
			}
			if p.peek() == '(' {
				// A function call: only length() / size() at the end are supported.
				if !strings.HasPrefix(p.src[p.i:], "()") || desc {
					return nil, "", p.errf("function %s(...) is not supported", name)
				}
				p.i += 2
				if name != "length" && name != "size" {
					return nil, "", p.errf("function %s() is not supported (only length())", name)
				}
				if p.i < len(p.src) && !(inFilter && isFilterStop(p.src[p.i])) {
					return nil, "", p.errf("a function must end the path")
				}
				return segs, "length", nil
			}
			segs = append(segs, pathSeg{kind: segNames, descendant: desc, names: []string{name}})
		case c == '[':
			seg, err := p.bracket(depth)
			if err != nil {
				return nil, "", err
			}
			segs = append(segs, seg)
		default:
			if inFilter {
				return segs, "", nil
			}
			return nil, "", p.errf("unexpected character %q", c)
		}
	}
	return segs, "", nil
}

func isFilterStop(c byte) bool {
	switch c {
	case ' ', '\t', ')', '=', '!', '<', '>', '&', '|', ',', ']':
		return true
	}
	return false
}

func (p *pathParser) name(inFilter bool) string {
	start := p.i
	for p.i < len(p.src) {
		c := p.src[p.i]
		if c == '.' || c == '[' || c == '(' || (inFilter && isFilterStop(c)) {
			break
		}
		p.i++
	}
	return p.src[start:p.i]
}

func (p *pathParser) bracket(depth int) (pathSeg, error) {
	p.i++ // [
	p.skipSpace()
	var seg pathSeg
	switch c := p.peek(); {
	case c == '*':
		p.i++
		seg.kind = segWildcard
	case c == '\'' || c == '"':
		seg.kind = segNames
		for {
			s, err := p.quoted()
			if err != nil {
				return seg, err
			}
			seg.names = append(seg.names, s)
			p.skipSpace()
			if p.peek() != ',' {
				break
			}
			p.i++
			p.skipSpace()
		}
	case c == '?':
		p.i++
		if p.peek() != '(' {
			return seg, p.errf("expected '(' after '?'")
		}
		p.i++
		f, err := p.filterOr(depth + 1)
		if err != nil {
			return seg, err
		}
		p.skipSpace()
		if p.peek() != ')' {
			return seg, p.errf("expected ')' to close the filter")
		}
		p.i++
		seg.kind, seg.filter = segFilter, f
	case c == '-' || c == ':' || (c >= '0' && c <= '9'):
		if err := p.indexes(&seg); err != nil {
			return seg, err
		}
	case c == '(':
		return seg, p.errf("script expressions [(...)] are not supported")
	case c == 0 && p.i >= len(p.src):
		return seg, p.errf("unexpected end of path inside brackets")
	default:
		return seg, p.errf("unexpected character %q in brackets", c)
	}
	p.skipSpace()
	if p.peek() != ']' {
		return seg, p.errf("expected ']'")
	}
	p.i++
	return seg, nil
}

func (p *pathParser) indexes(seg *pathSeg) error {
	first, hasFirst, err := p.optInt()
	if err != nil {
		return err
	}
	p.skipSpace()
	if p.peek() == ':' {
		p.i++
		p.skipSpace()
		to, hasTo, err := p.optInt()
		if err != nil {
			return err
		}
		seg.kind, seg.from, seg.hasFrom, seg.to, seg.hasTo = segSlice, first, hasFirst, to, hasTo
		return nil
	}
	if !hasFirst {
		return p.errf("index expected")
	}
	seg.kind, seg.indexes = segIndexes, []int{first}
	for p.peek() == ',' {
		p.i++
		p.skipSpace()
		n, ok, err := p.optInt()
		if err != nil {
			return err
		}
		if !ok {
			return p.errf("index expected after ','")
		}
		seg.indexes = append(seg.indexes, n)
		p.skipSpace()
	}
	return nil
}

func (p *pathParser) optInt() (int, bool, error) {
	start := p.i
	if p.peek() == '-' {
		p.i++
	}
	for p.i < len(p.src) && p.src[p.i] >= '0' && p.src[p.i] <= '9' {
		p.i++
	}
	if p.i == start {
		return 0, false, nil
	}
	n, err := strconv.Atoi(p.src[start:p.i])
	if err != nil {
		return 0, false, p.errf("bad index %q", p.src[start:p.i])
	}
	return n, true, nil
}

// quoted reads a '...' or "..." literal; a backslash escapes the next character.
func (p *pathParser) quoted() (string, error) {
	q := p.src[p.i]
	p.i++
	var b strings.Builder
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '\\' && p.i+1 < len(p.src):
			b.WriteByte(p.src[p.i+1])
			p.i += 2
		case c == q:
			p.i++
			return b.String(), nil
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return "", p.errf("unterminated string")
}

// Filters.

type filterExpr interface{}

type (
	filterOr  struct{ l, r filterExpr }
	filterAnd struct{ l, r filterExpr }
	filterNot struct{ x filterExpr }
	// filterCmp with op "" is an existence test of l.
	filterCmp struct {
		op   string
		l, r operand
		re   *regexp.Regexp
	}
)

// operand is a literal or a path evaluated against the current item (@) or root ($).
type operand struct {
	path    *jsonPath
	rootRel bool // $-relative
	lit     any
	isList  bool
	list    []any
}

func (p *pathParser) filterOr(depth int) (filterExpr, error) {
	l, err := p.filterAnd(depth)
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !strings.HasPrefix(p.src[p.i:], "||") {
			return l, nil
		}
		p.i += 2
		r, err := p.filterAnd(depth)
		if err != nil {
			return nil, err
		}
		l = filterOr{l, r}
	}
}

func (p *pathParser) filterAnd(depth int) (filterExpr, error) {
	l, err := p.filterUnary(depth)
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !strings.HasPrefix(p.src[p.i:], "&&") {
			return l, nil
		}
		p.i += 2
		r, err := p.filterUnary(depth)
		if err != nil {
			return nil, err
		}
		l = filterAnd{l, r}
	}
}

func (p *pathParser) filterUnary(depth int) (filterExpr, error) {
	if depth > maxPathNesting {
		return nil, p.errf("filter nested too deeply")
	}
	p.skipSpace()
	switch p.peek() {
	case '!':
		if !strings.HasPrefix(p.src[p.i:], "!=") {
			p.i++
			x, err := p.filterUnary(depth + 1)
			if err != nil {
				return nil, err
			}
			return filterNot{x}, nil
		}
	case '(':
		p.i++
		x, err := p.filterOr(depth + 1)
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.peek() != ')' {
			return nil, p.errf("expected ')'")
		}
		p.i++
		return x, nil
	}
	return p.comparison(depth)
}

var filterOps = []string{"==", "!=", "<=", ">=", "=~", "<", ">", "nin", "in"}

func (p *pathParser) comparison(depth int) (filterExpr, error) {
	l, err := p.operand(depth)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	op := ""
	for _, o := range filterOps {
		if strings.HasPrefix(p.src[p.i:], o) {
			if (o == "in" || o == "nin") && p.i+len(o) < len(p.src) && isWordByte(p.src[p.i+len(o)]) {
				continue
			}
			op = o
			break
		}
	}
	if op == "" {
		if l.path == nil {
			return nil, p.errf("a literal alone is not a filter")
		}
		return filterCmp{l: l}, nil
	}
	p.i += len(op)
	p.skipSpace()
	cmp := filterCmp{op: op, l: l}
	if op == "=~" {
		re, err := p.regex()
		if err != nil {
			return nil, err
		}
		cmp.re = re
		return cmp, nil
	}
	if cmp.r, err = p.operand(depth); err != nil {
		return nil, err
	}
	if (op == "in" || op == "nin") && !cmp.r.isList && cmp.r.path == nil {
		return nil, p.errf("%s needs a list on its right", op)
	}
	return cmp, nil
}

// regex reads /pattern/flags; Jayway matches the whole string (Matcher.matches), so the
// pattern is anchored. Go's RE2 syntax stands in for java.util.regex.
func (p *pathParser) regex() (*regexp.Regexp, error) {
	if p.peek() != '/' {
		return nil, p.errf("expected /regex/ after =~")
	}
	p.i++
	var b strings.Builder
	for {
		if p.i >= len(p.src) {
			return nil, p.errf("unterminated regex")
		}
		c := p.src[p.i]
		if c == '\\' && p.i+1 < len(p.src) && p.src[p.i+1] == '/' {
			b.WriteByte('/')
			p.i += 2
			continue
		}
		if c == '/' {
			p.i++
			break
		}
		b.WriteByte(c)
		p.i++
	}
	flags := ""
	for p.i < len(p.src) && (p.src[p.i] == 'i' || p.src[p.i] == 'm' || p.src[p.i] == 's') {
		if !strings.ContainsRune(flags, rune(p.src[p.i])) {
			flags += string(p.src[p.i])
		}
		p.i++
	}
	expr := "^(?:" + b.String() + ")$"
	if flags != "" {
		expr = "(?" + flags + ")" + expr
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, p.errf("bad regex: %v", err)
	}
	return re, nil
}

func (p *pathParser) operand(depth int) (operand, error) {
	p.skipSpace()
	switch c := p.peek(); {
	case c == '@' || c == '$':
		p.i++
		segs, fn, err := p.segments(depth+1, true)
		if err != nil {
			return operand{}, err
		}
		jp := &jsonPath{segs: segs, fn: fn, definite: true}
		for i := range segs {
			if !segs[i].single() {
				jp.definite = false
			}
		}
		return operand{path: jp, rootRel: c == '$'}, nil
	case c == '[':
		p.i++
		var items []any
		for {
			p.skipSpace()
			if p.peek() == ']' {
				p.i++
				return operand{isList: true, list: items}, nil
			}
			v, err := p.literal()
			if err != nil {
				return operand{}, err
			}
			items = append(items, v)
			p.skipSpace()
			if p.peek() == ',' {
				p.i++
			}
		}
	}
	v, err := p.literal()
	return operand{lit: v}, err
}

func (p *pathParser) literal() (any, error) {
	switch c := p.peek(); {
	case c == '\'' || c == '"':
		return p.quoted()
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.i
		p.i++
		for p.i < len(p.src) && strings.IndexByte("0123456789.eE+-", p.src[p.i]) >= 0 {
			p.i++
		}
		tok := p.src[start:p.i]
		if n, err := strconv.Atoi(tok); err == nil {
			return n, nil
		}
		f, err := strconv.ParseFloat(tok, 64)
		if err != nil {
			return nil, p.errf("bad number %q", tok)
		}
		return f, nil
	}
	for _, kw := range []struct {
		w string
		v any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if strings.HasPrefix(p.src[p.i:], kw.w) {
			p.i += len(kw.w)
			return kw.v, nil
		}
	}
	return nil, p.errf("value expected")
}

// Evaluation.

type pathEval struct {
	root  any
	steps int
}

func (e *pathEval) tick() error {
	e.steps++
	if e.steps > maxPathSteps {
		return errPathTooExpensive
	}
	return nil
}

// evalPath applies jp to root. found is false when a definite path has no match.
func evalPath(jp *jsonPath, root any) (v any, found bool, err error) {
	e := &pathEval{root: root}
	return e.eval(jp, root)
}

func (e *pathEval) eval(jp *jsonPath, start any) (any, bool, error) {
	if jp.definite {
		cur := start
		for i := range jp.segs {
			s := &jp.segs[i]
			if err := e.tick(); err != nil {
				return nil, false, err
			}
			if s.kind == segNames && len(s.names) > 1 {
				m, ok := cur.(*vtl.Map)
				if !ok {
					return nil, false, nil
				}
				out := vtl.NewMap()
				for _, n := range s.names {
					if v, ok := m.Get(n); ok {
						out.Put(n, v)
					}
				}
				cur = out
				continue
			}
			next, ok := step(cur, s)
			if !ok {
				return nil, false, nil
			}
			cur = next
		}
		return applyFn(jp.fn, cur)
	}
	nodes := []any{start}
	for i := range jp.segs {
		var next []any
		for _, n := range nodes {
			var err error
			if next, err = e.apply(&jp.segs[i], n, next); err != nil {
				return nil, false, err
			}
		}
		nodes = next
	}
	if nodes == nil {
		nodes = []any{}
	}
	// Jayway collects the matches of an indefinite path in a JSONArray.
	res := vtl.NewJSONList(nodes)
	if jp.fn != "" {
		return applyFn(jp.fn, res)
	}
	return res, true, nil
}

// listItems returns the elements of a JSON array (or of a filter's literal list).
func listItems(v any) ([]any, bool) {
	switch x := v.(type) {
	case *vtl.List:
		return x.Items(), true
	case []any:
		return x, true
	}
	return nil, false
}

func applyFn(fn string, v any) (any, bool, error) {
	switch fn {
	case "":
		return v, true, nil
	case "length":
		switch x := v.(type) {
		case *vtl.List:
			return x.Len(), true, nil
		case *vtl.Map:
			return x.Len(), true, nil
		case string:
			return len([]rune(x)), true, nil
		}
		return nil, false, nil
	}
	return nil, false, nil
}

// step applies a single-name or single-index segment.
func step(cur any, s *pathSeg) (any, bool) {
	switch s.kind {
	case segNames:
		m, ok := cur.(*vtl.Map)
		if !ok {
			return nil, false
		}
		return m.Get(s.names[0])
	case segIndexes:
		l, ok := listItems(cur)
		if !ok {
			return nil, false
		}
		i := s.indexes[0]
		if i < 0 {
			i += len(l)
		}
		if i < 0 || i >= len(l) {
			return nil, false
		}
		return l[i], true
	}
	return nil, false
}

// apply appends the matches of one segment on node n to out.
func (e *pathEval) apply(s *pathSeg, n any, out []any) ([]any, error) {
	if s.descendant {
		return e.scan(s, n, out, 0)
	}
	return e.select1(s, n, out)
}

// scan visits n and then its descendants, applying the selector at every node.
func (e *pathEval) scan(s *pathSeg, n any, out []any, depth int) ([]any, error) {
	if depth > maxJSONDepth {
		return out, nil
	}
	if err := e.tick(); err != nil {
		return nil, err
	}
	var err error
	if out, err = e.select1(s, n, out); err != nil {
		return nil, err
	}
	switch x := n.(type) {
	case *vtl.Map:
		for _, k := range x.Keys() {
			v, _ := x.Get(k)
			if out, err = e.scan(s, v, out, depth+1); err != nil {
				return nil, err
			}
		}
	case *vtl.List:
		for _, v := range x.Items() {
			if out, err = e.scan(s, v, out, depth+1); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (e *pathEval) select1(s *pathSeg, n any, out []any) ([]any, error) {
	if err := e.tick(); err != nil {
		return nil, err
	}
	switch s.kind {
	case segNames:
		if m, ok := n.(*vtl.Map); ok {
			for _, name := range s.names {
				if v, ok := m.Get(name); ok {
					out = append(out, v)
				}
			}
		}
	case segIndexes:
		if l, ok := listItems(n); ok {
			for _, i := range s.indexes {
				if i < 0 {
					i += len(l)
				}
				if i >= 0 && i < len(l) {
					out = append(out, l[i])
				}
			}
		}
	case segSlice:
		if l, ok := listItems(n); ok {
			from, to := 0, len(l)
			if s.hasFrom {
				from = s.from
				if from < 0 {
					from = max(len(l)+from, 0)
				}
			}
			if s.hasTo {
				to = s.to
				if to < 0 {
					to = len(l) + to
				}
			}
			to = min(to, len(l))
			for i := from; i < to; i++ {
				out = append(out, l[i])
			}
		}
	case segWildcard:
		switch x := n.(type) {
		case *vtl.Map:
			for _, k := range x.Keys() {
				v, _ := x.Get(k)
				out = append(out, v)
			}
		case *vtl.List:
			out = append(out, x.Items()...)
		}
	case segFilter:
		switch x := n.(type) {
		case *vtl.List:
			for _, item := range x.Items() {
				ok, err := e.test(s.filter, item)
				if err != nil {
					return nil, err
				}
				if ok {
					out = append(out, item)
				}
			}
		case *vtl.Map:
			// Jayway applies a filter on an object to the object itself.
			ok, err := e.test(s.filter, x)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, x)
			}
		}
	}
	return out, nil
}

func (e *pathEval) test(f filterExpr, item any) (bool, error) {
	if err := e.tick(); err != nil {
		return false, err
	}
	switch x := f.(type) {
	case filterOr:
		l, err := e.test(x.l, item)
		if err != nil || l {
			return l, err
		}
		return e.test(x.r, item)
	case filterAnd:
		l, err := e.test(x.l, item)
		if err != nil || !l {
			return l, err
		}
		return e.test(x.r, item)
	case filterNot:
		v, err := e.test(x.x, item)
		return !v, err
	case filterCmp:
		return e.compare(x, item)
	}
	return false, nil
}

// value evaluates an operand; ok is false for a path that does not exist.
func (e *pathEval) value(o operand, item any) (any, bool, error) {
	switch {
	case o.path != nil:
		start := item
		if o.rootRel {
			start = e.root
		}
		return e.eval(o.path, start)
	case o.isList:
		return o.list, true, nil
	}
	return o.lit, true, nil
}

func (e *pathEval) compare(c filterCmp, item any) (bool, error) {
	l, lok, err := e.value(c.l, item)
	if err != nil {
		return false, err
	}
	if c.op == "" {
		if !lok {
			return false, nil
		}
		if !c.l.path.definite {
			lst, _ := listItems(l)
			return len(lst) > 0, nil
		}
		return true, nil
	}
	if c.op == "=~" {
		s, ok := l.(string)
		return lok && ok && c.re.MatchString(s), nil
	}
	r, rok, err := e.value(c.r, item)
	if err != nil {
		return false, err
	}
	if !lok || !rok {
		return c.op == "!=" || c.op == "nin", nil
	}
	switch c.op {
	case "==":
		return jsonEqual(l, r, 0), nil
	case "!=":
		return !jsonEqual(l, r, 0), nil
	case "in", "nin":
		lst, _ := listItems(r)
		in := false
		for _, v := range lst {
			if jsonEqual(l, v, 0) {
				in = true
				break
			}
		}
		return in == (c.op == "in"), nil
	}
	cmp, ok := order(l, r)
	if !ok {
		return false, nil
	}
	switch c.op {
	case "<":
		return cmp < 0, nil
	case "<=":
		return cmp <= 0, nil
	case ">":
		return cmp > 0, nil
	case ">=":
		return cmp >= 0, nil
	}
	return false, nil
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case float64:
		return x, true
	case bigInt:
		f, err := strconv.ParseFloat(string(x), 64)
		return f, err == nil || isRangeErr(err)
	}
	return 0, false
}

// order compares two numbers or two strings (Jayway compares both); other pairs are
// unordered.
func order(a, b any) (int, bool) {
	if af, ok := toFloat(a); ok {
		bf, ok := toFloat(b)
		if !ok || math.IsNaN(af) || math.IsNaN(bf) {
			return 0, false
		}
		switch {
		case af < bf:
			return -1, true
		case af > bf:
			return 1, true
		}
		return 0, true
	}
	as, ok1 := a.(string)
	bs, ok2 := b.(string)
	if ok1 && ok2 {
		return strings.Compare(as, bs), true
	}
	return 0, false
}

// jsonEqual is value equality: numbers by value whatever their representation, objects
// by their key set.
func jsonEqual(a, b any, depth int) bool {
	if depth > maxJSONDepth {
		return false
	}
	if _, ok := toFloat(a); ok {
		c, ok := order(a, b)
		return ok && c == 0
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
	case *vtl.List, []any:
		xs, _ := listItems(x)
		ys, ok := listItems(b)
		if !ok || len(xs) != len(ys) {
			return false
		}
		for i := range xs {
			if !jsonEqual(xs[i], ys[i], depth+1) {
				return false
			}
		}
		return true
	case *vtl.Map:
		y, ok := b.(*vtl.Map)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for _, k := range x.Keys() {
			xv, _ := x.Get(k)
			yv, ok := y.Get(k)
			if !ok || !jsonEqual(xv, yv, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}
