package tui

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"apigwlab/engine"
	"apigwlab/engine/model"
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
func eachSizeChat(t *testing.T, fn func(t *testing.T, a *app)) { eachSizeOf(t, newChatApp, fn) }

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

// A user connects from the tree, sends the sample message and sees the answer, through a
// real bubbletea program.
func TestE2EWebSocketConnectAndSend(t *testing.T) {
	tm := startProgramOn(t, "../examples/chat.yaml", 80, 24)
	waitFor(t, tm, "sendMessage")
	typeKeys(tm, "G", "enter") // the sendMessage route: connect
	waitFor(t, tm, "Switching Protocols")
	typeKeys(tm, "enter") // the line holds {"action":"sendMessage"}
	waitFor(t, tm, `{"delivered":true}`)
	v := finalView(t, tm)
	for _, want := range []string{
		"[A open]",
		`→ {"action":"sendMessage"}`,
		"route sendMessage · λ sendMessage → 200",
		`← {"delivered":true}`,
		"enter send • ↑ last message • esc stop typing • ctrl+c quit",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("the connection view lacks %q:\n%s", want, v)
		}
	}
}

// Two connections: B's chat message is answered to B and pushed to A by the sendMessage
// function through @connections; A's tab counts it until A is shown.
func TestGoldenWebSocketTwoConnections(t *testing.T) {
	eachSizeChat(t, func(t *testing.T, a *app) {
		press(t, a, "G", "enter", "esc", "n", "ctrl+u", `{"action":"sendMessage","text":"hi A"}`, "enter")
		v := a.View()
		for _, want := range []string{"pushed to 1 of 1", "A open ⇠1 new"} {
			if !strings.Contains(v, want) {
				t.Errorf("B's view lacks %q:\n%s", want, v)
			}
		}
		press(t, a, "esc", "[")
	})
}

// frameLines are the texts of a connection's log, for exact assertions.
func frameLines(c *wsClient) []string {
	var out []string
	for _, f := range c.frames {
		out = append(out, f.text)
	}
	return out
}

// The handshake as the $connect authorizer decides it: no token is 401 before the function
// runs, a denied one 403, with AWS's bodies; a refused connection takes no message.
func TestWebSocketRefusedHandshakes(t *testing.T) {
	a := newChatApp(t, 80, 24)
	press(t, a, "G", "e", "ctrl+u", "enter")
	ws := a.screens[screenExplorer].(*explorer).ws
	if got, want := frameLines(ws.client()), []string{`refused: HTTP 401 {"message":"Unauthorized"}`}; !slices.Equal(got, want) {
		t.Errorf("no token: %q, want %q", got, want)
	}
	if ws.typing {
		t.Error("the message line is focused on a refused connection")
	}
	press(t, a, "esc", "e", "token=deny", "enter")
	if got, want := frameLines(ws.client()), []string{`refused: HTTP 403 {"message":"Forbidden"}`}; !slices.Equal(got, want) {
		t.Errorf("token=deny: %q, want %q", got, want)
	}
	v := viewOf(t, a)
	for _, want := range []string{"[B refused]", "closed · n opens another connection with the same handshake", "f flow • [/] connection • n new connection • esc tree"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	// the flow view shows the refusal at the authorizer
	press(t, a, "f")
	if v := viewOf(t, a); !strings.Contains(v, "CONNECT $connect on chat/production → 403") {
		t.Errorf("flow view:\n%s", v)
	}
}

// Closing: d is the client's close (1000, $disconnect runs); x is DELETE @connections (the
// gateway closes it: the client sees 1001 Going away).
func TestWebSocketDisconnectAndDelete(t *testing.T) {
	a := newChatApp(t, 80, 24)
	press(t, a, "G", "enter", "esc", "d")
	ws := a.screens[screenExplorer].(*explorer).ws
	got := frameLines(ws.client())
	if want := `disconnected: 1000 "" · $disconnect ran`; got[len(got)-1] != want {
		t.Errorf("d: last line %q, want %q", got[len(got)-1], want)
	}
	if v := viewOf(t, a); !strings.Contains(v, "[A closed 1000]") {
		t.Errorf("view:\n%s", v)
	}
	press(t, a, "n", "esc", "x")
	got = frameLines(ws.client())
	if want := `closed by the gateway: 1001 "Going away"`; got[len(got)-1] != want {
		t.Errorf("x: last line %q, want %q (all: %q)", got[len(got)-1], want, got)
	}
	press(t, a, "f")
	if v := viewOf(t, a); !strings.Contains(v, "DISCONNECT $disconnect on chat/production → close 1000") {
		t.Errorf("flow view of the DELETE's $disconnect:\n%s", v)
	}
}

// BenchmarkWSConnectionView draws the connection view of a connection with many frames, as
// every key press and frame does.
func BenchmarkWSConnectionView(b *testing.B) {
	a := newChatApp(b, 120, 40)
	press(b, a, "G", "enter", "esc")
	ws := a.screens[screenExplorer].(*explorer).ws
	c := ws.client()
	for i := 0; len(c.frames) < 1000; i++ {
		c.frames = append(c.frames, wsFrame{kind: frameSent, at: testStart, text: `{"action":"sendMessage","text":"hello"}`, note: "route sendMessage · λ sendMessage → 200 · 15 ms"})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		_ = a.View()
	}
}

// A connection's log keeps the newest maxFrames frames, and the selected frame stays
// selected when older ones go.
func TestWebSocketFramesAreBounded(t *testing.T) {
	v := newWSView(&shared{styles: DefaultStyles(), keys: DefaultKeyMap()})
	c := &wsClient{name: "A"}
	v.clients = []*wsClient{c}
	v.sel = maxFrames - 1
	for i := range maxFrames + 1 {
		v.add(c, wsFrame{text: strconv.Itoa(i)})
	}
	if got, want := len(c.frames), maxFrames+1-maxFrames/10; got != want {
		t.Fatalf("%d frames kept, want %d", got, want)
	}
	if c.frames[0].text != strconv.Itoa(maxFrames/10) || v.selected().text != strconv.Itoa(maxFrames-1) {
		t.Errorf("first kept %q, selected %q", c.frames[0].text, v.selected().text)
	}
}

// The logs screen lists WebSocket exchanges with their route and what the client got.
func TestWebSocketExchangesInTheLogs(t *testing.T) {
	a := newChatApp(t, 120, 40)
	press(t, a, "G", "enter", "enter", "esc", "4")
	v := viewOf(t, a)
	for _, want := range []string{
		"#1 12:00:00 CONNECT $connect on chat/production → 101 · 10 ms · ",
		"#2 12:00:00 MESSAGE sendMessage on chat/production → frame · 12.6 ms · ",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("logs lack %q:\n%s", want, v)
		}
	}
}

