package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// The welcome card suggested GET /broken on every workspace, also on those without it
// (a lab's, examples/custom-domain.yaml); it names /broken only where it exists.
func TestWelcomeSuggestsBrokenOnlyWhereItExists(t *testing.T) {
	for _, tc := range []struct {
		path, want, not string
	}{
		{"", "Try GET /broken: a 502", "Send a request, then press 2"},
		{"../examples/custom-domain.yaml", "Send a request, then press 2", "/broken"},
	} {
		cfg := testConfig()
		cfg.welcome = true
		a, err := newApp(Options{WorkspacePath: tc.path}, cfg)
		if err != nil {
			t.Fatal(err)
		}
		a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		v := a.View()
		if !strings.Contains(v, tc.want) || strings.Contains(v, tc.not) {
			t.Errorf("%q: want %q and not %q in\n%s", tc.path, tc.want, tc.not, v)
		}
	}
}
