package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"apigwlab/quiz"
)

// quizScreen is the certification-style quiz: practice a topic (each answer explained at
// once: every option's why, the lab that shows it) or sit a timed 20-question exam scored at
// the end with a per-topic breakdown, as `apigwlab quiz` does on the command line.
type quizScreen struct {
	sh      *shared
	bank    *quiz.Bank
	loadErr string
	counts  []quiz.TopicCount
	cursor  int // topic under the cursor on the home list (0 = all topics)

	sess     *quiz.Session
	topic    string    // "" for all topics
	at       int       // the question shown
	chosen   []int     // options picked so far, as shown letters
	answered bool      // practice: the answer to the current question is revealed
	deadline time.Time // exam: when time runs out
	done     bool      // the session's score is shown
	timedOut bool
	tickGen  int

	body viewport.Model
	md   markdown

	width, height int
}

// quizTickMsg refreshes an exam's countdown once a second.
type quizTickMsg struct{ gen int }

func newQuizScreen(sh *shared) *quizScreen {
	q := &quizScreen{sh: sh, body: viewport.New(10, 5)}
	q.body.KeyMap = viewport.KeyMap{}
	b, err := quiz.Load()
	if err != nil {
		q.loadErr = err.Error()
		return q
	}
	q.bank, q.counts = b, b.Counts()
	return q
}

func (q *quizScreen) Title() string { return "Quiz" }

// Claims takes the answer letters, enter and q while a question is on screen.
func (q *quizScreen) Claims(msg tea.KeyMsg) bool {
	if q.sess == nil || q.done {
		return false
	}
	s := msg.String()
	return len(s) == 1 && s[0] >= 'a' && s[0] <= 'z' || s == "enter" || s == " "
}

func (q *quizScreen) Help() helpKeys {
	k := q.sh.keys
	pick := key.NewBinding(key.WithKeys("a"), key.WithHelp("a-e", "pick"))
	submit := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "answer/next"))
	stop := key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "end the quiz"))
	switch {
	case q.sess == nil:
		practice := relabel(k.Run, "enter", "practise")
		exam := key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "exam"))
		return helpKeys{short: []key.Binding{k.Move, practice, exam}, full: [][]key.Binding{{k.Up, k.Down, practice, exam}}}
	case q.done:
		return helpKeys{short: []key.Binding{relabel(k.Back, "esc", "back to the topics"), k.PageDown},
			full: [][]key.Binding{{relabel(k.Back, "esc", "back to the topics"), relabel(k.PageDown, "pgup/pgdn", "scroll")}}}
	}
	return helpKeys{short: []key.Binding{pick, submit, stop}, full: [][]key.Binding{{pick, submit, stop, relabel(k.PageDown, "pgup/pgdn", "scroll")}}}
}

func (q *quizScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case quizTickMsg:
		if q.sess == nil || q.done || !q.sess.Exam || msg.gen != q.tickGen {
			return nil
		}
		if !q.sh.now().Before(q.deadline) {
			q.timedOut = true
			q.finish()
			return nil
		}
		q.render()
		return q.tick()
	case tea.KeyMsg:
		return q.key(msg)
	}
	return nil
}

func (q *quizScreen) tick() tea.Cmd {
	gen := q.tickGen
	return q.sh.tick(time.Second, func(time.Time) tea.Msg { return quizTickMsg{gen: gen} })
}

func (q *quizScreen) key(msg tea.KeyMsg) tea.Cmd {
	k := q.sh.keys
	s := msg.String()
	if q.sess == nil {
		switch {
		case key.Matches(msg, k.Up):
			q.cursor = max(0, q.cursor-1)
		case key.Matches(msg, k.Down):
			q.cursor = min(len(q.counts), q.cursor+1)
		case key.Matches(msg, k.Run):
			q.start(false)
		case s == "x":
			q.start(true)
			return q.tick()
		}
		return nil
	}
	if q.done {
		switch {
		case key.Matches(msg, k.Back):
			q.sess = nil
		case key.Matches(msg, k.PageUp), key.Matches(msg, k.Up):
			q.body.HalfPageUp()
		case key.Matches(msg, k.PageDown), key.Matches(msg, k.Down):
			q.body.HalfPageDown()
		}
		return nil
	}
	if q.sess.Exam && !q.sh.now().Before(q.deadline) {
		q.timedOut = true
		q.finish()
		return nil
	}
	it := q.sess.Items[q.at]
	switch {
	case s == "q":
		q.finish()
	case s == "enter" || s == " ":
		if q.answered {
			q.next()
			break
		}
		if len(q.chosen) != it.Q.Want() {
			break // the question says how many to choose
		}
		var idx []int
		for _, c := range q.chosen {
			idx = append(idx, it.Order[c])
		}
		q.sess.Answer(q.at, idx)
		if q.sess.Exam {
			q.next()
		} else {
			q.answered = true
		}
	case len(s) == 1 && s[0] >= 'a' && int(s[0]-'a') < len(it.Order) && !q.answered:
		c := int(s[0] - 'a')
		if it.Q.Want() == 1 {
			q.chosen = []int{c}
		} else if i := indexOf(q.chosen, c); i >= 0 {
			q.chosen = append(q.chosen[:i], q.chosen[i+1:]...)
		} else {
			q.chosen = append(q.chosen, c)
		}
	case key.Matches(msg, k.PageUp), key.Matches(msg, k.Up):
		q.body.HalfPageUp()
		return nil
	case key.Matches(msg, k.PageDown), key.Matches(msg, k.Down):
		q.body.HalfPageDown()
		return nil
	}
	q.render()
	return nil
}

