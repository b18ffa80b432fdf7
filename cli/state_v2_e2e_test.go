package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeStateKeepsHTTPAPIDeployments: an HTTP API route added through apigatewayv2 and not
// deployed to dev stays undeployed across a restart of serve --state (dev still serves its
// old deployment; the autoDeploy $default stage serves the route), until create-deployment.
func TestServeStateKeepsHTTPAPIDeployments(t *testing.T) {
	dir := t.TempDir()
	p := runServe(t, "-f", "examples/http-api.yaml", "--state", dir, "--no-sleep")
	waitStdout(t, p, "kept in "+filepath.Join(dir, "workspace.yaml"))
	cp(t, "POST", p.base+"/v2/apis/shop/routes", `{"routeKey":"GET /later","target":"integrations/pets"}`, 201)
	check := func(base, when string) {
		t.Helper()
		if resp, body := do(t, "GET", base+"/dev/later", nil); resp.StatusCode != 404 || body != `{"message":"Not Found"}` {
			t.Errorf("%s: GET /dev/later = %d %s, want dev's old deployment (404)", when, resp.StatusCode, body)
		}
		if resp, body := do(t, "GET", base+"/later", nil); resp.StatusCode != 200 || body != `{"id":7,"name":"Rex"}` {
			t.Errorf("%s: GET /later on the autoDeploy $default stage = %d %s", when, resp.StatusCode, body)
		}
	}
	check(p.base, "before the restart")
	if code := p.stop(t); code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	state, err := os.ReadFile(filepath.Join(dir, "workspace.yaml"))
	if err != nil || !strings.Contains(string(state), "deploymentId: ") || strings.Contains(string(state), "Not written back") {
		t.Fatalf("state file (%v):\n%s", err, state)
	}

	p2 := runServe(t, "-f", "examples/http-api.yaml", "--state", dir, "--no-sleep")
	waitStdout(t, p2, "loaded: it wins over examples/http-api.yaml")
	check(p2.base, "after the restart")
	cp(t, "POST", p2.base+"/v2/apis/shop/deployments", `{"stageName":"dev"}`, 201)
	if resp, body := do(t, "GET", p2.base+"/dev/later", nil); resp.StatusCode != 200 || body != `{"id":7,"name":"Rex"}` {
		t.Errorf("after create-deployment: GET /dev/later = %d %s", resp.StatusCode, body)
	}
}
