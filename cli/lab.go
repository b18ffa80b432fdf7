package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"apigwlab/labs"
)

// labCLI holds what every lab subcommand shares.
type labCLI struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	labsDirs       []string
}

func newLabCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	lc := &labCLI{stdin: stdin, stdout: stdout, stderr: stderr}
	cmd := &cobra.Command{
		Use:   "lab",
		Short: "Guided labs: learn API Gateway by changing a workspace until its objectives are met",
		Long: `Guided labs teach API Gateway for the AWS Developer and Solutions Architect
certifications, one small workspace at a time. Each lab has steps; each step has
objectives that are checked against the running engine (requests, control-plane state,
replays, mapping templates), never against what you typed.

  apigwlab lab list                       the curriculum and your progress
  apigwlab lab start first-rest-api-mock  writes ./lab-first-rest-api-mock/workspace.yaml
  apigwlab lab show first-rest-api-mock   the current step's instructions
  (edit workspace.yaml, try it with apigwlab invoke -f …)
  apigwlab lab check first-rest-api-mock  checks the step; moves on when it is met
  apigwlab lab hint first-rest-api-mock   one more hint

Control-plane verbs (update-stage, create-deployment, …) are run with
  apigwlab lab exec ID -- update-stage --stage-name prod --patch-operations …
and kept in the lab directory's commands.log, replayed on the workspace at every check.

Progress is kept in $APIGWLAB_CONFIG_DIR (default: your config directory/apigwlab)/progress.json.
Your own labs: --labs-dir DIR or $APIGWLAB_LABS_DIR (see docs/labs.md).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.PersistentFlags().StringArrayVar(&lc.labsDirs, "labs-dir", nil, "a directory of extra labs (repeatable; also $"+labs.EnvLabsDir+")")
	cmd.AddCommand(lc.listCmd(), lc.startCmd(), lc.showCmd(), lc.checkCmd(), lc.hintCmd(), lc.solutionCmd(), lc.resetCmd(), lc.execCmd())
	return cmd
}

func (lc *labCLI) catalog() (*labs.Catalog, error) {
	cat, err := labs.Load(append(labs.Dirs(), lc.labsDirs...)...)
	if err != nil {
		return nil, usageError{fmt.Errorf("labs:\n%w", err)}
	}
	return cat, nil
}

// lab finds a lab that can be worked on.
// currentStep is the learner's current step of a lab (0-based; len(Steps) when done).
func (lc *labCLI) currentStep(l *labs.Lab) (int, error) {
	_, p, err := lc.progress()
	if err != nil {
		return 0, err
	}
	if lp := p.Labs[l.ID]; lp != nil {
		return lp.Step, nil
	}
	return 0, nil
}

func (lc *labCLI) lab(id string) (*labs.Lab, error) {
	cat, err := lc.catalog()
	if err != nil {
		return nil, err
	}
	l, err := cat.Get(id)
	if err != nil {
		return nil, usageError{err}
	}
	if l.Status == labs.StatusComing {
		return nil, usagef("lab %s is coming: its engine features are still being built", id)
	}
	return l, nil
}

// progress loads the progress; a corrupt file is reported (it was set aside) and the
// command goes on with empty progress.
func (lc *labCLI) progress() (*labs.Store, *labs.Progress, error) {
	st, err := labs.DefaultStore()
	if err != nil {
		return nil, nil, err
	}
	p, err := st.Load()
	var ce *labs.CorruptError
	if errors.As(err, &ce) {
		fmt.Fprintln(lc.stderr, "apigwlab: warning:", ce)
		return st, p, nil
	}
	return st, p, err
}

// update changes the progress under the store's lock, on a fresh read (labs.Store.Update):
// another apigwlab (a second shell, the TUI) may have recorded something since progress().
func (lc *labCLI) update(st *labs.Store, fn func(p *labs.Progress)) (*labs.Progress, error) {
	p, err := st.Update(fn)
	var ce *labs.CorruptError
	if errors.As(err, &ce) {
		fmt.Fprintln(lc.stderr, "apigwlab: warning:", ce)
		return p, nil
	}
	return p, err
}

// labDir is the lab directory: --dir, else ./lab-ID or the current directory when it is that
// lab's, else the directory the lab was started in (kept in the progress, labs.Locate).
func (lc *labCLI) labDir(dir, id string) string {
	var lp *labs.LabProgress
	if _, p, err := lc.progress(); err == nil && p != nil {
		lp = p.Labs[id]
	}
	return string(labs.Locate(dir, id, lp))
}

func oneID(what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("%s needs one lab ID (apigwlab lab list)", what)
		}
		return nil
	}
}

func (lc *labCLI) listCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the labs in curriculum order with your progress",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := lc.catalog()
			if err != nil {
				return err
			}
			_, p, err := lc.progress()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(lc.stdout, 0, 0, 2, ' ', 0)
			for i, l := range cat.Labs {
				mark := " "
				state := ""
				lp := p.Labs[l.ID]
				switch {
				case l.Status == labs.StatusComing:
					state = "coming soon"
				case lp.Done():
					mark, state = "✓", "done"
				case lp != nil:
					state = fmt.Sprintf("step %d/%d", lp.Step+1, len(l.Steps))
				}
				fmt.Fprintf(tw, "%s %2d. %s\t%s\t%d min\t%s\t%s\n", mark, i+1, l.ID, l.Level, l.Minutes, state, l.Title)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			fmt.Fprintln(lc.stdout, "\nStart one with: apigwlab lab start ID")
			return nil
		},
	}
}

func (lc *labCLI) startCmd() *cobra.Command {
	var dir string
	var force bool
	cmd := &cobra.Command{
		Use:   "start ID",
		Short: "Write a lab's starting workspace to a directory (default ./lab-ID/)",
		Args:  oneID("lab start"),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := lc.lab(args[0])
			if err != nil {
				return err
			}
			d := string(labs.DirFor(dir, l.ID)) // a new start goes here, not where the last one was
			ws := filepath.Join(d, labs.WorkspaceFile)
			if _, err := os.Stat(ws); err == nil && !force {
				return usagef("%s exists: continue the lab there, or use --force to start over (the old file is kept as %s.bak)", ws, labs.WorkspaceFile)
			}
			if existing := labs.Dir(d).Existing(l); len(existing) > 0 && !force {
				return usagef("%s would be replaced: choose another --dir, or use --force (each old file is kept as NAME.bak)", strings.Join(existing, ", "))
			}
			if err := labs.Dir(d).Start(l); err != nil {
				return err
			}
			st, p, err := lc.progress()
			if err != nil {
				return err
			}
			if p, err = lc.update(st, func(p *labs.Progress) {
				if force {
					delete(p.Labs, l.ID)
				}
				p.Lab(l.ID).Dir = labs.Dir(d).Abs()
			}); err != nil {
				return err
			}
			lp := p.Lab(l.ID)
			fmt.Fprintf(lc.stdout, "Lab %s: %s\nwrote %s and %s\n", l.ID, l.Title, ws, filepath.Join(d, "README.md"))
			if files := labs.Dir(d).FilePaths(l); len(files) > 0 {
				fmt.Fprintf(lc.stdout, "and the lab's files: %s\n", strings.Join(files, ", "))
			}
			fmt.Fprintf(lc.stdout, "Work there: cd %s, edit workspace.yaml, try it with apigwlab invoke -f workspace.yaml METHOD /STAGE/PATH,\nthen run apigwlab lab check %s (from there or from here).\n\n", d, l.ID)
			lc.printStep(l, lp.Step, d)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "the lab directory (default ./lab-ID)")
	cmd.Flags().BoolVar(&force, "force", false, "start over: rewrite the workspace (keeping a .bak) and reset progress")
	return cmd
}

func (lc *labCLI) printStep(l *labs.Lab, i int, dir string) {
	if i >= len(l.Steps) {
		fmt.Fprintf(lc.stdout, "Lab %s is complete. apigwlab lab reset %s to do it again.\n", l.ID, l.ID)
		return
	}
	s := l.Steps[i]
	fmt.Fprintf(lc.stdout, "Step %d/%d: %s\n\n%s\n", i+1, len(l.Steps), s.Title, plainText(s.Instructions))
	fmt.Fprintln(lc.stdout, "\nObjectives:")
	for _, o := range s.Objectives {
		fmt.Fprintf(lc.stdout, "  • %s\n", o.Title)
	}
	fmt.Fprintf(lc.stdout, "\nCheck with: apigwlab lab check %s%s · a hint: apigwlab lab hint %s\n", l.ID, dirFlag(dir, l.ID), l.ID)
}

// dirFlag is the --dir flag to repeat in suggested commands ("" for the default directory).
// appliedLine confirms solution --apply; "." (run from inside the lab) is named in words,
// since "Applied to .." read as the parent directory.
func appliedLine(dir, id string) string {
	where := dir
	if dir == "" || dir == "." {
		where = "the lab in this directory"
	}
	return fmt.Sprintf("Applied to %s. Check with: apigwlab lab check %s%s", where, id, dirFlag(dir, id))
}

func dirFlag(dir, id string) string {
	if dir == "" || dir == "." || dir == "lab-"+id {
		return ""
	}
	return " --dir " + dir
}

func (lc *labCLI) showCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Print the instructions of the lab's current step",
		Args:  oneID("lab show"),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := lc.lab(args[0])
			if err != nil {
				return err
			}
			step, err := lc.currentStep(l)
			if err != nil {
				return err
			}
			fmt.Fprintf(lc.stdout, "Lab %s: %s (%s, about %d minutes)\n\n", l.ID, l.Title, l.Level, l.Minutes)
			lc.printStep(l, step, lc.labDir(dir, l.ID))
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "the lab directory (default ./lab-ID)")
	return cmd
}

// readLabEnv reads a lab directory: its workspace and the commands run so far.
func readLabEnv(d, id string) (labs.Env, error) {
	env, err := labs.Dir(d).Env()
	if err != nil {
		return env, usagef("%s: %v (start the lab first: apigwlab lab start %s%s)", d, unwrapFSError(err), id, dirFlag(d, id))
	}
	return env, nil
}

func unwrapFSError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (lc *labCLI) checkCmd() *cobra.Command {
	var dir string
	var all, asJSON bool
	cmd := &cobra.Command{
		Use:   "check ID",
		Short: "Check the current step's objectives against your workspace",
		Long: `check loads the lab directory's workspace.yaml, replays commands.log on it, and
checks the current step's objectives (every step's with --all). Each objective prints
✓ or ✗ with what was observed and the goal. When the step is met, the lab moves on to
the next step.

