package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"apigwlab/engine"
	"apigwlab/engine/model"
	"apigwlab/engine/websocket"
)

// wsView is the explorer's side for WebSocket APIs. With a WebSocket stage or route under
// the tree's cursor, the right-hand panes show the connect form (the query and headers of
// the handshake, with what the $connect authorizer reads) and the API's connections; enter
// connects. The connection view then fills the explorer: the frames of one connection
// (sent, answered, pushed through @connections, the close), the message line, and keys to
// push, disconnect or delete the connection; f opens any frame's exchange in the flow view.
type wsView struct {
	sh  *shared
	obs *wsObserved
	gw  *engine.Gateway // the gateway the observer is installed on

	clients []*wsClient
	cur     int  // the client shown
	open    bool // the connection view fills the explorer
	sel     int  // the selected frame of the shown client; -1 follows the newest
	busy    bool // an action is running

	// the connect form, for the API and stage under the tree's cursor
	api      *model.V2API
	stage    string
	route    string // the route under the cursor ("" on a stage)
	formFor  string
	query    textinput.Model
	headers  textinput.Model
	editing  bool
	focus    int // 0 query, 1 headers
	formErr  string
	input    textinput.Model
	typing   bool
	pushing  bool // the input line is text to push through @connections
	sample   bool // the input line holds the untouched sample message: typing replaces it
	inputErr string

	width, height int
}

// wsKeys are the connection view's own keys (the explorer's are in KeyMap).
var wsKeys = struct {
	Connect, Connections, Type, Push, Status, Delete, Disconnect, New, Prev, Next key.Binding
}{
	Connect:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "connect")),
	Connections: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "connections")),
	Type:        key.NewBinding(key.WithKeys("i", "enter"), key.WithHelp("i", "type")),
	Push:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "push")),
	Status:      key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "GET @connections")),
	Delete:      key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "DELETE @connections")),
	Disconnect:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "disconnect")),
	New:         key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new connection")),
	Prev:        key.NewBinding(key.WithKeys("[", "left", "h"), key.WithHelp("[/]", "connection")),
	Next:        key.NewBinding(key.WithKeys("]", "right", "l"), key.WithHelp("]", "next connection")),
}

func newWSView(sh *shared) *wsView {
	v := &wsView{sh: sh, obs: &wsObserved{}, sel: -1}
	mk := func(placeholder string) textinput.Model {
		t := textinput.New()
		t.Prompt = ""
		t.Placeholder = placeholder
		t.Cursor.SetMode(cursor.CursorStatic)
		t.PlaceholderStyle = sh.styles.Dim
		return t
	}
	v.query = mk("(none)")
	v.headers = mk("(none) — Name: value; Name: value")
	v.input = mk("a message, e.g. {\"action\":\"sendMessage\"}")
	v.input.CharLimit = 0
	return v
}

// show points the form at a WebSocket node of the tree (nil: another node). The form is
// filled with what the $connect authorizer reads when the API or stage changes.
func (v *wsView) show(n *treeNode) {
	if n == nil || n.ws == nil {
		v.api = nil
		return
	}
	v.api, v.route, v.stage = n.ws, n.routeKey, ""
	if n.stage != nil {
		v.stage = n.stage.StageName
	} else if len(n.api.Stages) > 0 {
		v.stage = n.api.Stages[0].StageName
	}
	if k := n.ws.Name + "\x00" + v.stage; k != v.formFor {
		v.formFor = k
		q, h := connectSample(n.ws)
		v.query.SetValue(q)
		v.headers.SetValue(h)
		v.formErr = ""
	}
}

// connectAuthorizer is the $connect route's REQUEST authorizer, or nil.
func connectAuthorizer(a *model.V2API) *model.V2Authorizer {
	r := a.Routes["$connect"]
	if r == nil || r.AuthorizationType != "CUSTOM" {
		return nil
	}
	for _, az := range a.Authorizers {
		if az != nil && (az.Name == r.AuthorizerID || (az.AuthorizerID != "" && az.AuthorizerID == r.AuthorizerID)) {
			return az
		}
	}
	return nil
}

// connectSample fills the handshake with every identity source the $connect authorizer
// reads (a missing one is 401 Unauthorized before the function runs), each with the value
// "demo": the function's cases decide what a value means.
func connectSample(a *model.V2API) (query, headers string) {
	az := connectAuthorizer(a)
	if az == nil {
		return "", ""
	}
	var q, h []string
	for _, s := range az.IdentitySource {
		if name, ok := strings.CutPrefix(s, "route.request.querystring."); ok {
			q = append(q, name+"=demo")
		}
		if name, ok := strings.CutPrefix(s, "route.request.header."); ok {
			h = append(h, name+": demo")
		}
	}
	return strings.Join(q, "&"), strings.Join(h, "; ")
}

