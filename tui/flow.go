package tui

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"apigwlab/engine"
	"apigwlab/engine/observe"
)

// pipelineStages is the order of API Gateway's stages as the engine names its trace hops,
// between the client's request and the answer. Stages a request did not pass through are
// drawn dimmed: "skipped" when the method does not use them, "not reached" when an earlier
// stage answered. Hops the engine adds that are not listed here (cache store, gateway
// response, new stages) are drawn where the trace puts them.
var pipelineStages = []string{"route", "api key", "throttle", "cache", "integration request", "integration", "integration response"}

// httpPipelineStages is an HTTP API's order (engine/httpapi): no API keys, cache or mapping
// templates; parameter mapping instead.
var httpPipelineStages = []string{"route", "authorizer", "throttle", "parameter mapping", "integration", "response mapping"}

type boxState int

const (
	boxRan boxState = iota
	boxSkipped
	boxNotReached
	boxClientIn
	boxClientOut
	boxWaiting // the pipeline before any request
)

// flowBox is one stage box of the flow view.
type flowBox struct {
	stage string
	hop   *observe.Hop
	state boxState
}

// flowBoxes lays a request's trace over the pipeline. It reads the hops as the engine wrote
// them and decides nothing about the request itself.
func flowBoxes(t *observe.Trace) []flowBox { return flowBoxesOver(t, pipelineStages) }

// flowBoxesOver lays the trace over the given pipeline (REST's or HTTP's).
func flowBoxesOver(t *observe.Trace, pipelineStages []string) []flowBox {
	out := []flowBox{{stage: "client", state: boxClientIn}}
	var hops []*observe.Hop
	if t != nil {
		hops = t.Hops
	}
	next := 0 // next pipeline stage not yet placed
	var answer []flowBox
	for _, h := range hops {
		if h.Stage == "gateway response" || h.Stage == "cors" {
			// the gateway's own answer, and what a browser makes of the answer, come last
			answer = append(answer, flowBox{stage: h.Stage, hop: h, state: boxRan})
			continue
		}
		k := -1
		for i := next; i < len(pipelineStages); i++ {
			if pipelineStages[i] == h.Stage {
				k = i
				break
			}
		}
		if k >= 0 {
			for _, s := range pipelineStages[next:k] {
				out = append(out, flowBox{stage: s, state: boxSkipped})
			}
			next = k + 1
		}
		out = append(out, flowBox{stage: h.Stage, hop: h, state: boxRan})
	}
	for _, s := range pipelineStages[next:] {
		out = append(out, flowBox{stage: s, state: boxSkipped})
	}
	out = append(out, answer...)
	// stages after the one that answered were not reached, not skipped
	stop := -1
	for i, b := range out {
		if b.hop != nil && stopped(b.hop.Decision) {
			stop = i
			break
		}
	}
	if stop >= 0 {
		for i := stop + 1; i < len(out); i++ {
			if out[i].state == boxSkipped {
				out[i].state = boxNotReached
			}
		}
	}
	return append(out, flowBox{stage: "client", state: boxClientOut})
}

// stopped reports whether a hop's decision ended the pipeline early.
func stopped(decision string) bool {
	return strings.HasPrefix(decision, "answered") || decision == "hit" || wsStopped(decision)
}

// boxLabel is a stage's name as it fits a box.
func boxLabel(stage string) string {
	switch stage {
	case "integration request":
		return "int request"
	case "integration response":
		return "int response"
	case "gateway response":
		return "gw response"
	}
	return stage
}

// flow is the signature screen: one request drawn as the pipeline it went through, with a
// step cursor and the detail of the stage under it.
type flow struct {
	sh       *shared
	seq      int  // request shown; 0 none
	follow   bool // show each new request as it comes
	boxes    []flowBox
	cursor   int
	expanded bool
	playing  bool // the cursor walks the stages by itself
	playGen  int  // ticks of an older play are ignored
	detail   viewport.Model

	width, height int
}

func newFlow(sh *shared) *flow {
	f := &flow{sh: sh, follow: true, detail: viewport.New(10, 5)}
	f.detail.KeyMap = viewport.KeyMap{}
	return f
}

