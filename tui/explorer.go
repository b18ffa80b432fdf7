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
)

// explorer is the first screen: the API tree on the left, the request composer and the
// response on the right (three columns when the window is wide).
type explorer struct {
	sh      *shared
	tree    *tree
	comp    *composer
	ws      *wsView // WebSocket APIs: the connect form and the connection view (wsview.go)
	resp    viewport.Model
	shown   *entry
	sending bool
	err     string

	// the u list of identities is open, its cursor at pickAt
	picking bool
	pickAt  int

	width, height int
	wide          bool
	treeW, compW  int
	compH         int
}

func newExplorer(sh *shared) *explorer {
	e := &explorer{sh: sh, tree: newTree(sh.styles, sh.ws), comp: newComposer(sh.styles, sh.keys), ws: newWSView(sh)}
	e.comp.ids = identities(sh.ws)
	e.comp.vpces = vpceIDs(sh.ws)
	e.resp = viewport.New(10, 5)
	e.resp.KeyMap = viewport.KeyMap{} // scrolled by the explorer's own keys
	e.follow()
	e.noteSelection()
	return e
}

func (e *explorer) Title() string { return "Explorer" }

// Claims reports whether a key belongs to the screen before global keys: all of them while
// the composer is being edited.
func (e *explorer) Claims(msg tea.KeyMsg) bool { return e.comp.editing || e.picking || e.ws.claims() }

// wsSelected reports whether the WebSocket side is showing: the connection view, or a
// WebSocket API's row under the cursor.
func (e *explorer) wsSelected() bool {
	n := e.tree.selected()
	return e.ws.open || (n != nil && n.ws != nil)
}

// enterAction says what enter does on the selected row (the footer said "send" on an API
// row, where enter folds it): a method or a resource with methods sends, another row folds
// or unfolds.
func (e *explorer) enterAction() (short, long string) {
	n := e.tree.selected()
	switch {
	case n != nil && n.ws != nil && n.kind != nodeAPI:
		return "connect", "open a connection with the handshake shown"
	case n == nil || n.kind == nodeMethod:
		return "send", "send the method's request"
	case n.kind == nodeResource && len(n.res.Methods) > 0:
		return "send", "send the resource's first method"
	case n.collapsed:
		return "expand", "expand the row"
	default:
		return "collapse", "collapse the row"
	}
}

func (e *explorer) Help() helpKeys {
	k := e.sh.keys
	if e.picking {
		pick := []key.Binding{k.Move, relabel(k.Send, "enter", "send as this one"), relabel(k.Back, "esc", "keep the one there was")}
		return helpKeys{short: pick, full: [][]key.Binding{pick}}
	}
	if e.wsSelected() {
		enter, _ := e.enterAction()
		return e.ws.help(!e.ws.open, relabel(k.Send, "enter", enter))
	}
	if e.comp.multiline() {
		// enter inserts a newline here; ctrl+s sends
		send := relabel(k.Submit, "ctrl+s", "send")
		nl := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line"))
		return helpKeys{
			short: []key.Binding{send, nl, k.NextField, k.Back, k.ForceQuit},
			full: [][]key.Binding{
				{relabel(k.Submit, "ctrl+s", "send the request"), nl, relabel(k.NextField, "tab", "next field"), k.PrevField},
				{relabel(k.Back, "esc", "stop editing (enter in the tree then sends)"), k.ForceQuit},
			},
		}
	}
	if e.comp.editing {
		return helpKeys{
			short: []key.Binding{k.Submit, k.NextField, k.History, k.Back, k.ForceQuit},
			full: [][]key.Binding{
				{relabel(k.Submit, "enter", "send (ctrl+s in headers, body)"), relabel(k.NextField, "tab", "next field"), k.PrevField},
				{relabel(k.History, "↑/↓", "history (method, path, query)"), relabel(k.Back, "esc", "stop editing"), k.ForceQuit},
			},
		}
	}
	enter, enterLong := e.enterAction()
	return helpKeys{
		short: []key.Binding{k.Move, relabel(k.Send, "enter", enter), k.Edit, k.Identity, k.OpenFlow},
		full: [][]key.Binding{
			{k.Up, k.Down, k.Left, k.Right, relabel(k.Top, "g/G", "top/bottom")},
			{relabel(k.Send, "enter", enterLong), relabel(k.Edit, "e", "edit the request (a resource row: its first method)"),
				relabel(k.OpenFlow, "f", "the response's flow"), relabel(k.Identity, "u", "send as: the list of users and what each sends"), relabel(k.Vpce, "v", "through a VPC endpoint (PRIVATE APIs)"), relabel(k.PageUp, "pgup", "scroll response"),
				relabel(k.PageDown, "pgdn", "scroll response")},
		},
	}
}