Exit status: 0 when every objective checked is met, 1 when one is not, 2 for a bad
workspace or commands.log (the error names file:line).`,
		Args: oneID("lab check"),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := lc.lab(args[0])
			if err != nil {
				return err
			}
			d := lc.labDir(dir, l.ID)
			env, err := readLabEnv(d, l.ID)
			if err != nil {
				return err
			}
			if err := env.Validate(); err != nil {
				return usageError{err}
			}
			st, p, err := lc.progress()
			if err != nil {
				return err
			}
			lp := p.Lab(l.ID)
			steps := []int{lp.Step}
			if all || lp.Step >= len(l.Steps) {
				steps = steps[:0]
				for i := range l.Steps {
					steps = append(steps, i)
				}
			}
			var results []labs.StepResult
			allMet := true
			for _, i := range steps {
				res, err := l.Check(env, i)
				if err != nil {
					return usageError{err}
				}
				results = append(results, res)
				// A step a later one undoes (labs.Step.ChangedLater) counts only while current.
				allMet = allMet && (res.Met() || (l.Steps[i].ChangedLater != "" && i < lp.Step))
			}
			// Progress moves through consecutive met steps, from the current one.
			advanced := false
			for _, res := range results {
				if lp.Advance(l, res.Step, res.Met()) {
					advanced = true
				}
			}
			if advanced {
				// Applied again to the progress as it is now on disk: Advance moves only
				// from the step recorded there.
				if p, err = lc.update(st, func(p *labs.Progress) {
					fresh := p.Lab(l.ID)
					for _, res := range results {
						fresh.Advance(l, res.Step, res.Met())
					}
				}); err != nil {
					return err
				}
				lp = p.Lab(l.ID)
			}
			// a workspace without the earlier steps' work (another directory, a fresh start)
			// says so, rather than "step 2 of 2" on a workspace that never had step 1
			missing, missRes := -1, labs.StepResult{}
			if len(steps) == 1 && steps[0] > 0 {
				if missing, missRes, err = l.Missing(env, steps[0]); err != nil {
					return usageError{err}
				}
			}
			if asJSON {
				enc := json.NewEncoder(lc.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(map[string]any{"lab": l.ID, "steps": results, "met": allMet, "currentStep": lp.Step + 1, "done": lp.Done()}); err != nil {
					return err
				}
			} else {
				lc.printResults(l, results, lp, allMet)
				if missing >= 0 {
					fmt.Fprintf(lc.stdout, "\nWarning: %s lacks the work of step %d (%s: not met). Redo it there, or run apigwlab lab check %s --all%s.\n",
						d, missing+1, missRes.FirstUnmet(), l.ID, dirFlag(d, l.ID))
				}
			}
			if !allMet {
				return exitCode(exitFailed)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "the lab directory (default ./lab-ID)")
	cmd.Flags().BoolVar(&all, "all", false, "check every step, not only the current one")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the results as JSON")
	return cmd
}

func (lc *labCLI) printResults(l *labs.Lab, results []labs.StepResult, lp *labs.LabProgress, allMet bool) {
	for _, res := range results {
		s := l.Steps[res.Step]
		fmt.Fprintf(lc.stdout, "Step %d/%d: %s\n", res.Step+1, len(l.Steps), s.Title)
		for _, r := range res.Results {
			mark := "✗"
			if r.Met {
				mark = "✓"
			}
			fmt.Fprintf(lc.stdout, "  %s %s\n", mark, r.Title)
			if !r.Met {
				fmt.Fprintf(lc.stdout, "      observed: %s\n      goal:     %s\n      %s\n", r.Observed, r.Goal, r.Reason)
			}
		}
		if !res.Met() && s.ChangedLater != "" && res.Step < lp.Step {
			fmt.Fprintf(lc.stdout, "  (met earlier; a later step changes it: %s)\n", s.ChangedLater)
		}
		if res.Met() && len(results) == 1 {
			fmt.Fprintf(lc.stdout, "\nStep met. Why it works:\n%s\n", indentText(plainText(s.Explanation), "  "))
		}
	}
	switch {
	case lp.Done() && allMet:
		fmt.Fprintf(lc.stdout, "\nLab %s complete ✓\n", l.ID)
	case lp.Done():
		// the exit status is 1: say so in words too, not "complete ✓" under a ✗
		fmt.Fprintf(lc.stdout, "\nLab %s was completed before, but this workspace no longer meets every objective above.\n", l.ID)
	case len(results) == 1 && results[0].Met():
		fmt.Fprintf(lc.stdout, "\nNext: step %d/%d — apigwlab lab show %s\n", lp.Step+1, len(l.Steps), l.ID)
	case len(results) == 1:
		fmt.Fprintf(lc.stdout, "\nNot yet. A hint: apigwlab lab hint %s\n", l.ID)
	}
}

// plainText renders lab markdown for a terminal without colour: emphasis markers go,
// fenced code blocks become indented blocks; `code` keeps its backticks, which read well.
// (The TUI lab screen renders the same markdown with styles.)
func plainText(md string) string {
	var out []string
	inCode := false
	for _, line := range strings.Split(strings.TrimRight(md, "\n"), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inCode = !inCode
			continue
		}
		if inCode {
			out = append(out, "    "+line)
			continue
		}
		out = append(out, strings.ReplaceAll(line, "**", ""))
	}
	return strings.Join(out, "\n")
}

func indentText(s, pre string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pre + l
		}
	}
	return strings.Join(lines, "\n")
}

func (lc *labCLI) hintCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "hint ID",
		Short: "Show the next hint of the current step (each call gives more detail)",
		Args:  oneID("lab hint"),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := lc.lab(args[0])
			if err != nil {
				return err
			}
			st, p, err := lc.progress()
			if err != nil {
				return err
			}
			lp := p.Lab(l.ID)
			if lp.Step >= len(l.Steps) {
				fmt.Fprintf(lc.stdout, "Lab %s is complete: no more hints.\n", l.ID)
				return nil
			}
			hints := l.Steps[lp.Step].Hints
			n := lp.HintsShown(lp.Step)
			if n < len(hints) {
				// Counted on the progress as it is on disk now, so two shells showing hints
				// at once both count.
				if _, err := lc.update(st, func(p *labs.Progress) {
					fresh := p.Lab(l.ID)
					if fresh.Step == lp.Step && fresh.HintsShown(fresh.Step) < len(hints) {
						n = fresh.ShowHint(fresh.Step)
					}
				}); err != nil {
					return err
				}
			}
			for i := 0; i < n && i < len(hints); i++ {
				fmt.Fprintf(lc.stdout, "Hint %d/%d: %s\n", i+1, len(hints), plainText(hints[i]))
			}
			if n >= len(hints) {
				fmt.Fprintf(lc.stdout, "(that was the last hint; the reference solution: apigwlab lab solution %s)\n", l.ID)
			}
			return nil
		},
	}
	// hints do not depend on the lab directory; --dir is accepted like the other lab commands
	cmd.Flags().StringVar(&dir, "dir", "", "the lab directory (not needed for hints)")
	return cmd
}

func (lc *labCLI) solutionCmd() *cobra.Command {
	var yes, apply bool
	var dir string
	cmd := &cobra.Command{
		Use:   "solution ID",
		Short: "Show the reference solution of the current step (asks first)",
		Long: `solution prints the current step's reference solution: the control-plane commands
