package quiz

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// The learning loop: every scored session is kept in a history file, and each question has
// a Leitner box. A wrong answer puts the question back in box 0, due at once; a right one
// moves it up a box, due again after that box's interval. "Retry what I missed" practises
// the last session's misses; "due" practises what spaced repetition brings back.

// boxIntervals is how long a question rests in each box before it is due again.
var boxIntervals = []time.Duration{0, 24 * time.Hour, 3 * 24 * time.Hour, 7 * 24 * time.Hour, 21 * 24 * time.Hour}

// maxAttempts bounds the attempts kept in the history file.
const maxAttempts = 100

// History is a learner's quiz history.
type History struct {
	Version   int                `json:"version"`
	Attempts  []Attempt          `json:"attempts"` // oldest first
	Questions map[string]*Record `json:"questions"`
}

// Attempt is one scored session.
type Attempt struct {
	At     time.Time `json:"at"`
	Mode   string    `json:"mode"` // practice, exam, full-exam, missed, due
	Topic  string    `json:"topic,omitempty"`
	Right  int       `json:"right"`
	Total  int       `json:"total"`
	Scaled int       `json:"scaled,omitempty"` // full exam: the 100–1000 score
	Passed bool      `json:"passed,omitempty"`
	Missed []string  `json:"missed,omitempty"`
}

// Record is what the history knows about one question.
type Record struct {
	Seen  int       `json:"seen"`
	Wrong int       `json:"wrong"`
	Box   int       `json:"box"`
	Due   time.Time `json:"due"`
}

// Add records a scored session: the attempt, and each answered question's box (in an exam,
// unanswered questions count as wrong, as they do in the score).
func (h *History) Add(s *Session, mode, topic string, now time.Time) Attempt {
	if h.Questions == nil {
		h.Questions = map[string]*Record{}
	}
	r := s.Score()
	for i, it := range s.Items {
		if s.Answers[i] == nil && !s.Exam {
			continue
		}
		rec := h.Questions[it.Q.ID]
		if rec == nil {
			rec = &Record{}
			h.Questions[it.Q.ID] = rec
		}
		rec.Seen++
		if s.Right(i) {
			rec.Box = min(rec.Box+1, len(boxIntervals)-1)
		} else {
			rec.Wrong++
			rec.Box = 0
		}
		rec.Due = now.Add(boxIntervals[rec.Box])
	}
	a := Attempt{At: now, Mode: mode, Topic: topic, Right: r.Right, Total: r.Total, Passed: r.Passed, Missed: r.Missed}
	if s.Full {
		a.Scaled = r.Scaled
	}
	h.Attempts = append(h.Attempts, a)
	if len(h.Attempts) > maxAttempts {
		h.Attempts = slices.Clone(h.Attempts[len(h.Attempts)-maxAttempts:])
	}
	return a
}

// LastMissed returns the questions the most recent attempt with misses got wrong, in bank
// order (unknown ids are skipped).
func (h *History) LastMissed(b *Bank) []*Question {
	for i := len(h.Attempts) - 1; i >= 0; i-- {
		if len(h.Attempts[i].Missed) == 0 {
			continue
		}
		return b.pick(h.Attempts[i].Missed)
	}
	return nil
}

// Due returns the questions spaced repetition brings back at now: seen before and due,
// wrong ones (box 0) first, then by due time.
func (h *History) Due(b *Bank, now time.Time) []*Question {
	var ids []string
	for id, rec := range h.Questions {
		if !rec.Due.After(now) {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(x, y string) int {
		rx, ry := h.Questions[x], h.Questions[y]
		if rx.Box != ry.Box {
			return rx.Box - ry.Box
		}
		if c := rx.Due.Compare(ry.Due); c != 0 {
			return c
		}
		return compareStrings(x, y)
	})
	var out []*Question
	for _, id := range ids {
		if q, ok := b.Get(id); ok {
			out = append(out, q)
		}
	}
	return out
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// pick returns the questions of ids that are in the bank, in bank order.
func (b *Bank) pick(ids []string) []*Question {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var out []*Question
	for _, q := range b.Questions {
		if want[q.ID] {
			out = append(out, q)
		}
	}
	return out
}

// HistoryFile is where the history is kept: quiz-history.json in dir.
func HistoryFile(dir string) string { return filepath.Join(dir, "quiz-history.json") }

// LoadHistory reads the history at path; a missing file is an empty history. A file that
// cannot be read is moved aside (path + ".corrupt") so that the next save starts afresh,
// and the error says so.
func LoadHistory(path string) (*History, error) {
	h := &History{Version: 1, Questions: map[string]*Record{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return h, fmt.Errorf("quiz history %s: %w", path, err)
	}
	if err := json.Unmarshal(data, h); err != nil {
		aside := path + ".corrupt"
		_ = os.Rename(path, aside)
		return &History{Version: 1, Questions: map[string]*Record{}}, fmt.Errorf("quiz history %s was unreadable (%v); it was set aside as %s", path, err, aside)
	}
	if h.Questions == nil {
		h.Questions = map[string]*Record{}
	}
	return h, nil
}

// Save writes the history to path atomically (a temporary file renamed over it).
func (h *History) Save(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("quiz history: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(h); err != nil {
		return fmt.Errorf("quiz history: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".quiz-history-*.json")
	if err != nil {
		return fmt.Errorf("quiz history: %w", err)
	}
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("quiz history: %w", err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("quiz history: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("quiz history: %w", err)
	}
	return nil
}
