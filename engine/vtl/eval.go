package vtl

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
)

// state is everything one Render owns; the Template itself is never written.
type state struct {
	t    *Template
	opts Options
	vars map[string]any // host variables, read only
	// The render-local scope (#set and directive writes, and host values already
	// looked up), layered over vars. Names the template mentions have a slot, given at
	// parse time, so the hot path indexes an array instead of hashing a name; names
	// only #evaluate introduces live in local. present tells a slot bound to null (a
	// hidden host value) from an unbound one.
	slots   []any
	present []bool
	local   map[string]any

	argStack []any // host call arguments (callHost)
	out      *outBuf
	frame    *frame // innermost macro call, nil at top level
	depth    int
	steps    int
	macros   []map[string]*macroDef // #evaluate'd templates push their own macros
}

// frame is a macro invocation, modelled on 1.7's ProxyVMContext: arguments that are
// references are passed by name and re-evaluated in the caller's context on every use;
// #set writes go to every enclosing frame and to the global context
// (velocimacro.context.localscope = false).
type frame struct {
	parent *frame
	args   map[string]argBinding
	locals map[string]any
}

type argBinding struct {
	e     expr
	frame *frame // caller's frame, where e is evaluated
}

// defineBlock is the value #define binds: its body renders, in the context where it
// was defined, each time the reference is rendered or converted to a string.
type defineBlock struct {
	name  string
	pos   int
	body  []node
	frame *frame
}

// foreachScope is $foreach (1.7 ForeachScope): index, count, hasNext, first, last, parent.
type foreachScope struct {
	index    int
	hasNext  bool
	replaced any // previous $foreach, exposed as $foreach.parent
}

// Control flow travels as errors so every directive unwinds and restores its variables.
type stopSignal struct{}

func (*stopSignal) Error() string { return "#stop" }

type breakSignal struct{ scope any } // scope nil: nearest #foreach / #define / #evaluate / template

func (*breakSignal) Error() string { return "#break" }

// outBuf accumulates output under the MaxOutputBytes cap.
type outBuf struct {
	b     strings.Builder
	limit int
}

func (o *outBuf) String() string { return o.b.String() }

func (o *outBuf) write(s string) bool {
	if o.b.Len()+len(s) > o.limit {
		return false
	}
	o.b.WriteString(s)
	return true
}

func (o *outBuf) writeBytes(p []byte) bool {
	if o.b.Len()+len(p) > o.limit {
		return false
	}
	o.b.Write(p)
	return true
}

// statePool recycles render states: a state's local map and macro stack survive
// between renders, so a steady stream of requests does not rebuild them.
var statePool = sync.Pool{New: func() any {
	return &state{local: map[string]any{}, out: &outBuf{}}
}}

func newState(t *Template, vars map[string]any, opts Options) *state {
	s := statePool.Get().(*state)
	s.t, s.opts, s.vars = t, opts, vars
	s.out.b = strings.Builder{} // the previous output string still owns the old buffer
	s.out.limit = opts.MaxOutputBytes
	// Size the output like the template's previous output: one allocation instead of
	// a doubling series.
	if hint := int(t.outHint.Load()); hint > 0 {
		s.out.b.Grow(min(hint, opts.MaxOutputBytes, maxOutHint))
	}
	s.macros = append(s.macros[:0], t.macros)
	if cap(s.slots) < t.nslots {
		s.slots, s.present = make([]any, t.nslots), make([]bool, t.nslots)
	}
	s.slots, s.present = s.slots[:t.nslots], s.present[:t.nslots]
	return s
}

// maxOutHint caps the output presizing: past it, doubling growth costs little next to
// producing the output, and one huge render must not make every later one reserve
// megabytes.
const maxOutHint = 64 << 10

// release returns s to the pool without references into this render.
func (s *state) release() {
	clear(s.local)
	clear(s.macros)
	clear(s.slots)
	clear(s.present)
	*s = state{local: s.local, out: s.out, macros: s.macros[:0], slots: s.slots[:0], present: s.present[:0],
		argStack: s.argStack[:0]}
	s.out.b = strings.Builder{}
	statePool.Put(s)
}

func (s *state) errAt(pos int, format string, args ...any) *Error {
	return s.t.errAt(pos, format, args...)
}

func (s *state) outputErr(pos int) *Error {
	return s.errAt(pos, "output exceeded %d bytes (MaxOutputBytes; API Gateway payloads are limited to 10 MB)", s.opts.MaxOutputBytes)
}

func (s *state) write(w *outBuf, str string, pos int) error {
	if !w.write(str) {
		return s.outputErr(pos)
	}
	return nil
}

// tick charges n steps against MaxSteps.
func (s *state) tick(pos, n int) error {
	s.steps += n
	if s.steps > s.opts.MaxSteps {
		return s.errAt(pos, "template evaluation exceeded %d steps (MaxSteps)", s.opts.MaxSteps)
	}
	return nil
}