and the workspace edits. It asks for confirmation unless --yes. --apply also applies it
to the lab directory: the edits to workspace.yaml (the old one kept as workspace.yaml.bak),
the commands appended to commands.log.`,
		Args: oneID("lab solution"),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := lc.lab(args[0])
			if err != nil {
				return err
			}
			step, err := lc.currentStep(l)
			if err != nil {
				return err
			}
			if step >= len(l.Steps) {
				fmt.Fprintf(lc.stdout, "Lab %s is complete.\n", l.ID)
				return nil
			}
			if !yes {
				fmt.Fprintf(lc.stdout, "Show the solution of step %d (%s)? Trying first teaches more. [y/N] ", step+1, l.Steps[step].Title)
				line, _ := bufio.NewReader(lc.stdin).ReadString('\n')
				if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
					fmt.Fprintln(lc.stdout, "\nNot shown.")
					return nil
				}
			}
			d := lc.labDir(dir, l.ID)
			sol := l.Steps[step].Solution
			fmt.Fprintf(lc.stdout, "Solution of step %d/%d: %s\n", step+1, len(l.Steps), l.Steps[step].Title)
			if sol.Note != "" {
				fmt.Fprintf(lc.stdout, "%s\n", strings.TrimSpace(sol.Note))
			}
			if len(sol.Edits) > 0 {
				fmt.Fprintln(lc.stdout, "Edits (of workspace.yaml unless named):")
				for _, e := range sol.Edits {
					fmt.Fprintf(lc.stdout, "  %s\n", e.EditText())
				}
			}
			if len(sol.Commands) > 0 {
				fmt.Fprintln(lc.stdout, "Control-plane commands (TUI palette, or apigwlab lab exec):")
				for _, c := range sol.Commands {
					fmt.Fprintf(lc.stdout, "  apigwlab lab exec %s%s -- %s\n", l.ID, dirFlag(d, l.ID), c)
				}
			}
			if !apply {
				return nil
			}
			env, err := readLabEnv(d, l.ID)
			if err != nil {
				return err
			}
			for file, edits := range labs.EditsByFile(sol.Edits) {
				path, old := env.File, env.Workspace
				if file != "" {
					path = filepath.Join(filepath.Dir(env.File), file)
					if old, err = os.ReadFile(path); err != nil {
						return err
					}
				}
				text, err := labs.ApplyEdits(old, edits)
				if err != nil {
					return usageError{fmt.Errorf("%s: %w", path, err)}
				}
				if err := labs.WriteFileAtomic(path+".bak", old); err != nil {
					return err
				}
				if err := labs.WriteFileAtomic(path, text); err != nil {
					return err
				}
			}
			for _, c := range sol.Commands {
				if err := labs.Dir(filepath.Dir(env.CommandsFile)).AppendCommand(c); err != nil {
					return err
				}
			}
			fmt.Fprintln(lc.stdout, appliedLine(d, l.ID))
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	cmd.Flags().BoolVar(&apply, "apply", false, "apply the solution to the lab directory")
	cmd.Flags().StringVar(&dir, "dir", "", "the lab directory (default ./lab-ID)")
	return cmd
}

func (lc *labCLI) resetCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "reset ID",
		Short: "Start a lab over: progress back to step 1, the starting workspace rewritten",
		Long: `reset forgets the lab's progress and hints. When the lab directory exists, its
