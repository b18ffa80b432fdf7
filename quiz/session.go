package quiz

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// Exam settings. The quick exam is a 20-question drill; the full exam follows DVA-C02's
// format: 65 questions in 130 minutes, drawn by domain weight, passed at 720 of 1000
// (AWS Certified Developer – Associate exam guide).
const (
	ExamQuestions = 20
	ExamMinutes   = 30
	// PassPercent approximates AWS's passing score of 720 on a 100–1000 scaled score; the real
	// exam is scaled, so a raw 72% is only an indication.
	PassPercent = 72

	FullExamQuestions = 65
	FullExamMinutes   = 130
	// PassScaled is AWS's passing score on the 100–1000 scale.
	PassScaled = 720
)

// Presented is a question as shown: options in a shuffled order, lettered a, b, c…
type Presented struct {
	Q *Question
	// Order[i] is the index in Q.Options of the option shown with letter i.
	Order []int
}

// Present shuffles a question's options for display; the file order is never changed.
func Present(q *Question, rng *rand.Rand) Presented {
	return Presented{Q: q, Order: rng.Perm(len(q.Options))}
}

// Letter is the letter of the i-th shown option.
func Letter(i int) string { return string(rune('a' + i)) }

// Option returns the option shown with letter i.
func (p Presented) Option(i int) *Option { return p.Q.Options[p.Order[i]] }

// Letters names options (indexes in file order) by their shown letters, sorted: "a, c".
func (p Presented) Letters(chosen []int) string {
	var ls []string
	for i, idx := range p.Order {
		for _, c := range chosen {
			if c == idx {
				ls = append(ls, Letter(i))
				break
			}
		}
	}
	return strings.Join(ls, ", ")
}

// CorrectLetters names the correct options by their shown letters.
func (p Presented) CorrectLetters() string { return p.Letters(p.Q.Correct()) }

// Parse reads an answer such as "b", "a,c", "A, C" or "a c" and returns the chosen options
// as indexes in file order. The answer must name as many options as the question asks for.
func (p Presented) Parse(input string) ([]int, error) {
	n := len(p.Order)
	var chosen []int
	seen := map[int]bool{}
	for _, r := range strings.ToLower(input) {
		switch {
		case r == ',' || r == ' ' || r == '\t':
			continue
		case r >= 'a' && r < rune('a'+n):
			i := p.Order[r-'a']
			if !seen[i] {
				seen[i] = true
				chosen = append(chosen, i)
			}
		default:
			return nil, fmt.Errorf("%q is not an option: answer with letters a–%s", string(r), Letter(n-1))
		}
	}
	want := p.Q.Want()
	switch {
	case len(chosen) == 0:
		return nil, fmt.Errorf("answer with a letter a–%s", Letter(n-1))
	case len(chosen) != want && want == 1:
		return nil, fmt.Errorf("choose one option")
	case len(chosen) != want:
		return nil, fmt.Errorf("choose %d options, separated by commas (e.g. a,c)", want)
	}
	return chosen, nil
}

// Session is one run of the quiz: presented questions and the answers given so far.
type Session struct {
	Items []Presented
	// Answers[i] holds the options chosen for Items[i] (file-order indexes); nil if unanswered.
	Answers [][]int
	// Exam counts unanswered questions as wrong; practice scores only what was answered.
	Exam bool
	// Full marks the 65-question exam: scored on the 100–1000 scale, passed at PassScaled.
	Full bool
	// Flagged[i] marks Items[i] for review (the exam's "flag for review").
	Flagged []bool
}

func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// NewPractice presents every question of qs once, in an order and with option orders drawn
// from seed.
func NewPractice(qs []*Question, seed uint64) *Session {
	rng := newRand(seed)
	s := &Session{}
	for _, i := range rng.Perm(len(qs)) {
		s.Items = append(s.Items, Present(qs[i], rng))
	}
	s.Answers = make([][]int, len(s.Items))
	s.Flagged = make([]bool, len(s.Items))
	return s
}

// NewExam draws n questions of qs at random (all of them if there are fewer), seeded: the same
// bank, n and seed always give the same exam.
func NewExam(qs []*Question, n int, seed uint64) *Session {
	s := NewPractice(qs, seed)
	if n >= 0 && n < len(s.Items) {
		s.Items = s.Items[:n]
		s.Answers = s.Answers[:n]
		s.Flagged = s.Flagged[:n]
	}
	s.Exam = true
	return s
}

// NewFullExam draws a DVA-C02-shaped exam of FullExamQuestions from qs: each domain gets its
// weight's share of the questions (largest remainder), a domain short of questions is
// topped up from the others, and the order and option orders come from seed.
func NewFullExam(qs []*Question, seed uint64) *Session {
	rng := newRand(seed)
	n := min(FullExamQuestions, len(qs))
	pools := map[string][]*Question{}
	for _, i := range rng.Perm(len(qs)) {
		d := qs[i].DomainID()
		pools[d] = append(pools[d], qs[i])
	}
	quota := DomainQuotas(n)
	var picked, rest []*Question
	for _, d := range domains {
		k := min(quota[d.ID], len(pools[d.ID]))
		picked = append(picked, pools[d.ID][:k]...)
		rest = append(rest, pools[d.ID][k:]...)
	}
	picked = append(picked, rest[:n-len(picked)]...)
	s := &Session{Exam: true, Full: true}
	for _, i := range rng.Perm(len(picked)) {
		s.Items = append(s.Items, Present(picked[i], rng))
	}
	s.Answers = make([][]int, len(s.Items))
	s.Flagged = make([]bool, len(s.Items))
	return s
}

