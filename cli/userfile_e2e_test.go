package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Every file a user names goes through one reader: a device, a FIFO or a huge file is an
// error with the same reason, never a hang or an out-of-memory crash.
func TestUserFilesHaveOneReader(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.yaml")
	f, _ := os.Create(big)
	f.Truncate(17 << 20)
	f.Close()
	const notRegular = "not a regular file (a device, pipe or socket): apigwlab reads regular files only"
	const tooLarge = "larger than 16 MB: apigwlab reads input files up to that size"
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"replay", "/dev/zero"}, "/dev/zero: cannot read the scenario: " + notRegular},
		{[]string{"replay", fifo}, fifo + ": cannot read the scenario: " + notRegular},
		{[]string{"replay", big}, big + ": cannot read the scenario: " + tooLarge},
		{[]string{"validate", "/dev/zero"}, "/dev/zero: cannot read the workspace: " + notRegular},
		{[]string{"validate", big}, big + ": cannot read the workspace: " + tooLarge},
		{[]string{"invoke", "-f", "examples/pets.yaml", "POST", "/prod/pets", "-d", "@/dev/zero"}, "read body @/dev/zero: " + notRegular},
		{[]string{"invoke", "-f", "examples/pets.yaml", "POST", "/prod/pets", "-d", "@" + fifo}, "read body @" + fifo + ": " + notRegular},
		{[]string{"vtl", "render", "@/dev/zero"}, notRegular},
		{[]string{"vtl", "render", "x", "--body", "@" + big}, tooLarge},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[:1], " "), func(t *testing.T) {
			_, errOut, code := apigwlab(t, "", tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("%v: exit %d\n%s\nwant %s", tt.args, code, errOut, tt.want)
			}
		})
	}
}

// invoke --seed with --at prints exactly the same twice: the time fields come from --at.
func TestInvokeSeedAndAtAreReproducible(t *testing.T) {
	args := []string{"invoke", "-f", "examples/pets.yaml", "GET", "/prod/pets", "--seed", "7", "--at", "2026-03-01T10:00:00Z", "--json", "--trace"}
	a, _, c1 := apigwlab(t, "", args...)
	b, _, c2 := apigwlab(t, "", args...)
	if c1 != 0 || c2 != 0 || a != b || !strings.Contains(a, "01/Mar/2026:10:00:00 +0000") {
		t.Fatalf("exit %d/%d; outputs differ or lack the --at time:\n%s\n---\n%s", c1, c2, a, b)
	}
}
