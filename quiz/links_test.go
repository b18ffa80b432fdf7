package quiz

import (
	"regexp"
	"strings"
	"testing"

	"apigwlab/labs"
)

// A question links to a lab step only when that step shows its point: the step exists,
// and the step's own words (title, instructions, objectives, explanation) share a
// distinctive term with the question's stem or key. Questions no step demonstrates link to
// their source only (lab left out).
func TestLabLinksDemonstrateTheQuestion(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := labs.Load()
	if err != nil {
		t.Fatal(err)
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
		s := l.Steps[q.Step-1]
		stepText := s.Title + " " + s.Instructions + " " + s.Explanation
		for _, o := range s.Objectives {
			stepText += " " + o.Title
		}
		qText := q.Question
		for _, i := range q.Correct() {
			qText += " " + q.Options[i].Text
		}
		if shared := sharedTerms(qText, stepText); len(shared) == 0 {
			t.Errorf("%s links to %s step %d (%q), which shares no distinctive term with the question: link the step that shows it, or leave lab out", q.ID, q.Lab, q.Step, s.Title)
		}
	}
	t.Logf("%d of %d questions link to a lab step", linked, len(b.Questions))
}

// distinctive are code-like terms (backticked, dotted, camelCase, CONSTANTS, numbers of
// three digits) and long words; sharedTerms returns those of a found in b.
var distinctive = regexp.MustCompile("`[^`]+`|\\b[A-Za-z_$][\\w.$/{}+-]*[A-Z_.{}$][\\w.$/{}+-]*\\b|\\b\\d{3}\\b|\\b[a-zA-Z]{7,}\\b")

var commonWords = map[string]bool{
	"request": true, "requests": true, "response": true, "responses": true, "gateway": true,
	"because": true, "without": true, "another": true, "through": true, "between": true,
	"clients": true, "function": true, "developer": true, "company": true, "requirement": true,
	"requirements": true, "operational": true, "overhead": true, "solution": true, "configure": true,
	"changes": true, "options": true, "instead": true, "receive": true, "receives": true, "answers": true,
	"whatever": true, "settings": true, "setting": true, "answer": true, "application": true,
	"integration": true, "method": true, "methods": true, "resource": true, "API": true,
}

func sharedTerms(a, b string) []string {
	lb := strings.ToLower(b)
	var out []string
	for _, term := range distinctive.FindAllString(a, -1) {
		term = strings.Trim(term, "`.")
		if len(term) < 3 || commonWords[strings.ToLower(term)] {
			continue
		}
		if strings.Contains(lb, strings.ToLower(term)) {
			out = append(out, term)
		}
	}
	return out
}
