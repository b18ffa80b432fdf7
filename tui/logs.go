package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// logLine is one line of the logs screen: a request's heading or one of its execution-log
// lines.
type logLine struct {
	seq  int
	head bool
	text string
}

// logsScreen shows the execution log of recent requests, filterable with /.
type logsScreen struct {
	sh        *shared
	lines     []logLine
	visible   []int
	cursor    int
	offset    int
	filter    textinput.Model
	filtering bool
	follow    bool
	built     int // history.next when the lines were last made

	width, height int
}

func newLogsScreen(sh *shared) *logsScreen {
	f := textinput.New()
	f.Prompt = "/"
	f.Placeholder = "text to look for"
	f.PlaceholderStyle = sh.styles.Dim
	f.Cursor.SetMode(cursor.CursorStatic)
	return &logsScreen{sh: sh, filter: f, follow: true}
}

func (l *logsScreen) Title() string { return "Logs" }

func (l *logsScreen) Claims(tea.KeyMsg) bool { return l.filtering }

func (l *logsScreen) Help() helpKeys {
	k := l.sh.keys
	if l.filtering {
		return helpKeys{
			short: []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")), relabel(k.Back, "esc", "clear")},
			full:  [][]key.Binding{{k.Back, k.ForceQuit}},
		}
	}
	return helpKeys{
		short: []key.Binding{k.Move, k.Filter, k.Open},
		full: [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, relabel(k.Top, "g/G", "first/last line")},
			{relabel(k.Filter, "/", "filter lines"), relabel(k.Open, "enter", "the request's flow"), relabel(k.Back, "esc", "clear filter")}},
	}
}

func (l *logsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case responseMsg:
		l.rebuild()
	case tea.KeyMsg:
		return l.key(msg)
	}
	return nil
}

func (l *logsScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := l.sh.keys
	if l.filtering {
		switch msg.String() {
		case "enter":
			l.filtering = false
			l.filter.Blur()
			return nil
		case "esc":
			l.filtering = false
			l.filter.Blur()
			l.filter.SetValue("")
			l.apply()
			return nil
		}
		var cmd tea.Cmd
		l.filter, cmd = l.filter.Update(msg)
		l.apply()
		return cmd
	}
	page := max(1, l.listHeight()-1)
	switch {
	case key.Matches(msg, k.Filter):
		l.filtering = true
		return l.filter.Focus()
	case key.Matches(msg, k.Back):
		if l.filter.Value() != "" {
			l.filter.SetValue("")
			l.apply()
		}
	case key.Matches(msg, k.Up):
		l.move(-1)
	case key.Matches(msg, k.Down):
		l.move(1)
	case key.Matches(msg, k.PageUp):
		l.move(-page)
	case key.Matches(msg, k.PageDown):
		l.move(page)
	case key.Matches(msg, k.Top):
		l.move(-len(l.visible))
	case key.Matches(msg, k.Bottom):
		l.move(len(l.visible))
	case key.Matches(msg, k.Open):
		if len(l.visible) > 0 {
			seq := l.lines[l.visible[l.cursor]].seq
			return func() tea.Msg { return showFlowMsg{seq: seq} }
		}
	}
	return nil
}

func (l *logsScreen) move(d int) {
	if len(l.visible) == 0 {
		return
	}
	l.cursor = clamp(l.cursor+d, 0, len(l.visible)-1)
	l.follow = l.cursor == len(l.visible)-1
}

// rebuild makes the lines from the history.
func (l *logsScreen) rebuild() {
	l.lines = l.lines[:0]
	for _, en := range l.sh.history.entries {
		r := en.Resp
		head := fmt.Sprintf("#%d %s %s %s → %d · %s · %s", en.Seq, en.At.UTC().Format("15:04:05"), en.Req.Method, en.Req.Path, r.Status, fmtMs(r.Latency), r.RequestID)
		if en.WS != nil {
			head = wsLogHead(en)
		}
		l.lines = append(l.lines, logLine{seq: en.Seq, head: true, text: head})
		if r.Trace == nil {
			continue
		}
		for _, x := range r.Trace.Log {
			l.lines = append(l.lines, logLine{seq: en.Seq, text: x.At.UTC().Format("15:04:05") + " " + x.Text})
		}
		if r.AccessLog != "" {
			l.lines = append(l.lines, logLine{seq: en.Seq, text: "access log: " + r.AccessLog})
		}
	}
	l.built = l.sh.history.next
	l.apply()
}

