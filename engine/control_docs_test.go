package engine

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"apigwlab/engine/model"
)

// LocalStack's documentation-part and -version cases (test_apigateway_api.py
// TestApiGatewayApiDocumentationPart, test_apigateway_common.py TestDocumentations),
// replayed with their recorded bodies (lscases_deploy_test.go's lsReplay).

const docTests = "test_apigateway_api.py::TestApiGatewayApiDocumentationPart::"

// docPart makes the cases' part, naming its id as LocalStack's placeholder.
func (r *lsReplay) docPart(key, properties string) string {
	r.t.Helper()
	return r.createMatch(key, `create-documentation-part --rest-api-id ls --location type=API --properties '`+properties+`'`, "<id:1>")
}

const sampleDoc = `{ "description": "Sample API description" }`

func TestLSDocPartsNoAPI(t *testing.T) {
	r := newLSReplay(t, docTests+"test_doc_parts_crud_no_api")
	r.match("wrong-rest-api-id-create-doc-part", `create-documentation-part --rest-api-id test-fake-rest-id --location type=API --properties '{"info": {}}'`)
	r.match("wrong-rest-api-id-get-doc-parts", "get-documentation-parts --rest-api-id test-fake-rest-id")
}

func TestLSDocPartLifecycle(t *testing.T) {
	r := newLSReplay(t, docTests+"test_documentation_part_lifecycle")
	id := r.docPart("create-documentation-part", sampleDoc)
	r.match("get-documentation-part", "get-documentation-part --rest-api-id ls --documentation-part-id "+id)
	r.match("get-documentation-parts", "get-documentation-parts --rest-api-id ls")
	r.match("update-documentation-part", "update-documentation-part --rest-api-id ls --documentation-part-id "+id+
		` --patch-operations '[{"op": "replace", "path": "/properties", "value": "{ \"description\": \"Updated Sample API description\" }"}]'`)
	r.match("get-documentation-part-after-update", "get-documentation-part --rest-api-id ls --documentation-part-id "+id)
	r.match("delete_documentation_part", "delete-documentation-part --rest-api-id ls --documentation-part-id "+id)
}

func TestLSDocPartInvalid(t *testing.T) {
	r := newLSReplay(t, docTests+"test_invalid_get_documentation_part")
	id := r.docPart("", sampleDoc)
	r.match("get-documentation-part-invalid-api-id", "get-documentation-part --rest-api-id api_id --documentation-part-id "+id)
	r.match("get-documentation-part-invalid-doc-id", "get-documentation-part --rest-api-id ls --documentation-part-id documentation_part_id")

	r = newLSReplay(t, docTests+"test_invalid_get_documentation_parts")
	r.match("get-inavlid-documentation-parts", "get-documentation-parts --rest-api-id api_id")

	r = newLSReplay(t, docTests+"test_invalid_update_documentation_part")
	id = r.docPart("", sampleDoc)
	patch := func(op, path string) string {
		return ` --patch-operations '[{"op": "` + op + `", "path": "` + path + `", "value": "{ \"description\": \"Updated Sample API description\" }"}]'`
	}
	r.match("update-documentation-part-invalid-api-id", "update-documentation-part --rest-api-id api_id --documentation-part-id "+id+patch("replace", "/properties"))
	r.match("update-documentation-part-invalid-add-operation", "update-documentation-part --rest-api-id ls --documentation-part-id "+id+patch("add", "/properties"))
	r.match("update-documentation-part-invalid-path", "update-documentation-part --rest-api-id ls --documentation-part-id "+id+patch("replace", "/invalidPath"))

	r = newLSReplay(t, docTests+"test_invalid_create_documentation_part_operations")
	r.match("create_documentation_part_invalid_api_id", "create-documentation-part --rest-api-id api_id --location type=API --properties '"+sampleDoc+"'")
	r.match("create_documentation_part_invalid_location_type", "create-documentation-part --rest-api-id ls --location type=INVALID --properties '"+sampleDoc+"'")

	r = newLSReplay(t, docTests+"test_invalid_delete_documentation_part")
	id = r.docPart("", sampleDoc)
	r.match("delete_documentation_part_wrong_api_id", "delete-documentation-part --rest-api-id api_id --documentation-part-id "+id)
	r.match("delete_documentation_part", "delete-documentation-part --rest-api-id ls --documentation-part-id "+id)
	r.match("delete_already_deleted_documentation_part", "delete-documentation-part --rest-api-id ls --documentation-part-id "+id)
}

// TestDocumentations::test_documentation_parts_and_versions.
func TestLSDocPartsAndVersions(t *testing.T) {
	r := newLSReplay(t, "test_apigateway_common.py::TestDocumentations::test_documentation_parts_and_versions")
	r.docPart("create-part-response", `{"foo": "bar"}`)
	r.match("get-parts-response", "get-documentation-parts --rest-api-id ls")
	r.match("create-version-response", "create-documentation-version --rest-api-id ls --documentation-version v123")
	r.match("update-version-response", `update-documentation-version --rest-api-id ls --documentation-version v123 --patch-operations 'op=replace,path=/description,value=doc version new'`)
	r.match("get-version-response", "get-documentation-version --rest-api-id ls --documentation-version v123")
}

