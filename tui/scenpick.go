package tui

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// movePick moves the chart's picked second by d columns over the seconds shown so far; the
// first move picks the latest second.
func (s *scenarioScreen) movePick(d int) {
	r := s.run
	if r == nil || r.shown == 0 {
		return
	}
	if r.pick < 0 {
		r.pick = r.shown - 1
		return
	}
	b := newBinning(r.total, max(1, s.chartWidth()-7))
	r.pick = clamp(r.pick+d*b.per, 0, r.shown-1)
}

// picked is the sampled request nearest the picked second (the same second, else the
// closest one after it within the chart column, else before it).
func (s *scenarioScreen) picked() (sampleReq, bool) {
	r := s.run
	if r == nil || r.pick < 0 {
		return sampleReq{}, false
	}
	if x, ok := r.reqs[r.pick]; ok {
		return x, true
	}
	for d := 1; d <= 60; d++ {
		if x, ok := r.reqs[r.pick+d]; ok && r.pick+d < r.shown {
			return x, true
		}
		if x, ok := r.reqs[r.pick-d]; ok {
			return x, true
		}
	}
	return sampleReq{}, false
}

// pickLine says what is picked and how to open it, or how to pick.
func (s *scenarioScreen) pickLine() string {
	st := s.sh.styles
	r := s.run
	if r.pick < 0 {
		what := "requests"
		if len(r.sc.Traffic) == 0 && len(r.sc.Connections) > 0 {
			what = "messages"
		}
		return st.Dim.Render("←/→ pick a second · enter opens one of its " + what + " in the flow view")
	}
	x, ok := s.picked()
	if !ok {
		return st.Match.Render("◆") + fmt.Sprintf(" t=%s: no request in this second", fmtSeconds(r.pick))
	}
	if x.ws != nil {
		return st.Match.Render("◆") + fmt.Sprintf(" t=%s: message %s → %s", fmtSeconds(x.second), truncate(x.sent, 30), exchangeNote(x.ws)) +
			st.Dim.Render(" · enter opens it in the flow view")
	}
	status := x.resp.Status
	return st.Match.Render("◆") + fmt.Sprintf(" t=%s: %s %s → ", fmtSeconds(x.second), x.req.Method, x.req.Path) +
		st.statusStyle(status).Render(fmt.Sprintf("%d %s", status, http.StatusText(status))) + st.Dim.Render(" · enter opens it in the flow view")
}

// openPick puts the picked second's request into the history and shows it in the flow view.
func (s *scenarioScreen) openPick() tea.Cmd {
	x, ok := s.picked()
	if !ok {
		return nil
	}
	en := &entry{API: x.req.API, Req: x.req, Resp: x.resp, At: s.run.sc.Start.Add(time.Duration(x.second) * time.Second)}
	if x.ws != nil {
		en = wsEntry(x.ws, nil, x.sent)
	}
	s.sh.history.add(en)
	seq := en.Seq
	return func() tea.Msg { return showFlowMsg{seq: seq} }
}

// pickPane is the wide layout's pane beside the charts: the picked second's request as the
// explorer shows a response (enter opens its flow), or, before a pick, the scenario's story
// and its events.
func (s *scenarioScreen) pickPane(w, h int) string {
	st := s.sh.styles
	r := s.run
	iw := max(10, w-3)
	var lines []string
	title := "The scenario · ←/→ pick a second"
	if x, ok := s.picked(); ok && x.resp != nil {
		title = fmt.Sprintf("t=%s · enter opens it in the flow view", fmtSeconds(x.second))
		en := &entry{API: x.req.API, Req: x.req, Resp: x.resp}
		lines = append(lines, wrapIndent(st.Dim.Render(x.req.Method+" "+x.req.Path), iw, 2)...)
		lines = append(lines, responseLines(st, en, iw)...)
	} else {
		for _, l := range strings.Split(strings.TrimSpace(r.sc.Description), "\n\n") {
			lines = append(lines, wrapIndent(strings.Join(strings.Fields(l), " "), iw, 0)...)
			lines = append(lines, "")
		}
		for _, e := range r.sc.Events {
			style := st.Dim
			if int(e.At/time.Second) < r.shown {
				style = st.Chart.Event
			}
			lines = append(lines, wrapIndent(style.Render("▲ +"+fmtSeconds(int(e.At/time.Second)))+" "+e.Do, iw, 4)...)
		}
	}
	for i, l := range lines {
		lines[i] = " " + l
	}
	return pane(st, title, strings.Join(lines, "\n"), w, h, false)
}
