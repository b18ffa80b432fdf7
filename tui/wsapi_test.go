package tui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"
)

// startProgramOn is startProgram on a workspace file, welcome dismissed.
func startProgramOn(t *testing.T, path string, w, h int) *teatest.TestModel {
	t.Helper()
	a, err := newApp(Options{WorkspacePath: path}, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	return teatest.NewTestModel(t, a, teatest.WithInitialTermSize(w, h))
}

// A workspace with only websocketApis: showed "no APIs in this workspace" (a newcomer's
// first sight of examples/chat.yaml). The tree shows the API, marked, its stage and routes.
func TestE2EWebSocketOnlyWorkspaceShowsItsAPI(t *testing.T) {
	tm := startProgramOn(t, "../examples/chat.yaml", 80, 24)
	waitFor(t, tm, "sendMessage")
	v := finalView(t, tm)
	if strings.Contains(v, "no APIs") {
		t.Errorf("the tree says there is no API:\n%s", v)
	}
	for _, want := range []string{"chat WebSocket API", "production", "$connect", "$disconnect", "$default", "sendMessage"} {
		if !strings.Contains(v, want) {
			t.Errorf("tree lacks %q:\n%s", want, v)
		}
	}
}

// newChatApp opens examples/chat.yaml (a WebSocket API only) at a window size.
func newChatApp(t testing.TB, w, h int) *app {
	t.Helper()
	a, err := newApp(Options{WorkspacePath: "../examples/chat.yaml"}, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	a.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

// eachSizeChat is eachSize on the chat workspace.
func eachSizeChat(t *testing.T, fn func(t *testing.T, a *app)) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			a := newChatApp(t, sz[0], sz[1])
			fn(t, a)
			golden.RequireEqual(t, []byte(viewOf(t, a)))
		})
	}
}

// The tree with the custom route selected: the connect form filled with what the $connect
// authorizer reads, the route explained.
func TestGoldenWebSocketTree(t *testing.T) {
	eachSizeChat(t, func(t *testing.T, a *app) { press(t, a, "G") })
}

// A connection: connected, a message routed to sendMessage and answered, one routed to
// $default, a push through @connections.
func TestGoldenWebSocketConnection(t *testing.T) {
	eachSizeChat(t, func(t *testing.T, a *app) {
		press(t, a, "G", "enter", "enter")
		press(t, a, `{"action":"nope"}`, "enter", "esc", "p", "hello from the backend", "enter")
	})
}

// A message in the flow view: the route selection and the integration, like a request's.
func TestGoldenWebSocketFlow(t *testing.T) {
	eachSizeChat(t, func(t *testing.T, a *app) {
		press(t, a, "G", "enter", "enter", "esc", "f", "space", "space")
	})
}
