package tui

import (
	"strings"

	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

// markdown is a glamour renderer kept for one wrap width (making one is not cheap).
type markdown struct {
	r *glamour.TermRenderer
	w int
}

// render renders lab and quiz text with glamour. In an ASCII terminal or with NO_COLOR the
// styling is taken out again: glamour's plain styles would leave **markers** in the text.
func (m *markdown) render(text string, w int) string {
	if m.r == nil || m.w != w {
		r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(max(20, w-4)))
		if err != nil {
			return wrap(text, w)
		}
		m.r, m.w = r, w
	}
	out, err := m.r.Render(text)
	if err != nil {
		return wrap(text, w)
	}
	if lipgloss.DefaultRenderer().ColorProfile() == termenv.Ascii {
		out = ansi.Strip(out)
	}
	return strings.Trim(out, "\n")
}
