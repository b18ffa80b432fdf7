package tui

import (
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"apigwlab/labs"
)

// newLabApp opens the TUI in a scratch working directory with its own progress file, as a
// learner starting from nothing.
func newLabApp(t *testing.T, w, h int) *app {
	t.Helper()
	home := t.TempDir() // the lab header shows paths under it as ~/…, the same in every run
	t.Setenv("HOME", home)
	t.Setenv("APIGWLAB_CONFIG_DIR", filepath.Join(home, ".config", "apigwlab"))
	t.Chdir(t.TempDir())
	a := newTestApp(t, w, h)
	a.labs.base = ""
	return a
}

// canaryLab is the position of deployments-canary in the curriculum.
func canaryLab(t *testing.T, a *app) []string {
	for i, l := range a.labs.catalog() {
		if l.ID == "deployments-canary" {
			keys := []string{"6"}
			for j := 0; j < i; j++ {
				keys = append(keys, "j")
			}
			return append(keys, "enter")
		}
	}
	t.Fatal("no deployments-canary lab")
	return nil
}

// A lab done in the TUI: the lab's workspace becomes the explorer's, palette verbs are kept
// in commands.log and every change re-checks the step; progress is saved.
func TestLabInTheTUI(t *testing.T) {
	a := newLabApp(t, 120, 40)
	press(t, a, canaryLab(t, a)...)
	r := a.labs.run
	if r == nil || r.lab.ID != "deployments-canary" || r.result == nil || r.result.Met() {
		t.Fatalf("the lab did not start with an unmet first step: %+v", r)
	}
	// Issue 15 item 7: the lab's directory lives beside the progress, not in the working
	// directory (make run left lab-* folders in the clone)
	if want := filepath.Join(os.Getenv("APIGWLAB_CONFIG_DIR"), "labs", "deployments-canary", "workspace.yaml"); a.sh.wsName != want {
		t.Fatalf("the TUI's workspace is %s, want %s", a.sh.wsName, want)
	}
	if m, _ := filepath.Glob("lab-*"); len(m) > 0 {
		t.Fatalf("the TUI wrote %v in the working directory", m)
	}
	v := viewOf(t, a)
	for _, want := range []string{"step 1 of 3", "✗", "h shows a hint", "workspace ~/.config/apigwlab/labs/deployments-canary/workspace.yaml"} {
		if !strings.Contains(v, want) {
			t.Fatalf("lab view lacks %q:\n%s", want, v)
		}
	}
	press(t, a, "h")
	if v := viewOf(t, a); !strings.Contains(v, "Hints") {
		t.Fatalf("no hint shown:\n%s", v)
	}
	step1 := r.lab.Steps[0].Solution.Commands[0]
	press(t, a, ":", step1, "enter", "esc", "6")
	if r.result == nil || !r.result.Met() {
		t.Fatalf("step 1 not met after its solution: %+v", r.result)
	}
	if v := viewOf(t, a); !strings.Contains(v, "met ✓") || !strings.Contains(v, "Why") {
		t.Fatalf("a met step shows its explanation:\n%s", v)
	}
	press(t, a, "n", "s", "y")
	if r.step != 1 || !r.solution {
		t.Fatalf("step %d, solution shown %v", r.step, r.solution)
	}
	press(t, a, ":", r.lab.Steps[1].Solution.Commands[0], "enter", "esc", "6", "n")
	// the challenge step: its solution is several verbs
	challenge := r.lab.Steps[2].Solution.Commands
	for _, c := range challenge {
		press(t, a, ":", c, "enter", "esc", "6")
	}
	if !a.labs.prog.Lab("deployments-canary").Done() {
		t.Fatal("the lab is not complete")
	}
	log, err := os.ReadFile(a.labs.run.dir.CommandsPath())
	if err != nil || strings.Count(string(log), "\n") != 2+len(challenge) {
		t.Fatalf("commands.log: %q %v", log, err)
	}
	// a new TUI reads the saved progress
	b := newTestApp(t, 120, 40)
	press(t, b, "6")
	if v := viewOf(t, b); !strings.Contains(v, "✓") || !strings.Contains(v, "done") {
		t.Fatalf("progress not shown in a new session:\n%s", v)
	}
}

func TestLabResetAsksFirst(t *testing.T) {
	a := newLabApp(t, 100, 30)
	press(t, a, canaryLab(t, a)...)
	press(t, a, ":", a.labs.run.lab.Steps[0].Solution.Commands[0], "enter", "esc", "6", "r", "n")
	if a.labs.prog.Lab("deployments-canary").Step != 1 {
		t.Fatal("n must not reset")
	}
	press(t, a, "r", "y")
	if a.labs.prog.Lab("deployments-canary").Step != 0 || a.labs.run.result.Met() {
		t.Fatal("the lab did not start over")
	}
	if _, err := os.Stat(a.labs.run.dir.CommandsPath()); err == nil {
		t.Fatal("reset keeps commands.log")
	}
}

