package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"

	"apigwlab/quiz"
)

// rightKeys are the keys that answer the shown question correctly, then enter.
func rightKeys(q *quizScreen) []string {
	it := q.sess.Items[q.at]
	var keys []string
	for i := range it.Order {
		if it.Option(i).Correct {
			keys = append(keys, quiz.Letter(i))
		}
	}
	return append(keys, "enter")
}

func TestQuizPractice(t *testing.T) {
	a := newTestApp(t, 100, 40)
	press(t, a, "7", "j", "enter") // the first topic
	q := a.screens[screenQuiz].(*quizScreen)
	if q.sess == nil || q.sess.Exam || q.topic == "" {
		t.Fatalf("no practice session: %+v", q.sess)
	}
	press(t, a, rightKeys(q)...)
	v := viewOf(t, a)
	for _, want := range []string{"✓ right", "Why", "1/1 right"} {
		if !strings.Contains(v, want) {
			t.Fatalf("after a right answer the view lacks %q:\n%s", want, v)
		}
	}
	press(t, a, "enter")
	if q.at != 1 || q.answered {
		t.Fatalf("enter did not move to question 2 (at %d)", q.at)
	}
	// a wrong answer names the right letters
	it := q.sess.Items[q.at]
	wrong := ""
	for i := range it.Order {
		if !it.Option(i).Correct {
			wrong = quiz.Letter(i)
			break
		}
	}
	keys := []string{wrong}
	for len(keys) < it.Q.Want() { // a multiple-answer question needs as many letters
		for i := range it.Order {
			if l := quiz.Letter(i); len(keys) < it.Q.Want() && l != wrong {
				keys = append(keys, l)
			}
		}
	}
	press(t, a, append(keys, "enter")...)
	if v := viewOf(t, a); !strings.Contains(v, "✗ the answer is "+it.CorrectLetters()) {
		t.Fatalf("a wrong answer does not name the right one:\n%s", v)
	}
	press(t, a, "q")
	if v := viewOf(t, a); !q.done || !strings.Contains(v, "Score: 1/2 (50%)") {
		t.Fatalf("q shows the score:\n%s", v)
	}
	press(t, a, "esc")
	if q.sess != nil {
		t.Fatal("esc did not go back to the topics")
	}
}

// noTicks stops the exam countdown's ticks, which would otherwise fire forever at a
// fixed test time.
func noTicks(a *app) {
	a.sh.tick = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
}

func TestQuizExam(t *testing.T) {
	a := newTestApp(t, 100, 40)
	noTicks(a)
	press(t, a, "7", "x")
	q := a.screens[screenQuiz].(*quizScreen)
	if v := viewOf(t, a); !strings.Contains(v, "Exam · question 1 of 20 · 30:00 left") {
		t.Fatalf("exam header:\n%s", v)
	}
	for i := 0; i < 20; i++ {
		if i == 3 {
			press(t, a, "enter") // the first wrong one: skipped ones count as wrong in an exam
			press(t, a, "a", "b", "c", "d", "e", "enter")
			continue
		}
		press(t, a, rightKeys(q)...)
	}
	v := viewOf(t, a)
	if !q.done || !strings.Contains(v, "PASS") || !strings.Contains(v, "By topic") {
		t.Fatalf("exam result:\n%s", v)
	}
}

func TestQuizExamTimesOut(t *testing.T) {
	a := newTestApp(t, 100, 40)
	now := testStart
	a.sh.now = func() time.Time { return now }
	noTicks(a)
	press(t, a, "7", "x")
	q := a.screens[screenQuiz].(*quizScreen)
	now = now.Add(31 * time.Minute)
	drive(t, a, quizTickMsg{gen: q.tickGen})
	if v := viewOf(t, a); !q.done || !strings.Contains(v, "Time is up") || !strings.Contains(v, "Score: 0/20") {
		t.Fatalf("after the time limit:\n%s", v)
	}
}

func TestGoldenQuiz(t *testing.T) {
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("home-%dx%d", sz[0], sz[1]), func(t *testing.T) {
			a := newTestApp(t, sz[0], sz[1])
			press(t, a, "7")
			golden.RequireEqual(t, []byte(viewOf(t, a)))
		})
	}
}

// Issue 15: q and esc end a timed exam only after "hand in now?" is confirmed.
func TestQuizExamAsksBeforeHandingIn(t *testing.T) {
	a := newTestApp(t, 80, 24)
	noTicks(a)
	press(t, a, "7", "x")
	q := a.screens[screenQuiz].(*quizScreen)
	press(t, a, "q")
	if v := viewOf(t, a); q.done || !strings.Contains(v, "Hand in the exam now? 20 unanswered") {
		t.Fatalf("q ended the exam without asking:\n%s", v)
	}
	press(t, a, "n")
	if q.done || q.confirm {
		t.Fatal("n did not return to the exam")
	}
	press(t, a, "esc")
	if !q.confirm {
		t.Fatal("esc did not ask to hand in")
	}
	press(t, a, "y")
	v := viewOf(t, a)
	if !q.done || !strings.Contains(v, "Score: 0/20") {
		t.Fatalf("y did not hand in:\n%s", v)
	}
	// At 80 columns the verdict wraps instead of being cut.
	if !strings.Contains(v, "720/1000)") {
		t.Fatalf("the verdict line is cut at 80 columns:\n%s", v)
	}
}

