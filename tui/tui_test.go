package tui

import (
	"apigwlab/engine"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"apigwlab/engine/model"
	"apigwlab/engine/observe"
	"apigwlab/scenarios"
)

func TestRunDrawsAndQuits(t *testing.T) {
	var out bytes.Buffer
	err := Run(Options{Output: &out, Input: strings.NewReader("\x03")}) // ctrl+c
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "\x1b[3") {
		t.Error("a non-terminal output got colours")
	}
}

func TestNewModelReportsABadWorkspace(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("apiVersion: apigwlab/v1\nrestApis:\n  - name: x\n    resources: 3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := NewModel(Options{WorkspacePath: bad}); err == nil || !strings.Contains(err.Error(), "bad.yaml") {
		t.Fatalf("want an error naming the file, got %v", err)
	}
	if _, err := NewModel(Options{WorkspacePath: filepath.Join(dir, "missing.yaml")}); err == nil {
		t.Fatal("a missing workspace opened")
	}
}

func TestNewModelOpensAWorkspaceFile(t *testing.T) {
	m, err := NewModel(Options{WorkspacePath: "../examples/pets.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if v := m.View(); !strings.Contains(v, "../examples/pets.yaml") {
		t.Fatalf("header does not name the workspace:\n%s", v)
	}
}

func TestBuiltinWorkspaceLoads(t *testing.T) {
	ws, err := model.Parse(builtinName, builtinPets)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws.RestAPIs) == 0 || ws.RestAPIs[0].Name != "pets" {
		t.Fatalf("built-in workspace: %+v", ws.RestAPIs)
	}
}

func TestFlowBoxesReadTheTrace(t *testing.T) {
	hop := func(stage, decision string) *observe.Hop { return &observe.Hop{Stage: stage, Decision: decision} }
	tests := []struct {
		name string
		hops []*observe.Hop
		want string // stage:state per box
	}{
		{"a proxy request that passes skips the mapping stages",
			[]*observe.Hop{hop("route", "pass"), hop("throttle", "pass"), hop("integration", "pass")},
			"client:in route:ran api key:skipped throttle:ran cache:skipped integration request:skipped integration:ran integration response:skipped client:out"},
		{"stages after the one that answered are not reached, the gateway response comes last",
			[]*observe.Hop{hop("route", "pass"), hop("api key", "answered 403"), hop("gateway response", "answered 403")},
			"client:in route:ran api key:ran throttle:not-reached cache:not-reached integration request:not-reached integration:not-reached integration response:not-reached gateway response:ran client:out"},
		{"a cache hit ends the pipeline",
			[]*observe.Hop{hop("route", "pass"), hop("throttle", "pass"), hop("cache", "hit")},
			"client:in route:ran api key:skipped throttle:ran cache:ran integration request:not-reached integration:not-reached integration response:not-reached client:out"},
		{"a hop the pipeline list does not know is drawn where the trace puts it",
			[]*observe.Hop{hop("route", "pass"), hop("integration", "pass"), hop("cache store", "stored"), hop("integration response", "pass")},
			"client:in route:ran api key:skipped throttle:skipped cache:skipped integration request:skipped integration:ran cache store:ran integration response:ran client:out"},
		{"no trace at all",
			nil,
			"client:in route:skipped api key:skipped throttle:skipped cache:skipped integration request:skipped integration:skipped integration response:skipped client:out"},
	}
	names := map[boxState]string{boxRan: "ran", boxSkipped: "skipped", boxNotReached: "not-reached", boxClientIn: "in", boxClientOut: "out"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, b := range flowBoxes(&observe.Trace{Hops: tt.hops}) {
				got = append(got, b.stage+":"+names[b.state])
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("got  %s\nwant %s", g, tt.want)
			}
		})
	}
}

func TestComposerBuildsTheRequest(t *testing.T) {
	c := newComposer(DefaultStyles(), DefaultKeyMap())
	c.fill(draft{api: "pets", method: "post", path: "/prod/pets?a=1", query: "b=2",
		headers: "Content-Type: application/json\n\nx-api-key:  k1 ", body: `{"x":1}`})
	req, err := c.request()
	if err != nil {
		t.Fatal(err)
	}
	if req.Method != "POST" || req.Path != "/prod/pets" || req.RawQuery != "a=1&b=2" || req.API != "pets" || req.Body != `{"x":1}` {
		t.Errorf("request: %+v", req)
	}
	if len(req.Header) != 2 || req.Header.Value("x-api-key") != "k1" {
		t.Errorf("headers: %+v", req.Header)
	}
}

