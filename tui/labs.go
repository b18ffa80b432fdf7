package tui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"apigwlab/labs"
)

// labsScreen is the guided labs: the curriculum with progress, and a running lab with the
// step's instructions beside its objectives, checked against the engine after every change
// made in the explorer, the palette or the editor. The lab's workspace becomes the TUI's
// workspace while it runs (lab-ID/workspace.yaml, shared with `apigwlab lab`).
type labsScreen struct {
	sh      *shared
	cat     *labs.Catalog
	loadErr string
	store   *labs.Store
	prog    *labs.Progress
	progErr string // a problem with the progress file, said once
	cursor  int
	listOff int // the first lab the list shows, when they do not all fit

	run       *labRun
	confirm   string // "solution" or "reset" while asking y/n
	sideOff   int    // the objectives pane's scroll (j/k): hints, "Why" and the solution
	instrNote bool   // the instructions do not fit: their pane's last row says what is below
	base      string // where lab-ID directories go ("" = the working directory, as the CLI)

	instr viewport.Model
	md    markdown

	width, height int
}

// labRun is the lab being done.
type labRun struct {
	lab      *labs.Lab
	dir      labs.Dir
	step     int // the step shown (0-based)
	result   *labs.StepResult
	checking bool
	err      string // the workspace or commands do not load
	solution bool   // the solution of this step is shown
	gen      int    // checks of an older state are ignored
	// missing is an earlier step whose work this workspace lacks (-1: none), and what of it
	missing     int
	missingWhat string
}

// labStartMsg asks the app to open a lab's workspace (the lab screen cannot swap the
// gateway itself); labCheckMsg is a check's outcome.
type labStartMsg struct{ dir labs.Dir }

type labCheckMsg struct {
	gen     int
	result  labs.StepResult
	err     error
	missing int    // an earlier step whose work the workspace lacks (-1: none)
	what    string // its first unmet objective
}

func newLabsScreen(sh *shared) *labsScreen {
	l := &labsScreen{sh: sh, instr: viewport.New(10, 5)}
	l.instr.KeyMap = viewport.KeyMap{}
	if st, err := labs.DefaultStore(); err == nil {
		l.store = st
		l.prog, err = st.Load()
		var ce *labs.CorruptError
		if errors.As(err, &ce) {
			l.progErr = ce.Error()
		} else if err != nil {
			l.progErr = err.Error()
		}
	} else {
		l.progErr = err.Error()
	}
	if l.prog == nil {
		l.prog = &labs.Progress{Labs: map[string]*labs.LabProgress{}}
	}
	return l
}

func (l *labsScreen) Title() string { return "Labs" }

// Claims takes y/n while a confirmation is asked.
func (l *labsScreen) Claims(msg tea.KeyMsg) bool { return l.confirm != "" }

func (l *labsScreen) Help() helpKeys {
	k := l.sh.keys
	if l.confirm != "" {
		yn := key.NewBinding(key.WithKeys("y"), key.WithHelp("y/n", "confirm"))
		return helpKeys{short: []key.Binding{yn}, full: [][]key.Binding{{yn}}}
	}
	var home []key.Binding // b, while a lab's workspace is open
	if l.sh.wsName != l.sh.home {
		home = []key.Binding{relabel(k.Home, "b", "your workspace")}
	}
	if l.run == nil {
		return helpKeys{
			short: append([]key.Binding{k.Move, relabel(k.Run, "enter", "start")}, home...),
			full: [][]key.Binding{{k.Up, k.Down, relabel(k.Top, "g/G", "first/last lab"), relabel(k.PageDown, "pgup/pgdn", "a page up/down"),
				relabel(k.Run, "enter", "start or resume the lab")}}, // b: in the global keys
		}
	}
	return helpKeys{
		short: append([]key.Binding{k.LabCheck, k.LabHint, k.LabNext, k.LabSolution}, append(home, relabel(k.Back, "esc", "labs"))...),
		full: [][]key.Binding{
			{relabel(k.LabCheck, "c", "check the objectives now"), relabel(k.LabHint, "h", "the next hint"),
				relabel(k.LabNext, "n", "next step (once met)"), relabel(k.LabSolution, "s", "show the solution (asks first)")},
			{relabel(k.LabReset, "r", "reset the lab (asks first)"), relabel(k.Down, "j/k", "scroll objectives, hints, solution"), relabel(k.PageDown, "pgup/pgdn", "scroll the instructions"),
				relabel(k.Back, "esc", "back to the lab list")},
			{relabel(k.Screen[screenExplorer], "1", "explorer: try the lab's API"), relabel(k.Palette, ":", "control-plane verbs (kept in commands.log)"),
				relabel(k.EditWorkspace, "E", "edit the lab's workspace.yaml")},
		},
	}
}

