package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"apigwlab/engine/model"
)

//go:embed bundled/*.yaml
var bundledFS embed.FS

// Info names a scenario and says what it teaches.
type Info struct {
	Name        string
	Description string
	Source      string
}

// Bundled lists the scenarios shipped in the binary, sorted by name.
func Bundled() ([]Info, error) {
	entries, err := bundledFS.ReadDir("bundled")
	if err != nil {
		return nil, err
	}
	var out []Info
	for _, e := range entries {
		sc, err := LoadBundled(strings.TrimSuffix(e.Name(), ".yaml"))
		if err != nil {
			return nil, err
		}
		out = append(out, Info{Name: sc.Name, Description: sc.Description, Source: sc.Source})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// LoadBundled loads a bundled scenario by name. Bundled scenarios write their workspace inline.
func LoadBundled(name string) (*Scenario, error) {
	file := path.Join("bundled", name+".yaml")
	data, err := bundledFS.ReadFile(file)
	if err != nil {
		// Wrapped so callers can tell "no such name" from a bundled file that does not parse.
		return nil, fmt.Errorf("no bundled scenario %q: %w", name, fs.ErrNotExist)
	}
	return Parse("scenarios/"+file, data, func(p string) (*model.Workspace, error) {
		return nil, fmt.Errorf("bundled scenario %s names workspace file %s: bundled scenarios must write it inline", name, p)
	})
}