func (f *flow) Title() string { return "Flow" }

func (f *flow) Claims(tea.KeyMsg) bool { return false }

func (f *flow) Help() helpKeys {
	k := f.sh.keys
	return helpKeys{
		short: []key.Binding{k.Step, k.StepBack, k.Detail, k.Play},
		full: [][]key.Binding{
			{relabel(k.Step, "space/n", "next stage"), relabel(k.StepBack, "p", "previous stage"),
				relabel(k.Right, "←/→", "any box"), relabel(k.Top, "g/G", "first/last box")},
			{relabel(k.Detail, "enter", "detail full screen"), relabel(k.Back, "esc", "close detail"),
				relabel(k.Down, "j/k", "scroll detail"), relabel(k.PageDown, "pgup/pgdn", "scroll detail")},
			{relabel(k.Play, "a", "play the request stage by stage"), relabel(k.Older, "[", "older request"),
				relabel(k.Newer, "]", "newer request")},
		},
	}
}

func (f *flow) entry() *entry { return f.sh.history.get(f.seq) }

// load shows one request, with the cursor on the client that sent it.
func (f *flow) load(en *entry) {
	if en == nil {
		return
	}
	f.seq = en.Seq
	if en.Resp.Type == engine.APITypeHTTP {
		f.boxes = flowBoxesOver(en.Resp.Trace, httpPipelineStages)
	} else if en.WS != nil {
		f.boxes = flowBoxesOver(en.Resp.Trace, wsPipeline(en.WS))
	} else {
		f.boxes = flowBoxes(en.Resp.Trace)
	}
	f.cursor = 0
	f.playing = false
	f.SetSize(f.width, f.height) // the number of boxes decides the detail's height
}

func (f *flow) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case responseMsg:
		if f.follow || f.seq == 0 {
			f.load(msg.entry)
		}
	case showFlowMsg:
		if en := f.sh.history.get(msg.seq); en != nil {
			f.load(en)
			f.follow = en == f.sh.history.last()
		}
	case flowTickMsg:
		if !f.playing || msg.gen != f.playGen {
			return nil
		}
		before := f.cursor
		f.step(+1)
		f.renderDetail()
		if f.cursor == before || f.cursor == len(f.boxes)-1 {
			f.playing = false
			return nil
		}
		return f.nextFrame()
	case tea.KeyMsg:
		return f.key(msg)
	}
	return nil
}

// playFrame is how long the playing cursor rests on each stage.
const playFrame = 600 * time.Millisecond

func (f *flow) nextFrame() tea.Cmd {
	gen := f.playGen
	return f.sh.tick(playFrame, func(time.Time) tea.Msg { return flowTickMsg{gen: gen} })
}

func (f *flow) key(msg tea.KeyMsg) tea.Cmd {
	k := f.sh.keys
	if len(f.boxes) == 0 {
		return nil
	}
	before := f.cursor
	if key.Matches(msg, k.Play) {
		f.playing = !f.playing
		f.playGen++
		if !f.playing {
			return nil
		}
		if f.cursor == len(f.boxes)-1 {
			f.cursor = 0 // play again from the client
			f.renderDetail()
		}
		return f.nextFrame()
	}
	f.playing = false // any other key takes the cursor back
	switch {
	case key.Matches(msg, k.Step):
		f.step(+1)
	case key.Matches(msg, k.StepBack):
		f.step(-1)
	case key.Matches(msg, k.Right):
		f.cursor = min(f.cursor+1, len(f.boxes)-1)
	case key.Matches(msg, k.Left):
		f.cursor = max(f.cursor-1, 0)
	case key.Matches(msg, k.Top):
		f.cursor = 0
	case key.Matches(msg, k.Bottom):
		f.cursor = len(f.boxes) - 1
	case key.Matches(msg, k.Detail):
		f.expanded = !f.expanded
		f.SetSize(f.width, f.height)
	case key.Matches(msg, k.Back):
		if f.expanded {
			f.expanded = false
			f.SetSize(f.width, f.height)
		}
	case key.Matches(msg, k.Up):
		f.detail.ScrollUp(1)
	case key.Matches(msg, k.Down):
		f.detail.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		f.detail.HalfPageUp()
	case key.Matches(msg, k.PageDown):
		f.detail.HalfPageDown()
	case key.Matches(msg, k.Older), key.Matches(msg, k.Newer):
		d := -1
		if key.Matches(msg, k.Newer) {
			d = 1
		}
		h := f.sh.history
		if i := h.index(f.seq); i >= 0 {
			j := clamp(i+d, 0, len(h.entries)-1)
			if j != i {
				f.load(h.entries[j])
				f.follow = j == len(h.entries)-1
			}
		}
		return nil
	}
	if f.cursor != before {
		f.renderDetail()
	}
	return nil
}