func (l *labsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case labCheckMsg:
		return l.checked(msg)
	case tea.KeyMsg:
		return l.key(msg)
	}
	return nil
}

func (l *labsScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := l.sh.keys
	if l.confirm != "" {
		what := l.confirm
		l.confirm = ""
		if s := msg.String(); s != "y" && s != "Y" {
			return nil
		}
		switch what {
		case "solution":
			l.run.solution = true
			l.render()
			l.showSection("Solution")
		case "reset":
			return l.reset()
		}
		return nil
	}
	if l.run == nil {
		n := len(l.catalog())
		switch {
		case key.Matches(msg, k.Up):
			l.cursor = max(0, l.cursor-1)
		case key.Matches(msg, k.Down):
			l.cursor = min(n-1, l.cursor+1)
		case key.Matches(msg, k.Top):
			l.cursor = 0
		case key.Matches(msg, k.Bottom):
			l.cursor = max(0, n-1)
		case key.Matches(msg, k.PageUp):
			l.cursor = max(0, l.cursor-max(1, l.height/2))
		case key.Matches(msg, k.PageDown):
			l.cursor = max(0, min(n-1, l.cursor+max(1, l.height/2)))
		case key.Matches(msg, k.Run):
			if n > 0 {
				return l.start(l.catalog()[l.cursor])
			}
		}
		return nil
	}
	r := l.run
	switch {
	case key.Matches(msg, k.Back):
		l.run = nil
	case key.Matches(msg, k.LabCheck):
		return l.check()
	case key.Matches(msg, k.LabHint):
		lp := l.prog.Lab(r.lab.ID)
		if n := len(r.lab.Steps[r.step].Hints); lp.HintsShown(r.step) < n {
			lp.ShowHint(r.step)
			l.update(func(p *labs.Progress) {
				if fresh := p.Lab(r.lab.ID); fresh.HintsShown(r.step) < n {
					fresh.ShowHint(r.step)
				}
			})
		}
		l.render()
		l.showSection("Hints")
	case key.Matches(msg, k.LabNext):
		if r.step+1 < len(r.lab.Steps) && (r.step < l.prog.Lab(r.lab.ID).Step || r.result != nil && r.result.Met()) {
			r.step++
			r.solution, r.result = false, nil
			l.sideOff = 0
			l.render()
			return l.check()
		}
	case key.Matches(msg, k.LabSolution):
		l.confirm = "solution"
	case key.Matches(msg, k.LabReset):
		l.confirm = "reset"
	case key.Matches(msg, k.PageUp):
		l.instr.HalfPageUp()
	case key.Matches(msg, k.PageDown):
		l.instr.HalfPageDown()
	case key.Matches(msg, k.Up):
		l.sideOff = max(0, l.sideOff-1)
	case key.Matches(msg, k.Down):
		l.sideOff++ // clamped when drawn
	}
	return nil
}

// showSection scrolls the objectives pane so that a section (Hints, Solution) just revealed
// starts at its top.
func (l *labsScreen) showSection(title string) {
	for i, line := range l.objectivesLines(l.sideWidth()) {
		if strings.TrimSpace(ansi.Strip(line)) == title {
			l.sideOff = i
		}
	}
}

func (l *labsScreen) sideWidth() int { return max(20, l.width-l.split()-2) }