func TestGoldenLabs(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	// the frame is taken in the scratch directory, compared from the package's
	frame := func(t *testing.T, a *app) []byte {
		v := viewOf(t, a)
		if err := os.Chdir(wd); err != nil {
			t.Fatal(err)
		}
		return []byte(v)
	}
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("list-%dx%d", sz[0], sz[1]), func(t *testing.T) {
			a := newLabApp(t, sz[0], sz[1])
			press(t, a, "6")
			golden.RequireEqual(t, frame(t, a))
		})
		t.Run(fmt.Sprintf("lab-%dx%d", sz[0], sz[1]), func(t *testing.T) {
			a := newLabApp(t, sz[0], sz[1])
			press(t, a, canaryLab(t, a)...)
			press(t, a, "h")
			golden.RequireEqual(t, frame(t, a))
		})
	}
}

// Issue 15 item 7: "step 2 of 2" on a workspace without step 1's work said nothing.
func TestLabSaysWhenEarlierWorkIsMissing(t *testing.T) {
	a := newLabApp(t, 120, 40)
	a.labs.update(func(p *labs.Progress) { p.Lab("first-rest-api-mock").Step = 1 })
	if a.labs.catalog()[0].ID != "first-rest-api-mock" {
		t.Fatal("first-rest-api-mock is no longer the first lab")
	}
	press(t, a, "6", "enter")
	if v := viewOf(t, a); !strings.Contains(v, "step 2 of 3") || !strings.Contains(v, "this workspace lacks step 1's work") {
		t.Fatalf("no warning about step 1's missing work:\n%s", v)
	}
}

// Issue 15 bug 6: at 80×24 the third hint and the solution were cut off with no way to
// reach them. The objectives pane scrolls with j/k and says what is below.
func TestLabHintsAndSolutionScroll(t *testing.T) {
	a := newLabApp(t, 80, 24)
	press(t, a, canaryLab(t, a)...)
	s := a.labs.run.lab.Steps[0]
	press(t, a, "h", "h", "h", "s", "y")
	all := strings.Join(a.labs.objectivesLines(a.labs.sideWidth()), "\n")
	seen := map[string]bool{}
	v := viewOf(t, a)
	if !strings.Contains(v, "more below") && !strings.Contains(v, "k scrolls back up") {
		t.Fatalf("no scroll indicator on a pane that does not fit:\n%s", v)
	}
	for range 80 {
		for _, l := range strings.Split(viewOf(t, a), "\n") {
			seen[strings.TrimSpace(l)] = true
		}
		press(t, a, "k")
	}
	for _, l := range strings.Split(all, "\n") {
		if l = strings.TrimSpace(l); l != "" && !seen[l] {
			t.Fatalf("line %q of the objectives pane is never shown (hints %d, commands %v)", l, len(s.Hints), s.Solution.Commands)
		}
	}
}

// At 80×24 a step's instructions that do not fit said nothing of the rest (the task was cut
// mid-sentence): the pane's last row says what is below, and pgdn reaches every line.
func TestLabInstructionsSayWhatIsBelow(t *testing.T) {
	a := newLabApp(t, 80, 24)
	cat := a.labs.catalog()
	cut := 0
	for i, lab := range cat {
		keys := []string{"6"}
		for range i {
			keys = append(keys, "j")
		}
		a = newLabApp(t, 80, 24)
		press(t, a, append(keys, "enter")...)
		if a.labs.run == nil || a.labs.run.lab.ID != lab.ID {
			t.Fatalf("lab %d is not %s", i, lab.ID)
		}
		s := lab.Steps[0]
		text := a.labs.md.render(fmt.Sprintf("## %s\n\n%s", s.Title, tuiWords(s.Instructions)), a.labs.instr.Width)
		seen := map[string]bool{}
		v := viewOf(t, a)
		if a.labs.instrNote {
			cut++
			if !strings.Contains(v, "more below · pgdn scrolls") {
				t.Errorf("%s: instructions do not fit and nothing says so:\n%s", lab.ID, v)
			}
		}
		for range 20 {
			for _, l := range strings.Split(viewOf(t, a), "\n") {
				seen[strings.TrimSpace(ansi.Strip(l))] = true
			}
			press(t, a, "pgdown")
		}
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(ansi.Strip(l)); l != "" && !seen[l] {
				t.Errorf("%s: instruction line %q is never shown", lab.ID, l)
			}
		}
	}
	if cut == 0 {
		t.Error("no lab's first step is longer than the pane at 80×24: the test checks nothing")
	}
}
