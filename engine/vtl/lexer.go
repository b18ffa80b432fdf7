package vtl

import (
	"strconv"
	"strings"
)

// Lexical rules, transcribed from Velocity 1.7's Parser.jjt (apache/velocity-engine
// src/parser/Parser.jjt). VTL lexing is modal: plain text, references ($...), and the
// inside of a directive's parentheses ("directive mode") have different token sets,
// so the parser drives these helpers directly instead of using one token stream.

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Reference identifiers: IDENTIFIER = (ALPHA | "_") (ALPHA | DIGIT | "-" | "_")*.
// Note the hyphen: in 1.7 "$a-b" is the variable "a-b", not $a followed by "-b".
func isIdentStart(c byte) bool { return isAlpha(c) || c == '_' }
func isIdentChar(c byte) bool  { return isAlpha(c) || isDigit(c) || c == '-' || c == '_' }

// Directive words: WORD = (LETTER | "_" | "@") (LETTER | DIGIT | "_" | "@")*;
// BRACKETED_WORD = "{" (LETTER | "_") (LETTER | DIGIT | "_" | "@")* "}".
func isWordStart(c byte) bool { return isAlpha(c) || c == '_' || c == '@' }
func isWordChar(c byte) bool  { return isAlpha(c) || isDigit(c) || c == '_' || c == '@' }

type tokKind uint8

const (
	tEOF tokKind = iota
	tLParen
	tRParen
	tLBrack
	tRBrack
	tLBrace
	tRBrace
	tComma
	tDotDot
	tColon
	tAssign
	tOr
	tAnd
	tEq
	tNe
	tLt
	tLe
	tGt
	tGe
	tPlus
	tMinus
	tMul
	tDiv
	tMod
	tNot
	tString
	tInt
	tFloat
	tTrue
	tFalse
	tWord
	tDollar
	tBad
)

type token struct {
	kind       tokKind
	start, end int
}

// wordOps are the textual operators of directive mode (LOGICAL_AND: "&&" | "and", ...).
// JavaCC prefers the earlier-declared token on equal length, so these and true/false
// win over WORD only when the whole word matches.
var wordOps = map[string]tokKind{
	"and": tAnd, "or": tOr, "not": tNot,
	"eq": tEq, "ne": tNe, "lt": tLt, "le": tLe, "gt": tGt, "ge": tGe,
	"true": tTrue, "false": tFalse,
}

// skipWS skips directive-mode whitespace (WHITESPACE = [" ","\t","\n","\r"]+) and
// "##" line comments, which 1.7 also recognises inside directives.
func (p *parser) skipWS() {
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.i++
		case c == '#' && p.i+1 < len(p.src) && p.src[p.i+1] == '#':
			nl := strings.IndexAny(p.src[p.i:], "\r\n")
			if nl < 0 {
				p.i = len(p.src)
			} else {
				p.i += nl
			}
		default:
			return
		}
	}
}

// lexAt scans one directive-mode token starting at i (whitespace already skipped).
func (p *parser) lexAt(i int) token {
	src := p.src
	if i >= len(src) {
		return token{tEOF, i, i}
	}
	one := func(k tokKind) token { return token{k, i, i + 1} }
	two := func(k tokKind) token { return token{k, i, i + 2} }
	next := byte(0)
	if i+1 < len(src) {
		next = src[i+1]
	}
	switch c := src[i]; c {
	case '(':
		return one(tLParen)
	case ')':
		return one(tRParen)
	case '[':
		return one(tLBrack)
	case ']':
		return one(tRBrack)
	case '{':
		return one(tLBrace)
	case '}':
		return one(tRBrace)
	case ',':
		return one(tComma)
	case ':':
		return one(tColon)
	case '+':
		return one(tPlus)
	case '*':
		return one(tMul)
	case '/':
		return one(tDiv)
	case '%':
		return one(tMod)
	case '$':
		return one(tDollar)
	case '"', '\'':
		end, ok := scanString(src, i)
		if !ok {
			return token{tBad, i, len(src)}
		}
		return token{tString, i, end}
	case '=':
		if next == '=' {
			return two(tEq)
		}
		return one(tAssign)
	case '!':
		if next == '=' {
			return two(tNe)
		}
		return one(tNot)
	case '<':
		if next == '=' {
			return two(tLe)
		}
		return one(tLt)
	case '>':
		if next == '=' {
			return two(tGe)
		}
		return one(tGt)
	case '&':
		if next == '&' {
			return two(tAnd)
		}
	case '|':
		if next == '|' {
			return two(tOr)
		}
	case '.':
		if next == '.' {
			return two(tDotDot)
		}
		if isDigit(next) {
			return scanNumber(src, i)
		}
	case '-':
		// INTEGER_LITERAL and FLOATING_POINT_LITERAL start with an optional "-", and the
		// longest match wins, so "5 -3" is two numbers (a parse error), as in 1.7.
		if isDigit(next) || next == '.' && i+2 < len(src) && isDigit(src[i+2]) {
			return scanNumber(src, i)
		}
		return one(tMinus)
	default:
		if isDigit(c) {
			return scanNumber(src, i)
		}
		if isWordStart(c) {
			j := i + 1
			for j < len(src) && isWordChar(src[j]) {
				j++
			}
			if k, ok := wordOps[src[i:j]]; ok {
				return token{k, i, j}
			}
			return token{tWord, i, j}
		}
	}
	return token{tBad, i, i + 1}
}

