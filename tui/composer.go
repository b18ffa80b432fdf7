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
	c.editing = false
	c.method.Blur()
	c.path.Blur()
	c.query.Blur()
	c.headers.Blur()
	c.body.Blur()
}

func (c *composer) setFocus(f int) tea.Cmd {
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
		return c.headers.Focus()
	default:
		return c.body.Focus()
	}
}

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
	cur, f := c.current(), c.filled
	cur.ident, f.ident = 0, 0 // picking who sends is not an edit of the request
	return cur != f
}

// load fills the form with a method's sample. An edit in progress is kept in the history
// (↑ brings it back) rather than lost.
func (c *composer) load(d draft) {
	if c.edited() {
		c.remember(c.current())
	}
	c.fill(d)
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
	for i, line := range strings.Split(d.headers, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return engine.Request{}, fmt.Errorf("headers line %d %q: write Name: value", i+1, line)
		}
		req.Header = append(req.Header, wire.Header{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
	}
	return req, nil
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

// nextIdentity cycles through the workspace's identities.
func (c *composer) nextIdentity() {
	if len(c.ids) > 0 {
		c.ident = (c.ident + 1) % len(c.ids)
		c.chosen = true
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
		lipgloss.JoinHorizontal(lipgloss.Top, c.label(fieldHeaders, fieldLabels[fieldHeaders]), c.headers.View()),
		lipgloss.JoinHorizontal(lipgloss.Top, c.label(fieldBody, fieldLabels[fieldBody]), c.body.View()))
	return strings.Join(lines, "\n")
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
