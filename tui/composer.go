package tui

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"apigwlab/engine"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// Composer fields, in tab order.
const (
	fieldMethod = iota
	fieldPath
	fieldQuery
	fieldHeaders
	fieldBody
	fieldCount
)

var fieldLabels = [fieldCount]string{"Method", "Path", "Query", "Headers", "Body"}

// draft is a request as written in the composer: what history keeps and recalls.
type draft struct {
	api, method, path, query, headers, body string
	ident                                   int // index into the composer's identities
}

// composer is the request form: method, path (stage first), query, headers as "Name: value"
// lines and body, with a history recalled by ↑/↓.
type composer struct {
	st      *Styles
	keys    *KeyMap
	method  textinput.Model
	path    textinput.Model
	query   textinput.Model
	headers textarea.Model
	body    textarea.Model
	focus   int
	editing bool
	api     string // the REST API the request goes to ("" = the workspace's first)
	ids     []identity
	ident   int      // who the request is sent as (ids[ident])
	chosen  bool     // the user picked ident (u): samples keep it instead of their own pick
	vpces   []string // the workspace's interface VPC endpoints
	vpce    string   // the endpoint requests come through (v cycles; "" for none)

	filled  draft   // what the form held when last filled or sent: anything else is an edit
	past    []draft // sent requests, oldest first
	histPos int     // len(past) = the draft being written
	pending draft   // the unsent draft while browsing history

	at     string            // the tree method the form shows (methodKey)
	base   draft             // that method's sample
	drafts map[string]parked // the other methods' edited forms, by methodKey

	width, height int
	stacked       bool // method and path on lines of their own (a narrow form)
}

func newComposer(st *Styles, keys *KeyMap) *composer {
	c := &composer{st: st, keys: keys}
	mk := func(placeholder string) textinput.Model {
		t := textinput.New()
		t.Prompt = ""
		t.Placeholder = placeholder
		t.Cursor.SetMode(cursor.CursorStatic)
		t.PlaceholderStyle = st.Dim
		return t
	}
	c.method = mk("GET")
	c.method.CharLimit = 10
	c.path = mk("/prod/pets")
	c.query = mk("(none)")
	area := func(placeholder string) textarea.Model {
		t := textarea.New()
		t.Prompt = ""
		t.ShowLineNumbers = false
		t.CharLimit = 0
		t.Placeholder = placeholder
		t.Cursor.SetMode(cursor.CursorStatic)
		f, b := textarea.DefaultStyles()
		f.CursorLine = lipgloss.NewStyle()
		f.Placeholder = st.Dim
		b.Placeholder = st.Dim
		t.FocusedStyle, t.BlurredStyle = f, b
		t.KeyMap.InsertNewline = key.NewBinding(key.WithKeys("enter", "ctrl+j"))
		return t
	}
	c.headers = area("(none) — Name: value, one per line")
	c.body = area("(none)")
	c.setSize(50, 6)
	return c
}

// fill puts a draft into the form.
func (c *composer) fill(d draft) {
	c.filled = d
	c.api = d.api
	if !c.chosen {
		c.ident = d.ident
	}
	if c.ident >= len(c.ids) {
		c.ident = 0
	}
	c.method.SetValue(d.method)
	c.path.SetValue(d.path)
	c.query.SetValue(d.query)
	c.headers.SetValue(d.headers)
	c.body.SetValue(d.body)
	c.method.CursorEnd()
	c.path.CursorEnd()
	c.query.CursorEnd()
}

func (c *composer) current() draft {
	return draft{api: c.api, method: c.method.Value(), path: c.path.Value(), query: c.query.Value(),
		headers: c.headers.Value(), body: c.body.Value(), ident: c.ident}
}

// startEditing focuses the form on field f.
func (c *composer) startEditing(f int) tea.Cmd {
	c.editing = true
	return c.setFocus(f)
}

func (c *composer) stopEditing() {
	c.leaveHeaders()
	c.editing = false
	c.method.Blur()
	c.path.Blur()
	c.query.Blur()
	c.headers.Blur()
	c.body.Blur()
}

