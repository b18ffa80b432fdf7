package vtl

import (
	"strconv"
	"strings"
)

// parser is a recursive-descent parser over one source text: the template itself, the
// body of an interpolated string literal, or a string handed to #evaluate.
type parser struct {
	t     *Template
	src   string // text being parsed; offsets below index into it
	i     int
	fixed int // -1: offsets are template offsets; otherwise every node maps here
	depth int
}

func newParser(t *Template, src string, start int, fixedPos *int) *parser {
	p := &parser{t: t, src: src, i: start, fixed: -1}
	if fixedPos != nil {
		p.fixed = *fixedPos
	}
	return p
}

func (p *parser) pos(i int) int {
	if p.fixed >= 0 {
		return p.fixed
	}
	return i
}

func (p *parser) errAt(i int, format string, args ...any) *Error {
	return p.t.errAt(p.pos(i), format, args...)
}

func (p *parser) opened(i int) string { return p.t.posString(p.pos(i)) }

func (p *parser) enter(i int) *Error {
	p.depth++
	if p.depth > maxParseNesting {
		return p.errAt(i, "template nested too deeply (more than %d levels)", maxParseNesting)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

type blockEnd uint8

const (
	endEOF blockEnd = iota
	endEnd
	endElse
	endElseIf
)

func endName(e blockEnd) string {
	switch e {
	case endEnd:
		return "end"
	case endElse:
		return "else"
	case endElseIf:
		return "elseif"
	}
	return "EOF"
}

// directives built into 1.7: the grammar's control words plus the default pluggable
// directives (runtime/defaults/directive.properties). Escaping with "\" only works for
// these and for macros already defined (Parser.escapedDirective).
var knownDirectives = map[string]bool{
	"if": true, "elseif": true, "else": true, "end": true, "set": true, "stop": true,
	"foreach": true, "include": true, "parse": true, "macro": true, "literal": true,
	"evaluate": true, "break": true, "define": true,
}

// parseBlock parses statements until #end, #else, #elseif (returned as end, with the
// offset of their '#') or the end of the source.
func (p *parser) parseBlock() (nodes []node, end blockEnd, endPos int, err error) {
	src := p.src
	for p.i < len(src) {
		start := p.i
		switch src[p.i] {
		case '$':
			r, ok, err := p.parseRef(p.i, 0)
			if err != nil {
				return nil, 0, 0, err
			}
			if ok {
				nodes = append(nodes, r)
				continue
			}
			nodes = p.text(nodes, start, start+1, false)
			p.i++
		case '\\':
			if nodes, err = p.parseBackslash(nodes); err != nil {
				return nil, 0, 0, err
			}
		case '#':
			var e blockEnd
			var done bool
			nodes, e, done, err = p.parseHash(nodes)
			if err != nil {
				return nil, 0, 0, err
			}
			if done {
				return mergeText(nodes), e, start, nil
			}
		default:
			j := strings.IndexAny(src[p.i:], "$#\\")
			if j < 0 {
				j = len(src)
			} else {
				j += p.i
			}
			nodes = p.text(nodes, start, j, isSpaceTab(src[start:j]))
			p.i = j
		}
	}
	return mergeText(nodes), endEOF, p.i, nil
}

func isSpaceTab(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' {
			return false
		}
	}
	return len(s) > 0
}

func (p *parser) text(nodes []node, from, to int, gobble bool) []node {
	if from >= to {
		return nodes
	}
	return append(nodes, &textNode{pos: p.pos(from), s: p.src[from:to], gobble: gobble})
}

func (p *parser) textString(nodes []node, at int, s string) []node {
	if s == "" {
		return nodes
	}
	return append(nodes, &textNode{pos: p.pos(at), s: s})
}

// mergeText joins adjacent text nodes once #set gobbling no longer needs them apart.
func mergeText(nodes []node) []node {
	out := nodes[:0]
	for _, n := range nodes {
		if t, ok := n.(*textNode); ok {
			if len(out) > 0 {
				if prev, ok := out[len(out)-1].(*textNode); ok {
					out[len(out)-1] = &textNode{pos: prev.pos, s: prev.s + t.s}
					continue
				}
			}
		}
		out = append(out, n)
	}
	return out
}

