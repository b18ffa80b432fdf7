package tui

import (
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"apigwlab/engine"
	"apigwlab/labs"
)

func TestTUIWords(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Try it: `apigwlab invoke -f workspace.yaml GET /dev/version`.",
			"Try it: `GET /dev/version` (send it from the explorer, `1`)."},
		{"`apigwlab invoke -f workspace.yaml GET /prod/orders --trace` shows why.",
			"`GET /prod/orders` (send it from the explorer, `1`; `f` shows its flow) shows why."},
		{"Try: `apigwlab invoke -f workspace.yaml GET '/prod/reports?tenant=acme' -H 'X-Api-Token: t-acme' --trace`.",
			"Try: `GET /prod/reports` (from the explorer, `1`: `e` sets the query `tenant=acme`, `e` adds the header `X-Api-Token: t-acme`, then `enter` sends; `f` shows its flow)."},
		{"`apigwlab invoke -f workspace.yaml GET /prod/reports --sigv4 AKIAALICE0EXAMPLE01:alice-secret --trace`",
			"`GET /prod/reports` (from the explorer, `1`: `u` picks AKIAALICE0EXAMPLE01, then `enter` sends; `f` shows its flow)"},
		{"then `apigwlab invoke -f workspace.yaml GET /prod/profile -H \"Authorization: $TOKEN\"`",
			"then `GET /prod/profile` (from the explorer, `1`: `u` picks who sends it, then `enter` sends)"},
		{"`apigwlab invoke -f workspace.yaml --api orders-http GET /prod/orders`",
			"`GET /prod/orders` (send it from the explorer, `1`)"},
		{"run with `apigwlab lab exec deployments-canary -- …`:", "run with `: …` (the palette):"},
		{"`apigwlab lab exec redeploy-trap -- update-integration --resource-id /orders --patch-operations op=replace,path=/uri,value=function:orders:2`",
			"`: update-integration --resource-id /orders --patch-operations op=replace,path=/uri,value=function:orders:2` (the palette)"},
		{"(`apigwlab lab check redeploy-trap` does)", "(`c` does)"},
		{"Mint a token: `apigwlab token -f workspace.yaml --user alice`,", "Mint a token: `u` (send as alice),"},
		{"and run `apigwlab validate`).", "and run `E` (the workspace is checked when the editor closes))."},
		// no key for it: the CLI form stays
		{"`apigwlab vtl render '…' --body '…'`", "`apigwlab vtl render '…' --body '…'`"},
		{"`apigwlab invoke -f w.yaml GET /x --unknown-flag`", "`apigwlab invoke -f w.yaml GET /x --unknown-flag`"},
	}
	for _, c := range cases {
		if got := tuiWords(c.in); got != c.want {
			t.Errorf("tuiWords(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// Issue 15 rough edge: lab texts told the TUI's user to run `apigwlab invoke`, `lab exec`,
// `lab check` where a key does it. Every lab's step, shown in the TUI, names no such
// command; the CLI's `lab show` keeps them (its texts are the content's).
func TestLabTextsSpeakKeysInTheTUI(t *testing.T) {
	cat, err := labs.Load(labs.Dirs()...)
	if err != nil {
		t.Fatal(err)
	}
	keyed := regexp.MustCompile("apigwlab (invoke|lab check|lab exec|token|validate)")
	for _, lab := range cat.Labs {
		for i, s := range lab.Steps {
			texts := append([]string{s.Instructions, s.Explanation, s.Solution.Note}, s.Hints...)
			for _, x := range texts {
				if m := keyed.FindString(ansi.Strip(tuiWords(x))); m != "" {
					t.Errorf("%s step %d: the TUI still says %q in:\n%s", lab.ID, i+1, m, tuiWords(x))
				}
			}
		}
	}
	// and the running lab's screen says keys
	a := newLabApp(t, 120, 40)
	press(t, a, "6", "enter")
	v := viewOf(t, a)
	if strings.Contains(v, "apigwlab invoke") || !strings.Contains(v, "GET /dev/version") || !strings.Contains(v, "send it from the") {
		t.Fatalf("the first lab's step speaks CLI in the TUI:\n%s", v)
	}
}

// The quiz's "Try it" named `apigwlab lab start` inside the TUI: it names the lab and the
// Labs screen.
func TestQuizTryItSpeaksKeys(t *testing.T) {
	a := newTestApp(t, 120, 60)
	press(t, a, "7", "j", "enter")
	q := a.screens[screenQuiz].(*quizScreen)
	seen := false
	for i := 0; i < len(q.sess.Items) && !q.done; i++ {
		press(t, a, rightKeys(q)...)
		v := viewOf(t, a)
		if strings.Contains(v, "apigwlab lab start") {
			t.Fatalf("the quiz speaks CLI in the TUI:\n%s", v)
		}
		seen = seen || strings.Contains(v, "on the Labs screen (6)")
		press(t, a, "enter")
	}
	if !seen {
		t.Skip("no question of this topic links a lab")
	}
}

// The flow's reason for a PRIVATE API's 403 said "(invoke --vpce, serve's …)": in the TUI
// it names the v key.
func TestFlowReasonSpeaksKeys(t *testing.T) {
	a, err := newApp(Options{WorkspacePath: "../examples/iam.yaml"}, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	drive(t, a, a.sh.invoke("internal", engine.Request{API: "internal", Method: "GET", Path: "/prod/health"})())
	press(t, a, "2")
	f := a.screens[screenFlow].(*flow)
	var all []string
	for i := range f.boxes {
		all = append(all, f.detailLines(f.entry(), i, 200)...)
	}
	text := ansi.Strip(strings.Join(all, "\n"))
	if !strings.Contains(text, "v in the explorer") || strings.Contains(text, "invoke --vpce,") {
		t.Fatalf("the reason does not name the key:\n%s", text)
	}
}