// step moves to the next (or previous) stage the request went through.
func (f *flow) step(d int) {
	for i := f.cursor + d; i >= 0 && i < len(f.boxes); i += d {
		if s := f.boxes[i].state; s == boxRan || s == boxClientIn || s == boxClientOut {
			f.cursor = i
			return
		}
	}
}

// layout of the boxes for the current width: per row, box inner width, box height.
func (f *flow) layout(n int) (perRow, inner, boxH int) {
	n = max(1, n)
	perRow = clamp(f.width/15, 1, n)
	rows := (n + perRow - 1) / perRow
	perRow = (n + rows - 1) / rows
	inner = clamp(f.width/perRow-3, 6, 18)
	boxH = 4
	if f.height >= 30 {
		boxH = 5
	}
	return
}

// boxLines is how many lines the boxes take.
func (f *flow) boxLines() int {
	perRow, _, boxH := f.layout(len(f.boxes))
	return (len(f.boxes) + perRow - 1) / max(1, perRow) * boxH
}

// compact reports whether the window is too low for the boxes and a useful detail: the
// pipeline is then drawn on one line.
func (f *flow) compact() bool { return f.expanded || f.boxLines() > f.height-6 }

func (f *flow) SetSize(w, h int) {
	f.width, f.height = w, h
	used := 2 + f.boxLines()
	if f.compact() {
		used = 3
	}
	f.detail.Width = max(1, w)
	f.detail.Height = max(1, h-used)
	f.renderDetail()
}

func (f *flow) View() string {
	st := f.sh.styles
	en := f.entry()
	if en == nil {
		msg := "No request yet. Send one from the Explorer (1): pick a method, press enter, then come back here to step through the gateway's stages."
		skeleton := []flowBox{{stage: "client", state: boxWaiting}}
		for _, s := range pipelineStages {
			skeleton = append(skeleton, flowBox{stage: s, state: boxWaiting})
		}
		skeleton = append(skeleton, flowBox{stage: "client", state: boxWaiting})
		return fit(wrap(msg, f.width)+"\n\n"+f.boxesView(skeleton, -1), f.width, f.height)
	}
	if len(f.boxes) == 0 {
		f.load(en)
	}
	var parts []string
	parts = append(parts, f.titleLine(en))
	if f.compact() {
		parts = append(parts, f.breadcrumb())
	} else {
		parts = append(parts, f.boxesView(f.boxes, f.cursor))
	}
	b := f.boxes[f.cursor]
	head := " " + f.boxTitle(b) + " "
	lead := ""
	if !f.compact() {
		lead = "──"
	}
	more := ""
	if f.detail.TotalLineCount() > f.detail.Height {
		more = fmt.Sprintf(" j/k scroll · %d%% ", int(f.detail.ScrollPercent()*100))
	}
	fill := max(0, f.width-lipgloss.Width(lead)-lipgloss.Width(head)-lipgloss.Width(more))
	rule := st.Dim.Render(lead) + st.Flow.DetailHead.Render(head) + st.Dim.Render(strings.Repeat("─", fill)+more)
	parts = append(parts, truncate(rule, f.width), f.detail.View())
	return fit(strings.Join(parts, "\n"), f.width, f.height)
}