// Issue 15: enter with too few letters says how many to choose; the keys help names the
// letters the question has.
func TestQuizSaysHowManyToChoose(t *testing.T) {
	a := newTestApp(t, 100, 40)
	press(t, a, "7", "enter")
	q := a.screens[screenQuiz].(*quizScreen)
	var multi, four *quiz.Question
	for _, x := range q.bank.Questions {
		if multi == nil && x.Want() == 2 {
			multi = x
		}
		if four == nil && len(x.Options) == 4 {
			four = x
		}
	}
	q.sess = quiz.NewPractice([]*quiz.Question{multi, four}, 1)
	q.at = 0
	q.render()
	press(t, a, "a", "enter")
	if v := viewOf(t, a); q.answered || !strings.Contains(v, "choose 2 (1 picked)") {
		t.Fatalf("enter with one of two letters:\n%s", v)
	}
	q.at = 1
	q.render()
	if h := q.Help(); h.short[0].Help().Key != "a-d" {
		t.Fatalf("keys help for a 4-option question: %q", h.short[0].Help().Key)
	}
}

// The full practice exam: 65 questions, flag, back (the answer kept), the review list,
// jumping from it, confirmation, a scaled score and the domain breakdown.
func TestQuizFullExam(t *testing.T) {
	a := newTestApp(t, 100, 40)
	noTicks(a)
	press(t, a, "7", "e")
	q := a.screens[screenQuiz].(*quizScreen)
	if v := viewOf(t, a); !q.sess.Full || !strings.Contains(v, "Practice exam · question 1 of 65 · 130:00 left") {
		t.Fatalf("practice exam header:\n%s", v)
	}
	press(t, a, "f")
	if v := viewOf(t, a); !q.sess.Flagged[0] || !strings.Contains(v, "⚑ flagged") {
		t.Fatalf("f did not flag:\n%s", v)
	}
	first := rightKeys(q)
	press(t, a, first...)
	if q.at != 1 {
		t.Fatalf("an answer did not move on (at %d)", q.at)
	}
	press(t, a, "p")
	if q.at != 0 || len(q.chosen) != len(first)-1 {
		t.Fatalf("back did not restore question 1 and its answer (at %d, chosen %v)", q.at, q.chosen)
	}
	press(t, a, "r")
	v := viewOf(t, a)
	if !q.review || !strings.Contains(v, "review · 64 unanswered · 1 flagged") || !strings.Contains(v, "answered") {
		t.Fatalf("review list:\n%s", v)
	}
	press(t, a, "down", "down", "enter")
	if q.review || q.at != 2 {
		t.Fatalf("enter in the review did not go to question 3 (at %d)", q.at)
	}
	press(t, a, "r", "s")
	if v := viewOf(t, a); !q.confirm || !strings.Contains(v, "Hand in the exam now? 64 unanswered (they count as wrong), 1 flagged.") {
		t.Fatalf("s in the review did not ask:\n%s", v)
	}
	press(t, a, "y")
	v = viewOf(t, a)
	for _, want := range []string{"Score: 114/1000 (1/65 right)", "FAIL at 720/1000", "By exam domain", "Development with AWS Services"} {
		if !q.done || !strings.Contains(v, want) {
			t.Fatalf("result lacks %q:\n%s", want, v)
		}
	}
}

func TestGoldenQuizFullExamReview(t *testing.T) {
	a := newTestApp(t, 80, 24)
	noTicks(a)
	press(t, a, "7", "e", "f", "r")
	golden.RequireEqual(t, []byte(viewOf(t, a)))
}

// The learning loop on the Quiz screen: a finished session is kept, m retries its misses,
// d brings back what is due.
func TestQuizRetryMissed(t *testing.T) {
	t.Setenv("APIGWLAB_CONFIG_DIR", t.TempDir())
	a := newTestApp(t, 100, 40)
	press(t, a, "7", "m")
	q := a.screens[screenQuiz].(*quizScreen)
	if v := viewOf(t, a); q.sess != nil || !strings.Contains(v, "Nothing to retry") {
		t.Fatalf("m with no history:\n%s", v)
	}
	press(t, a, "j", "enter") // practise the first topic
	it := q.sess.Items[0]
	wrong := []string{}
	for i := range it.Order {
		if !it.Option(i).Correct && len(wrong) < it.Q.Want() {
			wrong = append(wrong, quiz.Letter(i))
		}
	}
	for len(wrong) < it.Q.Want() { // a "choose N" question with fewer wrong options than N
		wrong = append(wrong, quiz.Letter(0))
	}
	press(t, a, append(wrong, "enter", "q", "esc")...)
	press(t, a, "m")
	if q.sess == nil || len(q.sess.Items) != 1 || q.sess.Items[0].Q.ID != it.Q.ID || q.mode != "missed" {
		t.Fatalf("m did not retry the one miss: %+v", q.sess)
	}
	if v := viewOf(t, a); !strings.Contains(v, "Practice · missed last time · question 1 of 1") {
		t.Fatalf("retry header:\n%s", v)
	}
	press(t, a, "q", "esc", "d")
	if q.sess == nil || q.sess.Items[0].Q.ID != it.Q.ID {
		t.Fatal("d did not bring the miss back")
	}
}
