package tui

import (
	"strings"
	"testing"

	"apigwlab/engine/model"
)

// HTTP APIs show in the tree beside REST APIs, their routes as resources and methods, and a
// request drafted for the $default stage has no stage segment.
func TestHTTPAPIInTree(t *testing.T) {
	ws, err := model.Load("../examples/http-api.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ws.HTTPAPIs[0].Routes["$default"] = &model.Route{Integration: &model.V2Integration{IntegrationType: "AWS_PROXY", IntegrationURI: "function:hello", PayloadFormatVersion: "2.0"}}
	tr := newTree(DefaultStyles(), ws)
	tr.setSize(60, 100)
	view := tr.view()
	for _, want := range []string{"shop HTTP API", "$default", "/pets/{id}", "GET    λ proxy jwt", "dev"} {
		if !strings.Contains(view, want) {
			t.Errorf("tree lacks %q:\n%s", want, view)
		}
	}
	drafts := map[string]string{}
	for _, n := range tr.nodes {
		if n.kind == nodeMethod {
			d := sample(ws, n.api, n.stage, n.res, n.method)
			drafts[n.stage.StageName+" "+n.method.HTTPMethod+" "+n.res.Path] = d.path
		}
	}
	for k, want := range map[string]string{
		"$default GET /pets/{id}": "/pets/1",
		"dev GET /pets/{id}":      "/dev/pets/1",
		"$default ANY $default":   "/anything",
		"dev ANY $default":        "/dev/anything",
	} {
		if drafts[k] != want {
			t.Errorf("draft for %s: path %q, want %q", k, drafts[k], want)
		}
	}
}
