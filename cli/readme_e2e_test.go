package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"apigwlab/engine"
)

// Issue 15 rough edge: README drifted from the output (validate's counts, the access-log
// line, the scenarios list). Every console example of README.md (`$ go run . ARGS` and the
// lines under it) is run and its lines must show, in order, in what the command printed:
// "…" in a line stands for any text, and a line that is only "…" for any lines; other
// lines follow one another as in the output.
func TestReadmeConsoleExamplesAreTrue(t *testing.T) {
	src, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := 0
	for _, block := range regexp.MustCompile("(?s)```console\n(.*?)```").FindAllStringSubmatch(string(src), -1) {
		var cmd []string
		var want []string
		flush := func() {
			if cmd != nil {
				checkExample(t, cmd, want)
				examples++
			}
			cmd, want = nil, nil
		}
		for _, line := range strings.Split(strings.TrimRight(block[1], "\n"), "\n") {
			if rest, ok := strings.CutPrefix(line, "$ "); ok {
				flush()
				rest, _, _ = strings.Cut(rest, "  #") // a comment after the command
				rest = strings.TrimSpace(rest)
				if args, ok := strings.CutPrefix(rest, "go run . "); ok {
					cmd = words(t, args)
				} else if args, ok := strings.CutPrefix(rest, "apigwlab "); ok && !strings.Contains(rest, "lab ") {
					cmd = words(t, args)
				}
				continue
			}
			want = append(want, line)
		}
		flush()
	}
	if examples < 5 {
		t.Fatalf("found %d console examples in README.md: the parser no longer sees them", examples)
	}
}

// checkExample runs one example and matches its lines against the output.
func checkExample(t *testing.T, args, want []string) {
	t.Helper()
	out, errOut, _ := apigwlab(t, "", args...)
	got := strings.Split(out+errOut, "\n")
	at, gap := 0, false
	for _, w := range want {
		if strings.TrimSpace(w) == "…" {
			gap = true // lines left out: the next one may come later
			continue
		}
		re := regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(strings.TrimRight(w, " ")), "…", ".*") + "\\s*$")
		found := false
		for at < len(got) && !found {
			found = re.MatchString(got[at])
			at++
			if !gap {
				break // README's lines follow one another in the output
			}
		}
		if !found {
			t.Errorf("README: `apigwlab %s` shows %q where the command printed otherwise.\nIt printed:\n%s",
				strings.Join(args, " "), w, out+errOut)
			return
		}
		gap = false
	}
}

// words splits a README command line as a shell would.
func words(t *testing.T, line string) []string {
	t.Helper()
	w, err := engine.SplitArgs(line)
	if err != nil {
		t.Fatalf("README: %s: %v", line, err)
	}
	return w
}