// sampleMessage is a message that selects route key under the API's route selection
// expression when it reads a body field ($request.body.action → {"action":"sendMessage"}).
func sampleMessage(a *model.V2API, route string) string {
	field, ok := strings.CutPrefix(a.RouteSelectionExpression, "$request.body.")
	if !ok || strings.ContainsAny(field, ".[ ") {
		return ""
	}
	if route == "" || strings.HasPrefix(route, "$") {
		for _, k := range wsRouteKeys(a) {
			if !strings.HasPrefix(k, "$") {
				route = k
				break
			}
		}
	}
	if route == "" || strings.HasPrefix(route, "$") {
		return ""
	}
	return "{" + strconv.Quote(field) + ":" + strconv.Quote(route) + "}"
}

// claims reports whether the view takes every key (a text field has focus).
func (v *wsView) claims() bool { return v.editing || v.typing }

// client is the connection shown, or nil.
func (v *wsView) client() *wsClient {
	if v.cur < 0 || v.cur >= len(v.clients) {
		return nil
	}
	return v.clients[v.cur]
}

// ensureObserver installs the exchange observer on the running gateway; the connections of
// a gateway that is no longer running (the workspace was reloaded) are gone.
func (v *wsView) ensureObserver() {
	if v.gw == v.sh.gw {
		return
	}
	live := map[*websocket.API]bool{}
	for _, a := range v.sh.gw.WebSocketAPIs() {
		live[a] = true
	}
	for _, c := range v.clients {
		if !c.closed && c.conn != nil && !live[c.api] {
			c.closed, c.closeMsg = true, "gone (reloaded)"
		}
	}
	v.gw = v.sh.gw
	obs := v.obs
	v.gw.ObserveWebSocket(obs.add)
}

// connect opens a connection with the form's query and headers.
func (v *wsView) connect() tea.Cmd {
	if v.api == nil || v.busy {
		return nil
	}
	v.ensureObserver()
	api, ok := v.sh.gw.WebSocketAPI(v.api.Name)
	if !ok {
		v.formErr = "the running gateway has no WebSocket API " + strconv.Quote(v.api.Name)
		return nil
	}
	h, err := parseHeaders(strings.Split(v.headers.Value(), ";"))
	if err != nil {
		v.formErr = err.Error()
		return nil
	}
	v.formErr = ""
	v.stopEditing()
	c := &wsClient{name: clientName(len(v.clients)), api: api, stage: v.stage,
		query: strings.TrimPrefix(strings.TrimSpace(v.query.Value()), "?"), header: h, peer: &wsPeer{}}
	v.clients = append(v.clients, c)
	v.cur, v.sel, v.open, v.busy = len(v.clients)-1, -1, true, true
	v.input.SetValue(sampleMessage(v.api, v.route))
	v.input.CursorEnd()
	v.sample = v.input.Value() != ""
	return v.sh.wsRun(c, actConnect, "")
}

// clientName names the i-th connection: A … Z, then A2 ….
func clientName(i int) string {
	s := string(rune('A' + i%26))
	if i >= 26 {
		s += strconv.Itoa(i/26 + 1)
	}
	return s
}

// act runs an action on the shown connection when it is open.
func (v *wsView) act(a wsAction, text string) tea.Cmd {
	c := v.client()
	if c == nil || c.conn == nil || c.closed || v.busy {
		return nil
	}
	v.busy = true
	v.sel = -1
	return v.sh.wsRun(c, a, text)
}