// scrolled is the window of lines from off that fits h rows, with a last row that says what
// is below (or above) when they do not all fit: nothing is cut without a word.
func scrolled(st *Styles, lines []string, off, h int) (string, int) {
	if h <= 0 {
		return "", 0
	}
	if len(lines) <= h {
		return strings.Join(lines, "\n"), 0
	}
	rows := max(1, h-1)
	off = clamp(off, 0, len(lines)-rows)
	note := moreNote(off, len(lines)-off-rows, "j", "k")
	return strings.Join(append(append([]string{}, lines[off:off+rows]...), st.Status.Warn.Render(note)), "\n"), off
}

// moreNote says what of a scrolled pane is out of view, with the keys that scroll it.
func moreNote(above, below int, down, up string) string {
	switch {
	case below > 0 && above > 0:
		return fmt.Sprintf("↑↓ %d more below · %s/%s scroll", below, down, up)
	case below > 0:
		return fmt.Sprintf("↓ %d more below · %s scrolls", below, down)
	case above > 0:
		return "↑ " + up + " scrolls back up"
	}
	return ""
}

// scrollNote is moreNote for a viewport scrolled with the arrows.
func scrollNote(v viewport.Model) string {
	return moreNote(v.YOffset, max(0, v.TotalLineCount()-v.YOffset-v.Height), "↓", "↑")
}

func (l *labsScreen) catalog() []*labs.Lab {
	if l.cat == nil && l.loadErr == "" {
		// loaded at first use: parsing every lab at start-up cost more than the whole
		// first-frame budget (issue 15, fast start)
		cat, err := labs.Load(labs.Dirs()...)
		if err != nil {
			l.loadErr = err.Error()
		}
		l.cat = cat
	}
	if l.cat == nil {
		return nil
	}
	return l.cat.Labs
}

// start opens a lab: its directory (lab-ID, written on the first start, reused after, as
// `apigwlab lab start` does) becomes the TUI's workspace.
func (l *labsScreen) start(lab *labs.Lab) tea.Cmd {
	if lab.Status == labs.StatusComing || len(lab.Steps) == 0 {
		return statusCmd("lab "+lab.ID+" is coming: its engine features are still being built", true)
	}
	d := l.dirFor(lab.ID)
	if !d.Started() {
		if err := d.Start(lab); err != nil {
			return statusCmd("lab "+lab.ID+": "+err.Error(), true)
		}
	}
	lp := l.prog.Lab(lab.ID)
	step := min(lp.Step, len(lab.Steps)-1)
	l.run = &labRun{lab: lab, dir: d, step: step, missing: -1}
	l.sideOff = 0
	l.update(func(p *labs.Progress) { p.Lab(lab.ID).Dir = d.Abs() })
	l.render()
	return func() tea.Msg { return labStartMsg{dir: d} }
}

// dirFor is where a lab's work is: the directory recorded when it was last started (by the
// CLI or here), else ./lab-ID when the CLI wrote one here, else a directory beside the
// progress file — never a fresh lab-ID in whatever directory the TUI was started from.
func (l *labsScreen) dirFor(id string) labs.Dir {
	if d := labs.Locate("", id, l.prog.Labs[id]); d.Started() {
		return d
	}
	if l.base != "" {
		return labs.Dir(filepath.Join(l.base, "lab-"+id))
	}
	if l.store != nil {
		return labs.DataDir(l.store, id)
	}
	return labs.DirFor("", id)
}

// reset writes the starting workspace again and starts the lab's progress over.
func (l *labsScreen) reset() tea.Cmd {
	r := l.run
	if err := r.dir.Start(r.lab); err != nil {
		return statusCmd("reset: "+err.Error(), true)
	}
	delete(l.prog.Labs, r.lab.ID)
	l.prog.Lab(r.lab.ID)
	l.update(func(p *labs.Progress) { delete(p.Labs, r.lab.ID); p.Lab(r.lab.ID) })
	r.step, r.result, r.solution = 0, nil, false
	l.render()
	d := r.dir
	return func() tea.Msg { return labStartMsg{dir: d} }
}

