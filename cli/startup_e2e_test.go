package cli

import (
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Issue 15, fast start: what packages do in init is paid by every start of apigwlab, the
// TUI's first frame included. Time is not asserted (the machine is shared); the bytes
// each package allocates in init are (GODEBUG=inittrace=1), and they follow the work:
// jsonschema's meta-schemas were 1.7 MB of the 2.8 MB before they were compiled at first
// use (third_party/jsonschema), goja programs and bounded regexp repeats most of the rest.
// scripts/startup.sh gives the times.
func TestStartupInitAllocations(t *testing.T) {
	const perPackage, total = 256 << 10, 1536 << 10
	cmd := exec.Command(binary, "--help")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1", "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("apigwlab --help: %v\n%s", err, out)
	}
	line := regexp.MustCompile(`(?m)^init (\S+) @\S+ ms, \S+ ms clock, (\d+) bytes, \d+ allocs$`)
	type pkg struct {
		name  string
		bytes int
	}
	var pkgs []pkg
	sum := 0
	for _, m := range line.FindAllStringSubmatch(string(out), -1) {
		n, _ := strconv.Atoi(m[2])
		pkgs = append(pkgs, pkg{m[1], n})
		sum += n
	}
	if len(pkgs) < 10 {
		t.Fatalf("no init trace in the output (GODEBUG=inittrace=1):\n%s", out)
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].bytes > pkgs[j].bytes })
	var top []string
	for _, p := range pkgs[:5] {
		top = append(top, p.name+" "+strconv.Itoa(p.bytes))
	}
	if pkgs[0].bytes > perPackage || sum > total {
		t.Errorf("init allocates %d bytes in all (at most %d), %s %d in one package (at most %d); the most: %s. "+
			"Move the work to first use (sync.OnceValue)", sum, total, pkgs[0].name, pkgs[0].bytes, perPackage, strings.Join(top, ", "))
	}
}