// done reads what an action produced: the exchanges become history entries (the flow view
// and the logs show them), the peers' frames become lines of their connections' logs.
func (v *wsView) done(m wsDoneMsg) tea.Cmd {
	v.busy = false
	c := m.client
	at := v.sh.clock.Now()
	entries := map[*websocket.Exchange]*entry{}
	var list []*entry
	for _, ex := range v.obs.take() {
		if ex.Trace == nil {
			continue
		}
		var owner *wsClient
		for _, x := range v.clients {
			if x.conn != nil && x.conn.ID() == ex.ConnectionID {
				owner = x
			}
		}
		if m.act == actConnect && ex.EventType == websocket.EventConnect && ex == m.res.Exchange {
			owner = c
		}
		sent := ""
		if ex == m.sent {
			sent = m.text
		}
		en := wsEntry(ex, owner, sent)
		entries[ex] = en
		list = append(list, en)
	}
	switch m.act {
	case actConnect:
		ex := m.res.Exchange
		c.conn = m.res.Conn
		if c.conn == nil {
			body := m.res.Body
			if body == "" {
				body = "(no body)"
			}
			v.add(c, wsFrame{kind: frameRefused, at: at, bad: true, en: entries[ex],
				text: fmt.Sprintf("refused: HTTP %d %s", m.res.Status, body), note: connectNote(ex)})
		} else {
			v.add(c, wsFrame{kind: frameInfo, at: at, en: entries[ex],
				text: "connected · 101 Switching Protocols · connectionId " + c.conn.ID(), note: connectNote(ex)})
			v.typing = true
			v.input.Focus()
		}
	case actSend:
		if m.sent != nil {
			v.add(c, wsFrame{kind: frameSent, at: at, text: m.text, note: exchangeNote(m.sent), en: entries[m.sent]})
		}
	case actPush:
		if m.info == "" {
			m.info = "POST @connections → 200"
		}
	case actDelete:
		if m.info == "" {
			m.info = "DELETE @connections → 204: the gateway closes the connection"
		}
	}
	if m.info != "" {
		v.add(c, wsFrame{kind: frameInfo, at: at, text: m.info, bad: m.bad})
	}
	for _, x := range v.clients {
		v.readPeer(x, x == c && m.act == actSend, m.sent, entries, at)
	}
	if len(list) == 0 {
		return nil
	}
	for _, en := range list[:len(list)-1] {
		v.sh.history.add(en)
	}
	last := list[len(list)-1]
	return func() tea.Msg { return responseMsg{entry: last} }
}

// readPeer turns what the gateway sent a client into lines: the answer to the message just
// sent, frames pushed through @connections, the close.
func (v *wsView) readPeer(c *wsClient, sender bool, sent *websocket.Exchange, entries map[*websocket.Exchange]*entry, at time.Time) {
	replied := false
	for _, e := range c.peer.take() {
		var f wsFrame
		switch {
		case e.closed:
			f = wsFrame{kind: frameClosed, at: at, text: fmt.Sprintf("closed by the gateway: %d %q", e.code, e.reason), bad: e.code != websocket.CloseNormal}
			c.closed, c.closeMsg = true, "closed "+strconv.Itoa(e.code)
			for ex, en := range entries {
				if ex.EventType == websocket.EventDisconnect && ex.ConnectionID == c.id() {
					f.en, f.note = en, "$disconnect ran"
				}
			}
		case sender && !replied && sent != nil && string(sent.Reply) == string(e.frame):
			replied = true
			f = wsFrame{kind: frameReply, at: at, text: string(e.frame), bad: sent.Error != "", en: entries[sent]}
			if sent.Error != "" {
				f.note = "error frame: " + sent.Error
			}
		default:
			f = wsFrame{kind: framePush, at: at, text: string(e.frame), note: "pushed through @connections"}
			for ex, en := range entries {
				if ex.EventType == "" && ex.ConnectionID == c.id() && string(ex.Reply) == string(e.frame) && f.en == nil {
					f.en = en
					if ex.From != "" {
						f.note = "pushed by " + ex.From + " (POST @connections)"
					}
				}
			}
		}
		v.add(c, f)
		if v.client() != c || !v.open {
			c.unread++
		}
	}
	// the client's own close: $disconnect ran
	if c.conn != nil && !c.closed && !c.conn.Open() {
		code, why := c.conn.CloseStatus()
		c.closed, c.closeMsg = true, "closed "+strconv.Itoa(code)
		f := wsFrame{kind: frameClosed, at: at, text: fmt.Sprintf("disconnected: %d %q · $disconnect ran", code, why)}
		for ex, en := range entries {
			if ex.EventType == websocket.EventDisconnect && ex.ConnectionID == c.id() {
				f.en = en
			}
		}
		v.add(c, f)
	}
}

// connectNote says how the handshake went: the authorizer, the $connect integration.
func connectNote(ex *websocket.Exchange) string {
	if ex == nil {
		return ""
	}
	var parts []string
	if ex.Trace != nil {
		for _, h := range ex.Trace.Hops {
			switch h.Stage {
			case "authorizer":
				parts = append(parts, "authorizer "+h.Get("authorizer")+" "+h.Decision)
			case "integration":
				parts = append(parts, "$connect λ "+ex.Function+" "+h.Decision)
			}
		}
	}
	if ex.Latency > 0 {
		parts = append(parts, fmtMs(ex.Latency))
	}
	return strings.Join(parts, " · ")
}

