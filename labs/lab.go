// Package labs holds apigwlab's guided labs: the lab format (a manifest in curriculum order
// and one YAML file per lab), objective checks run against the engine, and the progress
// store. Bundled labs are embedded; users add their own with a labs directory.
//
// The CLI (`apigwlab lab …`) and the TUI lab screen are both clients of this package:
//
//   - Load(dirs...) returns the Catalog (bundled labs in curriculum order, then user labs);
//     Catalog.Get(id) finds one. Lab.Status is StatusComing for announced labs.
//   - Lab.Workspace is the starting workspace (YAML text); Lab.Steps hold instructions
//     (markdown), objectives, hints, explanation and solution.
//   - Env{File, Workspace, Commands} is the state checked: the learner's workspace plus the
//     control-plane commands applied since. Lab.Check(env, step) returns a StepResult whose
//     Results give, per objective, Met, Observed, Goal and a one-line Reason; Env.Validate
//     reports a bad workspace or command (with file:line); Env.Exec runs one more verb;
//     Env.Apply and ApplyEdits apply a step's Solution.
//   - Store (DefaultStore) loads and saves Progress atomically; LabProgress.Advance moves
//     to the next step when the current one is met, ShowHint counts hints.
package labs

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"apigwlab/engine/model"
)

//go:embed manifest.yaml content
var bundled embed.FS

// EnvLabsDir names extra lab directories (separated like PATH), added after the bundled labs.
const EnvLabsDir = "APIGWLAB_LABS_DIR"

// Status values of a manifest entry.
const (
	StatusReady  = ""       // the lab has content
	StatusComing = "coming" // listed in the curriculum; its engine features are not built yet
)

// Lab is one guided lab.
type Lab struct {
	ID      string   `yaml:"id"`
	Title   string   `yaml:"title"`
	Level   string   `yaml:"level"` // beginner, intermediate, advanced
	Minutes int      `yaml:"minutes"`
	Topics  []string `yaml:"topics"`
	// Summary is one paragraph saying what the lab teaches.
	Summary string `yaml:"summary"`
	// Status is StatusComing for a lab announced in the manifest without content.
	Status string `yaml:"-"`
	// Workspace is the starting workspace as YAML text.
	Workspace string  `yaml:"-"`
	Steps     []*Step `yaml:"steps"`
	// Source names the file the lab came from (positions in errors use it).
	Source string `yaml:"-"`

	WorkspaceNode yaml.Node `yaml:"workspace"`
	// Files are more files of the lab, by name, written next to workspace.yaml when the lab
	// starts: an OpenAPI definition or a CloudFormation template the workspace names.
	Files map[string]string `yaml:"files"`
}

// Step is one stage of a lab: instructions, objectives checked against the engine, hints
// in increasing detail, an explanation shown after success and a reference solution.
type Step struct {
	Title        string       `yaml:"title"`
	Instructions string       `yaml:"instructions"`
	Objectives   []*Objective `yaml:"objectives"`
	Hints        []string     `yaml:"hints"`
	Explanation  string       `yaml:"explanation"`
	Solution     Solution     `yaml:"solution"`
	// Wrong are plausible wrong solutions the step's objectives must refuse: the content
	// test applies each one to the state before the step and asserts the step is not met.
	Wrong []*Wrong `yaml:"wrong"`
	// ChangedLater says why a later step undoes this step's objectives (promoting a canary
	// ends the 10% split): once the lab has moved past it, `lab check --all` shows it
	// without counting it as unmet. Steps without it must stay met to the end.
	ChangedLater string `yaml:"changedLater"`
	// Demonstrates names the quiz questions (by id) whose point this step shows. It is the
	// lab's half of an explicit link: a question names its lab and step (lab:, step:), and
	// the quiz's test requires the two halves to agree, so no link rests on guesswork.
	Demonstrates []string `yaml:"demonstrates"`
}

