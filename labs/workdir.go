package labs

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Files of a lab directory.
const (
	WorkspaceFile = "workspace.yaml"
	CommandsFile  = "commands.log" // control-plane commands applied since the start, one a line
)

// Dir is a lab's working directory: the learner's workspace.yaml, a README.md and the
// commands.log of control-plane verbs (apigwlab lab exec, the TUI's palette) that every
// check replays. The CLI and the TUI share it, so a lab can move between them.
type Dir string

// DirFor is the lab directory: explicit when given, else ./lab-ID, else the current
// directory when its workspace.yaml was written for this lab (the learner did cd lab-ID).
func DirFor(explicit, id string) Dir {
	if explicit != "" {
		return Dir(explicit)
	}
	def := "lab-" + id
	if _, err := os.Stat(def); err != nil {
		if b, err := os.ReadFile(WorkspaceFile); err == nil && strings.HasPrefix(string(b), "# Lab "+id+":") {
			return "."
		}
	}
	return Dir(def)
}

// Locate is where a lab's work is: explicit when given; else ./lab-ID or the current
// directory when it holds the lab (DirFor); else the directory recorded in the progress
// when it still holds a workspace; else ./lab-ID (where `lab start` writes).
func Locate(explicit, id string, lp *LabProgress) Dir {
	d := DirFor(explicit, id)
	if explicit != "" || d.Started() {
		return d
	}
	if lp != nil && lp.Dir != "" && Dir(lp.Dir).Started() {
		return Dir(lp.Dir)
	}
	return d
}

// Abs is the directory as an absolute path, for the progress store.
func (d Dir) Abs() string {
	a, err := filepath.Abs(string(d))
	if err != nil {
		return string(d)
	}
	return a
}

// DataDir is where the TUI keeps a lab it starts: beside the progress file, never in the
// working directory (a clone would fill with lab-* folders).
func DataDir(st *Store, id string) Dir { return Dir(filepath.Join(st.Dir, "labs", id)) }

// Missing checks the steps before step against env and returns the first whose objectives
// no longer hold (-1 when none): a workspace that lacks earlier steps' work. A step that a
// later step changes on purpose (ChangedLater) is not counted.
func (l *Lab) Missing(env Env, step int) (int, StepResult, error) {
	for i := 0; i < step && i < len(l.Steps); i++ {
		if l.Steps[i].ChangedLater != "" {
			continue
		}
		res, err := l.Check(env, i)
		if err != nil {
			return -1, res, err
		}
		if !res.Met() {
			return i, res, nil
		}
	}
	return -1, StepResult{}, nil
}

// FirstUnmet is the title of the first objective a result does not meet.
func (r StepResult) FirstUnmet() string {
	for _, x := range r.Results {
		if !x.Met {
			return x.Title
		}
	}
	return ""
}

// WorkspacePath is the path of the lab's workspace file.
func (d Dir) WorkspacePath() string { return filepath.Join(string(d), WorkspaceFile) }

// CommandsPath is the path of the lab's commands.log.
func (d Dir) CommandsPath() string { return filepath.Join(string(d), CommandsFile) }

// Started reports whether the directory holds a workspace.
func (d Dir) Started() bool {
	_, err := os.Stat(d.WorkspacePath())
	return err == nil
}

// Start writes the lab's starting workspace and a README. No file is lost: a workspace.yaml
// or README.md with other content is kept as NAME.bak, and commands.log (its commands
// applied to the old state) is moved to commands.log.bak. Callers that must not replace a
// learner's files ask Existing first.
func (d Dir) Start(l *Lab) error {
	if err := os.MkdirAll(string(d), 0o755); err != nil {
		return fmt.Errorf("lab directory: %w", err)
	}
	if err := os.Rename(d.CommandsPath(), d.CommandsPath()+".bak"); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("lab directory: %w", err)
	}
	for _, f := range d.files(l) {
		if err := replaceKeepingOld(f.path, f.data); err != nil {
			return err
		}
	}
	return nil
}