func (v *wsView) stopEditing() {
	v.editing = false
	v.query.Blur()
	v.headers.Blur()
}

// edit focuses the connect form.
func (v *wsView) edit() tea.Cmd {
	v.editing, v.focus = true, 0
	v.headers.Blur()
	return v.query.Focus()
}

// formKey handles a key while the connect form is edited.
func (v *wsView) formKey(msg tea.KeyMsg) tea.Cmd {
	k := v.sh.keys
	switch {
	case key.Matches(msg, k.Back):
		v.stopEditing()
		return nil
	case msg.Type == tea.KeyEnter:
		return v.connect()
	case key.Matches(msg, k.NextField), key.Matches(msg, k.PrevField), msg.Type == tea.KeyUp, msg.Type == tea.KeyDown:
		v.focus = 1 - v.focus
		if v.focus == 0 {
			v.headers.Blur()
			return v.query.Focus()
		}
		v.query.Blur()
		return v.headers.Focus()
	}
	var cmd tea.Cmd
	if v.focus == 0 {
		v.query, cmd = v.query.Update(msg)
	} else {
		v.headers, cmd = v.headers.Update(msg)
	}
	return cmd
}

// key handles a key in the connection view; back reports that esc left it.
func (v *wsView) key(msg tea.KeyMsg) (cmd tea.Cmd, back bool) {
	k := v.sh.keys
	if v.typing {
		switch {
		case key.Matches(msg, k.Back):
			v.typing, v.pushing, v.inputErr = false, false, ""
			v.input.Blur()
			return nil, false
		case msg.Type == tea.KeyEnter:
			v.sample = false
			text := v.input.Value()
			c := v.client()
			switch {
			case c == nil || c.conn == nil || c.closed:
				v.inputErr = "this connection is not open: n opens a new one"
				return nil, false
			case text == "":
				v.inputErr = "nothing to send: a WebSocket message has at least one character here"
				return nil, false
			}
			v.inputErr = ""
			if v.pushing {
				v.pushing, v.typing = false, false
				v.input.Blur()
				v.input.SetValue(v.lastMessage())
				return v.act(actPush, text), false
			}
			v.input.SetValue("")
			return v.act(actSend, text), false
		case msg.Type == tea.KeyUp && !v.pushing:
			v.sample = false
			v.input.SetValue(v.lastMessage()) // the last message again, to change and resend
			v.input.CursorEnd()
			return nil, false
		}
		if v.sample && msg.Type == tea.KeyRunes {
			// A newcomer types their own message over the sample, as over a selection;
			// appending made `{"action":"sendMessage"}{"action":…` (found trying it in tmux).
			// Any other key (an arrow, backspace) keeps the sample to edit.
			v.input.SetValue("")
		}
		v.sample = false
		v.input, cmd = v.input.Update(msg)
		return cmd, false
	}
	c := v.client()
	switch {
	case key.Matches(msg, k.Back):
		v.open = false
		return nil, true
	case key.Matches(msg, wsKeys.Type), key.Matches(msg, k.Edit):
		if c != nil && c.conn != nil && !c.closed {
			v.typing = true
			return v.input.Focus(), false
		}
	case key.Matches(msg, wsKeys.Push):
		if c != nil && c.conn != nil && !c.closed {
			v.typing, v.pushing = true, true
			v.input.SetValue("")
			return v.input.Focus(), false
		}
	case key.Matches(msg, wsKeys.Status):
		return v.act(actGet, ""), false
	case key.Matches(msg, wsKeys.Delete):
		return v.act(actDelete, ""), false
	case key.Matches(msg, wsKeys.Disconnect):
		return v.act(actDisconnect, ""), false
	case key.Matches(msg, wsKeys.New):
		if c != nil {
			// the same API, stage, query and headers as the connection shown
			v.api, v.stage = wsModel(v.sh.ws, c.api.Name), c.stage
		}
		return v.connect(), false
	case key.Matches(msg, wsKeys.Prev), key.Matches(msg, wsKeys.Next):
		d := -1
		if key.Matches(msg, wsKeys.Next) {
			d = 1
		}
		v.cur = clamp(v.cur+d, 0, len(v.clients)-1)
		v.sel = -1
		if c := v.client(); c != nil {
			c.unread = 0
		}
	case key.Matches(msg, k.Up):
		v.moveSel(-1)
	case key.Matches(msg, k.Down):
		v.moveSel(1)
	case key.Matches(msg, k.Top):
		v.moveSel(-1 << 20)
	case key.Matches(msg, k.Bottom):
		v.sel = -1
	case key.Matches(msg, k.OpenFlow):
		if f := v.selected(); f != nil && f.en != nil {
			seq := f.en.Seq
			return func() tea.Msg { return showFlowMsg{seq: seq} }, false
		}
	}
	return nil, false
}

