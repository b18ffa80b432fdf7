// Package cli is apigwlab's command line (cobra): the TUI by default, and invoke, validate
// and the other commands of the CLI contract in DESIGN.md.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// Exit codes of the CLI contract.
const (
	exitOK      = 0
	exitFailed  = 1 // a replay expectation failed
	exitBadFile = 2 // a bad workspace, scenario or arguments
)

// usageError is an error in what the user typed or wrote: exit 2 with the reason.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// Execute runs the command line and returns the process exit code.
func Execute() int {
	return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var code exitCode
	if errors.As(err, &code) {
		return int(code)
	}
	fmt.Fprintln(stderr, "apigwlab:", err)
	return exitBadFile
}

// exitCode lets a command end with a code after printing its own output.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }

func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	var logPath string
	root := &cobra.Command{
		Use:   "apigwlab [WORKSPACE]",
		Short: "An AWS API Gateway simulator and learning lab for the terminal",
		Long: `apigwlab runs a faithful AWS API Gateway engine on your machine: REST APIs with
their resources, methods, integrations, stages and deployments, HTTP APIs (v2) and
WebSocket APIs, simulated or code Lambda functions, and AWS's exact status codes,
bodies and headers.

Every request leaves a trace: which resource matched, which function ran with
which event, why the answer was 403, 429, 502 or 504.

Start with the bundled examples:
  apigwlab invoke -f examples/pets.yaml GET /prod/pets
  apigwlab invoke -f examples/pets.yaml GET /prod/pets/7 --trace
  apigwlab validate examples/pets.yaml
  apigwlab replay malformed-proxy-502
  apigwlab serve -f examples/pets.yaml
  apigwlab invoke -f examples/http-api.yaml GET /pets/7
  apigwlab ws -f examples/chat.yaml --query token=letmein

Learn API Gateway by doing, or test yourself:
  apigwlab lab list
  apigwlab lab start first-rest-api-mock
  apigwlab quiz --exam

Run apigwlab with no arguments (or with a WORKSPACE file) for the terminal UI:
an API explorer (send as Cognito or IAM users), a step-by-step flow view of
each request, live scenario replays, logs, CloudWatch-style metrics, the
control-plane palette (:) and the guided labs (6).`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runTUI(stdout, args, logPath)
		},
	}
	root.Flags().StringVar(&logPath, "log", "", "write the terminal UI's debug log to this file")
	root.SetFlagErrorFunc(fileFlagHint)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	// One command per line: commands are added by different changes.
	root.AddCommand(
		newInvokeCmd(stdout, stderr),
		newValidateCmd(stdout, stderr),
		newReplayCmd(stdout, stderr),
		newScenariosCmd(stdout),
		newServeCmd(stdout, stderr),
		newVTLCmd(stdout),
		newTokenCmd(stdout),
		newLabCmd(stdin, stdout, stderr),
		newQuizCmd(stdin, stdout),
		newExportCmd(stdout),
		newWSCmd(stdin, stdout, stderr),
	)
	return root
}
