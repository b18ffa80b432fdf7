package tui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"apigwlab/engine"
	"apigwlab/engine/websocket"
	"apigwlab/engine/wire"
	"apigwlab/scenarios"
)

// Reveal speeds: virtual seconds shown per real second; 0 means as fast as the runner goes.
var speeds = []struct {
	label  string
	factor int
}{{"×1", 1}, {"×10", 10}, {"×100", 100}, {"max", 0}}

// frame is the pace of the reveal animation: 10 frames a second at every speed.
const frame = 100 * time.Millisecond

// scenarioItem is one scenario in the list: bundled, or a file in ./scenarios.
type scenarioItem struct {
	name, description string
	path              string // "" for a bundled scenario
	err               error  // the file does not load
}

// scenarioRun is one run: samples as the runner produced them, and how many are shown.
type scenarioRun struct {
	id      int
	item    scenarioItem
	sc      *scenarios.Scenario
	total   int // seconds
	samples []scenarios.Sample
	shown   int // samples revealed
	tenths  int // reveal position in tenths of a virtual second
	paused  bool
	done    bool
	result  *scenarios.Result
	err     error
	report  string
	cancel  chan struct{}
	reqs    map[int]sampleReq // second → its first request, traced
	sampled []sampleReq       // the first of each second, status class and version, untraced (drill.go)
	gw      *engine.Gateway   // the run's gateway: its metrics feed the metrics screen
	pick    int               // the second picked on the chart (-1: none)
}

// sampleReq is a request of a run, kept with its trace so the flow view can replay it.
type sampleReq struct {
	second int
	req    engine.Request
	resp   *engine.Response
	ws     *websocket.Exchange // a WebSocket message instead of a request
	sent   string              // what the client sent
	n      int64               // the request's number in the run (TraceRequest)
	keyed  bool                // a drill-down sample: untraced, the first of its kind in its second
}

// maxSampleReqs bounds the traced requests a run keeps (one per second); maxKeyedReqs the
// drill-down's untraced ones (one per second, status class and version).
const maxSampleReqs, maxKeyedReqs = 3600, 20000

// scenarioScreen lists scenarios and runs one with live charts, then shows its report.
type scenarioScreen struct {
	sh      *shared
	items   []scenarioItem
	listed  bool // items was read (list)
	cursor  int
	speed   int
	run     *scenarioRun
	runs    int
	ticking bool
	showRep bool // the report rather than the charts, once a run is over
	report  viewport.Model
	listErr string

	width, height int
}

func newScenarioScreen(sh *shared) *scenarioScreen {
	s := &scenarioScreen{sh: sh, speed: 1, report: viewport.New(10, 5)}
	s.report.KeyMap = viewport.KeyMap{}
	return s
}

// list is the scenarios to pick from, read at first use: parsing every bundled scenario
// at start-up cost more than the whole first-frame budget (issue 15, fast start).
func (s *scenarioScreen) list() []scenarioItem {
	if !s.listed {
		s.items, s.listErr = listScenarios(s.sh.scenarioDir)
		s.listed = true
	}
	return s.items
}