// parseBackslash handles a run of backslashes. Velocity 1.7 rules (Parser.jjt
// DOLLAR / ESCAPE_DIRECTIVE / Escape(), ASTReference.getRoot):
//   - before a reference they belong to it (rendered by evalRef's escape logic);
//   - an odd run before a known directive escapes it: "\#if" renders "#if", and
//     "\\\#if" renders "\#if"; before an unknown word they are kept as written;
//   - an even run before a known directive renders half of them and the directive
//     still runs: "\\#if(true)x#end" renders "\x";
//   - anywhere else a backslash is just a character.
func (p *parser) parseBackslash(nodes []node) ([]node, error) {
	src := p.src
	start := p.i
	j := start
	for j < len(src) && src[j] == '\\' {
		j++
	}
	n := j - start
	if j < len(src) && src[j] == '$' {
		r, ok, err := p.parseRef(j, n)
		if err != nil {
			return nil, err
		}
		if ok {
			return append(nodes, r), nil
		}
		p.i = j + 1
		return p.text(nodes, start, j+1, false), nil
	}
	if j < len(src) && src[j] == '#' {
		if name, after, ok := directiveName(src, j); ok {
			known := knownDirectives[name] || p.t.macros[name] != nil
			if n%2 == 1 {
				p.i = after
				if known {
					return p.textString(nodes, start, strings.Repeat(`\`, (n-1)/2)+src[j:after]), nil
				}
				return p.text(nodes, start, after, false), nil
			}
			// Escape(): "#set(" is a SET_DIRECTIVE token, which the control check misses.
			control := known
			if name == "set" {
				control = false
			}
			p.i = j
			if control {
				return p.textString(nodes, start, strings.Repeat(`\`, n/2)), nil
			}
			return p.text(nodes, start, j, false), nil
		}
	}
	p.i = j
	return p.text(nodes, start, j, false), nil
}

// parseHash handles everything that starts with '#'. done reports a block terminator.
func (p *parser) parseHash(nodes []node) (_ []node, end blockEnd, done bool, err error) {
	src := p.src
	start := p.i
	rest := src[start:]
	switch {
	case strings.HasPrefix(rest, "##"):
		// Line comment: everything up to and including the line break disappears.
		nl := strings.IndexAny(rest, "\r\n")
		if nl < 0 {
			p.i = len(src)
		} else {
			p.i = start + nl
			if strings.HasPrefix(src[p.i:], "\r\n") {
				p.i += 2
			} else {
				p.i++
			}
		}
		return nodes, 0, false, nil
	case strings.HasPrefix(rest, "#*"):
		k := strings.Index(src[start+2:], "*#")
		if k < 0 {
			return nil, 0, false, p.errAt(len(src), "unclosed comment #* (opened at %s)", p.opened(start))
		}
		p.i = start + 2 + k + 2
		return nodes, 0, false, nil
	case strings.HasPrefix(rest, "#[["):
		k := strings.Index(src[start+3:], "]]#")
		if k < 0 {
			return nil, 0, false, p.errAt(len(src), "unclosed #[[ (opened at %s)", p.opened(start))
		}
		p.i = start + 3 + k + 3
		return p.text(nodes, start+3, start+3+k, false), 0, false, nil
	}
	name, after, ok := directiveName(src, start)
	if !ok {
		p.i = start + 1
		return p.text(nodes, start, start+1, false), 0, false, nil
	}
	switch name {
	case "end":
		p.i = after
		p.eatLineEnd()
		return nodes, endEnd, true, nil
	case "else":
		p.i = after
		p.eatLineEnd()
		return nodes, endElse, true, nil
	case "elseif":
		p.i = after
		return nodes, endElseIf, true, nil
	case "set":
		if open, ok := setOpen(src, after); ok {
			nodes = gobbleBeforeSet(nodes)
			p.i = open
			n, err := p.parseSet(start)
			if err != nil {
				return nil, 0, false, err
			}
			return append(nodes, n), 0, false, nil
		}
	case "if":
		p.i = after
		n, err := p.parseIf(start)
		if err != nil {
			return nil, 0, false, err
		}
		return append(nodes, n), 0, false, nil
	case "stop":
		p.i = after
		return append(nodes, &stopNode{pos: p.pos(start)}), 0, false, nil
	}
	n, err := p.parseDirective(start, name, after)
	if err != nil {
		return nil, 0, false, err
	}
	return append(nodes, n), 0, false, nil
}

// gobbleBeforeSet drops the spaces/tabs right before #set when they formed a whole
// TEXT token: 1.7's SET_DIRECTIVE token is (" "|"\t")* "#set" ..., and JavaCC's longest
// match lets it swallow indentation only when that indentation starts a token (after
// a directive, a reference, a comment or at the start of a block), never when it ends
// a longer run of text such as "x\n  ". Velocity 2.x documents the same rule for its
// backward-compatible "bc" mode (ASTSetDirective: "prefix is eaten only if previous
// token is not a text node").
func gobbleBeforeSet(nodes []node) []node {
	if len(nodes) > 0 {
		if t, ok := nodes[len(nodes)-1].(*textNode); ok && t.gobble {
			return nodes[:len(nodes)-1]
		}
	}
	return nodes
}

// expectClose consumes the ")" that closes a directive and the line end it eats.
func (p *parser) expectClose(what string, openAt int) error {
	p.skipWS()
	tk := p.lexAt(p.i)
	if tk.kind != tRParen {
		return p.errAt(tk.start, "expected ')' to close %s (opened at %s), found %s", what, p.opened(openAt), p.describe(tk))
	}
	p.i = tk.end
	p.eatLineEnd()
	return nil
}

func (p *parser) describe(tk token) string {
	switch tk.kind {
	case tEOF:
		return "end of template"
	case tBad:
		if tk.start < len(p.src) && (p.src[tk.start] == '"' || p.src[tk.start] == '\'') {
			return "unclosed string literal"
		}
	}
	s := p.src[tk.start:tk.end]
	if len(s) > 20 {
		s = s[:20] + "..."
	}
	return strconv.Quote(s)
}

func (p *parser) parseSet(start int) (node, error) {
	if err := p.enter(start); err != nil {
		return nil, err
	}
	defer p.leave()
	p.skipWS()
	if p.i >= len(p.src) || p.src[p.i] != '$' {
		return nil, p.errAt(p.i, "#set: expected a reference like $name on the left of '='")
	}
	lhs, ok, err := p.parseRef(p.i, 0)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, p.errAt(p.i, "#set: expected a reference like $name on the left of '='")
	}
	p.skipWS()
	tk := p.lexAt(p.i)
	if tk.kind != tAssign {
		return nil, p.errAt(tk.start, "#set: expected '=' after %s, found %s", lhs.lit, p.describe(tk))
	}
	p.i = tk.end
	rhs, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	if err := p.expectClose("#set", start); err != nil {
		return nil, err
	}
	return &setNode{pos: p.pos(start), lhs: lhs, rhs: rhs}, nil
}

// parseCond parses "( expression )" after #if / #elseif.
func (p *parser) parseCond(what string, start int) (expr, error) {
	p.skipWS()
	tk := p.lexAt(p.i)
	if tk.kind != tLParen {
		return nil, p.errAt(tk.start, "expected '(' after %s, found %s", what, p.describe(tk))
	}
	p.i = tk.end
	cond, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	if err := p.expectClose(what, start); err != nil {
		return nil, err
	}
	return cond, nil
}

func (p *parser) parseIf(start int) (node, error) {
	if err := p.enter(start); err != nil {
		return nil, err
	}
	defer p.leave()
	n := &ifNode{pos: p.pos(start)}
	cond, err := p.parseCond("#if", start)
	if err != nil {
		return nil, err
	}
	for {
		body, end, endPos, err := p.parseBlock()
		if err != nil {
			return nil, err
		}
		if n.hasElse {
			n.elseBody = body
		} else {
			n.branches = append(n.branches, ifBranch{cond: cond, body: body})
		}
		switch end {
		case endEOF:
			return nil, p.errAt(endPos, "unclosed #if (opened at %s)", p.opened(start))
		case endEnd:
			return n, nil
		case endElse:
			if n.hasElse {
				return nil, p.errAt(endPos, "#else after #else in #if (opened at %s)", p.opened(start))
			}
			n.hasElse = true
		case endElseIf:
			if n.hasElse {
				return nil, p.errAt(endPos, "#elseif after #else in #if (opened at %s)", p.opened(start))
			}
			if cond, err = p.parseCond("#elseif", endPos); err != nil {
				return nil, err
			}
		}
	}
}

// parseBody parses a block directive's body up to its #end; endPos is the #end's '#'.
func (p *parser) parseBody(what string, start int) (body []node, endPos int, err error) {
	body, end, endPos, err := p.parseBlock()
	if err != nil {
		return nil, 0, err
	}
	switch end {
	case endEOF:
		return nil, 0, p.errAt(endPos, "unclosed %s (opened at %s)", what, p.opened(start))
	case endElse, endElseIf:
		return nil, 0, p.errAt(endPos, "#%s without #if (inside %s opened at %s)", endName(end), what, p.opened(start))
	}
	return body, endPos, nil
}

// parseDirective handles pluggable directives (#foreach, #define, #macro, #break,
// #evaluate, #include, #parse, #literal), block macro calls (#@name) and everything
// else that looks like "#word": a macro call if a macro of that name exists when the
// template renders, otherwise literal text (1.7's RuntimeMacro).
func (p *parser) parseDirective(start int, name string, after int) (node, error) {
	if err := p.enter(start); err != nil {
		return nil, err
	}
	defer p.leave()
	src := p.src
	paren, hasArgs := leftParen(src, after)
	var args []expr
	if hasArgs {
		p.i = paren + 1
		var err error
		if args, err = p.parseDirectiveArgs(name, start); err != nil {
			return nil, err
		}
	} else {
		p.i = after
	}
	what := "#" + name
	pos := p.pos(start)
	switch name {
	case "foreach":
		if !hasArgs {
			return nil, p.errAt(after, "#foreach needs arguments: #foreach($item in $list)")
		}
		ref, ok0 := argAt(args, 0).(*refNode)
		in, ok1 := argAt(args, 1).(*wordArg)
		if len(args) != 3 || !ok0 || len(ref.parts) > 0 || !ok1 || in.w != "in" {
			return nil, p.errAt(start, "#foreach arguments must be ($item in <collection>)")
		}
		body, _, err := p.parseBody(what, start)
		if err != nil {
			return nil, err
		}
		return &foreachNode{pos: pos, varName: ref.root, varSlot: ref.slot, iter: args[2], body: body}, nil
	case "define":
		ref, ok := argAt(args, 0).(*refNode)
		if !hasArgs || len(args) != 1 || !ok || len(ref.parts) > 0 {
			return nil, p.errAt(start, "#define needs exactly one argument: #define($name)")
		}
		body, _, err := p.parseBody(what, start)
		if err != nil {
			return nil, err
		}
		return &defineNode{pos: pos, name: ref.root, slot: ref.slot, body: body}, nil
	case "macro":
		if !hasArgs || len(args) == 0 {
			return nil, p.errAt(start, "a macro declaration requires at least a name argument: #macro(name $arg)")
		}
		w, ok := args[0].(*wordArg)
		if !ok {
			return nil, p.errAt(args[0].offset(), "invalid first arg in #macro() directive - must be a word token (no ' or \" surrounding)")
		}
		def := &macroDef{pos: pos, name: w.w}
		for i, a := range args[1:] {
			r, ok := a.(*refNode)
			if !ok || len(r.parts) > 0 {
				return nil, p.errAt(a.offset(), "#macro %s: argument %d must be a simple reference like $name", w.w, i+1)
			}
			def.params = append(def.params, r.root)
		}
		body, _, err := p.parseBody(what, start)
		if err != nil {
			return nil, err
		}
		def.body = body
		// Registered at parse time, so calls that precede the definition work too,
		// as 1.7 registers inline macros while parsing (Parser.Directive doItNow).
		p.t.macros[w.w] = def
		return &textNode{pos: pos}, nil // a definition prints nothing where it stands
	case "literal":
		// #literal() ... #end (deprecated in 1.7 in favour of #[[ ]]#) prints its body
		// unparsed. The body is still parsed (as 1.7 does) so #end pairs up.
		bodyStart := p.i
		_, bodyEnd, err := p.parseBody(what, start)
		if err != nil {
			return nil, err
		}
		return &textNode{pos: pos, s: src[bodyStart:bodyEnd]}, nil
	case "break":
		if len(args) > 1 {
			return nil, p.errAt(start, "#break accepts at most one scope argument, like #break($foreach)")
		}
		return &breakNode{pos: pos, scope: argAt(args, 0)}, nil
	case "evaluate":
		if len(args) != 1 {
			return nil, p.errAt(start, "#evaluate needs exactly one argument")
		}
		return &evaluateNode{pos: pos, arg: args[0]}, nil
	case "include", "parse":
		return &unsupportedNode{pos: pos, name: name}, nil
	}
	if strings.HasPrefix(name, "@") {
		if !hasArgs {
			return nil, p.errAt(start, "block macro call %s needs parentheses: %s()", what, what)
		}
		body, _, err := p.parseBody(what, start)
		if err != nil {
			return nil, err
		}
		return &callNode{pos: pos, name: name[1:], args: args, src: src[start:p.i], block: true, body: body}, nil
	}
	return &callNode{pos: pos, name: name, args: args, src: src[start:p.i]}, nil
}

func argAt(args []expr, i int) expr {
	if i < len(args) {
		return args[i]
	}
	return nil
}

// parseDirectiveArgs parses "arg arg, arg )" (commas optional) after the "(".
func (p *parser) parseDirectiveArgs(name string, start int) ([]expr, error) {
	var args []expr
	for {
		p.skipWS()
		tk := p.lexAt(p.i)
		if tk.kind == tComma {
			p.i = tk.end
			p.skipWS()
			tk = p.lexAt(p.i)
		}
		if tk.kind == tRParen {
			p.i = tk.end
			p.eatLineEnd()
			return args, nil
		}
		if tk.kind == tWord {
			// Words are only meaningful as #foreach's "in" and a #macro's name; 1.7
			// rejects them in other built-in directives (MacroParseException).
			pos := len(args)
			if knownDirectives[name] && !(name == "foreach" && pos == 1) && !(name == "macro" && pos == 0) {
				return nil, p.errAt(tk.start, "invalid arg #%d in directive #%s: %s", pos, name, p.describe(tk))
			}
			p.i = tk.end
			args = append(args, &wordArg{pos: p.pos(tk.start), w: p.src[tk.start:tk.end]})
			continue
		}
		if tk.kind == tEOF {
			return nil, p.errAt(tk.start, "expected ')' to close #%s (opened at %s), found end of template", name, p.opened(start))
		}
		a, err := p.parseValue(false)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
	}
}

// parseRef parses a reference whose '$' is at d, preceded by esc backslashes. It
// returns ok=false, consuming nothing, when the text is not a reference: "$", "$5",
// "$ x" and "${ x}" are plain text in Velocity.
//
// Grammar (1.7): "$" ["!"] ( IDENT TAIL | "{" IDENT TAIL "}" ), TAIL = INDEX* ( "."
// ALPHA... ( "(" args ")" )? INDEX* )*. A "." only continues the reference when a
// letter follows it (DOT: "." ALPHA_CHAR), so "$name." and "$name.5" end at "$name".
func (p *parser) parseRef(d, esc int) (*refNode, bool, error) {
	src := p.src
	i := d + 1
	quiet := false
	if i < len(src) && src[i] == '!' {
		quiet = true
		i++
	}
	formal := false
	if i < len(src) && src[i] == '{' {
		formal = true
		i++
	}
	if i >= len(src) || !isIdentStart(src[i]) {
		return nil, false, nil
	}
	if err := p.enter(d); err != nil {
		return nil, false, err
	}
	defer p.leave()
	j := i + 1
	for j < len(src) && isIdentChar(src[j]) {
		j++
	}
	r := &refNode{pos: p.pos(d), root: src[i:j], quiet: quiet, esc: esc, slot: p.t.slot(src[i:j])}
	i = j
	for {
		if i < len(src) && src[i] == '[' {
			p.i = i + 1
			idx, err := p.parseIndex()
			if err != nil {
				return nil, false, err
			}
			r.parts = append(r.parts, refPart{pos: p.pos(i), kind: partIndex, index: idx})
			i = p.i
			continue
		}
		if i+1 < len(src) && src[i] == '.' && isAlpha(src[i+1]) {
			k := i + 2
			for k < len(src) && isIdentChar(src[k]) {
				k++
			}
			name := src[i+1 : k]
			part := refPart{pos: p.pos(i + 1), kind: partProp, name: name,
				getters: [4]string{"get" + upperFirst(name), "", "is" + upperFirst(name), ""}}
			if upperFirst(name) != name {
				part.getters[1], part.getters[3] = "get"+name, "is"+name
			}
			i = k
			if i < len(src) && src[i] == '(' {
				p.i = i + 1
				args, err := p.parseMethodArgs(part.pos)
				if err != nil {
					return nil, false, err
				}
				part.kind, part.args = partMethod, args
				i = p.i
			}
			r.parts = append(r.parts, part)
			continue
		}
		break
	}
	if formal {
		if i >= len(src) || src[i] != '}' {
			return nil, false, p.errAt(i, "unclosed ${...} reference: expected '}' after %s", src[d:i])
		}
		i++
	}
	r.lit = src[d:i]
	p.i = i
	return r, true, nil
}

// parseMethodArgs parses Method(): "(" [ Parameter ( "," Parameter )* ] ")". Parameters
// are values, not expressions: 1.7 rejects $a.m($x + 1).
func (p *parser) parseMethodArgs(at int) ([]expr, error) {
	var args []expr
	p.skipWS()
	if tk := p.lexAt(p.i); tk.kind == tRParen {
		p.i = tk.end
		return args, nil
	}
	for {
		a, err := p.parseValue(false)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		p.skipWS()
		tk := p.lexAt(p.i)
		switch tk.kind {
		case tComma:
			p.i = tk.end
		case tRParen:
			p.i = tk.end
			return args, nil
		default:
			return nil, p.errAt(tk.start, "expected ',' or ')' in method arguments, found %s (method arguments must be values, not expressions)", p.describe(tk))
		}
	}
}

// parseIndex parses IndexParameter "]": a string, integer, boolean or reference.
func (p *parser) parseIndex() (expr, error) {
	p.skipWS()
	tk := p.lexAt(p.i)
	var e expr
	var err error
	switch tk.kind {
	case tString, tInt, tTrue, tFalse, tDollar:
		e, err = p.parseValue(false)
		if err != nil {
			return nil, err
		}
	default:
		return nil, p.errAt(tk.start, "invalid index: expected a string, integer or reference inside [ ], found %s", p.describe(tk))
	}
	p.skipWS()
	tk = p.lexAt(p.i)
	if tk.kind != tRBrack {
		return nil, p.errAt(tk.start, "expected ']' to close index, found %s", p.describe(tk))
	}
	p.i = tk.end
	return e, nil
}

// Expressions: precedence climbing over 1.7's grammar
//   or: and ( ("||"|"or") and )*      and: eq ( ("&&"|"and") eq )*
//   eq: rel ( ("=="|"eq"|"!="|"ne") rel )*   rel: add ( <,<=,>,>=,lt,le,gt,ge add )*
//   add: mul ( ("+"|"-") mul )*       mul: unary ( ("*"|"/"|"%") unary )*
//   unary: ("!"|"not") unary | primary

var levels = []map[tokKind]binOp{
	{tOr: opOr},
	{tAnd: opAnd},
	{tEq: opEq, tNe: opNe},
	{tLt: opLt, tLe: opLe, tGt: opGt, tGe: opGe},
	{tPlus: opAdd, tMinus: opSub},
	{tMul: opMul, tDiv: opDiv, tMod: opMod},
}

func (p *parser) parseExpr() (expr, error) {
	if err := p.enter(p.i); err != nil {
		return nil, err
	}
	defer p.leave()
	return p.parseLevel(0)
}

func (p *parser) parseLevel(l int) (expr, error) {
	if l == len(levels) {
		return p.parseUnary()
	}
	p.skipWS()
	start := p.i
	left, err := p.parseLevel(l + 1)
	if err != nil {
		return nil, err
	}
	for {
		p.skipWS()
		tk := p.lexAt(p.i)
		op, ok := levels[l][tk.kind]
		if !ok {
			return left, nil
		}
		p.i = tk.end
		right, err := p.parseLevel(l + 1)
		if err != nil {
			return nil, err
		}
		left = &binary{pos: p.pos(tk.start), op: op, l: left, r: right, lit: strings.TrimSpace(p.src[start:p.i])}
	}
}

func (p *parser) parseUnary() (expr, error) {
	p.skipWS()
	tk := p.lexAt(p.i)
	if tk.kind == tNot {
		if err := p.enter(tk.start); err != nil {
			return nil, err
		}
		defer p.leave()
		p.i = tk.end
		x, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &notExpr{pos: p.pos(tk.start), x: x, lit: p.src[tk.start:p.i]}, nil
	}
	return p.parseValue(true)
}

// parseValue parses a primary. With inExpr=false it is 1.7's Parameter/DirectiveArg:
// literals, references, lists, maps and ranges but no parenthesised expressions.
func (p *parser) parseValue(inExpr bool) (expr, error) {
	p.skipWS()
	tk := p.lexAt(p.i)
	start := tk.start
	pos := p.pos(start)
	switch tk.kind {
	case tString:
		p.i = tk.end
		return p.stringLit(tk)
	case tInt:
		p.i = tk.end
		lit := p.src[start:tk.end]
		v, err := strconv.ParseInt(lit, 10, 64)
		if err != nil {
			return nil, p.errAt(start, "integer literal %s is out of range", lit)
		}
		return &intLit{pos: pos, v: int(v), lit: lit}, nil
	case tFloat:
		p.i = tk.end
		lit := p.src[start:tk.end]
		v, err := strconv.ParseFloat(lit, 64)
		if err != nil {
			return nil, p.errAt(start, "invalid number %s", lit)
		}
		return &floatLit{pos: pos, v: v, lit: lit}, nil
	case tTrue, tFalse:
		p.i = tk.end
		return &boolLit{pos: pos, v: tk.kind == tTrue, lit: p.src[start:tk.end]}, nil
	case tDollar:
		r, ok, err := p.parseRef(start, 0)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, p.errAt(start, "expected a reference after '$'")
		}
		return r, nil
	case tLBrack:
		return p.parseListOrRange()
	case tLBrace:
		return p.parseMap()
	case tLParen:
		if inExpr {
			if err := p.enter(start); err != nil {
				return nil, err
			}
			defer p.leave()
			p.i = tk.end
			x, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			p.skipWS()
			cl := p.lexAt(p.i)
			if cl.kind != tRParen {
				return nil, p.errAt(cl.start, "expected ')' to close '(' opened at %s, found %s", p.opened(start), p.describe(cl))
			}
			p.i = cl.end
			return &parenExpr{pos: pos, x: x, lit: p.src[start:p.i]}, nil
		}
	case tBad:
		if c := p.src[start]; c == '"' || c == '\'' {
			return nil, p.errAt(start, "unclosed string literal")
		}
	case tWord:
		if w := p.src[start:tk.end]; w == "null" {
			return nil, p.errAt(start, "'null' is not a literal in Velocity 1.7 (AWS would reject this template); test for null with #if(!$x) or compare against an undefined reference such as $null")
		}
	}
	if inExpr {
		return nil, p.errAt(start, "unexpected %s in expression", p.describe(tk))
	}
	return nil, p.errAt(start, "unexpected %s: expected a value (string, number, boolean, reference, list, map or range)", p.describe(tk))
}

func (p *parser) stringLit(tk token) (expr, error) {
	raw := p.src[tk.start:tk.end]
	quote := raw[0]
	body := raw[1 : len(raw)-1]
	val := stringValue(body, quote)
	lit := &strLit{pos: p.pos(tk.start), s: val, lit: raw}
	// ASTStringLiteral interpolates a double-quoted literal holding '$' or '#' by parsing
	// it as a template (runtime.interpolate.string.literals = true by default).
	if quote != '"' || !strings.ContainsAny(raw, "$#") {
		return lit, nil
	}
	if err := p.enter(tk.start); err != nil {
		return nil, err
	}
	defer p.leave()
	var sub *parser
	if val == body && p.fixed < 0 {
		// Unchanged body: parse it in place so inner errors carry exact positions.
		sub = newParser(p.t, p.src[:tk.end-1], tk.start+1, nil)
	} else {
		at := p.pos(tk.start)
		sub = newParser(p.t, val, 0, &at)
	}
	sub.depth = p.depth
	nodes, end, endPos, err := sub.parseBlock()
	if err != nil {
		return nil, err
	}
	if end != endEOF {
		return nil, sub.errAt(endPos, "unexpected #%s inside string literal: no open #if, #foreach, #define or #macro", endName(end))
	}
	lit.interp = nodes
	return lit, nil
}

func (p *parser) parseListOrRange() (expr, error) {
	start := p.i
	if err := p.enter(start); err != nil {
		return nil, err
	}
	defer p.leave()
	p.i++ // '['
	p.skipWS()
	// IntegerRange: "[" (Reference | IntegerLiteral) ".." (Reference | IntegerLiteral) "]".
	if tk := p.lexAt(p.i); tk.kind == tInt || tk.kind == tDollar {
		save := p.i
		from, err := p.parseValue(false)
		if err == nil {
			p.skipWS()
			if dd := p.lexAt(p.i); dd.kind == tDotDot {
				p.i = dd.end
				p.skipWS()
				to, err := p.parseValue(false)
				if err != nil {
					return nil, err
				}
				switch to.(type) {
				case *intLit, *refNode:
				default:
					return nil, p.errAt(to.offset(), "range bounds must be integers or references")
				}
				p.skipWS()
				cl := p.lexAt(p.i)
				if cl.kind != tRBrack {
					return nil, p.errAt(cl.start, "expected ']' to close range opened at %s, found %s", p.opened(start), p.describe(cl))
				}
				p.i = cl.end
				return &rangeLit{pos: p.pos(start), from: from, to: to, lit: p.src[start:p.i]}, nil
			}
		}
		p.i = save
	}
	l := &listLit{pos: p.pos(start)}
	if tk := p.lexAt(p.i); tk.kind == tRBrack {
		p.i = tk.end
		l.lit = p.src[start:p.i]
		return l, nil
	}
	for {
		item, err := p.parseValue(false)
		if err != nil {
			return nil, err
		}
		l.items = append(l.items, item)
		p.skipWS()
		tk := p.lexAt(p.i)
		switch tk.kind {
		case tComma:
			p.i = tk.end
		case tRBrack:
			p.i = tk.end
			l.lit = p.src[start:p.i]
			return l, nil
		default:
			return nil, p.errAt(tk.start, "expected ',' or ']' in list opened at %s, found %s", p.opened(start), p.describe(tk))
		}
	}
}

func (p *parser) parseMap() (expr, error) {
	start := p.i
	if err := p.enter(start); err != nil {
		return nil, err
	}
	defer p.leave()
	p.i++ // '{'
	m := &mapLit{pos: p.pos(start)}
	p.skipWS()
	if tk := p.lexAt(p.i); tk.kind == tRBrace {
		p.i = tk.end
		m.lit = p.src[start:p.i]
		return m, nil
	}
	for {
		k, err := p.parseValue(false)
		if err != nil {
			return nil, err
		}
		p.skipWS()
		tk := p.lexAt(p.i)
		if tk.kind != tColon {
			return nil, p.errAt(tk.start, "expected ':' after map key, found %s", p.describe(tk))
		}
		p.i = tk.end
		v, err := p.parseValue(false)
		if err != nil {
			return nil, err
		}
		m.keys = append(m.keys, k)
		m.vals = append(m.vals, v)
		p.skipWS()
		tk = p.lexAt(p.i)
		switch tk.kind {
		case tComma:
			p.i = tk.end
		case tRBrace:
			p.i = tk.end
			m.lit = p.src[start:p.i]
			return m, nil
		default:
			return nil, p.errAt(tk.start, "expected ',' or '}' in map opened at %s, found %s", p.opened(start), p.describe(tk))
		}
	}
}
