package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"apigwlab/labs"
	"apigwlab/quiz"
)

// quizScreen is the certification-style quiz: practice a topic (each answer explained at
// once: every option's why, the lab that shows it), sit the quick 20-question exam, or the
// full practice exam as DVA-C02 runs it (65 questions by domain weight in 130 minutes, flag
// for review, go back, a review list, confirmation before handing in, a scaled score and a
// per-domain breakdown), as `apigwlab quiz` does on the command line.
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
	confirm  bool   // exam: "hand in now?" is asked
	review   bool   // full exam: the review list is shown
	revAt    int    // the review list's cursor
	notice   string // a one-line note under the question (why enter did nothing, …)
	mode     string // practice, exam, full-exam, missed or due: how the session is kept in the history
	homeNote string // a one-line note on the home list (nothing to retry, history errors)

	body viewport.Model
	md   markdown

	width, height int
}

// quizTickMsg refreshes an exam's countdown once a second.
type quizTickMsg struct{ gen int }

func newQuizScreen(sh *shared) *quizScreen {
	q := &quizScreen{sh: sh, body: viewport.New(10, 5)}
	q.body.KeyMap = viewport.KeyMap{}
	return q
}

// ensure loads the question bank the first time the screen is used: parsing it at start-up
// cost more than the whole first-frame budget (issue 15, fast start).
func (q *quizScreen) ensure() {
	if q.bank != nil || q.loadErr != "" {
		return
	}
	b, err := quiz.Load()
	if err != nil {
		q.loadErr = err.Error()
		return
	}
	q.bank, q.counts = b, b.Counts()
}

func (q *quizScreen) Title() string { return "Quiz" }

// Claims takes the answer letters, enter, esc and the exam's keys while a question is on
// screen, so that q and esc end the quiz here instead of leaving the app or the screen.
func (q *quizScreen) Claims(msg tea.KeyMsg) bool {
	if q.sess == nil || q.done {
		return false
	}
	s := msg.String()
	return len(s) == 1 && s[0] >= 'a' && s[0] <= 'z' || s == "enter" || s == " " || s == "esc" || s == "left" || s == "right"
}

func (q *quizScreen) Help() helpKeys {
	k := q.sh.keys
	b := func(keys, help string) key.Binding {
		return key.NewBinding(key.WithKeys(keys), key.WithHelp(keys, help))
	}
	scroll := relabel(k.PageDown, "↑/↓ pgup/pgdn", "scroll")
	switch {
	case q.sess == nil:
		practice := relabel(k.Run, "enter", "practise")
		exam := b("x", "quick exam")
		full := b("e", "practice exam")
		missed, due := b("m", "retry misses"), b("d", "due for review")
		return helpKeys{short: []key.Binding{k.Move, practice, exam, full, missed, due}, full: [][]key.Binding{{k.Up, k.Down, practice, exam, full, missed, due}}}
	case q.done:
		return helpKeys{short: []key.Binding{relabel(k.Back, "esc", "back to the topics"), scroll},
			full: [][]key.Binding{{relabel(k.Back, "esc", "back to the topics"), scroll}}}
	case q.confirm:
		return helpKeys{short: []key.Binding{b("y", "hand in"), b("n", "keep going")}}
	case q.review:
		return helpKeys{short: []key.Binding{k.Move, b("enter", "go to question"), b("s", "submit"), b("esc", "back")}}
	}
	last := quiz.Letter(len(q.sess.Items[q.at].Order) - 1)
	pick := b("a", "pick")
	pick.SetHelp("a-"+last, "pick")
	submit := b("enter", "answer")
	stop := b("q", "end")
	if !q.sess.Exam {
		return helpKeys{short: []key.Binding{pick, submit, stop}, full: [][]key.Binding{{pick, submit, stop, scroll}}}
	}
	flag, prev, next, rev := b("f", "flag"), b("p", "back"), b("n", "skip"), b("r", "review")
	if !q.sess.Full {
		return helpKeys{short: []key.Binding{pick, submit, prev, stop}, full: [][]key.Binding{{pick, submit, prev, next, stop, scroll}}}
	}
	return helpKeys{short: []key.Binding{pick, submit, flag, prev, rev, stop}, full: [][]key.Binding{{pick, submit, flag, prev, next, rev, stop, scroll}}}
}

