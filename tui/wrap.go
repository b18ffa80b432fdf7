package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Wrapping that is safe to copy from: lines break only at spaces, never inside a word, a
// flag (--patch-operations), a URL or a code span that fits on a line; no character is added
// or dropped (only the spaces at a break go). A word wider than the whole line is the one
// thing cut, at the width, so nothing is hidden.

// atom is a piece of text that stays on one line: a word, or a code span with its spaces.
type atom struct {
	s  string // may hold ANSI styles
	w  int    // display width
	sp string // the spaces before it in the text (dropped at a line break)
}

// wordAtoms splits one line of (possibly styled) text at its spaces. ANSI sequences hold no
// spaces, so each stays inside its word.
func wordAtoms(line string) []atom {
	var out []atom
	sp := ""
	for _, w := range strings.Split(line, " ") {
		if w == "" {
			sp += " "
			continue
		}
		out = append(out, atom{s: w, w: ansi.StringWidth(w), sp: sp})
		sp = " "
	}
	if len(out) > 0 && strings.HasSuffix(line, " ") {
		// trailing spaces stay with the last word (padding that was asked for)
		out[len(out)-1].s += strings.Repeat(" ", len(sp)-1)
		out[len(out)-1].w += len(sp) - 1
	}
	return out
}

// layout fills lines greedily with atoms: the first line firstW cells wide, the others restW
// (their indent is the caller's).
func layout(atoms []atom, firstW, restW int) []string {
	var lines []string
	var cur strings.Builder
	cw, limit := 0, max(1, firstW)
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		cw, limit = 0, max(1, restW)
	}
	prev := ""
	for _, a := range atoms {
		label := strings.HasSuffix(ansi.Strip(prev), ":")
		prev = a.s
		sp := a.sp
		if cw == 0 && len(lines) > 0 {
			sp = "" // a continuation line starts with the word
		}
		// a word that fits no line is cut anyway: after a label ("goal:") it starts beside it
		tooWide := label && a.w > max(1, restW) && limit-cw-len(sp) >= 8
		if cw > 0 && cw+len(sp)+a.w > limit && !tooWide {
			flush()
			sp = ""
		}
		if cw+len(sp)+a.w <= limit {
			cur.WriteString(sp + a.s)
			cw += len(sp) + a.w
			continue
		}
		// wider than a whole line: cut at the width, keeping every character
		cur.WriteString(sp)
		cw += len(sp)
		rest := a.s
		for ansi.StringWidth(rest) > limit-cw {
			n := max(1, limit-cw)
			cur.WriteString(ansi.Cut(rest, 0, n))
			rest = ansi.Cut(rest, n, ansi.StringWidth(rest))
			flush()
		}
		cur.WriteString(rest)
		cw += ansi.StringWidth(rest)
	}
	if cur.Len() > 0 || len(lines) == 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// wrapLines wraps text (each of its lines on its own) to width, the lines after the first of
// each paragraph indented by indent spaces.
func wrapLines(s string, width, indent int) []string {
	if width-indent < 8 {
		indent = 0
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if para == "" {
			out = append(out, "")
			continue
		}
		ls := layout(wordAtoms(para), width, width-indent)
		for i := 1; i < len(ls); i++ {
			ls[i] = strings.Repeat(" ", indent) + ls[i]
		}
		out = append(out, ls...)
	}
	return out
}