// Variables.

// slotFor returns name's slot, or -1 for a name the template never mentions.
func (s *state) slotFor(name string) int {
	if i, ok := s.t.slotOf[name]; ok {
		return i
	}
	return -1
}

func (s *state) lookup(name string) (any, error) { return s.lookupSlot(s.slotFor(name), name) }

// lookupSlot resolves a variable: macro frames, then the render-local scope, then the
// host variables. slot must be slotFor(name).
func (s *state) lookupSlot(slot int, name string) (any, error) {
	for f := s.frame; f != nil; f = f.parent {
		if v, ok := f.locals[name]; ok && v != nil {
			return v, nil
		}
		if a, ok := f.args[name]; ok {
			return s.evalIn(a.frame, a.e)
		}
	}
	if slot >= 0 {
		if s.present[slot] {
			return s.slots[slot], nil
		}
	} else if v, ok := s.local[name]; ok {
		return v, nil
	}
	v, ok := s.vars[name]
	if !ok || v == nil {
		return nil, nil
	}
	n := normalize(v)
	if slot >= 0 {
		// Cache the host value: later uses skip the host map, and a converted list
		// keeps its identity so $list.add(...) persists for this variable.
		s.slots[slot], s.present[slot] = n, true
		return n, nil
	}
	if _, isList := n.(*List); isList {
		s.local[name] = n // keep one wrapper so $list.add(...) persists for this variable
	} else if _, isMap := n.(*Map); isMap {
		if _, wasMap := v.(*Map); !wasMap {
			s.local[name] = n
		}
	}
	return n, nil
}

func (s *state) evalIn(f *frame, e expr) (any, error) {
	saved := s.frame
	s.frame = f
	v, err := s.eval(e)
	s.frame = saved
	return v, err
}

func (s *state) bind(slot int, name string, v any) {
	if slot >= 0 {
		s.slots[slot], s.present[slot] = v, true
	} else {
		s.local[name] = v
	}
}

func (s *state) set(name string, v any) { s.setSlot(s.slotFor(name), name, v) }

func (s *state) setSlot(slot int, name string, v any) {
	for f := s.frame; f != nil; f = f.parent {
		f.locals[name] = v
	}
	s.bind(slot, name, v)
}

func (s *state) remove(name string) { s.removeSlot(s.slotFor(name), name) }

func (s *state) removeSlot(slot int, name string) {
	for f := s.frame; f != nil; f = f.parent {
		delete(f.locals, name)
		delete(f.args, name)
	}
	if slot >= 0 {
		s.slots[slot], s.present[slot] = nil, false
	} else {
		delete(s.local, name)
	}
	if _, ok := s.vars[name]; ok {
		s.bind(slot, name, nil) // hide the host value, as removing it from a VelocityContext would
	}
}

// restore puts back a value saved before a directive bound a variable.
func (s *state) restore(slot int, name string, saved any) {
	if saved != nil {
		s.setSlot(slot, name, saved)
	} else {
		s.removeSlot(slot, name)
	}
}

func (s *state) findMacro(name string) *macroDef {
	for i := len(s.macros) - 1; i >= 0; i-- {
		if m := s.macros[i][name]; m != nil {
			return m
		}
	}
	return nil
}

// Statements.

func (s *state) renderNodes(nodes []node, w *outBuf) error {
	for _, n := range nodes {
		if err := s.render(n, w); err != nil {
			return err
		}
	}
	return nil
}

func (s *state) render(n node, w *outBuf) error {
	if s.steps++; s.steps > s.opts.MaxSteps { // tick, without computing the position first
		return s.tick(n.offset(), 0)
	}
	switch n := n.(type) {
	case *textNode:
		return s.write(w, n.s, n.pos)
	case *refNode:
		return s.renderRef(n, w)
	case *setNode:
		return s.execSet(n)
	case *ifNode:
		for _, b := range n.branches {
			ok, err := s.evalBool(b.cond)
			if err != nil {
				return err
			}
			if ok {
				return s.renderNodes(b.body, w)
			}
		}
		if n.hasElse {
			return s.renderNodes(n.elseBody, w)
		}
		return nil
	case *foreachNode:
		return s.execForeach(n, w)
	case *defineNode:
		s.setSlot(n.slot, n.name, &defineBlock{name: n.name, pos: n.pos, body: n.body, frame: s.frame})
		return nil
	case *callNode:
		return s.execCall(n, w)
	case *breakNode:
		if n.scope == nil {
			return &breakSignal{}
		}
		v, err := s.eval(n.scope)
		if err != nil {
			return err
		}
		if _, ok := v.(*foreachScope); !ok {
			return s.errAt(n.pos, "%s is not a valid Scope instance", n.scope.literal())
		}
		return &breakSignal{scope: v}
	case *stopNode:
		return &stopSignal{}
	case *evaluateNode:
		return s.execEvaluate(n, w)
	case *unsupportedNode:
		return s.errAt(n.pos, "#%s is not supported: API Gateway mapping templates cannot load other templates", n.name)
	}
	return s.errAt(n.offset(), "internal error: unknown node %T", n)
}