// listScenarios returns the bundled scenarios, then the *.yaml files in dir.
func listScenarios(dir string) ([]scenarioItem, string) {
	var items []scenarioItem
	var problem string
	infos, err := scenarios.Bundled()
	if err != nil {
		problem = "bundled scenarios: " + err.Error()
	}
	for _, in := range infos {
		items = append(items, scenarioItem{name: in.Name, description: in.Description})
	}
	if dir == "" {
		return items, problem
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
	sort.Strings(files)
	for _, f := range files {
		it := scenarioItem{name: strings.TrimSuffix(filepath.Base(f), ".yaml"), path: f}
		if sc, err := scenarios.Load(f); err != nil {
			it.err = err
		} else {
			it.name, it.description = sc.Name, sc.Description
		}
		items = append(items, it)
	}
	return items, problem
}

func (s *scenarioScreen) Title() string { return "Scenarios" }

// Claims takes no key before the global ones: the number keys switch screens here as
// everywhere (the speed is + and -).
func (s *scenarioScreen) Claims(msg tea.KeyMsg) bool { return false }

// Running reports whether a run is still being played.
func (s *scenarioScreen) Running() bool {
	return s.run != nil && s.run.err == nil && (!s.run.done || s.run.shown < len(s.run.samples))
}

func (s *scenarioScreen) Help() helpKeys {
	k := s.sh.keys
	if s.run == nil {
		return helpKeys{
			short: []key.Binding{k.Move, k.Run},
			full:  [][]key.Binding{{k.Up, k.Down, relabel(k.Run, "enter", "run the scenario")}},
		}
	}
	if s.run.done && s.run.shown >= len(s.run.samples) && !s.showRep {
		return helpKeys{
			short: []key.Binding{k.Report, relabel(k.Left, "←/→", "pick"), relabel(k.Open, "enter", "open"), k.Back},
			full: [][]key.Binding{{k.Report, relabel(k.Back, "esc", "back to the list")},
				{relabel(k.Left, "←/→", "pick a second on the chart"), relabel(k.Open, "enter", "open its request in the flow")}},
		}
	}
	if s.showRep || (s.run.done && s.run.shown >= len(s.run.samples)) {
		h := helpKeys{
			short: []key.Binding{k.Report, k.Move, k.Back},
			full: [][]key.Binding{{k.Report, relabel(k.Down, "↑/↓", "scroll report"), relabel(k.PageDown, "pgup/pgdn", "scroll report")},
				{relabel(k.Back, "esc", "back to the list")}},
		}
		if s.wide() { // the charts stay beside the report
			h.short = []key.Binding{k.Report, relabel(k.Left, "←/→", "pick"), relabel(k.Open, "enter", "open"), k.Move, k.Back}
			h.full = append(h.full, []key.Binding{relabel(k.Left, "←/→", "pick a second on the chart"), relabel(k.Open, "enter", "open its request in the flow")})
		}
		return h
	}
	return helpKeys{
		short: []key.Binding{k.Speeds, k.Pause, k.Second, relabel(k.Left, "←/→", "pick"), k.Back},
		full: [][]key.Binding{
			{relabel(k.Faster, "+", "faster (×1, ×10, ×100, max)"), relabel(k.Slower, "-", "slower")},
			{relabel(k.Pause, "space", "pause/resume"), relabel(k.Second, ".", "step one second"),
				relabel(k.Back, "esc", "back to the list")},
			{relabel(k.Left, "←/→", "pick a second on the chart"), relabel(k.Open, "enter", "open its request in the flow")},
		},
	}
}

func (s *scenarioScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case scenarioMsg:
		return s.receive(msg)
	case scenarioBatch:
		if s.run == nil || msg.run != s.run.id {
			return nil // a run that was left: its goroutine ends on its own
		}
		return tea.Batch(s.receive(msg.scenarioMsg), msg.next)
	case scenarioTickMsg:
		if s.run == nil || msg.run != s.run.id {
			return nil
		}
		s.ticking = false
		r := s.run
		if !r.paused && speeds[s.speed].factor > 0 {
			r.tenths = min(r.tenths+speeds[s.speed].factor, len(r.samples)*10)
			s.reveal(r.tenths / 10)
		}
		return s.keepTicking()
	case tea.KeyMsg:
		return s.key(msg)
	}
	return nil
}

func (s *scenarioScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := s.sh.keys
	if key.Matches(msg, k.Faster) || key.Matches(msg, k.Slower) {
		d := 1
		if key.Matches(msg, k.Slower) {
			d = -1
		}
		s.speed = clamp(s.speed+d, 0, len(speeds)-1)
		if r := s.run; r != nil && speeds[s.speed].factor == 0 {
			r.paused = false
			s.reveal(len(r.samples))
		}
		return s.keepTicking()
	}
	if s.run == nil {
		switch {
		case key.Matches(msg, k.Up):
			s.cursor = max(0, s.cursor-1)
		case key.Matches(msg, k.Down):
			s.cursor = min(len(s.list())-1, s.cursor+1)
		case key.Matches(msg, k.Run):
			if len(s.list()) > 0 {
				return s.start(s.list()[s.cursor])
			}
		}
		return nil
	}
	r := s.run
	switch {
	case key.Matches(msg, k.Back):
		s.stop()
	case key.Matches(msg, k.Pause):
		r.paused = !r.paused
		return s.keepTicking()
	case key.Matches(msg, k.Second):
		r.paused = true
		s.reveal(min(r.shown+1, len(r.samples)))
		r.tenths = r.shown * 10
	case key.Matches(msg, k.Report):
		if r.done && r.shown >= len(r.samples) {
			s.showRep = !s.showRep
		}
	case (!s.showRep || s.wide()) && (key.Matches(msg, k.Left) || key.Matches(msg, k.Right)):
		d := 1
		if key.Matches(msg, k.Left) {
			d = -1
		}
		s.movePick(d)
		if s.wide() {
			s.showRep = false // the pane beside shows the picked second's request
		}
	case (!s.showRep || s.wide()) && key.Matches(msg, k.Open):
		return s.openPick()
	case key.Matches(msg, k.PageUp), key.Matches(msg, k.Up):
		s.report.HalfPageUp()
	case key.Matches(msg, k.PageDown), key.Matches(msg, k.Down):
		s.report.HalfPageDown()
	}
	return nil
}

