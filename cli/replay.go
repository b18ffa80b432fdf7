package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"apigwlab/engine/model"
	"apigwlab/scenarios"
)

func newReplayCmd(stdout, stderr io.Writer) *cobra.Command {
	var asJSON, allowOutside bool
	var seed, maxRequests int64
	var maxDuration time.Duration
	cmd := &cobra.Command{
		Use:   "replay SCENARIO",
		Short: "Replay a scenario's traffic in virtual time and check its expectations",
		Long: `replay runs a scenario file (or a bundled scenario, by name) through the gateway in
virtual time: minutes of traffic take a moment, and the same file and seed always give
the same report. The report shows status counts, error ratios, latency percentiles, a
per-phase and per-window table, the events applied, and each expectation as PASS/FAIL
with the value observed. A scenario may drive a WebSocket API instead, with virtual
clients (connections:), their messages, @connections pushes and disconnect storms; its
report then shows CloudWatch's WebSocket metrics (ConnectCount, MessageCount,
ClientError, IntegrationError, ExecutionError) and the idle timeout and 2-hour limit
closing connections at their virtual instants.

See the bundled scenarios with: apigwlab scenarios list

Caps: a run simulates at most 24h (--max-duration) and 10,000,000 requests
(--max-requests; WebSocket connects, messages and pushes count too); a scenario over a
cap is refused with a message saying how to raise it.
A scenario's workspace: path must stay inside the scenario's directory tree unless
--allow-outside; the scenario file is read only if it is a regular file up to 16 MB.

Exit status: 0 when every expectation holds, 1 when one fails, 2 for a bad file.`,
		Example: `  apigwlab replay malformed-proxy-502
  apigwlab replay scenarios/bundled/lambda-timeout-504.yaml --json
  apigwlab replay my-scenario.yaml --seed 42
  apigwlab replay idle-timeout                 # a WebSocket API: 2 h of clients in a moment`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("replay needs one SCENARIO: a file, or a bundled name (apigwlab scenarios list)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := loadScenario(args[0], scenarios.LoadOptions{AllowOutside: allowOutside})
			if err != nil {
				return reportLoadError(stderr, args[0], err)
			}
			// The text report shows no per-second series: not keeping it holds memory flat
			// however long the run.
			opts := scenarios.Options{NoSeries: !asJSON, MaxDuration: maxDuration, MaxRequests: maxRequests}
			if cmd.Flags().Changed("seed") {
				s := uint64(seed)
				opts.Seed = &s
			}
			bar := newProgressBar(stderr)
			opts.Progress = bar.update
			res, err := scenarios.Run(sc, opts)
			bar.done()
			if err != nil {
				return usageError{err}
			}
			if asJSON {
				err = res.WriteJSON(stdout)
			} else {
				err = res.WriteText(stdout)
			}
			if err != nil {
				return err
			}
			if !res.Passed {
				return exitCode(exitFailed)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object (statusCounts, functions, cache, series, expectations, passed…)")
	cmd.Flags().Int64Var(&seed, "seed", 0, "override the scenario's seed")
	cmd.Flags().DurationVar(&maxDuration, "max-duration", scenarios.DefaultMaxDuration, "cap on the simulated time a run may last")
	cmd.Flags().Int64Var(&maxRequests, "max-requests", scenarios.DefaultMaxRequests, "cap on the requests a run may send")
	cmd.Flags().BoolVar(&allowOutside, "allow-outside", false, "let the scenario's workspace: path leave the scenario's directory tree")
	return cmd
}

// loadScenario reads a file, or a bundled scenario when no such file exists.
func loadScenario(arg string, o scenarios.LoadOptions) (*scenarios.Scenario, error) {
	if _, err := os.Stat(arg); err == nil || strings.ContainsAny(arg, "/\\") || strings.HasSuffix(arg, ".yaml") {
		return scenarios.LoadWith(arg, o)
	}
	sc, err := scenarios.LoadBundled(arg)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err // a bundled scenario that does not parse: show why, not "no such scenario"
	}
	if err != nil {
		names := []string{}
		if infos, e := scenarios.Bundled(); e == nil {
			for _, i := range infos {
				names = append(names, i.Name)
			}
		}
		return nil, fmt.Errorf("no scenario file %q and no bundled scenario of that name; bundled: %s", arg, strings.Join(names, ", "))
	}
	return sc, nil
}

func reportLoadError(stderr io.Writer, name string, err error) error {
	var errs model.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			fmt.Fprintln(stderr, e.Error())
		}
		fmt.Fprintf(stderr, "%s: %d problem(s)\n", name, len(errs))
		return exitCode(exitBadFile)
	}
	return usageError{err}
}

func newScenariosCmd(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenarios",
		Short: "List the bundled scenarios",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List the bundled scenarios and what each teaches",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			infos, err := scenarios.Bundled()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
			for _, i := range infos {
				fmt.Fprintf(tw, "%s\t%s\n", i.Name, firstSentence(i.Description))
			}
			tw.Flush()
			fmt.Fprintln(stdout, "\nRun one with: apigwlab replay NAME")
			return nil
		},
	})
	return cmd
}

// progressBar draws on stderr when it is a terminal and the run has taken over a second.
type progressBar struct {
	w       io.Writer
	on      bool
	start   time.Time
	drawn   bool
	lastPct int
}

func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	return &progressBar{w: w, on: ok && isatty.IsTerminal(f.Fd()), start: time.Now(), lastPct: -1}
}

func (p *progressBar) update(done, total time.Duration) {
	if !p.on || total <= 0 || time.Since(p.start) < time.Second {
		return
	}
	pct := int(100 * done / total)
	if pct == p.lastPct {
		return
	}
	p.lastPct = pct
	const width = 30
	filled := width * pct / 100
	fmt.Fprintf(p.w, "\r  replaying [%s%s] %3d%%  %s of %s virtual", strings.Repeat("█", filled), strings.Repeat("░", width-filled),
		pct, done.Truncate(time.Second), total)
	p.drawn = true
}

func (p *progressBar) done() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// firstSentence is a description's first sentence on one line.
func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}
