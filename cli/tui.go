package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-isatty"

	"apigwlab/tui"
)

// runTUI opens the terminal UI. Without a terminal (a pipe, CI) it prints what to run
// instead of drawing a screen into a file.
func runTUI(stdout io.Writer, args []string, logPath string) error {
	ws := ""
	if len(args) == 1 {
		ws = args[0]
	}
	f, ok := stdout.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		shown := ws
		if shown == "" {
			shown = "examples/pets.yaml"
		}
		fmt.Fprintln(stdout, "apigwlab — AWS API Gateway, in your terminal")
		fmt.Fprintln(stdout)
		fmt.Fprintln(stdout, "Run apigwlab in a terminal for the explorer, the step-by-step flow view,")
		fmt.Fprintln(stdout, "live scenario replays and logs. From scripts and CI, use the commands:")
		fmt.Fprintln(stdout)
		fmt.Fprintln(stdout, "  apigwlab invoke -f "+shown+" GET /prod/pets")
		fmt.Fprintln(stdout, "  apigwlab invoke -f "+shown+" GET /prod/pets/7 --trace")
		fmt.Fprintln(stdout, "  apigwlab validate "+shown)
		fmt.Fprintln(stdout, "  apigwlab replay malformed-proxy-502")
		return nil
	}
	opts := tui.Options{WorkspacePath: ws, Output: f}
	if logPath != "" {
		lf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return usagef("--log %s: %v", logPath, err)
		}
		defer lf.Close()
		opts.Log = lf
	}
	return tui.Run(opts)
}
