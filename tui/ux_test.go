package tui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"apigwlab/engine"
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

// Issue 15 rough edge: u cycled identities blindly. It lists them all, each with what it
// sends; enter picks, esc keeps the one there was.
func TestIdentityList(t *testing.T) {
	a := newTestApp(t, 100, 30)
	press(t, a, "u")
	v := viewOf(t, a)
	for _, want := range []string{"Send requests as", "anonymous (now)", "no credentials",
		"alice · Cognito ID token (pets-users)", "an ID token of alice",
		"alice · Cognito access token", "an access token with scope",
		"API keys (", "x-api-key"} {
		if !strings.Contains(v, want) {
			t.Fatalf("the identity list lacks %q:\n%s", want, v)
		}
	}
	if f := a.footer(); !strings.Contains(f, "enter send as this one") {
		t.Fatalf("the footer does not say what enter does in the list: %s", f)
	}
	press(t, a, "down", "esc")
	if id := a.screens[screenExplorer].(*explorer).comp.identity(); !id.anonymous() {
		t.Fatalf("esc picked %s", id.label)
	}
	press(t, a, "u", "up", "enter") // up from the first wraps to the last
	ids := a.screens[screenExplorer].(*explorer).comp.ids
	if id := a.screens[screenExplorer].(*explorer).comp.identity(); id.label != ids[len(ids)-1].label {
		t.Fatalf("up, enter picked %s, want %s", id.label, ids[len(ids)-1].label)
	}
	if v := viewOf(t, a); strings.Contains(v, "Send requests as") || !strings.Contains(v, " · as ") {
		t.Fatalf("after enter the list is still open or the request pane does not say who sends:\n%s", v)
	}
}

// Issue 15 rough edge: nothing in the tree said an API is PRIVATE (it answers 403 unless a
// request comes through a VPC endpoint); the identity list names the IAM users and roles.
func TestTreeMarksPrivateAPIs(t *testing.T) {
	a, err := newApp(Options{WorkspacePath: "../examples/iam.yaml"}, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 40})
	v := viewOf(t, a)
	if !strings.Contains(v, "internal PRIVATE") || strings.Contains(v, "pets PRIVATE") {
		t.Fatalf("the tree does not mark the PRIVATE API (only it):\n%s", v)
	}
	press(t, a, "u")
	v = viewOf(t, a)
	for _, want := range []string{"alice · IAM user AKIAALICE0EXAMPLE01", "a SigV4 signature", "AWS_IAM methods", "IAM role"} {
		if !strings.Contains(v, want) {
			t.Fatalf("the identity list lacks %q:\n%s", want, v)
		}
	}
}

// Issue 15 rough edge: the flow said why a 502 or 504 happened but not why a wrong path is
// 403 Missing Authentication Token rather than 404, nor that a REST API's 404 is its
// backend's. The route, gateway response and client boxes say it.
func TestFlowSaysWhy403Not404(t *testing.T) {
	detail := func(a *app) string {
		f := a.screens[screenFlow].(*flow)
		var all []string
		for i := range f.boxes {
			all = append(all, f.detailLines(f.entry(), i, 200)...)
		}
		return strings.Join(all, "\n")
	}
	a := newTestApp(t, 120, 40)
	sendPath(t, a, "/prod/nothing-here")
	press(t, a, "2")
	if d := detail(a); !strings.Contains(d, "Why 403 and not 404") || !strings.Contains(d, "MISSING_AUTHENTICATION_TOKEN") {
		t.Fatalf("no why for the 403 of a missing route:\n%s", d)
	}
	sendPath(t, a, "/prod/pets/404")
	press(t, a, "2")
	if d := detail(a); !strings.Contains(d, "This 404 is the backend's answer") || !strings.Contains(d, "GET /pets/{petId} exists") {
		t.Fatalf("no why for the backend's 404:\n%s", d)
	}
	sendPath(t, a, "/prod/pets")
	press(t, a, "2")
	if d := detail(a); strings.Contains(d, "why:") {
		t.Fatalf("a 200 got a why:\n%s", d)
	}
}

func TestFlowSaysWhy404OnHTTPAPI(t *testing.T) {
	a, err := newApp(Options{WorkspacePath: "../examples/http-api.yaml"}, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(t, a, a.sh.invoke("shop", engine.Request{API: "shop", Method: "DELETE", Path: "/pets/7"})())
	press(t, a, "2")
	f := a.screens[screenFlow].(*flow)
	var all []string
	for i := range f.boxes {
		all = append(all, f.detailLines(f.entry(), i, 200)...)
	}
	if d := strings.Join(all, "\n"); !strings.Contains(d, "Why 404: no route of this HTTP API") {
		t.Fatalf("no why for an HTTP API's 404:\n%s", d)
	}
}

// Issue 15 rough edge: a large window left most rows empty. At 200 columns the flow puts a
// stage's execution log beside its facts (the golden frames at 200×60 show every screen).
func TestFlowUsesAWideWindow(t *testing.T) {
	for _, w := range []int{120, 200} {
		a := newTestApp(t, w, 60)
		sendPath(t, a, "/prod/broken")
		press(t, a, "2", "space", "space", "space")
		beside := false
		for _, l := range strings.Split(viewOf(t, a), "\n") {
			beside = beside || strings.HasPrefix(l, "reason:") && strings.Contains(l, "Execution log")
		}
		if beside != (w >= wideDetail) {
			t.Errorf("%d columns: the execution log beside the facts is %v", w, beside)
		}
	}
}
