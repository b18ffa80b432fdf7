package vtl

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"unicode/utf8"
)

// Defaults for Options. They are exported so callers (the CLI, docs, labs) can show them.
const (
	// DefaultMaxLoopIterations is AWS's documented limit on #foreach iterations in a
	// mapping template (docs: API Gateway quotas, "Iterations in a #foreach ... #end
	// loop in mapping templates: 1,000").
	DefaultMaxLoopIterations = 1000
	// DefaultMaxOutputBytes is the 10 MB API Gateway payload quota (10485760 bytes, the
	// figure AWS prints in "HTTP content length exceeded 10485760 bytes."): a mapping
	// template's output becomes a request or response payload, so nothing larger can
	// ever leave the gateway. It also caps every string built during evaluation, so a
	// template cannot exhaust memory through concatenation.
	DefaultMaxOutputBytes = 10 << 20
	// DefaultMaxDepth bounds macro calls, #define and #evaluate nesting. Velocity 1.7's
	// own velocimacro.max.depth is 20; 100 leaves room for legitimate nesting while
	// still stopping runaway recursion long before the Go stack matters.
	DefaultMaxDepth = 100
	// DefaultMaxSteps bounds the total work of one Render (nodes visited, range and
	// collection elements built), so nested loops that print nothing still finish fast.
	DefaultMaxSteps = 10_000_000
)

// maxParseNesting bounds syntactic nesting (parentheses, blocks, literals) so that
// pathological input cannot recurse the parser or evaluator without limit.
const maxParseNesting = 256

// Error is a parse or render error with the template position it concerns.
type Error struct {
	Name      string // template name given to Parse
	Line, Col int    // 1-based; Col counts characters (runes), tabs count as one
	Msg       string
}

// Error formats the error as "name:line:col: msg", like compilers do, so editors can jump to it.
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Name, e.Line, e.Col, e.Msg)
}

// Options bounds the resources one Render may use; zero fields take the defaults.
type Options struct {
	MaxLoopIterations int // per #foreach; default DefaultMaxLoopIterations
	MaxOutputBytes    int // output and any single string value; default DefaultMaxOutputBytes
	MaxDepth          int // macro / #define / #evaluate nesting; default DefaultMaxDepth
	MaxSteps          int // total evaluation steps; default DefaultMaxSteps
	// EmptyNulls is API Gateway's renderer, not stock Velocity 1.7: a null or undefined
	// reference prints nothing (1.7 prints its source text, "$a.b"), and in == and != a
	// null equals the empty string (1.7: null equals only null). Both are shown by AWS's
	// own output (LocalStack snapshot test_input_path_template_formatting, recorded
	// against AWS: a missing $input.path property gives {"body": , "nested": ,
	// "isNull": "true", "isEmptyString": "true"}).
	EmptyNulls bool
}

func (o *Options) resolved() Options {
	r := Options{}
	if o != nil {
		r = *o
	}
	if r.MaxLoopIterations <= 0 {
		r.MaxLoopIterations = DefaultMaxLoopIterations
	}
	if r.MaxOutputBytes <= 0 {
		r.MaxOutputBytes = DefaultMaxOutputBytes
	}
	if r.MaxDepth <= 0 {
		r.MaxDepth = DefaultMaxDepth
	}
	if r.MaxSteps <= 0 {
		r.MaxSteps = DefaultMaxSteps
	}
	return r
}

// Object is a host value with Velocity-visible properties and methods ($input, $util, $context).
type Object interface {
	// Property returns $obj.name. The evaluator then tries getName(), get("name") and
	// isName() through Call, the order Velocity 1.7's UberspectImpl uses.
	Property(name string) (any, bool)
	// Call invokes $obj.name(args...); ok=false when there is no such method (the
	// reference then renders literally, as Velocity does); a non-nil err aborts the
	// render like Velocity's MethodInvocationException.
	// args is only valid during the call: the evaluator reuses its storage.
	Call(name string, args []any) (v any, ok bool, err error)
}