// check evaluates the shown step off the Update goroutine (a replay objective runs a
// scenario).
func (l *labsScreen) check() tea.Cmd {
	r := l.run
	if r == nil {
		return nil
	}
	r.gen++
	r.checking = true
	gen, lab, step, d := r.gen, r.lab, r.step, r.dir
	l.render()
	return func() tea.Msg {
		env, err := d.Env()
		if err != nil {
			return labCheckMsg{gen: gen, err: err, missing: -1}
		}
		res, err := lab.Check(env, step)
		if err != nil {
			return labCheckMsg{gen: gen, err: err, missing: -1}
		}
		miss, mres, err := lab.Missing(env, step)
		return labCheckMsg{gen: gen, result: res, err: err, missing: miss, what: mres.FirstUnmet()}
	}
}

func (l *labsScreen) checked(m labCheckMsg) tea.Cmd {
	r := l.run
	if r == nil || m.gen != r.gen {
		return nil
	}
	r.checking = false
	r.err = ""
	if m.err != nil {
		r.err = m.err.Error()
		r.result = nil
		l.render()
		return nil
	}
	r.result = &m.result
	r.missing, r.missingWhat = m.missing, m.what
	if m.result.Met() {
		defer l.showSection("Why") // after the render below, which the section needs
	}
	var cmd tea.Cmd
	if lp := l.prog.Lab(r.lab.ID); lp.Advance(r.lab, r.step, m.result.Met()) {
		l.update(func(p *labs.Progress) { p.Lab(r.lab.ID).Advance(r.lab, r.step, m.result.Met()) })
		if lp.Done() {
			cmd = statusCmd("lab "+r.lab.ID+" complete ✓", false)
		} else {
			cmd = statusCmd(fmt.Sprintf("step %d met ✓ — n for the next step", r.step+1), false)
		}
	}
	l.render()
	return cmd
}

// update applies a change (already made to the screen's copy) to the progress on disk,
// under the store's lock and on a fresh read, so what `apigwlab lab` recorded while the TUI
// ran is kept; the screen then shows the merged progress.
func (l *labsScreen) update(fn func(p *labs.Progress)) {
	if l.store == nil {
		return
	}
	p, err := l.store.Update(fn)
	if p != nil {
		l.prog = p
	}
	var ce *labs.CorruptError
	if err != nil && !errors.As(err, &ce) {
		l.progErr = "progress not saved: " + err.Error()
	}
}

func (l *labsScreen) SetSize(w, h int) {
	l.width, l.height = w, h
	l.render()
}

// headLines is the height of the running lab's header: title, progress, the workspace's
// path, and a warning when earlier steps' work is missing.
func (l *labsScreen) headLines() int {
	if l.run != nil && l.run.missing >= 0 {
		return 4
	}
	return 3
}

// homeRel writes a path under the home directory as ~/…, as a shell user would type it.
func homeRel(p string) string {
	if h, err := os.UserHomeDir(); err == nil && h != "" && strings.HasPrefix(p, h+string(filepath.Separator)) {
		return "~" + p[len(h):]
	}
	return p
}

// truncateLeft keeps the end of s (a path's most telling part) when it is too wide.
func truncateLeft(s string, width int) string {
	if lipgloss.Width(s) <= width || width < 2 {
		return truncate(s, width)
	}
	r := []rune(s)
	for len(r) > 0 && lipgloss.Width(string(r))+1 > width {
		r = r[1:]
	}
	return "…" + string(r)
}

// split is the width of the instructions column when the objectives go beside them.
func (l *labsScreen) split() int {
	if l.width >= 110 {
		return l.width * 55 / 100
	}
	return 0
}

