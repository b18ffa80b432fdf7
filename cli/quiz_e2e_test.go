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
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	// A missed question linked to a lab step says which one to try.
	for _, p := range s.Items[15:] {
		if try := fmt.Sprintf("Try it: apigwlab lab start %s (step %d)", p.Q.Lab, p.Q.Step); p.Q.Lab != "" && !strings.Contains(out, try) {
			t.Errorf("output lacks %q", try)
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
		"Source: " + first.Q.Source,
		"Question 2/" + fmt.Sprint(len(s.Items)) + " · Throttling · " + second.Q.ID,
		"Score: 1/1 (100%)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
	// A question links to a lab only with the step that shows it; without one, no "Try it".
	if try := fmt.Sprintf("Try it: apigwlab lab start %s (step %d)", first.Q.Lab, first.Q.Step); first.Q.Lab != "" && !strings.Contains(out, try) {
		t.Errorf("output lacks %q\n%s", try, out)
	} else if first.Q.Lab == "" && strings.Contains(out, "Try it: apigwlab lab start  ") {
		t.Errorf("an empty lab link is printed\n%s", out)
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

// The full exam: flag, back, the review list, jumping to a question, and a confirmed
// hand-in, then the scaled score and the domain breakdown.
func TestQuizFullExamEndToEnd(t *testing.T) {
	bank, err := quiz.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := quiz.NewFullExam(bank.Questions, 11)
	second := s.Items[1]
	// Flag question 1, skip to 2, answer it right, go back to 1 (still flagged), open the
	// review, jump to 3, hand in: asked to confirm, refuse, then hand in for real.
	in := "f\nn\n" + second.CorrectLetters() + "\np\np\nr\n3\ns\nn\ns\ny\n"
	out, errOut, code := apigwlab(t, in, "quiz", "--exam", "--full", "--seed", "11")
	if code != 0 {
		t.Fatalf("exit %d, stderr: %s\n%s", code, errOut, out)
	}
	for _, want := range []string{
		"Practice exam: 65 questions in 130 minutes, drawn by DVA-C02 domain weight (seed 11).",
		"Question 1 flagged for review.",
		"Review · 1 answered · 64 unanswered · 1 flagged",
		" 1 — ⚑",
		" 2 answered",
		"Question 3/65 ·",
		"Hand in the exam now? 64 unanswered (they count as wrong), 1 flagged. y/n",
		"Score: 114/1000 (1/65 right)",
		"Result: FAIL (pass mark 720;",
		"Development with AWS Services",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`Question 1/65 · \d\d:\d\d elapsed · \d+:\d\d left · flagged`).MatchString(out) {
		t.Errorf("going back to question 1 does not show it flagged:\n%s", out)
	}
	if strings.Count(out, "Hand in the exam now?") != 2 {
		t.Errorf("want the confirmation twice (refused once):\n%s", out)
	}
	if !regexp.MustCompile(`(?m)^Development with AWS Services\s+32%\s+\d+\s+21\s+\d+%$`).MatchString(out) {
		t.Errorf("domain table lacks development's 21 questions:\n%s", out)
	}
}

// The learning loop from the command line: a practice session is kept in the history,
// --missed retries exactly its misses, --due brings them back, --history lists attempts.
func TestQuizHistoryMissedAndDue(t *testing.T) {
	t.Setenv("APIGWLAB_CONFIG_DIR", t.TempDir())
	bank, err := quiz.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := quiz.NewPractice(bank.ByTopic("caching"), 3)
	first, second := s.Items[0], s.Items[1]
	wrong := ""
	for i := range second.Order {
		if !second.Option(i).Correct {
			wrong = quiz.Letter(i)
			break
		}
	}
	if second.Q.Want() > 1 {
		t.Skip("the drawn question needs several letters")
	}
	in := first.CorrectLetters() + "\n" + wrong + "\nq\n"
	out, errOut, code := apigwlab(t, in, "quiz", "--topic", "caching", "--seed", "3")
	if code != 0 || !strings.Contains(out, "Kept in the history") {
		t.Fatalf("practice: exit %d %s\n%s", code, errOut, out)
	}
	out, _, code = apigwlab(t, "q\n", "quiz", "--missed", "--seed", "1")
	if code != 0 || !strings.Contains(out, "Practice: 1 questions, 1 missed last time") || !strings.Contains(out, second.Q.ID) {
		t.Fatalf("--missed:\n%s", out)
	}
	out, _, code = apigwlab(t, "q\n", "quiz", "--due", "--seed", "1")
	if code != 0 || !strings.Contains(out, "1 due for review") || !strings.Contains(out, second.Q.ID) {
		t.Fatalf("--due:\n%s", out)
	}
	out, _, code = apigwlab(t, "", "quiz", "--history")
	if code != 0 || !regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\d \d\d:\d\d\s+practice\s+1/2\s+-\s+1$`).MatchString(out) || !strings.Contains(out, "1 questions due for review now") {
		t.Fatalf("--history:\n%s", out)
	}
	if _, errOut, code := apigwlab(t, "", "quiz", "--missed", "--due"); code != 2 || !strings.Contains(errOut, "choose one of") {
		t.Fatalf("--missed --due: exit %d %s", code, errOut)
	}
}