// Template is a parsed template; it is immutable and safe for concurrent Render calls.
type Template struct {
	name   string
	src    string
	lines  []int // byte offset of each line start, for error positions
	root   []node
	macros map[string]*macroDef

	outHint atomic.Int64 // length of the last output, to presize the next one
	// counters is false when nothing can read $velocityCount or $velocityHasNext
	// (neither name nor #evaluate appears in the source), so #foreach skips
	// maintaining them: two variable writes per iteration.
	counters bool

	slotOf map[string]int // variable name -> slot, for every name the source mentions
	nslots int
	frozen bool // an #evaluate'd text: it may read slotOf but not add to it
}

// The loop variables every #foreach writes have fixed slots.
const (
	slotForeach = iota
	slotVelocityCount
	slotVelocityHasNext
	numFixedSlots
)

// slot returns name's variable slot, assigning one while parsing; -1 when the
// template is frozen and does not know the name.
func (t *Template) slot(name string) int {
	if i, ok := t.slotOf[name]; ok {
		return i
	}
	if t.frozen {
		return -1
	}
	t.slotOf[name] = t.nslots
	t.nslots++
	return t.nslots - 1
}

// Name returns the name the template was parsed with.
func (t *Template) Name() string { return t.name }

// Parse compiles a template; name is used in error messages, and errors are *Error.
func Parse(name, src string) (t *Template, err error) {
	t = &Template{name: name, src: src, lines: lineStarts(src), macros: map[string]*macroDef{},
		slotOf: map[string]int{"foreach": slotForeach, "velocityCount": slotVelocityCount, "velocityHasNext": slotVelocityHasNext},
		nslots: numFixedSlots}
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, &Error{Name: name, Line: 1, Col: 1, Msg: fmt.Sprintf("internal error: %v", r)}
		}
	}()
	p := newParser(t, src, 0, nil)
	nodes, end, endPos, perr := p.parseBlock()
	if perr != nil {
		return nil, perr
	}
	if end != endEOF {
		return nil, p.errAt(endPos, "unexpected #%s: no open #if, #foreach, #define or #macro", endName(end))
	}
	t.root = nodes
	t.counters = strings.Contains(src, "velocityCount") || strings.Contains(src, "velocityHasNext") ||
		strings.Contains(src, "evaluate")
	return t, nil
}

// Render evaluates the template with the given top-level variables; errors are *Error.
//
// vars is only read: #set writes to a render-local scope layered over it.
func (t *Template) Render(vars map[string]any, opts *Options) (out string, err error) {
	if t == nil {
		return "", errors.New("vtl: Render on nil *Template")
	}
	s := newState(t, vars, opts.resolved())
	defer func() {
		if r := recover(); r != nil {
			out, err = "", &Error{Name: t.name, Line: 1, Col: 1, Msg: fmt.Sprintf("internal error: %v", r)}
			return // a state abandoned mid-render is not reused
		}
		s.release()
	}()
	err = s.renderNodes(t.root, s.out)
	if err != nil {
		var stop *stopSignal
		var brk *breakSignal
		if errors.As(err, &stop) || errors.As(err, &brk) {
			// #stop and an unscoped #break end the template without error (Velocity 1.7
			// Template.merge swallows the StopCommand aimed at the template).
			err = nil
		} else {
			return "", err
		}
	}
	out = s.out.String()
	t.outHint.Store(int64(len(out)))
	return out, nil
}

// lineStarts indexes line beginnings so positions are computed only when an error occurs.
func lineStarts(src string) []int {
	ls := []int{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			ls = append(ls, i+1)
		}
	}
	return ls
}

// position converts a byte offset to a 1-based line and rune column.
func (t *Template) position(off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(t.src) {
		off = len(t.src)
	}
	lo, hi := 0, len(t.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if t.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1, utf8.RuneCountInString(t.src[t.lines[lo]:off]) + 1
}

func (t *Template) errAt(off int, format string, args ...any) *Error {
	l, c := t.position(off)
	return &Error{Name: t.name, Line: l, Col: c, Msg: fmt.Sprintf(format, args...)}
}

// posString renders an offset as "line:col" for messages that point elsewhere.
func (t *Template) posString(off int) string {
	l, c := t.position(off)
	return fmt.Sprintf("%d:%d", l, c)
}

// String shows the template name, for debugging.
func (t *Template) String() string { return "vtl.Template(" + t.name + ")" }