func (e *explorer) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case wsDoneMsg:
		return e.ws.done(msg)
	case responseMsg:
		if msg.entry.WS != nil {
			return nil // the connection view shows it
		}
		e.sending = false
		e.shown = msg.entry
		e.renderResponse()
		e.resp.GotoTop()
		return nil
	case tea.KeyMsg:
		if e.picking {
			return e.pickKey(msg)
		}
		if e.comp.editing {
			return e.editKey(msg)
		}
		if e.ws.editing {
			return e.ws.formKey(msg)
		}
		if e.ws.open {
			cmd, _ := e.ws.key(msg)
			return cmd
		}
		return e.treeKey(msg)
	}
	return nil
}

func (e *explorer) editKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, e.sh.keys.Back) {
		e.comp.stopEditing()
		return nil
	}
	send, cmd := e.comp.update(msg)
	if send {
		return tea.Batch(cmd, e.send())
	}
	return cmd
}

func (e *explorer) treeKey(msg tea.KeyMsg) tea.Cmd {
	k := e.sh.keys
	switch {
	case key.Matches(msg, k.Up):
		e.tree.move(-1)
	case key.Matches(msg, k.Down):
		e.tree.move(+1)
	case key.Matches(msg, k.Left):
		e.tree.collapse()
	case key.Matches(msg, k.Right):
		e.tree.expand()
	case key.Matches(msg, k.PageUp):
		e.resp.HalfPageUp()
	case key.Matches(msg, k.PageDown):
		e.resp.HalfPageDown()
	case key.Matches(msg, k.Top):
		e.tree.move(-len(e.tree.visible))
	case key.Matches(msg, k.Bottom):
		e.tree.move(len(e.tree.visible))
	case key.Matches(msg, k.Identity):
		e.openPick()
	case key.Matches(msg, k.Vpce) && len(e.comp.vpces) > 0:
		e.comp.nextVpce()
	case key.Matches(msg, k.Send):
		n := e.tree.selected()
		if n == nil {
			return nil
		}
		if n.ws != nil && n.kind != nodeAPI {
			e.ws.show(n)
			return e.ws.connect()
		}
		n = e.toFirstMethod(n) // a resource sends its first method: enter always sends something
		if n.kind != nodeMethod {
			e.tree.toggle()
			break
		}
		e.follow()
		return e.send() // exactly what the Request panel shows
	case key.Matches(msg, k.Edit):
		n := e.tree.selected()
		if n != nil && n.ws != nil {
			e.ws.show(n)
			return e.ws.edit()
		}
		// e edits the row under the cursor: on a resource, the first method (the one enter
		// sends and the Request panel shows), never the method chosen before (issue 15)
		if n != nil && e.toFirstMethod(n).kind != nodeMethod {
			return func() tea.Msg {
				return statusMsg{text: "e edits a method's request: move to a method row (↓) first"}
			}
		}
		e.follow()
		return e.comp.startEditing(fieldPath)
	case key.Matches(msg, wsKeys.Connections) && len(e.ws.clients) > 0:
		if n := e.tree.selected(); n != nil && n.ws != nil {
			e.ws.open = true
		}
	case key.Matches(msg, k.OpenFlow):
		if e.shown != nil {
			seq := e.shown.Seq
			return func() tea.Msg { return showFlowMsg{seq: seq} }
		}
	}
	e.noteSelection()
	e.follow()
	return nil
}

// follow shows the selected method in the form: its draft when it was edited, else its
// sample. Each method keeps its own draft, so the form never shows one method while enter
// sends another.
func (e *explorer) follow() {
	e.ws.show(e.tree.selected())
	n := e.tree.selected()
	if n != nil && n.kind == nodeResource && n.ws == nil {
		n = e.tree.firstMethod(n) // a resource row shows the method enter would send
	}
	if n != nil && n.kind == nodeMethod {
		e.comp.show(methodKey(n), sample(e.sh.ws, n.api, n.stage, n.res, n.method))
	}
}

