package tui

import (
	"regexp"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// markdown renders the markdown of lab and quiz text: paragraphs, # headings, - and 1.
// lists, fenced code blocks, **bold**, *emphasis* and `code`. It is ours rather than
// glamour's because glamour pulls in chroma's lexers and styles, whose init alone took
// longer than the whole start-up budget (issue 15), and because its wrapping broke commands
// and URLs: here lines break only at spaces, a code span stays whole when it fits, and no
// character is added or dropped (wrap.go).
type markdown struct{}

var (
	mdBold = lipgloss.NewStyle().Bold(true)
	mdEm   = lipgloss.NewStyle().Italic(true)
	mdCode = lipgloss.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#8B3A62", Dark: "#E0A96D"})
	mdHead = lipgloss.NewStyle().Bold(true).Foreground(lipgloss.AdaptiveColor{Light: "#1F4E79", Dark: "#7FB3E6"})
)

var (
	listItem = regexp.MustCompile(`^(\s*)([-*+]|\d+[.)])\s+`)
	heading  = regexp.MustCompile(`^#{1,6}\s+`)
)

// render lays text out for width w. Without colours (NO_COLOR, a pipe, the tests' ASCII
// profile) code spans keep their backticks, so a command still stands out.
func (m *markdown) render(text string, w int) string {
	plain := lipgloss.DefaultRenderer().ColorProfile() == termenv.Ascii
	w = max(10, w-1)
	var out []string
	var para []string
	paraIndent, paraPrefix := 0, ""
	flush := func() {
		if len(para) == 0 {
			return
		}
		atoms := inlineAtoms(strings.Join(para, " "), plain, w-paraIndent)
		lines := layout(atoms, w-lipgloss.Width(paraPrefix), w-paraIndent)
		for i, l := range lines {
			if i == 0 {
				lines[i] = paraPrefix + l
			} else {
				lines[i] = strings.Repeat(" ", paraIndent) + l
			}
		}
		out = append(out, lines...)
		para, paraIndent, paraPrefix = nil, 0, ""
	}
	inCode := false
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") {
			flush()
			inCode = !inCode
			continue
		}
		if inCode {
			// code lines keep their spaces; one too long is cut, not hidden
			for _, l := range layout([]atom{{s: line, w: ansi.StringWidth(line)}}, w-2, w-2) {
				out = append(out, "  "+code(l, plain))
			}
			continue
		}
		switch {
		case t == "":
			flush()
			if len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
		case heading.MatchString(t):
			flush()
			body := heading.ReplaceAllString(t, "")
			for _, l := range layout(inlineAtoms(body, plain, w), w, w) {
				out = append(out, mdHead.Render(l))
			}
		case listItem.MatchString(line):
			flush()
			mk := listItem.FindStringSubmatch(line)
			paraPrefix = strings.Repeat(" ", len(mk[1])) + mk[2] + " "
			paraIndent = len(paraPrefix)
			para = append(para, strings.TrimSpace(line[len(mk[0]):]))
		default:
			para = append(para, t)
		}
	}
	flush()
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}

func code(s string, plain bool) string {
	if plain {
		return s
	}
	return mdCode.Render(s)
}

// inlineAtoms turns a paragraph into atoms: words, with **bold** and *emphasis* styled and
// their markers gone; a `code span` is one atom (its spaces kept) when it fits in width.
func inlineAtoms(s string, plain bool, width int) []atom {
	var atoms []atom
	sp := ""
	bold, em := false, false
	var word strings.Builder
	ww := 0
	emit := func() {
		if ww > 0 {
			atoms = append(atoms, atom{s: word.String(), w: ww, sp: sp})
			sp = ""
		}
		word.Reset()
		ww = 0
	}
	add := func(text string) {
		if text == "" {
			return
		}
		st := lipgloss.NewStyle()
		if bold {
			st = st.Inherit(mdBold)
		}
		if em {
			st = st.Inherit(mdEm)
		}
		if !plain && (bold || em) {
			word.WriteString(st.Render(text))
		} else {
			word.WriteString(text)
		}
		ww += ansi.StringWidth(text)
	}
	for i := 0; i < len(s); {
		switch {
		case s[i] == ' ':
			emit()
			sp += " "
			i++
		case s[i] == '`':
			end := strings.IndexByte(s[i+1:], '`')
			if end < 0 {
				add(s[i:])
				i = len(s)
				continue
			}
			span := s[i+1 : i+1+end]
			if plain {
				span = "`" + span + "`"
			}
			i += end + 2
			if ansi.StringWidth(span)+ww <= width {
				if !plain {
					word.WriteString(mdCode.Render(span))
				} else {
					word.WriteString(span)
				}
				ww += ansi.StringWidth(span)
				continue
			}
			// a span wider than a line breaks at its own spaces
			for j, part := range strings.Split(span, " ") {
				if j > 0 {
					emit()
					sp += " "
				}
				if part != "" {
					word.WriteString(code(part, plain))
					ww += ansi.StringWidth(part)
				}
			}
		case strings.HasPrefix(s[i:], "**"):
			bold = !bold
			i += 2
		case s[i] == '*' && em:
			em = false
			i++
		case s[i] == '*' && i+1 < len(s) && s[i+1] != ' ' && strings.IndexByte(s[i+1:], '*') > 0:
			em = true
			i++
		default:
			j := i + 1
			for j < len(s) && s[j] != ' ' && s[j] != '`' && s[j] != '*' {
				j++
			}
			add(s[i:j])
			i = j
		}
	}
	emit()
	return atoms
}
