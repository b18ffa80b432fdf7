package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReloadWorkspace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ws.yaml")
	write := func(s string) {
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("restApis: [{name: a, resources: {/one: {GET: {integration: {type: MOCK}}}}, stages: [{stageName: prod}]}]\n")
	opts := Options{WorkspacePath: path}
	a, err := newApp(opts, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	a.resize(100, 30)
	write("restApis: [{name: a, resources: {/one: {GET: {integration: {type: MOCK}}}, /two: {GET: {integration: {type: MOCK}}}}, stages: [{stageName: prod}]}]\n")
	if msg, isErr := a.reloadWorkspace(true); isErr || !strings.Contains(msg, "a changed, prod serves the last deployment · D deploys") {
		t.Fatalf("reload: %s", msg)
	}
	// as on AWS, the stage serves its deployment until the next one
	if v := viewOf(t, a); strings.Contains(v, "/two") || !strings.Contains(v, "prod ● undeployed (D)") {
		t.Fatalf("the tree shows what prod does not serve yet, or no undeployed mark:\n%s", v)
	}
	drive(t, a, keys("D")...)
	if v := viewOf(t, a); !strings.Contains(v, "/two") || strings.Contains(v, "undeployed") || !strings.Contains(v, "deployed: --rest-api-id a --stage-name prod") {
		t.Fatalf("after D the tree shows the new resource, without the mark:\n%s", v)
	}
	old := a.sh.gw
	write("restApis: [{name: a, resources: {/one: {GET: {integration: {type: MOCKK}}}}}]\n")
	msg, isErr := a.reloadWorkspace(true)
	if !isErr || !strings.Contains(msg, "ws.yaml:1:") || !strings.Contains(msg, "MOCKK") || a.sh.gw != old {
		t.Fatalf("a bad file must keep the running gateway and name file:line: %q", msg)
	}
}

func TestEditorRefusesTheBuiltInWorkspace(t *testing.T) {
	a := newTestApp(t, 80, 24)
	a.sh.wsName = builtinName
	msg := a.editWorkspace()()
	if s, ok := msg.(statusMsg); !ok || !s.err || !strings.Contains(s.text, "built-in workspace cannot be edited") {
		t.Fatalf("got %#v", msg)
	}
}
