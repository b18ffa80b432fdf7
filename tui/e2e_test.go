package tui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// End-to-end flows through a real bubbletea program (teatest): keys go in as a user types
// them, commands run asynchronously, and the final model's frame is checked. Time and ticks
// are injected; the waits below only bound how long a broken test may hang.

const waitLimit = 60 * time.Second

func startProgram(t *testing.T, w, h int) *teatest.TestModel {
	t.Helper()
	cfg := testConfig()
	cfg.welcome = true
	a, err := newApp(Options{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	pinScenarios(t, a, knownScenarios...)
	return teatest.NewTestModel(t, a, teatest.WithInitialTermSize(w, h))
}

func typeKeys(tm *teatest.TestModel, names ...string) {
	for _, m := range keys(names...) {
		tm.Send(m)
	}
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(waitLimit), teatest.WithCheckInterval(5*time.Millisecond))
}

func finalView(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	m := tm.FinalModel(t, teatest.WithFinalTimeout(waitLimit))
	return m.(*app).View()
}

func TestE2EExplorerSendsARequest(t *testing.T) {
	tm := startProgram(t, 80, 24)
	waitFor(t, tm, "press any key to start")
	typeKeys(tm, "x", "enter") // dismiss the welcome, send the selected GET /pets
	waitFor(t, tm, "200 OK")
	v := finalView(t, tm)
	for _, want := range []string{"Response #1", "200 OK", "GET /pets on pets/prod", `"name": "Rex"`} {
		if !strings.Contains(v, want) {
			t.Errorf("explorer does not show %q:\n%s", want, v)
		}
	}
}

func TestE2EBrokenRequestStepsToTheIntegration(t *testing.T) {
	tm := startProgram(t, 80, 24)
	waitFor(t, tm, "press any key to start")
	typeKeys(tm, "x", "e", "ctrl+u", "/prod/broken", "enter")
	waitFor(t, tm, "502 Bad Gateway")
	typeKeys(tm, "esc", "2")
	waitFor(t, tm, "client → gateway")
	// client → route → throttle → integration: space steps over the stages that ran
	typeKeys(tm, "space", "space", "space")
	waitFor(t, tm, "integration · answered 502")
	v := finalView(t, tm)
	for _, want := range []string{"[2 Flow]", "integration · answered 502", "reason: malformed Lambda proxy response", "not reached", "← 502"} {
		if !strings.Contains(v, want) {
			t.Errorf("flow view does not show %q:\n%s", want, v)
		}
	}
}

func TestE2EScenarioRunsToItsReport(t *testing.T) {
	tm := startProgram(t, 80, 24)
	waitFor(t, tm, "press any key to start")
	typeKeys(tm, "x", "3")
	waitFor(t, tm, "lambda-timeout-504")
	typeKeys(tm, "j", "enter", "+", "+") // the second scenario, run, max speed
	waitFor(t, tm, "expectations hold")
	v := finalView(t, tm)
	for _, want := range []string{"lambda-timeout-504 · PASS · 5 of 5 expectations hold", "Scenario lambda-timeout-504 (seed 11)"} {
		if !strings.Contains(v, want) {
			t.Errorf("scenario screen does not show %q:\n%s", want, v)
		}
	}
}

func TestE2EQuitAsksWhileAScenarioRuns(t *testing.T) {
	a := newTestApp(t, 80, 24)
	a.sh.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil } // frames never come
	press(t, a, "3", "j", "enter", "1")
	if !a.scen.Running() {
		t.Fatal("the run at ×1 should still be playing")
	}
	if drive(t, a, keys("q")...) {
		t.Fatal("q quit without asking while a scenario runs")
	}
	if !strings.Contains(a.View(), "Quit apigwlab?") {
		t.Fatalf("no confirmation:\n%s", a.View())
	}
	press(t, a, "n")
	if !drive(t, a, keys("q", "y")...) {
		t.Fatal("q y did not quit")
	}
}

func TestE2EPaletteCommandChangesTheNextRequest(t *testing.T) {
	tm := startProgram(t, 80, 24)
	waitFor(t, tm, "press any key to start")
	typeKeys(tm, "x", ":", "set-function --function-name listPets --latency 31s", "enter")
	waitFor(t, tm, "FunctionArn")
	typeKeys(tm, "esc", "1", "enter") // the explorer sends the selected GET /pets
	waitFor(t, tm, "504 Gateway Timeout")
	v := finalView(t, tm)
	for _, want := range []string{"Response #1", "504 Gateway Timeout", "GET /pets on pets/prod"} {
		if !strings.Contains(v, want) {
			t.Errorf("explorer does not show %q after the palette command:\n%s", want, v)
		}
	}
	if strings.Contains(v, "Command · aws") {
		t.Errorf("esc did not close the palette:\n%s", v)
	}
}