// DomainQuotas splits n questions over the DVA-C02 domains by weight, largest remainder
// first: 65 gives development 21, security 17, deployment 15, troubleshooting 12.
func DomainQuotas(n int) map[string]int {
	out := map[string]int{}
	type rem struct {
		id string
		r  float64
	}
	var rems []rem
	left := n
	for _, d := range domains {
		exact := float64(n) * d.Weight
		out[d.ID] = int(exact)
		left -= int(exact)
		rems = append(rems, rem{d.ID, exact - float64(int(exact))})
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.r, a.r) })
	for i := 0; i < left; i++ {
		out[rems[i%len(rems)].id]++
	}
	return out
}

// Flag toggles the review flag of item i.
func (s *Session) Flag(i int) {
	if i >= 0 && i < len(s.Flagged) {
		s.Flagged[i] = !s.Flagged[i]
	}
}

// Unanswered counts the items without an answer.
func (s *Session) Unanswered() int {
	n := 0
	for _, a := range s.Answers {
		if a == nil {
			n++
		}
	}
	return n
}

// FlaggedCount counts the items flagged for review.
func (s *Session) FlaggedCount() int {
	n := 0
	for _, f := range s.Flagged {
		if f {
			n++
		}
	}
	return n
}

// Answer records the options chosen for item i.
func (s *Session) Answer(i int, chosen []int) {
	if i >= 0 && i < len(s.Answers) {
		s.Answers[i] = append([]int{}, chosen...)
	}
}

// Right reports whether item i was answered correctly.
func (s *Session) Right(i int) bool {
	return s.Answers[i] != nil && s.Items[i].Q.IsRight(s.Answers[i])
}

// TopicScore is the result of one topic.
type TopicScore struct {
	Topic        Topic
	Right, Total int
}

// Percent is the share of right answers, 0 when the topic had no question.
func (t TopicScore) Percent() float64 { return percent(t.Right, t.Total) }

func percent(right, total int) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(right) / float64(total)
}

// DomainScore is the result of one DVA-C02 domain.
type DomainScore struct {
	Domain       Domain
	Right, Total int
}

// Percent is the share of right answers, 0 when the domain had no question.
func (d DomainScore) Percent() float64 { return percent(d.Right, d.Total) }

// Result is a scored session.
type Result struct {
	Right, Total int
	Answered     int
	// Scaled is the score on AWS's 100–1000 scale, mapped linearly from the share of right
	// answers (AWS's own scaling model is not published: treat it as an indication).
	Scaled int
	// Passed: Scaled ≥ PassScaled for the full exam, Right/Total ≥ PassPercent otherwise
	// (exams only mean something by it).
	Passed bool
	// Topics is the per-topic breakdown, in topic order, only topics that had questions.
	Topics []TopicScore
	// Domains is the per-domain breakdown, in exam-guide order, only domains with questions.
	Domains []DomainScore
	// Missed lists the ids of questions answered wrong or not answered (in an exam).
	Missed []string
}

// Percent is the share of right answers.
func (r Result) Percent() float64 { return percent(r.Right, r.Total) }

// Score scores the session: in an exam every question counts, in practice only answered ones.
func (s *Session) Score() Result {
	var r Result
	by := map[string]*TopicScore{}
	byDomain := map[string]*DomainScore{}
	for i, it := range s.Items {
		answered := s.Answers[i] != nil
		if answered {
			r.Answered++
		}
		if !answered && !s.Exam {
			continue
		}
		ts := by[it.Q.Topic]
		if ts == nil {
			ts = &TopicScore{Topic: Topic{ID: it.Q.Topic, Title: TopicTitle(it.Q.Topic)}}
			by[it.Q.Topic] = ts
		}
		d := it.Q.DomainID()
		ds := byDomain[d]
		if ds == nil {
			ds = &DomainScore{Domain: Domain{ID: d, Title: DomainTitle(d)}}
			byDomain[d] = ds
		}
		r.Total++
		ts.Total++
		ds.Total++
		if s.Right(i) {
			r.Right++
			ts.Right++
			ds.Right++
		} else {
			r.Missed = append(r.Missed, it.Q.ID)
		}
	}
	for _, t := range topics {
		if ts := by[t.ID]; ts != nil {
			r.Topics = append(r.Topics, *ts)
		}
	}
	for _, d := range domains {
		if ds := byDomain[d.ID]; ds != nil {
			ds.Domain = d
			r.Domains = append(r.Domains, *ds)
		}
	}
	if r.Total > 0 {
		r.Scaled = 100 + int(math.Round(900*float64(r.Right)/float64(r.Total)))
	}
	if s.Full {
		r.Passed = r.Total > 0 && r.Scaled >= PassScaled
	} else {
		r.Passed = r.Total > 0 && r.Right*100 >= PassPercent*r.Total
	}
	return r
}