func (f *flow) titleLine(en *entry) string {
	st := f.sh.styles
	r := en.Resp
	status := st.statusStyle(r.Status).Render(fmt.Sprintf("%d %s", r.Status, http.StatusText(r.Status)))
	pos := ""
	if i := f.sh.history.index(en.Seq); i >= 0 {
		pos = fmt.Sprintf("  request %d of %d", i+1, len(f.sh.history.entries))
		if !f.follow {
			pos += " (pinned)"
		}
	}
	if en.WS != nil {
		return truncate(wsTitle(st, en)+st.Dim.Render(pos), f.width)
	}
	target := en.Req.Path
	if en.Req.RawQuery != "" {
		target += "?" + en.Req.RawQuery
	}
	return truncate(fmt.Sprintf("#%d %s %s → %s · %s%s", en.Seq, en.Req.Method, target, status, fmtMs(r.Latency), st.Dim.Render(pos)), f.width)
}

// boxesView draws the pipeline: rows of boxes joined by arrows, wrapped to the width.
func (f *flow) boxesView(boxes []flowBox, cursor int) string {
	st := f.sh.styles
	perRow, inner, boxH := f.layout(len(boxes))
	var rows []string
	for start := 0; start < len(boxes); start += perRow {
		end := min(start+perRow, len(boxes))
		var cells []string
		for i := start; i < end; i++ {
			arrow := " "
			if i > 0 {
				arrow = "→"
			}
			col := make([]string, boxH)
			for j := range col {
				col[j] = " "
			}
			col[1] = st.Flow.Arrow.Render(arrow)
			cells = append(cells, strings.Join(col, "\n"), f.box(boxes[i], i == cursor, inner, boxH))
		}
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, cells...))
	}
	return strings.Join(rows, "\n")
}

func (f *flow) box(b flowBox, current bool, inner, boxH int) string {
	st := f.sh.styles
	style := st.Flow.Box
	if current {
		style = st.Flow.Current
	}
	name := boxLabel(b.stage)
	dec, decStyle := f.decision(b, inner)
	extra := ""
	if boxH >= 5 {
		extra = f.boxFact(b)
	}
	nameStyle := st.Flow.Name
	if b.state == boxSkipped || b.state == boxNotReached || b.state == boxWaiting {
		nameStyle = st.Flow.Dim
		decStyle = st.Flow.Dim
	}
	lines := []string{nameStyle.Render(truncate(name, inner)), decStyle.Render(truncate(dec, inner))}
	if boxH >= 5 {
		lines = append(lines, st.Dim.Render(truncate(extra, inner)))
	}
	return style.Width(inner).Align(lipgloss.Center).Render(strings.Join(lines, "\n"))
}

// decision is what a box says, and its colour.
func (f *flow) decision(b flowBox, inner int) (string, lipgloss.Style) {
	st := f.sh.styles
	en := f.entry()
	switch b.state {
	case boxWaiting:
		return "·", st.Flow.Dim
	case boxSkipped:
		return "skipped", st.Flow.Dim
	case boxNotReached:
		return "not reached", st.Flow.Dim
	case boxClientIn:
		return en.Req.Method + " " + en.Req.Path, lipgloss.NewStyle()
	case boxClientOut:
		if en.WS != nil {
			out, style := wsOutcome(st, en.WS)
			return "← " + out, style
		}
		return fmt.Sprintf("← %d", en.Resp.Status), st.statusStyle(en.Resp.Status)
	}
	d := b.hop.Decision
	if d == "" {
		d = "pass"
	}
	var code int
	if n, err := fmt.Sscanf(d, "answered %d", &code); n == 1 && err == nil {
		if len(d) > inner {
			d = fmt.Sprintf("%d", code)
		}
		return d, st.statusStyle(code)
	}
	switch d {
	case "pass":
		return d, st.Flow.Pass
	case "hit":
		return "HIT", st.Flow.Hit
	case "browser blocks it":
		return "blocked", st.Status.Warn
	}
	return d, lipgloss.NewStyle()
}

// boxFact is the one fact worth a third line in a tall box.
func (f *flow) boxFact(b flowBox) string {
	en := f.entry()
	switch b.state {
	case boxWaiting:
		return ""
	case boxClientIn:
		return en.At.Format("15:04:05")
	case boxClientOut:
		return fmtMs(en.Resp.Latency)
	case boxRan:
		switch b.stage {
		case "route":
			return b.hop.Get("resource")
		case "integration":
			if d := b.hop.Get("duration"); d != "" {
				return d
			}
			return b.hop.Get("type")
		}
		return fmt.Sprintf("+%s", fmtMs(b.hop.Start))
	}
	return ""
}

