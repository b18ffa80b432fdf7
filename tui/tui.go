// Package tui is apigwlab's terminal UI: an explorer to send requests to the simulated
// gateway, the flow view that walks a request through API Gateway's stages from its trace,
// scenario replays with live charts, and the execution log. It is a client of the engine:
// every decision it shows was made by the engine and read from the request's trace.
package tui

import (
	_ "embed"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"apigwlab/engine"
	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/labs"
)

// Options configure the TUI.
type Options struct {
	// WorkspacePath is the workspace to open; "" opens examples/pets.yaml when it exists in
	// the working directory, else a built-in copy of it.
	WorkspacePath string
	// Log receives debug logging; nil discards it. Never stdout: the screen is drawn there.
	Log io.Writer
	// Output is where the screen is drawn (default os.Stdout); its colour support, and
	// NO_COLOR, decide the colours.
	Output io.Writer
	// Input is where keys come from (default os.Stdin).
	Input io.Reader
}

// Run opens the TUI and returns when the user quits.
func Run(opts Options) error {
	out := opts.Output
	if out == nil {
		out = os.Stdout
	}
	// colours follow the real output (a pipe or NO_COLOR gets none), not stdout
	lipgloss.SetDefaultRenderer(lipgloss.NewRenderer(out))
	m, err := NewModel(opts)
	if err != nil {
		return err
	}
	// 120 frames a second, bubbletea's most: the first frame is drawn at the renderer's
	// first tick, which at the default 60 came up to 16 ms after the view was ready (issue
	// 15, first frame under 60 ms); an idle tick with nothing new writes nothing.
	popts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithOutput(out), tea.WithFPS(120)}
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	}
	fm, err := tea.NewProgram(m, popts...).Run()
	if a, ok := fm.(*app); ok {
		a.sh.gw.Close() // function processes end with the TUI
	} else if a, ok := m.(*app); ok {
		a.sh.gw.Close()
	}
	return err
}

// NewModel builds the TUI's root model without starting a program (for tests and embedding).
func NewModel(opts Options) (tea.Model, error) {
	return newApp(opts, defaultConfig())
}

// config holds what tests inject: time, the seed, the animation ticker, where local
// scenarios are, and whether the welcome shows.
type config struct {
	now         func() time.Time
	seed        uint64
	tick        func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	scenarioDir string
	welcome     bool
	welcomeMark string // a file that, once written, says the welcome was seen ("" = none)
	labDir      string // where lab-ID directories go ("" = the working directory)
	toasts      bool   // the header's status expires (tests drive toastExpiredMsg themselves)
}

func defaultConfig() config {
	cfg := config{
		now:         func() time.Time { return time.Now().UTC() },
		seed:        uint64(time.Now().UnixNano()),
		tick:        tea.Tick,
		scenarioDir: scenarioDir(),
		welcome:     true,
		toasts:      true,
	}
	// the welcome shows once: ? lists every key after that
	if st, err := labs.DefaultStore(); err == nil {
		cfg.welcomeMark = filepath.Join(st.Dir, "welcomed")
		if _, err := os.Stat(cfg.welcomeMark); err == nil {
			cfg.welcome = false
		}
	}
	return cfg
}

//go:embed assets/pets.yaml
var builtinPets []byte

const builtinName = "pets.yaml (built in)"

// loadNamed loads the workspace the header names: a file, or the built-in copy of pets.
func loadNamed(name string) (*model.Workspace, error) {
	if name == builtinName {
		return model.Parse(builtinName, builtinPets)
	}
	return model.Load(name)
}

// loadWorkspace opens the workspace the TUI starts with.
func loadWorkspace(path string) (*model.Workspace, string, error) {
	if path == "" {
		if fi, err := os.Stat("examples/pets.yaml"); err == nil && !fi.IsDir() {
			path = "examples/pets.yaml"
		} else {
			ws, err := model.Parse(builtinName, builtinPets)
			return ws, builtinName, err
		}
	}
	ws, err := model.Load(path)
	return ws, path, err
}

// screen is the contract of a page of the TUI (soft-serve's component): its own Update and
// View, a size, the keys for the footer and help, and the keys it takes before the global
// ones (all of them while a text field has focus).
type screen interface {
	Update(tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int)
	Help() helpKeys
	Claims(tea.KeyMsg) bool
	Title() string
}

const (
	screenExplorer = iota
	screenFlow
	screenScenarios
	screenLogs
	screenMetrics
	screenLabs
	screenQuiz
)

