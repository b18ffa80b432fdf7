package cli

import (
	"io"
	"strings"
	"testing"
	"time"

	"apigwlab/quiz"
)

// TestQuizExamTimeUp runs an exam whose time runs out while waiting for an answer.
func TestQuizExamTimeUp(t *testing.T) {
	bank, err := quiz.Load()
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe() // never written: the candidate thinks forever
	defer pw.Close()
	var out strings.Builder
	r := &quizRunner{in: newLineReader(pr), out: &out, now: time.Now}
	defer r.in.stop()
	if _, err := r.exam(bank, quizOptions{seed: 1, limit: 20 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Time is up: unanswered questions count as wrong.",
		"Score: 0/20 (0%)",
		", 0 answered",
		"Result: FAIL",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q\n%s", want, out.String())
		}
	}
}

func TestQuizClock(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                               "00:00",
		1500 * time.Millisecond:         "00:02",
		29*time.Minute + 59*time.Second: "29:59",
		30 * time.Minute:                "30:00",
		2*time.Hour + 5*time.Second:     "120:05",
	} {
		if got := quizClock(d); got != want {
			t.Errorf("quizClock(%v) = %q, want %q", d, got, want)
		}
	}
}
