package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"apigwlab/engine"
	"apigwlab/engine/model"
)

func newValidateCmd(stdout, stderr io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a workspace file and report every problem at once",
		Long: `validate reads a workspace file (and the OpenAPI files and SAM or CloudFormation
templates it names) and reports every problem it finds, each with file:line:column,
the field, and the values AWS accepts. A valid file prints a one-line summary,
then what template imports translated, left out, and the traps to know about.

Warnings (on stderr, "file:line:column: field: warning: …") are what AWS accepts
when you write the API but fails its requests: a mapping template that does not
parse deploys on AWS and answers every request that uses it 500 Internal server
error. They do not change the exit status.

Exit status: 0 when the file is valid (warnings or not), 2 when it is not.`,
		Example: "  apigwlab validate examples/pets.yaml",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("validate needs one FILE, e.g. apigwlab validate examples/pets.yaml")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ws, err := model.Load(args[0])
			if err != nil {
				var errs model.Errors
				if errors.As(err, &errs) {
					for _, e := range errs {
						fmt.Fprintln(stderr, e.Error())
					}
					fmt.Fprintf(stderr, "%s: %d problem(s)\n", args[0], len(errs))
					return exitCode(exitBadFile)
				}
				return usageError{err}
			}
			// Deploying catches what only the engine can (it should agree with validation).
			gw, err := engine.New(ws, engine.Options{})
			if err != nil {
				return usageError{fmt.Errorf("%s: %w", args[0], err)}
			}
			gw.Close()
			for _, w := range ws.Warnings {
				fmt.Fprintln(stderr, w.Error())
			}
			if n := len(ws.Warnings); n > 0 {
				fmt.Fprintf(stderr, "%s: %d warning(s)\n", args[0], n)
			}
			fmt.Fprintln(stdout, ws.Summary())
			for _, line := range ws.ImportReport {
				fmt.Fprintln(stdout, "  import: "+line)
			}
			return nil
		},
	}
}