func (c *composer) setFocus(f int) tea.Cmd {
	c.leaveHeaders()
	c.focus = (f + fieldCount) % fieldCount
	c.method.Blur()
	c.path.Blur()
	c.query.Blur()
	c.headers.Blur()
	c.body.Blur()
	switch c.focus {
	case fieldMethod:
		return c.method.Focus()
	case fieldPath:
		return c.path.Focus()
	case fieldQuery:
		return c.query.Focus()
	case fieldHeaders:
		// a new header goes on a line of its own, never onto the end of x-api-key's value
		if v := c.headers.Value(); v != "" && !strings.HasSuffix(v, "\n") {
			c.headers.SetValue(v + "\n")
		}
		return c.headers.Focus()
	default:
		return c.body.Focus()
	}
}

// leaveHeaders drops the empty line the headers field opened for typing.
func (c *composer) leaveHeaders() {
	if v := c.headers.Value(); c.focus == fieldHeaders && strings.HasSuffix(v, "\n") {
		c.headers.SetValue(strings.TrimRight(v, "\n"))
	}
}

// multiline reports whether the focused field takes enter as a newline.
func (c *composer) multiline() bool { return c.editing && c.focus >= fieldHeaders }

// update handles a key while editing. It returns send=true when the request should go.
func (c *composer) update(msg tea.KeyMsg) (send bool, cmd tea.Cmd) {
	k := c.keys
	single := c.focus <= fieldQuery
	switch {
	case msg.String() == "ctrl+s":
		return true, nil
	case msg.String() == "enter" && single:
		return true, nil
	case key.Matches(msg, k.NextField):
		return false, c.setFocus(c.focus + 1)
	case key.Matches(msg, k.PrevField):
		return false, c.setFocus(c.focus - 1)
	case single && msg.Type == tea.KeyUp:
		c.recall(-1)
		return false, nil
	case single && msg.Type == tea.KeyDown:
		c.recall(+1)
		return false, nil
	}
	switch c.focus {
	case fieldMethod:
		c.method, cmd = c.method.Update(msg)
	case fieldPath:
		c.path, cmd = c.path.Update(msg)
	case fieldQuery:
		c.query, cmd = c.query.Update(msg)
	case fieldHeaders:
		c.headers, cmd = c.headers.Update(msg)
	case fieldBody:
		c.body, cmd = c.body.Update(msg)
	}
	return false, cmd
}

// edited reports whether the form holds changes that were neither sent nor recalled.
func (c *composer) edited() bool {
	return !sameRequest(c.current(), c.filled) // picking who sends is not an edit of the request
}

// parked is a method's form while another method is shown: what it held and what it was
// last filled with or sent as (so "edited, unsent" survives the round trip).
type parked struct{ cur, filled draft }

// show puts the method at key into the form: its own draft when it was edited before, else
// its sample. The form always shows the selected method, and enter sends what it shows.
func (c *composer) show(key string, sample draft) {
	if key == c.at {
		return
	}
	c.park()
	c.at, c.base = key, sample
	if p, ok := c.drafts[key]; ok {
		c.fill(p.filled)
		c.setFields(p.cur)
		return
	}
	c.fill(sample)
}

// park keeps the shown method's form when it differs from its sample.
func (c *composer) park() {
	if c.at == "" {
		return
	}
	cur := c.current()
	if sameRequest(cur, c.base) && sameRequest(c.filled, c.base) {
		delete(c.drafts, c.at)
		return
	}
	if c.drafts == nil {
		c.drafts = map[string]parked{}
	}
	c.drafts[c.at] = parked{cur: cur, filled: c.filled}
}

// resample gives the shown method a new sample (the workspace was reloaded): the form
// follows it unless it holds an edit.
func (c *composer) resample(key string, sample draft) {
	if key != c.at {
		c.show(key, sample)
		return
	}
	if !c.edited() && sameRequest(c.filled, c.base) {
		c.fill(sample)
	}
	c.base = sample
}

// sameRequest compares two drafts as requests: who sends is not part of it, nor blank
// trailing header lines.
func sameRequest(a, b draft) bool {
	a.ident, b.ident = 0, 0
	a.headers, b.headers = strings.TrimRight(a.headers, "\n "), strings.TrimRight(b.headers, "\n ")
	return a == b
}

// setFields puts d's request into the form without changing what counts as unsent.
func (c *composer) setFields(d draft) {
	c.api = d.api
	c.method.SetValue(d.method)
	c.path.SetValue(d.path)
	c.query.SetValue(d.query)
	c.headers.SetValue(d.headers)
	c.body.SetValue(d.body)
}