// The deploy trap end to end: edit the workspace (E, with an editor that changes the
// response), send: the old answer (the stage serves its deployment), D deploys, send: the new.
func TestE2EEditWaitsForDeploy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ws.yaml")
	ws := "restApis:\n  - name: shop\n    resources:\n      /hello:\n        GET:\n          integration:\n            type: MOCK\n" +
		"            requestTemplates: {application/json: '{\"statusCode\": 200}'}\n" +
		"            integrationResponses: [{statusCode: \"200\", responseTemplates: {application/json: answer-v1}}]\n" +
		"    stages: [{stageName: prod}]\n"
	if err := os.WriteFile(path, []byte(ws), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VISUAL", "sed -i s/answer-v1/answer-v2/")
	a, err := newApp(Options{WorkspacePath: path}, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(100, 30))
	typeKeys(tm, "enter")
	waitFor(t, tm, "answer-v1")
	typeKeys(tm, "E")
	waitFor(t, tm, "prod serves the last deployment")
	typeKeys(tm, "enter")
	waitFor(t, tm, "Response #2")
	typeKeys(tm, "D")
	waitFor(t, tm, "deployed: --rest-api-id shop --stage-name prod")
	typeKeys(tm, "enter")
	waitFor(t, tm, "Response #3")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	fa := tm.FinalModel(t, teatest.WithFinalTimeout(waitLimit)).(*app)
	want := []string{"answer-v1", "answer-v1", "answer-v2"} // before the edit, edited, deployed
	for i, w := range want {
		e := fa.sh.history.get(i + 1)
		if e == nil || string(e.Resp.Body) != w || e.Resp.Status != 200 {
			t.Fatalf("request #%d: %+v, want 200 %s", i+1, e, w)
		}
	}
	if v := fa.View(); strings.Contains(v, "undeployed") {
		t.Fatalf("still marked undeployed after D:\n%s", v)
	}
}

// Issue 15: a tester pressed 6 on the welcome card and stayed on the explorer — the card
// swallowed the key. A key with a meaning closes the card and does what it says.
func TestE2EWelcomeDoesNotSwallowAScreenKey(t *testing.T) {
	tm := startProgram(t, 80, 24)
	waitFor(t, tm, "press any key to start")
	typeKeys(tm, "6")
	v := finalView(t, tm)
	if strings.Contains(v, "Welcome to apigwlab") || !strings.Contains(v, "[6 Labs]") {
		t.Fatalf("6 on the welcome card did not open Labs:\n%s", v)
	}
}

// enter, esc and space only close the card: enter does not also send a request.
func TestWelcomeEnterOnlyCloses(t *testing.T) {
	cfg := testConfig()
	cfg.welcome = true
	a := newTestAppWith(t, cfg, 80, 24)
	press(t, a, "enter")
	if a.welcome || a.sh.history.last() != nil {
		t.Fatalf("enter on the welcome card: welcome=%v, last request %v", a.welcome, a.sh.history.last())
	}
}

// Issue 15 rough edge: esc abandoned a running replay silently while q asked.
func TestE2EEscAsksWhileAScenarioRuns(t *testing.T) {
	a := newTestApp(t, 80, 24)
	a.sh.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil } // frames never come
	press(t, a, "3", "j", "enter")
	if !a.scen.Running() {
		t.Fatal("the run should still be playing")
	}
	press(t, a, "esc")
	if !a.scen.Running() {
		t.Fatal("esc abandoned the running scenario without asking")
	}
	if v := a.View(); !strings.Contains(v, "Stop it? y stops") || !strings.Contains(v, "keep it running") {
		t.Fatalf("no confirmation:\n%s", v)
	}
	press(t, a, "n")
	if !a.scen.Running() || strings.Contains(a.View(), "Stop it?") {
		t.Fatalf("n did not keep the run:\n%s", a.View())
	}
	press(t, a, "esc", "y")
	if a.scen.run != nil {
		t.Fatalf("esc y did not stop the run:\n%s", a.View())
	}
	press(t, a, "esc") // on the list: nothing to ask
	if strings.Contains(a.View(), "Stop it?") {
		t.Fatalf("esc on the list asked:\n%s", a.View())
	}
}