// lastMessage is the last message the shown client sent, to put back in the line.
func (v *wsView) lastMessage() string {
	if c := v.client(); c != nil {
		for i := len(c.frames) - 1; i >= 0; i-- {
			if c.frames[i].kind == frameSent {
				return c.frames[i].text
			}
		}
	}
	return ""
}

// moveSel moves the selected frame; past the newest it follows new frames again.
func (v *wsView) moveSel(d int) {
	c := v.client()
	if c == nil || len(c.frames) == 0 {
		return
	}
	i := v.sel
	if i < 0 {
		i = len(c.frames) - 1
	}
	i += d
	if i >= len(c.frames) {
		v.sel = -1
		return
	}
	v.sel = max(0, i)
}

// selected is the frame under the cursor (the newest when following), or nil.
func (v *wsView) selected() *wsFrame {
	c := v.client()
	if c == nil || len(c.frames) == 0 {
		return nil
	}
	i := v.sel
	if i < 0 || i >= len(c.frames) {
		i = len(c.frames) - 1
	}
	return &c.frames[i]
}

// help is the footer and full help for the WebSocket side: the form, the connection view
// while typing, or its keys.
func (v *wsView) help(treeRow bool, enter key.Binding) helpKeys {
	k := v.sh.keys
	switch {
	case v.editing:
		return helpKeys{
			short: []key.Binding{relabel(wsKeys.Connect, "enter", "connect"), relabel(k.NextField, "tab", "query/headers"), k.Back, k.ForceQuit},
			full: [][]key.Binding{{relabel(wsKeys.Connect, "enter", "connect with this query and these headers"),
				relabel(k.NextField, "tab/↑/↓", "query or headers"), relabel(k.Back, "esc", "stop editing"), k.ForceQuit}},
		}
	case v.typing:
		what := "send the message"
		if v.pushing {
			what = "push it with POST @connections"
		}
		if v.pushing {
			return helpKeys{
				short: []key.Binding{relabel(wsKeys.Connect, "enter", "push"), relabel(k.Back, "esc", "cancel"), k.ForceQuit},
				full:  [][]key.Binding{{relabel(wsKeys.Connect, "enter", what), relabel(k.Back, "esc", "cancel"), k.ForceQuit}},
			}
		}
		return helpKeys{
			short: []key.Binding{relabel(wsKeys.Connect, "enter", "send"), relabel(k.Up, "↑", "last message"), relabel(k.Back, "esc", "stop typing"), k.ForceQuit},
			full: [][]key.Binding{{relabel(wsKeys.Connect, "enter", what), relabel(k.Up, "↑", "the last message again"),
				relabel(k.Back, "esc", "stop typing"), k.ForceQuit}},
		}
	case treeRow:
		short := []key.Binding{k.Move, enter, relabel(k.Edit, "e", "edit the handshake")}
		if len(v.clients) > 0 {
			short = append(short, wsKeys.Connections)
		}
		return helpKeys{
			short: short,
			full: [][]key.Binding{
				{k.Up, k.Down, k.Left, k.Right, relabel(k.Top, "g/G", "top/bottom")},
				{relabel(enter, "enter", "connect (stage or route) or fold (API)"), relabel(k.Edit, "e", "edit the handshake's query and headers"),
					relabel(wsKeys.Connections, "c", "the connection view")},
			},
		}
	}
	c := v.client()
	openConn := c != nil && c.conn != nil && !c.closed
	var short []key.Binding
	if openConn {
		short = append(short, relabel(wsKeys.Type, "i", "type"))
	}
	short = append(short, relabel(k.OpenFlow, "f", "flow"), relabel(wsKeys.Prev, "[/]", "connection"), wsKeys.New)
	if openConn {
		short = append(short, relabel(wsKeys.Disconnect, "d", "disconnect"), relabel(wsKeys.Push, "p", "push"))
	}
	short = append(short, relabel(k.Back, "esc", "tree"))
	return helpKeys{
		short: short,
		full: [][]key.Binding{
			{relabel(wsKeys.Type, "i/enter", "type a message"), relabel(wsKeys.Push, "p", "push a frame (POST @connections)"),
				relabel(wsKeys.Status, "s", "GET @connections"), relabel(wsKeys.Delete, "x", "DELETE @connections (the gateway closes it)"),
				relabel(wsKeys.Disconnect, "d", "disconnect (close 1000)")},
			{relabel(k.Up, "↑/↓", "select a frame"), relabel(k.OpenFlow, "f", "the selected frame in the flow view"),
				relabel(wsKeys.Prev, "[/]", "previous/next connection"), relabel(wsKeys.New, "n", "another connection, same handshake"),
				relabel(k.Back, "esc", "back to the tree")},
		},
	}
}