func indexOf(xs []int, x int) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// start draws a session: practice over the topic under the cursor (all topics on the
// first line), or an exam of 20 questions from every topic.
func (q *quizScreen) start(exam bool) {
	if q.bank == nil {
		return
	}
	seed := uint64(q.sh.now().UnixNano())
	q.topic = ""
	if exam {
		q.sess = quiz.NewExam(q.bank.Questions, quiz.ExamQuestions, seed)
		q.deadline = q.sh.now().Add(quiz.ExamMinutes * time.Minute)
	} else {
		qs := q.bank.Questions
		if q.cursor > 0 {
			q.topic = q.counts[q.cursor-1].Topic.ID
			qs = q.bank.ByTopic(q.topic)
		}
		q.sess = quiz.NewPractice(qs, seed)
	}
	q.at, q.chosen, q.answered, q.done, q.timedOut = 0, nil, false, false, false
	q.tickGen++
	q.render()
}

func (q *quizScreen) next() {
	q.chosen, q.answered = nil, false
	if q.at+1 >= len(q.sess.Items) {
		q.finish()
		return
	}
	q.at++
	q.render()
}

func (q *quizScreen) finish() {
	q.done = true
	q.tickGen++
	q.render()
}

func (q *quizScreen) SetSize(w, h int) {
	q.width, q.height = w, h
	q.body.Width, q.body.Height = max(10, w), max(3, h-2)
	q.render()
}

func (q *quizScreen) View() string {
	st := q.sh.styles
	if q.sess == nil {
		return fit(q.homeView(), q.width, q.height)
	}
	head := q.headLine()
	return fit(st.Bold.Render(head)+"\n\n"+q.body.View(), q.width, q.height)
}