// recall moves through the history: -1 older, +1 newer; past the newest is the draft.
func (c *composer) recall(d int) {
	if len(c.past) == 0 {
		return
	}
	if c.histPos == len(c.past) {
		c.pending = c.current()
	}
	c.histPos = clamp(c.histPos+d, 0, len(c.past))
	if c.histPos == len(c.past) {
		c.fill(c.pending)
	} else {
		c.fill(c.past[c.histPos])
	}
}

// remember adds a sent request to the history (not twice in a row).
func (c *composer) remember(d draft) {
	c.filled = d
	if n := len(c.past); n == 0 || c.past[n-1] != d {
		c.past = append(c.past, d)
		if len(c.past) > 100 {
			c.past = c.past[1:]
		}
	}
	c.histPos = len(c.past)
}

var methodToken = regexp.MustCompile(`^[A-Za-z]+$`)

// request turns the form into an engine request, or says what to fix.
func (c *composer) request() (engine.Request, error) {
	d := c.current()
	method := strings.ToUpper(strings.TrimSpace(d.method))
	if method == "" {
		method = "GET"
	}
	if !methodToken.MatchString(method) {
		return engine.Request{}, fmt.Errorf("method %q: write GET, POST, PUT, DELETE, PATCH, HEAD or OPTIONS", d.method)
	}
	path := strings.TrimSpace(d.path)
	if path == "" {
		return engine.Request{}, fmt.Errorf("path is empty: write the stage first, e.g. /prod/pets")
	}
	if !strings.HasPrefix(path, "/") {
		return engine.Request{}, fmt.Errorf("path %q must start with / and the stage, e.g. /prod/pets", path)
	}
	query := strings.TrimPrefix(strings.TrimSpace(d.query), "?")
	if p, q, ok := strings.Cut(path, "?"); ok {
		path = p
		if query != "" && q != "" {
			q += "&"
		}
		query = q + query
	}
	req := engine.Request{API: d.api, Method: method, Path: path, RawQuery: query, Body: d.body, SourceIP: engine.DefaultSourceIP}
	h, err := parseHeaders(strings.Split(d.headers, "\n"))
	if err != nil {
		return engine.Request{}, err
	}
	req.Header = h
	return req, nil
}

// parseHeaders reads "Name: value" lines (blank ones skipped).
func parseHeaders(lines []string) (wire.Headers, error) {
	var out wire.Headers
	for i, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("headers line %d %q: write Name: value", i+1, line)
		}
		out = append(out, wire.Header{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
	}
	return out, nil
}

// identity is who the request is sent as.
func (c *composer) identity() identity {
	if c.ident < 0 || c.ident >= len(c.ids) {
		return identity{label: "anonymous"}
	}
	return c.ids[c.ident]
}

// nextVpce cycles the VPC endpoint requests arrive through: none, then each endpoint.
func (c *composer) nextVpce() {
	if len(c.vpces) == 0 {
		return
	}
	i := 0
	for j, v := range c.vpces {
		if v == c.vpce {
			i = j + 1
		}
	}
	c.vpce = ""
	if i < len(c.vpces) {
		c.vpce = c.vpces[i]
	}
}

func (c *composer) setSize(w, h int) {
	c.width, c.height = w, h
	fw := max(4, w-9) // label column
	c.stacked = w < 45
	c.method.Width = 7
	c.path.Width = max(4, w-25)
	if c.stacked {
		c.path.Width = fw - 1
	}
	c.query.Width = fw - 1
	rest := max(2, h-2)
	if c.stacked {
		rest = max(2, h-3)
	}
	hh := clamp((rest+1)/2, 1, 6)
	bh := clamp(rest-hh, 1, 12)
	c.headers.SetWidth(fw)
	c.headers.SetHeight(hh)
	c.body.SetWidth(fw)
	c.body.SetHeight(bh)
}

func (c *composer) label(f int, text string) string {
	st := c.st.Form.Label
	mark := " "
	if c.editing && c.focus == f {
		st = c.st.Form.FocusedLabel
		mark = "›"
	}
	return st.Render(padRight(mark+text, 9))
}