// Opening a workspace with a WebSocket API while the cursor sat on a REST method (a lab,
// a reload) left the cursor on a WebSocket row the connect form did not know: the view
// panicked.
func TestWebSocketRowAfterTheWorkspaceChanges(t *testing.T) {
	a := newTestApp(t, 80, 24)
	ws, err := model.Load("../examples/chat.yaml")
	if err != nil {
		t.Fatal(err)
	}
	gw, err := engine.New(ws, engine.Options{Clock: a.sh.clock, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	a.use(gw, ws)
	if v := viewOf(t, a); !strings.Contains(v, "Connect · chat/production") {
		t.Errorf("the connect form does not show:\n%s", v)
	}
	press(t, a, "G")
	a.screens[screenExplorer].(*explorer).ws.api = nil // as it was right after the change
	press(t, a, "enter")
	if v := viewOf(t, a); !strings.Contains(v, "Switching Protocols") {
		t.Errorf("enter did not connect:\n%s", v)
	}
}

// No key panics the WebSocket side, whatever state it is in: every key of the keyboard the
// tests know, pressed in each state.
func TestWebSocketKeysNeverPanic(t *testing.T) {
	all := []string{"enter", "esc", "tab", "shift+tab", "space", "up", "down", "left", "right", "pgup", "pgdown",
		"home", "end", "ctrl+s", "ctrl+u", "backspace", "i", "e", "p", "s", "x", "d", "n", "c", "f", "[", "]", "g", "G", "j", "k", "h", "l", "u", "v", "a"}
	states := map[string][]string{
		"tree":           {"G"},
		"form":           {"G", "e"},
		"typing":         {"G", "enter"},
		"view":           {"G", "enter", "esc"},
		"closed":         {"G", "enter", "esc", "d"},
		"refused":        {"G", "e", "ctrl+u", "enter"},
		"back from view": {"G", "enter", "esc", "esc"},
	}
	for name, start := range states {
		t.Run(name, func(t *testing.T) {
			for _, k := range all {
				a := newChatApp(t, 80, 24)
				press(t, a, start...)
				press(t, a, k)
				press(t, a, k) // twice: a key that opens something, then again inside it
				viewOf(t, a)
				a.active = screenFlow
				viewOf(t, a)
			}
		})
	}
}

// The line after connecting holds a sample message: typing replaces it (it used to append,
// making `{"action":"sendMessage"}{"action":…`), while backspace or an arrow edits it.
func TestWebSocketSampleMessageIsReplacedByTyping(t *testing.T) {
	a := newChatApp(t, 80, 24)
	ws := a.screens[screenExplorer].(*explorer).ws
	sent := func() []string {
		var out []string
		for _, f := range ws.client().frames {
			if f.kind == frameSent {
				out = append(out, f.text)
			}
		}
		return out
	}
	press(t, a, "G", "enter", `{"action":"sendMessage","text":"typed"}`, "enter")
	if got, want := sent(), []string{`{"action":"sendMessage","text":"typed"}`}; !slices.Equal(got, want) {
		t.Errorf("typing over the sample sent %q, want %q", got, want)
	}
	press(t, a, "esc", "n", "backspace", `,"text":"edited"}`, "enter")
	if got, want := sent(), []string{`{"action":"sendMessage","text":"edited"}`}; !slices.Equal(got, want) {
		t.Errorf("editing the sample sent %q, want %q", got, want)
	}
}
