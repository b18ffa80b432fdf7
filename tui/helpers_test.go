package tui

import (
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func TestMain(m *testing.M) {
	// golden files hold plain text: no colour, whatever the terminal running the tests
	lipgloss.SetColorProfile(termenv.Ascii)
	// lab progress and lab directories go to a scratch directory, never the user's
	dir, err := os.MkdirTemp("", "apigwlab-tui-test")
	if err != nil {
		panic(err)
	}
	os.Setenv("APIGWLAB_CONFIG_DIR", dir)
	testLabDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testStart is the fixed instant of every test: the virtual clock never moves from it.
var testStart = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

// testConfig injects fixed time, a fixed seed and ticks that fire at once, so that no test
// depends on the wall clock; local scenarios are not looked for.
func testConfig() config {
	return config{
		now:  func() time.Time { return testStart },
		seed: 7,
		tick: func(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
			return func() tea.Msg { return fn(testStart) }
		},
		labDir: testLabDir,
	}
}

// testLabDir holds the lab directories tests start (set by TestMain).
var testLabDir string

// knownScenarios are the bundled scenarios the tests use, in list order: the list is pinned
// to them so that a new bundled scenario does not move the cursor under the tests.
var knownScenarios = []string{"integration-error-mapping", "lambda-timeout-504", "malformed-proxy-502"}

// pinScenarios keeps only the named scenarios in the list, in that order.
func pinScenarios(t testing.TB, a *app, names ...string) {
	t.Helper()
	var items []scenarioItem
	for _, n := range names {
		found := false
		for _, it := range a.scen.list() {
			if it.name == n {
				items = append(items, it)
				found = true
			}
		}
		if !found {
			t.Fatalf("no bundled scenario %q", n)
		}
	}
	a.scen.items = items
}

// newTestApp opens the built-in pets workspace at a window size, welcome dismissed.
func newTestApp(t testing.TB, w, h int) *app {
	t.Helper()
	return newTestAppWith(t, testConfig(), w, h)
}

// newTestAppWith is newTestApp with a config the test changed (the welcome, toasts).
func newTestAppWith(t testing.TB, cfg config, w, h int) *app {
	t.Helper()
	a, err := newApp(Options{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	pinScenarios(t, a, knownScenarios...)
	return a
}

// drive feeds messages to the app and runs every command they return, synchronously and in
// order, until nothing is left: the test equivalent of the program loop.
func drive(t testing.TB, a *app, msgs ...tea.Msg) (quit bool) {
	t.Helper()
	for _, m := range msgs {
		_, cmd := a.Update(m)
		queue := []tea.Cmd{cmd}
		for steps := 0; len(queue) > 0; steps++ {
			if steps > 100000 {
				t.Fatal("drive: commands never settle")
			}
			c := queue[0]
			queue = queue[1:]
			if c == nil {
				continue
			}
			switch msg := c().(type) {
			case nil:
			case tea.BatchMsg:
				queue = append(queue, msg...)
			case tea.QuitMsg:
				quit = true
			default:
				_, next := a.Update(msg)
				queue = append(queue, next)
			}
		}
	}
	return quit
}

// keys turns key names into key messages: "enter", "esc", "space", "tab", arrows, ctrl
// keys; anything else is typed as runes, one message per rune.
func keys(names ...string) []tea.Msg {
	special := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"space": tea.KeySpace, "up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
		"ctrl+s": tea.KeyCtrlS, "ctrl+e": tea.KeyCtrlE, "ctrl+u": tea.KeyCtrlU, "ctrl+c": tea.KeyCtrlC, "backspace": tea.KeyBackspace,
	}
	var out []tea.Msg
	for _, n := range names {
		if k, ok := special[n]; ok {
			m := tea.KeyMsg{Type: k}
			if k == tea.KeySpace {
				m.Runes = []rune{' '}
			}
			out = append(out, m)
			continue
		}
		for _, r := range n {
			out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
	return out
}

// press drives the app with named keys.
func press(t testing.TB, a *app, names ...string) {
	t.Helper()
	drive(t, a, keys(names...)...)
}

// sendPath edits the composer's path to p and sends the request.
func sendPath(t testing.TB, a *app, p string) {
	t.Helper()
	press(t, a, "1", "e", "ctrl+u", p, "enter", "esc")
}

// viewOf checks that a frame is exactly the window size and returns it.
func viewOf(t testing.TB, a *app) string {
	t.Helper()
	v := a.View()
	lines := strings.Split(v, "\n")
	if len(lines) != a.height {
		t.Errorf("view has %d lines, want %d", len(lines), a.height)
	}
	for i, l := range lines {
		if w := lipgloss.Width(l); w > a.width {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i+1, w, a.width, l)
		}
	}
	return v
}
