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

	"apigwlab/quiz"
)

// quizOptions are the flags of `apigwlab quiz`.
type quizOptions struct {
	topic string
	exam  bool
	count bool
	seed  uint64
	limit time.Duration // exam time limit
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
  apigwlab quiz --exam               20 random questions, 30 minutes, answers at the end

Answer with the letter of an option (b), or letters separated by commas when the question
says "Choose two." (a,c); q ends. Answers are read line by line from standard input, so
the quiz also runs piped. See docs/quiz.md.`,
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
			if o.exam {
				return r.exam(bank, o)
			}
			return r.practice(bank, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.topic, "topic", "", "only questions of this topic (see --count for the list)")
	f.BoolVar(&o.exam, "exam", false, fmt.Sprintf("a timed practice exam of %d random questions, answers shown at the end", quiz.ExamQuestions))
	f.BoolVar(&o.count, "count", false, "print the number of questions per topic and the total")
	f.Uint64Var(&o.seed, "seed", 0, "seed of the question and option order (the same seed gives the same quiz)")
	f.IntVar(&minutes, "minutes", quiz.ExamMinutes, "time limit of --exam in minutes")
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
	lab := "apigwlab lab start " + p.Q.Lab
	if p.Q.Step > 0 {
		lab += fmt.Sprintf(" (step %d)", p.Q.Step)
	}
	fmt.Fprintln(r.out, styleDim.Render("Try it: "+lab))
	fmt.Fprintln(r.out, styleDim.Render("Source: "+p.Q.Source))
}

func (r *quizRunner) practice(bank *quiz.Bank, o quizOptions) error {
	qs := bank.ByTopic(o.topic)
	s := quiz.NewPractice(qs, o.seed)
	what := "all topics"
	if o.topic != "" {
		what = quiz.TopicTitle(o.topic)
	}
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
		return nil
	}
	fmt.Fprintf(r.out, "Score: %d/%d (%.0f%%)\n", res.Right, res.Total, res.Percent())
	if len(res.Topics) > 1 {
		r.breakdown(res)
	}
	return nil
}

func (r *quizRunner) exam(bank *quiz.Bank, o quizOptions) error {
	qs := bank.ByTopic(o.topic)
	s := quiz.NewExam(qs, quiz.ExamQuestions, o.seed)
	if len(s.Items) == 0 {
		return usagef("no questions to draw an exam from")
	}
	start := r.now()
	deadline := time.NewTimer(o.limit)
	defer deadline.Stop()
	fmt.Fprintf(r.out, "Practice exam: %d questions in %s minutes (seed %d). Answers are shown at the end.\n",
		len(s.Items), strconv.FormatFloat(o.limit.Minutes(), 'f', -1, 64), o.seed)
	fmt.Fprintln(r.out, "Answer with a letter, or letters like a,c when asked to choose several; q hands in early.")
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
	return nil
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
