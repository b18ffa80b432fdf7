package engine

import (
	"path/filepath"
	"strings"
	"testing"

	"apigwlab/engine/model"
)

// reloaded exports g's workspace, loads it into a new gateway (as serve --state does after a
// restart) and requires the new gateway to export the same file — after one load, which
// writes the defaults the control plane leaves implicit (put-integration's
// passthroughBehavior WHEN_NO_MATCH).
func reloaded(t *testing.T, g *Gateway, name string) *Gateway {
	t.Helper()
	return reload(t, reload(t, g, name, false), name, true)
}

func reload(t *testing.T, g *Gateway, name string, same bool) *Gateway {
	t.Helper()
	out, _ := g.ExportWorkspace()
	ws, err := model.Parse(name, out)
	if err != nil {
		t.Fatalf("the export does not load back: %v\n%s", err, out)
	}
	g2 := newGateway(t, ws)
	t.Cleanup(g2.Close)
	again, _ := g2.ExportWorkspace()
	if same && noteless(again) != noteless(out) {
		t.Fatalf("export → load → export differs\nfirst:\n%s\nsecond:\n%s", out, again)
	}
	return g2
}

func noteless(b []byte) string {
	s := string(b)
	for strings.HasPrefix(s, "#") {
		_, s, _ = strings.Cut(s, "\n")
	}
	return s
}

func TestExportWorkspaceRoundTripsExamples(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.yaml")
	code, _ := filepath.Glob("../examples/code/*.yaml")
	files = append(files, code...)
	if len(files) < 5 {
		t.Fatalf("found %d examples", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			ws, err := model.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			g := newGateway(t, ws)
			defer g.Close()
			// beside the example, so code handlers' relative paths resolve as before
			reloaded(t, g, filepath.Join(filepath.Dir(f), "state.yaml"))
		})
	}
}

// TestExportWorkspaceKeepsControlPlaneChanges: what the aws CLI did survives export and
// load — a new resource, a deployment the stage serves, an edit not deployed yet (the
// stage keeps serving the deployment), a stage variable, a function's new answer, a
// permission, a key in a usage plan.
func TestExportWorkspaceKeepsControlPlaneChanges(t *testing.T) {
	// petsWorkspace as a file would give it (with the defaults Parse applies)
	src, _ := model.Encode(petsWorkspace())
	ws, err := model.Parse("pets.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	g := newGateway(t, ws)
	defer g.Close()
	mustExec(t, g, "create-resource --rest-api-id pets --parent-id / --path-part hello")
	mustExec(t, g, "put-method --rest-api-id pets --resource-id /hello --http-method GET --authorization-type NONE")
	mustExec(t, g, `put-integration --rest-api-id pets --resource-id /hello --http-method GET --type MOCK --request-templates '{"application/json":"{\"statusCode\": 200}"}'`)
	mustExec(t, g, "put-method-response --rest-api-id pets --resource-id /hello --http-method GET --status-code 200")
	mustExec(t, g, `put-integration-response --rest-api-id pets --resource-id /hello --http-method GET --status-code 200 --response-templates '{"application/json":"hi"}'`)
	mustExec(t, g, "create-deployment --rest-api-id pets --stage-name prod --description hello")
	// changed, not deployed: prod must go on answering "hi"
	mustExec(t, g, `put-integration-response --rest-api-id pets --resource-id /hello --http-method GET --status-code 200 --response-templates '{"application/json":"bye"}'`)
	mustExec(t, g, "update-stage --rest-api-id pets --stage-name prod --patch-operations op=replace,path=/variables/fn,value=listPets")
	mustExec(t, g, `set-function --function-name listPets --returns '{"statusCode":200,"body":"[{\"id\":2}]"}'`)

	mustExec(t, g, "add-permission --function-name getPet --statement-id kept-grant --action lambda:InvokeFunction --principal apigateway.amazonaws.com")

	g2 := reloaded(t, g, "state.yaml")
	if out, _ := g2.ExportWorkspace(); !strings.Contains(string(out), "statementId: kept-grant") {
		t.Errorf("add-permission's statement was not kept:\n%s", out)
	}
	for _, c := range []struct{ path, want string }{
		{"/prod/hello", "hi"},
		{"/prod/pets", `[{"id":2}]`},
		{"/prod/pets/1", `[{"id":2}]`}, // through the stage variable fn=listPets
	} {
		if st, b := body(t, g2, "GET", c.path); st != 200 || b != c.want {
			t.Errorf("GET %s after reload: %d %s, want 200 %s", c.path, st, b, c.want)
		}
	}
	if got := g2.APIs()[0].Undeployed; len(got) != 1 || got[0] != "prod" {
		t.Errorf("Undeployed after reload = %v, want [prod] (the bye edit waits for create-deployment)", got)
	}
	mustExec(t, g2, "create-deployment --rest-api-id pets --stage-name prod")
	if st, b := body(t, g2, "GET", "/prod/hello"); st != 200 || b != "bye" {
		t.Errorf("after deploying the kept edit: %d %s", st, b)
	}
}

// TestExportWorkspaceKeepsHTTPDeployments: an HTTP API stage that waits for
// create-deployment keeps waiting after export and load: the deployment it serves is written
// with its definition (deployments:, deploymentId), and export → load → export is stable.
func TestExportWorkspaceKeepsHTTPDeployments(t *testing.T) {
	ws, err := model.Load("../examples/http-api.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g := newGateway(t, ws)
	defer g.Close()
	if out, notes := g.ExportWorkspace(); len(notes) != 0 || strings.Contains(string(out), "deployments:") {
		t.Fatalf("before any change: notes %q\n%s", notes, out)
	}
	mustExec(t, g, "create-route --api-id shop --route-key 'GET /later' --target integrations/pets")
	dep := mustExec(t, g, "get-stage --api-id shop --stage-name dev")
	out, notes := g.ExportWorkspace()
	if len(notes) != 0 || !strings.Contains(string(out), "deployments:") || !strings.Contains(string(out), "deploymentId: ") {
		t.Fatalf("notes %q\n%s", notes, out)
	}
	g2 := reloaded(t, g, "state.yaml")
	if st, b := body(t, g2, "GET", "/dev/later"); st != 404 {
		t.Errorf("GET /dev/later after reload: %d %s, want 404 (dev's deployment has no such route)", st, b)
	}
	if st, b := body(t, g2, "GET", "/later"); st != 200 {
		t.Errorf("GET /later on $default after reload: %d %s", st, b)
	}
	if got := mustExec(t, g2, "get-stage --api-id shop --stage-name dev"); got != dep {
		t.Errorf("get-stage dev after reload:\n%s\nwant\n%s", got, dep)
	}
	mustExec(t, g2, "create-deployment --api-id shop --stage-name dev")
	if st, b := body(t, g2, "GET", "/dev/later"); st != 200 {
		t.Errorf("GET /dev/later after create-deployment: %d %s", st, b)
	}
}