func TestComposerSaysWhatToFix(t *testing.T) {
	tests := []struct {
		name string
		d    draft
		want string
	}{
		{"a method that is not a token", draft{method: "GE T", path: "/prod"}, "method"},
		{"a path without its slash", draft{path: "prod/pets"}, "must start with /"},
		{"an empty path", draft{}, "path is empty"},
		{"a header line without a colon", draft{path: "/prod", headers: "x-api-key k1"}, "headers line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newComposer(DefaultStyles(), DefaultKeyMap())
			c.fill(tt.d)
			if _, err := c.request(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("want an error about %q, got %v", tt.want, err)
			}
		})
	}
}

func TestComposerHistory(t *testing.T) {
	a := newTestApp(t, 80, 24)
	sendPath(t, a, "/prod/pets/7")
	sendPath(t, a, "/prod/health")
	press(t, a, "e", "ctrl+u", "/prod/draft", "up")
	c := a.screens[screenExplorer].(*explorer).comp
	if got := c.path.Value(); got != "/prod/health" {
		t.Fatalf("↑ recalls %q, want /prod/health", got)
	}
	press(t, a, "up", "up")
	if got := c.path.Value(); got != "/prod/pets/7" {
		t.Fatalf("↑↑ recalls %q, want the oldest, /prod/pets/7", got)
	}
	press(t, a, "down", "down")
	if got := c.path.Value(); got != "/prod/draft" {
		t.Fatalf("↓ back past the newest gives %q, want the draft", got)
	}
}

// selectMethod moves the tree cursor to a method (by resource path and HTTP method).
func selectMethod(t testing.TB, a *app, path, method string) {
	t.Helper()
	tr := a.screens[screenExplorer].(*explorer).tree
	for i := 0; i < 200; i++ {
		if n := tr.selected(); n != nil && n.kind == nodeMethod && n.res.Path == path && n.method.HTTPMethod == method {
			return
		}
		if n := tr.selected(); n != nil && n.kind != nodeMethod && n.collapsed {
			press(t, a, "l")
		}
		press(t, a, "j")
	}
	t.Fatalf("no method %s %s in the tree", method, path)
}

func lastSent(t testing.TB, a *app) engine.Request {
	t.Helper()
	e := a.sh.history.entries
	if len(e) == 0 {
		t.Fatal("nothing was sent")
	}
	return e[len(e)-1].Req
}

// Issue 15 bug 1: e, tab to Headers, type a header, esc, enter sent the sample without it.
func TestEnterSendsTheEditedRequest(t *testing.T) {
	a := newTestApp(t, 80, 24)
	press(t, a, "e", "tab", "tab", "X-Demo: 1", "esc", "enter")
	if got := lastSent(t, a).Header.Value("X-Demo"); got != "1" {
		t.Fatalf("sent X-Demo %q, want the header typed in the Request panel", got)
	}
	if v := viewOf(t, a); !strings.Contains(v, "X-Demo: 1") {
		t.Fatalf("the panel reset after sending:\n%s", v)
	}
}

// Issue 15 bug 1: after an edit, another method showed the draft while enter sent its own
// sample. Each method keeps its own draft; enter sends what the panel shows.
func TestEachMethodKeepsItsOwnDraft(t *testing.T) {
	a := newTestApp(t, 80, 24)
	c := a.screens[screenExplorer].(*explorer).comp
	selectMethod(t, a, "/pets", "GET")
	press(t, a, "e", "ctrl+u", "/prod/pets?mine=1", "esc")
	selectMethod(t, a, "/pets", "POST")
	if c.method.Value() != "POST" || c.path.Value() != "/prod/pets" {
		t.Fatalf("POST /pets shows %+v, want its own sample", c.current())
	}
	if v := viewOf(t, a); strings.Contains(v, "edited") {
		t.Fatalf("POST's untouched sample is marked edited:\n%s", v)
	}
	press(t, a, "enter")
	if r := lastSent(t, a); r.Method != "POST" || r.RawQuery != "" {
		t.Fatalf("enter on POST sent %s %s?%s", r.Method, r.Path, r.RawQuery)
	}
	press(t, a, "k", "k")
	selectMethod(t, a, "/pets", "GET")
	if c.path.Value() != "/prod/pets?mine=1" {
		t.Fatalf("GET /pets lost its draft: %q", c.path.Value())
	}
	if v := viewOf(t, a); !strings.Contains(v, "edited, unsent") {
		t.Fatalf("the returning draft is not marked unsent:\n%s", v)
	}
	press(t, a, "enter")
	if r := lastSent(t, a); r.Method != "GET" || r.RawQuery != "mine=1" {
		t.Fatalf("enter on GET sent %s %s?%s, want the draft", r.Method, r.Path, r.RawQuery)
	}
}

