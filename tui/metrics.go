package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"apigwlab/engine/observe"
)

// metricsScreen shows the per-minute CloudWatch-style metrics (namespace AWS/ApiGateway) of
// the API stage selected in the explorer: sparklines of Count, 4XXError, 5XXError and
// Latency over the last minutes, and a table of the minutes with traffic. The numbers are
// the engine's (observe.Metrics); the screen only lays them out.
type metricsScreen struct {
	sh      *shared
	scen    *scenarioScreen // its last run can be the source instead of the explorer
	fromRun bool            // show the scenario run's metrics (s toggles)
	scroll  int             // table rows scrolled up from the newest
	filter  drillFilter     // c and v: the drill-down to one status class or version (drill.go)
	pick    int             // the drill-down's cursor in its list of requests

	now time.Time // the time the last View drew up to

	width, height int
}

func newMetricsScreen(sh *shared) *metricsScreen { return &metricsScreen{sh: sh} }

func (m *metricsScreen) Title() string { return "Metrics" }

func (m *metricsScreen) Claims(tea.KeyMsg) bool { return false }

func (m *metricsScreen) Help() helpKeys {
	k := m.sh.keys
	drill := []key.Binding{relabel(drillKeys.Class, "c", "drill down: a status class (2XX, 4XX, 5XX, all)"),
		relabel(drillKeys.Version, "v", "drill down: a version (canary, stage, Lambda version, all)")}
	if m.filter.active() {
		return helpKeys{
			short: []key.Binding{relabel(k.Move, "↑/↓", "pick"), relabel(k.Open, "enter", "flow"), drillKeys.Class, drillKeys.Version, relabel(k.Back, "esc", "clear")},
			full: [][]key.Binding{
				{relabel(k.Up, "↑/k", "the request before"), relabel(k.Down, "↓/j", "the request after"), relabel(k.Top, "g/G", "first/last"),
					relabel(k.Open, "enter", "open the request in the flow view")},
				append(drill, relabel(k.Back, "esc", "clear the drill-down"), relabel(k.Source, "s", "explorer traffic / the scenario run")),
			},
		}
	}
	return helpKeys{
		short: []key.Binding{relabel(k.Move, "↑/↓", "scroll minutes"), drillKeys.Class, drillKeys.Version, k.Source, k.Palette},
		full: [][]key.Binding{
			{relabel(k.Up, "↑/k", "older minutes"), relabel(k.Down, "↓/j", "newer minutes"), relabel(k.Bottom, "G", "newest")},
			append(drill, relabel(k.Source, "s", "explorer traffic / the scenario run")),
		},
	}
}

func (m *metricsScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case responseMsg:
		m.scroll = 0
	case tea.KeyMsg:
		k := m.sh.keys
		if cmd, ok := m.drillKey(msg); ok {
			return cmd
		}
		switch {
		case key.Matches(msg, k.Up):
			m.scroll++
		case key.Matches(msg, k.Down):
			m.scroll = max(0, m.scroll-1)
		case key.Matches(msg, k.Bottom):
			m.scroll = 0
		case key.Matches(msg, k.Top):
			m.scroll = 1 << 20
		case key.Matches(msg, k.Source):
			m.fromRun = !m.fromRun
			m.scroll = 0
		}
	}
	return nil
}

func (m *metricsScreen) SetSize(w, h int) { m.width, m.height = w, h }

// extraRows tells whether the window is tall enough for sparklines of IntegrationLatency
// and the cache counts as well.
func (m *metricsScreen) extraRows() bool { return m.height >= 30 }

// target is the API and stage the metrics are for: the explorer's selection, or the first
// stage of its API when the cursor is on the API itself.
func (m *metricsScreen) target() (api, stage string) {
	api, stage = m.sh.api, m.sh.stage
	for _, a := range m.sh.ws.RestAPIs {
		if api == "" {
			api = a.Name
		}
		if a.Name == api && stage == "" && len(a.Stages) > 0 {
			stage = a.Stages[0].StageName
		}
	}
	return api, stage
}

