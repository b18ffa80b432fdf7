package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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

// reloadWorkspace loads the workspace file again and, when it is valid, makes it the running
// gateway's (same clock and seed). With keep (the E key) the file is the APIs' new current
// definition and every stage keeps serving its deployment until create-deployment (D), as
// on AWS; without (a lab opened) the file is deployed as it loads. An invalid file leaves
// the running gateway as it was and says what to fix, with file:line.
func (a *app) reloadWorkspace(keep bool) (string, bool) {
	ws, err := loadNamed(a.sh.wsName)
	if err != nil {
		first, _, _ := strings.Cut(err.Error(), "\n")
		n := strings.Count(err.Error(), "\n")
		if n > 0 {
			first += fmt.Sprintf(" (and %d more; apigwlab validate %s lists all)", n, a.sh.wsName)
		}
		return "not reloaded: " + first, true
	}
	if keep && a.sh.gw != nil {
		a.sh.gw.KeepDeployments(ws)
	}
	gw, err := engine.New(ws, engine.Options{Clock: a.sh.clock, Seed: uint64(a.sh.now().UnixNano())})
	if err != nil {
		return "not reloaded: " + a.sh.wsName + ": " + err.Error(), true
	}
	a.use(gw, ws)
	a.sh.log.Printf("reloaded %s", a.sh.wsName)
	for _, api := range gw.APIs() {
		if len(api.Undeployed) > 0 {
			return fmt.Sprintf("reloaded %s · %s changed, %s serves the last deployment · D deploys",
				filepath.Base(a.sh.wsName), api.Name, strings.Join(api.Undeployed, ", ")), false
		}
	}
	return "reloaded " + a.sh.wsName + " (metrics and caches start afresh)", false
}

// use makes gw the running gateway and the explorer show ws.
func (a *app) use(gw *engine.Gateway, ws *model.Workspace) {
	old := a.sh.gw
	a.sh.gw, a.sh.ws = gw, ws
	old.Close() // the old functions' processes; the next request starts the new code
	ex := a.screens[screenExplorer].(*explorer)
	ex.tree.rebuild(ws)
	ex.ws.ensureObserver() // connections of the old gateway are gone
	ex.comp.ids = identities(ws)
	ex.comp.vpces = vpceIDs(ws)
	ex.noteSelection()
	if n := ex.tree.selected(); n != nil && n.kind == nodeMethod {
		ex.comp.resample(methodKey(n), sample(ws, n.api, n.stage, n.res, n.method))
	}
	if ex.comp.ident >= len(ex.comp.ids) {
		ex.comp.ident = 0
	}
}

// stageUndeployed reports whether a stage of the node's API has undeployed changes, as the
// tree marks it (for an HTTP API the gateway knows: the tree's view leaves details out).
func (a *app) stageUndeployed(n *treeNode, s *model.Stage) bool {
	if !n.http {
		return n.api.Undeployed(s)
	}
	for _, info := range a.sh.gw.APIs() {
		if info.Name == n.api.Name {
			return slices.Contains(info.Undeployed, s.StageName)
		}
	}
	return false
}

// deployedMsg is the answer of the D key's create-deployment.
type deployedMsg struct{ paletteResultMsg }

// deploySelected deploys the API under the explorer's cursor to its stage (on an API line,
// its first stage with undeployed changes), as create-deployment --stage-name does.
func (a *app) deploySelected() tea.Cmd {
	n := a.screens[screenExplorer].(*explorer).tree.selected()
	if n == nil {
		return statusCmd("nothing to deploy: the workspace has no API", true)
	}
	if n.ws != nil {
		return statusCmd(n.ws.Name+": WebSocket stages serve the workspace file as written (their deployments are not modelled yet)", true)
	}
	stage := n.stage
	for _, s := range n.api.Stages {
		if stage == nil && s != nil && a.stageUndeployed(n, s) {
			stage = s
		}
	}
	if stage == nil && len(n.api.Stages) > 0 {
		stage = n.api.Stages[0]
	}
	if stage == nil {
		return statusCmd(n.api.Name+" has no stage to deploy to", true)
	}
	line := "create-deployment --rest-api-id " + n.api.Name + " --stage-name " + stage.StageName
	if n.http {
		line = "create-deployment --api-id " + n.api.Name + " --stage-name " + stage.StageName // apigatewayv2's spelling
	}
	gw := a.sh.gw
	return func() tea.Msg {
		out, err := gw.Exec(line)
		return deployedMsg{paletteResultMsg{line: line, output: out, err: err}}
	}
}