// render lays out the instructions viewport for the current size and step.
func (l *labsScreen) render() {
	r := l.run
	if r == nil || l.width == 0 {
		return
	}
	w := l.width
	if s := l.split(); s > 0 {
		w = s
	}
	s := r.lab.Steps[r.step]
	text := l.md.render(fmt.Sprintf("## %s\n\n%s", s.Title, tuiWords(s.Instructions)), w)
	l.instr.Width = w
	l.instr.Height = max(3, l.height-l.headLines())
	if l.split() == 0 {
		l.instr.Height = max(3, (l.height-l.headLines())/2)
	}
	l.instr.SetContent(text)
	// Instructions longer than the pane keep its last row for a note saying what is below
	// (instrView): at 80×24 a step's task was cut mid-sentence with no sign of more.
	if l.instrNote = l.instr.TotalLineCount() > l.instr.Height; l.instrNote {
		l.instr.Height--
	}
}

func (l *labsScreen) View() string {
	if l.run == nil {
		return fit(l.listView(), l.width, l.height)
	}
	return fit(l.labView(), l.width, l.height)
}

func (l *labsScreen) listView() string {
	st := l.sh.styles
	l.catalog() // loads it, so that a load error shows below
	lines := []string{st.Bold.Render("Labs") + st.Dim.Render(" · learn API Gateway by doing · enter starts or resumes a lab")}
	if l.loadErr != "" {
		lines = append(lines, st.App.Error.Render(truncate(l.loadErr, l.width)))
	}
	if l.progErr != "" {
		lines = append(lines, st.App.Error.Render(truncate(l.progErr, l.width)))
	}
	lines = append(lines, "")
	var rows []string
	for i, lab := range l.catalog() {
		mark := "  "
		state := ""
		lp := l.prog.Labs[lab.ID]
		switch {
		case lab.Status == labs.StatusComing:
			state = st.Dim.Render("coming")
		case lp.Done():
			mark = st.Status.OK.Render("✓ ")
			state = st.Status.OK.Render("done")
		case lp != nil:
			state = st.Status.Warn.Render(fmt.Sprintf("step %d/%d", lp.Step+1, len(lab.Steps)))
		}
		// title, then fixed columns: level and minutes, then the learner's state
		meta := fmt.Sprintf(" %-12s %3d min  ", lab.Level, lab.Minutes)
		titleW := max(10, l.width-2-lipgloss.Width(meta)-9)
		head := truncate(fmt.Sprintf("%2d %s", i+1, lab.Title), titleW)
		if i == l.cursor {
			mark = "› "
			head = st.Selected.Render(padRight(head, titleW))
		}
		rows = append(rows, truncate(mark+padRight(head, titleW)+st.Dim.Render(meta)+state, l.width))
	}
	var summary []string
	if labs := l.catalog(); l.cursor < len(labs) {
		summary = append(summary, "")
		for _, x := range wrapIndent(oneLine(labs[l.cursor].Summary), min(l.width-2, 100), 2) {
			summary = append(summary, st.Dim.Render("  "+strings.TrimLeft(x, " ")))
		}
	}
	// The list scrolls under the cursor when the window is short (27 labs at 80×24), with a
	// last row saying how many are above and below; the selected lab's summary stays under it.
	room := l.height - len(lines) - len(summary)
	if len(rows) > room && room >= 2 {
		view := room - 1
		l.listOff = clamp(l.listOff, l.cursor-view+1, l.cursor)
		l.listOff = clamp(l.listOff, 0, len(rows)-view)
		note := moreNote(l.listOff, len(rows)-l.listOff-view, "j", "k")
		if l.listOff > 0 {
			note = fmt.Sprintf("↑ %d more above · ", l.listOff) + strings.TrimPrefix(strings.TrimPrefix(note, "↑↓ "), "↑ ")
		}
		rows = append(rows[l.listOff:l.listOff+view:l.listOff+view], st.Status.Warn.Render(truncate(note, l.width)))
	}
	return strings.Join(append(append(lines, rows...), summary...), "\n")
}

