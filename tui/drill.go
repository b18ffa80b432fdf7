package tui

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"apigwlab/engine"
	"apigwlab/scenarios"
)

// The Metrics screen's drill-down (issue 15: "find the one 200 that slipped through"): c
// picks a status class and v a version (the canary or the stage's deployment, a Lambda
// function version); the trend gains a row of the matching requests and the table gives
// way to a list of them, each opened in the flow view with enter. The requests are the
// explorer's (its history, every one traced) or a scenario run's samples: the first
// request of each second and of each status class and version in it, traced.

// drillItem is one request the drill-down can list and open.
type drillItem struct {
	at     time.Time
	second int // a scenario run's second (-1: the explorer's)
	seq    int // the explorer's history entry (0: a scenario sample)
	req    engine.Request
	resp   *engine.Response
	n      int64 // a scenario sample's number in its run: an untraced one is traced again by it
}

// drillFilter is what the drill-down keeps: a status class (2, 4, 5; 0 any) and a version.
type drillFilter struct {
	class   int
	version string // "" any, "canary", "stage", "λ 2"
}

func (f drillFilter) active() bool { return f.class != 0 || f.version != "" }

func (f drillFilter) match(r *engine.Response) bool {
	if f.class != 0 && r.Status/100 != f.class {
		return false
	}
	switch f.version {
	case "":
		return true
	case "canary":
		return r.Canary
	case "stage":
		return !r.Canary
	}
	return versionOf(r) == f.version
}

func (f drillFilter) String() string {
	var parts []string
	if f.class != 0 {
		parts = append(parts, fmt.Sprintf("%dXX", f.class))
	}
	if f.version != "" {
		parts = append(parts, f.version)
	}
	return strings.Join(parts, " · ")
}

// versionOf is the Lambda function version a request ran ("λ 2"; "" when none ran).
func versionOf(r *engine.Response) string {
	if r.FunctionVersion == "" {
		return ""
	}
	return "λ " + r.FunctionVersion
}

// sampleKey is what a scenario run keeps one request of per second: its status class,
// deployment and function version.
func sampleKey(r *engine.Response) kind {
	return kind{r.Status / 100, r.Canary, r.FunctionVersion} // no allocation: it runs per request
}

type kind struct {
	class   int
	canary  bool
	version string
}

// versions are the v choices the requests offer: canary and stage when a canary answered
// any, then each Lambda function version seen.
func versions(items []drillItem) []string {
	var out, fns []string
	canary := false
	for _, it := range items {
		canary = canary || it.resp.Canary
		if v := versionOf(it.resp); v != "" && !slices.Contains(fns, v) {
			fns = append(fns, v)
		}
	}
	if canary {
		out = append(out, "canary", "stage")
	}
	slices.Sort(fns)
	return append(out, fns...)
}

// drillItems is every request behind the metrics shown: the explorer's to the API stage,
// or the scenario run's samples revealed so far.
func (m *metricsScreen) drillItems(api, stage string) []drillItem {
	var out []drillItem
	if r := m.run(); r != nil {
		for _, x := range r.sampled {
			if x.resp == nil || x.second >= r.shown || x.resp.API != api || x.resp.Stage != stage {
				continue
			}
			out = append(out, drillItem{at: r.sc.Start.Add(time.Duration(x.second) * time.Second), second: x.second, req: x.req, resp: x.resp, n: x.n})
		}
		return out
	}
	for _, e := range m.sh.history.entries {
		if e.WS != nil || e.Resp == nil || e.Resp.API != api || e.Resp.Stage != stage {
			continue
		}
		out = append(out, drillItem{at: e.At, second: -1, seq: e.Seq, req: e.Req, resp: e.Resp})
	}
	return out
}

// matches is the items the filter keeps.
func (m *metricsScreen) matches(items []drillItem) []drillItem {
	var out []drillItem
	for _, it := range items {
		if m.filter.match(it.resp) {
			out = append(out, it)
		}
	}
	return out
}

// cycleClass and cycleVersion step the filter; the cursor goes to the newest match.
func (m *metricsScreen) cycleClass() {
	m.filter.class = map[int]int{0: 2, 2: 4, 4: 5, 5: 0}[m.filter.class]
	m.pick = 1 << 30
}

func (m *metricsScreen) cycleVersion(items []drillItem) {
	vs := append([]string{""}, versions(items)...)
	i := slices.Index(vs, m.filter.version)
	m.filter.version = vs[(i+1)%len(vs)]
	m.pick = 1 << 30
}