// run is the scenario run whose metrics are shown, or nil for the explorer's traffic.
func (m *metricsScreen) run() *scenarioRun {
	if !m.fromRun || m.scen == nil || m.scen.run == nil || m.scen.run.gw == nil {
		return nil
	}
	return m.scen.run
}

// runSeries is the scenario run's busiest stage, up to the second revealed so far.
func runSeries(r *scenarioRun) (api, stage string, pts []observe.Datapoint, now time.Time) {
	now = r.sc.Start.Add(time.Duration(r.shown) * time.Second)
	for _, a := range r.gw.APIs() {
		for _, s := range a.Stages {
			all := r.gw.Metrics().Series(a.Name, s)
			var shown []observe.Datapoint
			for _, p := range all {
				if p.Minute.Before(now) {
					shown = append(shown, p)
				}
			}
			if api == "" || len(shown) > len(pts) {
				api, stage, pts = a.Name, s, shown
			}
		}
	}
	return api, stage, pts, now
}

// series is what the screen shows: the API stage, its datapoints, the time they go up to
// and where they come from.
func (m *metricsScreen) series() (api, stage string, pts []observe.Datapoint, now time.Time, source string) {
	if r := m.run(); r != nil {
		api, stage, pts, now = runSeries(r)
		return api, stage, pts, now, "scenario " + r.sc.Name
	}
	api, stage = m.target()
	return api, stage, m.sh.gw.Metrics().Series(api, stage), m.sh.clock.Now(), "explorer"
}

// source is the API stage the screen shows.
func (m *metricsScreen) source() (api, stage string) {
	api, stage, _, _, _ = m.series()
	return api, stage
}

func (m *metricsScreen) View() string {
	st := m.sh.styles
	api, stage, pts, now, source := m.series()
	m.now = now
	where := api + "/" + stage
	head := st.Bold.Render("CloudWatch metrics") + st.Dim.Render(" · AWS/ApiGateway · ") + st.App.Where.Render(where) +
		st.Dim.Render(" · per minute · "+source)
	if m.scen != nil && m.scen.run != nil && m.scen.run.gw != nil {
		head += st.Dim.Render(" (s switches)")
	}
	head = truncate(head, m.width)
	if len(pts) == 0 {
		msg := []string{
			"No requests to " + where + " yet, so no datapoints.",
			"",
			"API Gateway publishes Count, 4XXError, 5XXError, Latency, IntegrationLatency, CacheHitCount and CacheMissCount for each stage, per minute.",
			"",
			"To produce traffic, send requests in the Explorer: press 1, pick a method of " + where + " and press enter (e edits the request first). Then come back with 5.",
		}
		var lines []string
		for _, l := range msg {
			lines = append(lines, wrapIndent(l, max(10, m.width-4), 0)...)
		}
		return head + "\n" + pane(st, "Metrics · "+where, strings.Join(lines, "\n"), m.width, m.height-1, false)
	}
	// The drill-down (c, v) adds a trend row of the requests it keeps and lists them in
	// place of the table; a wide window lists them beside the table, filtered or not.
	var items, list []drillItem
	wide := m.width >= wideLayout
	if m.filter.active() || wide {
		items = m.drillItems(api, stage)
		list = m.matches(items)
	}
	var match map[time.Time]float64
	sparkH := 7 // four rows, the axis, the border
	if m.extraRows() {
		sparkH = 10
	}
	if m.filter.active() {
		match = map[time.Time]float64{}
		for _, it := range list {
			match[it.at.Truncate(time.Minute)]++
		}
		sparkH++
	}
	w := mainWidth(m.width)
	trend := pane(st, "Trend · last minutes", strings.Join(m.sparklines(pts, w-2, match), "\n"), w, sparkH, false)
	tableH := m.height - 1 - sparkH
	var bottom string
	if m.filter.active() && !wide {
		bottom = m.drillPane(list, len(items), m.width, tableH)
	} else {
		bottom = pane(st, fmt.Sprintf("Per minute · %d %s", len(pts), plural(len(pts), "datapoint")), m.table(pts, w-2, tableH-2), w, tableH, false)
	}
	left := trend + "\n" + bottom
	if wide {
		left = lipgloss.JoinHorizontal(lipgloss.Top, left, m.drillPane(list, len(items), m.width-w, m.height-1))
	}
	return head + "\n" + left
}

