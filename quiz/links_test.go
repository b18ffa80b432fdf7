package quiz

import (
	"fmt"
	"slices"
	"testing"

	"apigwlab/labs"
)

// A link from a question to a lab step is explicit on both sides: the question names the
// lab and step (lab:, step:), and that step names the question in its demonstrates: list.
// The lab author thus states that the step shows the question's point; this test holds the
// two halves together, so a step renumbered, a question renamed or a link added on one side
// only fails here. Questions no step demonstrates link to their source only (lab left out).
func TestLabLinksAreExplicitBothWays(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := labs.Load()
	if err != nil {
		t.Fatal(err)
	}
	// Every step's demonstrates entry, as "lab step N".
	claimed := map[string]string{}
	for _, l := range cat.Labs {
		for i, s := range l.Steps {
			for _, id := range s.Demonstrates {
				at := fmt.Sprintf("%s step %d", l.ID, i+1)
				if prev, dup := claimed[id]; dup {
					t.Errorf("%s and %s both say they demonstrate %s: a question links to one step", prev, at, id)
				}
				claimed[id] = at
				q, ok := b.Get(id)
				switch {
				case !ok:
					t.Errorf("%s demonstrates %q, which is not a question of the bank", at, id)
				case q.Lab != l.ID || q.Step != i+1:
					t.Errorf("%s demonstrates %s, but the question links to %s: make the two agree", at, id, linkText(q))
				}
			}
		}
	}
	linked := 0
	for _, q := range b.Questions {
		if q.Lab == "" {
			continue
		}
		linked++
		l, err := cat.Get(q.Lab)
		if err != nil {
			t.Errorf("%s: %v", q.ID, err)
			continue
		}
		if q.Step < 1 || q.Step > len(l.Steps) {
			t.Errorf("%s: lab %s has no step %d", q.ID, q.Lab, q.Step)
			continue
		}
		if s := l.Steps[q.Step-1]; !slices.Contains(s.Demonstrates, q.ID) {
			t.Errorf("%s links to %s step %d (%q), which does not list it in demonstrates: add it there if the step shows the point, or leave lab out", q.ID, q.Lab, q.Step, s.Title)
		}
	}
	t.Logf("%d of %d questions link to a lab step that names them", linked, len(b.Questions))
}

// Every lab a question may link to is a lab of the catalog with content.
func TestLabIDsAreLabs(t *testing.T) {
	cat, err := labs.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range LabIDs() {
		l, err := cat.Get(id)
		if err != nil {
			t.Errorf("quiz lab id %s: %v", id, err)
			continue
		}
		if l.Status == labs.StatusComing {
			t.Errorf("quiz lab id %s: the lab has no content yet", id)
		}
	}
}

func linkText(q *Question) string {
	if q.Lab == "" {
		return "no lab"
	}
	return fmt.Sprintf("%s step %d", q.Lab, q.Step)
}
