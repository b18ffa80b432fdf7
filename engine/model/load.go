package model

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"apigwlab/engine/userfile"
)

// Defaults applied to every workspace after decoding (see applyDefaults).
const (
	DefaultRegion       = "us-east-1"
	DefaultAccountID    = "123456789012"
	DefaultAPIKeySource = "HEADER"
	DefaultErrorType    = "Error"
	// APIVersion is the only workspace apiVersion this package reads.
	APIVersion = "apigwlab/v1"
)

// Load reads a workspace YAML file; relative openapi paths resolve against its directory.
func Load(path string) (*Workspace, error) {
	data, err := readLimited(path)
	if err != nil {
		return nil, Errors{{Pos: Pos{File: path}, Msg: "cannot read the workspace: " + err.Error()}}
	}
	return Parse(path, data)
}

// Parse decodes workspace YAML from memory; name is used in error positions.
// Relative openapi paths resolve against the directory of name (the current directory when
// name has none). On failure it returns a nil workspace and Errors holding every problem found.
func Parse(name string, data []byte) (*Workspace, error) {
	return parse(name, data, readLimited)
}

// ParseWith is Parse with the reader of the files the workspace names (openapi:, import:
// templates), given their path as Parse would open it: a lab's checker has them in memory.
func ParseWith(name string, data []byte, readFile func(string) ([]byte, error)) (*Workspace, error) {
	return parse(name, data, readFile)
}

func parse(name string, data []byte, readFile func(string) ([]byte, error)) (*Workspace, error) {
	s := newSession(name)
	w := &Workspace{Source: name}
	root := s.parseDocument(name, data, "a workspace, e.g.\n  apiVersion: apigwlab/v1\n  restApis:\n    - name: pets\n      resources: {...}")
	if root != nil {
		d := s.decoder(name)
		w.Pos = d.pos(root)
		d.decodeStruct(root, valueOf(w), "", w.Pos)
	}
	if root != nil {
		imp := &importer{s: s, dir: filepath.Dir(name), readFile: readFile}
		imp.importTemplates(w)
		for i, api := range w.RestAPIs {
			if api != nil && api.OpenAPI != "" {
				imp.importAPI(api, fmt.Sprintf("restApis[%d]", i))
			}
			if api == nil {
				continue
			}
			for j, dep := range api.Deployments {
				if dep != nil && dep.OpenAPI != "" {
					imp.importDeployment(dep, fmt.Sprintf("restApis[%d].deployments[%d]", i, j))
				}
			}
		}
	}
	applyDefaults(w)
	if root != nil {
		v := &validator{s: s, w: w}
		v.workspace()
	}
	if len(s.errs) > 0 {
		s.errs.sort(name)
		return nil, s.errs
	}
	s.warns.sort(name)
	w.Warnings = s.warns
	return w, nil
}

// Validate checks a workspace built or changed in memory (for example by a control-plane
// verb) against the same rules Parse applies. Positions come from the Pos fields only.
// It returns nil or Errors.
func (w *Workspace) Validate() error {
	s := newSession(w.Source)
	v := &validator{s: s, w: w}
	v.workspace()
	if len(s.errs) > 0 {
		s.errs.sort(w.Source)
		return s.errs
	}
	return nil
}

// LooksLikeWorkspace reads path and reports an error, without quoting the file, unless it is
// a YAML mapping with at least one workspace field (apiVersion, restApis, functions…) at
// the top, or has a YAML syntax error (which Load reports with its line). Callers that
// take a path from a file they did not write (a scenario's workspace:) check it first, so
// that a stray path cannot make apigwlab print another file's lines.
func LooksLikeWorkspace(path string) error {
	data, err := readLimited(path)
	if err != nil {
		return fmt.Errorf("cannot read the workspace: %w", err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil
	}
	if len(root.Content) == 1 && root.Content[0].Kind == yaml.MappingNode {
		m := root.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			if workspaceKeys[m.Content[i].Value] {
				return nil
			}
		}
	}
	return errors.New("not an apigwlab workspace: want a YAML mapping with apiVersion: apigwlab/v1, restApis, functions… at the top (its content is not shown)")
}

// workspaceKeys are the top-level fields of a workspace file.
var workspaceKeys = func() map[string]bool {
	keys := map[string]bool{}
	t := reflect.TypeFor[Workspace]()
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag != "" && tag != "-" {
			keys[tag] = true
		}
	}
	return keys
}()

// readLimited reads a workspace or OpenAPI file through the one reader for user files
// (regular files only, at most userfile.MaxSize).
func readLimited(path string) ([]byte, error) { return userfile.Read(path, userfile.MaxSize) }

// Error is one problem in a workspace file.
type Error struct {
	Pos   Pos
	Field string // field path, e.g. restApis[0].stages[0].variables
	Msg   string
}