// Wrong is a wrong solution of a step (commands and/or edits, as a Solution) and why it is
// wrong (shown to authors when a check lets it through).
type Wrong struct {
	Why      string   `yaml:"why"`
	Commands []string `yaml:"commands"`
	Edits    []*Edit  `yaml:"edits"`
}

// Solution returns the wrong solution as a Solution, to apply it.
func (w *Wrong) Solution() Solution { return Solution{Commands: w.Commands, Edits: w.Edits} }

// Solution is a step's reference solution: control-plane commands (engine.Exec verbs, as in
// the TUI palette) and/or edits of the workspace file.
type Solution struct {
	Commands []string `yaml:"commands"`
	Edits    []*Edit  `yaml:"edits"`
	// Note is a sentence shown with the solution.
	Note string `yaml:"note"`
}

// Edit changes one place of the workspace YAML: Path is slash-separated; a mapping is
// entered by key, a list by index or by an item's name (name, stageName, functionName,
// deploymentId, id, statusCode), "-" appends to a list. Set replaces (or creates) the value;
// Delete removes it.
type Edit struct {
	// File is the lab file (a name of Lab.Files) the edit changes; empty: workspace.yaml.
	File   string    `yaml:"file"`
	Path   string    `yaml:"path"`
	Set    yaml.Node `yaml:"set"`
	Delete bool      `yaml:"delete"`
}

// manifest is labs/manifest.yaml: the curriculum order.
type manifest struct {
	Labs []manifestEntry `yaml:"labs"`
}

type manifestEntry struct {
	ID      string   `yaml:"id"`
	File    string   `yaml:"file"`
	Status  string   `yaml:"status"`
	Title   string   `yaml:"title"`
	Level   string   `yaml:"level"`
	Minutes int      `yaml:"minutes"`
	Topics  []string `yaml:"topics"`
	Summary string   `yaml:"summary"`
}

