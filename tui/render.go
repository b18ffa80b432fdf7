package tui

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Small rendering helpers shared by the screens. Everything is width-exact: a screen's View
// is exactly the size it was given, so the root can stack header, content and footer.

// truncate cuts s (which may hold ANSI styles) to width cells, ending with "…" when cut.
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if lipgloss.Width(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// padRight pads s with spaces to width cells (truncating when longer).
func padRight(s string, width int) string {
	s = truncate(s, width)
	if w := lipgloss.Width(s); w < width {
		s += strings.Repeat(" ", width-w)
	}
	return s
}

// fit makes a block exactly width × height: each line truncated and padded, lines cut or
// added.
func fit(s string, width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		lines[i] = padRight(l, width)
	}
	for len(lines) < height {
		lines = append(lines, strings.Repeat(" ", width))
	}
	return strings.Join(lines, "\n")
}

// wrap wraps s to width, breaking only at spaces (wrap.go).
func wrap(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return strings.Join(wrapLines(s, width, 0), "\n")
}

// wrapIndent wraps s to width with every line after the first indented by indent spaces.
func wrapIndent(s string, width, indent int) []string {
	return wrapLines(s, max(1, width), indent)
}

// pane draws a bordered box of exactly width × height with title set into the top border.
func pane(st *Styles, title, content string, width, height int, focused bool) string {
	if width < 4 || height < 2 {
		return fit("", width, height)
	}
	border := st.Pane.Border
	titleStyle := st.Pane.Title
	if focused {
		border = st.Pane.FocusedBorder
		titleStyle = st.Pane.FocusedTitle
	}
	bc := lipgloss.NewStyle().Foreground(border.GetBorderTopForeground())
	b := lipgloss.RoundedBorder()
	if focused {
		b = lipgloss.ThickBorder()
	}
	inner := width - 2
	t := ""
	if title != "" {
		t = " " + truncate(title, inner-4) + " "
	}
	fill := inner - 1 - lipgloss.Width(t)
	if fill < 0 {
		fill = 0
	}
	var sb strings.Builder
	sb.WriteString(bc.Render(b.TopLeft+b.Top) + titleStyle.Render(t) + bc.Render(strings.Repeat(b.Top, fill)+b.TopRight))
	body := fit(content, inner, height-2)
	if body != "" {
		for _, l := range strings.Split(body, "\n") {
			sb.WriteString("\n" + bc.Render(b.Left) + l + bc.Render(b.Right))
		}
	}
	sb.WriteString("\n" + bc.Render(b.BottomLeft+strings.Repeat(b.Bottom, inner)+b.BottomRight))
	return sb.String()
}

// prettyJSON indents a JSON document; anything else comes back as it was.
func prettyJSON(s string) string {
	t := strings.TrimSpace(s)
	if t == "" || (t[0] != '{' && t[0] != '[') || !json.Valid([]byte(t)) {
		return s
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(t), "", "  "); err != nil {
		return s
	}
	return buf.String()
}

// overlay draws box centred over a background block of width × height.
func overlay(bg, box string, width, height int) string {
	bgLines := strings.Split(fit(bg, width, height), "\n")
	boxLines := strings.Split(box, "\n")
	bw := lipgloss.Width(box)
	top := max(0, (height-len(boxLines))/2)
	left := max(0, (width-bw)/2)
	for i, l := range boxLines {
		y := top + i
		if y >= len(bgLines) {
			break
		}
		l = truncate(l, width-left)
		right := ansi.Cut(bgLines[y], left+lipgloss.Width(l), width)
		bgLines[y] = ansi.Cut(bgLines[y], 0, left) + l + right
	}
	return strings.Join(bgLines, "\n")
}

// clamp bounds v to [lo, hi].
func clamp(v, lo, hi int) int {
	if hi < lo {
		return lo
	}
	return max(lo, min(v, hi))
}

// wideLayout is the width from which Metrics, Logs and Scenarios put a detail beside their
// list or chart, as the flow view does (a 200-column window was mostly empty line ends).
const wideLayout = 160

// mainWidth is what the list or chart of a screen w wide keeps: all of it below
// wideLayout, 55% from it (the detail has the rest).
func mainWidth(w int) int {
	if w >= wideLayout {
		return w * 55 / 100
	}
	return w
}