// start loads a scenario and runs it in a goroutine; samples come back as scenarioMsgs.
func (s *scenarioScreen) start(it scenarioItem) tea.Cmd {
	s.stop()
	s.runs++
	r := &scenarioRun{id: s.runs, item: it, cancel: make(chan struct{}), reqs: map[int]sampleReq{}, pick: -1}
	s.run = r
	s.showRep = false
	sc, err := loadScenario(it)
	if err != nil {
		r.done, r.err = true, err
		return nil
	}
	r.sc = sc
	r.total = int((sc.Duration + time.Second - 1) / time.Second)
	ch := make(chan scenarioMsg, 64)
	go runScenario(sc, r.id, ch, r.cancel)
	return tea.Batch(waitScenario(ch), s.keepTicking())
}

// loadScenario reads a listed scenario (again: a run may change what it read).
func loadScenario(it scenarioItem) (*scenarios.Scenario, error) {
	switch {
	case it.err != nil:
		return nil, it.err
	case it.path != "":
		return scenarios.Load(it.path)
	}
	return scenarios.LoadBundled(it.name)
}

// runScenario runs sc to the end, streaming its samples to ch. It stops sending (the run
// itself finishes in virtual time, quickly) once cancel is closed.
func runScenario(sc *scenarios.Scenario, id int, ch chan<- scenarioMsg, cancel <-chan struct{}) {
	defer close(ch)
	send := func(m scenarioMsg) bool {
		select {
		case ch <- m:
			return true
		case <-cancel:
			return false
		}
	}
	var res *scenarios.Result
	var err error
	func() {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("the scenario run failed: %v", p)
			}
		}()
		var pending []sampleReq
		var gwOnce *engine.Gateway
		kept, keyed, keySec := 0, 0, -1
		keys := map[kind]bool{}
		res, err = scenarios.Run(sc, scenarios.Options{
			OnGateway: func(g *engine.Gateway) { gwOnce = g },
			OnSecond: func(x scenarios.Sample) {
				send(scenarioMsg{run: id, samples: []scenarios.Sample{x}, reqs: pending, gw: gwOnce})
				pending, gwOnce = nil, nil
			},
			OnRequestSample: func(sec int, req engine.Request, resp *engine.Response) {
				if kept < maxSampleReqs {
					kept++
					pending = append(pending, sampleReq{second: sec, req: req, resp: resp})
				}
			},
			// the Metrics drill-down: the first request of each second, status class and
			// version, untraced (copied: the runner reuses both); opening one traces it
			// by running the scenario again (drill.go)
			OnRequest: func(n int64, sec int, req *engine.Request, resp *engine.Response) {
				if sec != keySec {
					keySec = sec
					clear(keys)
				}
				k := sampleKey(resp)
				if keys[k] || keyed >= maxKeyedReqs {
					return
				}
				keys[k] = true
				keyed++
				r, c := *req, *resp
				r.Header = append(wire.Headers(nil), req.Header...)
				c.Header = append(wire.Headers(nil), resp.Header...)
				pending = append(pending, sampleReq{second: sec, req: r, resp: &c, n: n, keyed: true})
			},
			OnMessageSample: func(sec int, ex *websocket.Exchange, sent string) {
				if kept < maxSampleReqs && ex != nil {
					kept++
					pending = append(pending, sampleReq{second: sec, ws: ex, sent: sent})
				}
			},
		})
	}()
	send(scenarioMsg{run: id, done: true, result: res, err: err})
}

