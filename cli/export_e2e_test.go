package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportEndToEnd exports the bundled example, then serves the export back through a
// workspace that imports it: the same request gets the same answer.
func TestExportEndToEnd(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "pets.oas.yaml")
	_, errOut, code := apigwlab(t, "", "export", "-f", "examples/pets.yaml", "--stage", "prod",
		"--extensions", "apigateway", "--accepts", "application/yaml", "-o", out)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "openapi: 3.0.1\n") || !strings.Contains(string(data), "x-amazon-apigateway-integration:") {
		t.Fatalf("not an OpenAPI 3 export with integrations:\n%s", data)
	}
	src, err := os.ReadFile("../examples/pets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The example's functions, plans and keys, with its API replaced by the export.
	text := string(src)
	start, end := strings.Index(text, "restApis:"), strings.Index(text, "\nfunctions:")
	if start < 0 || end < 0 {
		t.Fatal("examples/pets.yaml changed shape: restApis: … functions:")
	}
	ws := filepath.Join(dir, "ws.yaml")
	text = text[:start] + "restApis:\n  - name: pets\n    openapi: " + out + "\n    stages: [{stageName: prod, variables: {alias: live}}]\n" + text[end:]
	if err := os.WriteFile(ws, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/prod/pets", "/prod/pets/7", "/prod/health"} {
		a := invokeJSONOut(t, "GET", path)
		o, errOut, code := apigwlab(t, "", "invoke", "-f", ws, "--json", "--seed", "7", "GET", path)
		if code != 0 {
			t.Fatalf("invoke the imported export: exit %d: %s", code, errOut)
		}
		var b invokeResult
		if err := json.Unmarshal([]byte(o), &b); err != nil {
			t.Fatal(err)
		}
		if a.Status != b.Status || a.Body != b.Body {
			t.Errorf("GET %s: original %d %s, after export/import %d %s", path, a.Status, a.Body, b.Status, b.Body)
		}
	}

	t.Run("swagger to stdout", func(t *testing.T) {
		o, errOut, code := apigwlab(t, "", "export", "-f", "examples/pets.yaml", "--type", "swagger")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(o), &doc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, o)
		}
		if doc["swagger"] != "2.0" || doc["basePath"] != "/prod" {
			t.Errorf("swagger %v basePath %v", doc["swagger"], doc["basePath"])
		}
	})
	t.Run("bad arguments exit 2 with the reason", func(t *testing.T) {
		for _, tc := range []struct{ args, want string }{
			{"export -f examples/pets.yaml --type raml", `--type "raml": use oas30`},
			{"export -f examples/pets.yaml --stage nope", `API pets has no stage "nope"; stages: prod`},
			{"export -f examples/pets.yaml --extensions postmen", `unknown extension "postmen"`},
			{"export --stage prod", "export needs a workspace"},
		} {
			_, errOut, code := apigwlab(t, "", strings.Fields(tc.args)...)
			if code != 2 || !strings.Contains(errOut, tc.want) {
				t.Errorf("%s: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
			}
		}
	})
}

// An HTTP API exports as apigatewayv2's export-api writes it; --stage picks a deployment,
// --include-extensions=false leaves API Gateway's extensions out, swagger is refused.
func TestExportHTTPAPI(t *testing.T) {
	out, errOut, code := apigwlab(t, "", "export", "-f", "examples/http-api.yaml", "--api", "shop", "--stage", "dev", "--accepts", "application/yaml")
	if code != 0 || !strings.HasPrefix(out, "openapi: 3.0.1\n") || !strings.Contains(out, "description: Default response for GET /pets/{id}") ||
		!strings.Contains(out, "            default: dev\n") || !strings.Contains(out, "x-amazon-apigateway-cors:") {
		t.Fatalf("export --api shop --stage dev: exit %d %s\n%s", code, errOut, out)
	}
	out, _, code = apigwlab(t, "", "export", "-f", "examples/http-api.yaml", "--api", "shop", "--include-extensions=false")
	if code != 0 || strings.Contains(out, "x-amazon-apigateway") || !strings.Contains(out, `"type": "oauth2"`) {
		t.Fatalf("export without extensions: exit %d\n%s", code, out)
	}
	if _, errOut, code := apigwlab(t, "", "export", "-f", "examples/http-api.yaml", "--api", "shop", "--type", "swagger"); code != 2 ||
		!strings.Contains(errOut, "--type swagger: HTTP APIs export as OpenAPI 3.0 (oas30) only") {
		t.Fatalf("export --type swagger of an HTTP API: exit %d %s", code, errOut)
	}
}
