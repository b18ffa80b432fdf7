package labs

import (
	"strings"
	"testing"
)

// TestBundledLabsAreHonest is the content checker: for every bundled lab, the starting
// workspace is valid, the first step's objectives are not all met on it, and applying each
// step's reference solution in order makes every objective of that step met.
func TestBundledLabsAreHonest(t *testing.T) {
	cat, err := Load()
	if err != nil {
		t.Fatalf("bundled labs: %v", err)
	}
	for _, l := range cat.Labs {
		if l.Status == StatusComing {
			continue
		}
		t.Run(l.ID, func(t *testing.T) {
			env := Env{File: "workspace.yaml", Workspace: []byte(l.Workspace)}
			if err := env.Validate(); err != nil {
				t.Fatalf("starting workspace: %v", err)
			}
			first, err := l.Check(env, 0)
			if err != nil {
				t.Fatal(err)
			}
			if first.Met() {
				t.Errorf("step 1 is already met on the starting workspace")
			}
			for i, s := range l.Steps {
				env, err = env.Apply(s.Solution)
				if err != nil {
					t.Fatalf("step %d solution: %v", i+1, err)
				}
				res, err := l.Check(env, i)
				if err != nil {
					t.Fatalf("step %d after its solution: %v", i+1, err)
				}
				for _, r := range res.Results {
					if !r.Met {
						t.Errorf("step %d %q: objective %q not met after the solution: %s (observed %s; goal %s)", i+1, s.Title, r.Title, r.Reason, r.Observed, r.Goal)
					}
				}
				if i+1 < len(l.Steps) {
					next, err := l.Check(env, i+1)
					if err != nil {
						t.Fatal(err)
					}
					if next.Met() {
						t.Errorf("step %d is already met before its solution", i+2)
					}
				}
			}
			for i, s := range l.Steps {
				if len(s.Hints) == 0 || strings.TrimSpace(s.Explanation) == "" || !strings.Contains(s.Explanation, "docs.aws.amazon.com") {
					t.Errorf("step %d: needs hints and an explanation citing the AWS docs", i+1)
				}
			}
		})
	}
}