func (c *composer) view() string {
	var lines []string
	if c.stacked {
		lines = append(lines, c.label(fieldMethod, fieldLabels[fieldMethod])+c.method.View(),
			c.label(fieldPath, fieldLabels[fieldPath])+c.path.View())
	} else {
		lines = append(lines, c.label(fieldMethod, fieldLabels[fieldMethod])+padRight(c.method.View(), 8)+c.pathLabel()+c.path.View())
	}
	lines = append(lines, c.label(fieldQuery, fieldLabels[fieldQuery])+c.query.View(),
		lipgloss.JoinHorizontal(lipgloss.Top, c.areaLabel(fieldHeaders, &c.headers), c.headers.View()),
		lipgloss.JoinHorizontal(lipgloss.Top, c.areaLabel(fieldBody, &c.body), c.body.View()))
	return strings.Join(lines, "\n")
}

// areaLabel is a multi-line field's label, with "+N more" under it when the field holds
// more lines than it shows (a hidden header still goes out with the request).
func (c *composer) areaLabel(f int, t *textarea.Model) string {
	l := c.label(f, fieldLabels[f])
	if n := wrappedRows(t.Value(), t.Width()) - t.Height(); n > 0 && t.Height() > 1 {
		l += "\n" + c.st.Status.Warn.Render(padRight(fmt.Sprintf(" +%d more", n), 9))
	} else if n > 0 {
		l = c.st.Status.Warn.Render(padRight(fmt.Sprintf("%s+%d", fieldLabels[f][:1], n), 9))
	}
	return l
}

// wrappedRows is how many rows a textarea of width w needs for v (its soft wrap).
func wrappedRows(v string, w int) int {
	if v == "" {
		return 1
	}
	rows := 0
	for _, line := range strings.Split(v, "\n") {
		rows += max(1, (lipgloss.Width(line)+max(1, w)-1)/max(1, w))
	}
	return rows
}

func (c *composer) pathLabel() string {
	st := c.st.Form.Label
	mark := " "
	if c.editing && c.focus == fieldPath {
		st = c.st.Form.FocusedLabel
		mark = "›"
	}
	return st.Render(mark + "Path  ")
}

// sample is the draft for a method picked in the tree: the stage first, {param} filled with
// a sample value, the API key of a usage plan on that stage when the method needs one, and a
// JSON body for methods that carry one.
func sample(ws *model.Workspace, api *model.RestAPI, stg *model.Stage, res *model.Resource, m *model.Method) draft {
	method := m.HTTPMethod
	if method == "ANY" {
		method = "GET"
	}
	d := draft{api: api.Name, method: method, path: "/" + stg.StageName + samplePath(res.Path),
		ident: identityFor(identities(ws), m)}
	if stg.StageName == model.DefaultStageName { // an HTTP API's $default stage: no segment
		d.path = samplePath(res.Path)
	}
	if res.Path == model.DefaultRouteKey { // an HTTP API's $default route: any path
		d.path = strings.TrimSuffix(strings.TrimPrefix(d.path, model.DefaultRouteKey), model.DefaultRouteKey) + "/anything"
	}
	var headers []string
	if m.APIKeyRequired {
		if k := keyFor(ws, api, stg); k != "" {
			headers = append(headers, "x-api-key: "+k)
		}
	}
	switch method {
	case "POST", "PUT", "PATCH":
		headers = append(headers, "Content-Type: application/json")
		d.body = `{"name": "Rex"}`
	}
	d.headers = strings.Join(headers, "\n")
	return d
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// samplePath fills path parameters: {petId} → 1, {proxy+} → a/b.
func samplePath(p string) string {
	return pathParam.ReplaceAllStringFunc(p, func(s string) string {
		if strings.HasSuffix(s, "+}") {
			return "a/b"
		}
		return "1"
	})
}

// keyFor returns the value of an enabled API key whose usage plan covers api/stage.
func keyFor(ws *model.Workspace, api *model.RestAPI, stg *model.Stage) string {
	plans := map[string]bool{}
	for _, p := range ws.UsagePlans {
		if p == nil {
			continue
		}
		for _, as := range p.APIStages {
			if as != nil && (as.API == api.Name || as.API == api.ID) && as.Stage == stg.StageName {
				plans[p.Name] = true
				if p.ID != "" {
					plans[p.ID] = true
				}
			}
		}
	}
	for _, k := range ws.APIKeys {
		if k == nil || (k.Enabled != nil && !*k.Enabled) {
			continue
		}
		for _, p := range k.UsagePlans {
			if plans[p] {
				return k.Value
			}
		}
	}
	return ""
}
