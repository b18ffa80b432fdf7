package server

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"apigwlab/engine"
	"apigwlab/engine/model"
)

func controlPlaneServer(t *testing.T) *httptest.Server {
	t.Helper()
	ws, err := model.Parse("ws.yaml", []byte(`
restApis:
  - name: pets
    resources:
      /pets: {GET: {integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}, integrationResponses: [{statusCode: "200"}]}}}
    stages: [{stageName: prod}, {stageName: usageplans}]
`))
	if err != nil {
		t.Fatal(err)
	}
	gw, err := engine.New(ws, engine.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(gw, Options{}))
	t.Cleanup(srv.Close)
	return srv
}

const signedForAPIGateway = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=00"

// TestControlPlaneErrorsAndRouting: AWS's error shape, the success statuses of botocore's
// model, and how control-plane requests are told from data-plane ones.
func TestControlPlaneErrorsAndRouting(t *testing.T) {
	srv := controlPlaneServer(t)
	for _, tc := range []struct {
		name, method, path, body, auth string
		status                         int
		errType, bodyHas               string
	}{
		{"an unknown API is AWS's NotFoundException", "GET", "/restapis/nope", "", "", 404, "NotFoundException", `{"message":"Invalid API identifier specified 123456789012:nope"}`},
		{"an unknown stage", "GET", "/restapis/pets/stages/dev", "", "", 404, "NotFoundException", `{"message":"Invalid Stage identifier specified"}`},
		{"create-rest-api answers 201", "POST", "/restapis", `{"name":"shop"}`, "", 201, "", `"name": "shop"`},
		{"a second API of one name is refused", "POST", "/restapis", `{"name":"shop"}`, "", 409, "ConflictException", "already exists"},
		{"a body that is not JSON", "POST", "/restapis", `{name`, "", 400, "SerializationException", "not a JSON object"},
		{"lists travel as item on the wire", "GET", "/restapis?limit=1", "", "", 200, "", `"item":[{`},
		{"a limit out of range", "GET", "/restapis?limit=0", "", "", 400, "BadRequestException", "Member must have value between 1 and 500"},
		{"flush-stage-cache without a cache cluster", "DELETE", "/restapis/pets/stages/prod/cache/data", "", "", 400, "BadRequestException", "no cache cluster"},
		{"an operation apigwlab does not answer", "GET", "/restapis/pets/models/Pet/default_template", "", signedForAPIGateway, 404, "NotFoundException", "does not answer GET /restapis/pets/models/Pet/default_template"},
		{"create-documentation-part answers 201", "POST", "/restapis/pets/documentation/parts", `{"location":{"type":"API"},"properties":"{\"description\":\"pets\"}"}`, "", 201, "", `"type": "API"`},
		{"get-documentation-parts lists as item", "GET", "/restapis/pets/documentation/parts?type=API", "", "", 200, "", `"item":[{`},
		{"import-documentation-parts takes the document as the body", "PUT", "/restapis/pets/documentation/parts?mode=overwrite", `{"openapi": "3.0.1", "info": {"title": "pets", "version": "1"}, "paths": {}, "x-amazon-apigateway-documentation": {"documentationParts": [{"location": {"type": "METHOD", "method": "GET", "path": "/pets"}, "properties": {"summary": "list"}}]}}`, "", 200, "", `"ids": [`},
		{"import-documentation-parts refuses what is not OpenAPI", "PUT", "/restapis/pets/documentation/parts", `{'key:value}`, "", 400, "BadRequestException", `{"message":"Unable to build importer with provided input."}`},
		{"a stage named like a control-plane path stays data plane", "GET", "/usageplans/pets", "", "", 200, "", ""},
		{"signed for apigateway it is the control plane", "GET", "/usageplans/x/usage", "", signedForAPIGateway, 404, "NotFoundException", "Invalid Usage Plan ID specified"},
		{"the data plane is untouched", "GET", "/prod/pets", "", "", 200, "", ""},
		{"create-model answers 201", "POST", "/restapis/pets/models", `{"name":"Pet","contentType":"application/json","schema":"{\"type\":\"object\"}"}`, "", 201, "", `"schema": "{\"type\":\"object\"}"`},
		{"get-models lists as item", "GET", "/restapis/pets/models?limit=1", "", "", 200, "", `"item":[{`},
		{"delete-model answers 202", "DELETE", "/restapis/pets/models/Pet", "", "", 202, "", ""},
		{"create-request-validator answers 201", "POST", "/restapis/pets/requestvalidators", `{"name":"all","validateRequestBody":true}`, "", 201, "", `"validateRequestBody": true`},
		{"put-gateway-response answers 201", "PUT", "/restapis/pets/gatewayresponses/THROTTLED", `{"statusCode":"503"}`, "", 201, "", `"statusCode": "503"`},
		{"a gateway response never put", "DELETE", "/restapis/pets/gatewayresponses/DEFAULT_5XX", "", "", 404, "NotFoundException", `{"message":"Gateway response type not defined on api"}`},
		{"create-authorizer answers 201", "POST", "/restapis/pets/authorizers", `{"name":"tok","type":"TOKEN","authorizerUri":"function:auth","identitySource":"method.request.header.Authorization"}`, "", 201, "", `"name": "tok"`},
		{"import-rest-api takes the document as the body", "POST", "/restapis?mode=import&failonwarnings=true", "openapi: 3.0.1\ninfo: {title: imported, version: '1'}\npaths: {}\n", "", 201, "", `"name": "imported"`},
		{"put-rest-api overwrites", "PUT", "/restapis/imported?mode=overwrite", `{"swagger": "2.0", "info": {"title": "imported", "version": "2"}, "paths": {}}`, "", 200, "", `"version": "2"`},
		{"import-rest-api refuses what is not OpenAPI", "POST", "/restapis?mode=import", `{"a": 1}`, "", 400, "BadRequestException", `"message":"Invalid OpenAPI input.`},
		{"get-resource", "GET", "/restapis/pets/resources/%2Fpets", "", "", 200, "", `"pathPart": "pets"`},
		{"an unknown resource is AWS's text alone (the palette's hint stays out)", "GET", "/restapis/pets/resources/nope", "", "", 404, "NotFoundException", `{"message":"Invalid Resource identifier specified"}`},
		{"update-rest-api answers 200", "PATCH", "/restapis/pets", `{"patchOperations":[{"op":"replace","path":"/description","value":"patched"}]}`, "", 200, "", `"description": "patched"`},
		{"update-rest-api: an op outside the enum", "PATCH", "/restapis/pets", `{"patchOperations":[{"op":"wrong","path":"/description"}]}`, "", 400, "ValidationException", "Member must satisfy enum value set: [add, remove, move, test, replace, copy]"},
		{"update-method-response of a status never put", "PATCH", "/restapis/pets/resources/%2Fpets/methods/GET/responses/200", `{"patchOperations":[{"op":"add","path":"/responseModels/application~1json","value":"Empty"}]}`, "", 404, "NotFoundException", `{"message":"Invalid Response status code specified"}`},
		{"get-integration-response", "GET", "/restapis/pets/resources/%2Fpets/methods/GET/integration/responses/200", "", "", 200, "", `"statusCode": "200"`},
		{"update-integration-response answers 200", "PATCH", "/restapis/pets/resources/%2Fpets/methods/GET/integration/responses/200", `{"patchOperations":[{"op":"replace","path":"/selectionPattern","value":"x"}]}`, "", 200, "", `"selectionPattern": "x"`},
		{"delete-integration-response answers 204", "DELETE", "/restapis/pets/resources/%2Fpets/methods/GET/integration/responses/200", "", "", 204, "", ""},
		{"update-resource answers 200", "PATCH", "/restapis/pets/resources/%2Fpets", `{"patchOperations":[{"op":"replace","path":"/pathPart","value":"cats"}]}`, "", 200, "", `"path": "/cats"`},
		{"get-deployment of an unknown id", "GET", "/restapis/pets/deployments/nope", "", "", 404, "NotFoundException", `{"message":"Invalid Deployment identifier specified"}`},
		{"tag-resource answers 204", "PUT", "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fpets", `{"tags":{"team":"web","env":"dev"}}`, "", 204, "", ""},
		{"untag-resource answers 204", "DELETE", "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fpets?tagKeys=env", "", "", 204, "", ""},
		{"get-tags", "GET", "/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fpets", "", "", 200, "", `"tags": {` + "\n" + `        "team": "web"` + "\n" + `    }`},
		{"test-invoke-authorizer of an unknown authorizer", "POST", "/restapis/pets/authorizers/nope", `{"headers":{"Authorization":"x"}}`, "", 404, "NotFoundException", "Invalid Authorizer identifier specified"},
		{"delete-stage answers 202", "DELETE", "/restapis/pets/stages/usageplans", "", signedForAPIGateway, 202, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status || resp.Header.Get("x-amzn-ErrorType") != tc.errType || !strings.Contains(string(b), tc.bodyHas) {
				t.Fatalf("%s %s: %d %q %s; want %d %q with %s", tc.method, tc.path, resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"), b, tc.status, tc.errType, tc.bodyHas)
			}
		})
	}
}