// breadcrumb is the pipeline on one line, for the expanded detail.
func (f *flow) breadcrumb() string {
	st := f.sh.styles
	var parts []string
	cur := 0
	for i, b := range f.boxes {
		if b.state == boxSkipped || b.state == boxNotReached {
			if i == f.cursor {
				cur = len(parts)
				parts = append(parts, "["+boxLabel(b.stage)+" "+st.Flow.Dim.Render(f.boxes[i].stateWord())+"]")
			}
			continue
		}
		if i == f.cursor {
			cur = len(parts)
		}
		d, ds := f.decision(b, 8)
		s := boxLabel(b.stage) + " " + ds.Render(d)
		switch b.state {
		case boxClientIn:
			s = "client"
		case boxClientOut:
			s = ds.Render(d)
		}
		if i == f.cursor {
			s = "[" + s + "]"
		}
		parts = append(parts, s)
	}
	sep := st.Flow.Arrow.Render(" → ")
	// drop stages from the left until the one under the cursor fits
	lead := ""
	for from := 0; from < cur && lipgloss.Width(lead+strings.Join(parts[from:cur+1], sep)) > f.width; from++ {
		parts[from] = ""
		lead = "…" + sep
	}
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return truncate(lead+strings.Join(kept, sep), f.width)
}

// stateWord names a box's state for the one-line pipeline.
func (b flowBox) stateWord() string {
	if b.state == boxNotReached {
		return "not reached"
	}
	return "skipped"
}

func (f *flow) boxTitle(b flowBox) string {
	en := f.entry()
	switch {
	case en.WS != nil && (b.state == boxClientIn || b.state == boxClientOut):
		return wsBoxTitle(f.sh.styles, en, b.state == boxClientIn)
	}
	switch b.state {
	case boxClientIn:
		return "client → gateway: the request as sent"
	case boxClientOut:
		return fmt.Sprintf("gateway → client: %d %s", en.Resp.Status, http.StatusText(en.Resp.Status))
	case boxSkipped:
		return b.stage + " · skipped"
	case boxNotReached:
		return b.stage + " · not reached"
	}
	d := b.hop.Decision
	if d == "" {
		d = "pass"
	}
	s := fmt.Sprintf("%s · %s · at +%s", b.stage, d, fmtMs(b.hop.Start))
	if b.hop.Duration > 0 {
		s += ", took " + fmtMs(b.hop.Duration)
	}
	return s
}

func (f *flow) renderDetail() {
	en := f.entry()
	if en == nil || len(f.boxes) == 0 {
		f.detail.SetContent("")
		return
	}
	f.cursor = clamp(f.cursor, 0, len(f.boxes)-1)
	if w := f.detail.Width; w >= wideDetail {
		// a large window: the stage's facts and its execution log side by side, rather
		// than the log far below the facts with most of each line empty
		left := w * 55 / 100
		facts := f.detailFacts(en, f.cursor, left-2)
		logs := f.logLines(en, f.cursor, w-left-1)
		if len(logs) > 0 {
			logs = logs[1:] // the blank line that parts it from the facts below them
			h := max(len(facts), len(logs))
			f.detail.SetContent(lipgloss.JoinHorizontal(lipgloss.Top,
				fit(strings.Join(facts, "\n"), left, h), " ", fit(strings.Join(logs, "\n"), w-left-1, h)))
			f.detail.GotoTop()
			return
		}
	}
	f.detail.SetContent(strings.Join(f.detailLines(en, f.cursor, max(20, f.detail.Width)), "\n"))
	f.detail.GotoTop()
}

// wideDetail is the width from which a stage's facts and execution log go side by side.
const wideDetail = 160

