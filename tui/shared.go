package tui

import (
	"log"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"apigwlab/engine"
	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/engine/websocket"
)

// shared is the one context every screen gets (gh-dash's ProgramContext, soft-serve's
// common.Common): the gateway, the workspace, styles, keys, the request history and the
// injected time. It is read and written only from the program's Update goroutine, except
// for gw and clock, which are safe for concurrent use.
type shared struct {
	gw      *engine.Gateway
	ws      *model.Workspace
	wsName  string // how the header names the workspace
	home    string // the workspace the TUI opened with (b goes back to it from a lab's)
	clock   *clock.Virtual
	now     func() time.Time
	styles  *Styles
	keys    *KeyMap
	history *history
	log     *log.Logger
	// tick schedules one frame of a paced animation (tea.Tick in the app; tests inject).
	tick func(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
	// scenarioDir is where local scenario files are looked for ("scenarios").
	scenarioDir string

	// where the explorer's selection is, for the header
	api, stage string
}

// entry is one request sent from the TUI and what the gateway answered.
type entry struct {
	Seq  int
	API  string
	Req  engine.Request
	Resp *engine.Response
	At   time.Time
	// WS is the WebSocket exchange the entry shows (connect, message, disconnect, an
	// @connections call); nil for a request (wsconn.go).
	WS *websocket.Exchange
}

// history keeps the most recent requests, oldest first.
type history struct {
	entries []*entry
	next    int
	max     int
}

func newHistory(max int) *history { return &history{max: max, next: 1} }

func (h *history) add(e *entry) {
	e.Seq = h.next
	h.next++
	h.entries = append(h.entries, e)
	if len(h.entries) > h.max {
		h.entries = append(h.entries[:0:0], h.entries[len(h.entries)-h.max:]...)
	}
}

// index returns the position of the request with sequence number seq, or -1.
func (h *history) index(seq int) int {
	for i, e := range h.entries {
		if e.Seq == seq {
			return i
		}
	}
	return -1
}

func (h *history) get(seq int) *entry {
	if i := h.index(seq); i >= 0 {
		return h.entries[i]
	}
	return nil
}

func (h *history) last() *entry {
	if len(h.entries) == 0 {
		return nil
	}
	return h.entries[len(h.entries)-1]
}

// invoke sends one request through the gateway off the Update goroutine: HTTP integrations
// call real endpoints. The virtual clock is moved to now first, so throttles refill and log
// lines carry the time the request was sent.
func (s *shared) invoke(api string, req engine.Request) tea.Cmd {
	gw, clk, now := s.gw, s.clock, s.now
	return func() tea.Msg {
		at := now()
		clk.Set(at)
		r := req
		r.Trace = true
		resp := gw.Invoke(&r)
		return responseMsg{entry: &entry{API: api, Req: req, Resp: resp, At: at}}
	}
}
