package labs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProgressRoundTrip(t *testing.T) {
	s := &Store{Dir: filepath.Join(t.TempDir(), "nested", "apigwlab")}
	p, err := s.Load()
	if err != nil || len(p.Labs) != 0 {
		t.Fatalf("missing file: %v %+v", err, p)
	}
	l := &Lab{ID: "x", Steps: []*Step{{}, {}}}
	lp := p.Lab("x")
	lp.ShowHint(0)
	if !lp.Advance(l, 0, true) || lp.Step != 1 || lp.Done() {
		t.Fatalf("advance: %+v", lp)
	}
	if lp.Advance(l, 0, true) {
		t.Fatal("a step other than the current one must not advance")
	}
	if !lp.Advance(l, 1, true) || !lp.Done() {
		t.Fatalf("done: %+v", lp)
	}
	if err := s.Save(p); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(s.Path())
	if !strings.Contains(string(data), `"version": 1`) {
		t.Fatalf("no version in %s", data)
	}
	q, err := s.Load()
	if err != nil || !q.Labs["x"].Done() || q.Labs["x"].HintsShown(0) != 1 {
		t.Fatalf("reload: %v %+v", err, q.Labs["x"])
	}
	// Atomic write: no temporary file is left behind (the lock file stays, empty).
	entries, _ := os.ReadDir(s.Dir)
	if len(entries) != 2 || entries[1].Name() != "progress.json.lock" {
		t.Fatalf("files left in %s: %v", s.Dir, entries)
	}
}

func TestCorruptProgressIsSetAside(t *testing.T) {
	tests := []struct{ name, content string }{
		{"bad json", "{not json"},
		{"unknown version", `{"version": 9, "labs": {}}`},
		{"truncated", `{"version": 1, "labs": {"x": {"step": `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Store{Dir: t.TempDir()}
			if err := os.WriteFile(s.Path(), []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			p, err := s.Load()
			var ce *CorruptError
			if !errors.As(err, &ce) || p == nil || len(p.Labs) != 0 {
				t.Fatalf("want a CorruptError and empty progress, got %v %+v", err, p)
			}
			if !strings.HasPrefix(ce.MovedTo, s.Path()+".corrupt-") {
				t.Fatalf("moved to %s", ce.MovedTo)
			}
			kept, err := os.ReadFile(ce.MovedTo)
			if err != nil || string(kept) != tt.content {
				t.Fatalf("the corrupt file was not kept as is: %v %q", err, kept)
			}
			if _, err := os.Stat(s.Path()); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("progress.json still there: %v", err)
			}
		})
	}
}

func TestProgressWithANegativeStepIsClamped(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	if err := os.WriteFile(s.Path(), []byte(`{"version": 1, "labs": {"x": {"step": -4}, "y": null}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := s.Load()
	if err != nil || p.Labs["x"].Step != 0 || len(p.Labs) != 1 {
		t.Fatalf("%v %+v", err, p.Labs)
	}
}

func TestDefaultStoreHonoursEnv(t *testing.T) {
	t.Setenv(EnvConfigDir, "/tmp/somewhere")
	s, err := DefaultStore()
	if err != nil || s.Path() != "/tmp/somewhere/progress.json" {
		t.Fatalf("%v %v", s, err)
	}
}
