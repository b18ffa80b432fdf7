package labs

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Writers that each read, change and write progress at once lose nothing: Update holds an
// flock across read-modify-write (two CLI writers lost 7 of 560 hint records before).
func TestUpdateLosesNoConcurrentHint(t *testing.T) {
	dir := t.TempDir()
	const writers, each = 8, 70
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := &Store{Dir: dir} // a store per writer, as separate processes have
			for range each {
				if _, err := st.Update(func(p *Progress) { p.Lab("intro").ShowHint(w % 3) }); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	p, err := (&Store{Dir: dir}).Load()
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range p.Labs["intro"].Hints {
		total += n
	}
	if total != writers*each {
		t.Errorf("%d hints recorded, want %d", total, writers*each)
	}
}

// The TUI's copy goes stale while the CLI records; its next change is applied to the file
// as it is now, not over it.
func TestUpdateKeepsWhatAnotherProcessRecorded(t *testing.T) {
	dir := t.TempDir()
	tui, cli := &Store{Dir: dir}, &Store{Dir: dir}
	stale, _ := tui.Update(func(p *Progress) { p.Lab("a") })
	if _, err := cli.Update(func(p *Progress) { p.Lab("b").ShowHint(0) }); err != nil {
		t.Fatal(err)
	}
	stale.Lab("a").ShowHint(1)
	p, err := tui.Update(func(p *Progress) { p.Lab("a").ShowHint(1) })
	if err != nil {
		t.Fatal(err)
	}
	if p.Labs["b"].HintsShown(0) != 1 || p.Labs["a"].HintsShown(1) != 1 {
		t.Errorf("merged progress %+v %+v", p.Labs["a"], p.Labs["b"])
	}
}

// A writer killed between creating its temporary file and renaming it leaves litter; the
// next write clears it.
func TestNoTemporaryFileLitter(t *testing.T) {
	dir := t.TempDir()
	st := &Store{Dir: dir}
	for _, f := range []string{".progress.json.tmp", ".progress.json.tmp-123456"} {
		os.WriteFile(filepath.Join(dir, f), []byte("{"), 0o644)
	}
	if _, err := st.Update(func(p *Progress) { p.Lab("a") }); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	hidden, _ := filepath.Glob(filepath.Join(dir, ".*"))
	got := append(names, hidden...)
	want := map[string]bool{st.Path(): true, st.Path() + ".lock": true}
	if len(got) != len(want) {
		t.Errorf("files %v", got)
	}
	for _, f := range got {
		if !want[f] {
			t.Errorf("litter: %s", f)
		}
	}
}