func (q *quizScreen) homeView() string {
	st := q.sh.styles
	if q.loadErr != "" {
		return st.App.Error.Render(q.loadErr)
	}
	total := len(q.bank.Questions)
	lines := []string{st.Bold.Render("Quiz") + st.Dim.Render(fmt.Sprintf(" · %d questions · enter practises a topic · x: exam, %d questions in %d min",
		total, quiz.ExamQuestions, quiz.ExamMinutes)), ""}
	row := func(i int, label string, n int) {
		line := fmt.Sprintf("%-36s %3d", truncate(label, 36), n)
		if i == q.cursor {
			lines = append(lines, st.Selected.Render("› "+line))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	row(0, "All topics", total)
	for i, c := range q.counts {
		row(i+1, c.Topic.Title, c.Count)
	}
	// Keep the cursor's row on screen when the list is taller than the pane.
	head, rows := lines[:2], lines[2:]
	if room := q.height - len(head); room > 0 && len(rows) > room {
		first := min(max(0, q.cursor-room/2), len(rows)-room)
		rows = rows[first : first+room]
	}
	return strings.Join(append(head, rows...), "\n")
}

func (q *quizScreen) headLine() string {
	if q.done {
		if q.sess.Exam {
			return "Exam · result"
		}
		return "Practice · result"
	}
	n := len(q.sess.Items)
	if q.sess.Exam {
		left := max(0, q.deadline.Sub(q.sh.now()))
		return fmt.Sprintf("Exam · question %d of %d · %02d:%02d left", q.at+1, n, int(left.Minutes()), int(left.Seconds())%60)
	}
	r := q.sess.Score()
	topic := "all topics"
	if q.topic != "" {
		topic = quiz.TopicTitle(q.topic)
	}
	return fmt.Sprintf("Practice · %s · question %d of %d · %d/%d right", topic, q.at+1, n, r.Right, r.Total)
}

// render lays the body out: the question with its options (and, once answered in practice,
// every option's why), or the result.
func (q *quizScreen) render() {
	if q.sess == nil || q.width == 0 {
		return
	}
	if q.done {
		q.body.SetContent(strings.Join(q.resultLines(), "\n"))
		q.body.GotoTop()
		return
	}
	st := q.sh.styles
	w := q.width
	it := q.sess.Items[q.at]
	lines := strings.Split(q.md.render(it.Q.Question, w), "\n")
	lines = append(lines, "")
	for i := range it.Order {
		o := it.Option(i)
		mark := "  "
		if indexOf(q.chosen, i) >= 0 {
			mark = "▸ "
		}
		style := st.Bold
		if q.answered {
			style = st.Dim
			if o.Correct {
				style = st.Status.OK
			} else if indexOf(q.chosen, i) >= 0 {
				style = st.Status.Err
			}
		}
		lines = append(lines, wrapIndent(mark+style.Render(quiz.Letter(i)+") ")+o.Text, w, 5)...)
		if q.answered {
			lines = append(lines, wrapIndent(st.Dim.Render("     "+o.Why), w, 5)...)
		}
	}
	lines = append(lines, "")
	switch {
	case q.answered && q.sess.Right(q.at):
		lines = append(lines, st.Status.OK.Render("✓ right")+st.Dim.Render(" · enter: next question"))
	case q.answered:
		lines = append(lines, st.Status.Err.Render("✗ the answer is "+it.CorrectLetters())+st.Dim.Render(" · enter: next question"))
	case it.Q.Want() > 1:
		lines = append(lines, st.Dim.Render(fmt.Sprintf("pick %d letters, then enter", it.Q.Want())))
	default:
		lines = append(lines, st.Dim.Render("pick a letter, then enter"))
	}
	if q.answered {
		lines = append(lines, "", st.Flow.DetailHead.Render("Why"))
		lines = append(lines, strings.Split(q.md.render(it.Q.Explanation, w), "\n")...)
		if it.Q.Lab != "" {
			lab := "apigwlab lab start " + it.Q.Lab
			if it.Q.Step > 0 {
				lab += fmt.Sprintf(" (step %d)", it.Q.Step)
			}
			lines = append(lines, "", st.Dim.Render("Try it: ")+lab+st.Dim.Render(" — or the Labs screen (6)"))
		}
		if it.Q.Source != "" {
			lines = append(lines, st.Dim.Render("Source: "+it.Q.Source))
		}
	}
	q.body.SetContent(strings.Join(lines, "\n"))
	q.body.GotoTop()
}

func (q *quizScreen) resultLines() []string {
	st := q.sh.styles
	r := q.sess.Score()
	lines := []string{fmt.Sprintf("Score: %d/%d (%.0f%%)", r.Right, r.Total, r.Percent())}
	if q.timedOut {
		lines = append(lines, st.Status.Warn.Render("Time is up: unanswered questions count as wrong."))
	}
	if q.sess.Exam {
		verdict := st.Status.OK.Render("PASS")
		if !r.Passed {
			verdict = st.Status.Err.Render("FAIL")
		}
		lines = append(lines, fmt.Sprintf("%s at %d%% (an approximation of AWS's scaled passing score of 720/1000)", verdict, quiz.PassPercent))
	}
	if len(r.Topics) > 0 {
		lines = append(lines, "", st.Flow.DetailHead.Render("By topic"))
		for _, t := range r.Topics {
			lines = append(lines, fmt.Sprintf("  %-36s %2d/%-2d %4.0f%%", truncate(t.Topic.Title, 36), t.Right, t.Total, t.Percent()))
		}
	}
	if len(r.Missed) > 0 {
		lines = append(lines, "", st.Flow.DetailHead.Render("To review"))
		for i, it := range q.sess.Items {
			if q.sess.Right(i) || (!q.sess.Exam && q.sess.Answers[i] == nil) {
				continue
			}
			first, _, _ := strings.Cut(strings.TrimSpace(it.Q.Question), "\n")
			lines = append(lines, wrapIndent(fmt.Sprintf("%s — %s", it.Q.ID, first), q.width, 4)...)
			correct := []string{}
			for _, c := range it.Q.Correct() {
				correct = append(correct, it.Q.Options[c].Text)
			}
			lines = append(lines, wrapIndent(st.Status.OK.Render("    answer: ")+strings.Join(correct, " · "), q.width, 12)...)
		}
	}
	lines = append(lines, "", st.Dim.Render("esc: back to the topics"))
	return lines
}