// toFirstMethod moves the cursor from a resource row with methods onto its first method,
// unfolding it, and returns the row the cursor is then on.
func (e *explorer) toFirstMethod(n *treeNode) *treeNode {
	if n.kind != nodeResource || e.tree.firstMethod(n) == nil {
		return n
	}
	n.collapsed = false
	e.tree.refresh()
	e.tree.move(1)
	return e.tree.selected()
}

// methodKey names a method of the tree across rebuilds.
func methodKey(n *treeNode) string {
	return n.api.Name + "\x00" + n.stage.StageName + "\x00" + n.res.Path + "\x00" + n.method.HTTPMethod
}

// noteSelection tells the header which API and stage the tree cursor is in.
func (e *explorer) noteSelection() {
	if n := e.tree.selected(); n != nil {
		e.sh.api = n.api.Name
		e.sh.stage = ""
		if n.stage != nil {
			e.sh.stage = n.stage.StageName
		}
	}
}

// send validates the form and invokes the gateway in a command.
func (e *explorer) send() tea.Cmd {
	req, err := e.comp.request()
	if err != nil {
		e.err = err.Error()
		e.renderResponse()
		return nil
	}
	req.SourceVpce = e.comp.vpce
	e.sh.clock.Set(e.sh.now()) // a SigV4 signature carries the time it was made
	if err := e.comp.identity().apply(e.sh.gw, &req, e.sh.now()); err != nil {
		e.err = err.Error()
		e.renderResponse()
		return nil
	}
	e.err = ""
	e.comp.remember(e.comp.current())
	e.sending = true
	e.renderResponse()
	return e.sh.invoke(req.API, req)
}

func (e *explorer) SetSize(w, h int) {
	e.width, e.height = w, h
	e.wide = w >= 150
	if e.wide {
		e.treeW = clamp(w/4, 28, 40)
		e.compW = (w - e.treeW) * 45 / 100
		e.compH = h
		e.comp.setSize(e.compW-2, h-2)
		e.resp.Width, e.resp.Height = max(1, w-e.treeW-e.compW-2), max(1, h-2)
	} else {
		e.treeW = clamp(w*3/10+4, 20, 32)
		e.compW = w - e.treeW
		e.compH = 8
		if h >= 30 {
			e.compH = 10
		}
		e.compH = clamp(e.compH, 4, h/2)
		e.comp.setSize(e.compW-2, e.compH-2)
		e.resp.Width, e.resp.Height = max(1, e.compW-2), max(1, h-e.compH-2)
	}
	e.tree.setSize(e.treeW-2, h-2)
	e.ws.setSize(w, h)
	e.renderResponse()
}

func (e *explorer) View() string {
	if e.picking {
		return overlay(e.panes(), e.pickBox(), e.width, e.height)
	}
	return e.panes()
}

func (e *explorer) panes() string {
	st := e.sh.styles
	if e.ws.open {
		return e.ws.view()
	}
	treeFocused := !e.comp.editing && !e.ws.editing
	left := pane(st, "APIs", e.tree.view(), e.treeW, e.height, treeFocused)
	if n := e.tree.selected(); n != nil && n.ws != nil {
		return e.wsSide(left)
	}
	title := "Request"
	switch {
	case e.comp.editing:
		title = "Request · editing"
	case e.comp.edited():
		title = "Request · edited, unsent"
	}
	if e.comp.vpce != "" {
		title += " · via " + e.comp.vpce
	}
	if id := e.comp.identity(); !id.anonymous() {
		title += " · as " + id.label
	}
	comp := pane(st, title, e.comp.view(), e.compW, e.compH, e.comp.editing)
	respTitle := "Response"
	if e.shown != nil {
		respTitle = fmt.Sprintf("Response #%d", e.shown.Seq)
	}
	if e.wide {
		rw := e.width - e.treeW - e.compW
		resp := pane(st, respTitle, e.resp.View(), rw, e.height, false)
		return lipgloss.JoinHorizontal(lipgloss.Top, left, comp, resp)
	}
	resp := pane(st, respTitle, e.resp.View(), e.compW, e.height-e.compH, false)
	return lipgloss.JoinHorizontal(lipgloss.Top, left, lipgloss.JoinVertical(lipgloss.Left, comp, resp))
}