func (q *quizScreen) Update(msg tea.Msg) tea.Cmd {
	q.ensure()
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
		case s == "m" || s == "d":
			q.retry(s == "d")
		case key.Matches(msg, k.Run):
			q.start(false, false)
		case s == "x":
			q.start(true, false)
			return q.tick()
		case s == "e":
			q.start(true, true)
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
	if q.confirm {
		switch s {
		case "y":
			q.finish()
		case "n", "esc", "q":
			q.confirm = false
			q.render()
		}
		return nil
	}
	if q.review {
		return q.reviewKey(msg)
	}
	it := q.sess.Items[q.at]
	q.notice = ""
	switch {
	case s == "q" || s == "esc":
		if q.sess.Exam {
			q.confirm = true // an exam is handed in only on purpose
		} else {
			q.finish()
		}
	case s == "enter" || s == " ":
		if q.answered {
			q.next()
			break
		}
		if want := it.Q.Want(); len(q.chosen) != want {
			q.notice = fmt.Sprintf("choose %d (%d picked): letters toggle, then enter", want, len(q.chosen))
			if want == 1 {
				q.notice = "pick a letter first, then enter"
			}
			break
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
	case q.sess.Exam && q.sess.Full && s == "f":
		q.sess.Flag(q.at)
	case q.sess.Exam && (s == "p" || s == "left"):
		if q.at > 0 {
			q.goTo(q.at - 1)
			return nil
		}
		q.notice = "this is the first question"
	case q.sess.Exam && (s == "n" || s == "right"):
		q.next()
		return nil
	case q.sess.Exam && q.sess.Full && s == "r":
		q.openReview()
		return nil
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

// reviewKey handles the full exam's review list: move, jump to a question, submit, back.
func (q *quizScreen) reviewKey(msg tea.KeyMsg) tea.Cmd {
	k := q.sh.keys
	switch s := msg.String(); {
	case key.Matches(msg, k.Up):
		q.revAt = max(0, q.revAt-1)
	case key.Matches(msg, k.Down):
		q.revAt = min(len(q.sess.Items)-1, q.revAt+1)
	case s == "enter":
		q.review = false
		q.goTo(q.revAt)
		return nil
	case s == "s" || s == "q":
		q.confirm = true
	case s == "esc" || s == "r":
		q.review = false
	}
	q.render()
	return nil
}

func (q *quizScreen) openReview() {
	q.review, q.revAt = true, q.at
	q.render()
}

// goTo shows question i of an exam, with its answer so far picked.
func (q *quizScreen) goTo(i int) {
	q.at, q.answered = i, false
	q.chosen = nil
	it := q.sess.Items[i]
	for shown, idx := range it.Order {
		if indexOf(q.sess.Answers[i], idx) >= 0 {
			q.chosen = append(q.chosen, shown)
		}
	}
	q.render()
}

// history loads the quiz history kept next to the labs' progress.
func (q *quizScreen) history() (*quiz.History, string, error) {
	st, err := labs.DefaultStore()
	if err != nil {
		return &quiz.History{}, "", err
	}
	path := quiz.HistoryFile(st.Dir)
	h, err := quiz.LoadHistory(path)
	return h, path, err
}

// retry practises the last session's misses, or what spaced repetition says is due.
func (q *quizScreen) retry(due bool) {
	if q.bank == nil {
		return
	}
	h, _, err := q.history()
	if err != nil {
		q.homeNote = err.Error()
	}
	qs, mode := h.LastMissed(q.bank), "missed"
	if due {
		qs, mode = h.Due(q.bank, q.sh.now()), "due"
	}
	if len(qs) == 0 {
		q.homeNote = "Nothing to retry: no session has missed a question yet."
		if due {
			q.homeNote = "Nothing is due: misses come back at once, right answers after 1, 3, 7 and 21 days."
		}
		return
	}
	q.homeNote = ""
	q.sess = quiz.NewPractice(qs, uint64(q.sh.now().UnixNano()))
	q.topic, q.mode = "", mode
	q.at, q.chosen, q.answered, q.done, q.timedOut = 0, nil, false, false, false
	q.confirm, q.review, q.notice = false, false, ""
	q.tickGen++
	q.render()
}

// keep adds the finished session to the history.
func (q *quizScreen) keep() {
	if q.sess == nil || q.sess.Score().Total == 0 {
		return
	}
	h, path, err := q.history()
	if err == nil || path != "" {
		h.Add(q.sess, q.mode, q.topic, q.sh.now())
		err = h.Save(path)
	}
	if err != nil {
		q.homeNote = "quiz history: " + err.Error()
	}
}

// start draws a session: practice over the topic under the cursor (all topics on the
// first line), the quick exam of 20 questions, or the full practice exam.
func (q *quizScreen) start(exam, full bool) {
	if q.bank == nil {
		return
	}
	seed := uint64(q.sh.now().UnixNano())
	q.topic, q.mode = "", "practice"
	switch {
	case full:
		q.mode = "full-exam"
		q.sess = quiz.NewFullExam(q.bank.Questions, seed)
		q.deadline = q.sh.now().Add(quiz.FullExamMinutes * time.Minute)
	case exam:
		q.mode = "exam"
		q.sess = quiz.NewExam(q.bank.Questions, quiz.ExamQuestions, seed)
		q.deadline = q.sh.now().Add(quiz.ExamMinutes * time.Minute)
	default:
		qs := q.bank.Questions
		if q.cursor > 0 {
			q.topic = q.counts[q.cursor-1].Topic.ID
			qs = q.bank.ByTopic(q.topic)
		}
		q.sess = quiz.NewPractice(qs, seed)
	}
	q.at, q.chosen, q.answered, q.done, q.timedOut = 0, nil, false, false, false
	q.confirm, q.review, q.notice = false, false, ""
	q.tickGen++
	q.render()
}

// next moves on; past the last question the full exam opens its review list, the quick
// exam asks before handing in, and practice ends.
func (q *quizScreen) next() {
	if q.at+1 < len(q.sess.Items) {
		if q.sess.Exam {
			q.goTo(q.at + 1)
			return
		}
		q.chosen, q.answered = nil, false
		q.at++
		q.render()
		return
	}
	switch {
	case q.sess.Full:
		q.openReview()
	case q.sess.Exam && q.sess.Unanswered() > 0:
		q.confirm = true
		q.render()
	default:
		q.finish()
	}
}

func (q *quizScreen) finish() {
	q.done, q.confirm, q.review = true, false, false
	q.tickGen++
	q.keep()
	q.render()
}

func (q *quizScreen) SetSize(w, h int) {
	q.width, q.height = w, h
	q.body.Width, q.body.Height = max(10, w), max(3, h-3) // a last row says what is below
	q.render()
}

func (q *quizScreen) View() string {
	q.ensure()
	st := q.sh.styles
	if q.sess == nil {
		return fit(q.homeView(), q.width, q.height)
	}
	head := q.headLine()
	return fit(st.Bold.Render(head)+"\n\n"+q.body.View()+"\n"+st.Dim.Render(scrollNote(q.body)), q.width, q.height)
}

func (q *quizScreen) homeView() string {
	st := q.sh.styles
	if q.loadErr != "" {
		return st.App.Error.Render(q.loadErr)
	}
	total := len(q.bank.Questions)
	lines := []string{st.Bold.Render("Quiz") + st.Dim.Render(truncate(fmt.Sprintf(" · %d questions · enter practises · x: quick exam (%d in %d min) · e: practice exam (%d in %d min)",
		total, quiz.ExamQuestions, quiz.ExamMinutes, quiz.FullExamQuestions, quiz.FullExamMinutes), max(0, q.width-4))), ""}
	row := func(i int, label string, n int) {
		line := fmt.Sprintf("%-36s %3d", truncate(label, 36), n)
		if i == q.cursor {
			lines = append(lines, st.Selected.Render("› "+line))
		} else {
			lines = append(lines, "  "+line)
		}
	}
	if q.homeNote != "" {
		lines[1] = st.Status.Warn.Render(truncate(q.homeNote, max(0, q.width)))
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
	name := "Exam"
	if q.sess.Full {
		name = "Practice exam"
	}
	if q.done {
		if q.sess.Exam {
			return name + " · result"
		}
		return "Practice · result"
	}
	n := len(q.sess.Items)
	if q.sess.Exam {
		left := max(0, q.deadline.Sub(q.sh.now()))
		clock := fmt.Sprintf("%02d:%02d left", int(left.Minutes()), int(left.Seconds())%60)
		if q.review {
			return fmt.Sprintf("%s · review · %d unanswered · %d flagged · %s", name, q.sess.Unanswered(), q.sess.FlaggedCount(), clock)
		}
		head := fmt.Sprintf("%s · question %d of %d · %s", name, q.at+1, n, clock)
		if q.sess.Flagged[q.at] {
			head += " · ⚑ flagged"
		}
		return head
	}
	r := q.sess.Score()
	topic := "all topics"
	switch {
	case q.topic != "":
		topic = quiz.TopicTitle(q.topic)
	case q.mode == "missed":
		topic = "missed last time"
	case q.mode == "due":
		topic = "due for review"
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
	if q.review {
		q.body.SetContent(strings.Join(q.reviewLines(), "\n"))
		// Keep the cursor's row in view: rows start after the two header lines.
		if q.confirm {
			q.body.GotoTop()
		} else if row := q.revAt + 2; row < q.body.YOffset || row >= q.body.YOffset+q.body.Height {
			q.body.SetYOffset(max(0, row-q.body.Height/2))
		}
		return
	}
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
	case q.confirm:
		lines = append(lines, st.Status.Warn.Render(fmt.Sprintf("Hand in the exam now? %d unanswered (they count as wrong), %d flagged.", q.sess.Unanswered(), q.sess.FlaggedCount())),
			st.Dim.Render("y: hand in · n: keep going"))
	case q.notice != "":
		lines = append(lines, st.Status.Warn.Render(q.notice))
	case it.Q.Want() > 1:
		lines = append(lines, st.Dim.Render(fmt.Sprintf("pick %d letters, then enter", it.Q.Want())))
	default:
		lines = append(lines, st.Dim.Render("pick a letter, then enter"))
	}
	if q.answered {
		lines = append(lines, "", st.Flow.DetailHead.Render("Why"))
		lines = append(lines, strings.Split(q.md.render(it.Q.Explanation, w), "\n")...)
		if it.Q.Lab != "" {
			// the TUI's way in; the CLI's quiz says apigwlab lab start
			lab := fmt.Sprintf("the lab %s, step %d", it.Q.Lab, it.Q.Step)
			lines = append(lines, "")
			lines = append(lines, wrapIndent(st.Dim.Render("Try it: ")+lab+st.Dim.Render(", on the Labs screen (6)"), w, 8)...)
		}
		if it.Q.Source != "" {
			lines = append(lines, wrapIndent(st.Dim.Render("Source: "+it.Q.Source), w, 8)...)
		}
	}
	q.body.SetContent(strings.Join(lines, "\n"))
	if q.confirm || q.notice != "" {
		// The line that needs reading is at the bottom: keep it in view.
		q.body.GotoBottom()
		return
	}
	q.body.GotoTop()
}

// reviewLines lists the exam's questions with their state, the cursor's row marked.
func (q *quizScreen) reviewLines() []string {
	st := q.sh.styles
	lines := []string{st.Dim.Render("enter goes to the question · s submits · esc returns"), ""}
	if q.confirm {
		lines = []string{st.Status.Warn.Render(fmt.Sprintf("Hand in the exam now? %d unanswered (they count as wrong), %d flagged.", q.sess.Unanswered(), q.sess.FlaggedCount())),
			st.Dim.Render("y: hand in · n: keep going")}
	}
	for i, it := range q.sess.Items {
		state := st.Status.Err.Render("unanswered")
		if q.sess.Answers[i] != nil {
			state = st.Status.OK.Render("answered  ")
		}
		flag := "  "
		if q.sess.Flagged[i] {
			flag = st.Status.Warn.Render("⚑ ")
		}
		first, _, _ := strings.Cut(strings.TrimSpace(it.Q.Question), "\n")
		line := fmt.Sprintf("%2d %s %s", i+1, state, flag)
		line += truncate(first, max(10, q.width-lipgloss.Width(line)-3))
		if i == q.revAt {
			line = st.Selected.Render("› " + line)
		} else {
			line = "  " + line
		}
		lines = append(lines, line)
	}
	return lines
}

func (q *quizScreen) resultLines() []string {
	st := q.sh.styles
	w := q.width
	r := q.sess.Score()
	var lines []string
	add := func(s string, indent int) { lines = append(lines, wrapIndent(s, w, indent)...) }
	if q.sess.Full {
		add(fmt.Sprintf("Score: %d/1000 (%d/%d right)", r.Scaled, r.Right, r.Total), 0)
	} else {
		add(fmt.Sprintf("Score: %d/%d (%.0f%%)", r.Right, r.Total, r.Percent()), 0)
	}
	if q.timedOut {
		add(st.Status.Warn.Render("Time is up: unanswered questions count as wrong."), 0)
	}
	if q.sess.Exam {
		verdict := st.Status.OK.Render("PASS")
		if !r.Passed {
			verdict = st.Status.Err.Render("FAIL")
		}
		if q.sess.Full {
			add(fmt.Sprintf("%s at %d/1000 (a linear scale: AWS does not publish its scaling model)", verdict, quiz.PassScaled), 0)
		} else {
			add(fmt.Sprintf("%s at %d%% (an approximation of AWS's scaled passing score of 720/1000)", verdict, quiz.PassPercent), 0)
		}
	}
	if q.sess.Full && len(r.Domains) > 0 {
		lines = append(lines, "", st.Flow.DetailHead.Render("By exam domain"))
		for _, d := range r.Domains {
			add(fmt.Sprintf("  %-33s %3.0f%% %2d/%-2d %4.0f%%", truncate(d.Domain.Title, 33), 100*d.Domain.Weight, d.Right, d.Total, d.Percent()), 4)
		}
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
