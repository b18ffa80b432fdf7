package engine

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"reflect"
	"strconv"
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

// lsEventTemplate is our own request template in the style of the one
// test_lambda_aws_integration_response_with_mapping_templates sends: every parameter map
// through $input.params(), #foreach over each keySet with $util.escapeJavaScript and
// $foreach.hasNext, $context fields, and the body through $input.json('$').
const lsEventTemplate = `#set($params = $input.params())
#set($payload = $input.json('$'))
{
  "context": {
    "api": "$context.apiId",
    "verb": "$context.httpMethod",
    "resourcePath": "$context.resourcePath",
    "caller": "$context.identity.sourceIp",
    "agent": "$context.identity.userAgent",
    "requestId": "$context.requestId",
    "stage": "$context.stage"
  },
#foreach($kind in ["path", "querystring", "header"])
#set($values = $params.get($kind))
  "$kind": {
#foreach($name in $values.keySet())
    "$name": "$util.escapeJavaScript($values.get($name))"#if($foreach.hasNext),#end
#end
  },
#end
  "body": $payload
}`

// lsStatusTemplate is our own response template for the same test: it prints the
// function's result with $input.json('$') and chooses the status with
// $context.responseOverride.status from what the payload says.
const lsStatusTemplate = `#set($result = $input.path('$'))
$input.json('$')
#if($result.toString().contains("customerror"))
#set($context.responseOverride.status = 400)
#else
#set($context.responseOverride.status = 202)
#end`

// test_lambda_aws_integration_response_with_mapping_templates (with our own templates,
// above): the function answers by the event's body.httpStatus; the response template's
// override sets the status (AWS's recording: 202 and 400 with the payload as the body).
func TestLSLambdaIntegrationResponseTemplates(t *testing.T) {
	req, resp := []byte(lsEventTemplate), []byte(lsStatusTemplate)
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
		r := g.Invoke(&Request{Method: "POST", Path: "/api/test", RawQuery: "q=" + url.QueryEscape(`say "hi"`), Body: tt.body, Trace: true,
			Header: wire.Headers{{Name: "Content-Type", Value: "application/json"}, {Name: "X-Note", Value: `a "quoted" value`}}})
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

// lsMockOpenAPI is our own OpenAPI document in the shape test_api_gateway_mock_integration
// imports: ANY /echo/{data} on a MOCK integration whose response template echoes the path
// parameter.
const lsMockOpenAPI = `{
  "openapi": "3.0.1",
  "info": {"title": "echo-mock", "version": "1"},
  "paths": {
    "/echo/{data}": {
      "x-amazon-apigateway-any-method": {
        "parameters": [{"name": "data", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "echoed"}},
        "x-amazon-apigateway-integration": {
          "type": "mock",
          "passthroughBehavior": "when_no_templates",
          "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
          "responses": {
            "default": {
              "statusCode": "200",
              "responseTemplates": {"application/json": "{\"echo\": \"$input.params('data')\", \"response\": \"mocked\"}"}
            }
          }
        }
      }
    }
  }
}`

// test_api_gateway_mock_integration (our own document above imported, ANY
// /echo/{data} on MOCK) and test_mock_integration_response (MOCK, each passthrough
// behaviour, GET and POST, path-based and host-based URLs: {"statusCode": 200, "id": 42}).
func TestLSMockIntegration(t *testing.T) {
	doc := t.TempDir() + "/openapi-mock.json"
	if err := os.WriteFile(doc, []byte(lsMockOpenAPI), 0o644); err != nil {
		t.Fatal(err)
	}
	g := lsWorkspace(t, `
restApis:
  - name: mocked
    openapi: `+doc+`
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

// test_apigw_stage_variables[dev] and [local]: a stage variable names the function and
// fills the template; a stage without it reads "" (the grant's source ARN .../*/*/test).
func TestLSStageVariables(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: aws lambda api
    id: abcdef1234
    resources:
      /test:
        POST:
          methodResponses:
            - {statusCode: "200", responseParameters: {method.response.header.Content-Type: false, method.response.header.Access-Control-Allow-Origin: false}}
          integration:
            type: AWS
            uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.lambdaFunction}/invocations
            requestTemplates: {application/json: '{ "version": "$stageVariables.version" }'}
            integrationResponses: [{statusCode: "200"}]
      /fixed:
        POST:
          methodResponses: [{statusCode: "200"}]
          integration:
            type: AWS
            uri: function:echo
            requestTemplates: {application/json: '{ "version": "$stageVariables.version" }'}
            integrationResponses: [{statusCode: "200"}]
    stages:
      - {stageName: dev, variables: {lambdaFunction: echo, version: "1.0"}}
      - {stageName: local}
functions:
  - functionName: echo
    echo: true
    permissions:
      - {statementId: s1, principal: apigateway.amazonaws.com, sourceArn: "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/*/*/test"}
      - {statementId: s2, principal: apigateway.amazonaws.com, sourceArn: "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/*/*/fixed"}
`)
	for _, tt := range []struct{ path, want string }{
		{"/dev/test", `{"version": "1.0"}`},
		{"/local/fixed", `{"version": ""}`},
	} {
		r := g.Invoke(&Request{Method: "POST", Path: tt.path, Body: `{"test": "test"}`,
			Header: wire.Headers{{Name: "Content-Type", Value: "application/json"}}})
		if r.Status != 200 || !jsonEqual(t, r.Body, tt.want) {
			t.Errorf("%s: %d %s, want %s", tt.path, r.Status, r.Body, tt.want)
		}
	}
}

// lsEchoBackend answers as LocalStack's echo servers do: the request's method, path,
// lower-cased headers and JSON body; under /status/CODE with that status and
// {"message": "", "status_code": CODE}.
func lsEchoBackend(t *testing.T) string {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if code, ok := strings.CutPrefix(r.URL.Path, "/status/"); ok {
			n, _ := strconv.Atoi(code)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(n)
			fmt.Fprintf(w, `{"message": "", "status_code": %d}`, n)
			return
		}
		h := map[string]string{}
		for k, v := range r.Header {
			h[strings.ToLower(k)] = strings.Join(v, ",")
		}
		var data any
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &data)
		w.Header().Set("Content-Type", "application/json")
		args := map[string]string{}
		for k, v := range r.URL.Query() {
			args[k] = strings.Join(v, ",")
		}
		json.NewEncoder(w).Encode(map[string]any{"method": r.Method, "path": r.URL.Path, "headers": h, "data": data, "args": args})
	}))
	t.Cleanup(s.Close)
	return s.URL
}

