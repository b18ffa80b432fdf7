package quiz

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The learning loop: misses come back at once, right answers rest longer each time, and
// the file round-trips.
func TestHistorySpacedRepetition(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	qs := b.Questions[:4]
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s := NewPractice(qs, 1)
	for i, it := range s.Items {
		if i < 2 {
			s.Answer(i, it.Q.Correct())
		} else if i == 2 {
			s.Answer(i, []int{wrongOption(it.Q)})
		} // item 3 unanswered: practice leaves it out
	}
	var h History
	a := h.Add(s, "practice", "", t0)
	if a.Right != 2 || a.Total != 3 || len(a.Missed) != 1 || a.Missed[0] != s.Items[2].Q.ID {
		t.Fatalf("attempt %+v", a)
	}
	if len(h.Questions) != 3 {
		t.Fatalf("records for %d questions, want the 3 answered", len(h.Questions))
	}
	due := h.Due(b, t0)
	if len(due) != 1 || due[0].ID != s.Items[2].Q.ID {
		t.Fatalf("due at once: %v, want only the miss", qids(due))
	}
	if got := h.Due(b, t0.Add(25*time.Hour)); len(got) != 3 || got[0].ID != s.Items[2].Q.ID {
		t.Fatalf("due a day later: %v, want the miss first, then the two right ones", qids(got))
	}
	if m := h.LastMissed(b); len(m) != 1 || m[0].ID != s.Items[2].Q.ID {
		t.Fatalf("last missed %v", qids(m))
	}
	// Right again a day later: box 2, due three days on.
	s2 := NewPractice([]*Question{s.Items[0].Q}, 2)
	s2.Answer(0, s2.Items[0].Q.Correct())
	h.Add(s2, "due", "", t0.Add(25*time.Hour))
	if rec := h.Questions[s.Items[0].Q.ID]; rec.Box != 2 || !rec.Due.Equal(t0.Add(25*time.Hour+72*time.Hour)) {
		t.Fatalf("record after two right answers: %+v", rec)
	}

	path := HistoryFile(t.TempDir())
	if err := h.Save(path); err != nil {
		t.Fatal(err)
	}
	back, err := LoadHistory(path)
	if err != nil || len(back.Attempts) != 2 || len(back.Questions) != 3 {
		t.Fatalf("round trip: %v %+v", err, back)
	}
}

func TestHistoryCorruptFileIsSetAside(t *testing.T) {
	path := filepath.Join(t.TempDir(), "quiz-history.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := LoadHistory(path)
	if err == nil || !strings.Contains(err.Error(), "set aside as "+path+".corrupt") || h == nil || len(h.Attempts) != 0 {
		t.Fatalf("err %v, history %+v", err, h)
	}
	if _, err := os.Stat(path + ".corrupt"); err != nil {
		t.Fatalf("not set aside: %v", err)
	}
	if h, err := LoadHistory(filepath.Join(t.TempDir(), "none.json")); err != nil || h.Questions == nil {
		t.Fatalf("a missing file: %v %+v", err, h)
	}
}

func wrongOption(q *Question) int {
	for i, o := range q.Options {
		if !o.Correct {
			return i
		}
	}
	return -1
}

func qids(qs []*Question) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.ID)
	}
	return out
}
