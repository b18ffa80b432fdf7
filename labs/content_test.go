package labs

import (
	"strings"
	"testing"
)

// wrongPending lists labs allowed fewer than two wrong solutions for now, and why.
var wrongPending = map[string]string{}

// TestBundledLabsAreHonest is the content checker: for every bundled lab, the starting
// workspace is valid, the first step's objectives are not all met on it, and applying each
// step's reference solution in order makes every objective of that step met.
func TestBundledLabsAreHonest(t *testing.T) {
	eachBundledLab(t, func(t *testing.T, l *Lab) {
		env := l.StartEnv("workspace.yaml")
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
		// The finished lab: `lab check --all` passes, so every step a later one does not
		// undo on purpose (changedLater) is still met.
		for i, s := range l.Steps {
			res, err := l.Check(env, i)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Met() && s.ChangedLater == "" {
				for _, r := range res.Results {
					if !r.Met {
						t.Errorf("finished lab: step %d objective %q no longer met (%s): make it hold, or say why in the step's changedLater", i+1, r.Title, r.Reason)
					}
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

// TestBundledLabsRefuseWrongSolutions is the negative half of the content checker: every
// lab lists at least two plausible wrong solutions (steps' wrong), each applied to the state
// before its step must load and must leave the step unmet — a check that lets a wrong
// solution through teaches the wrong thing.
func TestBundledLabsRefuseWrongSolutions(t *testing.T) {
	eachBundledLab(t, func(t *testing.T, l *Lab) {
		env := l.StartEnv("workspace.yaml")
		n := 0
		for i, s := range l.Steps {
			for j, w := range s.Wrong {
				n++
				bad, err := env.Apply(w.Solution())
				if err != nil {
					t.Errorf("step %d wrong[%d]: does not apply: %v", i+1, j, err)
					continue
				}
				if err := bad.Validate(); err != nil {
					t.Errorf("step %d wrong[%d]: the workspace does not load, so it tests nothing: %v", i+1, j, err)
					continue
				}
				res, err := l.Check(bad, i)
				if err != nil {
					t.Fatal(err)
				}
				if res.Met() {
					t.Errorf("step %d %q accepts wrong solution %d: %s", i+1, s.Title, j, strings.TrimSpace(w.Why))
				}
				for _, r := range res.Results {
					if !r.Met {
						t.Logf("step %d wrong[%d] refused: %s", i+1, j, r.Reason)
						break
					}
				}
			}
			next, err := env.Apply(s.Solution)
			if err != nil {
				t.Fatalf("step %d solution: %v", i+1, err)
			}
			env = next
		}
		if why, ok := wrongPending[l.ID]; ok {
			t.Logf("fewer wrong solutions allowed: %s", why)
			return
		}
		if n < 2 {
			t.Errorf("%d wrong solutions: list at least two plausible wrong solutions (steps[].wrong) the checks refuse", n)
		}
	})
}

// challengePrefix marks a challenge step: an unguided last step (docs/labs.md, "Challenge
// steps") whose instructions say what must be true, not how.
const challengePrefix = "Challenge: "

// TestBundledLabsEndWithAChallenge: every bundled lab's last step is its only challenge
// step, as strict as the others (objectives and wrong solutions the checks refuse, the
// content test above proves them), and unguided: its instructions carry no code block to
// copy, and it gives fewer hints than a guided step could.
func TestBundledLabsEndWithAChallenge(t *testing.T) {
	eachBundledLab(t, func(t *testing.T, l *Lab) {
		if len(l.Steps) < 2 {
			t.Fatalf("%d step(s): a lab teaches in guided steps, then ends with a challenge", len(l.Steps))
		}
		for i, s := range l.Steps[:len(l.Steps)-1] {
			if strings.HasPrefix(s.Title, challengePrefix) {
				t.Errorf("step %d %q is a challenge but not the last step: the challenge ends the lab", i+1, s.Title)
			}
		}
		last := l.Steps[len(l.Steps)-1]
		if !strings.HasPrefix(last.Title, challengePrefix) {
			t.Fatalf("the last step %q is not a challenge: end the lab with an unguided step titled %q…", last.Title, challengePrefix)
		}
		if len(last.Objectives) == 0 || len(last.Wrong) == 0 {
			t.Errorf("challenge %q: needs objectives and at least one wrong solution its checks refuse", last.Title)
		}
		if strings.Contains(last.Instructions, "```") {
			t.Errorf("challenge %q: the instructions hold a code block; say what must be true, not how", last.Title)
		}
		if len(last.Hints) > 3 {
			t.Errorf("challenge %q: %d hints; a challenge's hints only nudge (at most 3)", last.Title, len(last.Hints))
		}
	})
}

// eachBundledLab runs f as a subtest for every bundled lab with content.
func eachBundledLab(t *testing.T, f func(t *testing.T, l *Lab)) {
	t.Helper()
	cat, err := Load()
	if err != nil {
		t.Fatalf("bundled labs: %v", err)
	}
	for _, l := range cat.Labs {
		if l.Status == StatusComing {
			continue
		}
		t.Run(l.ID, func(t *testing.T) { f(t, l) })
	}
}