// test_http_integration_invoke_status_code_passthrough[HTTP], [HTTP_PROXY] and
// test_http_integration_method[HTTP], [HTTP_PROXY] (REGIONAL APIs, as LocalStack's
// fixture creates them; integration response 200 with $input.json('$')).
func TestLSHTTPIntegrations(t *testing.T) {
	echo := lsEchoBackend(t)
	for _, typ := range []string{"HTTP", "HTTP_PROXY"} {
		g := lsWorkspace(t, `
restApis:
  - name: api
    id: abcdef1234
    endpointConfiguration: {types: [REGIONAL]}
    resources:
      /status/{map+}:
        POST:
          requestParameters: {method.request.path.map: true}
          methodResponses: [{statusCode: "200"}]
          integration:
            type: `+typ+`
            httpMethod: POST
            uri: `+echo+`/status/{map}
            requestParameters: {integration.request.path.map: method.request.path.map}
            integrationResponses: [{statusCode: "200", responseTemplates: {application/json: "$input.json('$')"}}]
      /test:
        ANY:
          methodResponses: [{statusCode: "200"}]
          integration:
            type: `+typ+`
            httpMethod: POST
            uri: `+echo+`/
            integrationResponses: [{statusCode: "200", responseTemplates: {application/json: "$input.json('$')"}}]
    stages: [{stageName: test}]
`)
		nonMatching := 200 // HTTP: the default integration response answers whatever the backend said
		if typ == "HTTP_PROXY" {
			nonMatching = 400 // passed through
		}
		for code, want := range map[int]int{200: 200, 400: nonMatching} {
			r := g.Invoke(&Request{Method: "POST", Path: "/test/status/" + strconv.Itoa(code)})
			if r.Status != want || !jsonEqual(t, r.Body, fmt.Sprintf(`{"message": "", "status_code": %d}`, code)) {
				t.Errorf("%s /status/%d: got %d %s, want %d", typ, code, r.Status, r.Body, want)
			}
		}
		r := g.Invoke(&Request{Method: "POST", Path: "/test/test", Body: `{"message": "hello world"}`,
			Header: wire.Headers{{Name: "Content-Type", Value: "application/json"}, {Name: "Accept", Value: "application/xml"}, {Name: "user-Agent", Value: "test/integration"}}})
		var got struct {
			Method  string
			Data    any
			Headers map[string]string
		}
		json.Unmarshal([]byte(r.Body), &got)
		// HTTP sends AWS's own Accept and User-Agent (test_http_integration_with_lambda[HTTP]:
		// accept application/json although the client asked for application/xml); HTTP_PROXY
		// the client's.
		accept, ua := "application/json", "AmazonAPIGateway_abcdef1234"
		if typ == "HTTP_PROXY" {
			accept, ua = "application/xml", "test/integration"
		}
		if r.Status != 200 || got.Method != "POST" || !reflect.DeepEqual(got.Data, map[string]any{"message": "hello world"}) ||
			got.Headers["accept"] != accept || got.Headers["user-agent"] != ua || got.Headers["content-type"] != "application/json" {
			t.Errorf("%s method: %d %s", typ, r.Status, r.Body)
		}
	}
}

