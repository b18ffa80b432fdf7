package tui

import (
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// The ? box: every key of the screen and the global ones. At 80×24 a screen with many keys
// (a running lab, the explorer in a lab's workspace) was cut without a word, so a group
// taller than the window is laid out as columns side by side when there is room, and
// what still does not fit scrolls with j/k under a row that says what is below.

// helpGroups is what the ? box lists: the screen's keys, then the global ones.
func (a *app) helpGroups() [][]key.Binding {
	k := a.sh.keys
	groups := append([][]key.Binding{}, a.screens[a.active].Help().full...)
	global := []key.Binding{relabel(k.NextScreen, "tab", "next screen"), k.PrevScreen,
		relabel(k.Screens, "1-7", "go to screen"), relabel(k.Help, "?", "these keys"), k.Quit, relabel(k.ForceQuit, "ctrl+c", "quit at once"),
		relabel(k.Palette, ":", "command palette"), k.EditWorkspace, k.Deploy}
	if a.sh.wsName != a.sh.home {
		global = append(global, relabel(k.Home, "b", "back to "+filepath.Base(a.sh.home)+", the workspace you opened"))
	}
	return append(groups, global)
}

// helpLines is the ? box's key lines and the rows the window has for them.
func (a *app) helpLines() (lines []string, rows int) {
	// the content's height, less the box's border, its title and the blank line under it
	rows = max(1, max(minHeight, a.height)-3-4)
	return helpLayout(a.sh.styles, a.helpGroups(), max(20, a.width-8), rows), rows
}

func (a *app) helpBox() string {
	st := a.sh.styles
	lines, rows := a.helpLines()
	if len(lines) > rows {
		view := max(1, rows-1) // the last row says what is out of view
		a.helpOff = clamp(a.helpOff, 0, len(lines)-view)
		w := 0 // the box keeps its width while it scrolls
		for _, l := range lines {
			w = max(w, lipgloss.Width(l))
		}
		shown := append([]string{}, lines[a.helpOff:a.helpOff+view]...)
		shown[0] = padRight(shown[0], w)
		lines = append(shown, st.Status.Warn.Render(moreNote(a.helpOff, len(lines)-a.helpOff-view, "j", "k")))
	} else {
		a.helpOff = 0
	}
	body := st.Bold.Render("Keys · "+a.screens[a.active].Title()) + "\n\n" + strings.Join(lines, "\n")
	return st.Overlay.Padding(0, 2).Render(body)
}

// scrollHelp moves the ? box's window (clamped when drawn).
func (a *app) scrollHelp(msg tea.KeyMsg) {
	k := a.sh.keys
	_, rows := a.helpLines()
	switch {
	case key.Matches(msg, k.Down):
		a.helpOff++
	case key.Matches(msg, k.Up):
		a.helpOff = max(0, a.helpOff-1)
	case key.Matches(msg, k.PageDown):
		a.helpOff += max(1, rows/2)
	case key.Matches(msg, k.PageUp):
		a.helpOff = max(0, a.helpOff-max(1, rows/2))
	case key.Matches(msg, k.Top):
		a.helpOff = 0
	case key.Matches(msg, k.Bottom):
		a.helpOff = 1 << 20
	}
}

// helpFooter is the footer while the ? box shows.
func (a *app) helpFooter() []key.Binding {
	keys := []key.Binding{key.NewBinding(key.WithKeys("?"), key.WithHelp("?/esc", "close help"))}
	if lines, rows := a.helpLines(); len(lines) > rows {
		keys = append(keys, relabel(a.sh.keys.Down, "j/k", "scroll"))
	}
	return keys
}

// helpLayout lays the groups out in rows lines when it can, splitting groups taller than
// that into columns of at most r keys (r from the tallest group down); when no split fits,
// the shortest layout is returned and the box scrolls.
func helpLayout(st *Styles, groups [][]key.Binding, width, rows int) []string {
	var shown [][]key.Binding
	tallest := 0
	for _, g := range groups {
		var keep []key.Binding
		for _, b := range g {
			if b.Help().Key != "" {
				keep = append(keep, b)
			}
		}
		if len(keep) > 0 {
			shown = append(shown, keep)
			tallest = max(tallest, len(keep))
		}
	}
	var best []string
	for r := tallest; r >= 1; r-- {
		var cols [][]key.Binding
		for _, g := range shown {
			// balanced: 10 keys in columns of at most 4 are 4, 3, 3 rather than 4, 4, 2
			n := (len(g) + r - 1) / r
			for i := range n {
				cols = append(cols, g[i*len(g)/n:(i+1)*len(g)/n])
			}
		}
		lines := strings.Split(fullHelp(st, cols, width), "\n")
		if best == nil || len(lines) < len(best) {
			best = lines
		}
		if len(lines) <= rows {
			return lines
		}
	}
	return best
}

// fullHelp lays groups of bindings out as columns, wrapping to more rows when they do not
// fit the width; a description too long for the width wraps under itself.
func fullHelp(st *Styles, groups [][]key.Binding, width int) string {
	var cols []string
	for _, g := range groups {
		kw := 0
		for _, b := range g {
			kw = max(kw, lipgloss.Width(b.Help().Key))
		}
		var lines []string
		for _, b := range g {
			h := b.Help()
			if h.Key == "" {
				continue
			}
			desc := wrapIndent(h.Desc, max(10, width-kw-1), 0)
			lines = append(lines, st.Help.Key.Render(padRight(h.Key, kw))+" "+st.Help.Desc.Render(desc[0]))
			for _, d := range desc[1:] {
				lines = append(lines, strings.Repeat(" ", kw+1)+st.Help.Desc.Render(d))
			}
		}
		if len(lines) > 0 {
			cols = append(cols, strings.Join(lines, "\n"))
		}
	}
	var rows, row []string
	rw := 0
	for _, c := range cols {
		cw := lipgloss.Width(c)
		if len(row) > 0 && rw+3+cw > width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, rw = nil, 0
		}
		if len(row) > 0 {
			row = append(row, "   ")
			rw += 3
		}
		row = append(row, c)
		rw += cw
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return strings.Join(rows, "\n\n")
}