// waitScenario reads what the run produced, batching the samples already waiting.
func waitScenario(ch <-chan scenarioMsg) tea.Cmd {
	return func() tea.Msg {
		m, ok := <-ch
		if !ok {
			return nil
		}
		for !m.done && len(m.samples) < 5000 {
			select {
			case x, ok := <-ch:
				if !ok {
					return scenarioMsg{run: m.run, samples: m.samples, done: true, err: errors.New("the run stopped early")}
				}
				m.samples = append(m.samples, x.samples...)
				m.reqs = append(m.reqs, x.reqs...)
				if x.gw != nil {
					m.gw = x.gw
				}
				m.done, m.result, m.err = x.done, x.result, x.err
			default:
				return withNext(m, ch)
			}
		}
		return withNext(m, ch)
	}
}

// scenarioBatch is a scenarioMsg with the command that reads the next one.
type scenarioBatch struct {
	scenarioMsg
	next tea.Cmd
}

func withNext(m scenarioMsg, ch <-chan scenarioMsg) tea.Msg {
	if m.done {
		return m
	}
	return scenarioBatch{scenarioMsg: m, next: waitScenario(ch)}
}

func (s *scenarioScreen) receive(m scenarioMsg) tea.Cmd {
	r := s.run
	if r == nil || m.run != r.id {
		return nil
	}
	r.samples = append(r.samples, m.samples...)
	for _, x := range m.reqs {
		if x.keyed {
			r.sampled = append(r.sampled, x)
		} else {
			r.reqs[x.second] = x
		}
	}
	if m.gw != nil {
		r.gw = m.gw
	}
	if m.done {
		r.done, r.result, r.err = true, m.result, m.err
		if m.result != nil {
			var b strings.Builder
			if err := m.result.WriteText(&b); err != nil {
				r.err = err
			}
			r.report = b.String()
			s.setReport()
		}
	}
	if speeds[s.speed].factor == 0 && !r.paused {
		s.reveal(len(r.samples))
	}
	return s.keepTicking()
}

// reveal shows the first n samples.
func (s *scenarioScreen) reveal(n int) {
	r := s.run
	r.shown = clamp(n, 0, len(r.samples))
	r.tenths = max(r.tenths, r.shown*10)
	if r.done && r.shown >= len(r.samples) {
		s.showRep = r.result != nil
	}
}

// keepTicking schedules the next frame while the reveal has somewhere to go.
func (s *scenarioScreen) keepTicking() tea.Cmd {
	r := s.run
	if s.ticking || r == nil || r.err != nil || r.paused || speeds[s.speed].factor == 0 {
		return nil
	}
	if r.done && r.shown >= len(r.samples) {
		return nil
	}
	s.ticking = true
	id := r.id
	return s.sh.tick(frame, func(time.Time) tea.Msg { return scenarioTickMsg{run: id} })
}

// stop leaves the current run; its goroutine finishes without blocking.
func (s *scenarioScreen) stop() {
	if s.run != nil {
		close(s.run.cancel)
		s.run = nil
	}
	s.showRep = false
}

func (s *scenarioScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.report.Width, s.report.Height = max(1, w), max(1, h-2)
	if s.wide() { // the report is a pane beside the charts: its border and head take 4 rows
		s.report.Width, s.report.Height = max(1, w-s.chartWidth()-3), max(1, h-4)
	}
	s.setReport()
}

// wide tells whether the charts keep their place once the run is over, the report (or the
// picked second's request) beside them.
func (s *scenarioScreen) wide() bool { return s.width >= wideLayout }

// chartWidth is the width of the live charts.
func (s *scenarioScreen) chartWidth() int { return mainWidth(s.width) }

// setReport lays the report out for the width: long lines wrap under their indent.
func (s *scenarioScreen) setReport() {
	if s.run == nil || s.run.report == "" {
		return
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(s.run.report, "\n"), "\n") {
		indent := len(l) - len(strings.TrimLeft(l, " "))
		lines = append(lines, wrapIndent(l, s.report.Width, indent+2)...)
	}
	s.report.SetContent(colourReport(s.sh.styles, strings.Join(lines, "\n")))
}