// oneLine joins a summary written over several YAML lines into one paragraph (wrapped at
// the line breaks of the file, "MOCK" stood alone on a row).
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func (l *labsScreen) labView() string {
	st := l.sh.styles
	r := l.run
	lp := l.prog.Lab(r.lab.ID)
	done := lp.Step
	if lp.Done() {
		done = len(r.lab.Steps)
	}
	head := fmt.Sprintf("%s · step %d of %d", st.Bold.Render(r.lab.Title), r.step+1, len(r.lab.Steps))
	bar := progressBar(st, done, len(r.lab.Steps), min(l.width, 40))
	top := []string{truncate(head, l.width), bar + st.Dim.Render(truncate("  here: ':' runs the verbs, 'E' edits workspace.yaml, '1' tries requests", max(0, l.width-lipgloss.Width(bar)))),
		st.Dim.Render(truncateLeft("workspace "+homeRel(r.dir.WorkspacePath()), l.width))}
	if r.missing >= 0 {
		top = append(top, st.Status.Warn.Render(truncate(fmt.Sprintf("⚠ this workspace lacks step %d's work (%s): redo it, or r resets the lab", r.missing+1, r.missingWhat), l.width)))
	}
	side := l.objectivesLines(l.sideWidth())
	if s := l.split(); s > 0 {
		h := l.height - len(top)
		left := fit(l.instrView(), s, h)
		body, off := scrolled(st, side, l.sideOff, h)
		l.sideOff = off
		right := fit(body, l.width-s-2, h)
		return strings.Join(top, "\n") + "\n" + lipgloss.JoinHorizontal(lipgloss.Top, left, "  ", right)
	}
	ih := l.instr.Height
	if l.instrNote {
		ih++ // the note's row
	}
	body, off := scrolled(st, side, l.sideOff, l.height-len(top)-ih)
	l.sideOff = off
	return strings.Join(top, "\n") + "\n" + fit(l.instrView(), l.width, ih) + "\n" + body
}

// instrView is the instructions pane, with the row setInstr kept for what is below or above
// and the keys that scroll it.
func (l *labsScreen) instrView() string {
	if !l.instrNote {
		return l.instr.View()
	}
	below := max(0, l.instr.TotalLineCount()-l.instr.YOffset-l.instr.Height)
	note := moreNote(l.instr.YOffset, below, "pgdn", "pgup")
	return l.instr.View() + "\n" + l.sh.styles.Dim.Render(truncate(note, l.instr.Width))
}

// objectivesLines is the checked objectives (goal beside what the engine showed), the hints
// asked for, the explanation once met, and the solution when asked.
func (l *labsScreen) objectivesLines(w int) []string {
	st := l.sh.styles
	r := l.run
	s := r.lab.Steps[r.step]
	title := "Objectives"
	switch {
	case r.checking:
		title += st.Dim.Render(" · checking…")
	case r.result != nil && r.result.Met() && r.step == len(r.lab.Steps)-1:
		title += st.Status.OK.Render(" · met ✓ · lab complete") + st.Dim.Render(" · esc back to the labs")
	case r.result != nil && r.result.Met():
		title += st.Status.OK.Render(" · met ✓") + st.Dim.Render(" · n next step")
	default:
		title += st.Dim.Render(" · checked after each change · c checks now")
	}
	lines := []string{st.Flow.DetailHead.Render("") + title}
	if r.err != "" {
		lines = append(lines, wrapIndent(st.App.Error.Render("✗ ")+r.err, w, 2)...)
	}
	for i, o := range s.Objectives {
		mark, style := "·", st.Dim
		var res *labs.Result
		if r.result != nil && i < len(r.result.Results) {
			res = &r.result.Results[i]
			mark, style = "✗", st.Status.Err
			if res.Met {
				mark, style = "✓", st.Status.OK
			}
		}
		lines = append(lines, wrapIndent(style.Render(mark)+" "+o.Title, w, 2)...)
		if res != nil && !res.Met {
			if res.Goal != "" {
				lines = append(lines, wrapIndent(st.Dim.Render("  goal:     ")+res.Goal, w, 12)...)
			}
			if res.Observed != "" {
				lines = append(lines, wrapIndent(st.Dim.Render("  observed: ")+res.Observed, w, 12)...)
			}
			if res.Reason != "" && (res.Goal == "" || res.Observed == "") {
				lines = append(lines, wrapIndent(st.Dim.Render("  why:      ")+res.Reason, w, 12)...)
			}
		}
	}
	if n := l.prog.Lab(r.lab.ID).HintsShown(r.step); n > 0 {
		lines = append(lines, "", st.Flow.DetailHead.Render("Hints"))
		for i := 0; i < n && i < len(s.Hints); i++ {
			lines = append(lines, wrapIndent(fmt.Sprintf("%d. %s", i+1, tuiWords(s.Hints[i])), w, 3)...)
		}
	} else if len(s.Hints) > 0 {
		lines = append(lines, "", st.Dim.Render(fmt.Sprintf("h shows a hint (%d for this step)", len(s.Hints))))
	}
	if r.result != nil && r.result.Met() && s.Explanation != "" {
		lines = append(lines, "", st.Flow.DetailHead.Render("Why"))
		lines = append(lines, strings.Split(l.md.render(tuiWords(s.Explanation), w), "\n")...)
	}
	if r.solution {
		lines = append(lines, "", st.Flow.DetailHead.Render("Solution"))
		for _, c := range s.Solution.Commands {
			lines = append(lines, wrapIndent(": "+c, w, 4)...)
		}
		for _, e := range s.Solution.Edits {
			for _, x := range strings.Split(e.EditText(), "\n") {
				lines = append(lines, wrapIndent("  "+x, w, 4)...) // never cut: it is copied
			}
		}
		if s.Solution.Note != "" {
			lines = append(lines, wrapIndent(tuiWords(s.Solution.Note), w, 0)...)
		}
	}
	if l.confirm != "" {
		q := "Show the solution of this step?"
		if l.confirm == "reset" {
			q = "Reset the lab? Its workspace.yaml is written again (the old one kept as .bak) and its progress starts over."
		}
		lines = append(lines, "")
		lines = append(lines, wrapIndent(st.Status.Warn.Render(q)+" y/n", w, 0)...)
	}
	return lines
}