// Error renders "file:line:col: field: message", leaving out the parts that are unknown.
func (e *Error) Error() string {
	var b strings.Builder
	if p := e.Pos.String(); p != "" {
		b.WriteString(p)
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in one file; Load and Parse return Errors (not just the first).
type Errors []*Error

// Error joins the errors, one a line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Len is the number of errors.
func (es Errors) Len() int { return len(es) }

// sort orders errors by file (the main file first), line and column; errors without a
// position keep their place relative to each other and come first in their file.
func (es Errors) sort(main string) {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i].Pos, es[j].Pos
		if a.File != b.File {
			if a.File == main {
				return true
			}
			if b.File == main {
				return false
			}
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// String renders a position as file:line:col ("" when nothing is known).
func (p Pos) String() string {
	s := p.File
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
		if p.Col > 0 {
			s += ":" + strconv.Itoa(p.Col)
		}
	}
	return s
}

// applyDefaults fills what a workspace leaves out, as AWS would:
//   - Region "us-east-1" and AccountID "123456789012";
//   - RestAPI.ID derived from the name (10 characters of [a-z0-9]; the same name always gives
//     the same id), APIKeySource "HEADER";
//   - integration passthroughBehavior WHEN_NO_MATCH for AWS, HTTP and MOCK integrations
//     (AWS's default; proxy integrations ignore it), httpMethod POST for AWS_PROXY and AWS
//     integrations (Lambda is always invoked with POST);
//   - UsagePlan.ID and APIKey.ID derived from their names like RestAPI.ID;
//   - FunctionError.ErrorType "Error".
//
// A stage with an empty deploymentId stays empty: it serves the API as written in the file.
// Defaults are idempotent.
func applyDefaults(w *Workspace) {
	if w.Region == "" {
		w.Region = DefaultRegion
	}
	if w.AccountID == "" {
		w.AccountID = DefaultAccountID
	}
	for _, api := range w.RestAPIs {
		if api == nil {
			continue
		}
		if api.ID == "" && api.Name != "" {
			api.ID = deriveID("restapi", api.Name)
		}
		if api.APIKeySource == "" {
			api.APIKeySource = DefaultAPIKeySource
		}
		defaultResources(api.Resources)
		for _, d := range api.Deployments {
			if d != nil {
				defaultResources(d.Resources)
			}
		}
	}
	defaultV2APIs(w.HTTPAPIs, ProtocolHTTP)
	defaultWebSocketAPIs(w.WebSocketAPIs)
	for _, f := range w.Functions {
		if f == nil {
			continue
		}
		defaultBehavior(&f.Behavior)
		for _, c := range f.Cases {
			if c != nil {
				defaultBehavior(&c.Behavior)
			}
		}
		for _, v := range f.Versions {
			if v != nil {
				defaultBehavior(&v.Behavior)
			}
		}
	}
	for _, p := range w.UsagePlans {
		if p != nil && p.ID == "" && p.Name != "" {
			p.ID = deriveID("usageplan", p.Name)
		}
	}
	for _, k := range w.APIKeys {
		if k != nil && k.ID == "" && k.Name != "" {
			k.ID = deriveID("apikey", k.Name)
		}
	}
	defaultDomains(w) // domains.go
}

func defaultResources(rs []*Resource) {
	for _, r := range rs {
		if r == nil {
			continue
		}
		for _, m := range r.Methods {
			if m == nil || m.Integration == nil {
				continue
			}
			in := m.Integration
			switch in.Type {
			case IntegrationAWS, IntegrationHTTP, IntegrationMock:
				if in.PassthroughBehavior == "" {
					in.PassthroughBehavior = PassthroughWhenNoMatch
				}
			}
			switch in.Type {
			case IntegrationAWSProxy, IntegrationAWS:
				if in.HTTPMethod == "" {
					in.HTTPMethod = "POST"
				}
			}
		}
	}
}

func defaultBehavior(b *Behavior) {
	if b.Error != nil && b.Error.ErrorType == "" {
		b.Error.ErrorType = DefaultErrorType
	}
}

// deriveID makes a stable 10-character [a-z0-9] identifier from a kind and a name, in the
// shape of AWS's generated ids (REST API, usage plan and API key ids are 10 lowercase
// alphanumerics, e.g. "a1b2c3d4e5").
func deriveID(kind, name string) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	sum := sha256.Sum256([]byte(kind + "\x00" + name))
	id := make([]byte, 10)
	for i := range id {
		id[i] = alphabet[int(sum[i])%len(alphabet)]
	}
	return string(id)
}

// Summary is a one-line description of a valid workspace for `apigwlab validate`, e.g.
// "pets.yaml: valid — 1 REST API (pets: 3 resources, 4 methods, stage prod), 3 functions,
// 1 usage plan, 1 API key".
func (w *Workspace) Summary() string {
	var apis []string
	for _, api := range w.RestAPIs {
		if api == nil {
			continue
		}
		methods := 0
		for _, r := range api.Resources {
			if r != nil {
				methods += len(r.Methods)
			}
		}
		var stages []string
		for _, st := range api.Stages {
			if st != nil {
				stages = append(stages, st.StageName)
			}
		}
		stagePart := "no stages"
		switch len(stages) {
		case 0:
		case 1:
			stagePart = "stage " + stages[0]
		default:
			stagePart = "stages " + strings.Join(stages, ", ")
		}
		apis = append(apis, fmt.Sprintf("%s: %s, %s, %s", api.Name,
			plural(len(api.Resources), "resource", "resources"),
			plural(methods, "method", "methods"), stagePart))
	}
	name := w.Source
	if name == "" {
		name = "workspace"
	}
	s := name + ": valid — " + plural(len(apis), "REST API", "REST APIs")
	if len(apis) > 0 {
		s += " (" + strings.Join(apis, "; ") + ")"
	}
	if n := len(w.HTTPAPIs); n > 0 {
		s += ", " + plural(n, "HTTP API", "HTTP APIs") + " (" + v2Summary(w.HTTPAPIs) + ")"
	}
	if n := len(w.WebSocketAPIs); n > 0 {
		s += ", " + plural(n, "WebSocket API", "WebSocket APIs") + " (" + v2Summary(w.WebSocketAPIs) + ")"
	}
	s += ", " + plural(len(w.Functions), "function", "functions")
	if n := len(w.Backends); n > 0 {
		s += ", " + plural(n, "simulated backend", "simulated backends")
	}
	s += ", " + plural(len(w.UsagePlans), "usage plan", "usage plans")
	s += ", " + plural(len(w.APIKeys), "API key", "API keys")
	if n := len(w.UserPools); n > 0 {
		s += ", " + plural(n, "user pool", "user pools")
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