// wsModel is the workspace's WebSocket API of that name.
func wsModel(ws *model.Workspace, name string) *model.V2API {
	for _, a := range ws.WebSocketAPIs {
		if a != nil && a.Name == name {
			return a
		}
	}
	return nil
}

func (v *wsView) setSize(w, h int) {
	v.width, v.height = w, h
}

// formTitle is the connect pane's title.
func (v *wsView) formTitle() string {
	t := "Connect · " + v.api.Name + "/" + v.stage
	if v.editing {
		t += " · editing"
	}
	return t
}

// formView is the connect form: the URL, the handshake's query and headers, and what the
// $connect route checks.
func (v *wsView) formView(w int) string {
	st := v.sh.styles
	label := func(s string, i int) string {
		if v.editing && v.focus == i {
			return st.Form.FocusedLabel.Render(padRight(s, 8))
		}
		return st.Form.Label.Render(padRight(s, 8))
	}
	v.query.Width, v.headers.Width = max(1, w-9), max(1, w-9)
	host := v.api.APIID + ".execute-api"
	if api, ok := v.sh.gw.WebSocketAPI(v.api.Name); ok {
		host = api.DomainName()
	}
	lines := []string{
		truncate(label("URL", -1)+"wss://"+host+"/"+v.stage, w),
		label("Query", 0) + v.query.View(),
		label("Headers", 1) + v.headers.View(),
	}
	if v.formErr != "" {
		lines = append(lines, wrapIndent(st.Status.Err.Render("✗ ")+v.formErr, w, 2)...)
	}
	if az := connectAuthorizer(v.api); az != nil {
		var reads []string
		for _, s := range az.IdentitySource {
			s = strings.TrimPrefix(s, "route.request.")
			reads = append(reads, strings.Replace(s, ".", " ", 1))
		}
		lines = append(lines, "")
		lines = append(lines, wrapIndent(st.Dim.Render(fmt.Sprintf("$connect: authorizer %s (λ %s) reads %s",
			az.Name, strings.TrimPrefix(az.AuthorizerURI, "function:"), strings.Join(reads, ", "))), w, 0)...)
	}
	return strings.Join(lines, "\n")
}

// routeNote explains a route in a line: its integration, one-way or two-way.
func routeNote(a *model.V2API, k string) string {
	r := a.Routes[k]
	if r == nil {
		return ""
	}
	var parts []string
	if in := a.RouteIntegration(r); in != nil {
		target := in.IntegrationURI
		if fn, _, ok := model.LambdaTarget(in.IntegrationURI); ok {
			target = "λ " + fn
		}
		parts = append(parts, target+" ("+in.IntegrationType+")")
	}
	switch {
	case k == "$connect" || k == "$disconnect":
	case r.RouteResponseSelectionExpression != "":
		parts = append(parts, "two-way: the result's body is sent back")
	default:
		parts = append(parts, "one-way: nothing is sent back")
	}
	return strings.Join(parts, " · ")
}

// sideView is the pane under the connect form: the route selection, the route under the
// cursor, and the connections opened so far.
func (v *wsView) sideView(w int) string {
	st := v.sh.styles
	var lines []string
	fact := func(k, val string) {
		lines = append(lines, wrapIndent(st.Flow.FactKey.Render(padRight(k, 16))+val, w, 16)...)
	}
	fact("route selection", v.api.RouteSelectionExpression)
	if v.route != "" {
		fact(v.route, routeNote(v.api, v.route))
		if m := sampleMessage(v.api, v.route); m != "" && v.route == sampleRoute(v.api, v.route) {
			fact("", "selected by "+m)
		}
	}
	var mine []*wsClient
	for _, c := range v.clients {
		if c.api.Name == v.api.Name {
			mine = append(mine, c)
		}
	}
	lines = append(lines, "")
	if len(mine) == 0 {
		lines = append(lines, wrapIndent("enter connects with the handshake above (e edits it first). Then type messages, see answers and pushes arrive, and press f to follow any of them through the gateway.", w, 0)...)
		return strings.Join(lines, "\n")
	}
	lines = append(lines, st.Bold.Render("Connections")+st.Dim.Render(" · c opens them"))
	for _, c := range mine {
		lines = append(lines, truncate(fmt.Sprintf(" %s %s %s · %s", c.name, c.id(), c.stage, v.stateText(c)), w))
	}
	return strings.Join(lines, "\n")
}