// minutes returns one value per minute from the first datapoint to the newest minute (the
// clock's, when later), at most n of the newest, with 0 for minutes without traffic.
func minutes(pts []observe.Datapoint, now time.Time, n int, f func(observe.Datapoint) float64) (vals []float64, first, last time.Time) {
	last = pts[len(pts)-1].Minute
	if nm := now.Truncate(time.Minute); nm.After(last) {
		last = nm
	}
	span := int(last.Sub(pts[0].Minute)/time.Minute) + 1
	span = clamp(span, 1, max(1, n))
	first = last.Add(-time.Duration(span-1) * time.Minute)
	vals = make([]float64, span)
	for _, p := range pts {
		i := int(p.Minute.Sub(first) / time.Minute)
		if i >= 0 && i < span {
			vals[i] = f(p)
		}
	}
	return vals, first, last
}

func avgMs(sum time.Duration, n int64) float64 {
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n) / float64(time.Millisecond)
}

// sparklines draws Count, 4XXError, 5XXError and average Latency, one row each, over the
// same minutes, with the newest value and the maximum at the right.
func (m *metricsScreen) sparklines(pts []observe.Datapoint, w int, match map[time.Time]float64) []string {
	st := m.sh.styles
	const labelW, statW = 10, 28
	sparkW := max(4, w-labelW-statW-2)
	rows := []struct {
		name  string
		style lipgloss.Style
		f     func(observe.Datapoint) float64
		unit  func(float64) string
	}{
		{observe.MetricCount, st.Chart.S2XX, func(p observe.Datapoint) float64 { return float64(p.Count) }, fmtRate},
		{observe.Metric4XXError, st.Chart.S4XX, func(p observe.Datapoint) float64 { return float64(p.Err4XX) }, fmtRate},
		{observe.Metric5XXError, st.Chart.S5XX, func(p observe.Datapoint) float64 { return float64(p.Err5XX) }, fmtRate},
		{observe.MetricLatency, st.Chart.Bar, func(p observe.Datapoint) float64 { return avgMs(p.LatencySum, p.Count) }, fmtLatency},
	}
	if m.extraRows() {
		// a tall window has room for the other metrics too
		rows = append(rows, []struct {
			name  string
			style lipgloss.Style
			f     func(observe.Datapoint) float64
			unit  func(float64) string
		}{
			{"IntegLat", st.Chart.Bar, func(p observe.Datapoint) float64 { return avgMs(p.IntegrationLatencySum, p.Integrations) }, fmtLatency},
			{"CacheHit", st.Chart.S2XX, func(p observe.Datapoint) float64 { return float64(p.CacheHits) }, fmtRate},
			{"CacheMiss", st.Chart.S4XX, func(p observe.Datapoint) float64 { return float64(p.CacheMisses) }, fmtRate},
		}...)
	}
	if match != nil {
		rows = append(rows, struct {
			name  string
			style lipgloss.Style
			f     func(observe.Datapoint) float64
			unit  func(float64) string
		}{"▸" + strings.ReplaceAll(m.filter.String(), " · ", "·"), st.Match, func(p observe.Datapoint) float64 { return match[p.Minute] }, drillUnit(m.run() != nil)})
	}
	var lines []string
	var first, last time.Time
	var b binning
	for _, r := range rows {
		var vals []float64
		vals, first, last = minutes(pts, m.now, sparkW, r.f)
		b = newBinning(len(vals), sparkW)
		top := 0.0
		for _, v := range vals {
			top = max(top, v)
		}
		line := padRight(" "+r.name, labelW) + " " + r.style.Render(padRight(sparkline(b, vals, top), sparkW)) + " " +
			st.Dim.Render(padRight(fmt.Sprintf("now %s max %s", r.unit(vals[len(vals)-1]), r.unit(top)), statW))
		lines = append(lines, line)
	}
	axis := strings.Repeat(" ", labelW+1)
	// each label starts under the column of its minute: the first at the left, the last at
	// its own column's start when there is room (not under an earlier minute's bar)
	from, to := first.Format("15:04"), last.Format("15:04")
	lastCol := b.width() - b.colW
	switch {
	case first.Equal(last):
		axis += st.Chart.Axis.Render(from)
	case lastCol >= len(from)+1:
		axis += st.Chart.Axis.Render(from + strings.Repeat(" ", lastCol-len(from)) + to)
	default:
		axis += st.Chart.Axis.Render(from + " → " + to)
	}
	return append(lines, axis)
}

