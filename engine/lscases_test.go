package engine

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// LocalStack's API Gateway tests recorded against AWS (tests/aws/services/apigateway/
// test_apigateway_lambda.py and its .snapshot.json), replayed on the same workspace as
// apigwlab writes it. Status and body are AWS's.

func lsWorkspace(t *testing.T, src string) *Gateway {
	t.Helper()
	ws, err := model.Parse("ls.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return newGateway(t, ws)
}

func jsonEqual(t *testing.T, got, want string) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		return false
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want %s", want)
	}
	return reflect.DeepEqual(g, w)
}

// test_lambda_aws_integration_response_with_mapping_templates: LocalStack's request and
// response templates (request-template.vm builds the event; response-template.vm prints
// $input.json("$") and sets $context.responseOverride.status from the payload).
func TestLSLambdaIntegrationResponseTemplates(t *testing.T) {
	req, err1 := os.ReadFile("testdata/localstack/request-template.vm")
	resp, err2 := os.ReadFile("testdata/localstack/response-template.vm")
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	quote := func(s []byte) string { b, _ := json.Marshal(string(s)); return string(b) }
	g := lsWorkspace(t, `
restApis:
  - name: api
    resources:
      /test:
        POST:
          methodResponses: [{statusCode: "200"}, {statusCode: "400"}]
          integration:
            type: AWS
            uri: function:mapping
            requestTemplates: {application/json: `+quote(req)+`}
            integrationResponses:
              - {statusCode: "200", selectionPattern: "", responseTemplates: {application/json: `+quote(resp)+`}}
    stages: [{stageName: api}]
functions:
  - functionName: mapping
    returns: {statusCode: 200, body: noerror}
    cases:
      - when: {$.body.httpStatus: "400"}
        returns: {statusCode: 200, body: customerror}
`)
	for _, tt := range []struct {
		body   string
		status int
		want   string
	}{
		{`{"httpStatus": "200"}`, 202, `{"body": "noerror", "statusCode": 200}`},                                         // response-template-202
		{`{"httpStatus": "400", "errorMessage": "Test Bad request"}`, 400, `{"body": "customerror", "statusCode": 200}`}, // response-template-400
	} {
		r := g.Invoke(&Request{Method: "POST", Path: "/api/test", Body: tt.body, Trace: true,
			Header: wire.Headers{{Name: "Content-Type", Value: "application/json"}}})
		if r.Status != tt.status || !jsonEqual(t, r.Body, tt.want) {
			t.Errorf("%s: got %d %s, want %d %s\n%s", tt.body, r.Status, r.Body, tt.status, tt.want, logText(r))
		}
	}
}

// test_lambda_selection_patterns: a Lambda custom integration's selection patterns match
// the errorMessage, never the status code the function returns ("200" on the 504 response
// is not matched by a successful call); ".*four hundred.*" wins over ".+".
func TestLSLambdaSelectionPatterns(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: api
    resources:
      /{statusCode}:
        GET:
          methodResponses: [{statusCode: "200"}, {statusCode: "405"}, {statusCode: "502"}]
          integration:
            type: AWS
            uri: function:select
            requestTemplates: {application/json: '{"statusCode": "$input.params(''statusCode'')"}'}
            integrationResponses:
              - {statusCode: "200", selectionPattern: ""}
              - {statusCode: "405", selectionPattern: ".*four hundred.*"}
              - {statusCode: "502", selectionPattern: ".+"}
              - {statusCode: "504", selectionPattern: "200"}
    stages: [{stageName: dev}]
functions:
  - functionName: select
    returns: Pass
    cases:
      - when: {statusCode: "400"}
        error: {errorMessage: "Error: Raising four hundred from within the Lambda function", errorType: Exception}
      - when: {statusCode: "500"}
        error: {errorMessage: "Error: Raising five hundred from within the Lambda function", errorType: Exception}
`)
	for _, tt := range []struct {
		path   string
		status int
		msg    string // the body's errorMessage, or the body
	}{
		{"/dev/200", 200, `"Pass"`},
		{"/dev/400", 405, "Error: Raising four hundred from within the Lambda function"},
		{"/dev/500", 502, "Error: Raising five hundred from within the Lambda function"},
	} {
		r := g.Invoke(&Request{Method: "GET", Path: tt.path, Trace: true})
		var body struct{ ErrorMessage, ErrorType string }
		json.Unmarshal([]byte(r.Body), &body)
		if r.Status != tt.status || (r.Body != tt.msg && (body.ErrorMessage != tt.msg || body.ErrorType != "Exception")) {
			t.Errorf("%s: got %d %s, want %d %s\n%s", tt.path, r.Status, r.Body, tt.status, tt.msg, logText(r))
		}
	}
}

// test_lambda_aws_integration and test_lambda_aws_integration_with_request_template.
func TestLSLambdaIntegration(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: api
    resources:
      /hello:
        POST:
          methodResponses: [{statusCode: "200"}]
          integration:
            type: AWS
            uri: function:hello
            integrationResponses: [{statusCode: "200"}]
      /params:
        GET:
          requestParameters: {method.request.querystring.param1: false}
          methodResponses: [{statusCode: "200"}]
          integration:
            type: AWS
            uri: function:echo
            requestTemplates: {application/json: '{"param1": "$input.params(''param1'')"}'}
            integrationResponses: [{statusCode: "200", selectionPattern: ""}]
    stages: [{stageName: test}]
functions:
  - {functionName: hello, returns: {message: hello world}}
  - {functionName: echo, echo: true}
`)
	r := g.Invoke(&Request{Method: "POST", Path: "/test/hello", Body: `{}`})
	if r.Status != 200 || !jsonEqual(t, r.Body, `{"message": "hello world"}`) { // lambda-aws-integration
		t.Errorf("hello: %d %s", r.Status, r.Body)
	}
	for _, ct := range []string{"application/json", ""} { // lambda-aws-integration-1, -2
		h := wire.Headers{}
		if ct != "" {
			h = append(h, wire.Header{Name: "Content-Type", Value: ct})
		}
		r := g.Invoke(&Request{Method: "GET", Path: "/test/params", RawQuery: "param1=foobar", Header: h})
		if r.Status != 200 || !jsonEqual(t, r.Body, `{"param1": "foobar"}`) || strings.Contains(r.Body, "$") {
			t.Errorf("params (%q): %d %s", ct, r.Status, r.Body)
		}
	}
}