// renderResponse lays out the response pane's content for its current width.
func (e *explorer) renderResponse() {
	st := e.sh.styles
	w := max(10, e.resp.Width-1)
	var lines []string
	if e.err != "" {
		lines = append(lines, wrapIndent(st.Status.Err.Render("✗ ")+e.err, w, 2)...)
		lines = append(lines, "")
	}
	switch {
	case e.sending:
		lines = append(lines, st.Dim.Render("sending…"))
	case e.shown == nil:
		lines = append(lines, wrapIndent("Pick a method in the tree and press enter to send it, or e to edit the request first.", w, 0)...)
		lines = append(lines, "")
		lines = append(lines, wrapIndent("Then press f (or 2) to watch it travel through the gateway, stage by stage.", w, 0)...)
	default:
		lines = append(lines, responseLines(st, e.shown, w)...)
	}
	for i, l := range lines {
		lines[i] = " " + l
	}
	e.resp.SetContent(strings.Join(lines, "\n"))
}

// responseLines renders one response: status, timing, where it was routed, headers, body.
func responseLines(st *Styles, en *entry, w int) []string {
	r := en.Resp
	status := st.statusStyle(r.Status).Render(fmt.Sprintf("%d %s", r.Status, http.StatusText(r.Status)))
	timing := "latency " + fmtMs(r.Latency)
	if r.Integrated {
		timing += " (integration " + fmtMs(r.IntegrationLatency) + ")"
	}
	lines := wrapIndent(status+"  "+st.Dim.Render(timing), w, 2) // never cut at 80 columns
	where := en.Req.Method + " " + en.Req.Path
	if r.Resource != "" {
		where = fmt.Sprintf("%s %s on %s/%s", r.Method, r.Resource, r.API, r.Stage)
	}
	if r.Canary {
		where += " (canary)"
	}
	if r.GatewayResponse != "" {
		where += " · gateway response " + r.GatewayResponse
	}
	lines = append(lines, wrapIndent(st.Dim.Render(where), w, 2)...)
	// the body first, as the console's test shows it: it is what the client reads
	if r.Body != "" {
		lines = append(lines, "")
		for _, l := range strings.Split(prettyJSON(r.Body), "\n") {
			lines = append(lines, strings.Split(wrap(l, w), "\n")...)
		}
	}
	lines = append(lines, "")
	for _, h := range r.Header {
		lines = append(lines, wrapIndent(st.Status.Header.Render(h.Name)+": "+h.Value, w, 4)...)
	}
	return lines
}

// fmtMs writes a duration in milliseconds as the console does: "12 ms", "0.5 ms".
func fmtMs(d time.Duration) string {
	us := d.Microseconds()
	if us%1000 == 0 {
		return fmt.Sprintf("%d ms", us/1000)
	}
	return fmt.Sprintf("%.1f ms", float64(us)/1000)
}

// wsSide is the explorer with a WebSocket API's row selected: the tree, the connect form
// and the route and connections pane, laid out as the request and response panes are.
func (e *explorer) wsSide(left string) string {
	st := e.sh.styles
	e.ws.show(e.tree.selected()) // the tree may have been rebuilt under it (a reload, a lab)
	margin := func(s string) string { return " " + strings.ReplaceAll(s, "\n", "\n ") }
	form := pane(st, e.ws.formTitle(), margin(e.ws.formView(e.compW-3)), e.compW, e.compH, e.ws.editing)
	if e.wide {
		rw := e.width - e.treeW - e.compW
		side := pane(st, "Routes · connections", margin(e.ws.sideView(rw-3)), rw, e.height, false)
		return lipgloss.JoinHorizontal(lipgloss.Top, left, form, side)
	}
	side := pane(st, "Routes · connections", margin(e.ws.sideView(e.compW-3)), e.compW, e.height-e.compH, false)
	return lipgloss.JoinHorizontal(lipgloss.Top, left, lipgloss.JoinVertical(lipgloss.Left, form, side))
}
