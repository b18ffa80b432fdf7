package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"

	"apigwlab/labs"
)

// Lab 1 finished through the TUI with key presses, as a learner would: 6, enter, then for each
// step E opens the workspace in $EDITOR — here a script that writes the step's reference
// solution, as the learner would type it — and the step is checked when the editor closes;
// n moves on. The progress file says the lab is done.
func TestE2ELabOneThroughTheTUI(t *testing.T) {
	cfgDir, work := t.TempDir(), t.TempDir()
	t.Setenv("APIGWLAB_CONFIG_DIR", cfgDir)
	t.Chdir(work)
	cat, err := labs.Load()
	if err != nil {
		t.Fatal(err)
	}
	lab := cat.Labs[0]
	if lab.ID != "first-rest-api-mock" {
		t.Fatalf("lab 1 is %s", lab.ID)
	}
	// the workspace after each step's solution, for the editor script to write
	d := labs.Dir(filepath.Join(work, "scratch"))
	if err := d.Start(lab); err != nil {
		t.Fatal(err)
	}
	ws, err := os.ReadFile(d.WorkspacePath())
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range lab.Steps {
		if ws, err = labs.ApplyEdits(ws, s.Solution.Edits); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, fmt.Sprintf("step%d.yaml", i+1)), ws, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := filepath.Join(work, "editor.sh")
	body := "#!/bin/sh\nn=$(cat " + work + "/count 2>/dev/null || echo 0)\nn=$((n+1))\necho $n > " + work + "/count\ncp " + work + "/step$n.yaml \"$1\"\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", script)

	cfg := testConfig()
	cfg.labDir = ""
	a, err := newApp(Options{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	tm := teatest.NewTestModel(t, a, teatest.WithInitialTermSize(120, 40))
	typeKeys(tm, "6", "enter")
	waitFor(t, tm, "step 1 of "+fmt.Sprint(len(lab.Steps)))
	for i := range lab.Steps {
		typeKeys(tm, "E")
		if i < len(lab.Steps)-1 {
			waitFor(t, tm, fmt.Sprintf("step %d met", i+1))
			typeKeys(tm, "n")
			waitFor(t, tm, fmt.Sprintf("step %d of", i+2))
		}
	}
	waitFor(t, tm, "complete ✓")
	finalView(t, tm)
	data, err := os.ReadFile(filepath.Join(cfgDir, "progress.json"))
	if err != nil || !strings.Contains(string(data), `"first-rest-api-mock"`) || !strings.Contains(string(data), `"completed"`) {
		t.Fatalf("progress not saved as complete: %s %v", data, err)
	}
}
