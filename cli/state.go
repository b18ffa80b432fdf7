package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"apigwlab/engine"
	"apigwlab/engine/model"
	"apigwlab/labs"
)

// serve --state DIR keeps what control-plane clients (aws apigateway --endpoint-url …) created
// and changed in DIR/workspace.yaml: a workspace file (apigwlab export --format workspace),
// written atomically after each change and loaded at the next start in place of -f's file.

// stateName is the state file inside --state DIR.
const stateName = "workspace.yaml"

func stateFile(dir string) string { return filepath.Join(dir, stateName) }

// loadState reads DIR/workspace.yaml; nil without error when there is none yet. A state file
// that does not load is an error naming it and the way out, never silently replaced.
func loadState(dir, file string) (*model.Workspace, error) {
	p := stateFile(dir)
	if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	ws, err := model.Load(p)
	if err != nil {
		from := "an empty workspace"
		if file != "" {
			from = file
		}
		return nil, fmt.Errorf("the state file %s (serve --state %s) does not load:\n%s\nfix it (it is a workspace file: apigwlab validate %s), or move it away to start again from %s: mv %s %s.bad",
			p, dir, indent(err.Error()), p, from, p, p)
	}
	if file != "" {
		// code functions name their files relative to the workspace they were written in
		ws.Source = file
	}
	return ws, nil
}

// emptyWorkspace is what serve --state DIR starts from without -f and without a state file:
// clients create everything through the control plane.
func emptyWorkspace(dir string) (*model.Workspace, error) {
	return model.Parse(stateFile(dir), []byte("apiVersion: "+model.APIVersion+"\n"))
}

// stateSaver writes the gateway's workspace to the state file, one write at a time (control
// -plane requests may run concurrently; each write exports the gateway as it is then, so
// the last one written holds every change).
type stateSaver struct {
	mu   sync.Mutex
	path string
}

func (s *stateSaver) save(gw *engine.Gateway) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	out, _ := gw.ExportWorkspace()
	if err := labs.WriteFileAtomic(s.path, out); err != nil {
		return fmt.Errorf("save the state: %w", err)
	}
	return nil
}
