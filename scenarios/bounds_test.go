package scenarios

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestVolumeCaps(t *testing.T) {
	tests := []struct {
		name, src string
		opts      Options
		want      string
	}{
		{"duration", "duration: 100000h\ntraffic:\n  - {from: 0s, to: 1s, rate: 1/s, request: {path: /prod/ok}}\n", Options{},
			"test.yaml: the run lasts 100000h0m0s of simulated time, over the 24h0m0s cap: shorten duration (or the phases), or raise the cap with replay --max-duration 100000h0m0s"},
		{"rate × duration", "traffic:\n  - {from: 0s, to: 24h, rate: 1000000/s, request: {path: /prod/ok}}\n", Options{},
			"test.yaml: the traffic sends about 86400000000 requests (rate × duration), over the cap of 10000000: lower the rates or durations, or raise the cap with replay --max-requests 86400000000"},
		{"a ramp counts its mean rate", "traffic:\n  - {from: 0s, to: 10s, rate: 0/s..10/s, request: {path: /prod/ok}}\n", Options{MaxRequests: 49},
			"test.yaml: the traffic sends about 50 requests"},
		{"closed-loop clients are counted as they go", "traffic:\n  - {from: 0s, to: 10s, clients: 5, request: {path: /prod/ok}}\n", Options{MaxRequests: 100},
			"test.yaml: the run reached the cap of 100 requests at "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(parse(t, "name: s\n"+inlineWS+tt.src), tt.opts)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
	// Raised caps let the same scenario run.
	sc := parse(t, "name: s\n"+inlineWS+"traffic:\n  - {from: 0s, to: 10s, rate: 0/s..10/s, request: {path: /prod/ok}}\n")
	if _, err := Run(sc, Options{MaxRequests: 50}); err != nil {
		t.Error(err)
	}
}

// With NoSeries, a run's memory does not grow with its duration: the heap in use at the
// end of a 20,000 s run is what it was at 1,000 s (counted in bytes, not time).
func TestSeriesStreamedNotHeld(t *testing.T) {
	sc := parse(t, "name: s\n"+inlineWS+"traffic:\n  - {from: 0s, to: 20000s, rate: 1/s, request: {path: /prod/ok}}\n")
	heap := map[int]uint64{}
	var ms runtime.MemStats
	_, err := Run(sc, Options{NoSeries: true, OnSecond: func(s Sample) {
		if s.Second == 1000 || s.Second == 19999 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			heap[s.Second] = ms.HeapAlloc
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	// 19,000 more seconds held as samples would be over 1.8 MB.
	if grew := int64(heap[19999]) - int64(heap[1000]); grew > 256<<10 {
		t.Errorf("the heap grew by %d KB over 19,000 virtual seconds", grew>>10)
	}
}

func TestWorkspaceConfinedToTheScenarioTree(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "scn")
	os.MkdirAll(filepath.Join(dir, "ws"), 0o755)
	ws := "apiVersion: apigwlab/v1\nrestApis:\n  - name: a\n    resources: {/ok: {GET: {integration: {type: MOCK}}}}\n    stages: [{stageName: prod}]\n"
	os.WriteFile(filepath.Join(dir, "ws", "pets.yaml"), []byte(ws), 0o644)
	os.WriteFile(filepath.Join(root, "outside.yaml"), []byte(ws), 0o644)
	secret := filepath.Join(dir, "secret.txt")
	os.WriteFile(secret, []byte("root:$6$hash:19000:0:99999:7:::\n"), 0o600)
	os.Symlink(filepath.Join(root, "outside.yaml"), filepath.Join(dir, "link.yaml"))
	scenario := func(wsPath string) string {
		p := filepath.Join(dir, "s.yaml")
		os.WriteFile(p, []byte("name: s\nworkspace: "+wsPath+"\ntraffic:\n  - {from: 0s, to: 1s, rate: 1/s, request: {path: /prod/ok}}\n"), 0o644)
		return p
	}
	outside := "is outside the scenario's directory (" + dir + "): move it under that directory, or replay with --allow-outside"
	tests := []struct {
		ws    string
		allow bool
		want  string
	}{
		{"ws/pets.yaml", false, ""},
		{"../outside.yaml", false, "../outside.yaml: the workspace " + outside},
		{"../outside.yaml", true, ""},
		{filepath.Join(root, "outside.yaml"), false, "the workspace " + outside},
		{"link.yaml", false, "link.yaml: the workspace " + outside},
		{"../../../../../../../../etc/shadow", false, "the workspace " + outside},
		// Inside the tree but not a workspace: refused without quoting a line of it.
		{"secret.txt", false, "secret.txt: not an apigwlab workspace: want a YAML mapping with apiVersion: apigwlab/v1, restApis, functions… at the top (its content is not shown)"},
	}
	for _, tt := range tests {
		_, err := LoadWith(scenario(tt.ws), LoadOptions{AllowOutside: tt.allow})
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.ws, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v\nwant %s", tt.ws, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "root:") {
			t.Errorf("%s: the error quotes the file: %v", tt.ws, err)
		}
	}
}

// Anchors, aliases and merge keys are ordinary YAML in a scenario (they were refused with
// "want a mapping" before).
func TestScenarioAliases(t *testing.T) {
	sc := parse(t, "name: s\n"+inlineWS+`traffic:
  - &steady {from: 0s, to: 2s, rate: 2/s, request: &get {method: GET, path: /prod/ok}}
  - {<<: *steady, from: 2s, to: 4s, request: *get}
expect:
  - {metric: status.200.ratio, equals: 1}
`)
	if len(sc.Traffic) != 2 || sc.Traffic[1].From != 2*time.Second || sc.Traffic[1].Requests[0].Path != "/prod/ok" {
		t.Fatalf("traffic %+v", sc.Traffic)
	}
	res, err := Run(sc, Options{})
	if err != nil || !res.Passed || res.Total.requests != 8 {
		t.Fatalf("run: %v passed=%v requests=%d", err, res != nil && res.Passed, res.Total.requests)
	}
	_, err = Parse("test.yaml", []byte("name: s\ntraffic: [\n  {from: 0s}\n"), noFiles)
	if err == nil || !strings.HasPrefix(err.Error(), "test.yaml:2: not valid YAML: the [ opened on this line is not closed") {
		t.Errorf("unclosed [: %v", err)
	}
}
