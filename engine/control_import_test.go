package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const importDoc = `openapi: 3.0.1
info: {title: greeter, version: "1.0"}
servers:
  - url: https://example.com/{basePath}
    variables: {basePath: {default: /base/part}}
x-amazon-apigateway-binary-media-types: [image/png]
paths:
  /hello:
    get:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses: {default: {statusCode: "200", responseTemplates: {application/json: '{"hi": "there"}'}}}
`

// importFile writes doc to a file and answers its fileb:// form, as the aws CLI takes a body.
func importFile(t *testing.T, doc string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "api.yaml")
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return "fileb://" + p
}

func TestImportRestAPI(t *testing.T) {
	g := cpDefsGateway(t)
	body := importFile(t, importDoc)
	runSteps(t, g, [][2]string{
		{"import-rest-api --body " + body, `{"apiKeySource":"HEADER","binaryMediaTypes":["image/png"],"createdDate":1772600767,"disableExecuteApiEndpoint":false,"endpointConfiguration":{"types":["EDGE"]},"id":"0lm0athpfa","name":"greeter","rootResourceId":"wiuymd","tags":{},"version":"1.0"}`},
		{"import-rest-api --body " + body, `error: ConflictException: a REST API named greeter already exists (apigwlab refers to APIs by name: rename info.title, or put-rest-api to update it)`},
		{"get-resources --rest-api-id greeter", `{"items":[{"id":"wiuymd","path":"/"},{"id":"5njslw","parentId":"wiuymd","path":"/hello","pathPart":"hello","resourceMethods":{"GET":{}}}]}`},
		{"import-rest-api --body '{\"hello\": 1}'", `error: BadRequestException: Invalid OpenAPI input. (the imported document:1:1: not an OpenAPI document: want openapi: 3.0.1 (OpenAPI 3) or swagger: "2.0" (Swagger 2) at the top)`},
		{"create-deployment --rest-api-id greeter --stage-name v1", `{"createdDate":1772600767,"id":"u1p81o"}`},
	})
	// a document is checked as a workspace's API is: the functions it names must exist
	_, err := g.Exec("import-rest-api --body " + importFile(t, strings.NewReplacer("type: mock", "type: aws_proxy\n        httpMethod: POST\n        uri: function:nobody", "title: greeter", "title: other").Replace(importDoc)))
	if err == nil || !strings.HasPrefix(err.Error(), "BadRequestException: Errors found during import:\n\t") ||
		!strings.HasSuffix(err.Error(), `api.yaml:11:7: restApis[0].resources./hello.GET.integration.uri: function "nobody" is not declared: declared functions are auth`) {
		t.Fatalf("a document naming an unknown function: %v", err)
	}
	if r := g.Invoke(&Request{API: "greeter", Method: "GET", Path: "/v1/hello"}); r.Status != 200 || r.Body != `{"hi": "there"}` {
		t.Fatalf("the imported API, deployed: %d %s", r.Status, r.Body)
	}
}

func TestImportRestAPIBasePath(t *testing.T) {
	for mode, want := range map[string]string{"ignore": "/hello", "prepend": "/base/part/hello", "split": "/part/hello"} {
		g := cpDefsGateway(t)
		mustExec(t, g, "import-rest-api --parameters basepath="+mode+" --body "+importFile(t, importDoc))
		if got := mustExec(t, g, "get-resource --rest-api-id greeter --resource-id "+want); !strings.Contains(got, `"path": "`+want+`"`) {
			t.Errorf("basepath=%s: %s", mode, got)
		}
	}
}

// TestPutRestAPIModes: merge keeps what the API had and adds the document's; overwrite
// replaces it (binaryMediaTypes as LS snapshot test_put_rest_api_mode_binary_media_types).
func TestPutRestAPIModes(t *testing.T) {
	for _, tc := range []struct{ mode, types, paths string }{
		{"merge", `["image/heif","image/png"]`, `"/","/hello","/items"`},
		{"overwrite", `["image/png"]`, `"/","/hello"`},
	} {
		g := cpDefsGateway(t)
		mustExec(t, g, `create-rest-api --name shop2 --binary-media-types image/heif`)
		mustExec(t, g, `create-resource --rest-api-id shop2 --parent-id / --path-part items`)
		out := compactOut(g.Exec("put-rest-api --rest-api-id shop2 --mode " + tc.mode + " --body " + importFile(t, importDoc)))
		if !strings.Contains(out, `"binaryMediaTypes":`+tc.types) || !strings.Contains(out, `"name":"shop2"`) || !strings.Contains(out, `"version":"1.0"`) {
			t.Errorf("%s: %s", tc.mode, out)
		}
		res := compactOut(g.Exec("get-resources --rest-api-id shop2"))
		var paths []string
		for _, p := range strings.Split(res, `"path":`)[1:] {
			paths = append(paths, p[:strings.Index(p[1:], `"`)+2])
		}
		if got := strings.Join(paths, ","); got != tc.paths {
			t.Errorf("%s: paths %s, want %s", tc.mode, got, tc.paths)
		}
	}
	g := cpDefsGateway(t)
	runSteps(t, g, [][2]string{
		{"put-rest-api --rest-api-id shop --mode replace --body x", `error: ValidationException: 1 validation error detected: Value 'replace' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [merge, overwrite]`},
		{"put-rest-api --rest-api-id shop --mode overwrite --body " + importFile(t, importDoc), `{"apiKeySource":"HEADER","binaryMediaTypes":["image/png"],"createdDate":1772600767,"disableExecuteApiEndpoint":false,"endpointConfiguration":{"types":["EDGE"]},"id":"ceolsj6g0v","name":"shop","rootResourceId":"8b6co7","tags":{},"version":"1.0"}`},
	})
	// put-rest-api changes the definition: dev serves its deployment until create-deployment
	if r := g.Invoke(&Request{Method: "GET", Path: "/dev/items"}); r.Status != 200 {
		t.Fatalf("dev before create-deployment: %d %s", r.Status, r.Body)
	}
	mustExec(t, g, "create-deployment --stage-name dev")
	if r := g.Invoke(&Request{Method: "GET", Path: "/dev/items"}); r.Status != 403 {
		t.Fatalf("dev after create-deployment still serves /items: %d %s", r.Status, r.Body)
	}
}