// test_api_gateway_mock_integration (LocalStack's openapi-mock.json imported, ANY
// /echo/{data} on MOCK) and test_mock_integration_response (MOCK, each passthrough
// behaviour, GET and POST, path-based and host-based URLs: {"statusCode": 200, "id": 42}).
func TestLSMockIntegration(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: mocked
    openapi: testdata/localstack/openapi-mock.json
    stages: [{stageName: test}]
`)
	r := g.Invoke(&Request{Method: "GET", Path: "/test/echo/foobar"})
	if r.Status != 200 || !jsonEqual(t, r.Body, `{"echo": "foobar", "response": "mocked"}`) {
		t.Errorf("mocked-response: %d %s", r.Status, r.Body)
	}
	for _, pb := range []string{"WHEN_NO_MATCH", "NEVER", "WHEN_NO_TEMPLATES"} {
		for _, method := range []string{"GET", "POST"} {
			g := lsWorkspace(t, `
restApis:
  - name: mock-api
    id: abcdef1234
    resources:
      /{id}:
        `+method+`:
          methodResponses: [{statusCode: "200", responseModels: {application/json: Empty}}]
          integration:
            type: MOCK
            passthroughBehavior: `+pb+`
            requestTemplates: {application/json: '{"statusCode":200}'}
            integrationResponses:
              - statusCode: "200"
                responseTemplates: {application/json: '{"statusCode": 200, "id": $input.params().path.id}'}
    stages: [{stageName: test}]
`)
			for _, req := range []*Request{
				{Method: method, Path: "/test/42", Header: wire.Headers{{Name: "Content-Type", Value: "application/json"}}},
				{Method: method, Path: "/test/42", Header: wire.Headers{{Name: "Content-Type", Value: "application/json"},
					{Name: "Host", Value: "abcdef1234.execute-api.us-east-1.amazonaws.com"}}},
			} {
				r := g.Invoke(req)
				if r.Status != 200 || !jsonEqual(t, r.Body, `{"id": 42, "statusCode": 200}`) {
					t.Errorf("%s %s: %d %s", pb, method, r.Status, r.Body)
				}
			}
		}
	}
}

// test_lambda_aws_proxy_response_format: what a proxy function may return.
func TestLSLambdaProxyResponseFormat(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: api
    resources:
      /{proxy+}:
        ANY: {integration: {type: AWS_PROXY, uri: function:format}}
    stages: [{stageName: test}]
functions:
  - functionName: format
    returns: {statusCode: 200, body: "other"}
    cases:
      - {when: {path: /no-body}, returns: {statusCode: 200}}
      - {when: {path: /only-headers}, returns: {statusCode: 200, headers: {test-header: value}}}
      - {when: {path: /wrong-format}, returns: {statusCode: 200, wrongValue: value}}
      - {when: {path: /empty-response}, returns: {}}
`)
	for _, tt := range []struct {
		path, body, header string
		status             int
	}{
		{"/test/no-body", "", "", 200},
		{"/test/only-headers", "", "value", 200},
		{"/test/wrong-format", `{"message": "Internal server error"}`, "", 502},
		{"/test/empty-response", "", "", 200},
	} {
		r := g.Invoke(&Request{Method: "GET", Path: tt.path, Header: wire.Headers{{Name: "User-Agent", Value: "python-requests/testing"}}})
		if r.Status != tt.status || r.Body != tt.body || r.Header.Value("test-header") != tt.header {
			t.Errorf("%s: got %d %q test-header=%q", tt.path, r.Status, r.Body, r.Header.Value("test-header"))
		}
	}
}