func TestControlPlaneExportHeaders(t *testing.T) {
	srv := controlPlaneServer(t)
	req, _ := http.NewRequest("GET", srv.URL+"/restapis/pets/stages/prod/exports/swagger?extensions=integrations", nil)
	req.Header.Set("Accept", "application/yaml")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/yaml" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), `attachment; filename="swagger_`) ||
		!strings.HasPrefix(string(b), "swagger: \"2.0\"") || !strings.Contains(string(b), "x-amazon-apigateway-integration") {
		t.Fatalf("%d %v\n%s", resp.StatusCode, resp.Header, b)
	}
}

// BenchmarkIsControlPlane is what every data-plane request pays to be told from a
// control-plane one.
func BenchmarkIsControlPlane(b *testing.B) {
	r := httptest.NewRequest("GET", "/prod/pets/7", nil)
	r.Header.Set("Authorization", "Bearer abc")
	stages := func(string) bool { return false }
	b.ReportAllocs()
	for b.Loop() {
		if isControlPlane(r, stages) {
			b.Fatal("data plane taken for the control plane")
		}
	}
}

// TestControlPlaneTestInvokeMethod: POST …/methods/{http_method} is TestInvokeMethod, its
// request members (pathWithQueryString, headers, stageVariables…) the verb's options and its
// answer TestInvokeMethodResponse's members (botocore apigateway 2015-07-09).
func TestControlPlaneTestInvokeMethod(t *testing.T) {
	srv := controlPlaneServer(t)
	body := `{"pathWithQueryString":"/pets?x=1","body":"","headers":{"Accept":"application/json"},` +
		`"multiValueHeaders":{"X-Two":["a","b"]},"stageVariables":{"v":"1"}}`
	req, _ := http.NewRequest("POST", srv.URL+"/restapis/pets/resources/%2Fpets/methods/GET", strings.NewReader(body))
	req.Header.Set("Authorization", signedForAPIGateway)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%d %s (%v)", resp.StatusCode, b, err)
	}
	if out["status"] != float64(200) || out["body"] != "" || out["headers"].(map[string]any)["Content-Type"] != "application/json" ||
		len(out["multiValueHeaders"].(map[string]any)["Content-Type"].([]any)) != 1 {
		t.Fatalf("answer %s", b)
	}
	if _, ok := out["latency"].(float64); !ok {
		t.Fatalf("latency is not a number: %s", b)
	}
	log, _ := out["log"].(string)
	for _, want := range []string{"Execution log for request ", "Method request query string: {x=1}",
		"Method request headers: {Accept=application/json, X-Two=a, X-Two=b}", "Method completed with status: 200"} {
		if !strings.Contains(log, want) {
			t.Fatalf("log lacks %q:\n%s", want, log)
		}
	}
	// an unknown method of the resource is AWS's NotFoundException
	req, _ = http.NewRequest("POST", srv.URL+"/restapis/pets/resources/%2Fpets/methods/PUT", strings.NewReader("{}"))
	req.Header.Set("Authorization", signedForAPIGateway)
	if resp, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 || resp.Header.Get("x-amzn-ErrorType") != "NotFoundException" {
		t.Fatalf("PUT method: %d %s", resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"))
	}
}
