package cli

import (
	"strings"

	"github.com/spf13/cobra"
)

// fileFlagHint adds the fix to "unknown shorthand flag: 'f'" on the commands that take
// their file as an argument (the TUI, validate): invoke, serve and replay's workspace
// take -f, so a newcomer writes `apigwlab validate -f x.yaml` and met a bare cobra error.
func fileFlagHint(c *cobra.Command, err error) error {
	if !strings.Contains(err.Error(), "unknown shorthand flag: 'f'") || c.Flags().Lookup("file") != nil {
		return err
	}
	use := c.Use // "validate FILE", "apigwlab [WORKSPACE]"
	if !strings.Contains(use, "FILE") && !strings.Contains(use, "WORKSPACE") {
		return err
	}
	path := c.CommandPath()
	if c.HasParent() {
		path = c.Root().Name() + " " + c.Name()
	}
	return usagef("%v: %s takes the workspace file as an argument, without -f: %s examples/pets.yaml", err, path, path)
}
