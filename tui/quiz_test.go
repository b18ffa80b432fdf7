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