// Documentation parts and versions are kept in the workspace (serve --state).
func TestDocumentationKept(t *testing.T) {
	g := cpDefsGateway(t)
	for _, line := range []string{
		`create-documentation-part --rest-api-id shop --location type=METHOD,path=/items,method=GET --properties '{"description": "lists items"}'`,
		`create-documentation-version --rest-api-id shop --documentation-version v1 --stage-name dev --description first`,
	} {
		if _, err := g.Exec(line); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	if _, err := g.Exec(`create-documentation-part --rest-api-id shop --location '{"type": "METHOD", "path": "/items", "method": "GET"}' --properties '{}'`); err == nil {
		t.Error("a second part for one location was accepted")
	}
	out, _ := g.ExportWorkspace()
	ws, err := model.Parse("state.yaml", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	g2 := newGateway(t, ws)
	runSteps(t, g2, [][2]string{
		{"get-documentation-parts --rest-api-id shop --type METHOD", `{"items":[{"id":"` + ws.RestAPIs[0].DocumentationParts[0].ID + `","location":{"method":"GET","path":"/items","type":"METHOD"},"properties":"{\"description\": \"lists items\"}"}]}`},
		{"get-documentation-versions --rest-api-id shop", `{"items":[{"description":"first","version":"v1"}]}`},
		{"get-documentation-version --rest-api-id shop --documentation-version v9", "error: NotFoundException: Invalid Documentation version specified"},
	})
	if st := field(t, g2, "get-stage --rest-api-id shop --stage-name dev", "documentationVersion"); st != "v1" {
		t.Errorf("the stage's documentationVersion after a reload: %q", st)
	}
}

// test_import_documentation_parts: import-rest-api brings the document's
// x-amazon-apigateway-documentation parts; import-documentation-parts --mode overwrite
// brings them again with new ids.
func TestLSImportDocumentationParts(t *testing.T) {
	r := newLSReplay(t, docTests+"test_import_documentation_parts")
	r.names["Empty"] = "<name:1>" // LocalStack's transformer names the model
	// Our own OpenAPI document, written to carry the parts whose import AWS answered in the
	// recording: the API (description, info), GET / (METHOD and its 200 RESPONSE) and the
	// Empty model. AWS imports GET / without an integration; apigwlab's importer refuses a
	// method without one ("No integration defined for method"), so this document gives it a
	// MOCK one: the documentation parts do not depend on it (docs/fidelity.md)
	const spec = `{
  "openapi": "3.0.0",
  "info": {"title": "documented", "version": "1"},
  "paths": {"/": {"get": {
    "description": "Method description.",
    "responses": {"200": {"description": "200 response",
      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Empty"}}}}},
    "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{\"statusCode\": 200}"}}
  }}},
  "components": {"schemas": {"Empty": {"type": "object", "title": "Empty Schema"}}},
  "x-amazon-apigateway-documentation": {"version": "1", "documentationParts": [
    {"location": {"type": "API"}, "properties": {"description": "API description", "info": {"description": "API info description 4", "version": "API info version 3"}}},
    {"location": {"type": "METHOD", "method": "GET"}, "properties": {"description": "Method description."}},
    {"location": {"type": "MODEL", "name": "Empty"}, "properties": {"title": "Empty Schema"}},
    {"location": {"type": "RESPONSE", "method": "GET", "statusCode": "200"}, "properties": {"description": "200 response"}}
  ]}
}`
	path := t.TempDir() + "/documentation_parts.json"
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := "fileb://" + path
	api := field(t, r.g, "import-rest-api --fail-on-warnings --body "+doc, "id")
	out, err := r.g.Exec("get-documentation-parts --rest-api-id " + api)
	if err != nil {
		t.Fatal(err)
	}
	var list struct{ Items []struct{ ID string } }
	_ = json.Unmarshal([]byte(out), &list)
	for i, it := range list.Items {
		r.names[it.ID] = fmt.Sprintf("<id:%d>", i+1)
	}
	r.match("get-documentations-parts-after-api-imports", "get-documentation-parts --rest-api-id "+api)
	for _, it := range list.Items {
		r.run("delete-documentation-part --rest-api-id " + api + " --documentation-part-id " + it.ID)
	}
	out, err = r.g.Exec("import-documentation-parts --rest-api-id " + api + " --mode overwrite --body " + doc)
	var ids struct{ IDs []string }
	_ = json.Unmarshal([]byte(out), &ids)
	for i, id := range ids.IDs {
		r.names[id] = fmt.Sprintf("<id:%d>", i+5)
	}
	r.compare("import-documentation-parts", "import-documentation-parts", out, err)
	r.match("get-documentations-parts-after-import", "get-documentation-parts --rest-api-id "+api)
}

func TestLSImportDocumentationPartsBadFile(t *testing.T) {
	r := newLSReplay(t, docTests+"test_import_documentation_parts_bad_file")
	for key, body := range map[string]string{
		"import-documentation-parts-bad-yaml-file": "test:\n    value:\n        - \"value ... \\\"escaped\\\": $var, \\\"dt\\\": $(var +\"%a\")}\\\"\n        ",
		"import-documentation-parts-bad-json-file": "{'key:value}",
	} {
		out, err := r.g.Run("import-documentation-parts", map[string][]string{"rest-api-id": {"ls"}, "mode": {"overwrite"}, "body": {body}})
		r.compare(key, "import-documentation-parts", out, err)
	}
}
