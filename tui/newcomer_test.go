package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// Issue 15 (closing note): G in the Labs list did not jump to the end, and at 80×24 the
// list ran off the screen with nothing saying so; the cursor went below the last row.
func TestLabsListScrollsAndSaysMore(t *testing.T) {
	a := newLabApp(t, 80, 24)
	press(t, a, "6")
	n := len(a.labs.catalog())
	v := viewOf(t, a)
	if !strings.Contains(v, "more below") {
		t.Fatalf("at 80×24 the %d labs do not fit, yet nothing says more are below:\n%s", n, v)
	}
	press(t, a, "G")
	if a.labs.cursor != n-1 {
		t.Fatalf("G put the cursor on lab %d, want the last (%d)", a.labs.cursor+1, n)
	}
	last := a.labs.catalog()[n-1]
	v = viewOf(t, a)
	if !strings.Contains(v, "› ") || !strings.Contains(v, last.Summary[:20]) {
		t.Fatalf("after G the last lab (%s) is not under a visible cursor:\n%s", last.ID, v)
	}
	if strings.Contains(v, "more below") || !strings.Contains(v, "more above") {
		t.Fatalf("at the end the list says more below, or not that more is above:\n%s", v)
	}
	// the cursor row is always on screen while moving up one by one
	for i := n - 1; i > 0; i-- {
		press(t, a, "k")
		if !strings.Contains(viewOf(t, a), "› ") {
			t.Fatalf("moving up to lab %d, the cursor left the screen", i)
		}
	}
	press(t, a, "G", "g")
	if a.labs.cursor != 0 {
		t.Fatalf("g put the cursor on lab %d, want the first", a.labs.cursor+1)
	}
	// a large window shows them all, with nothing to say
	a = newLabApp(t, 200, 60)
	press(t, a, "6")
	if v := viewOf(t, a); strings.Contains(v, "more below") || strings.Contains(v, "more above") {
		t.Fatalf("at 200×60 every lab fits, yet the list says more:\n%s", v)
	}
}

// helpDescs is every description the ? box of the current screen holds.
func helpDescs(a *app) []string {
	var out []string
	for _, g := range a.helpGroups() {
		for _, b := range g {
			if d := b.Help().Desc; d != "" && b.Help().Key != "" {
				out = append(out, d)
			}
		}
	}
	return out
}

// helpText is the ? box's text as the frame shows it, without its border (a description
// wrapped under itself reads as one).
func helpText(t *testing.T, a *app) string {
	viewOf(t, a)
	var b strings.Builder
	for _, l := range strings.Split(ansi.Strip(a.helpBox()), "\n") {
		b.WriteString(strings.Trim(l, "│╭╮╰╯─ ") + "\n")
	}
	return b.String()
}

// Issue 15 (closing note): the ? box was cut at 80×24 on screens with many keys (the
// explorer in a lab's workspace lost "b back to…"; a running lab lost half the global keys).
// Every key is reachable: laid out in columns where there is room, scrolled with j/k where
// not, with a row saying what is below.
func TestHelpBoxReachesEveryKey(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {minWidth, minHeight}, {200, 60}} {
		a := newLabApp(t, sz[0], sz[1])
		press(t, a, canaryLab(t, a)...) // a lab's workspace: b and the lab's keys show
		for _, screen := range []string{"1", "2", "3", "4", "5", "6", "7"} {
			press(t, a, screen, "?")
			if !a.showHelp {
				t.Fatalf("%s: ? did not open the help", screen)
			}
			seen := helpText(t, a)
			for i := 0; i < 30 && strings.Contains(seen, "more below"); i++ {
				before := a.helpOff
				press(t, a, "pgdown")
				if a.helpOff == before {
					break
				}
				seen += helpText(t, a)
			}
			flat := strings.Join(strings.Fields(seen), " ")
			for _, d := range helpDescs(a) {
				if !strings.Contains(flat, strings.Join(strings.Fields(d), " ")) {
					t.Errorf("%d×%d screen %s: the help never shows %q:\n%s", sz[0], sz[1], screen, d, viewOf(t, a))
				}
			}
			press(t, a, "j", "esc")
			if a.showHelp {
				t.Fatalf("%s: esc did not close the help", screen)
			}
		}
	}
	// where it does not fit, a row says so and names the key that scrolls
	a := newLabApp(t, minWidth, minHeight)
	press(t, a, "?")
	if v := viewOf(t, a); !strings.Contains(v, "more below") {
		t.Fatalf("at %d×%d the help box is cut without a word:\n%s", minWidth, minHeight, v)
	}
}

// Issue 15 (closing note): on examples/http-api.yaml, e on a resource row edited the method
// chosen before (GET /hello) instead of the row under the cursor (/me). A resource row
// means its first method, as enter sends it: the Request panel shows that method, and e
// moves the cursor onto it and edits it. A row without a method edits nothing and says why.
func TestEditActsOnTheRowUnderTheCursor(t *testing.T) {
	a, err := newApp(Options{WorkspacePath: "../examples/http-api.yaml"}, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	e := a.screens[screenExplorer].(*explorer)
	// from GET /hello (the first method) down to the /me resource row
	for e.tree.selected().kind != nodeResource || e.tree.selected().res.Path != "/me" {
		press(t, a, "j")
	}
	if d := e.comp.current(); d.path != "/me" {
		t.Fatalf("on the /me row the Request panel shows %s %s", d.method, d.path)
	}
	press(t, a, "e")
	n := e.tree.selected()
	if !e.comp.editing || n.kind != nodeMethod || n.res.Path != "/me" || e.comp.current().path != "/me" {
		t.Fatalf("e on /me edits %q (editing %v), cursor on %v %s", e.comp.current().path, e.comp.editing, n.kind, n.res.Path)
	}
	press(t, a, "esc", "g")
	if n := e.tree.selected(); n.kind != nodeAPI {
		t.Fatalf("g did not go to the API row: %v", n.kind)
	}
	press(t, a, "e")
	if e.comp.editing {
		t.Fatal("e on the API row edited a method the cursor is not on")
	}
	if !strings.Contains(a.status, "method") {
		t.Fatalf("e on the API row says nothing: %q", a.status)
	}
}