// scanNumber implements INTEGER_LITERAL: "-"? DIGIT+ (with a following ".." left for
// the range operator) and FLOATING_POINT_LITERAL: "-"? DIGIT+ "." DIGIT* EXP? |
// "-"? "." DIGIT+ EXP? | "-"? DIGIT+ EXP.
func scanNumber(src string, i int) token {
	j := i
	if src[j] == '-' {
		j++
	}
	digits := func() {
		for j < len(src) && isDigit(src[j]) {
			j++
		}
	}
	exp := func() bool {
		if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
			k := j + 1
			if k < len(src) && (src[k] == '+' || src[k] == '-') {
				k++
			}
			if k < len(src) && isDigit(src[k]) {
				j = k
				digits()
				return true
			}
		}
		return false
	}
	if src[j] == '.' {
		j++
		digits()
		exp()
		return token{tFloat, i, j}
	}
	digits()
	if strings.HasPrefix(src[j:], "..") {
		return token{tInt, i, j}
	}
	if j < len(src) && src[j] == '.' {
		j++
		digits()
		exp()
		return token{tFloat, i, j}
	}
	if exp() {
		return token{tFloat, i, j}
	}
	return token{tInt, i, j}
}

// scanString finds the end of a string literal starting at quote offset i. Per the 1.7
// grammar a doubled quote (two double or two single quotes) inside the literal is an
// escaped quote; backslashes are ordinary characters, which is why AWS's documented
// $util.escapeJavaScript($x).replaceAll("\\'","'") passes the regex \\' to Java.
func scanString(src string, i int) (end int, ok bool) {
	q := src[i]
	j := i + 1
	for {
		k := strings.IndexByte(src[j:], q)
		if k < 0 {
			return 0, false
		}
		k += j
		if k+1 < len(src) && src[k+1] == q {
			j = k + 2
			continue
		}
		return k + 1, true
	}
}

// stringValue turns a literal's body into its value the way 1.7's ASTStringLiteral
// does: \uXXXX escapes are decoded in double-quoted strings, then doubled quotes are
// collapsed. No other backslash sequence is interpreted.
func stringValue(body string, quote byte) string {
	s := body
	if quote == '"' && strings.Contains(s, `\u`) {
		s = unescapeUnicode(s)
	}
	dq := string([]byte{quote, quote})
	if strings.Contains(s, dq) {
		s = strings.ReplaceAll(s, dq, string(quote))
	}
	return s
}

func unescapeUnicode(s string) string {
	var b strings.Builder
	for {
		k := strings.Index(s, `\u`)
		if k < 0 || k+6 > len(s) {
			b.WriteString(s)
			return b.String()
		}
		v, err := strconv.ParseUint(s[k+2:k+6], 16, 16)
		if err != nil {
			b.WriteString(s[:k+2])
			s = s[k+2:]
			continue
		}
		b.WriteString(s[:k])
		b.WriteString(string(utf16Decode([]uint16{uint16(v)})))
		s = s[k+6:]
	}
}

// eatLineEnd implements the one piece of 1.7 whitespace handling that lives in the
// lexer: a directive's closing ")" (RPAREN), #else and #end consume the spaces/tabs and
// ONE newline that follow them, when a newline follows ("( " " | "\t" )* ( "\n" | "\r"
// | "\r\n" )"). Spaces not followed by a newline stay in the output.
func (p *parser) eatLineEnd() {
	j := p.i
	for j < len(p.src) && (p.src[j] == ' ' || p.src[j] == '\t') {
		j++
	}
	switch {
	case strings.HasPrefix(p.src[j:], "\r\n"):
		p.i = j + 2
	case j < len(p.src) && (p.src[j] == '\n' || p.src[j] == '\r'):
		p.i = j + 1
	}
}

// directiveName reads "#word" or "#{word}" at i (src[i] == '#'). It returns the word
// and the offset just after it.
func directiveName(src string, i int) (name string, after int, ok bool) {
	j := i + 1
	if j < len(src) && src[j] == '{' {
		k := j + 1
		if k < len(src) && (isAlpha(src[k]) || src[k] == '_') {
			k++
			for k < len(src) && isWordChar(src[k]) {
				k++
			}
			if k < len(src) && src[k] == '}' {
				return src[j+1 : k], k + 1, true
			}
		}
		return "", 0, false
	}
	if j < len(src) && isWordStart(src[j]) {
		k := j + 1
		for k < len(src) && isWordChar(src[k]) {
			k++
		}
		return src[j:k], k, true
	}
	return "", 0, false
}

// setOpen matches SET_DIRECTIVE's tail: after "#set" / "#{set}", spaces or tabs and "(".
func setOpen(src string, after int) (int, bool) {
	j := after
	for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	if j < len(src) && src[j] == '(' {
		return j + 1, true
	}
	return 0, false
}

// leftParen is Parser.isLeftParenthesis: whitespace (newlines included) then "(".
func leftParen(src string, i int) (int, bool) {
	j := i
	for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r') {
		j++
	}
	if j < len(src) && src[j] == '(' {
		return j, true
	}
	return 0, false
}
