package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// waitStdout polls serve's output for want (the banner's later lines arrive after the first).
func waitStdout(t *testing.T, p *serveProc, want string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second) // bounds a hang only
	for !strings.Contains(p.stdout.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("serve never printed %q; stdout:\n%s", want, p.stdout.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// cp sends one control-plane request as the aws CLI would (JSON body) and returns the JSON
// answer; it requires status want.
func cp(t *testing.T, method, url, body string, want int) map[string]any {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: %d %s, want %d", method, url, resp.StatusCode, b, want)
	}
	var obj map[string]any
	if len(bytes.TrimSpace(b)) > 0 {
		if err := json.Unmarshal(b, &obj); err != nil {
			t.Fatalf("%s %s: not JSON: %s", method, url, b)
		}
	}
	return obj
}

// TestServeStateSurvivesARestart: an API made through the control plane (the requests the
// aws CLI sends) is kept by serve --state DIR and answers after a restart; a change not
// deployed stays undeployed; the state wins over -f and the banner says so.
func TestServeStateSurvivesARestart(t *testing.T) {
	dir := t.TempDir()
	p := runServe(t, "-f", "examples/pets.yaml", "--state", dir, "--no-sleep")
	waitStdout(t, p, "kept in "+filepath.Join(dir, "workspace.yaml")+" (loaded instead of examples/pets.yaml at the next start)")
	ep := p.base
	api := cp(t, "POST", ep+"/restapis", `{"name":"kept"}`, 201)
	id, root := api["id"].(string), api["rootResourceId"].(string)
	res := cp(t, "POST", ep+"/restapis/"+id+"/resources/"+root, `{"pathPart":"hi"}`, 201)
	m := ep + "/restapis/" + id + "/resources/" + res["id"].(string) + "/methods/GET"
	cp(t, "PUT", m, `{"authorizationType":"NONE"}`, 201)
	cp(t, "PUT", m+"/integration", `{"type":"MOCK","requestTemplates":{"application/json":"{\"statusCode\": 200}"}}`, 201)
	cp(t, "PUT", m+"/responses/200", `{}`, 201)
	cp(t, "PUT", m+"/integration/responses/200", `{"responseTemplates":{"application/json":"kept: $stageVariables.v"}}`, 201)
	cp(t, "POST", ep+"/restapis/"+id+"/deployments", `{"stageName":"dev"}`, 201)
	cp(t, "PATCH", ep+"/restapis/"+id+"/stages/dev", `{"patchOperations":[{"op":"replace","path":"/variables/v","value":"yes"}]}`, 200)
	// changed after the deployment: dev goes on serving "kept", before and after the restart
	cp(t, "PUT", m+"/integration/responses/200", `{"responseTemplates":{"application/json":"not deployed"}}`, 201)
	data := ep + "/restapis/" + id + "/dev/_user_request_/hi"
	if resp, body := do(t, "GET", data, nil); resp.StatusCode != 200 || body != "kept: yes" {
		t.Fatalf("before the restart: %d %s", resp.StatusCode, body)
	}
	if code := p.stop(t); code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	state, err := os.ReadFile(filepath.Join(dir, "workspace.yaml"))
	if err != nil || !bytes.Contains(state, []byte("name: kept")) {
		t.Fatalf("state file: %v\n%s", err, state)
	}

	p2 := runServe(t, "-f", "examples/pets.yaml", "--state", dir, "--no-sleep")
	banner := p2.stdout.String()
	if !strings.Contains(banner, "Serving "+filepath.Join(dir, "workspace.yaml")+" on ") {
		t.Errorf("banner does not name the state file first:\n%s", banner)
	}
	waitStdout(t, p2, "loaded: it wins over examples/pets.yaml")
	data = p2.base + "/restapis/" + id + "/dev/_user_request_/hi"
	if resp, body := do(t, "GET", data, nil); resp.StatusCode != 200 || body != "kept: yes" {
		t.Fatalf("after the restart: %d %s", resp.StatusCode, body)
	}
	// pets from -f is there too: the state holds the whole workspace
	if resp, _ := do(t, "GET", p2.base+"/prod/pets", nil); resp.StatusCode != 200 {
		t.Errorf("GET /prod/pets after the restart: %d", resp.StatusCode)
	}
	cp(t, "POST", p2.base+"/restapis/"+id+"/deployments", `{"stageName":"dev"}`, 201)
	if resp, body := do(t, "GET", data, nil); resp.StatusCode != 200 || body != "not deployed" {
		t.Fatalf("after deploying the kept edit: %d %s", resp.StatusCode, body)
	}
	p2.stop(t)

	// the state file exports as a workspace of one's own
	out, err := exec.Command(binary, "export", "-f", filepath.Join(dir, "workspace.yaml"), "--format", "workspace").CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("name: kept")) || !bytes.Contains(out, []byte("application/json: not deployed")) {
		t.Fatalf("export --format workspace: %v\n%s", err, out)
	}
}

// TestServeStateCorrupt: a state file that does not load stops serve with exit 2, naming the
// file, the problem's line and the way out.
func TestServeStateCorrupt(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "workspace.yaml")
	if err := os.WriteFile(bad, []byte("restApis:\n  - name: x\n    resourcez: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "serve", "-f", "examples/pets.yaml", "--state", dir, "--addr", "127.0.0.1:0")
	cmd.Dir = ".."
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Fatalf("serve with a corrupt state: %v\n%s", err, out)
	}
	for _, want := range []string{"the state file " + bad, bad + ":3:5", `unknown field "resourcez"`, "mv " + bad + " " + bad + ".bad", "start again from examples/pets.yaml"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("message lacks %q:\n%s", want, out)
		}
	}
}

// TestExportWorkspaceFlags: --format workspace writes a file that validates; the OpenAPI
// flags are refused with exit 2 and the reason.
func TestExportWorkspaceFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pets.yaml")
	cmd := exec.Command(binary, "export", "-f", "examples/pets.yaml", "--format", "workspace", "-o", out)
	cmd.Dir = ".."
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("export: %v\n%s", err, b)
	}
	if b, err := exec.Command(binary, "validate", out).CombinedOutput(); err != nil || !strings.Contains(string(b), "valid — 1 REST API (pets: 9 resources, 10 methods, stage prod)") {
		t.Errorf("validate the export: %v\n%s", err, b)
	}
	cmd = exec.Command(binary, "export", "-f", "examples/pets.yaml", "--format", "workspace", "--stage", "prod")
	cmd.Dir = ".."
	b, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(string(b), "--stage is for OpenAPI exports") {
		t.Errorf("--stage with --format workspace: %v\n%s", err, b)
	}
}