workspace.yaml is rewritten with the starting workspace (the old one kept as
workspace.yaml.bak) and commands.log is removed.`,
		Args: oneID("lab reset"),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := lc.lab(args[0])
			if err != nil {
				return err
			}
			st, _, err := lc.progress()
			if err != nil {
				return err
			}
			d := lc.labDir(dir, l.ID) // before the progress that records it is forgotten
			if _, err := lc.update(st, func(p *labs.Progress) {
				delete(p.Labs, l.ID)
				if labs.Dir(d).Started() {
					p.Lab(l.ID).Dir = labs.Dir(d).Abs()
				}
			}); err != nil {
				return err
			}
			if _, err := os.Stat(filepath.Join(d, labs.WorkspaceFile)); err == nil {
				if err := labs.Dir(d).Start(l); err != nil {
					return err
				}
				fmt.Fprintf(lc.stdout, "Lab %s reset; %s rewritten (the old file is %s.bak).\n", l.ID, filepath.Join(d, labs.WorkspaceFile), labs.WorkspaceFile)
				return nil
			}
			fmt.Fprintf(lc.stdout, "Lab %s reset.\n", l.ID)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "the lab directory (default ./lab-ID)")
	return cmd
}

func (lc *labCLI) execCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "exec ID -- VERB [FLAGS…]",
		Short: "Run a control-plane verb on the lab's gateway and keep it in commands.log",
		Long: `exec runs one control-plane verb (update-stage, create-deployment, update-usage-plan,
get-stage, …, as the AWS CLI writes them) on the lab's gateway: the workspace with the
commands of commands.log already applied. A verb that changes the gateway is appended to
commands.log, which every lab check replays; get-* verbs only print.`,
		Example: `  apigwlab lab exec deployments-canary -- update-stage --stage-name prod --patch-operations op=replace,path=/canarySettings/percentTraffic,value=10
  apigwlab lab exec throttling -- get-stage --stage-name prod`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usagef("lab exec needs a lab ID and a verb: apigwlab lab exec ID -- VERB [FLAGS…]")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := lc.lab(args[0])
			if err != nil {
				return err
			}
			d := lc.labDir(dir, l.ID)
			env, err := readLabEnv(d, l.ID)
			if err != nil {
				return err
			}
			line := joinArgs(args[1:])
			out, err := env.Exec(line)
			if err != nil {
				return usageError{err}
			}
			if out != "" {
				fmt.Fprintln(lc.stdout, out)
			}
			if labs.ChangesState(line) {
				if err := labs.Dir(filepath.Dir(env.CommandsFile)).AppendCommand(line); err != nil {
					return err
				}
				fmt.Fprintf(lc.stderr, "kept in %s\n", env.CommandsFile)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "", "the lab directory (default ./lab-ID)")
	return cmd
}

// joinArgs quotes arguments so engine.Exec splits them back as the shell did.
func joinArgs(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t'\"\\{}") {
			a = "'" + strings.ReplaceAll(a, "'", `'"'"'`) + "'"
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}
