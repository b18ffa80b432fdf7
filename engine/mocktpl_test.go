package engine

import (
	"encoding/base64"
	"testing"

	"apigwlab/engine/model"
)

// mockWorkspace: GET /{testPath} on a MOCK integration with the given templates.
func mockWorkspace(reqTpl, respTpl string) *model.Workspace {
	ir := &model.IntegrationResponse{StatusCode: "200", SelectionPattern: `2\d{2}`}
	if respTpl != "" {
		ir.ResponseTemplates = map[string]string{"application/json": respTpl}
	}
	ws := petsWorkspace()
	ws.RestAPIs[0].Resources = []*model.Resource{{Path: "/{testPath}", Methods: []*model.Method{{HTTPMethod: "GET",
		RequestParameters: map[string]bool{"method.request.path.testPath": true},
		MethodResponses:   []*model.MethodResponse{{StatusCode: "200"}},
		Integration: &model.Integration{Type: model.IntegrationMock,
			RequestTemplates:     map[string]string{"application/json": reqTpl},
			IntegrationResponses: []*model.IntegrationResponse{ir}}}}}}
	return ws
}

// MOCK templates as AWS renders them: LS snapshots (validated against AWS) in
// tests/aws/services/apigateway/test_apigateway_integrations.snapshot.json.
func TestMockTemplatesAsAWS(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	overrideReq := "#set($body = $util.base64Decode($input.params('testPath')))\n#set($context.requestOverride.path.body = $body)\n{\n  \"statusCode\": 200\n}\n"
	overrideResp := "\n#set($body = $util.parseJson($context.requestOverride.path.body))\n#set($inputBody = $body.message)\n#if($inputBody == \"path1\")\n{\n   \"response\": \"path was path one\"\n}\n#elseif($inputBody == \"path2\")\n{\n   \"response\": \"path was path two\"\n}\n#else\n{\n  \"response\": \"this is the else clause\"\n}\n#end\n"
	respOverrideReq := "\n#set($context.responseOverride.status = 444)\n#set($context.responseOverride.header.foo = \"bar\")\n#set($context.responseOverride.custom = \"is also passed around\")\n{\n  \"statusCode\": 200\n}\n"
	respOverrideResp := "\n#set($statusOverride = $context.responseOverride.status)\n#set($fooHeader = $context.responseOverride.header.foo)\n#set($custom = $context.responseOverride.custom)\n{\n    \"statusOverride\": \"$statusOverride\",\n    \"fooHeader\": \"$fooHeader\",\n    \"custom\": \"$custom\"\n}\n"
	mapReq := "\n#set($paramName = \"foo\")\n#set($context.requestOverride.querystring[$paramName] = \"bar\")\n#set($paramPutName = \"putfoo\")\n$context.requestOverride.querystring.put($paramPutName, \"putBar\")\n#set($context[\"requestOverride\"].querystring[\"nestedfoo\"] = \"nestedFoo\")\n{\n  \"statusCode\": 200\n}\n"
	mapResp := "\n#set($value = $context.requestOverride.querystring[\"foo\"])\n#set($value2 = $context.requestOverride.querystring[\"putfoo\"])\n#set($value3 = $context.requestOverride.querystring[\"nestedfoo\"])\n{\n    \"value\": \"$value\",\n    \"value2\": \"$value2\",\n    \"value3\": \"$value3\"\n}\n"
	tests := []struct {
		name, reqTpl, respTpl, path string
		status                      int
		body, header                string // header: foo's value
	}{
		{"requestOverride read in the response template: path1 (test_integration_mock_with_request_overrides_in_response_template)",
			overrideReq, overrideResp, "/dev/" + b64(`{"message": "path1"}`), 200, "\n{\n   \"response\": \"path was path one\"\n}\n", ""},
		{"requestOverride: path2", overrideReq, overrideResp, "/dev/" + b64(`{"message": "path2"}`), 200, "\n{\n   \"response\": \"path was path two\"\n}\n", ""},
		{"requestOverride: else", overrideReq, overrideResp, "/dev/" + b64(`{"message": "whatever"}`), 200, "\n{\n  \"response\": \"this is the else clause\"\n}\n", ""},
		{"responseOverride set in the request template (test_integration_mock_with_response_override_in_request_template[True])",
			respOverrideReq, respOverrideResp, "/dev/x", 444,
			"\n{\n    \"statusOverride\": \"444\",\n    \"fooHeader\": \"bar\",\n    \"custom\": \"is also passed around\"\n}\n", "bar"},
		{"responseOverride without a response template ([False]): empty body", respOverrideReq, "", "/dev/x", 444, "", "bar"},
		{"requestOverride map assignments: [$name], .put, $context[\"requestOverride\"] (test_integration_mock_with_vtl_map_assignation)",
			mapReq, mapResp, "/dev/x", 200, "\n{\n    \"value\": \"bar\",\n    \"value2\": \"putBar\",\n    \"value3\": \"nestedFoo\"\n}\n", ""},
		{"MOCK request template that is not strict JSON, as the CDK writes it (test_integration_mock_with_path_param)",
			"{statusCode: 200}", `{"ok": true}`, "/dev/x", 200, `{"ok": true}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := mockWorkspace(tt.reqTpl, tt.respTpl)
			ws.RestAPIs[0].Stages[0].StageName = "dev"
			r := newGateway(t, ws).Invoke(&Request{Method: "GET", Path: tt.path, Trace: true})
			if r.Status != tt.status || r.Body != tt.body || r.Header.Value("foo") != tt.header {
				t.Fatalf("got %d %q foo=%q\nwant %d %q foo=%q\nlog:\n%s", r.Status, r.Body, r.Header.Value("foo"), tt.status, tt.body, tt.header, logText(r))
			}
		})
	}
}