// Existing lists the files Start would replace whose content is not what it writes for this
// lab (a README.md of the learner's own project, an edited workspace), and commands.log.
func (d Dir) Existing(l *Lab) []string {
	var out []string
	for _, f := range d.files(l) {
		if old, err := os.ReadFile(f.path); err == nil && !bytes.Equal(old, f.data) {
			out = append(out, f.path)
		}
	}
	if _, err := os.Stat(d.CommandsPath()); err == nil {
		out = append(out, d.CommandsPath())
	}
	return out
}

// replaceKeepingOld writes data to path, first keeping a different old content as path.bak.
func replaceKeepingOld(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && !bytes.Equal(old, data) {
		if err := WriteFileAtomic(path+".bak", old); err != nil {
			return err
		}
	}
	return WriteFileAtomic(path, data)
}

type labFile struct {
	path string
	data []byte
}

// files are what Start writes: the starting workspace and the README.
func (d Dir) files(l *Lab) []labFile {
	header := fmt.Sprintf("# Lab %s: %s\n# Edit this file to meet the objectives; check with: apigwlab lab check %s\n", l.ID, l.Title, l.ID)
	readme := fmt.Sprintf("# %s\n\n%s\nLevel: %s · about %d minutes · topics: %s\n\n"+
		"Edit `workspace.yaml`, try it with `apigwlab invoke -f workspace.yaml GET /STAGE/PATH`, then run\n"+
		"`apigwlab lab check %s` (in this directory, or add `--dir`). `apigwlab lab show %s` prints the current step,\n"+
		"`apigwlab lab hint %s` gives a hint. Control-plane verbs: `apigwlab lab exec %s -- VERB …`\n"+
		"(kept in commands.log and replayed at every check). In the terminal UI (`apigwlab`, screen 6)\n"+
		"the palette's verbs are kept there too.\n\n## Steps\n\n",
		l.Title, l.Summary, l.Level, l.Minutes, strings.Join(l.Topics, ", "), l.ID, l.ID, l.ID, l.ID)
	for i, s := range l.Steps {
		readme += fmt.Sprintf("%d. %s\n", i+1, s.Title)
	}
	out := []labFile{
		{d.WorkspacePath(), []byte(header + l.Workspace)},
		{filepath.Join(string(d), "README.md"), []byte(readme)},
	}
	for _, name := range slices.Sorted(maps.Keys(l.Files)) {
		out = append(out, labFile{filepath.Join(string(d), name), []byte(l.Files[name])})
	}
	return out
}

// FilePaths are the paths of the lab's own files (Lab.Files) in the directory, in name order.
func (d Dir) FilePaths(l *Lab) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(l.Files)) {
		out = append(out, filepath.Join(string(d), name))
	}
	return out
}

// Env reads the workspace and the commands, ready for Lab.Check.
func (d Dir) Env() (Env, error) {
	ws, err := os.ReadFile(d.WorkspacePath())
	if err != nil {
		return Env{}, fmt.Errorf("lab workspace: %w (start the lab first)", err)
	}
	cmds, err := d.Commands()
	if err != nil {
		return Env{}, err
	}
	return Env{File: d.WorkspacePath(), Workspace: ws, Commands: cmds, CommandsFile: d.CommandsPath()}, nil
}

// Commands reads commands.log. Blank lines and # comments are kept as empty entries so
// errors name the right line.
func (d Dir) Commands() ([]string, error) {
	b, err := os.ReadFile(d.CommandsPath())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("commands log: %w", err)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") {
			line = ""
		}
		out = append(out, line)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out, nil
}

// AppendCommand adds a control-plane command to commands.log (synced before returning).
func (d Dir) AppendCommand(c string) error {
	f, err := os.OpenFile(d.CommandsPath(), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("commands log: %w", err)
	}
	if _, err := fmt.Fprintln(f, c); err != nil {
		f.Close()
		return fmt.Errorf("commands log: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("commands log: %w", err)
	}
	return f.Close()
}

// ChangesState reports whether a control-plane command changes the gateway (and so belongs
// in commands.log): the get-* verbs only read.
func ChangesState(cmd string) bool {
	f := strings.Fields(cmd)
	for len(f) > 0 && (f[0] == "aws" || f[0] == "apigateway" || f[0] == "lambda") {
		f = f[1:]
	}
	return len(f) > 0 && !strings.HasPrefix(f[0], "get-")
}