// table lists the minutes with traffic, newest last, h rows including the header.
func (m *metricsScreen) table(pts []observe.Datapoint, w, h int) string {
	st := m.sh.styles
	type col struct {
		long, short string
		width       int
	}
	cols := []col{
		{"Minute", "Minute", 6}, {"Count", "Count", 6}, {"4XXError", "4XX", 8}, {"5XXError", "5XX", 8},
		{"Latency avg", "Lat avg", 11}, {"Latency max", "Lat max", 11}, {"IntegLat avg", "Int avg", 12},
		{"CacheHitCount", "Hits", 13}, {"CacheMissCount", "Misses", 14},
	}
	total := 1
	for _, c := range cols {
		total += c.width + 1
	}
	short := total > w
	if short {
		for i := range cols {
			cols[i].width = max(len(cols[i].short), 6)
		}
		cols[0].width = 6
		cols[4].width, cols[5].width, cols[6].width = 9, 9, 9
	}
	row := func(cells []string) string {
		var sb strings.Builder
		for i, c := range cols {
			sb.WriteString(" ")
			if i == 0 {
				sb.WriteString(padRight(cells[i], c.width))
			} else {
				sb.WriteString(fmt.Sprintf("%*s", c.width, cells[i]))
			}
		}
		return sb.String()
	}
	var hdr []string
	for _, c := range cols {
		if short {
			hdr = append(hdr, c.short)
		} else {
			hdr = append(hdr, c.long)
		}
	}
	lines := []string{st.Bold.Render(row(hdr))}
	ms := func(v float64) string { return fmtLatency(v) }
	n := max(1, h-1)
	if len(pts) > n {
		n = max(1, h-2) // a line says how many are older
	}
	end := len(pts)
	m.scroll = clamp(m.scroll, 0, max(0, len(pts)-n))
	end -= m.scroll
	start := max(0, end-n)
	for _, p := range pts[start:end] {
		integ := "—"
		if p.Integrations > 0 {
			integ = ms(avgMs(p.IntegrationLatencySum, p.Integrations))
		}
		cells := []string{p.Minute.Format("15:04"), fmt.Sprint(p.Count), fmt.Sprint(p.Err4XX), fmt.Sprint(p.Err5XX),
			ms(avgMs(p.LatencySum, p.Count)), ms(float64(p.LatencyMax) / float64(time.Millisecond)), integ,
			fmt.Sprint(p.CacheHits), fmt.Sprint(p.CacheMisses)}
		line := row(cells)
		switch {
		case p.Err5XX > 0:
			line = st.Status.Err.Render(line[:8]) + line[8:]
		case p.Err4XX > 0:
			line = st.Status.Warn.Render(line[:8]) + line[8:]
		}
		lines = append(lines, line)
	}
	if start > 0 {
		lines = append(lines, st.Dim.Render(fmt.Sprintf(" ↑ %d older minutes", start)))
	}
	return strings.Join(lines, "\n")
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