var (
	// The lengths are checked apart (validName): a bounded repeat such as {0,99} compiles
	// into a program a hundred states long, 160 kB of every start (issue 15, fast start).
	fileNamePattern   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	reservedFiles     = map[string]bool{WorkspaceFile: true, CommandsFile: true, "README.md": true}
	idPattern         = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	questionIDPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// validName reports whether s matches re and is at most n bytes long.
func validName(re *regexp.Regexp, s string, n int) bool { return len(s) <= n && re.MatchString(s) }

// Catalog is every lab known: bundled first in curriculum order, then user labs.
type Catalog struct {
	Labs []*Lab
}

// StartEnv is the lab's starting state, checked in memory: its workspace (named file in
// errors) and its files.
func (l *Lab) StartEnv(file string) Env {
	return Env{File: file, Workspace: []byte(l.Workspace), Files: l.Files}
}

// Get finds a lab by ID.
func (c *Catalog) Get(id string) (*Lab, error) {
	for _, l := range c.Labs {
		if l.ID == id {
			return l, nil
		}
	}
	ids := make([]string, 0, len(c.Labs))
	for _, l := range c.Labs {
		ids = append(ids, l.ID)
	}
	return nil, fmt.Errorf("no lab %q; labs: %s", id, strings.Join(ids, ", "))
}

// Load reads the bundled labs and those of the directories given (each holds a
// manifest.yaml, or lab files *.yaml read in name order). The error is model.Errors with
// file:line positions when a file is bad.
func Load(dirs ...string) (*Catalog, error) {
	c := &Catalog{}
	var errs model.Errors
	add := func(labs []*Lab, err error) {
		if err != nil {
			var es model.Errors
			if errors.As(err, &es) {
				errs = append(errs, es...)
			} else {
				errs = append(errs, &model.Error{Msg: err.Error()})
			}
		}
		c.Labs = append(c.Labs, labs...)
	}
	add(loadDir(bundled, "labs", true))
	for _, d := range dirs {
		if d == "" {
			continue
		}
		add(loadDir(os.DirFS(d), d, false))
	}
	seen := map[string]string{}
	for _, l := range c.Labs {
		if prev, ok := seen[l.ID]; ok {
			errs = append(errs, &model.Error{Pos: model.Pos{File: l.Source}, Field: "id", Msg: fmt.Sprintf("lab %q is already defined by %s", l.ID, prev)})
		}
		seen[l.ID] = l.Source
	}
	if len(errs) > 0 {
		return c, errs
	}
	return c, nil
}

// Dirs returns the lab directories named by APIGWLAB_LABS_DIR.
func Dirs() []string {
	v := os.Getenv(EnvLabsDir)
	if v == "" {
		return nil
	}
	return filepath.SplitList(v)
}

func loadDir(fsys fs.FS, name string, isBundled bool) ([]*Lab, error) {
	display := func(p string) string {
		if isBundled {
			return "labs/" + p
		}
		return filepath.Join(name, filepath.FromSlash(p))
	}
	data, err := fs.ReadFile(fsys, "manifest.yaml")
	if errors.Is(err, fs.ErrNotExist) && !isBundled {
		// A plain directory of lab files, in name order.
		files, err := fs.Glob(fsys, "*.yaml")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		sort.Strings(files)
		var labs []*Lab
		var errs model.Errors
		for _, f := range files {
			l, err := loadLab(fsys, f, display(f))
			if err != nil {
				errs = append(errs, asErrors(err)...)
				continue
			}
			labs = append(labs, l)
		}
		if len(errs) > 0 {
			return labs, errs
		}
		return labs, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read the lab manifest: %w", name, err)
	}
	mpath := display("manifest.yaml")
	var m manifest
	if err := decodeStrict(mpath, data, &m); err != nil {
		return nil, err
	}
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root)
	var labs []*Lab
	var errs model.Errors
	for i, e := range m.Labs {
		at := model.Pos{File: mpath, Line: nodeLine(&root, "labs", i)}
		field := fmt.Sprintf("labs[%d]", i)
		if !validName(idPattern, e.ID, 64) {
			errs = append(errs, &model.Error{Pos: at, Field: field + ".id", Msg: fmt.Sprintf("want a lab id of a-z, 0-9 and -, got %q", e.ID)})
			continue
		}
		switch e.Status {
		case StatusComing:
			labs = append(labs, &Lab{ID: e.ID, Title: e.Title, Level: e.Level, Minutes: e.Minutes, Topics: e.Topics,
				Summary: e.Summary, Status: StatusComing, Source: mpath})
			continue
		case StatusReady, "ready":
		default:
			errs = append(errs, &model.Error{Pos: at, Field: field + ".status", Msg: fmt.Sprintf("want ready or coming, got %q", e.Status)})
			continue
		}
		file := e.File
		if file == "" {
			file = "content/" + e.ID + ".yaml"
		}
		l, err := loadLab(fsys, file, display(file))
		if err != nil {
			errs = append(errs, asErrors(err)...)
			continue
		}
		if l.ID != e.ID {
			errs = append(errs, &model.Error{Pos: at, Field: field + ".id", Msg: fmt.Sprintf("the manifest says %q but %s has id %q", e.ID, l.Source, l.ID)})
			continue
		}
		labs = append(labs, l)
	}
	if len(errs) > 0 {
		return labs, errs
	}
	return labs, nil
}

func asErrors(err error) model.Errors {
	var es model.Errors
	if errors.As(err, &es) {
		return es
	}
	return model.Errors{{Msg: err.Error()}}
}