// skipReasons explains why a stage a method does not use is skipped.
var skipReasons = map[string]string{
	"api key":              "The method does not require an API key (apiKeyRequired is false), so no key or usage plan is checked.",
	"throttle":             "No throttle was applied to this request.",
	"cache":                "Caching is not enabled for this method on this stage (cacheClusterEnabled and methodSettings cachingEnabled).",
	"integration request":  "A proxy integration (AWS_PROXY, HTTP_PROXY) passes the request through: there is no mapping template to apply.",
	"integration response": "A proxy integration returns the backend's response as it is: no integration response is selected or mapped.",
	"authorizer":           "The route's authorizationType is NONE: no JWT, Lambda or IAM check.",
	"parameter mapping":    "The integration has no requestParameters: the request goes to the backend as it came.",
	"response mapping":     "No responseParameters for this status: the backend's response is returned as it is.",
}

// detailLines is the detail of box i: its facts, the request or response, and the
// execution-log lines it wrote.
func (f *flow) detailLines(en *entry, i, w int) []string {
	return append(f.detailFacts(en, i, w), f.logLines(en, i, w)...)
}

// detailFacts is the detail of box i without its execution-log lines.
func (f *flow) detailFacts(en *entry, i, w int) []string {
	st := f.sh.styles
	b := f.boxes[i]
	var lines []string
	fact := func(k, v string) {
		lines = append(lines, factLines(st, k, v, w)...)
	}
	switch {
	case en.WS != nil && (b.state == boxClientIn || b.state == boxClientOut):
		lines = append(lines, wsDetail(st, en, b.state == boxClientIn, w)...)
	case b.state == boxSkipped:
		reason := skipReasons[b.stage]
		if r, ok := wsSkipReasons[b.stage]; ok && en.WS != nil {
			reason = r
		}
		if reason == "" {
			reason = "This stage does not apply to the method."
		}
		lines = append(lines, wrapIndent(reason, w, 0)...)
	case b.state == boxNotReached:
		for _, x := range f.boxes {
			if x.hop != nil && stopped(x.hop.Decision) {
				lines = append(lines, wrapIndent(fmt.Sprintf("Not reached: the %s stage answered first (%s).", x.stage, x.hop.Decision), w, 0)...)
				break
			}
		}
	case b.state == boxClientIn:
		r := en.Req
		fact("method", r.Method)
		fact("path", r.Path)
		if r.RawQuery != "" {
			fact("query", r.RawQuery)
		}
		for _, h := range r.Header {
			fact("header", h.Name+": "+h.Value)
		}
		if r.Body != "" {
			fact("body", r.Body)
		}
		fact("source IP", r.SourceIP)
		fact("sent at", en.At.UTC().Format("2006-01-02 15:04:05 UTC"))
	case b.state == boxClientOut:
		r := en.Resp
		if why := whyStatus(r); why != "" {
			lines = append(lines, wrapIndent(st.statusStyle(r.Status).Render("why:")+" "+why, w, 2)...)
		}
		fact("status", fmt.Sprintf("%d %s", r.Status, http.StatusText(r.Status)))
		if r.GatewayResponse != "" {
			fact("gateway response", r.GatewayResponse)
		}
		lat := fmtMs(r.Latency)
		if r.Integrated {
			lat += " (integration " + fmtMs(r.IntegrationLatency) + ")"
		}
		fact("latency", lat)
		if r.Function != "" {
			fact("function", r.Function+" version "+r.FunctionVersion)
		}
		for _, h := range r.Header {
			fact("header", h.Name+": "+h.Value)
		}
		if r.Body != "" {
			fact("body", r.Body)
		}
		lines = append(lines, timelineLines(st, r.Trace, r.Latency, w)...)
	case b.state == boxRan:
		// the reason first: it is why the stage decided as it did
		for _, x := range b.hop.Facts {
			if x.Key == "reason" {
				lines = append(lines, wrapIndent(st.statusStyle(decisionStatus(b.hop.Decision)).Render("reason:")+" "+tuiReason(x.Value), w, 2)...)
			}
		}
		if why := whyStatus(en.Resp); why != "" && (b.stage == "route" || b.stage == "gateway response") {
			lines = append(lines, wrapIndent(st.statusStyle(en.Resp.Status).Render("why:")+" "+why, w, 2)...)
		}
		for _, x := range b.hop.Facts {
			if x.Key != "reason" {
				fact(x.Key, x.Value)
			}
		}
		if b.stage == "integration" {
			if ev := logValue(en.Resp.Trace, "Endpoint request body after transformations: "); ev != "" {
				fact("event sent", ev)
			}
		}
		if tpl := b.hop.Get("template"); tpl != "" && !strings.HasPrefix(tpl, "none") {
			switch b.stage {
			case "integration request":
				lines = append(lines, mappingDiff(st, "Mapping: method request body → integration request body", en.Req.Body, b.hop.Get("body"), w)...)
			case "integration response":
				lines = append(lines, mappingDiff(st, "Mapping: integration response → method response body", hopFact(en.Resp.Trace, "integration", "response"), en.Resp.Body, w)...)
			}
		}
	}
	return lines
}

