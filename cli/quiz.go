package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"apigwlab/labs"
	"apigwlab/quiz"
)

// quizOptions are the flags of `apigwlab quiz`.
type quizOptions struct {
	topic string
	exam  bool
	full  bool // the 65-question, 130-minute exam
	count bool
	// missed practises the last session's misses; due what spaced repetition brings back;
	// history prints the attempts.
	missed, due, history bool
	seed                 uint64
	limit                time.Duration // exam time limit
}

func newQuizCmd(stdin io.Reader, stdout io.Writer) *cobra.Command {
	var o quizOptions
	var minutes int
	cmd := &cobra.Command{
		Use:   "quiz",
		Short: "Certification-style questions about API Gateway: practice, or a timed 20-question exam",
		Long: `Certification-style questions (AWS Certified Developer and Solutions Architect –
Associate level) about Amazon API Gateway, each with the why of every option and the lab
that demonstrates it.

  apigwlab quiz --count              questions per topic and the total
  apigwlab quiz                      practice: every question, one at a time, answers shown
  apigwlab quiz --topic throttling   practice one topic
  apigwlab quiz --exam               quick exam: 20 random questions, 30 minutes
  apigwlab quiz --exam --full        practice exam as DVA-C02: 65 questions drawn by domain
                                     weight, 130 minutes, flag/back/review, scaled score
  apigwlab quiz --missed             retry what the last session got wrong
  apigwlab quiz --due                spaced repetition: misses come back at once, right
                                     answers after 1, 3, 7 and 21 days
  apigwlab quiz --history            past attempts and what is due

Answer with the letter of an option (b), or letters separated by commas when the question
says "Choose two." (a,c); q ends. In the full exam, f flags the question for review, p goes
back, n skips, r shows the review list (a number jumps to that question) and s submits;
ending asks for confirmation. Answers are read line by line from standard input, so the
quiz also runs piped. See docs/quiz.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			bank, err := quiz.Load()
			if err != nil {
				return fmt.Errorf("question bank:\n%w", err)
			}
			if o.topic != "" && !quiz.IsTopic(o.topic) {
				return usagef("unknown topic %q; topics: %s", o.topic, quizTopicIDs())
			}
			if o.count {
				printQuizCount(stdout, bank)
				return nil
			}
			modes := 0
			for _, on := range []bool{o.exam, o.missed, o.due, o.history} {
				if on {
					modes++
				}
			}
			if modes > 1 {
				return usagef("choose one of --exam, --missed, --due and --history")
			}
			hist, histPath, histErr := loadQuizHistory()
			if histErr != nil {
				fmt.Fprintln(stdout, styleWarn.Render(histErr.Error()))
			}
			if o.history {
				printQuizHistory(stdout, bank, hist, time.Now())
				return nil
			}
			if o.full && !o.exam {
				return usagef("--full needs --exam: apigwlab quiz --exam --full")
			}
			if o.full && o.topic != "" {
				return usagef("--full draws from every topic by exam domain weight; leave out --topic (or use --exam alone)")
			}
			if o.full && !cmd.Flags().Changed("minutes") {
				minutes = quiz.FullExamMinutes
			}
			if minutes <= 0 {
				return usagef("--minutes must be at least 1")
			}
			o.limit = time.Duration(minutes) * time.Minute
			if !cmd.Flags().Changed("seed") {
				// A fresh quiz each time; the seed is printed so it can be replayed.
				o.seed = uint64(time.Now().UnixNano())
			}
			r := &quizRunner{in: newLineReader(stdin), out: stdout, now: time.Now, echo: !quizIsTerminal(stdin)}
			defer r.in.stop()
			var s *quiz.Session
			mode := "practice"
			switch {
			case o.full:
				mode = "full-exam"
				s, err = r.fullExam(bank, o)
			case o.exam:
				mode = "exam"
				s, err = r.exam(bank, o)
			case o.missed:
				mode = "missed"
				qs := hist.LastMissed(bank)
				if len(qs) == 0 {
					fmt.Fprintln(stdout, "Nothing to retry: no session in the history missed a question.")
					return nil
				}
				s, err = r.practice(qs, o, fmt.Sprintf("%d missed last time", len(qs)))
			case o.due:
				mode = "due"
				qs := hist.Due(bank, time.Now())
				if len(qs) == 0 {
					fmt.Fprintln(stdout, "Nothing is due: questions come back once answered wrong, and right ones after 1, 3, 7 and 21 days.")
					return nil
				}
				s, err = r.practice(qs, o, fmt.Sprintf("%d due for review", len(qs)))
			default:
				what := "all topics"
				if o.topic != "" {
					what = quiz.TopicTitle(o.topic)
				}
				s, err = r.practice(bank.ByTopic(o.topic), o, what)
			}
			if err != nil || s == nil || s.Score().Total == 0 || histPath == "" {
				return err
			}
			hist.Add(s, mode, o.topic, time.Now())
			if err := hist.Save(histPath); err != nil {
				fmt.Fprintln(stdout, styleWarn.Render(err.Error()))
				return nil
			}
			fmt.Fprintf(stdout, "\nKept in the history (%s). Next: apigwlab quiz --missed retries the misses; --due brings back what spaced repetition says.\n", histPath)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.topic, "topic", "", "only questions of this topic (see --count for the list)")
	f.BoolVar(&o.exam, "exam", false, fmt.Sprintf("a timed practice exam of %d random questions, answers shown at the end", quiz.ExamQuestions))
	f.BoolVar(&o.full, "full", false, fmt.Sprintf("with --exam: the full practice exam, %d questions in %d minutes drawn by DVA-C02 domain weight, with flag, back and review", quiz.FullExamQuestions, quiz.FullExamMinutes))
	f.BoolVar(&o.count, "count", false, "print the number of questions per topic and the total")
	f.BoolVar(&o.missed, "missed", false, "practise the questions the last session got wrong")
	f.BoolVar(&o.due, "due", false, "practise the questions spaced repetition brings back now")
	f.BoolVar(&o.history, "history", false, "print past attempts and how many questions are due")
	f.Uint64Var(&o.seed, "seed", 0, "seed of the question and option order (the same seed gives the same quiz)")
	f.IntVar(&minutes, "minutes", quiz.ExamMinutes, fmt.Sprintf("time limit of --exam in minutes (%d with --full)", quiz.FullExamMinutes))
	return cmd
}

// quizIsTerminal reports whether r is an interactive terminal (typed answers are already visible).
func quizIsTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}

func quizTopicIDs() string {
	var ids []string
	for _, t := range quiz.Topics() {
		ids = append(ids, t.ID)
	}
	return strings.Join(ids, ", ")
}

func printQuizCount(w io.Writer, bank *quiz.Bank) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TOPIC\tTITLE\tQUESTIONS")
	total := 0
	for _, c := range bank.Counts() {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", c.Topic.ID, c.Topic.Title, c.Count)
		total += c.Count
	}
	fmt.Fprintf(tw, "TOTAL\t\t%d\n", total)
	tw.Flush()
}

// lineReader delivers stdin line by line on a channel, so an exam can stop waiting when its
// time is up.
type lineReader struct {
	lines chan string
	done  chan struct{}
}

func newLineReader(r io.Reader) *lineReader {
	lr := &lineReader{lines: make(chan string), done: make(chan struct{})}
	go func() {
		defer close(lr.lines)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 4096), 1<<20)
		for sc.Scan() {
			select {
			case lr.lines <- sc.Text():
			case <-lr.done:
				return
			}
		}
	}()
	return lr
}

// stop lets the reading goroutine end once its current read returns.
func (lr *lineReader) stop() { close(lr.done) }

// next returns the next line; ok is false at the end of input, timeUp true when timeout fired first.
func (lr *lineReader) next(timeout <-chan time.Time) (line string, ok, timeUp bool) {
	select {
	case l, ok := <-lr.lines:
		return strings.TrimSpace(l), ok, false
	case <-timeout:
		return "", true, true
	}
}

type quizRunner struct {
	in  *lineReader
	out io.Writer
	now func() time.Time
	// echo repeats each answer after the prompt, so a piped transcript reads like a session.
	echo bool
}

// ask prompts until the answer is valid; quit is true for q or the end of input.
func (r *quizRunner) ask(p quiz.Presented, timeout <-chan time.Time) (chosen []int, quit, timeUp bool) {
	for {
		fmt.Fprint(r.out, "> ")
		line, ok, up := r.in.next(timeout)
		if up {
			fmt.Fprintln(r.out)
			return nil, true, true
		}
		if !ok {
			fmt.Fprintln(r.out, "\n(end of input)")
			return nil, true, false
		}
		if r.echo {
			fmt.Fprintln(r.out, line)
		}
		if strings.EqualFold(line, "q") || strings.EqualFold(line, "quit") {
			return nil, true, false
		}
		chosen, err := p.Parse(line)
		if err != nil {
			fmt.Fprintln(r.out, styleWarn.Render(err.Error()))
			continue
		}
		return chosen, false, false
	}
}

func (r *quizRunner) printQuestion(p quiz.Presented, header string) {
	fmt.Fprintln(r.out, styleHeader.Render(header))
	fmt.Fprintln(r.out, strings.TrimSpace(p.Q.Question))
	fmt.Fprintln(r.out)
	for i := range p.Order {
		fmt.Fprintf(r.out, "  %s) %s\n", quiz.Letter(i), quizIndent(strings.TrimSpace(p.Option(i).Text), "     "))
	}
}

// reveal shows the answer of one question: every option with its why, the explanation, the lab.
func (r *quizRunner) reveal(p quiz.Presented, chosen []int) {
	if chosen != nil {
		if p.Q.IsRight(chosen) {
			fmt.Fprintln(r.out, styleOK.Render("✓ Correct: "+p.CorrectLetters()))
		} else {
			fmt.Fprintln(r.out, styleErr.Render(fmt.Sprintf("✗ Incorrect: you chose %s; the answer is %s", p.Letters(chosen), p.CorrectLetters())))
		}
	} else {
		fmt.Fprintln(r.out, styleErr.Render("✗ Not answered; the answer is "+p.CorrectLetters()))
	}
	for i := range p.Order {
		o := p.Option(i)
		mark := "✗"
		if o.Correct {
			mark = "✓"
		}
		fmt.Fprintf(r.out, "  %s) %s %s\n", quiz.Letter(i), mark, quizIndent(strings.TrimSpace(o.Text), "       "))
		fmt.Fprintln(r.out, styleDim.Render("       "+quizIndent(strings.TrimSpace(o.Why), "       ")))
	}
	fmt.Fprintln(r.out)
	fmt.Fprintln(r.out, strings.TrimSpace(p.Q.Explanation))
	if p.Q.Lab != "" {
		fmt.Fprintln(r.out, styleDim.Render(fmt.Sprintf("Try it: apigwlab lab start %s (step %d)", p.Q.Lab, p.Q.Step)))
	}
	fmt.Fprintln(r.out, styleDim.Render("Source: "+p.Q.Source))
}

func (r *quizRunner) practice(qs []*quiz.Question, o quizOptions, what string) (*quiz.Session, error) {
	s := quiz.NewPractice(qs, o.seed)
	fmt.Fprintf(r.out, "Practice: %d questions, %s (seed %d). Answer with a letter, or letters like a,c when asked to choose several; q ends.\n",
		len(s.Items), what, o.seed)
	for i, p := range s.Items {
		fmt.Fprintln(r.out)
		r.printQuestion(p, fmt.Sprintf("Question %d/%d · %s · %s", i+1, len(s.Items), quiz.TopicTitle(p.Q.Topic), p.Q.ID))
		chosen, quit, _ := r.ask(p, nil)
		if quit {
			break
		}
		s.Answer(i, chosen)
		fmt.Fprintln(r.out)
		r.reveal(p, chosen)
	}
	res := s.Score()
	fmt.Fprintln(r.out)
	if res.Total == 0 {
		fmt.Fprintln(r.out, "No question answered.")
		return s, nil
	}
	fmt.Fprintf(r.out, "Score: %d/%d (%.0f%%)\n", res.Right, res.Total, res.Percent())
	if len(res.Topics) > 1 {
		r.breakdown(res)
	}
	return s, nil
}

func (r *quizRunner) exam(bank *quiz.Bank, o quizOptions) (*quiz.Session, error) {
	qs := bank.ByTopic(o.topic)
	s := quiz.NewExam(qs, quiz.ExamQuestions, o.seed)
	start, deadline, err := r.startExam(s, o, "", "Answer with a letter, or letters like a,c when asked to choose several; q hands in early.")
	if err != nil {
		return nil, err
	}
	defer deadline.Stop()
	timeUp := false
	for i, p := range s.Items {
		elapsed := r.now().Sub(start)
		left := o.limit - elapsed
		if left < 0 {
			left = 0
		}
		fmt.Fprintln(r.out)
		r.printQuestion(p, fmt.Sprintf("Question %d/%d · %s elapsed · %s left", i+1, len(s.Items), quizClock(elapsed), quizClock(left)))
		chosen, quit, up := r.ask(p, deadline.C)
		if up {
			timeUp = true
		}
		if quit {
			break
		}
		s.Answer(i, chosen)
	}
	took := r.now().Sub(start)
	if timeUp {
		fmt.Fprintln(r.out, styleWarn.Render("Time is up: unanswered questions count as wrong."))
	}
	res := s.Score()

	fmt.Fprintln(r.out)
	fmt.Fprintln(r.out, styleHeader.Render("Review"))
	for i, p := range s.Items {
		fmt.Fprintln(r.out)
		fmt.Fprintln(r.out, styleHeader.Render(fmt.Sprintf("Question %d/%d · %s · %s", i+1, len(s.Items), quiz.TopicTitle(p.Q.Topic), p.Q.ID)))
		if s.Right(i) {
			fmt.Fprintln(r.out, styleOK.Render("✓ Correct: "+p.CorrectLetters()))
			fmt.Fprintln(r.out, quizFirstLine(p.Q.Question))
			continue
		}
		fmt.Fprintln(r.out, strings.TrimSpace(p.Q.Question))
		r.reveal(p, s.Answers[i])
	}

	fmt.Fprintln(r.out)
	verdict := styleOK.Render("PASS")
	if !res.Passed {
		verdict = styleErr.Render("FAIL")
	}
	fmt.Fprintf(r.out, "Score: %d/%d (%.0f%%) in %s, %d answered\n", res.Right, res.Total, res.Percent(), quizClock(took), res.Answered)
	fmt.Fprintf(r.out, "Result: %s (pass mark %d%%: an approximation of AWS's scaled passing score of 720/1000; the real exam is scaled, not a raw percentage)\n",
		verdict, quiz.PassPercent)
	fmt.Fprintln(r.out)
	r.breakdown(res)
	if len(res.Missed) > 0 {
		fmt.Fprintln(r.out)
		fmt.Fprintln(r.out, "Missed: "+strings.Join(res.Missed, ", "))
	}
	return s, nil
}

func (r *quizRunner) breakdown(res quiz.Result) {
	tw := tabwriter.NewWriter(r.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TOPIC\tRIGHT\tTOTAL\tSCORE")
	for _, t := range res.Topics {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f%%\n", t.Topic.ID, t.Right, t.Total, t.Percent())
	}
	tw.Flush()
}

// quizClock renders a duration as mm:ss.
func quizClock(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

func quizIndent(s, pre string) string { return strings.ReplaceAll(s, "\n", "\n"+pre) }

func quizFirstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " …"
	}
	return s
}

// fullExam runs the 65-question exam as the real one works: questions can be answered in
// any order, flagged for review and revisited; a review list shows what is left; handing
// in (or quitting) asks for confirmation. Nothing is revealed until the end.
func (r *quizRunner) fullExam(bank *quiz.Bank, o quizOptions) (*quiz.Session, error) {
	s := quiz.NewFullExam(bank.Questions, o.seed)
	start, deadline, err := r.startExam(s, o, ", drawn by DVA-C02 domain weight", "Answer with a letter (a,c to choose several); f flags for review, p goes back, n skips, r lists the questions, s submits.")
	if err != nil {
		return nil, err
	}
	defer deadline.Stop()
	at, timeUp := 0, false
	show := true
loop:
	for {
		p := s.Items[at]
		if show {
			elapsed := r.now().Sub(start)
			fmt.Fprintln(r.out)
			header := fmt.Sprintf("Question %d/%d · %s elapsed · %s left", at+1, len(s.Items), quizClock(elapsed), quizClock(max(0, o.limit-elapsed)))
			if s.Flagged[at] {
				header += " · flagged"
			}
			r.printQuestion(p, header)
			if s.Answers[at] != nil {
				fmt.Fprintln(r.out, styleDim.Render("your answer: "+p.Letters(s.Answers[at])))
			}
		}
		show = true
		line, ok, up := r.prompt(deadline.C)
		switch {
		case up:
			timeUp = true
			break loop
		case !ok:
			break loop // the end of input hands the exam in
		}
		switch cmd := strings.ToLower(line); cmd {
		case "f", "flag":
			s.Flag(at)
			state := "flagged for review"
			if !s.Flagged[at] {
				state = "no longer flagged"
			}
			fmt.Fprintf(r.out, "Question %d %s.\n", at+1, state)
			show = false
		case "p", "prev", "back":
			if at == 0 {
				fmt.Fprintln(r.out, styleWarn.Render("This is the first question."))
				show = false
				break
			}
			at--
		case "n", "next", "":
			if at+1 < len(s.Items) {
				at++
				break
			}
			if r.review(s, &at) {
				break loop
			}
		case "r", "review":
			if r.review(s, &at) {
				break loop
			}
		case "s", "submit", "q", "quit":
			if r.confirmEnd(s, deadline.C, &timeUp) {
				break loop
			}
			show = false
		default:
			chosen, err := p.Parse(line)
			if err != nil {
				fmt.Fprintln(r.out, styleWarn.Render(err.Error()+" (or f, p, n, r, s)"))
				show = false
				break
			}
			s.Answer(at, chosen)
			if at+1 < len(s.Items) {
				at++
				break
			}
			if r.review(s, &at) {
				break loop
			}
		}
		if timeUp {
			break
		}
	}
	took := r.now().Sub(start)
	if timeUp {
		fmt.Fprintln(r.out, styleWarn.Render("Time is up: unanswered questions count as wrong."))
	}
	res := s.Score()
	fmt.Fprintln(r.out)
	fmt.Fprintln(r.out, styleHeader.Render("Review"))
	for i, p := range s.Items {
		if s.Right(i) {
			continue
		}
		fmt.Fprintln(r.out)
		fmt.Fprintln(r.out, styleHeader.Render(fmt.Sprintf("Question %d/%d · %s · %s", i+1, len(s.Items), quiz.DomainTitle(p.Q.DomainID()), p.Q.ID)))
		fmt.Fprintln(r.out, strings.TrimSpace(p.Q.Question))
		r.reveal(p, s.Answers[i])
	}
	fmt.Fprintln(r.out)
	verdict := styleOK.Render("PASS")
	if !res.Passed {
		verdict = styleErr.Render("FAIL")
	}
	fmt.Fprintf(r.out, "Score: %d/1000 (%d/%d right) in %s, %d answered\n", res.Scaled, res.Right, res.Total, quizClock(took), res.Answered)
	fmt.Fprintf(r.out, "Result: %s (pass mark %d; AWS scales scores with a model it does not publish, so this linear scale is an indication)\n", verdict, quiz.PassScaled)
	fmt.Fprintln(r.out)
	tw := tabwriter.NewWriter(r.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DOMAIN\tWEIGHT\tRIGHT\tTOTAL\tSCORE")
	for _, d := range res.Domains {
		fmt.Fprintf(tw, "%s\t%.0f%%\t%d\t%d\t%.0f%%\n", d.Domain.Title, 100*d.Domain.Weight, d.Right, d.Total, d.Percent())
	}
	tw.Flush()
	if len(res.Missed) > 0 {
		fmt.Fprintln(r.out)
		fmt.Fprintln(r.out, "Missed: "+strings.Join(res.Missed, ", "))
	}
	return s, nil
}

// prompt reads one command line of the full exam.
func (r *quizRunner) prompt(timeout <-chan time.Time) (line string, ok, timeUp bool) {
	fmt.Fprint(r.out, "> ")
	line, ok, up := r.in.next(timeout)
	if up {
		fmt.Fprintln(r.out)
		return "", true, true
	}
	if !ok {
		fmt.Fprintln(r.out, "\n(end of input: the exam is handed in)")
		return "", false, false
	}
	if r.echo {
		fmt.Fprintln(r.out, line)
	}
	return line, true, false
}

// review prints the question list (answered, flagged, unanswered) and asks where to go:
// a number jumps there, s submits (after confirmation), enter returns. It reports whether
// the exam is to be handed in.
func (r *quizRunner) review(s *quiz.Session, at *int) bool {
	fmt.Fprintln(r.out)
	fmt.Fprintln(r.out, styleHeader.Render(fmt.Sprintf("Review · %d answered · %d unanswered · %d flagged", len(s.Items)-s.Unanswered(), s.Unanswered(), s.FlaggedCount())))
	var row []string
	for i := range s.Items {
		mark := "answered"
		if s.Answers[i] == nil {
			mark = "—"
		}
		if s.Flagged[i] {
			mark += " ⚑"
		}
		row = append(row, fmt.Sprintf("%2d %-11s", i+1, mark))
		if len(row) == 5 || i == len(s.Items)-1 {
			fmt.Fprintln(r.out, strings.TrimRight(strings.Join(row, "  "), " "))
			row = row[:0]
		}
	}
	for {
		fmt.Fprintln(r.out, "A question number goes there, s submits, enter returns to the exam.")
		line, ok, up := r.prompt(nil)
		if up || !ok {
			return true
		}
		switch strings.ToLower(line) {
		case "":
			return false
		case "s", "submit", "q", "quit":
			timeUp := false
			if r.confirmEnd(s, nil, &timeUp) {
				return true
			}
			continue
		}
		n, err := strconv.Atoi(line)
		if err != nil || n < 1 || n > len(s.Items) {
			fmt.Fprintln(r.out, styleWarn.Render(fmt.Sprintf("%q: give a question number from 1 to %d, s or enter", line, len(s.Items))))
			continue
		}
		*at = n - 1
		return false
	}
}

// confirmEnd asks before handing the exam in; y (or the end of input) confirms.
func (r *quizRunner) confirmEnd(s *quiz.Session, timeout <-chan time.Time, timeUp *bool) bool {
	fmt.Fprintf(r.out, "Hand in the exam now? %d unanswered (they count as wrong), %d flagged. y/n\n", s.Unanswered(), s.FlaggedCount())
	line, ok, up := r.prompt(timeout)
	if up {
		*timeUp = true
		return true
	}
	return !ok || strings.EqualFold(line, "y") || strings.EqualFold(line, "yes")
}

// loadQuizHistory reads the quiz history next to the labs' progress ($APIGWLAB_CONFIG_DIR,
// or the user config directory). Without a config directory the path is empty and nothing
// is kept.
func loadQuizHistory() (*quiz.History, string, error) {
	st, err := labs.DefaultStore()
	if err != nil {
		return &quiz.History{}, "", fmt.Errorf("the quiz history is not kept: %w", err)
	}
	path := quiz.HistoryFile(st.Dir)
	h, err := quiz.LoadHistory(path)
	return h, path, err
}

func printQuizHistory(w io.Writer, bank *quiz.Bank, h *quiz.History, now time.Time) {
	if len(h.Attempts) == 0 {
		fmt.Fprintln(w, "No attempts yet: apigwlab quiz, apigwlab quiz --exam or apigwlab quiz --exam --full.")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN\tMODE\tSCORE\tRESULT\tMISSED")
	for _, a := range h.Attempts {
		score := fmt.Sprintf("%d/%d", a.Right, a.Total)
		if a.Scaled > 0 {
			score += fmt.Sprintf(" (%d/1000)", a.Scaled)
		}
		result := "-"
		if a.Mode == "exam" || a.Mode == "full-exam" {
			result = map[bool]string{true: "PASS", false: "FAIL"}[a.Passed]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", a.At.Local().Format("2006-01-02 15:04"), a.Mode, score, result, len(a.Missed))
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d questions due for review now (apigwlab quiz --due); the last misses: apigwlab quiz --missed\n", len(h.Due(bank, now)))
}

// startExam announces an exam and starts its clock; the caller stops the timer.
func (r *quizRunner) startExam(s *quiz.Session, o quizOptions, drawn, how string) (time.Time, *time.Timer, error) {
	if len(s.Items) == 0 {
		return time.Time{}, nil, usagef("no questions to draw an exam from")
	}
	fmt.Fprintf(r.out, "Practice exam: %d questions in %s minutes%s (seed %d). Answers are shown at the end.\n",
		len(s.Items), strconv.FormatFloat(o.limit.Minutes(), 'f', -1, 64), drawn, o.seed)
	fmt.Fprintln(r.out, how)
	return r.now(), time.NewTimer(o.limit), nil
}