// sampleRoute is the custom route sampleMessage selects.
func sampleRoute(a *model.V2API, route string) string {
	m := sampleMessage(a, route)
	if m == "" {
		return ""
	}
	_, v, _ := strings.Cut(strings.TrimSuffix(m, "}"), ":")
	r, _ := strconv.Unquote(v)
	return r
}

// stateText is a connection's state, coloured, with its unread frames.
func (v *wsView) stateText(c *wsClient) string {
	st := v.sh.styles
	s := c.state()
	out := st.Status.OK.Render(s)
	if s != "open" {
		out = st.Status.Warn.Render(s)
	}
	if c.unread > 0 {
		out += " " + st.Match.Render(fmt.Sprintf("⇠%d new", c.unread))
	}
	return out
}

// view is the connection view: the connections, the shown one's frames, the message line;
// in a large window the connections get a column and the selected frame's exchange a pane.
func (v *wsView) view() string {
	st := v.sh.styles
	w, h := v.width, v.height
	c := v.client()
	if c == nil {
		return fit("No connection yet: esc, then enter on a WebSocket stage or route.", w, h)
	}
	c.unread = 0
	inputH := 3
	left := ""
	rw := w
	var top []string
	if w >= 120 {
		lw := clamp(w/5, 28, 36)
		rw = w - lw
		left = pane(st, fmt.Sprintf("Connections · %d", len(v.clients)), v.connList(lw-2), lw, h, false)
	} else {
		top = append(top, v.connTabs(w))
	}
	detailH := 0
	if h >= 30 {
		detailH = (h - inputH) * 2 / 5
	}
	framesH := h - len(top) - inputH - detailH
	title := fmt.Sprintf("%s · %s · %s/%s", c.name, c.id(), c.api.Name, c.stage)
	if c.query != "" {
		title += "?" + c.query
	}
	if c.closed {
		title += " · " + c.state()
	}
	parts := append(top, pane(st, title, v.framesView(c, rw-2, framesH-2), rw, framesH, !v.typing))
	if detailH > 0 {
		parts = append(parts, pane(st, v.detailTitle(), v.detailView(rw-2), rw, detailH, false))
	}
	parts = append(parts, pane(st, v.inputTitle(c), v.inputView(c, rw-2), rw, inputH, v.typing))
	right := strings.Join(parts, "\n")
	if left == "" {
		return right
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, left, right)
}

// connTabs is the narrow window's line of connections.
func (v *wsView) connTabs(w int) string {
	st := v.sh.styles
	var parts []string
	for i, c := range v.clients {
		s := c.name + " " + v.stateText(c)
		if i == v.cur {
			s = st.Tabs.Active.Render("[" + c.name + " " + c.state() + "]")
		}
		parts = append(parts, s)
	}
	return truncate(strings.Join(parts, "  ")+st.Dim.Render("  [/] switch · n new"), w)
}

// connList is the large window's column of connections.
func (v *wsView) connList(w int) string {
	st := v.sh.styles
	var lines []string
	for i, c := range v.clients {
		mark := " "
		if i == v.cur {
			mark = "›"
		}
		lines = append(lines, truncate(mark+" "+st.Bold.Render(c.name)+" "+v.stateText(c), w))
		lines = append(lines, truncate("   "+c.id()+" "+st.Dim.Render(c.api.Name+"/"+c.stage), w))
		if c.query != "" {
			lines = append(lines, truncate(st.Dim.Render("   ?"+c.query), w))
		}
	}
	lines = append(lines, "", st.Dim.Render(truncate("[/] switch · n another", w)))
	return strings.Join(lines, "\n")
}