// open shows the picked request in the flow view: the explorer's is in the history, a
// scenario's sample goes into it first (as the Scenarios chart's pick does).
func (m *metricsScreen) open(it drillItem) tea.Cmd {
	if it.seq != 0 {
		return func() tea.Msg { return showFlowMsg{seq: it.seq} }
	}
	if it.resp.Trace != nil {
		return func() tea.Msg {
			return openEntryMsg{&entry{API: it.req.API, Req: it.req, Resp: it.resp, At: it.at}, ""}
		}
	}
	r := m.run()
	if r == nil {
		return nil
	}
	// The run kept this request untraced (tracing every request made runs 15 times slower):
	// a run is the same for its seed, so it runs again, tracing this one request.
	item, want := r.item, it
	status := func() tea.Msg {
		return statusMsg{text: fmt.Sprintf("tracing request %d of %s: running it again…", want.n, item.name)}
	}
	return tea.Batch(status, func() tea.Msg {
		sc, err := loadScenario(item)
		if err != nil {
			return statusMsg{text: "trace again: " + err.Error(), err: true}
		}
		var got *entry
		_, err = scenarios.Run(sc, scenarios.Options{TraceRequest: want.n, OnRequestSample: func(_ int, req engine.Request, resp *engine.Response) {
			got = &entry{API: req.API, Req: req, Resp: resp, At: want.at}
		}})
		switch {
		case err != nil:
			return statusMsg{text: "trace again: " + err.Error(), err: true}
		case got == nil || sampleKey(got.Resp) != sampleKey(want.resp):
			// code functions run in real time: their latencies, and so a run, can differ
			return statusMsg{text: fmt.Sprintf("the run went differently this time (code functions take real time): request %d is not the one listed", want.n), err: true}
		}
		return openEntryMsg{got, fmt.Sprintf("request %d of %s, traced by running it again (same seed)", want.n, item.name)}
	})
}

// drillLines is the list of matching requests, h rows, the cursor's kept in view.
func (m *metricsScreen) drillLines(list []drillItem, total, w, h int) []string {
	st := m.sh.styles
	if len(list) == 0 {
		return []string{st.Dim.Render(truncate(fmt.Sprintf("No request of these %d is %s. c and v change the filter, esc clears it.", total, m.filter), w))}
	}
	m.pick = clamp(m.pick, 0, len(list)-1)
	rows := max(1, h)
	off := clamp(m.pick-rows/2, 0, max(0, len(list)-rows))
	var lines []string
	for i := off; i < min(len(list), off+rows); i++ {
		it := list[i]
		when := it.at.Format("15:04:05")
		if it.second >= 0 {
			when = "t=" + fmtSeconds(it.second)
		} else {
			when += fmt.Sprintf(" #%d", it.seq)
		}
		r := it.resp
		status := st.statusStyle(r.Status).Render(fmt.Sprintf("%d %s", r.Status, http.StatusText(r.Status)))
		ver := "stage"
		if r.Canary {
			ver = "canary"
		}
		if v := versionOf(r); v != "" {
			ver += " " + v
		}
		line := fmt.Sprintf("%s %-14s %s %s → %s %s", "  ", when, it.req.Method, it.req.Path, status, st.Dim.Render(ver+" · "+fmtMs(r.Latency)))
		if i == m.pick && m.filter.active() {
			line = "› " + strings.TrimPrefix(line, "  ")
			line = st.Selected.Render(truncate(line, w))
		}
		lines = append(lines, truncate(line, w))
	}
	return lines
}

// openEntryMsg asks the root to put a request into the history and open it in the flow
// view (a drill-down sample traced in a command).
type openEntryMsg struct {
	entry *entry
	note  string // for the header
}

// drillKeys are the Metrics screen's own keys for the drill-down.
var drillKeys = struct{ Class, Version key.Binding }{
	Class:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "status")),
	Version: key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "version")),
}

// drillKey handles the drill-down's keys; ok is false for a key it leaves to the screen.
func (m *metricsScreen) drillKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.sh.keys
	api, stage := m.source()
	switch {
	case key.Matches(msg, drillKeys.Class):
		m.cycleClass()
		return nil, true
	case key.Matches(msg, drillKeys.Version):
		m.cycleVersion(m.drillItems(api, stage))
		return nil, true
	case !m.filter.active():
		return nil, false
	case key.Matches(msg, k.Back):
		m.filter = drillFilter{}
	case key.Matches(msg, k.Up):
		m.pick = max(0, m.pick-1)
	case key.Matches(msg, k.Down):
		m.pick++ // clamped when drawn
	case key.Matches(msg, k.Top):
		m.pick = 0
	case key.Matches(msg, k.Bottom):
		m.pick = 1 << 30
	case key.Matches(msg, k.Open):
		list := m.matches(m.drillItems(api, stage))
		if len(list) == 0 {
			return nil, true
		}
		return m.open(list[clamp(m.pick, 0, len(list)-1)]), true
	default:
		return nil, false
	}
	return nil, true
}

// drillPane is the list of the requests the drill-down keeps, in a pane of w × h.
func (m *metricsScreen) drillPane(list []drillItem, total, w, h int) string {
	st := m.sh.styles
	title := fmt.Sprintf("Requests · all %d · c or v drills down", total)
	if m.filter.active() {
		title = fmt.Sprintf("Requests · %s · %d of %d · enter opens one in the flow view", m.filter, len(list), total)
	}
	rows := h - 2
	var lines []string
	if m.run() != nil {
		// a run keeps traced samples only: its first request of each second and kind
		lines = append(lines, st.Dim.Render(truncate("sampled: the first request of each second, status class and version (the trend's ▸ row counts those seconds)", w-2)))
		rows--
	}
	if !m.filter.active() {
		m.pick = 1 << 30 // no cursor: the newest show
	}
	lines = append(lines, m.drillLines(list, total, w-2, rows)...)
	return pane(st, title, strings.Join(lines, "\n"), w, h, m.filter.active())
}

// drillUnit writes the trend's drill-down row: requests a minute for the explorer's, whose
// every request is listed; seconds with one for a run's, which keeps samples only.
func drillUnit(run bool) func(float64) string {
	if run {
		return func(v float64) string { return fmt.Sprintf("%.0f s", v) }
	}
	return fmtRate
}
