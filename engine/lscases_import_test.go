package engine

import (
	"encoding/json"
	"testing"
)

// LocalStack's import-rest-api cases recorded against AWS (test_apigateway_import.py),
// replayed on documents written here with the same features (LocalStack's own files are
// not copied). The answers are compared with AWS's after the snapshot's replacements.

// test_import_with_integer_http_status_code: a YAML OpenAPI document whose method response
// and integration response status codes are YAML integers; AWS keeps them as the strings
// "200".
func TestLSImportIntegerStatusCode(t *testing.T) {
	g := lsWorkspace(t, "restApis: [{name: seed, resources: {/: {}}}]")
	// no single quote in the document: it travels inside a shell-quoted --body ('\u0027' is one)
	doc := `openapi: 3.0.1
info: {title: integer-status-codes, version: "2.0"}
paths:
  /test:
    get:
      responses:
        200:
          description: 200 response
          headers:
            Access-Control-Allow-Origin: {schema: {type: string}}
          content:
            application/json: {schema: {$ref: "#/components/schemas/Empty"}}
      x-amazon-apigateway-integration:
        type: mock
        passthroughBehavior: when_no_match
        requestTemplates: {application/json: "{\"statusCode\": 200}"}
        requestParameters:
          integration.request.header.X-Amz-Invocation-Type: "\u0027Event\u0027"
        responses:
          default:
            statusCode: 200
            responseParameters:
              method.response.header.Access-Control-Allow-Origin: "\u0027*\u0027"
components:
  schemas:
    Empty: {title: Empty Schema, type: object}
`
	var imported struct{ ID string }
	if err := json.Unmarshal([]byte(mustExec(t, g, "import-rest-api --fail-on-warnings --body '"+doc+"'")), &imported); err != nil {
		t.Fatal(err)
	}
	id := imported.ID
	api := g.byKey[id]
	root, test := api.resourceID("/"), api.resourceID("/test")
	rep := []string{"<id:1>", root, "<id:2>", test}
	lsExecJSON(t, g, "resources", "get-resources --rest-api-id "+id, `{"items": [{"id": "<id:1>", "path": "/"},
		{"id": "<id:2>", "parentId": "<id:1>", "path": "/test", "pathPart": "test", "resourceMethods": {"GET": {}}}]}`, rep...)
	integ := `{"cacheKeyParameters": [], "cacheNamespace": "<id:2>",
		"integrationResponses": {"200": {"responseParameters": {"method.response.header.Access-Control-Allow-Origin": "'*'"}, "statusCode": "200"}},
		"passthroughBehavior": "WHEN_NO_MATCH", "requestParameters": {"integration.request.header.X-Amz-Invocation-Type": "'Event'"},
		"requestTemplates": {"application/json": "{\"statusCode\": 200}"}, "timeoutInMillis": 29000, "type": "MOCK"}`
	lsExecJSON(t, g, "method-test-get", "get-method --rest-api-id "+id+" --resource-id /test --http-method GET",
		`{"apiKeyRequired": false, "authorizationType": "NONE", "httpMethod": "GET", "methodIntegration": `+integ+`,
		"methodResponses": {"200": {"responseModels": {"application/json": "Empty"}, "responseParameters": {"method.response.header.Access-Control-Allow-Origin": false}, "statusCode": "200"}}}`, rep...)
	lsExecJSON(t, g, "integration-test-get", "get-integration --rest-api-id "+id+" --resource-id /test --http-method GET", integ, rep...)
	lsExecJSON(t, g, "method-response-test-get", "get-method-response --rest-api-id "+id+" --resource-id /test --http-method GET --status-code 200",
		`{"responseModels": {"application/json": "Empty"}, "responseParameters": {"method.response.header.Access-Control-Allow-Origin": false}, "statusCode": "200"}`)
	lsExecJSON(t, g, "integration-response-test-get", "get-integration-response --rest-api-id "+id+" --resource-id /test --http-method GET --status-code 200",
		`{"responseParameters": {"method.response.header.Access-Control-Allow-Origin": "'*'"}, "statusCode": "200"}`)
}