// Issue 15 bug 2: typing on the pre-filled x-api-key line appended to its value, and a third
// header line was hidden without a word at 80×24.
func TestHeadersStartANewLineAndSayWhatIsHidden(t *testing.T) {
	a := newTestApp(t, 80, 24)
	selectMethod(t, a, "/admin/stats", "GET")
	press(t, a, "e", "tab", "tab", "X-One: 1", "enter", "X-Two: 2", "esc", "enter")
	r := lastSent(t, a)
	if r.Header.Value("x-api-key") == "" || strings.Contains(r.Header.Value("x-api-key"), "X-One") {
		t.Fatalf("the typed header ran into x-api-key: %+v", r.Header)
	}
	if r.Header.Value("X-One") != "1" || r.Header.Value("X-Two") != "2" {
		t.Fatalf("headers sent: %+v", r.Header)
	}
	if a.sh.history.entries[len(a.sh.history.entries)-1].Resp.Status != 200 {
		t.Fatalf("status %d, want 200 with the key intact", a.sh.history.entries[len(a.sh.history.entries)-1].Resp.Status)
	}
	if v := viewOf(t, a); !strings.Contains(v, "+1 more") {
		t.Fatalf("the hidden third header line is not announced:\n%s", v)
	}
}

// Issue 15 bug 3: the footer said "enter send" where enter inserts a newline.
func TestFooterInMultiLineFields(t *testing.T) {
	a := newTestApp(t, 80, 24)
	press(t, a, "e")
	if f := a.footer(); !strings.Contains(f, "enter send") {
		t.Fatalf("path field footer: %q", f)
	}
	press(t, a, "tab", "tab")
	f := a.footer()
	if strings.Contains(f, "enter send") || !strings.Contains(f, "ctrl+s send") || !strings.Contains(f, "enter new line") {
		t.Fatalf("headers field footer: %q", f)
	}
}

func TestExplorerShowsAnInputError(t *testing.T) {
	a := newTestApp(t, 80, 24)
	press(t, a, "e", "ctrl+u", "prod/pets", "enter")
	if v := viewOf(t, a); !strings.Contains(v, "must start with /") {
		t.Fatalf("no error shown:\n%s", v)
	}
	if len(a.sh.history.entries) != 0 {
		t.Fatal("a bad request was sent")
	}
}

func TestSamplePathAndKey(t *testing.T) {
	if got := samplePath("/pets/{petId}/toys/{proxy+}"); got != "/pets/1/toys/a/b" {
		t.Errorf("samplePath = %q", got)
	}
	ws, err := model.Parse("ws.yaml", []byte(`apiVersion: apigwlab/v1
restApis:
  - name: pets
    resources:
      /pets:
        POST:
          apiKeyRequired: true
          integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}, integrationResponses: [{statusCode: "200"}]}
    stages: [{stageName: prod}]
usagePlans:
  - name: basic
    apiStages: [{api: pets, stage: prod}]
apiKeys:
  - {name: alice, value: alice-key-0123456789, usagePlans: [basic]}
`))
	if err != nil {
		t.Fatal(err)
	}
	api := ws.RestAPIs[0]
	d := sample(ws, api, api.Stages[0], api.Resources[0], api.Resources[0].Methods[0])
	if d.method != "POST" || d.path != "/prod/pets" || !strings.Contains(d.headers, "x-api-key: alice-key-0123456789") || d.body == "" {
		t.Errorf("sample = %+v", d)
	}
}