// logLines is the execution log box i wrote, under its heading.
func (f *flow) logLines(en *entry, i, w int) []string {
	st := f.sh.styles
	var lines []string
	if logs := f.logFor(en, i); len(logs) > 0 {
		lines = append(lines, "", st.Flow.DetailHead.Render("Execution log"))
		for _, l := range logs {
			lines = append(lines, wrapIndent(st.Dim.Render(l.At.UTC().Format("15:04:05"))+" "+l.Text, w, 9)...)
		}
	}
	return lines
}

// decisionStatus is the status in "answered 502", or 200 for any other decision.
func decisionStatus(d string) int {
	var code int
	if n, err := fmt.Sscanf(d, "answered %d", &code); n == 1 && err == nil {
		return code
	}
	return 200
}

// factLines renders one fact: "key: value", a JSON value indented below its key.
func factLines(st *Styles, k, v string, w int) []string {
	label := st.Flow.FactKey.Render(k + ":")
	if p := prettyJSON(v); p != v && strings.Contains(p, "\n") {
		out := []string{label}
		for _, l := range strings.Split(p, "\n") {
			for _, x := range strings.Split(wrap("  "+l, w), "\n") {
				out = append(out, x)
			}
		}
		return out
	}
	return wrapIndent(label+" "+v, w, 2)
}

// logValue returns the text after prefix in the first execution-log line that has it.
func logValue(t *observe.Trace, prefix string) string {
	if t == nil {
		return ""
	}
	for _, l := range t.Log {
		if v, ok := strings.CutPrefix(l.Text, prefix); ok {
			return v
		}
	}
	return ""
}

// logFor returns the execution-log lines that belong to box i. The log does not name its
// stages; lines are grouped by the wording AWS uses (logStage), and a line whose stage has
// no box goes with the answer to the client.
func (f *flow) logFor(en *entry, i int) []observe.LogLine {
	t := en.Resp.Trace
	if t == nil {
		return nil
	}
	answered := -1
	has := map[string]int{}
	for j, b := range f.boxes {
		if b.state == boxRan {
			if _, ok := has[b.stage]; !ok {
				has[b.stage] = j
			}
			if answered < 0 && strings.HasPrefix(b.hop.Decision, "answered") {
				answered = j
			}
		}
	}
	last := len(f.boxes) - 1
	var out []observe.LogLine
	for _, l := range t.Log {
		owner := last
		switch s := logStage(l.Text); s {
		case "":
		case "*answer":
			if answered >= 0 {
				owner = answered
			}
		default:
			if j, ok := has[s]; ok {
				owner = j
			}
		}
		if owner == i {
			out = append(out, l)
		}
	}
	return out
}

// logStage names the stage an execution-log line is about, from AWS's wording; "*answer"
// for the failure line of a stage that answered; "" for the method's completion.
func logStage(text string) string {
	has := func(p ...string) bool {
		for _, x := range p {
			if strings.HasPrefix(text, x) {
				return true
			}
		}
		return false
	}
	switch {
	case has("Starting execution", "HTTP Method:", "Method request "):
		return "route"
	case has("API Key", "Usage Plan"):
		return "api key"
	case has("Key throttle", "Key quota", "Throttl"):
		return "throttle"
	case has("Endpoint request", "Sending request", "Received response", "Endpoint response", "Lambda "):
		return "integration"
	case has("Execution failed"):
		return "*answer"
	}
	return ""
}