// Parse decodes one lab file. readFile reads a workspace file named next to it (nil: none).
func Parse(name string, data []byte, readFile func(string) ([]byte, error)) (*Lab, error) {
	l := &Lab{Source: name}
	if err := decodeStrict(name, data, l); err != nil {
		return nil, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, model.Errors{{Pos: model.Pos{File: name}, Msg: err.Error()}}
	}
	var errs model.Errors
	fail := func(line int, field, format string, args ...any) {
		errs = append(errs, &model.Error{Pos: model.Pos{File: name, Line: line}, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	if !validName(idPattern, l.ID, 64) {
		fail(nodeLine(&root, "id"), "id", "want a lab id of a-z, 0-9 and - (at most 64), got %q", l.ID)
	}
	if strings.TrimSpace(l.Title) == "" {
		fail(1, "title", "a lab needs a title")
	}
	switch l.Level {
	case "beginner", "intermediate", "advanced":
	default:
		fail(nodeLine(&root, "level"), "level", "want beginner, intermediate or advanced, got %q", l.Level)
	}
	if l.Minutes <= 0 {
		fail(nodeLine(&root, "minutes"), "minutes", "want the estimated minutes (a positive number)")
	}
	// The workspace: a mapping written inline, or the name of a file next to the lab.
	ws := &l.WorkspaceNode
	switch ws.Kind {
	case yaml.MappingNode:
		out, err := marshalYAML(ws)
		if err != nil {
			fail(ws.Line, "workspace", "%v", err)
		}
		l.Workspace = string(out)
	case yaml.ScalarNode:
		if readFile == nil {
			fail(ws.Line, "workspace", "a workspace file cannot be read here")
			break
		}
		b, err := readFile(ws.Value)
		if err != nil {
			fail(ws.Line, "workspace", "cannot read %s: %v", ws.Value, unwrapPath(err))
		}
		l.Workspace = string(b)
	default:
		fail(nodeLine(&root, "workspace"), "workspace", "a lab needs a starting workspace: a mapping written inline, or a file name next to the lab")
	}
	for _, f := range slices.Sorted(maps.Keys(l.Files)) {
		if !validName(fileNamePattern, f, 100) || reservedFiles[f] {
			fail(nodeLine(&root, "files"), "files", "%q: want a plain file name (letters, digits, . _ -), not %s", f, strings.Join(slices.Sorted(maps.Keys(reservedFiles)), ", "))
		}
	}
	wsValid := false
	if l.Workspace != "" {
		if _, err := (Env{File: name + " (workspace)", Workspace: []byte(l.Workspace), Files: l.Files}).parse(); err != nil {
			fail(ws.Line, "workspace", "the starting workspace is not valid: %v", err)
		} else {
			wsValid = true
		}
	}
	if len(l.Steps) == 0 {
		fail(nodeLine(&root, "steps"), "steps", "a lab needs at least one step")
	}
	for i, s := range l.Steps {
		field := fmt.Sprintf("steps[%d]", i)
		line := nodeLine(&root, "steps", i)
		if s == nil {
			fail(line, field, "empty step")
			continue
		}
		if strings.TrimSpace(s.Title) == "" || strings.TrimSpace(s.Instructions) == "" {
			fail(line, field, "a step needs a title and instructions")
		}
		if len(s.Objectives) == 0 {
			fail(line, field+".objectives", "a step needs at least one objective")
		}
		for j, o := range s.Objectives {
			oline := nodeLine(&root, "steps", i, "objectives", j)
			ofield := fmt.Sprintf("%s.objectives[%d]", field, j)
			if o == nil {
				fail(oline, ofield, "empty objective")
				continue
			}
			o.Line = oline
			if err := o.validate(); err != nil {
				fail(oline, ofield, "%v", err)
				continue
			}
			// An inline scenario is checked now, against the starting workspace, so a typo
			// in it is a load error with its line rather than an objective never met.
			if o.Kind() == KindReplay && wsValid {
				if _, err := o.scenario(l.StartEnv("workspace")); err != nil {
					fail(oline, ofield+".replay", "%s", strings.ReplaceAll(err.Error(), "\n", "; "))
				}
			}
		}
		for j, e := range s.Solution.Edits {
			if e == nil || e.Path == "" || (e.Set.Kind == 0) == !e.Delete {
				fail(nodeLine(&root, "steps", i, "solution", "edits", j), fmt.Sprintf("%s.solution.edits[%d]", field, j), "an edit needs a path and either set or delete: true")
			} else if _, ok := l.Files[e.File]; e.File != "" && !ok {
				fail(nodeLine(&root, "steps", i, "solution", "edits", j), fmt.Sprintf("%s.solution.edits[%d].file", field, j), "%q is not one of the lab's files", e.File)
			}
		}
		for j, id := range s.Demonstrates {
			if !questionIDPattern.MatchString(id) {
				fail(nodeLine(&root, "steps", i, "demonstrates", j), fmt.Sprintf("%s.demonstrates[%d]", field, j), "want a quiz question id (lowercase words joined by -), got %q", id)
			}
		}
		for j, w := range s.Wrong {
			wfield := fmt.Sprintf("%s.wrong[%d]", field, j)
			if w == nil || strings.TrimSpace(w.Why) == "" || len(w.Commands)+len(w.Edits) == 0 {
				fail(nodeLine(&root, "steps", i, "wrong", j), wfield, "a wrong solution needs why (what it gets wrong) and commands or edits")
				continue
			}
			for k, e := range w.Edits {
				if e == nil || e.Path == "" || (e.Set.Kind == 0) == !e.Delete {
					fail(nodeLine(&root, "steps", i, "wrong", j, "edits", k), fmt.Sprintf("%s.edits[%d]", wfield, k), "an edit needs a path and either set or delete: true")
				} else if _, ok := l.Files[e.File]; e.File != "" && !ok {
					fail(nodeLine(&root, "steps", i, "wrong", j, "edits", k), fmt.Sprintf("%s.edits[%d].file", wfield, k), "%q is not one of the lab's files", e.File)
				}
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return l, nil
}

func loadLab(fsys fs.FS, file, display string) (*Lab, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, model.Errors{{Pos: model.Pos{File: display}, Msg: "cannot read the lab: " + unwrapPath(err).Error()}}
	}
	return Parse(display, data, func(name string) ([]byte, error) {
		return fs.ReadFile(fsys, path.Join(path.Dir(file), name))
	})
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// yamlLine finds "line N: message" in yaml.v3's errors.
var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// decodeStrict decodes YAML refusing unknown fields, and turns yaml.v3's errors into
// model.Errors with file:line.
func decodeStrict(name string, data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var errs model.Errors
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	for _, m := range msgs {
		m = strings.TrimPrefix(m, "yaml: ")
		e := &model.Error{Pos: model.Pos{File: name}, Msg: m}
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			e.Pos.Line, _ = strconv.Atoi(sm[1])
			e.Msg = cleanYAMLMsg(sm[2])
		}
		errs = append(errs, e)
	}
	return errs
}

var typeSuffix = regexp.MustCompile(` in type [\w.*\[\]]+`)

// cleanYAMLMsg removes Go type names from yaml.v3's messages: a lab author never sees them.
func cleanYAMLMsg(m string) string {
	m = typeSuffix.ReplaceAllString(m, "")
	m = strings.Replace(m, "field ", "unknown field ", 1)
	m = strings.Replace(m, " not found", "", 1)
	return m
}

// nodeLine follows mapping keys (string) and sequence indexes (int) from the document root
// and returns the line of the node reached, or of the last node that exists.
func nodeLine(root *yaml.Node, keys ...any) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, k := range keys {
		var next *yaml.Node
		switch k := k.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == k {
						next = n.Content[i+1]
						line = n.Content[i].Line
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && k < len(n.Content) {
				next = n.Content[k]
			}
		}
		if next == nil {
			return line
		}
		n = next
		line = n.Line
	}
	return line
}

// marshalYAML writes YAML with a 2-space indent, as people write workspaces.
func marshalYAML(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
