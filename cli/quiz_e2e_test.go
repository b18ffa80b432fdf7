package cli

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"apigwlab/quiz"
)

func TestQuizCountEndToEnd(t *testing.T) {
	bank, err := quiz.Load()
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code := apigwlab(t, "", "quiz", "--count")
	if code != 0 {
		t.Fatalf("exit %d, stderr: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if want := len(quiz.Topics()) + 2; len(lines) != want {
		t.Fatalf("got %d lines, want %d (header, one per topic, total):\n%s", len(lines), want, out)
	}
	if !regexp.MustCompile(`^TOPIC\s+TITLE\s+QUESTIONS$`).MatchString(lines[0]) {
		t.Errorf("header = %q", lines[0])
	}
	for i, c := range bank.Counts() {
		re := regexp.MustCompile(fmt.Sprintf(`^%s\s+%s\s+%d$`, regexp.QuoteMeta(c.Topic.ID), regexp.QuoteMeta(c.Topic.Title), c.Count))
		if !re.MatchString(lines[i+1]) {
			t.Errorf("line %d = %q, want topic %s with %d questions", i+1, lines[i+1], c.Topic.ID, c.Count)
		}
	}
	if !regexp.MustCompile(fmt.Sprintf(`^TOTAL\s+%d$`, len(bank.Questions))).MatchString(lines[len(lines)-1]) {
		t.Errorf("total line = %q, want %d", lines[len(lines)-1], len(bank.Questions))
	}
}

// examAnswers answers the exam the CLI will draw for seed: the first right ones correctly,
// the rest wrongly, one line per question.
func examAnswers(t *testing.T, topic string, seed uint64, right int) (string, *quiz.Session) {
	t.Helper()
	bank, err := quiz.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := quiz.NewExam(bank.ByTopic(topic), quiz.ExamQuestions, seed)
	var in strings.Builder
	for i, p := range s.Items {
		if i < right {
			in.WriteString(p.CorrectLetters() + "\n")
			continue
		}
		// A wrong answer with the right number of letters: one wrong option, then correct ones.
		var letters []string
		for j := range p.Order {
			if !p.Option(j).Correct {
				letters = append(letters, quiz.Letter(j))
				break
			}
		}
		for j := range p.Order {
			if len(letters) < p.Q.Want() && p.Option(j).Correct {
				letters = append(letters, quiz.Letter(j))
			}
		}
		in.WriteString(strings.Join(letters, ",") + "\n")
	}
	return in.String(), s
}

func TestQuizExamEndToEnd(t *testing.T) {
	stdin, s := examAnswers(t, "", 42, 15)
	out, errOut, code := apigwlab(t, stdin, "quiz", "--exam", "--seed", "42")
	if code != 0 {
		t.Fatalf("exit %d, stderr: %s", code, errOut)
	}
	var missed []string
	for _, p := range s.Items[15:] {
		missed = append(missed, p.Q.ID)
	}
	for _, want := range []string{
		"Practice exam: 20 questions in 30 minutes (seed 42). Answers are shown at the end.",
		"Question 1/20 · 00:00 elapsed · 30:00 left",
		"Score: 15/20 (75%) in ",
		", 20 answered\n",
		"Result: PASS (pass mark 72%: an approximation of AWS's scaled passing score of 720/1000",
		"TOPIC ",
		"\nMissed: " + strings.Join(missed, ", ") + "\n",
		"✗ Incorrect: you chose ",
		"Try it: apigwlab lab start ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// Answers are revealed only after the last question.
	if strings.Index(out, "✓ Correct") < strings.Index(out, "Question 20/20 · ") {
		t.Error("an answer was revealed before the end of the exam")
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("NO_COLOR output has escape codes")
	}
	// Per-topic breakdown rows add up to the score.
	right, total := 0, 0
	for _, m := range regexp.MustCompile(`(?m)^[a-z-]+\s+(\d+)\s+(\d+)\s+\d+%$`).FindAllStringSubmatch(out, -1) {
		var r, n int
		fmt.Sscan(m[1], &r)
		fmt.Sscan(m[2], &n)
		right, total = right+r, total+n
	}
	if right != 15 || total != 20 {
		t.Errorf("breakdown adds up to %d/%d, want 15/20", right, total)
	}
}

func TestQuizExamQuitEarlyFails(t *testing.T) {
	stdin, _ := examAnswers(t, "caching", 7, 11)
	lines := strings.SplitAfter(stdin, "\n")
	// Three right answers, a typo that is asked again, then q.
	out, _, code := apigwlab(t, strings.Join(lines[:3], "")+"zz\nq\n", "quiz", "--exam", "--topic", "caching", "--seed", "7", "--minutes", "5")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	n := len(lines) - 1
	for _, want := range []string{
		fmt.Sprintf("Practice exam: %d questions in 5 minutes", n),
		`"z" is not an option`,
		fmt.Sprintf("Score: 3/%d (%.0f%%) in ", n, 300/float64(n)),
		", 3 answered\n",
		"Result: FAIL",
		"✗ Not answered; the answer is ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
}

func TestQuizPracticeEndToEnd(t *testing.T) {
	bank, err := quiz.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := quiz.NewPractice(bank.ByTopic("throttling"), 5)
	first, second := s.Items[0], s.Items[1]
	stdin := first.CorrectLetters() + "\n" + "q\n"
	out, errOut, code := apigwlab(t, stdin, "quiz", "--topic", "throttling", "--seed", "5")
	if code != 0 {
		t.Fatalf("exit %d, stderr: %s", code, errOut)
	}
	for _, want := range []string{
		fmt.Sprintf("Practice: %d questions, Throttling (seed 5).", len(s.Items)),
		"Question 1/" + fmt.Sprint(len(s.Items)) + " · Throttling · " + first.Q.ID,
		"✓ Correct: " + first.CorrectLetters(),
		strings.TrimSpace(first.Option(0).Why),
		"Try it: apigwlab lab start " + first.Q.Lab,
		"Source: " + first.Q.Source,
		"Question 2/" + fmt.Sprint(len(s.Items)) + " · Throttling · " + second.Q.ID,
		"Score: 1/1 (100%)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}

	// End of input quits like q and still scores.
	out, _, _ = apigwlab(t, "", "quiz", "--seed", "5")
	if !strings.Contains(out, "(end of input)") || !strings.Contains(out, "No question answered.") {
		t.Errorf("EOF output:\n%s", out)
	}
}

func TestQuizBadArguments(t *testing.T) {
	for _, args := range [][]string{
		{"quiz", "--topic", "speed"},
		{"quiz", "--exam", "--minutes", "0"},
		{"quiz", "extra"},
	} {
		_, errOut, code := apigwlab(t, "", args...)
		if code != 2 || !strings.HasPrefix(errOut, "apigwlab: ") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 with a reason", args, code, errOut)
		}
	}
}