// apply filters the lines: a request's heading stays when any of its lines match.
func (l *logsScreen) apply() {
	q := strings.ToLower(strings.TrimSpace(l.filter.Value()))
	l.visible = l.visible[:0]
	for i := 0; i < len(l.lines); {
		j := i + 1
		for j < len(l.lines) && !l.lines[j].head {
			j++
		}
		var keep []int
		for x := i + 1; x < j; x++ {
			if q == "" || strings.Contains(strings.ToLower(l.lines[x].text), q) {
				keep = append(keep, x)
			}
		}
		if q == "" || len(keep) > 0 || strings.Contains(strings.ToLower(l.lines[i].text), q) {
			l.visible = append(l.visible, i)
			l.visible = append(l.visible, keep...)
		}
		i = j
	}
	if l.follow || l.cursor >= len(l.visible) {
		l.cursor = max(0, len(l.visible)-1)
	}
}

func (l *logsScreen) SetSize(w, h int) {
	l.width, l.height = w, h
	l.filter.Width = max(10, w-4)
}

const logPreview = 4

func (l *logsScreen) listHeight() int {
	if l.wide() {
		return max(1, l.height-1) // the detail is beside the list, not under it
	}
	return max(1, l.height-2-logPreview)
}

// wide tells whether the selected request's detail shows beside the log.
func (l *logsScreen) wide() bool { return l.width >= wideLayout }

// listWidth is the width of the log lines.
func (l *logsScreen) listWidth() int { return mainWidth(l.width) }

func (l *logsScreen) View() string {
	if l.built != l.sh.history.next {
		l.rebuild() // requests opened from elsewhere (a scenario's chart) join the log
	}
	st := l.sh.styles
	var top string
	switch {
	case l.filtering || l.filter.Value() != "":
		top = l.filter.View()
		if !l.filtering {
			top = st.Match.Render("/"+l.filter.Value()) + st.Dim.Render("  (esc clears)")
		}
	default:
		top = st.Dim.Render(fmt.Sprintf("Execution and access logs · %d requests · / filter · enter: flow view", len(l.sh.history.entries)))
	}
	lines := []string{truncate(top, l.width)}
	if len(l.lines) == 0 {
		lines = append(lines, "", wrap("No requests yet: send one from the Explorer (1) and its execution log shows here, as API Gateway writes it to CloudWatch Logs.", l.width))
		return fit(strings.Join(lines, "\n"), l.width, l.height)
	}
	if len(l.visible) == 0 {
		lines = append(lines, st.Dim.Render("no line matches"))
		return fit(strings.Join(lines, "\n"), l.width, l.height)
	}
	h := l.listHeight()
	w := l.listWidth()
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+h {
		l.offset = l.cursor - h + 1
	}
	l.offset = clamp(l.offset, 0, max(0, len(l.visible)-h))
	q := strings.TrimSpace(l.filter.Value())
	for i := l.offset; i < len(l.visible) && i < l.offset+h; i++ {
		ln := l.lines[l.visible[i]]
		text := "  " + ln.text
		if ln.head {
			text = ln.text
		}
		if i == l.cursor {
			lines = append(lines, st.Selected.Render(padRight("›"+text[1:], w)))
			continue
		}
		styled := truncate(text, w)
		if ln.head {
			styled = st.Bold.Render(styled)
		} else if q != "" {
			styled = highlight(st, styled, q)
		}
		lines = append(lines, styled)
	}
	sel := l.lines[l.visible[l.cursor]]
	if l.wide() {
		list := fit(strings.Join(lines, "\n"), w, l.height)
		return lipgloss.JoinHorizontal(lipgloss.Top, list, l.detail(sel, l.width-w, l.height))
	}
	body := fit(strings.Join(lines, "\n"), l.width, l.height-logPreview)
	preview := st.Dim.Render(strings.Repeat("─", l.width)) + "\n" + wrap(sel.text, l.width)
	return body + "\n" + fit(preview, l.width, logPreview)
}

// highlight marks the first case-insensitive occurrence of q in a plain line.
func highlight(st *Styles, s, q string) string {
	ls, lq := strings.ToLower(s), strings.ToLower(q)
	if len(ls) != len(s) || len(lq) != len(q) || strings.Contains(s, "\x1b") {
		return s
	}
	i := strings.Index(ls, lq)
	if i < 0 {
		return s
	}
	return s[:i] + st.Match.Render(s[i:i+len(q)]) + s[i+len(q):]
}

// detail is the wide layout's pane beside the log: the selected line whole, then the
// request's response (status, where it went, body, headers) as the explorer shows it.
func (l *logsScreen) detail(sel logLine, w, h int) string {
	st := l.sh.styles
	iw := max(10, w-3)
	lines := strings.Split(wrap(sel.text, iw), "\n")
	en := l.sh.history.get(sel.seq)
	if en != nil && en.WS == nil && en.Resp != nil {
		lines = append(lines, "", st.Dim.Render(strings.Repeat("─", iw)))
		lines = append(lines, responseLines(st, en, iw)...)
	}
	for i, x := range lines {
		lines[i] = " " + x
	}
	return pane(st, fmt.Sprintf("Request #%d · enter: its flow", sel.seq), strings.Join(lines, "\n"), w, h, false)
}
