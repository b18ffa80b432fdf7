package cli

import (
	"bytes"
	"strings"
	"testing"
)

// Found trying the new docs: `validate -f` (as invoke -f) answered a bare cobra error.
func TestFileFlagOnAnArgumentCommandSaysTheFix(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"validate", "-f", "x.yaml"}, "apigwlab: unknown shorthand flag: 'f' in -f: apigwlab validate takes the workspace file as an argument, without -f: apigwlab validate examples/pets.yaml\n"},
		{[]string{"-f", "x.yaml"}, "apigwlab: unknown shorthand flag: 'f' in -f: apigwlab takes the workspace file as an argument, without -f: apigwlab examples/pets.yaml\n"},
		// Other unknown flags keep cobra's words.
		{[]string{"validate", "-z"}, "apigwlab: unknown shorthand flag: 'z' in -z\n"},
		{[]string{"lab", "list", "-f"}, "apigwlab: unknown shorthand flag: 'f' in -f\n"},
	} {
		var out, errb bytes.Buffer
		code := run(c.args, strings.NewReader(""), &out, &errb)
		if code != exitBadFile || errb.String() != c.want {
			t.Errorf("%v: exit %d, stderr %q\nwant exit %d, %q", c.args, code, errb.String(), exitBadFile, c.want)
		}
	}
}