// openLab makes the lab's workspace the TUI's (with the commands of its commands.log
// applied) and checks the step.
func (a *app) openLab(d labs.Dir) tea.Cmd {
	if a.sh.wsName == a.sh.home {
		// kept as it is (with what the palette changed) for b to come back to
		a.homeGW, a.homeWS = a.sh.gw, a.sh.ws
	}
	a.sh.wsName = d.WorkspacePath()
	msg, bad := a.reloadWorkspace(false)
	if !bad {
		cmds, err := d.Commands()
		if err != nil {
			msg, bad = err.Error(), true
		}
		for i, c := range cmds {
			if c == "" {
				continue
			}
			if _, err := a.sh.gw.Exec(c); err != nil {
				msg, bad = fmt.Sprintf("%s:%d: %s: %v", d.CommandsPath(), i+1, c, err), true
				break
			}
		}
	}
	if bad {
		a.status, a.statusErr = msg, true
	} else {
		a.status, a.statusErr = "lab workspace loaded · 1 to try it · b back to "+filepath.Base(a.sh.home), false
	}
	return a.labs.check()
}

// goHome leaves a lab's workspace for the one the TUI opened with, as it was left (what
// the palette changed there is kept). The lab's directory and progress stay: enter on it
// in Labs resumes it.
func (a *app) goHome() tea.Cmd {
	a.labs.run = nil // palette commands no longer go to the lab's commands.log
	a.sh.wsName = a.sh.home
	if a.homeGW == nil {
		if msg, bad := a.reloadWorkspace(false); bad {
			return statusCmd(msg, true)
		}
	} else {
		a.use(a.homeGW, a.homeWS)
		a.homeGW, a.homeWS = nil, nil
	}
	return statusCmd("back to "+homeRel(a.sh.home)+" · 6 resumes the lab", false)
}

// labCommand keeps a palette command that changed the lab's gateway in its commands.log
// (every check replays them), then checks the step.
func (a *app) labCommand(line string) tea.Cmd {
	if labs.ChangesState(line) {
		if err := a.labs.run.dir.AppendCommand(line); err != nil {
			a.status, a.statusErr = err.Error(), true
		}
	}
	return a.labs.check()
}