var screenNames = [7]string{"Explorer", "Flow", "Scenarios", "Logs", "Metrics", "Labs", "Quiz"}

// minimum window the TUI draws into
const minWidth, minHeight = 50, 14

// app is the root model: it owns the screens, routes messages and draws the frame
// (header, tabs, footer) and the overlays (welcome, help, quit confirmation).
type app struct {
	sh          *shared
	screens     [7]screen
	labs        *labsScreen
	scen        *scenarioScreen
	palette     *palette
	active      int
	help        help.Model
	showHelp    bool
	helpOff     int // the ? box's scroll, when it is taller than the window
	welcome     bool
	welcomeMark string
	confirmStop bool // esc during a running scenario asks before abandoning it
	// the workspace the TUI opened with, kept running while a lab's is open (b returns)
	homeGW *engine.Gateway
	homeWS *model.Workspace
	// toasts: how long the status stays (0 = until replaced) and the id of the current one
	toastAfter, toastErrAfter time.Duration
	toastID                   int
	confirmQuit               bool
	status                    string
	statusErr                 bool
	width                     int
	height                    int
}

func newApp(opts Options, cfg config) (*app, error) {
	ws, name, err := loadWorkspace(opts.WorkspacePath)
	if err != nil {
		return nil, err
	}
	logw := opts.Log
	if logw == nil {
		logw = io.Discard
	}
	clk := clock.NewVirtual(cfg.now())
	gw, err := engine.New(ws, engine.Options{Clock: clk, Seed: cfg.seed})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	sh := &shared{
		gw: gw, ws: ws, wsName: name, home: name, clock: clk, now: cfg.now,
		styles: DefaultStyles(), keys: DefaultKeyMap(), history: newHistory(200),
		log: log.New(logw, "tui ", log.Ltime|log.Lmicroseconds), tick: cfg.tick, scenarioDir: cfg.scenarioDir,
	}
	a := &app{sh: sh, welcome: cfg.welcome, welcomeMark: cfg.welcomeMark, help: help.New()}
	if cfg.toasts {
		a.toastAfter, a.toastErrAfter = toastAfter, toastErrorAfter
	}
	a.help.Styles.ShortKey = sh.styles.Help.Key
	a.help.Styles.ShortDesc = sh.styles.Help.Desc
	a.help.Styles.ShortSeparator = sh.styles.Help.Sep
	a.help.Styles.FullKey = sh.styles.Help.Key
	a.help.Styles.FullDesc = sh.styles.Help.Desc
	a.help.Styles.FullSeparator = sh.styles.Help.Sep
	a.help.Styles.Ellipsis = sh.styles.Help.Sep
	a.scen = newScenarioScreen(sh)
	ms := newMetricsScreen(sh)
	ms.scen = a.scen
	a.labs = newLabsScreen(sh)
	a.labs.base = cfg.labDir
	a.screens = [7]screen{newExplorer(sh), newFlow(sh), a.scen, newLogsScreen(sh), ms, a.labs, newQuizScreen(sh)}
	a.palette = newPalette(sh)
	a.resize(80, 24)
	sh.log.Printf("opened %s", name)
	return a, nil
}

func (a *app) Init() tea.Cmd { return nil }

func (a *app) resize(w, h int) {
	a.width, a.height = w, h
	a.help.Width = w
	cw, ch := max(minWidth, w), max(minHeight, h)-3
	for _, s := range a.screens {
		s.SetSize(cw, ch)
	}
	a.palette.SetSize(cw, ch)
}

// Toasts (the header's status) give way to the workspace name again after a while; an
// error stays longer, to be read and acted on.
const (
	toastAfter      = 5 * time.Second
	toastErrorAfter = 12 * time.Second
)

// toastExpiredMsg clears the toast it was scheduled for, and no newer one.
type toastExpiredMsg struct{ id int }

func (a *app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	before := a.status
	_, isStatus := msg.(statusMsg)
	if m, ok := msg.(toastExpiredMsg); ok {
		if m.id == a.toastID {
			a.status, a.statusErr = "", false
		}
		return a, nil
	}
	m, cmd := a.update(msg)
	if a.status == "" || a.toastAfter == 0 || (a.status == before && !isStatus) {
		return m, cmd
	}
	// a new toast: an older toast's tick must not clear it, so each carries its id
	a.toastID++
	id, d := a.toastID, a.toastAfter
	if a.statusErr {
		d = a.toastErrAfter
	}
	return m, tea.Batch(cmd, tea.Tick(d, func(time.Time) tea.Msg { return toastExpiredMsg{id: id} }))
}