func (s *scenarioScreen) View() string {
	if s.run == nil {
		return s.listView()
	}
	if s.run.err != nil {
		st := s.sh.styles
		text := st.Bold.Render(s.run.item.name) + "\n\n" + st.Status.Err.Render("✗ ") + wrap(s.run.err.Error(), s.width-2) +
			"\n\n" + st.Dim.Render("esc: back to the list")
		return fit(text, s.width, s.height)
	}
	if s.wide() {
		side := s.pickPane(s.width-s.chartWidth(), s.height)
		if s.showRep {
			side = pane(s.sh.styles, "Report · r: the picked second's request", " "+strings.ReplaceAll(s.reportView(s.report.Width), "\n", "\n "), s.width-s.chartWidth(), s.height, false)
		}
		return lipgloss.JoinHorizontal(lipgloss.Top, s.liveView(), side)
	}
	if s.showRep {
		return s.reportView(s.width)
	}
	return s.liveView()
}

func (s *scenarioScreen) listView() string {
	st := s.sh.styles
	s.list() // reads it, so that a problem shows below
	var lines []string
	lines = append(lines, truncate(fmt.Sprintf("Replay traffic in virtual time · enter runs one · speed %s (+/- change it)", speeds[s.speed].label), s.width))
	if s.listErr != "" {
		lines = append(lines, st.Status.Err.Render(truncate(s.listErr, s.width)))
	}
	lines = append(lines, "")
	var cursorLine int
	for i, it := range s.list() {
		mark := "  "
		name := st.Bold.Render(it.name)
		if i == s.cursor {
			mark = "› "
			name = st.Selected.Render(it.name)
			cursorLine = len(lines)
		}
		src := "bundled"
		if it.path != "" {
			src = it.path
		}
		lines = append(lines, truncate(mark+name+"  "+st.Dim.Render(src), s.width))
		desc := strings.Join(strings.Fields(it.description), " ")
		if it.err != nil {
			desc = st.Status.Err.Render("does not load: ") + strings.Join(strings.Fields(it.err.Error()), " ")
		}
		dl := strings.Split(wrap(desc, max(10, s.width-4)), "\n")
		keep := 2
		if i == s.cursor {
			keep = max(2, s.height/2-2)
		}
		if len(dl) > keep {
			dl = dl[:keep]
			dl[keep-1] = truncate(dl[keep-1]+" …", s.width-4)
		}
		for _, l := range dl {
			lines = append(lines, "    "+st.Dim.Render(l))
		}
	}
	off := 0
	if cursorLine+3 > s.height {
		off = cursorLine + 3 - s.height
	}
	return fit(strings.Join(lines[min(off, len(lines)):], "\n"), s.width, s.height)
}

