package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// u lists who the composer sends as (down, enter picks the next); a Cognito identity gets
// a freshly minted token.
func TestIdentityPicker(t *testing.T) {
	a := newTestApp(t, 100, 30)
	status := func() int {
		e := a.sh.history.last()
		if e == nil {
			t.Fatal("nothing sent")
		}
		return e.Resp.Status
	}
	sendPath(t, a, "/prod/profile")
	if s := status(); s != 401 {
		t.Fatalf("anonymous: %d, want 401", s)
	}
	press(t, a, "u", "down", "enter")
	if v := viewOf(t, a); !strings.Contains(v, "as alice · Cognito ID token (pets-users)") {
		t.Fatalf("the request pane does not say who sends:\n%s", v)
	}
	sendPath(t, a, "/prod/profile")
	if s := status(); s != 200 {
		t.Fatalf("ID token: %d, want 200: %s", s, a.sh.history.last().Resp.Body)
	}
	press(t, a, "u", "down", "enter") // the access token: /profile has no scopes, so 401
	sendPath(t, a, "/prod/profile")
	if s := status(); s != 401 {
		t.Fatalf("access token on a method without scopes: %d, want 401", s)
	}
	press(t, a, "u", "down", "enter") // back to anonymous
	if v := viewOf(t, a); strings.Contains(v, " · as ") {
		t.Fatalf("anonymous still shown as a user:\n%s", v)
	}
}

// Picking a Cognito method in the tree picks an identity that fits it.
func TestIdentityForMethod(t *testing.T) {
	a := newTestApp(t, 80, 24)
	ids := identities(a.sh.ws)
	if len(ids) != 3 || ids[1].tokenUse != "id" || ids[2].tokenUse != "access" {
		t.Fatalf("identities %+v", ids)
	}
	for _, api := range a.sh.ws.RestAPIs {
		for _, r := range api.Resources {
			for _, m := range r.Methods {
				want := 0
				if m.AuthorizationType == "COGNITO_USER_POOLS" {
					want = 1
				}
				if got := identityFor(ids, m); got != want {
					t.Errorf("%s %s: identity %d, want %d", m.HTTPMethod, r.Path, got, want)
				}
			}
		}
	}
}

// A palette command that adds a stage or a canary shows in the tree at once.
func TestPaletteChangesShowInTheTree(t *testing.T) {
	a := newTestApp(t, 100, 30)
	press(t, a, ":", "create-deployment --stage-name beta", "enter", "esc")
	if v := viewOf(t, a); !strings.Contains(v, "▾ beta") {
		t.Fatalf("new stage not in the tree:\n%s", v)
	}
	press(t, a, ":", "create-deployment --stage-name prod --canary-settings percentTraffic=10", "enter", "esc")
	if v := viewOf(t, a); !strings.Contains(v, "prod canary 10%") {
		t.Fatalf("canary not in the tree:\n%s", v)
	}
}

// A second picked on a scenario's chart opens one of its requests in the flow view.
func TestScenarioPickOpensARequest(t *testing.T) {
	a := newTestApp(t, 100, 30)
	press(t, a, "3", "j", "enter", "+", "+", "r") // run, max speed, back from the report to the charts
	s := a.scen
	if s.run == nil || !s.run.done || len(s.run.reqs) != 60 {
		t.Fatalf("run not finished or samples missing: %+v", s.run)
	}
	press(t, a, "left")
	if s.run.pick != 59 {
		t.Fatalf("the first ← picks the latest second, got %d", s.run.pick)
	}
	if v := viewOf(t, a); !strings.Contains(v, "t=59s: GET /prod/report → 504 Gateway Timeout") {
		t.Fatalf("the picked request is not described:\n%s", v)
	}
	press(t, a, "enter")
	if a.active != screenFlow {
		t.Fatal("enter did not open the flow view")
	}
	f := a.screens[screenFlow].(*flow)
	if en := f.entry(); en == nil || en.Resp.Status != 504 {
		t.Fatalf("the flow shows %+v", en)
	}
}

// s switches the metrics screen to the scenario run's gateway.
func TestMetricsOfAScenarioRun(t *testing.T) {
	a := newTestApp(t, 120, 40)
	press(t, a, "3", "j", "enter", "+", "+", "5", "s")
	v := viewOf(t, a)
	if !strings.Contains(v, "scenario lambda-timeout-504") || !strings.Contains(v, "Per minute · 1 datapoint") {
		t.Fatalf("metrics of the run not shown:\n%s", v)
	}
	press(t, a, "s")
	if v := viewOf(t, a); !strings.Contains(v, "per minute · explorer") {
		t.Fatalf("s did not switch back:\n%s", v)
	}
}

// IAM users sign with SigV4 and v picks the VPC endpoint of a PRIVATE API.
func TestIAMIdentityAndVpce(t *testing.T) {
	a, err := newApp(Options{WorkspacePath: "../examples/iam.yaml"}, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	a.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	ex := a.screens[screenExplorer].(*explorer)
	if id := ex.comp.identity(); id.accessKeyID != "AKIAALICE0EXAMPLE01" {
		t.Fatalf("an AWS_IAM method should start as alice, got %q", id.label)
	}
	sendPath(t, a, "/prod/pets")
	if r := a.sh.history.last().Resp; r.Status != 200 {
		t.Fatalf("alice, signed: %d %s", r.Status, r.Body)
	}
	ex.comp.ident = 0 // anonymous
	sendPath(t, a, "/prod/pets")
	if r := a.sh.history.last().Resp; r.Status != 403 || !strings.Contains(r.Body, "Missing Authentication Token") {
		t.Fatalf("unsigned: %d %s", r.Status, r.Body)
	}
	ex.comp.api = "internal"
	sendPath(t, a, "/prod/health")
	if r := a.sh.history.last().Resp; r.Status != 403 {
		t.Fatalf("private API without an endpoint: %d %s", r.Status, r.Body)
	}
	press(t, a, "v")
	if v := viewOf(t, a); !strings.Contains(v, "via vpce-0a1b2c3d4e5f60718") {
		t.Fatalf("the endpoint is not shown:\n%s", v)
	}
	ex.comp.api = "internal"
	sendPath(t, a, "/prod/health")
	if r := a.sh.history.last().Resp; r.Status != 200 {
		t.Fatalf("private API through its endpoint: %d %s", r.Status, r.Body)
	}
}