func (a *app) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.resize(msg.Width, msg.Height)
		return a, nil
	case tea.KeyMsg:
		return a, a.key(msg)
	case responseMsg:
		a.sh.history.add(msg.entry)
		r := msg.entry.Resp
		a.sh.log.Printf("request #%d %s %s → %d", msg.entry.Seq, msg.entry.Req.Method, msg.entry.Req.Path, r.Status)
		var cmds []tea.Cmd
		for _, s := range a.screens {
			cmds = append(cmds, s.Update(msg))
		}
		return a, tea.Batch(cmds...)
	case openEntryMsg:
		a.sh.history.add(msg.entry)
		a.status, a.statusErr = msg.note, false
		return a.update(showFlowMsg{seq: msg.entry.Seq})
	case showFlowMsg:
		a.active = screenFlow
		return a, a.screens[screenFlow].Update(msg)
	case statusMsg:
		a.status, a.statusErr = msg.text, msg.err
		return a, nil
	case scenarioMsg, scenarioBatch, scenarioTickMsg:
		return a, a.scen.Update(msg)
	case flowTickMsg:
		return a, a.screens[screenFlow].Update(msg)
	case wsDoneMsg:
		return a, a.screens[screenExplorer].Update(msg) // whatever screen shows
	case editorDoneMsg:
		if msg.err != nil {
			a.status, a.statusErr = "editor: "+msg.err.Error(), true
		} else {
			a.status, a.statusErr = a.reloadWorkspace(true)
		}
		a.sh.log.Printf("after editing: %s", a.status)
		if !a.statusErr && a.labs.run != nil {
			return a, a.labs.check()
		}
		return a, nil
	case labStartMsg:
		return a, a.openLab(msg.dir)
	case labCheckMsg:
		return a, a.labs.Update(msg)
	case quizTickMsg:
		return a, a.screens[screenQuiz].Update(msg)
	case deployedMsg:
		if msg.err != nil {
			a.status, a.statusErr = "not deployed: "+msg.err.Error(), true
		} else {
			a.status, a.statusErr = "deployed: "+strings.TrimPrefix(msg.line, "create-deployment ")+" · the stage now serves the API as it is", false
		}
		a.sh.log.Printf("D: %s → %s", msg.line, a.status)
		return a.update(msg.paletteResultMsg)
	case paletteResultMsg:
		var lab tea.Cmd
		if msg.err == nil {
			// a new stage or a canary shows in the tree at once
			a.screens[screenExplorer].(*explorer).tree.rebuild(a.sh.ws)
			if a.labs.run != nil {
				lab = a.labCommand(msg.line)
			}
		}
		return a, tea.Batch(lab, a.palette.Update(msg))
	}
	return a, a.screens[a.active].Update(msg)
}

// key handles a key press: overlays first, then the keys the active screen claims, then
// the global keys, then the screen.
func (a *app) key(msg tea.KeyMsg) tea.Cmd {
	k := a.sh.keys
	if key.Matches(msg, k.ForceQuit) {
		return tea.Quit
	}
	if a.welcome {
		a.welcome = false
		if a.welcomeMark != "" && os.MkdirAll(filepath.Dir(a.welcomeMark), 0o755) == nil {
			_ = os.WriteFile(a.welcomeMark, nil, 0o644) // not seeing it again is a nicety, not a must
		}
		// enter, esc and space only close the card; any other key also does what it says
		// (6 opens Labs at once: a tester pressing 6 on the card stayed on the explorer)
		if s := msg.String(); s == "enter" || s == "esc" || s == " " {
			return nil
		}
	}
	switch {
	case a.confirmStop:
		a.confirmStop = false
		if s := msg.String(); s == "y" || s == "Y" {
			a.scen.stop()
		}
		return nil
	case a.confirmQuit:
		a.confirmQuit = false
		if s := msg.String(); s == "y" || s == "Y" || s == "q" {
			return tea.Quit
		}
		return nil
	case a.showHelp:
		if key.Matches(msg, k.Help, k.Back, k.Quit) {
			a.showHelp = false
		}
		a.scrollHelp(msg) // helpbox.go: a box taller than the window scrolls
		return nil
	case a.palette.open:
		return a.palette.Update(msg)
	}
	s := a.screens[a.active]
	if s.Claims(msg) {
		return s.Update(msg)
	}
	switch {
	case a.active == screenScenarios && key.Matches(msg, k.Back) && a.scen.Running():
		// esc abandons the run: ask, as q does
		a.confirmStop = true
		return nil
	case key.Matches(msg, k.Palette):
		return a.palette.Open()
	case key.Matches(msg, k.EditWorkspace):
		return a.editWorkspace()
	case key.Matches(msg, k.Deploy):
		return a.deploySelected()
	case key.Matches(msg, k.Home) && a.sh.wsName != a.sh.home:
		return a.goHome()
	case key.Matches(msg, k.Quit):
		if a.scen.Running() {
			a.confirmQuit = true
			return nil
		}
		return tea.Quit
	case key.Matches(msg, k.Help):
		a.showHelp, a.helpOff = true, 0
		return nil
	case key.Matches(msg, k.NextScreen):
		a.active = (a.active + 1) % len(a.screens)
		return nil
	case key.Matches(msg, k.PrevScreen):
		a.active = (a.active + len(a.screens) - 1) % len(a.screens)
		return nil
	}
	for i, b := range k.Screen {
		if key.Matches(msg, b) {
			a.active = i
			return nil
		}
	}
	return s.Update(msg)
}

