package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
)

// Issue 15 item: a toast replaced the header's left side at 80 columns: the app's name and
// the workspace vanished while a lab's "workspace loaded" toast showed. Both must stay,
// the workspace shortened to its end (its most telling part), the toast cut to what is left.
func TestHeaderKeepsWorkspaceBesideToast(t *testing.T) {
	for _, w := range []int{minWidth, 60, 80, 120} {
		a := newTestApp(t, w, 24)
		a.sh.wsName = "/home/someone/.config/apigwlab/labs/first-rest-api-mock/workspace.yaml"
		a.status = "lab workspace loaded · 1 to try it · a long toast that goes on and on"
		h := a.header()
		if lipgloss.Width(h) > w {
			t.Fatalf("%d columns: the header is %d wide: %q", w, lipgloss.Width(h), h)
		}
		for _, want := range []string{"apigwlab", "first-rest-api-mock", "lab workspace"} {
			if !strings.Contains(h, want) {
				t.Errorf("%d columns: the header lacks %q: %q", w, want, h)
			}
		}
	}
}

// Issue 15 rough edge: a lab's workspace replaced the user's and the only way back was a
// restart. b (shown in the Labs footer while a lab's workspace is open) goes back to the
// workspace the TUI opened with, as it was left: what the palette changed there is kept.
func TestBackFromLabWorkspace(t *testing.T) {
	a := newLabApp(t, 80, 24)
	press(t, a, ":", "set-function --function-name listPets --latency 250ms", "enter", "esc")
	before := a.sh.gw
	if strings.Contains(a.footer(), "b your") {
		t.Fatalf("b offered before any lab opened: %s", a.footer())
	}
	press(t, a, canaryLab(t, a)...)
	if a.sh.wsName == builtinName || a.labs.run == nil {
		t.Fatalf("the lab did not open: %s", a.sh.wsName)
	}
	if f := a.footer(); !strings.Contains(f, "b your workspace") {
		t.Fatalf("the Labs footer does not offer the way back: %s", f)
	}
	press(t, a, "b")
	if a.sh.wsName != builtinName || a.sh.gw != before || a.labs.run != nil {
		t.Fatalf("b did not bring back the first workspace as it was: %s (same gateway: %v)", a.sh.wsName, a.sh.gw == before)
	}
	if h := a.header(); !strings.Contains(h, "back to pets.yaml") {
		t.Fatalf("no toast says where b went: %q", h)
	}
	if strings.Contains(a.footer(), "b your") {
		t.Fatalf("b still offered on the user's workspace: %s", a.footer())
	}
	press(t, a, "1", "enter")
	if e := a.sh.history.last(); e == nil || e.Resp.Latency < 250*time.Millisecond {
		t.Fatalf("the palette's change to the first workspace was lost: %+v", e)
	}
	// the lab resumes where it was
	press(t, a, "6", "enter")
	if a.labs.run == nil || a.labs.run.lab.ID != "deployments-canary" {
		t.Fatalf("enter in Labs did not resume the lab")
	}
}

// Issue 15 item: the quiz pane cut an answered question's "Why" at 80×24 without a word.
// A last row says how much is below, and goes once scrolled to the end.
func TestQuizSaysMoreBelow(t *testing.T) {
	a := newTestApp(t, 80, 24)
	press(t, a, "7", "j", "enter")
	q := a.screens[screenQuiz].(*quizScreen)
	press(t, a, rightKeys(q)...)
	if q.body.TotalLineCount() <= q.body.Height {
		t.Skip("this question fits: nothing to say")
	}
	if v := viewOf(t, a); !strings.Contains(v, "more below") {
		t.Fatalf("the answered question is cut without a word:\n%s", v)
	}
	for range q.body.TotalLineCount() {
		press(t, a, "down")
	}
	if v := viewOf(t, a); strings.Contains(v, "more below") || !strings.Contains(v, "Source:") {
		t.Fatalf("scrolled to the end, the pane still says more below, or the end is hidden:\n%s", v)
	}
}
