package engine

import (
	"testing"

	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// modelWorkspace: POST /path on MOCK answering {"data": "ok"}, its body validated against
// the model named body, with the API's models (LocalStack's test setup, recorded on AWS).
func modelWorkspace(body string, models map[string]any) *model.Workspace {
	ws := petsWorkspace()
	api := ws.RestAPIs[0]
	api.ID = "abc123defg"
	api.Models = map[string]*model.Model{}
	for name, schema := range models {
		api.Models[name] = &model.Model{Schema: schema}
	}
	api.RequestValidators = []*model.RequestValidator{{Name: "test-validator", ValidateRequestBody: true, ValidateRequestParameters: true}}
	api.Resources = []*model.Resource{{Path: "/path", Methods: []*model.Method{{HTTPMethod: "POST",
		RequestValidatorID: "test-validator",
		RequestModels:      map[string]string{"application/json": body},
		MethodResponses:    []*model.MethodResponse{{StatusCode: "200"}},
		Integration: &model.Integration{Type: model.IntegrationMock,
			RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
			IntegrationResponses: []*model.IntegrationResponse{{StatusCode: "200",
				ResponseTemplates: map[string]string{"application/json": `{"data": "ok"}`}}}}}}}}
	api.Stages[0].StageName = "local"
	return ws
}

func obj(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

// Models that refer to other models, and oneOf with null: LS snapshots (recorded on AWS)
// test_api_gateway_request_validator_with_ref_models and
// test_api_gateway_request_validator_with_ref_one_ofmodels (test_apigateway_common).
func TestModelReferences(t *testing.T) {
	const ref = "https://apigateway.amazonaws.com/restapis/abc123defg/models/"
	testSchema := obj("$schema", "http://json-schema.org/draft-04/schema#", "title", "testSchema", "type", "object",
		"properties", obj("a", obj("type", "number"), "b", obj("type", "number")), "required", []any{"a", "b"})
	list := map[string]any{"testSchema": testSchema,
		"testSchemaList": obj("type", "array", "items", obj("$ref", ref+"testSchema"))}
	oneOf := map[string]any{
		"StatusModel": obj("type", "object", "properties", obj("Status", obj("type", "string"), "Order", obj("type", "integer")),
			"required", []any{"Status", "Order"}),
		"TestModel": obj("type", "object", "properties", obj("status", obj("oneOf", []any{obj("type", "null"), obj("$ref", ref+"StatusModel")})),
			"required", []any{"status"}),
	}
	// Other spellings of a reference to a model of the API: an imported OpenAPI document's.
	oas := map[string]any{"testSchema": testSchema,
		"ListOAS3":    obj("type", "array", "items", obj("$ref", "#/components/schemas/testSchema")),
		"ListSwagger": obj("type", "array", "items", obj("$ref", "#/definitions/testSchema"))}
	const invalid = `{"message": "Invalid request body"}`
	tests := []struct {
		name, model string
		models      map[string]any
		body        string
		status      int
		want        string
	}{
		{"ref: a valid list (successful)", "testSchemaList", list, `[{"a": 1, "b": 2}]`, 200, `{"data": "ok"}`},
		{"ref: no body (failed-validation)", "testSchemaList", list, ``, 400, invalid},
		{"ref: an item the referenced model refuses", "testSchemaList", list, `[{"a": 1}]`, 400, invalid},
		{"oneOf null: null (successful)", "TestModel", oneOf, `{"status": null}`, 200, `{"data": "ok"}`},
		{"oneOf null: the referenced model (successful-with-data)", "TestModel", oneOf, `{"status": {"Status": "works", "Order": 1}}`, 200, `{"data": "ok"}`},
		{"oneOf null: no body (failed-validation-no-data)", "TestModel", oneOf, ``, 400, invalid},
		{"oneOf null: bad data (failed-validation-bad-data)", "TestModel", oneOf, `{"badFormat": "bla"}`, 400, invalid},
		{"oneOf null: neither null nor the model", "TestModel", oneOf, `{"status": {"Status": "works"}}`, 400, invalid},
		{"#/components/schemas/NAME", "ListOAS3", oas, `[{"a": 1}]`, 400, invalid},
		{"#/definitions/NAME", "ListSwagger", oas, `[{"a": 1, "b": 2}]`, 200, `{"data": "ok"}`},
		// Every API has the models Empty and Error (get-models-with-ref lists them).
		{"the built-in Empty model: an object", "Empty", nil, `{"any": 1}`, 200, `{"data": "ok"}`},
		{"the built-in Empty model refuses a list", "Empty", nil, `[1]`, 400, invalid},
		{"the built-in Error model: message is a string", "Error", nil, `{"message": 1}`, 400, invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGateway(t, modelWorkspace(tt.model, tt.models))
			r := g.Invoke(&Request{Method: "POST", Path: "/local/path", Body: tt.body, Trace: true,
				Header: wire.Headers{{Name: "Content-Type", Value: "application/json"}}})
			if r.Status != tt.status || r.Body != tt.want {
				t.Fatalf("got %d %s; want %d %s\n%s", r.Status, r.Body, tt.status, tt.want, logText(r))
			}
			if tt.status == 400 && r.Header.Value("x-amzn-ErrorType") != "BadRequestException" {
				t.Fatalf("x-amzn-ErrorType %q", r.Header.Value("x-amzn-ErrorType"))
			}
		})
	}
}