// framesView lays out a connection's frames, keeping the selected one in sight (the newest
// when following).
func (v *wsView) framesView(c *wsClient, w, h int) string {
	st := v.sh.styles
	var lines []string
	start := map[int]int{}
	end := map[int]int{}
	sel := v.sel
	if sel < 0 || sel >= len(c.frames) {
		sel = len(c.frames) - 1
	}
	// only the frames that can be in sight are laid out: each takes at least a line
	lo, hi := max(0, len(c.frames)-h), len(c.frames)
	if v.sel >= 0 && sel >= 0 {
		lo, hi = max(0, sel-h), min(len(c.frames), sel+h+1)
	}
	for i := lo; i < hi; i++ {
		f := c.frames[i]
		start[i] = len(lines)
		glyph, style := "●", lipgloss.NewStyle()
		switch f.kind {
		case frameSent:
			glyph = "→"
		case frameReply:
			glyph, style = "←", st.Status.OK
		case framePush:
			glyph, style = "⇠", st.Match
		case frameClosed, frameRefused:
			glyph, style = "✕", st.Status.Warn
		}
		if f.bad {
			style = st.Status.Err
		}
		mark := " "
		if i == sel && v.sel >= 0 {
			mark = "›"
		}
		head := mark + st.Dim.Render(f.at.Format("15:04:05")) + " " + style.Render(glyph) + " "
		for j, l := range wrapIndent(f.text, w-12, 0) {
			if j == 0 {
				lines = append(lines, head+l)
			} else {
				lines = append(lines, strings.Repeat(" ", 12)+l)
			}
		}
		if f.note != "" {
			for _, l := range wrapIndent(f.note, w-12, 0) {
				lines = append(lines, strings.Repeat(" ", 12)+st.Dim.Render(l))
			}
		}
		end[i] = len(lines)
	}
	if v.busy {
		lines = append(lines, st.Dim.Render(" …"))
	}
	first := max(0, len(lines)-h)
	if v.sel >= 0 && sel >= 0 {
		if start[sel] < first {
			first = start[sel]
		}
		if end[sel] > first+h {
			first = end[sel] - h
		}
	}
	first = clamp(first, 0, max(0, len(lines)-h))
	lines = lines[first:min(len(lines), first+h)]
	for i, l := range lines {
		lines[i] = truncate(l, w)
	}
	return strings.Join(lines, "\n")
}

func (v *wsView) inputTitle(c *wsClient) string {
	switch {
	case v.inputErr != "":
		return "✗ " + v.inputErr
	case v.pushing:
		return "Push to " + c.name + " · POST @connections/" + c.id()
	case v.typing:
		return "Message from " + c.name + " · enter sends"
	}
	return "Message"
}

func (v *wsView) inputView(c *wsClient, w int) string {
	v.input.Width = max(1, w-2)
	if v.typing {
		return " " + v.input.View()
	}
	if c.conn == nil || c.closed {
		return v.sh.styles.Dim.Render(" closed · n opens another connection with the same handshake")
	}
	return v.sh.styles.Dim.Render(" i types a message · p pushes one to it through @connections")
}

func (v *wsView) detailTitle() string {
	f := v.selected()
	if f == nil || f.en == nil {
		return "Exchange"
	}
	ex := f.en.WS
	what := ex.EventType + " " + ex.RouteKey
	if ex.EventType == "" {
		what = ex.RouteKey
		if ex.From != "" {
			what += " by " + ex.From
		}
	}
	return fmt.Sprintf("Exchange #%d · %s · f opens it in the flow view", f.en.Seq, what)
}

// detailView is the selected frame's exchange as the gateway traced it: one line per hop,
// its facts below (the event is left to the flow view).
func (v *wsView) detailView(w int) string {
	st := v.sh.styles
	f := v.selected()
	if f == nil || f.en == nil || f.en.Resp.Trace == nil {
		return st.Dim.Render(" The selected frame has no exchange of its own.")
	}
	var lines []string
	for _, hop := range f.en.Resp.Trace.Hops {
		lines = append(lines, truncate(" "+st.Bold.Render(padRight(hop.Stage, 15))+" "+hop.Decision, w))
		for _, x := range hop.Facts {
			if x.Key == "event" {
				continue
			}
			lines = append(lines, truncate("   "+st.Flow.FactKey.Render(x.Key+":")+" "+x.Value, w))
		}
	}
	return strings.Join(lines, "\n")
}

// maxFrames bounds a connection's log: the oldest frames go first (a busy room would
// otherwise grow without end; the history keeps the exchanges for the flow view).
const maxFrames = 2000

// add appends a frame to a connection's log, dropping the oldest tenth past maxFrames and
// keeping the selected frame selected.
func (v *wsView) add(c *wsClient, f wsFrame) {
	c.frames = append(c.frames, f)
	if len(c.frames) <= maxFrames {
		return
	}
	drop := maxFrames / 10
	c.frames = append(c.frames[:0:0], c.frames[drop:]...)
	if c == v.client() && v.sel >= 0 {
		v.sel = max(0, v.sel-drop)
	}
}