func TestAPIKeyMethodSendsItsKey(t *testing.T) {
	a := newTestApp(t, 80, 24)
	// the tree's /admin/stats GET needs a key; the built-in workspace has none for it,
	// so the gateway answers 403 and the flow shows the api key stage answering
	sendPath(t, a, "/prod/admin/stats")
	e := a.sh.history.last()
	if e == nil || e.Resp.Status != 403 {
		t.Fatalf("want 403, got %+v", e)
	}
	press(t, a, "2", "space", "space")
	if v := viewOf(t, a); !strings.Contains(v, "api key · answered 403") {
		t.Fatalf("flow does not stop at the api key:\n%s", v)
	}
}

func TestLogStage(t *testing.T) {
	tests := map[string]string{
		"Starting execution for request: x":                   "route",
		"Method request headers: {}":                          "route",
		"Key throttle limit exceeded for Usage Plan ID p":     "throttle",
		"Endpoint request URI: https://lambda":                "integration",
		"Received response. Status: 200":                      "integration",
		"Execution failed due to a timeout error":             "*answer",
		"Method completed with status: 200":                   "",
		"Method response body after transformations: {}":      "",
		"Lambda execution failed with status 200 due to x. y": "integration",
	}
	for text, want := range tests {
		if got := logStage(text); got != want {
			t.Errorf("logStage(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestFlowHistoryNavigation(t *testing.T) {
	a := newTestApp(t, 80, 24)
	sendPath(t, a, "/prod/pets/7")
	sendPath(t, a, "/prod/broken")
	press(t, a, "2")
	f := a.screens[screenFlow].(*flow)
	if f.seq != 2 {
		t.Fatalf("flow shows #%d, want the latest #2", f.seq)
	}
	press(t, a, "[")
	if f.seq != 1 || f.follow {
		t.Fatalf("[ shows #%d (follow %v), want #1 pinned", f.seq, f.follow)
	}
	sendPath(t, a, "/prod/health")
	if f.seq != 1 {
		t.Fatalf("a pinned flow moved to #%d", f.seq)
	}
	press(t, a, "2", "]", "]")
	if f.seq != 3 || !f.follow {
		t.Fatalf("]] shows #%d (follow %v), want the latest #3", f.seq, f.follow)
	}
}

func TestFlowPlays(t *testing.T) {
	a := newTestApp(t, 80, 24)
	sendPath(t, a, "/prod/broken")
	press(t, a, "2", "a") // ticks fire at once in tests: the play runs to the end
	f := a.screens[screenFlow].(*flow)
	if f.cursor != len(f.boxes)-1 || f.playing {
		t.Fatalf("play stopped at box %d of %d (playing %v)", f.cursor, len(f.boxes), f.playing)
	}
	var stops []string
	a.sh.tick = func(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		stops = append(stops, f.boxes[f.cursor].stage)
		return func() tea.Msg { return fn(testStart) }
	}
	press(t, a, "a")
	if got := strings.Join(stops, ","); got != "client,route,throttle,integration,gateway response" {
		t.Fatalf("play rested on %s", got)
	}
}

func TestLogsOpenARequestInTheFlow(t *testing.T) {
	a := newTestApp(t, 80, 24)
	sendPath(t, a, "/prod/pets/7")
	sendPath(t, a, "/prod/slow")
	press(t, a, "4", "g", "enter")
	if a.active != screenFlow {
		t.Fatalf("enter in the logs went to screen %d", a.active)
	}
	if f := a.screens[screenFlow].(*flow); f.seq != 1 {
		t.Fatalf("flow shows #%d, want #1 (the first line's request)", f.seq)
	}
}

func TestScenarioPacing(t *testing.T) {
	a := newTestApp(t, 80, 24)
	var frames int
	a.sh.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { frames++; return nil }
	press(t, a, "3", "j", "enter") // ×10, frames do not come by themselves
	s := a.scen
	if s.run == nil || !s.run.done || len(s.run.samples) != 60 {
		t.Fatalf("the run did not complete in the background: %+v", s.run)
	}
	if s.run.shown != 0 || frames == 0 {
		t.Fatalf("shown %d before any frame (frames asked %d)", s.run.shown, frames)
	}
	tick := scenarioTickMsg{run: s.run.id}
	drive(t, a, tick)
	if s.run.shown != 1 {
		t.Fatalf("one frame at ×10 shows %d s, want 1", s.run.shown)
	}
	press(t, a, "+") // ×100: 10 s a frame
	drive(t, a, tick)
	if s.run.shown != 11 {
		t.Fatalf("shown %d, want 11", s.run.shown)
	}
	press(t, a, "space") // pause
	drive(t, a, tick)
	if s.run.shown != 11 {
		t.Fatalf("a paused run moved to %d", s.run.shown)
	}
	press(t, a, ".", ".")
	if s.run.shown != 13 || !s.run.paused {
		t.Fatalf("two steps show %d (paused %v), want 13", s.run.shown, s.run.paused)
	}
	press(t, a, "+")
	if s.run.shown != 60 || !s.showRep {
		t.Fatalf("max speed shows %d, report %v", s.run.shown, s.showRep)
	}
	press(t, a, "esc")
	if s.run != nil {
		t.Fatal("esc did not go back to the list")
	}
}

func TestScenarioFromALocalFile(t *testing.T) {
	dir := t.TempDir()
	good := `name: local-health
description: one MOCK health check a second
workspace:
  restApis:
    - name: h
      resources:
        /health:
          GET:
            integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}, integrationResponses: [{statusCode: "200"}]}
      stages: [{stageName: prod}]
traffic:
  - {from: 0s, to: 5s, rate: 1/s, request: {method: GET, path: /prod/health}}
expect:
  - {metric: status.200.ratio, equals: 1}
`
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(good), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.yaml"), []byte("name: [broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.scenarioDir = dir
	a, err := newApp(Options{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	bundled, _ := scenarios.Bundled()
	if len(a.scen.list()) != len(bundled)+2 {
		t.Fatalf("%d scenarios listed, want the %d bundled and 2 files", len(a.scen.items), len(bundled))
	}
	pinScenarios(t, a, "local-health", "b")
	press(t, a, "3", "enter", "+", "+")
	if v := viewOf(t, a); !strings.Contains(v, "local-health · PASS") {
		t.Fatalf("local scenario did not run:\n%s", v)
	}
	press(t, a, "esc", "j", "enter", "+", "+")
	if v := viewOf(t, a); !strings.Contains(v, "✗") || !strings.Contains(v, "b.yaml") {
		t.Fatalf("a broken file does not say why:\n%s", v)
	}
}

func TestHistoryKeepsTheNewest(t *testing.T) {
	h := newHistory(3)
	for range 5 {
		h.add(&entry{})
	}
	if len(h.entries) != 3 || h.entries[0].Seq != 3 || h.last().Seq != 5 || h.get(2) != nil {
		t.Fatalf("history: %d entries from #%d", len(h.entries), h.entries[0].Seq)
	}
}

func TestChartBinning(t *testing.T) {
	if b := newBinning(60, 73); b.per != 1 || b.colW != 1 || b.cols != 60 {
		t.Errorf("60 s in 73 cells: %+v", b)
	}
	if b := newBinning(10, 73); b.colW != 4 || b.width() != 40 {
		t.Errorf("10 s in 73 cells: %+v", b)
	}
	if b := newBinning(3600, 73); b.per != 50 || b.cols != 72 {
		t.Errorf("1 h in 73 cells: %+v", b)
	}
	for in, want := range map[float64]float64{0: 1, 1: 1, 3: 5, 120: 200, 1000: 1000, 1001: 2000} {
		if got := niceCeil(in); got != want {
			t.Errorf("niceCeil(%v) = %v, want %v", in, got, want)
		}
	}
}

func TestStackedChartShowsEveryClass(t *testing.T) {
	st := DefaultStyles()
	b := newBinning(3, 3)
	cols := aggregate(b, []scenarios.Sample{
		{Second: 0, Requests: 100, S2XX: 100},
		{Second: 1, Requests: 100, S2XX: 98, S4XX: 1, S5XX: 1},
		{Second: 2},
	})
	got := strings.Join(stackedChart(st, b, cols, 4, 7), "\n")
	want := strings.Join([]string{
		"  100 ┤█░ ",
		"      ┤█▓ ",
		"   50 ┤██ ",
		"      ┤██ ",
	}, "\n")
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// TestNoPanicOnAnyInput types random keys on every screen at many window sizes, tiny ones
// included, and checks that every frame fits the window.
func TestNoPanicOnAnyInput(t *testing.T) {
	pool := []string{"enter", "esc", "tab", "shift+tab", "space", "up", "down", "left", "right", "pgup", "pgdown",
		"home", "end", "backspace", "ctrl+s", "ctrl+u", "1", "2", "3", "4", "j", "k", "h", "l", "e", "f", "n", "p",
		"[", "]", "g", "G", "/", ".", "r", "?", "x", "{", "é", "q", "y"}
	sizes := [][2]int{{80, 24}, {120, 40}, {200, 60}, {50, 14}, {20, 5}, {1, 1}, {0, 0}, {64, 18}}
	rng := rand.New(rand.NewPCG(1, 2))
	a := newTestApp(t, 80, 24)
	a.sh.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	for i := 0; i < 2000; i++ {
		if i%150 == 0 {
			sz := sizes[rng.IntN(len(sizes))]
			a.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		}
		k := pool[rng.IntN(len(pool))]
		if drive(t, a, keys(k)...) {
			// a quit: start again where we were
			a.confirmQuit = false
		}
		if a.scen.run != nil && i%7 == 0 {
			drive(t, a, scenarioTickMsg{run: a.scen.run.id})
		}
		v := a.View()
		if a.width >= minWidth && a.height >= minHeight {
			lines := strings.Split(v, "\n")
			if len(lines) != a.height {
				t.Fatalf("after %q at %dx%d: %d lines", k, a.width, a.height, len(lines))
			}
		}
	}
}

func TestNoColourInASCII(t *testing.T) {
	a := newTestApp(t, 80, 24)
	sendPath(t, a, "/prod/broken")
	for _, s := range []string{"1", "2", "3", "4"} {
		press(t, a, s)
		if v := a.View(); strings.Contains(v, "\x1b[") {
			t.Fatalf("screen %s has escape codes in the ASCII profile", s)
		}
	}
}

func BenchmarkFirstFrame(b *testing.B) {
	for b.Loop() {
		m, err := NewModel(Options{})
		if err != nil {
			b.Fatal(err)
		}
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		_ = m.View()
	}
}

// Issue 15 bug 8: during a run, 1-4 set the speed instead of switching screens, and the
// next replay then ran at ×1.
func TestNumberKeysSwitchScreensDuringARun(t *testing.T) {
	a := newTestApp(t, 80, 24)
	a.sh.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil } // frames never come
	press(t, a, "3", "j", "enter", "+")
	s := a.scen
	if speeds[s.speed].label != "×100" {
		t.Fatalf("+ from ×10 gives %s", speeds[s.speed].label)
	}
	for i, k := range []string{"1", "2", "4", "5"} {
		press(t, a, "3", k)
		if want := []int{screenExplorer, screenFlow, screenLogs, screenMetrics}[i]; a.active != want {
			t.Fatalf("%s during a run: screen %d, want %d", k, a.active, want)
		}
	}
	press(t, a, "3", "esc", "enter")
	if speeds[s.speed].label != "×100" || s.run == nil {
		t.Fatalf("the next replay runs at %s, want the speed chosen before (×100)", speeds[s.speed].label)
	}
}

// Issue 15 bug 11: at 200×60 the trend's only time label sat under the first minute's bar
// while naming the last minute.
func TestTrendAxisLabelsTheirOwnMinute(t *testing.T) {
	a := newTestApp(t, 200, 60)
	press(t, a, "3", "j", "enter", "+", "+", "5", "s")
	lines := strings.Split(viewOf(t, a), "\n")
	barCol, axis := -1, ""
	for i, l := range lines {
		if strings.Contains(l, " Count ") && barCol < 0 {
			barCol = strings.Index(l, "█")
		}
		if barCol >= 0 && strings.Contains(l, "CacheMiss") && i+1 < len(lines) {
			axis = lines[i+1]
			break
		}
	}
	if barCol < 0 || axis == "" {
		t.Fatalf("no trend found:\n%s", strings.Join(lines, "\n"))
	}
	if got := strings.TrimSpace(axis[barCol:]); !strings.HasPrefix(got, "00:00") {
		t.Fatalf("under the first bar the axis says %q, want that bar's minute 00:00:\n%s", got, strings.Join(lines, "\n"))
	}
}

// Issue 15 bug 11: at 80 columns the response's status line was cut.
func TestResponseStatusLineIsNotCut(t *testing.T) {
	a := newTestApp(t, 80, 24)
	sendPath(t, a, "/prod/slow")
	v := viewOf(t, a)
	if !strings.Contains(v, "504 Gateway Timeout") || !strings.Contains(v, "(integration 29000 ms)") {
		t.Fatalf("status line:\n%s", v)
	}
}

// Issue 15 rough edge: the welcome card showed on every launch.
func TestWelcomeShowsOnce(t *testing.T) {
	cfg := testConfig()
	cfg.welcome, cfg.welcomeMark = true, filepath.Join(t.TempDir(), "welcomed")
	a := newTestAppWith(t, cfg, 80, 24)
	if v := viewOf(t, a); !strings.Contains(v, "Welcome to apigwlab") || !strings.Contains(v, "Labs") {
		t.Fatalf("no welcome (with Labs and Quiz) on the first launch:\n%s", v)
	}
	press(t, a, "x")
	if _, err := os.Stat(cfg.welcomeMark); err != nil {
		t.Fatalf("the welcome was not recorded as seen: %v", err)
	}
}

// Issue 15 rough edge: toasts never expired and hid the workspace name at 80 columns. Each
// toast's tick carries its id, so an older tick does not clear a newer toast. The tick
// messages are driven here directly: no waiting on the clock.
func TestToastsExpire(t *testing.T) {
	cfg := testConfig()
	cfg.toasts = true
	a := newTestAppWith(t, cfg, 80, 24)
	if _, cmd := a.Update(statusMsg{text: "first toast"}); cmd == nil {
		t.Fatal("a toast scheduled no expiry")
	}
	first := a.toastID
	a.Update(statusMsg{text: "second toast"})
	a.Update(toastExpiredMsg{id: first})
	if h := a.header(); !strings.Contains(h, "second toast") {
		t.Fatalf("the first toast's tick cleared the second: %q", h)
	}
	a.Update(toastExpiredMsg{id: a.toastID})
	if h := a.header(); strings.Contains(h, "toast") || !strings.Contains(h, "pets.yaml") {
		t.Fatalf("the toast did not expire, or the workspace name is not back: %q", h)
	}
	// the same text again is a new toast with its own tick
	a.Update(statusMsg{text: "second toast"})
	if h := a.header(); !strings.Contains(h, "second toast") {
		t.Fatalf("a repeated toast did not show: %q", h)
	}
}

// Issue 15 rough edge: at 60 columns the tab bar dropped Labs and Quiz. The other tabs
// shorten instead: every screen's number shows at every width the TUI runs at.
func TestTabsKeepEveryScreen(t *testing.T) {
	for _, w := range []int{120, 80, 60, 50, minWidth} {
		for active := range 7 {
			a := newTestApp(t, w, 24)
			press(t, a, fmt.Sprint(active+1))
			bar := a.tabs()
			if lipgloss.Width(bar) > w {
				t.Fatalf("%d columns: the tab bar is %d wide: %q", w, lipgloss.Width(bar), bar)
			}
			for i := 1; i <= 7; i++ {
				if !strings.Contains(bar, fmt.Sprint(i)) {
					t.Errorf("%d columns, screen %d active: screen %d missing from %q", w, active+1, i, bar)
				}
			}
			if title := a.screens[active].Title(); !strings.Contains(bar, "["+fmt.Sprint(active+1)+" "+title+"]") {
				t.Errorf("%d columns: the active tab %q is not named in %q", w, title, bar)
			}
			if w >= 60 && !strings.Contains(bar, "Labs") || w >= 60 && !strings.Contains(bar, "Quiz") {
				t.Errorf("%d columns: Labs and Quiz are not named in %q", w, bar)
			}
		}
	}
}

// Issue 15 rough edge: enter on an API row collapsed it while the footer said "enter send".
func TestFooterSaysWhatEnterDoes(t *testing.T) {
	a := newTestApp(t, 120, 30)
	ex := a.screens[screenExplorer].(*explorer)
	ex.tree.cursor = 0 // the API row
	if n := ex.tree.selected(); n.kind != nodeAPI {
		t.Fatalf("row 0 is not an API: %v", n.kind)
	}
	if f := a.footer(); !strings.Contains(f, "enter collapse") || strings.Contains(f, "enter send") {
		t.Fatalf("on an expanded API row: %q", f)
	}
	press(t, a, "enter")
	if f := a.footer(); !strings.Contains(f, "enter expand") {
		t.Fatalf("on a collapsed API row: %q", f)
	}
	press(t, a, "enter")
	for ex.tree.selected().kind != nodeMethod {
		press(t, a, "j")
	}
	if f := a.footer(); !strings.Contains(f, "enter send") {
		t.Fatalf("on a method row: %q", f)
	}
}