func (a *app) View() string {
	if a.width < minWidth || a.height < minHeight {
		msg := fmt.Sprintf("apigwlab needs a window of at least %d×%d (this one is %d×%d).", minWidth, minHeight, a.width, a.height)
		return fit(wrap(msg, max(10, a.width)), max(1, a.width), max(1, a.height))
	}
	w, ch := a.width, a.height-3
	content := fit(a.screens[a.active].View(), w, ch)
	switch {
	case a.welcome:
		content = overlay(content, a.welcomeBox(), w, ch)
	case a.confirmStop:
		content = overlay(content, a.sh.styles.Overlay.Render("A scenario is still running.\nStop it? y stops, any other key keeps it running."), w, ch)
	case a.confirmQuit:
		content = overlay(content, a.sh.styles.Overlay.Render("A scenario is still running.\nQuit apigwlab? y quits, any other key stays."), w, ch)
	case a.showHelp:
		content = overlay(content, a.helpBox(), w, ch)
	case a.palette.open:
		content = a.withPalette(content, w, ch)
	}
	return strings.Join([]string{a.header(), a.tabs(), content, a.footer()}, "\n")
}

// withPalette draws the command palette over the bottom of the content.
func (a *app) withPalette(content string, w, h int) string {
	lines := strings.Split(content, "\n")
	pl := strings.Split(fit(a.palette.View(), w, paletteHeight(h)), "\n")
	return strings.Join(append(lines[:max(0, len(lines)-len(pl))], pl...), "\n")
}

func (a *app) header() string {
	st := a.sh.styles
	left := st.App.Name.Render("apigwlab") + " " + st.App.Workspace.Render(homeRel(a.sh.wsName))
	if a.sh.api != "" {
		where := a.sh.api
		if a.sh.stage != "" {
			where += "/" + a.sh.stage
		}
		left += st.Dim.Render(" · ") + st.App.Where.Render(where)
	}
	right := ""
	if a.status != "" {
		style := st.App.Status
		if a.statusErr {
			style = st.App.Error
		}
		right = style.Render(a.status)
	} else {
		right = st.Dim.Render("virtual time · " + a.sh.clock.Now().Format("15:04:05"))
	}
	gap := a.width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 && a.status != "" {
		// A long status shares the line: the name and the workspace's file name (a lab's
		// directory name) keep a third of it, the status gets the rest.
		name := st.App.Name.Render("apigwlab") + " "
		short := filepath.Base(a.sh.wsName)
		if short == "workspace.yaml" {
			short = filepath.Base(filepath.Dir(a.sh.wsName))
		}
		room := max(a.width/3, lipgloss.Width(name)+22)
		left = name + st.App.Workspace.Render(truncateLeft(short, room-lipgloss.Width(name)))
		return left + "  " + truncate(right, a.width-lipgloss.Width(left)-2)
	}
	if gap < 1 {
		return truncate(left, a.width)
	}
	return left + strings.Repeat(" ", gap) + right
}