// renderRef prints a reference. 1.7 rules (ASTReference.render):
//   - null (or undefined) prints the reference's source text, "$a.b", "${a}"; the quiet
//     forms $!a and $!{a} print nothing. A bare macro argument prints the caller's text.
//     With Options.EmptyNulls (API Gateway's renderer) null prints nothing.
//   - an odd number of preceding backslashes escapes it: "\$a" prints "$a" when $a has
//     a value and "\$a" when it does not; the backslashes are halved either way.
//   - an even number prints half of them before the value ("\\$a" -> "\" + value), or
//     all of them before the source text when null ("\\$a").
func (s *state) renderRef(r *refNode, w *outBuf) error {
	v, err := s.evalRef(r)
	if err != nil {
		return err
	}
	prefix := ""
	if r.esc > 1 {
		prefix = strings.Repeat(`\`, r.esc/2)
	}
	if r.esc%2 == 1 {
		if v == nil {
			return s.write(w, prefix+`\`+r.lit, r.pos)
		}
		return s.write(w, prefix+r.lit, r.pos)
	}
	if v == nil {
		null := r.lit
		if r.quiet || s.opts.EmptyNulls {
			null = ""
		} else if len(r.parts) == 0 {
			for f := s.frame; f != nil; f = f.parent {
				if a, ok := f.args[r.root]; ok {
					null = a.e.literal()
					break
				}
			}
		}
		return s.write(w, prefix+prefix+null, r.pos)
	}
	if prefix != "" {
		if err := s.write(w, prefix, r.pos); err != nil {
			return err
		}
	}
	// Scalars are written straight into the output, without an intermediate string.
	var num [32]byte
	var p []byte
	switch x := v.(type) {
	case string:
		return s.write(w, x, r.pos)
	case int:
		p = strconv.AppendInt(num[:0], int64(x), 10)
	case float64:
		p = appendDouble(num[:0], x)
	case *defineBlock:
		return s.renderBlock(x, w, r.pos)
	}
	if p != nil {
		if !w.writeBytes(p) {
			return s.outputErr(r.pos)
		}
		return nil
	}
	str, err := s.str(v, r.pos)
	if err != nil {
		return err
	}
	return s.write(w, str, r.pos)
}

// execSet implements #set. 1.7 (directive.set.null.allowed = false): a null right-hand
// side leaves the left-hand side untouched. "#set($m.key = v)" calls put / setKey.
func (s *state) execSet(n *setNode) error {
	v, err := s.eval(n.rhs)
	if err != nil {
		return err
	}
	if v == nil {
		return nil
	}
	lhs := n.lhs
	if len(lhs.parts) == 0 {
		s.setSlot(lhs.slot, lhs.root, v)
		return nil
	}
	target, err := s.lookupSlot(lhs.slot, lhs.root)
	if err != nil {
		return err
	}
	for i := 0; i < len(lhs.parts)-1 && target != nil; i++ {
		if target, err = s.applyPart(target, &lhs.parts[i]); err != nil {
			return err
		}
	}
	if target == nil {
		return nil // "reference set is not a valid reference" is only logged by Velocity
	}
	last := &lhs.parts[len(lhs.parts)-1]
	switch last.kind {
	case partIndex:
		idx, err := s.eval(last.index)
		if err != nil {
			return err
		}
		return s.setIndex(target, idx, v, last.pos)
	case partProp:
		return s.setProperty(target, last.name, v, last.pos)
	}
	return nil
}

func (s *state) setProperty(target any, name string, v any, pos int) error {
	switch t := target.(type) {
	case *Map:
		t.put(name, v)
	case Object:
		// SetPropertyExecutor (setName(v)) first, then PutExecutor (put("name", v)).
		for _, try := range []struct {
			m    string
			args []any
		}{{"set" + upperFirst(name), []any{v}}, {"put", []any{name, v}}} {
			_, ok, err := s.callHost(t, try.m, try.args, pos)
			if err != nil || ok {
				return err
			}
		}
	}
	return nil
}

func (s *state) setIndex(target, idx, v any, pos int) error {
	switch t := target.(type) {
	case *List:
		i, ok := idx.(int)
		if !ok {
			return nil
		}
		if i < 0 {
			i += len(t.items)
		}
		if i < 0 || i >= len(t.items) {
			return s.methodErr(pos, "set", target, &javaException{"java.lang.IndexOutOfBoundsException", fmt.Sprintf("Index %d out of bounds for length %d", i, len(t.items))})
		}
		t.items[i] = v
	case *Map:
		k, err := s.keyString(idx, pos)
		if err != nil {
			return err
		}
		t.put(k, v)
	case Object:
		if _, ok, err := s.callHost(t, "set", []any{idx, v}, pos); err != nil || ok {
			return err
		}
		_, _, err := s.callHost(t, "put", []any{idx, v}, pos)
		return err
	}
	return nil
}

// execForeach implements #foreach (1.7 Foreach.render): lists iterate their elements,
// maps their values; null and non-iterable values (strings, numbers) iterate nothing.
// $velocityCount (1-based), $velocityHasNext and $foreach are set per iteration, and the
// loop variable, counters and $foreach are restored afterwards. Exceeding
// MaxLoopIterations is an error, matching AWS's documented limit (Velocity's own
// directive.foreach.maxloops would stop silently).
func (s *state) execForeach(n *foreachNode, w *outBuf) error {
	coll, err := s.eval(n.iter)
	if err != nil {
		return err
	}
	var items []any
	var live *List
	switch c := coll.(type) {
	case *List:
		live = c
	case *Map:
		items = append([]any(nil), c.vals...)
	default:
		return nil
	}
	savedVar, err := s.lookupSlot(n.varSlot, n.varName)
	if err != nil {
		return err
	}
	counters := s.t.counters
	var savedCount, savedHasNext any
	if counters {
		savedCount, _ = s.lookupSlot(slotVelocityCount, "velocityCount")
		savedHasNext, _ = s.lookupSlot(slotVelocityHasNext, "velocityHasNext")
	}
	savedScope, _ := s.lookupSlot(slotForeach, "foreach")
	scope := &foreachScope{index: -1, replaced: savedScope}
	s.setSlot(slotForeach, "foreach", scope)
	defer func() {
		s.restore(n.varSlot, n.varName, savedVar)
		if counters {
			s.restore(slotVelocityCount, "velocityCount", savedCount)
			s.restore(slotVelocityHasNext, "velocityHasNext", savedHasNext)
		}
		s.restore(slotForeach, "foreach", savedScope)
	}()
	size := func() int {
		if live != nil {
			return len(live.items)
		}
		return len(items)
	}
	var startLen int
	if live != nil {
		startLen = len(live.items)
	}
	for i := 0; i < size(); i++ {
		if i >= s.opts.MaxLoopIterations {
			return s.errAt(n.pos, "#foreach loop exceeded %d iterations (MaxLoopIterations; AWS limits mapping-template loops to 1,000)", s.opts.MaxLoopIterations)
		}
		if err := s.tick(n.pos, 1); err != nil {
			return err
		}
		var item any
		if live != nil {
			if len(live.items) != startLen {
				return s.errAt(n.pos, "#foreach over %s threw java.util.ConcurrentModificationException: the list was modified inside the loop", n.iter.literal())
			}
			item = normalize(live.items[i])
		} else {
			item = normalize(items[i])
		}
		hasNext := i+1 < size()
		if counters {
			s.setSlot(slotVelocityCount, "velocityCount", i+1)
			s.setSlot(slotVelocityHasNext, "velocityHasNext", hasNext)
		}
		s.setSlot(n.varSlot, n.varName, item)
		scope.index = i
		scope.hasNext = hasNext
		err := s.renderNodes(n.body, w)
		if err != nil {
			var br *breakSignal
			if errors.As(err, &br) && (br.scope == nil || br.scope == scope) {
				return nil
			}
			return err
		}
	}
	return nil
}

func (s *state) execCall(n *callNode, w *outBuf) error {
	def := s.findMacro(n.name)
	if def == nil {
		// RuntimeMacro with no such macro: the call prints as written.
		return s.write(w, n.src, n.pos)
	}
	if s.depth >= s.opts.MaxDepth {
		return s.errAt(n.pos, "macro #%s exceeded maximum depth %d (MaxDepth)", n.name, s.opts.MaxDepth)
	}
	f := &frame{parent: s.frame, args: map[string]argBinding{}, locals: map[string]any{}}
	for i, param := range def.params {
		if i >= len(n.args) {
			break
		}
		switch a := n.args[i].(type) {
		case *refNode:
			f.args[param] = argBinding{e: a, frame: s.frame}
		default:
			v, err := s.eval(a)
			if err != nil {
				return err
			}
			f.locals[param] = v
		}
	}
	if n.block {
		f.locals["bodyContent"] = &defineBlock{name: "bodyContent", pos: n.pos, body: n.body, frame: s.frame}
	}
	saved := s.frame
	s.frame = f
	s.depth++
	err := s.renderNodes(def.body, w)
	s.depth--
	s.frame = saved
	return err
}

// renderBlock renders a #define'd block (or a block macro body) in its own context.
func (s *state) renderBlock(b *defineBlock, w *outBuf, pos int) error {
	if s.depth >= s.opts.MaxDepth {
		return s.errAt(pos, "#define $%s exceeded maximum depth %d (MaxDepth)", b.name, s.opts.MaxDepth)
	}
	saved := s.frame
	s.frame = b.frame
	s.depth++
	err := s.renderNodes(b.body, w)
	s.depth--
	s.frame = saved
	var br *breakSignal
	if errors.As(err, &br) && br.scope == nil {
		return nil
	}
	return err
}

func (s *state) blockString(b *defineBlock) (string, error) {
	w := &outBuf{limit: s.opts.MaxOutputBytes}
	if err := s.renderBlock(b, w, b.pos); err != nil {
		return "", err
	}
	return w.String(), nil
}

func (s *state) execEvaluate(n *evaluateNode, w *outBuf) error {
	v, err := s.eval(n.arg)
	if err != nil || v == nil {
		return err
	}
	src, err := s.str(v, n.pos)
	if err != nil {
		return err
	}
	if s.depth >= s.opts.MaxDepth {
		return s.errAt(n.pos, "#evaluate exceeded maximum depth %d (MaxDepth)", s.opts.MaxDepth)
	}
	// Positions inside the evaluated text all map to the #evaluate itself.
	// The evaluated text shares the template's slots (read only): names it alone
	// introduces get none and live in the state's map.
	sub := &Template{name: s.t.name, src: s.t.src, lines: s.t.lines, macros: map[string]*macroDef{},
		slotOf: s.t.slotOf, frozen: true}
	at := n.pos
	p := newParser(sub, src, 0, &at)
	nodes, end, _, perr := p.parseBlock()
	if perr != nil {
		msg := perr.Error()
		var pe *Error
		if errors.As(perr, &pe) {
			msg = pe.Msg
		}
		return s.errAt(n.pos, "#evaluate: %s", msg)
	}
	if end != endEOF {
		return s.errAt(n.pos, "#evaluate: unexpected #%s", endName(end))
	}
	s.macros = append(s.macros, sub.macros)
	s.depth++
	err = s.renderNodes(nodes, w)
	s.depth--
	s.macros = s.macros[:len(s.macros)-1]
	var br *breakSignal
	if errors.As(err, &br) && br.scope == nil {
		return nil
	}
	return err
}

// Expressions.

func (s *state) eval(e expr) (any, error) {
	if s.steps++; s.steps > s.opts.MaxSteps {
		return nil, s.tick(e.offset(), 0)
	}
	switch e := e.(type) {
	case *refNode:
		return s.evalRef(e)
	case *strLit:
		if e.interp == nil {
			return e.s, nil
		}
		w := &outBuf{limit: s.opts.MaxOutputBytes}
		if err := s.renderNodes(e.interp, w); err != nil {
			return nil, err
		}
		return w.String(), nil
	case *intLit:
		return e.v, nil
	case *floatLit:
		return e.v, nil
	case *boolLit:
		return e.v, nil
	case *wordArg:
		return nil, nil
	case *listLit:
		l := &List{items: make([]any, 0, len(e.items))}
		for _, it := range e.items {
			v, err := s.eval(it)
			if err != nil {
				return nil, err
			}
			l.items = append(l.items, v)
		}
		return l, nil
	case *mapLit:
		m := NewMap()
		for i := range e.keys {
			k, err := s.eval(e.keys[i])
			if err != nil {
				return nil, err
			}
			v, err := s.eval(e.vals[i])
			if err != nil {
				return nil, err
			}
			ks, err := s.keyString(k, e.keys[i].offset())
			if err != nil {
				return nil, err
			}
			m.put(ks, v)
		}
		return m, nil
	case *rangeLit:
		return s.evalRange(e)
	case *parenExpr:
		return s.eval(e.x)
	case *notExpr:
		b, err := s.evalBool(e.x)
		return !b, err
	case *binary:
		switch e.op {
		case opOr, opAnd, opEq, opNe, opLt, opLe, opGt, opGe:
			return s.evalBool(e)
		}
		return s.arith(e)
	}
	return nil, s.errAt(e.offset(), "internal error: unknown expression %T", e)
}

// evalBool is Velocity 1.7's Node.evaluate(), which #if, #elseif, !, && and || use.
// Truthiness depends on the node, not only the value: a reference is false when null
// and otherwise its Boolean value or true (so an empty string is TRUE in 1.7);
// true/false, comparisons and logic evaluate as expected; every other node
// (string/number literals, arithmetic, lists, maps) inherits SimpleNode.evaluate()
// and is FALSE without being evaluated, so #if("abc") and #if(1) are false.
func (s *state) evalBool(e expr) (bool, error) {
	if s.steps++; s.steps > s.opts.MaxSteps {
		return false, s.tick(e.offset(), 0)
	}
	switch e := e.(type) {
	case *refNode:
		v, err := s.evalRef(e)
		if err != nil || v == nil {
			return false, err
		}
		if b, ok := v.(bool); ok {
			return b, nil
		}
		if b, ok := v.(*defineBlock); ok {
			// directive.if.tostring.nullcheck: toString() runs (and renders the block).
			_, err := s.blockString(b)
			return err == nil, err
		}
		return true, nil
	case *boolLit:
		return e.v, nil
	case *parenExpr:
		return s.evalBool(e.x)
	case *notExpr:
		b, err := s.evalBool(e.x)
		return !b, err
	case *binary:
		switch e.op {
		case opOr:
			l, err := s.evalBool(e.l)
			if err != nil || l {
				return l, err
			}
			return s.evalBool(e.r)
		case opAnd:
			l, err := s.evalBool(e.l)
			if err != nil || !l {
				return false, err
			}
			return s.evalBool(e.r)
		case opEq, opNe, opLt, opLe, opGt, opGe:
			return s.compare(e)
		}
	}
	return false, nil
}

// compare implements ASTEQNode/ASTNENode and the relational nodes. Equality: numbers
// compare numerically (1 == 1.0); values of the same class use equals(); otherwise
// both sides are compared as strings (so 1 == "1" is true); null == null is true.
// <, <=, >, >= need two numbers and are false otherwise.
func (s *state) compare(e *binary) (bool, error) {
	l, err := s.eval(e.l)
	if err != nil {
		return false, err
	}
	r, err := s.eval(e.r)
	if err != nil {
		return false, err
	}
	_, _, _, ln := numeric(l)
	_, _, _, rn := numeric(r)
	switch e.op {
	case opEq, opNe:
		eq, err := s.velEquals(l, r, e.pos)
		if e.op == opNe {
			eq = !eq
		}
		return eq, err
	}
	if !ln || !rn {
		return false, nil
	}
	c := compareNumbers(l, r)
	switch e.op {
	case opLt:
		return c < 0, nil
	case opLe:
		return c <= 0, nil
	case opGt:
		return c > 0, nil
	}
	return c >= 0, nil
}

func (s *state) velEquals(l, r any, pos int) (bool, error) {
	_, _, _, ln := numeric(l)
	_, _, _, rn := numeric(r)
	if ln && rn {
		return compareNumbers(l, r) == 0, nil
	}
	if l != nil && r != nil && sameClass(l, r) {
		return javaEquals(l, r, 0), nil
	}
	if l == nil || r == nil {
		if s.opts.EmptyNulls { // API Gateway: null == "" (see Options.EmptyNulls)
			other := l
			if l == nil {
				other = r
			}
			if str, ok := other.(string); ok {
				return str == "", nil
			}
		}
		return l == nil && r == nil, nil
	}
	ls, err := s.str(l, pos)
	if err != nil {
		return false, err
	}
	rs, err := s.str(r, pos)
	if err != nil {
		return false, err
	}
	return ls == rs, nil
}

// arith implements + - * / % (ASTMathNode, MathUtils). "+" with a String on either side
// concatenates, printing a null other side as its source text. Otherwise both sides
// must be numbers (else the result is null): int op int stays int, with Java's
// truncating division and remainder; anything with a Double is a Double. Division or
// remainder by zero is null, as in 1.7 (not an exception). Overflow wraps at 64 bits
// where Java would promote to BigInteger.
func (s *state) arith(e *binary) (any, error) {
	l, err := s.eval(e.l)
	if err != nil {
		return nil, err
	}
	r, err := s.eval(e.r)
	if err != nil {
		return nil, err
	}
	if e.op == opAdd {
		_, lstr := l.(string)
		_, rstr := r.(string)
		if lstr || rstr {
			ls, rs := e.l.literal(), e.r.literal()
			if l != nil {
				if ls, err = s.str(l, e.pos); err != nil {
					return nil, err
				}
			}
			if r != nil {
				if rs, err = s.str(r, e.pos); err != nil {
					return nil, err
				}
			}
			if len(ls)+len(rs) > s.opts.MaxOutputBytes {
				return nil, s.outputErr(e.pos)
			}
			return ls + rs, nil
		}
	}
	li, lf, lF, lok := numeric(l)
	ri, rf, rF, rok := numeric(r)
	if !lok || !rok {
		return nil, nil
	}
	if !lF && !rF {
		switch e.op {
		case opAdd:
			return li + ri, nil
		case opSub:
			return li - ri, nil
		case opMul:
			return li * ri, nil
		case opDiv:
			if ri == 0 {
				return nil, nil
			}
			return li / ri, nil
		case opMod:
			if ri == 0 {
				return nil, nil
			}
			return li % ri, nil
		}
	}
	switch e.op {
	case opAdd:
		return lf + rf, nil
	case opSub:
		return lf - rf, nil
	case opMul:
		return lf * rf, nil
	case opDiv:
		if rf == 0 {
			return nil, nil
		}
		return lf / rf, nil
	case opMod:
		if rf == 0 {
			return nil, nil
		}
		return fmod(lf, rf), nil
	}
	return nil, nil
}

// intValue is Number.intValue(): Java narrows longs to their low 32 bits and
// saturates doubles.
func intValue(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return int(int32(x)), true
	case float64:
		return javaD2I(x, math.MinInt32, math.MaxInt32), true
	}
	return 0, false
}

// evalRange builds [a..b] (ASTIntegerRange): both ends must be numbers (their
// intValue() is used), descending ranges count down, null or non-numbers give null.
func (s *state) evalRange(e *rangeLit) (any, error) {
	a, err := s.eval(e.from)
	if err != nil {
		return nil, err
	}
	b, err := s.eval(e.to)
	if err != nil {
		return nil, err
	}
	ai, aok := intValue(a)
	bi, bok := intValue(b)
	if !aok || !bok {
		return nil, nil
	}
	n := bi - ai // both fit in 32 bits, so this cannot overflow
	step := 1
	if n < 0 {
		n, step = -n, -1
	}
	if n < 0 || n >= s.opts.MaxSteps {
		return nil, s.errAt(e.pos, "range %s is too large", e.lit)
	}
	if err := s.tick(e.pos, n+1); err != nil {
		return nil, err
	}
	items := make([]any, 0, n+1)
	for v := ai; ; v += step {
		items = append(items, v)
		if v == bi {
			break
		}
	}
	return &List{items: items}, nil
}

// References.

func (s *state) evalRef(r *refNode) (any, error) {
	v, err := s.lookupSlot(r.slot, r.root)
	if err != nil {
		return nil, err
	}
	for i := range r.parts {
		p := &r.parts[i]
		if m, ok := v.(*Map); ok && p.kind == partProp {
			// $map.key, the most common step ($item.price): what applyPart and
			// property do for a Map, without their dispatch.
			if s.steps++; s.steps > s.opts.MaxSteps {
				return nil, s.tick(p.pos, 0)
			}
			val, _ := m.get(p.name)
			v = normalize(val)
			continue
		}
		if v == nil {
			return nil, nil
		}
		if v, err = s.applyPart(v, p); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (s *state) applyPart(v any, p *refPart) (any, error) {
	if err := s.tick(p.pos, 1); err != nil {
		return nil, err
	}
	v = normalize(v) // values inside host collections arrive in host form
	switch p.kind {
	case partProp:
		return s.property(v, p)
	case partMethod:
		// Arguments live on the argument stack (see callHost) for the call's duration;
		// built-in methods copy what they keep.
		base := len(s.argStack)
		defer func() {
			clear(s.argStack[base:])
			s.argStack = s.argStack[:base]
		}()
		for _, a := range p.args {
			av, err := s.eval(a)
			if err != nil {
				return nil, err
			}
			s.argStack = append(s.argStack, av)
		}
		args := s.argStack[base:len(s.argStack):len(s.argStack)]
		return s.invoke(v, p.name, args, p.pos)
	default:
		idx, err := s.eval(p.index)
		if err != nil {
			return nil, err
		}
		return s.index(v, idx, p.pos)
	}
}

// property resolves $v.name the way 1.7's UberspectImpl.getPropertyGet does: for a
// Map, get("name"); otherwise getName() (PropertyExecutor also tries the name with its
// first letter's case unchanged), then get("name"), then isName(). Host objects are
// asked Property first. The order between getName and getname is not observable
// unless an object has both.
func (s *state) property(v any, p *refPart) (any, error) {
	name, pos := p.name, p.pos
	get, getRaw, is, isRaw := p.getters[0], p.getters[1], p.getters[2], p.getters[3]
	switch x := v.(type) {
	case *Map:
		val, _ := x.get(name)
		return normalize(val), nil
	case *foreachScope:
		// $foreach.hasNext and friends, read on every iteration: answer them without
		// the getter search below (same result as getHasNext() etc. in typeMethod).
		if val, ok, _ := s.typeMethod(x, name, nil); ok {
			return val, nil
		}
	case Object:
		if val, ok := safeProperty(x, name); ok {
			return normalize(val), nil
		}
		for _, m := range []string{get, getRaw} {
			if m == "" {
				continue
			}
			if val, ok, err := s.callHost(x, m, nil, pos); err != nil || ok {
				return val, err
			}
		}
		if val, ok, err := s.callHost(x, "get", []any{name}, pos); err != nil || ok {
			return val, err
		}
		for _, m := range []string{is, isRaw} {
			if m == "" {
				continue
			}
			if val, ok, err := s.callHost(x, m, nil, pos); err != nil || ok {
				return val, err
			}
		}
		return nil, nil
	}
	for _, m := range [2]string{get, is} {
		val, ok, err := s.builtin(v, m, nil, pos)
		if err != nil {
			return nil, s.methodErr(pos, m, v, err)
		}
		if ok {
			return val, nil
		}
	}
	return nil, nil
}

// invoke calls $v.name(args). A missing method yields null (the reference then prints
// literally); an exception thrown by the method aborts the render, as Velocity's
// MethodInvocationException does and API Gateway reports as a 500-class failure.
func (s *state) invoke(v any, name string, args []any, pos int) (any, error) {
	if o, ok := v.(Object); ok {
		val, found, err := s.callHost(o, name, args, pos)
		if err != nil || found {
			return val, err
		}
		switch name {
		case "toString", "equals", "hashCode":
		default:
			return nil, nil
		}
	}
	val, ok, err := s.builtin(v, name, args, pos)
	if err != nil {
		var br *breakSignal
		if errors.As(err, &br) {
			return nil, err
		}
		var ve *Error
		if errors.As(err, &ve) {
			return nil, err
		}
		return nil, s.methodErr(pos, name, v, err)
	}
	if !ok {
		return nil, nil
	}
	return val, nil
}

func (s *state) methodErr(pos int, name string, recv any, err error) *Error {
	if errors.Is(err, errValueTooLarge) {
		return s.outputErr(pos)
	}
	var ve *Error
	if errors.As(err, &ve) {
		return ve
	}
	return s.errAt(pos, "invocation of method '%s' in %s threw exception %v", name, javaClass(recv), err)
}

// callHost calls a host Object, converting arguments to host types and recovering
// from host panics so a misbehaving host cannot crash the gateway.
func (s *state) callHost(o Object, name string, args []any, pos int) (val any, ok bool, err error) {
	// Arguments go on a per-render stack rather than a fresh slice per call: hosts
	// must not keep args (see Object). A nested call made while converting an
	// argument (a #define block) pushes above ours and pops before we slice.
	base := len(s.argStack)
	defer func() {
		clear(s.argStack[base:])
		s.argStack = s.argStack[:base]
	}()
	for _, a := range args {
		if b, isBlock := a.(*defineBlock); isBlock {
			str, err := s.blockString(b)
			if err != nil {
				return nil, false, err
			}
			s.argStack = append(s.argStack, str)
			continue
		}
		s.argStack = append(s.argStack, exportValue(a, 0))
	}
	hostArgs := s.argStack[base:len(s.argStack):len(s.argStack)]
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		val, ok, err = o.Call(name, hostArgs)
	}()
	if err != nil {
		var ve *Error
		if errors.As(err, &ve) {
			return nil, false, err
		}
		return nil, false, s.errAt(pos, "invocation of method '%s' in %s threw exception %v", name, javaClass(o), err)
	}
	return normalize(val), ok, nil
}

func safeProperty(o Object, name string) (v any, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			v, ok = nil, false
		}
	}()
	return o.Property(name)
}

// index implements $v[i] (1.7 ASTIndex): a negative integer counts from the end
// (size() + i), then get(i) is called; out of range throws, as Java does.
func (s *state) index(v, idx any, pos int) (any, error) {
	switch x := v.(type) {
	case *List:
		i, ok := idx.(int)
		if !ok {
			return nil, nil
		}
		if i < 0 {
			i += len(x.items)
		}
		if i < 0 || i >= len(x.items) {
			return nil, s.methodErr(pos, "get", v, &javaException{"java.lang.IndexOutOfBoundsException", fmt.Sprintf("Index %d out of bounds for length %d", i, len(x.items))})
		}
		return normalize(x.items[i]), nil
	case *Map:
		if i, ok := idx.(int); ok && i < 0 {
			idx = i + x.Len()
		}
		k, err := s.keyString(idx, pos)
		if err != nil {
			return nil, err
		}
		val, _ := x.get(k)
		return normalize(val), nil
	case Object:
		val, _, err := s.callHost(x, "get", []any{idx}, pos)
		return val, err
	}
	return nil, nil
}

// keyString converts a map key to the string Map stores it under.
func (s *state) keyString(k any, pos int) (string, error) {
	if str, ok := k.(string); ok {
		return str, nil
	}
	return s.str(k, pos)
}

// str is String.valueOf(v) under the output cap; null prints as "null" here because
// this is a value inside something else (a list, a concatenation operand, ...).
func (s *state) str(v any, pos int) (string, error) {
	if str, ok := v.(string); ok {
		return str, nil
	}
	str, err := toJavaString(v, 0, s)
	if err != nil {
		if errors.Is(err, errValueTooLarge) {
			return "", s.outputErr(pos)
		}
		var ve *Error
		if errors.As(err, &ve) {
			return "", err
		}
		return "", s.errAt(pos, "%v", err)
	}
	return str, nil
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