func (s *scenarioScreen) liveView() string {
	st := s.sh.styles
	r := s.run
	w := s.chartWidth()
	state := "▶ running"
	switch {
	case r.paused:
		state = "‖ paused"
	case r.done && r.shown >= len(r.samples):
		state = "■ finished"
	}
	lines := []string{truncate(fmt.Sprintf("%s · t=%ds of %ds · speed %s · %s",
		st.Bold.Render(r.sc.Name), r.shown, r.total, speeds[s.speed].label, state), w)}
	lines = append(lines, progressBar(st, r.shown, r.total, min(w, 60)))

	const labelW = 7
	b := newBinning(r.total, w-labelW)
	shown := r.samples[:r.shown]
	cols := aggregate(b, shown)
	ws := len(r.sc.Connections) > 0 && len(r.sc.Traffic) == 0 // a WebSocket-only scenario charts its messages
	if ws {
		cols = aggregateWS(b, shown)
	}
	events := r.sc.Events
	chartH := clamp(s.height-11-min(len(events), 4), 3, 20)
	lines = append(lines, stackedChart(st, b, cols, chartH, labelW)...)
	axis, labels := timeAxis(st, b, events, r.shown, labelW, r.pick)
	lines = append(lines, axis, labels, truncate(s.pickLine(), w))

	if ws {
		lines = append(lines, wsChartLines(st, b, cols, shown, labelW, w)...)
	} else {
		var tot, c2, c4, c5, c429, canary, hits, misses int64
		for _, x := range shown {
			tot += x.Requests
			c2 += x.S2XX
			c4 += x.S4XX
			c5 += x.S5XX
			c429 += x.S429
			canary += x.Canary
			hits += x.CacheHits
			misses += x.CacheMisses
		}
		legend := fmt.Sprintf("req/s  %s 2XX %d  %s 4XX %d  %s 5XX %d", st.Chart.S2XX.Render(glyph2XX), c2,
			st.Chart.S4XX.Render(glyph4XX), c4, st.Chart.S5XX.Render(glyph5XX), c5)
		lines = append(lines, truncate(legend, w))
		ratio := func(n int64) string {
			if tot == 0 {
				return "–"
			}
			return fmt.Sprintf("%.1f%%", float64(n)/float64(tot)*100)
		}
		ratios := fmt.Sprintf("5XX %s   429 %s", st.Chart.S5XX.Render(ratio(c5)), st.Chart.S4XX.Render(ratio(c429)))
		if hits+misses > 0 {
			ratios += fmt.Sprintf("   cache hits %.1f%%", float64(hits)/float64(hits+misses)*100)
		}
		if canary > 0 {
			ratios += "   canary " + ratio(canary)
		}
		ratios += fmt.Sprintf("   of %d requests so far", tot)
		lines = append(lines, truncate(ratios, w))

		top := 0.0
		p50s := make([]float64, len(cols))
		p99s := make([]float64, len(cols))
		for i, c := range cols {
			p50s[i], p99s[i] = c.p50, c.p99
			top = max(top, c.p99, c.p50)
		}
		var last scenarios.Sample
		for i := len(shown) - 1; i >= 0; i-- {
			if shown[i].Requests > 0 {
				last = shown[i]
				break
			}
		}
		lines = append(lines,
			truncate(fmt.Sprintf("%-*s", labelW, "p50")+st.Chart.Bar.Render(sparkline(b, p50s, top))+" "+fmtLatency(last.LatencyP50), w),
			truncate(fmt.Sprintf("%-*s", labelW, "p99")+st.Chart.Bar.Render(sparkline(b, p99s, top))+" "+fmtLatency(last.LatencyP99), w))
	}
	for i, e := range events {
		if i == 4 && len(events) > 5 {
			lines = append(lines, st.Dim.Render(fmt.Sprintf("  … %d more events", len(events)-4)))
			break
		}
		style := st.Dim
		if int(e.At/time.Second) < r.shown {
			style = st.Chart.Event
		}
		lines = append(lines, truncate(style.Render("▲ +"+fmtSeconds(int(e.At/time.Second)))+" "+e.Do, w))
	}
	return fit(strings.Join(lines, "\n"), w, s.height)
}

func (s *scenarioScreen) reportView(w int) string {
	st := s.sh.styles
	r := s.run
	verdict := st.Chart.Fail.Render("FAIL")
	if r.result.Passed {
		verdict = st.Chart.Pass.Render("PASS")
	}
	held := 0
	for _, x := range r.result.Expectations {
		if x.OK {
			held++
		}
	}
	head := fmt.Sprintf("%s · %s · %d of %d expectations hold",
		st.Bold.Render(r.sc.Name), verdict, held, len(r.result.Expectations))
	if s.wide() {
		return truncate(head, w) + "\n\n" + s.report.View()
	}
	return fit(truncate(head, w)+"\n\n"+s.report.View(), w, s.height)
}

// colourReport colours the PASS and FAIL marks of a report.
func colourReport(st *Styles, text string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "  PASS"):
			lines[i] = st.Chart.Pass.Render("  PASS") + l[len("  PASS"):]
		case strings.HasPrefix(l, "  FAIL"):
			lines[i] = st.Chart.Fail.Render("  FAIL") + l[len("  FAIL"):]
		case strings.HasPrefix(l, "Result: PASS"):
			lines[i] = st.Chart.Pass.Render(l)
		case strings.HasPrefix(l, "Result: FAIL"):
			lines[i] = st.Chart.Fail.Render(l)
		}
	}
	return strings.Join(lines, "\n")
}

// scenarioDir is where local scenarios are looked for: ./scenarios when it exists.
func scenarioDir() string {
	if fi, err := os.Stat("scenarios"); err == nil && fi.IsDir() {
		return "scenarios"
	}
	return ""
}