func (a *app) tabs() string {
	st := a.sh.styles
	// In a narrow window the other tabs shorten (short names, then numbers) rather than
	// fall off the end: every screen stays visible and its number reachable.
	var bar string
	for level := 0; level < 4; level++ {
		var parts []string
		for i, s := range a.screens {
			title := s.Title()
			if level > 0 && i != a.active {
				title = string([]rune(title)[:min(4, len([]rune(title)))])
			}
			label := fmt.Sprintf("%d %s", i+1, title)
			if level == 3 && i != a.active {
				label = fmt.Sprint(i + 1)
			}
			switch {
			case i == a.active:
				parts = append(parts, st.Tabs.Active.Render("["+label+"]"))
			case level < 2:
				parts = append(parts, st.Tabs.Inactive.Render(" "+label+" "))
			default:
				parts = append(parts, st.Tabs.Inactive.Render(label))
			}
		}
		if bar = strings.Join(parts, " "); lipgloss.Width(bar) <= a.width {
			break
		}
	}
	hint := st.Help.Key.Render(":") + " " + st.Help.Desc.Render("command")
	if gap := a.width - lipgloss.Width(bar) - lipgloss.Width(hint) - 1; gap >= 1 && !a.palette.open {
		bar += strings.Repeat(" ", gap) + hint
	}
	return truncate(bar, a.width)
}

// globalHelp is the footer's part that is the same on every screen.
func (a *app) globalHelp() []key.Binding {
	k := a.sh.keys
	return []key.Binding{k.NextScreen, k.Help, k.Quit}
}

func (a *app) footer() string {
	if a.welcome {
		return a.help.ShortHelpView([]key.Binding{key.NewBinding(key.WithKeys("any"), key.WithHelp("any key", "start")), a.sh.keys.ForceQuit})
	}
	if a.confirmStop {
		return a.help.ShortHelpView([]key.Binding{key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "stop the run")), key.NewBinding(key.WithKeys("any"), key.WithHelp("any other key", "keep it running"))})
	}
	if a.showHelp {
		return a.help.ShortHelpView(a.helpFooter())
	}
	if a.palette.open {
		return a.help.ShortHelpView(a.palette.Help())
	}
	s := a.screens[a.active]
	short := append([]key.Binding{}, s.Help().short...)
	if s.Claims(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'q'}}) {
		// global keys work only while no text field takes the keys
		return a.help.ShortHelpView(short)
	}
	// In a narrow window the screen's last keys give way, so that "? keys" and "q quit"
	// always show: ? lists everything.
	global := a.globalHelp()
	full := a.help
	full.Width = 0
	for len(short) > 1 && lipgloss.Width(full.ShortHelpView(append(append([]key.Binding{}, short...), global...))) > a.width {
		if len(global) == 3 {
			global = global[1:] // tab screens goes first: the tabs show the screens
			continue
		}
		short = short[:len(short)-1]
	}
	return a.help.ShortHelpView(append(short, global...))
}

// hasBrokenDemo reports whether the workspace has the /broken method the welcome card
// suggests (the bundled pets example does; a lab's or the user's own may not).
func (a *app) hasBrokenDemo() bool {
	if a.sh.ws == nil {
		return false
	}
	for _, api := range a.sh.ws.RestAPIs {
		for _, r := range api.Resources {
			if r.Path == "/broken" {
				return true
			}
		}
	}
	return false
}

func (a *app) welcomeBox() string {
	st := a.sh.styles
	key := st.Help.Key.Render
	rows := [][2]string{
		{"↑/↓  enter", "send the selected method's request"},
		{"e", "edit the request first (tab moves, esc ends)"},
		{"2 or tab", "Flow: the request stage by stage"},
		{"", "(space steps, enter opens a stage's detail)"},
		{"3", "Scenarios: replay traffic in virtual time"},
		{"4", "Logs: the execution log, / filters"},
		{"5", "Metrics: per-minute CloudWatch metrics"},
		{":", "run a command (set-function, update-stage…)"},
		{"6  7", "Labs: guided steps · Quiz: exam practice"},
		{"?", "every key      q quits"},
	}
	var b strings.Builder
	b.WriteString(st.Bold.Render("Welcome to apigwlab") + " — API Gateway, simulated\n\n")
	b.WriteString("Workspace " + st.App.Workspace.Render(a.sh.wsName) + "\n\n")
	for _, r := range rows {
		b.WriteString(key(fmt.Sprintf("%-11s", r[0])) + " " + r[1] + "\n")
	}
	if a.hasBrokenDemo() {
		b.WriteString("\nTry GET /broken: a 502. Then press 2 to see why.\n\n")
	} else {
		b.WriteString("\nSend a request, then press 2 to see it stage by stage.\n\n")
	}
	b.WriteString(st.Dim.Render("press any key to start"))
	pad := 1
	if a.height < 28 {
		pad = 0
	}
	return st.Overlay.Padding(pad, 2).Render(b.String())
}
