package labs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// EnvConfigDir overrides where progress is kept (tests, portable setups).
const EnvConfigDir = "APIGWLAB_CONFIG_DIR"

// progressVersion is the format version of progress.json.
const progressVersion = 1

// Progress is a learner's progress through the labs; it is kept apart from lab content.
type Progress struct {
	Version int                     `json:"version"`
	Labs    map[string]*LabProgress `json:"labs"`
}

// LabProgress is the progress of one lab.
type LabProgress struct {
	Step int `json:"step"` // the current step, 0-based; len(steps) when done
	// Hints counts the hints shown per step (index = step).
	Hints     []int      `json:"hints,omitempty"`
	Started   time.Time  `json:"started"`
	Completed *time.Time `json:"completed,omitempty"`
	// Dir is the lab directory last started (absolute), so that the CLI and the TUI find
	// the learner's work from any working directory (Locate).
	Dir string `json:"dir,omitempty"`
}

// Done reports whether the lab was finished.
func (p *LabProgress) Done() bool { return p != nil && p.Completed != nil }

// HintsShown is how many hints of step i were shown.
func (p *LabProgress) HintsShown(i int) int {
	if p == nil || i < 0 || i >= len(p.Hints) {
		return 0
	}
	return p.Hints[i]
}

// ShowHint records one more hint of step i shown and returns the new count.
func (p *LabProgress) ShowHint(i int) int {
	for len(p.Hints) <= i {
		p.Hints = append(p.Hints, 0)
	}
	p.Hints[i]++
	return p.Hints[i]
}

// Store reads and writes progress.json in one directory.
type Store struct {
	Dir string
}

// CorruptError reports a progress file that could not be read; it was moved to MovedTo.
type CorruptError struct {
	Path, MovedTo string
	Err           error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("%s was unreadable (%v); it was set aside as %s and progress starts afresh", e.Path, e.Err, e.MovedTo)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// DefaultStore is the store in $APIGWLAB_CONFIG_DIR, or os.UserConfigDir()/apigwlab.
func DefaultStore() (*Store, error) {
	if d := os.Getenv(EnvConfigDir); d != "" {
		return &Store{Dir: d}, nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return nil, fmt.Errorf("progress: no config directory (set %s): %w", EnvConfigDir, err)
	}
	return &Store{Dir: filepath.Join(d, "apigwlab")}, nil
}

// Path is the progress file.
func (s *Store) Path() string { return filepath.Join(s.Dir, "progress.json") }

// Load reads the progress. A missing file is empty progress. A corrupt file (bad JSON, an
// unknown version) is moved aside to progress.json.corrupt-<timestamp> and reported with
// a *CorruptError alongside empty progress: never silently reset, never lost.
func (s *Store) Load() (*Progress, error) {
	empty := &Progress{Version: progressVersion, Labs: map[string]*LabProgress{}}
	data, err := os.ReadFile(s.Path())
	if errors.Is(err, fs.ErrNotExist) {
		return empty, nil
	}
	if err != nil {
		return nil, fmt.Errorf("progress: %w", err)
	}
	var p Progress
	dec := json.NewDecoder(bytes.NewReader(data))
	err = dec.Decode(&p)
	if err == nil && p.Version != progressVersion {
		err = fmt.Errorf("version %d, this apigwlab reads version %d", p.Version, progressVersion)
	}
	if err != nil {
		moved := fmt.Sprintf("%s.corrupt-%s", s.Path(), time.Now().UTC().Format("20060102T150405.000000000Z"))
		if rerr := os.Rename(s.Path(), moved); rerr != nil {
			return nil, fmt.Errorf("progress: %s is unreadable (%v) and could not be set aside: %w", s.Path(), err, rerr)
		}
		return empty, &CorruptError{Path: s.Path(), MovedTo: moved, Err: err}
	}
	if p.Labs == nil {
		p.Labs = map[string]*LabProgress{}
	}
	for k, v := range p.Labs {
		switch {
		case v == nil:
			delete(p.Labs, k)
		case v.Step < 0:
			v.Step = 0 // hand-edited: never index a step before the first
		}
	}
	return &p, nil
}

// Save writes p as the whole progress, under the store's lock. It replaces what other
// processes recorded since p was loaded: use Update to change progress.
func (s *Store) Save(p *Progress) error {
	unlock, err := s.lock()
	if err != nil {
		return err
	}
	defer unlock()
	return s.write(p)
}

// Update changes the progress without losing what another process (a second CLI, the TUI)
// recorded meanwhile: it takes an exclusive lock on progress.json.lock, reads the file
// afresh, applies fn, writes the result and unlocks. It returns the progress as written,
// for the caller to keep. A corrupt file is set aside as Load does (the *CorruptError is
// returned with the written progress).
func (s *Store) Update(fn func(p *Progress)) (*Progress, error) {
	unlock, err := s.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	p, lerr := s.Load()
	if p == nil {
		return nil, lerr
	}
	fn(p)
	if err := s.write(p); err != nil {
		return nil, err
	}
	return p, lerr
}

// lock takes the store's exclusive lock (flock on progress.json.lock, released by the
// kernel if the process dies), and clears temporary files a killed writer left.
func (s *Store) lock() (func(), error) {
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("progress: %w", err)
	}
	l := flock.New(s.Path() + ".lock")
	if err := l.Lock(); err != nil {
		return nil, fmt.Errorf("progress: lock %s: %w", l.Path(), err)
	}
	// Under the lock no other writer is between create and rename: anything here is litter.
	old, _ := filepath.Glob(filepath.Join(s.Dir, "."+filepath.Base(s.Path())+".tmp*"))
	for _, f := range old {
		os.Remove(f)
	}
	return func() { l.Unlock() }, nil
}

// write writes the progress atomically (a synced temporary file renamed over it); the
// caller holds the lock, so the temporary file has one fixed name and a kill between
// create and rename leaves a file the next writer removes.
func (s *Store) write(p *Progress) error {
	p.Version = progressVersion
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("progress: %w", err)
	}
	return writeFileVia(s.Path(), filepath.Join(s.Dir, "."+filepath.Base(s.Path())+".tmp"), append(data, '\n'))
}

// WriteFileAtomic writes data to path through a synced temporary file and a rename.
func WriteFileAtomic(path string, data []byte) error { return writeFileVia(path, "", data) }

// writeFileVia writes data to path through the temporary file tmpName (a fresh unique name
// when "") in the same directory, synced, then renamed over path.
func writeFileVia(path, tmpName string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	var tmp *os.File
	var err error
	if tmpName == "" {
		tmp, err = os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	} else {
		tmp, err = os.OpenFile(tmpName, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	// The temporary file is 0600; these are the user's own files (workspaces, progress).
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// Sync the directory so the rename itself survives a crash (best effort: not every
	// platform can open a directory for syncing).
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// Lab returns the progress of a lab, creating it.
func (p *Progress) Lab(id string) *LabProgress {
	lp := p.Labs[id]
	if lp == nil {
		lp = &LabProgress{Started: time.Now().UTC()}
		p.Labs[id] = lp
	}
	return lp
}

// Advance records the result of checking step i: when it is met and is the current step,
// the lab moves to the next step, and is completed after the last. It reports whether the
// step changed.
func (lp *LabProgress) Advance(l *Lab, i int, met bool) bool {
	if !met || i != lp.Step || lp.Step >= len(l.Steps) {
		return false
	}
	lp.Step++
	if lp.Step == len(l.Steps) {
		now := time.Now().UTC()
		lp.Completed = &now
	}
	return true
}
