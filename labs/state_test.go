package labs

import "testing"

// TestFinishedLabsSurviveExport: every bundled lab, finished (its solutions' edits and
// control-plane commands applied), is exported as workspace YAML (what serve --state and
// export --format workspace write) and loaded again without the commands: each step met
// before is met after. So what a learner did with the aws CLI is kept whole.
func TestFinishedLabsSurviveExport(t *testing.T) {
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range cat.Labs {
		if l.Status == StatusComing {
			continue
		}
		t.Run(l.ID, func(t *testing.T) {
			env := l.StartEnv("workspace.yaml")
			for i, s := range l.Steps {
				if env, err = env.Apply(s.Solution); err != nil {
					t.Fatalf("step %d solution: %v", i+1, err)
				}
			}
			gw, _, err := env.gateway()
			if err != nil {
				t.Fatal(err)
			}
			out, notes := gw.ExportWorkspace()
			gw.Close()
			kept := env
			kept.Workspace, kept.Commands = out, nil
			if err := kept.Validate(); err != nil {
				t.Fatalf("the export does not load: %v\n%s", err, out)
			}
			for i := range l.Steps {
				before, err := l.Check(env, i)
				if err != nil {
					t.Fatal(err)
				}
				after, err := l.Check(kept, i)
				if err != nil {
					t.Fatal(err)
				}
				if before.Met() && !after.Met() {
					for _, r := range after.Results {
						if !r.Met {
							t.Errorf("step %d objective %q met before the export, not after: %s (notes: %q)\n%s", i+1, r.Title, r.Reason, notes, out)
						}
					}
				}
			}
		})
		n++
	}
	if n < 10 {
		t.Fatalf("only %d labs checked", n)
	}
}
