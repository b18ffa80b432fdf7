package quiz

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// synthetic builds a question of a topic with the given correct options out of n.
func synthetic(id, topic string, n int, correct ...int) *Question {
	q := &Question{ID: id, Topic: topic, Type: Single, Question: id}
	if len(correct) > 1 {
		q.Type = Multiple
	}
	for i := 0; i < n; i++ {
		q.Options = append(q.Options, &Option{Text: fmt.Sprintf("option %d", i), Why: "why"})
	}
	for _, c := range correct {
		q.Options[c].Correct = true
	}
	return q
}

func TestPresentedParse(t *testing.T) {
	q := synthetic("q", "caching", 5, 1, 3)
	// Shown order: e, d, c, b, a of the file, so file option 1 is letter d and 3 is letter b.
	p := Presented{Q: q, Order: []int{4, 3, 2, 1, 0}}
	tests := []struct {
		in      string
		want    []int
		wantErr string
	}{
		{"b,d", []int{3, 1}, ""},
		{"D, B", []int{1, 3}, ""},
		{" b d ", []int{3, 1}, ""},
		{"bd", []int{3, 1}, ""},
		{"b,b,d", []int{3, 1}, ""},
		{"b", nil, "choose 2 options"},
		{"a,b,c", nil, "choose 2 options"},
		{"", nil, "answer with a letter a–e"},
		{"f", nil, `"f" is not an option`},
		{"b;d", nil, `";" is not an option`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := p.Parse(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse(%q) error = %v, want %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
	if got := p.CorrectLetters(); got != "b, d" {
		t.Errorf("CorrectLetters = %q, want b, d", got)
	}
	if got := p.Option(0); got != q.Options[4] {
		t.Errorf("Option(0) is not the file's option 5")
	}
	single := Presented{Q: synthetic("s", "caching", 4, 2), Order: []int{0, 1, 2, 3}}
	if _, err := single.Parse("a,c"); err == nil || err.Error() != "choose one option" {
		t.Errorf("two letters for a single question: %v", err)
	}
}

func TestIsRight(t *testing.T) {
	q := synthetic("q", "caching", 5, 0, 2)
	tests := []struct {
		chosen []int
		want   bool
	}{
		{[]int{0, 2}, true},
		{[]int{2, 0}, true},
		{[]int{0}, false},
		{[]int{0, 1}, false},
		{[]int{0, 2, 4}, false},
		{[]int{0, 0}, false},
		{[]int{0, 9}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := q.IsRight(tt.chosen); got != tt.want {
			t.Errorf("IsRight(%v) = %v, want %v", tt.chosen, got, tt.want)
		}
	}
}

func ids(s *Session) []string {
	var out []string
	for _, it := range s.Items {
		out = append(out, it.Q.ID)
	}
	return out
}

func TestNewExamIsSeeded(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	a, a2, c := NewExam(b.Questions, ExamQuestions, 42), NewExam(b.Questions, ExamQuestions, 42), NewExam(b.Questions, ExamQuestions, 43)
	if len(a.Items) != ExamQuestions || !a.Exam {
		t.Fatalf("exam has %d items, exam=%v", len(a.Items), a.Exam)
	}
	if !reflect.DeepEqual(ids(a), ids(a2)) || !reflect.DeepEqual(a.Items[0].Order, a2.Items[0].Order) {
		t.Error("the same seed drew different exams")
	}
	if reflect.DeepEqual(ids(a), ids(c)) {
		t.Error("seeds 42 and 43 drew the same exam")
	}
	seen := map[string]bool{}
	for _, id := range ids(a) {
		if seen[id] {
			t.Errorf("question %s drawn twice", id)
		}
		seen[id] = true
	}
	small := NewExam(b.ByTopic("cors"), ExamQuestions, 1)
	if len(small.Items) != len(b.ByTopic("cors")) {
		t.Errorf("an exam from %d questions has %d", len(b.ByTopic("cors")), len(small.Items))
	}
	p := NewPractice(b.Questions, 1)
	if len(p.Items) != len(b.Questions) || p.Exam {
		t.Errorf("practice has %d of %d questions, exam=%v", len(p.Items), len(b.Questions), p.Exam)
	}
}

func TestScore(t *testing.T) {
	qs := []*Question{
		synthetic("c1", "caching", 4, 0),
		synthetic("c2", "caching", 4, 1),
		synthetic("t1", "throttling", 5, 0, 1),
		synthetic("m1", "mock-integrations", 4, 3),
	}
	s := &Session{Exam: true, Answers: make([][]int, len(qs))}
	for _, q := range qs {
		s.Items = append(s.Items, Presented{Q: q, Order: []int{0, 1, 2, 3}})
	}
	s.Answer(0, []int{0})    // right
	s.Answer(1, []int{0})    // wrong
	s.Answer(2, []int{1, 0}) // right
	// m1 not answered
	r := s.Score()
	want := Result{Right: 2, Total: 4, Answered: 3, Scaled: 550, Passed: false,
		Topics: []TopicScore{
			{Topic{"mock-integrations", "MOCK integrations"}, 0, 1},
			{Topic{"throttling", "Throttling"}, 1, 1},
			{Topic{"caching", "Caching"}, 1, 2},
		},
		Domains: []DomainScore{
			{Domain{"development", "Development with AWS Services", 0.32}, 0, 1},
			{Domain{"troubleshooting", "Troubleshooting and Optimization", 0.18}, 2, 3},
		},
		Missed: []string{"c2", "m1"},
	}
	if !reflect.DeepEqual(r, want) {
		t.Errorf("exam score:\n got %+v\nwant %+v", r, want)
	}
	if r.Percent() != 50 || r.Topics[2].Percent() != 50 {
		t.Errorf("percent = %v, caching %v", r.Percent(), r.Topics[2].Percent())
	}

	s.Exam = false // practice scores only what was answered
	r = s.Score()
	if r.Total != 3 || r.Right != 2 || !reflect.DeepEqual(r.Missed, []string{"c2"}) || len(r.Topics) != 2 {
		t.Errorf("practice score = %+v", r)
	}
}

func TestPassMark(t *testing.T) {
	for _, tt := range []struct {
		right, total int
		pass         bool
	}{
		{15, 20, true}, {14, 20, false}, {18, 25, true}, {17, 25, false}, {20, 20, true}, {0, 0, false},
	} {
		s := &Session{Exam: true}
		for i := 0; i < tt.total; i++ {
			s.Items = append(s.Items, Presented{Q: synthetic(fmt.Sprint(i), "cors", 4, 0), Order: []int{0, 1, 2, 3}})
			s.Answers = append(s.Answers, nil)
			if i < tt.right {
				s.Answers[i] = []int{0}
			}
		}
		if got := s.Score().Passed; got != tt.pass {
			t.Errorf("%d/%d passed = %v, want %v", tt.right, tt.total, got, tt.pass)
		}
	}
}

// The full exam is DVA-C02-shaped: 65 questions, split over the domains by weight.
func TestFullExamFollowsDomainWeights(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	q := DomainQuotas(FullExamQuestions)
	if q["development"] != 21 || q["security"] != 17 || q["deployment"] != 15 || q["troubleshooting"] != 12 {
		t.Fatalf("quotas for 65: %v", q)
	}
	s := NewFullExam(b.Questions, 7)
	if len(s.Items) != FullExamQuestions || !s.Exam || !s.Full || len(s.Flagged) != FullExamQuestions {
		t.Fatalf("full exam: %d items, exam %v, full %v", len(s.Items), s.Exam, s.Full)
	}
	got := map[string]int{}
	seen := map[string]bool{}
	for _, it := range s.Items {
		got[it.Q.DomainID()]++
		if seen[it.Q.ID] {
			t.Fatalf("%s drawn twice", it.Q.ID)
		}
		seen[it.Q.ID] = true
	}
	for d, n := range q {
		if got[d] != n {
			t.Errorf("domain %s: %d questions, want %d (%v)", d, got[d], n, got)
		}
	}
	again := NewFullExam(b.Questions, 7)
	for i := range s.Items {
		if s.Items[i].Q.ID != again.Items[i].Q.ID {
			t.Fatal("the same seed drew another exam")
		}
	}
}

// Scaled scores map the share of right answers onto 100–1000; the full exam passes at 720.
func TestFullExamScaledScore(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	s := NewFullExam(b.Questions, 3)
	for i, it := range s.Items {
		if i < 45 { // 45/65 right: 100 + 900×45/65 = 723
			s.Answer(i, it.Q.Correct())
		}
	}
	s.Flag(3)
	s.Flag(4)
	s.Flag(4)
	if s.FlaggedCount() != 1 || s.Unanswered() != 20 {
		t.Fatalf("flagged %d, unanswered %d", s.FlaggedCount(), s.Unanswered())
	}
	r := s.Score()
	if r.Right != 45 || r.Total != 65 || r.Scaled != 723 || !r.Passed {
		t.Fatalf("result %+v", r)
	}
	total := 0
	for _, d := range r.Domains {
		total += d.Total
	}
	if len(r.Domains) != 4 || total != 65 || r.Domains[0].Domain.ID != "development" {
		t.Fatalf("domains %+v", r.Domains)
	}
	s.Answers[0] = nil // 44/65 → 709: fail
	if r := s.Score(); r.Scaled != 709 || r.Passed {
		t.Fatalf("44 right: %+v", r)
	}
}