// test_http_proxy_integration_request_data_mappings: HTTP_PROXY with path, query string and
// header mappings; the URI's own query string comes first, then the client's, then the
// mapped parameters; a mapped header replaces the client's; a mapping from an absent
// header (testEmptyQs) is left out.
func TestLSHTTPProxyRequestDataMappings(t *testing.T) {
	echo := lsEchoBackend(t)
	g := lsWorkspace(t, `
restApis:
  - name: api
    endpointConfiguration: {types: [REGIONAL]}
    resources:
      /{pathVariable}:
        POST:
          requestParameters:
            method.request.header.foobar: true
            method.request.querystring.testVar: true
            method.request.path.pathVariable: true
            method.request.querystring.testQueryString: true
            method.request.header.emptyheader: true
          methodResponses: [{statusCode: "200"}]
          integration:
            type: HTTP_PROXY
            httpMethod: POST
            uri: "`+echo+`/?testVar={pathVar}&testQs={qsVar}"
            requestParameters:
              integration.request.header.headerVar: method.request.header.foobar
              integration.request.path.qsVar: method.request.querystring.testVar
              integration.request.path.pathVar: method.request.path.pathVariable
              integration.request.querystring.queryString: method.request.querystring.testQueryString
              integration.request.querystring.testQs: method.request.querystring.testQueryString
              integration.request.querystring.testEmptyQs: method.request.header.emptyheader
    stages: [{stageName: test}]
`)
	r := g.Invoke(&Request{Method: "POST", Path: "/test/foobar", RawQuery: "testQueryString=foo&testVar=bar", Body: `{"message": "hello world"}`,
		Header: wire.Headers{{Name: "Content-Type", Value: "application/json"}, {Name: "Accept", Value: "application/json"},
			{Name: "foobar", Value: "mapped-value"}, {Name: "user-Agent", Value: "test/integration"}, {Name: "headerVar", Value: "request-value"}}})
	var got struct {
		Args    map[string]string
		Headers map[string]string
	}
	json.Unmarshal([]byte(r.Body), &got)
	wantArgs := map[string]string{"queryString": "foo", "testQs": "bar,foo", "testQueryString": "foo", "testVar": "foobar,bar"}
	if r.Status != 200 || !reflect.DeepEqual(got.Args, wantArgs) || got.Headers["foobar"] != "mapped-value" || got.Headers["headervar"] != "mapped-value" {
		t.Errorf("got %d args %v headers %v\nwant args %v, foobar and headervar mapped-value", r.Status, got.Args, got.Headers, wantArgs)
	}
}

// test_invoking_canary_deployment: a stage on the default deployment with a canary on a
// second one; stage variables overridden for the canary, a missing one empty.
func TestLSInvokingCanaryDeployment(t *testing.T) {
	tpl := func(msg string) string {
		b, _ := json.Marshal(`{"statusCode": 200, "message": "` + msg + `", "variable": "$stageVariables.testVar", "nonExistingDefault": "$stageVariables.noStageVar", "nonOverridden": "$stageVariables.defaultVar", "isCanary": "$context.isCanaryRequest"}`)
		return `
            GET:
              methodResponses: [{statusCode: "200"}]
              integration:
                type: MOCK
                requestTemplates: {application/json: '{"statusCode": 200}'}
                integrationResponses: [{statusCode: "200", responseTemplates: {application/json: ` + string(b) + `}}]`
	}
	for _, tt := range []struct {
		percent string
		want    string
	}{
		{"0", `{"isCanary": "false", "message": "default deployment", "nonExistingDefault": "", "nonOverridden": "default", "statusCode": 200, "variable": "default"}`},
		{"100.0", `{"isCanary": "true", "message": "canary deployment", "nonExistingDefault": "canary", "nonOverridden": "default", "statusCode": 200, "variable": "canary"}`},
	} {
		g := lsWorkspace(t, `
restApis:
  - name: api
    resources:
      /: {GET: {integration: {type: MOCK}}}
    deployments:
      - id: d1
        resources:
          /:`+tpl("default deployment")+`
      - id: d2
        resources:
          /:`+tpl("canary deployment")+`
    stages:
      - stageName: dev
        deploymentId: d1
        variables: {testVar: default, defaultVar: default}
        canarySettings: {deploymentId: d2, percentTraffic: `+tt.percent+`, stageVariableOverrides: {testVar: canary, noStageVar: canary}}
`)
		r := g.Invoke(&Request{Method: "GET", Path: "/dev/"})
		if r.Status != 200 || !jsonEqual(t, r.Body, tt.want) {
			t.Errorf("percentTraffic %s: %d %s\nwant %s", tt.percent, r.Status, r.Body, tt.want)
		}
	}
}
