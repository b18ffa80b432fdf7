package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"apigwlab/engine"
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

// The deploy trap on an HTTP API: after a reload, a stage without autoDeploy keeps its
// deployment (● undeployed) while the $default stage with autoDeploy serves the file; D
// deploys with apigatewayv2's create-deployment --api-id.
func TestReloadHTTPAPIWaitsForDeploy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ws.yaml")
	write := func(routes string) {
		ws := "httpApis: [{name: h, routes: {" + routes + "}, stages: [{stageName: $default, autoDeploy: true}, {stageName: prod}]}]\n" +
			"functions: [{functionName: f, returns: hi}]\n"
		if err := os.WriteFile(path, []byte(ws), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	route := func(p string) string {
		return `"GET ` + p + `": {integration: {integrationType: AWS_PROXY, integrationUri: "function:f", payloadFormatVersion: "2.0"}}`
	}
	write(route("/one"))
	a, err := newApp(Options{WorkspacePath: path}, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	a.resize(100, 30)
	write(route("/one") + ", " + route("/two"))
	if msg, isErr := a.reloadWorkspace(true); isErr || !strings.Contains(msg, "h changed, prod serves the last deployment · D deploys") {
		t.Fatalf("reload: %s", msg)
	}
	v := viewOf(t, a)
	if !strings.Contains(v, "prod ● undeployed (D)") || strings.Contains(v, "$default ●") || strings.Count(v, "/two") != 1 {
		t.Fatalf("want prod marked and serving /one only, $default (autoDeploy) serving /two:\n%s", v)
	}
	if r := a.sh.gw.Invoke(&engine.Request{API: "h", Method: "GET", Path: "/prod/two"}); r.Status != 404 {
		t.Fatalf("prod answers /two before D: %d %s", r.Status, r.Body)
	}
	drive(t, a, keys("up", "up", "up", "D")...) // on the API's line D deploys its undeployed stage
	if v := viewOf(t, a); strings.Contains(v, "undeployed") || !strings.Contains(v, "deployed: --api-id h --stage-name prod") {
		t.Fatalf("after D:\n%s", v)
	}
	if r := a.sh.gw.Invoke(&engine.Request{API: "h", Method: "GET", Path: "/prod/two"}); r.Status != 200 {
		t.Fatalf("prod after D: %d %s", r.Status, r.Body)
	}
}
