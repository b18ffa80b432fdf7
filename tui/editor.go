package tui

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"apigwlab/engine"
	"apigwlab/engine/model"
)

// editorDoneMsg: the editor opened on the workspace has exited.
type editorDoneMsg struct{ err error }

// editWorkspace opens the workspace file in $VISUAL or $EDITOR (vi when neither is set),
// suspending the TUI while it runs; the workspace is reloaded when it exits.
func (a *app) editWorkspace() tea.Cmd {
	if a.sh.wsName == builtinName {
		return statusCmd("the built-in workspace cannot be edited: open a file, e.g. apigwlab examples/pets.yaml", true)
	}
	editor := os.Getenv("VISUAL")
	if editor == "" {
		editor = os.Getenv("EDITOR")
	}
	if editor == "" {
		editor = "vi"
	}
	args := append(strings.Fields(editor), a.sh.wsName)
	cmd := exec.Command(args[0], args[1:]...)
	a.sh.log.Printf("editing %s with %s", a.sh.wsName, editor)
	return tea.ExecProcess(cmd, func(err error) tea.Msg { return editorDoneMsg{err: err} })
}

func statusCmd(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text, err: isErr} }
}

// reloadWorkspace loads the workspace file again and, when it is valid, deploys it in
// place of the running one (same clock and seed). An invalid file leaves the running
// gateway as it was and says what to fix, with file:line.
func (a *app) reloadWorkspace() (string, bool) {
	ws, err := model.Load(a.sh.wsName)
	if err != nil {
		first, _, _ := strings.Cut(err.Error(), "\n")
		n := strings.Count(err.Error(), "\n")
		if n > 0 {
			first += fmt.Sprintf(" (and %d more; apigwlab validate %s lists all)", n, a.sh.wsName)
		}
		return "not reloaded: " + first, true
	}
	gw, err := engine.New(ws, engine.Options{Clock: a.sh.clock, Seed: uint64(a.sh.now().UnixNano())})
	if err != nil {
		return "not reloaded: " + a.sh.wsName + ": " + err.Error(), true
	}
	old := a.sh.gw
	a.sh.gw, a.sh.ws = gw, ws
	old.Close() // the old functions' processes; the next request starts the new code
	ex := a.screens[screenExplorer].(*explorer)
	ex.tree.rebuild(ws)
	ex.comp.ids = identities(ws)
	ex.comp.vpces = vpceIDs(ws)
	ex.noteSelection()
	if n := ex.tree.selected(); n != nil && n.kind == nodeMethod {
		ex.comp.resample(methodKey(n), sample(ws, n.api, n.stage, n.res, n.method))
	}
	if ex.comp.ident >= len(ex.comp.ids) {
		ex.comp.ident = 0
	}
	a.sh.log.Printf("reloaded %s", a.sh.wsName)
	return "reloaded " + a.sh.wsName + " (metrics and caches start afresh)", false
}
