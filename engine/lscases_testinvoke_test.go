package engine

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// LocalStack's TestInvokeMethod cases recorded against AWS (tests/aws/services/apigateway/
// test_apigateway_api.py TestApigatewayTestInvoke and test_apigateway_basic.py
// test_apigw_test_invoke_method_api, snapshots of 2025-08/09), replayed through
// test-invoke-method. The expected log lines are AWS's after the snapshot's own
// normalisation (lsNormaliseLog).

// lsAWSText is a control-plane error as AWS's HTTP answer carries it ("Type: message"),
// without apigwlab's palette hint.
func lsAWSText(err error) string {
	var h *HintedError
	if errors.As(err, &h) {
		return h.AWSMessage()
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

var (
	lsLogTime     = regexp.MustCompile(`[a-zA-Z]{3}\s[a-zA-Z]{3}\s\d{2}\s\d{2}:\d{2}:\d{2}\sUTC\s\d{4} :`)
	lsIntegLat    = regexp.MustCompile(`Integration latency: \d*? ms`)
	lsLogDate     = regexp.MustCompile(`Date=[a-zA-Z]{3},\s\d{2}\s[a-zA-Z]{3}\s\d{4}\s\d{2}:\d{2}:\d{2}\sGMT`)
	lsLambdaReqID = regexp.MustCompile(`x-amzn-RequestId=[a-f0-9-]{36}`)
	lsAuthz       = regexp.MustCompile(`Authorization=.*?,`)
	lsToken       = regexp.MustCompile(`X-Amz-Security-Token=.*?\s\[`)
	lsAmzDate     = regexp.MustCompile(`\d{8}T\d{6}Z`)
	lsEndpoint    = regexp.MustCompile(`URI: https://.*?/2015-03-31`)
)

// lsNormaliseLog applies apigw_test_invoke_response_formatter's transformers (LocalStack's
// tests/aws/services/apigateway/conftest.py) to a TestInvokeMethod log, and the snapshot's
// replacements of the request id, the API id, the trace id and the function's ARN, and
// splits it into lines as the snapshot keeps them.
func lsNormaliseLog(log, reqN, apiID, traceID string) []string {
	reqID := log[strings.LastIndexByte(log[:strings.IndexByte(log, '\n')], ' ')+1 : strings.IndexByte(log, '\n')]
	log = strings.ReplaceAll(log, reqID, "<request-id-"+reqN+">")
	for _, r := range []struct {
		re   *regexp.Regexp
		with string
	}{
		{lsEndpoint, "URI: https://<endpoint_url>/2015-03-31"}, {lsIntegLat, "Integration latency: <latency> ms"},
		{lsLogDate, "Date=Day, dd MMM yyyy hh:mm:ss GMT"}, {lsLambdaReqID, "x-amzn-RequestId=<request-id-lambda>"},
		{lsLogTime, "DDD MMM dd hh:mm:ss UTC yyyy :"}, {lsAuthz, "Authorization=<authorization-header>,"},
		{lsToken, "X-Amz-Security-Token=<token> ["}, {lsAmzDate, "<date>"},
	} {
		log = r.re.ReplaceAllString(log, r.with)
	}
	if traceID != "" {
		log = strings.ReplaceAll(log, traceID, "<x-amz-trace-id:"+reqN+">")
	}
	log = strings.ReplaceAll(log, apiID, "<rest-api-id>")
	log = strings.ReplaceAll(log, "arn:aws:lambda:us-east-1:123456789012:", "arn:<partition>:lambda:<region>:111111111111:")
	log = strings.ReplaceAll(log, "lambda.us-east-1.amazonaws.com", "lambda.<region>.amazonaws.com")
	return strings.Split(log, "\n")
}

// lsLogPrefix is the snapshot's replacement of a log line's timestamp.
const lsLogPrefix = "DDD MMM dd hh:mm:ss UTC yyyy : "

func lsCompareLog(t *testing.T, name string, got, want []string) {
	t.Helper()
	for i := range max(len(got), len(want)) {
		g, w := "(none)", "(none)"
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
			if w != "" && !strings.HasPrefix(w, "Execution log") {
				w = lsLogPrefix + w
			}
		}
		if g != w {
			t.Errorf("%s: log line%02d\n got %s\nwant %s", name, i, g, w)
		}
	}
}

// test_invoke_test_method: MOCK methods on /pets and /pets/{petId}. A path that does not
// reach the resource still runs the method, with no path parameters; no path runs it on
// the resource's own path ({petId} is then the text "{petId}"); a MOCK answer carries
// Content-Type alone (no request id, no trace id); an unknown method or resource is
// NotFoundException.
func TestLSTestInvokeMethodMock(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: aws lambda api
    id: abcdef1234
    resources:
      /pets:
        GET:
          methodResponses: [{statusCode: "200"}]
          integration:
            type: MOCK
            httpMethod: GET
            requestTemplates: {application/json: '{"statusCode": 200}'}
            integrationResponses: [{statusCode: "200", responseTemplates: {application/json: '{"pets": "all the pets"}'}}]
      /pets/{petId}:
        GET:
          requestParameters: {method.request.path.petId: true}
          methodResponses: [{statusCode: "200"}]
          integration: &petid
            type: MOCK
            httpMethod: GET
            requestParameters: {integration.request.path.id: method.request.path.petId}
            requestTemplates: {application/json: '{"statusCode": 200}'}
            integrationResponses: [{statusCode: "200", responseTemplates: {application/json: '{"petId": "$input.params(''petId'')"}'}}]
        POST:
          requestParameters: {method.request.path.petId: true}
          methodResponses: [{statusCode: "200"}]
          integration: *petid
`)
	for i, tt := range []struct {
		name, resource, method, path, body string
		wantBody                           string
		resPath, params, query, logBody    string
	}{
		{"test-invoke-method-get-pets", "/pets", "GET", "", "", `{"pets": "all the pets"}`, "/pets", "{}", "{}", ""},
		{"test-invoke-method-get-pets-bad-path", "/pets", "GET", "/random/test", "", `{"pets": "all the pets"}`, "/random/test", "{}", "{}", ""},
		{"test-invoke-method-get-pets-id", "/pets/{petId}", "GET", "/pets/123", "", `{"petId": "123"}`, "/pets/123", "{petId=123}", "{}", ""},
		{"test-invoke-method-get-pets-id-no-path", "/pets/{petId}", "GET", "", "", `{"petId": "{petId}"}`, "/pets/{petId}", "{petId={petId}}", "{}", ""},
		{"test-invoke-method-get-pets-id-bad-path", "/pets/{petId}", "GET", "/random/test", "", `{"petId": ""}`, "/random/test", "{}", "{}", ""},
		{"test-invoke-method-get-with-qs", "/pets/{petId}", "GET", "/pets/123?foo=bar", "", `{"petId": "123"}`, "/pets/123", "{petId=123}", "{foo=bar}", ""},
		{"test-invoke-method-post-with-body", "/pets/{petId}", "POST", "/pets/123", `{"foo": "bar"}`, `{"petId": "123"}`, "/pets/123", "{petId=123}", "{}", `{"foo": "bar"}`},
	} {
		line := "test-invoke-method --rest-api-id abcdef1234 --resource-id " + tt.resource + " --http-method " + tt.method + " --body '" + tt.body + "'"
		if tt.path != "" {
			line += " --path-with-query-string '" + tt.path + "'"
		}
		out := testInvoke(t, g, line)
		if out.Status != 200 || out.Body != tt.wantBody || len(out.Headers) != 1 || out.Headers["Content-Type"] != "application/json" ||
			len(out.MultiValueHeaders) != 1 || strings.Join(out.MultiValueHeaders["Content-Type"], ",") != "application/json" {
			t.Errorf("%s: %d %s headers %v multiValueHeaders %v", tt.name, out.Status, out.Body, out.Headers, out.MultiValueHeaders)
		}
		n := string(rune('1' + i))
		lsCompareLog(t, tt.name, lsNormaliseLog(out.Log, n, "abcdef1234", ""), []string{
			"Execution log for request <request-id-" + n + ">",
			"Starting execution for request: <request-id-" + n + ">",
			"HTTP Method: " + tt.method + ", Resource Path: " + tt.resPath,
			"Method request path: " + tt.params,
			"Method request query string: " + tt.query,
			"Method request headers: {}",
			"Method request body before transformations: " + tt.logBody,
			"Method response body after transformations: " + tt.wantBody,
			"Method response headers: {Content-Type=application/json}",
			"Successfully completed execution",
			"Method completed with status: 200",
			"",
		})
	}
	for _, tt := range []struct{ name, args, want string }{
		{"resource-method-not-found", "--resource-id /pets/{petId} --http-method HEAD", "NotFoundException: Invalid Method identifier specified"},
		{"resource-id-not-found", "--resource-id invalid_res --http-method POST", "NotFoundException: Invalid Resource identifier specified"},
		{"rest-api-not-found", "--rest-api-id nosuchapi1 --resource-id invalid_res --http-method POST", "NotFoundException: Invalid Resource identifier specified"},
	} {
		args := tt.args
		if !strings.Contains(args, "--rest-api-id") {
			args = "--rest-api-id abcdef1234 " + args
		}
		_, err := g.Exec("test-invoke-method " + args + ` --path-with-query-string /pets/123 --body '{"foo": "bar"}'`)
		if got := lsAWSText(err); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// test_failed_invoke_test_method: an HTTP_PROXY ANY method whose URI is a stage variable
// the test invocation does not set ("https://"); GET runs the ANY method and fails with a
// configuration error; the answer carries x-amzn-ErrorType alone.
func TestLSTestInvokeMethodFailure(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: test failed invoke
    id: abcdef1234
    resources:
      /:
        ANY:
          integration: {type: HTTP_PROXY, httpMethod: ANY, uri: "https://${stageVariables.testHost}"}
`)
	out := testInvoke(t, g, "test-invoke-method --rest-api-id abcdef1234 --resource-id / --http-method GET --body ''")
	if out.Status != 500 || !jsonEqual(t, out.Body, `{"message": "Internal server error"}`) || len(out.Headers) != 1 ||
		out.Headers["x-amzn-ErrorType"] != "InternalServerErrorException" || len(out.MultiValueHeaders) != 1 {
		t.Errorf("%d %s headers %v multiValueHeaders %v", out.Status, out.Body, out.Headers, out.MultiValueHeaders)
	}
	lsCompareLog(t, "test-invoke-failure", lsNormaliseLog(out.Log, "1", "abcdef1234", ""), []string{
		"Execution log for request <request-id-1>",
		"Starting execution for request: <request-id-1>",
		"HTTP Method: GET, Resource Path: /",
		"Method request path: {}",
		"Method request query string: {}",
		"Method request headers: {}",
		"Method request body before transformations: ",
		"Execution failed due to configuration error: Invalid endpoint address",
		"Method completed with status: 500",
		"",
	})
}

// test_apigw_test_invoke_method_api: GET /foo on a Lambda custom integration (AWS, POST);
// the function (LocalStack's lambda_handler.js, Node.js) returns the event it got inside a
// proxy-shaped object. The answer carries Content-Type and X-Amzn-Trace-Id; the log has the
// endpoint request and response headers.
func TestLSTestInvokeMethodLambda(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: test
    id: abcdef1234
    resources:
      /foo:
        GET:
          methodResponses: [{statusCode: "200"}]
          integration:
            type: AWS
            httpMethod: POST
            uri: function:fn
            integrationResponses: [{statusCode: "200", selectionPattern: ""}]
    stages: [{stageName: local}]
functions:
  - functionName: fn
    runtime: nodejs18.x
    code: |
      exports.handler = async (event) => ({statusCode: 200,
        body: JSON.stringify("response from localstack lambda: " + JSON.stringify(event)), isBase64Encoded: false, headers: {}})
`)
	for i, tt := range []struct {
		name, args, event, query, headers, body string
	}{
		{"test_invoke_method_response", "--path-with-query-string /foo", "{}", "{}", "{}", ""},
		{"test_invoke_method_response_with_body", `--path-with-query-string '/foo?queryTest=value' --body '{"test": "val123"}' --headers '{"content-type": "application/json"}'`,
			`{\"test\":\"val123\"}`, "{queryTest=value}", "{content-type=application/json}", `{"test": "val123"}`},
	} {
		out := testInvoke(t, g, "test-invoke-method --rest-api-id abcdef1234 --resource-id /foo --http-method GET "+tt.args)
		n := string(rune('1' + i))
		trace := out.Headers["X-Amzn-Trace-Id"]
		payload := `{"statusCode":200,"body":"\"response from localstack lambda: ` + strings.ReplaceAll(tt.event, `\`, `\\\`) + `\"","isBase64Encoded":false,"headers":{}}`
		if out.Status != 200 || out.Body != payload || len(out.Headers) != 2 || out.Headers["Content-Type"] != "application/json" ||
			!strings.HasPrefix(trace, "Root=1-") || len(out.MultiValueHeaders) != 2 {
			t.Errorf("%s: %d %s headers %v multiValueHeaders %v\nwant body %s", tt.name, out.Status, out.Body, out.Headers, out.MultiValueHeaders, payload)
		}
		fnURI := "https://lambda.<region>.amazonaws.com/2015-03-31/functions/arn:<partition>:lambda:<region>:111111111111:function:fn/invocations"
		lsCompareLog(t, tt.name, lsNormaliseLog(out.Log, n, "abcdef1234", trace), []string{
			"Execution log for request <request-id-" + n + ">",
			"Starting execution for request: <request-id-" + n + ">",
			"HTTP Method: GET, Resource Path: /foo",
			"Method request path: {}",
			"Method request query string: " + tt.query,
			"Method request headers: " + tt.headers,
			"Method request body before transformations: " + tt.body,
			"Endpoint request URI: https://<endpoint_url>/2015-03-31/functions/arn:<partition>:lambda:<region>:111111111111:function:fn/invocations",
			"Endpoint request headers: {x-amzn-lambda-integration-tag=<request-id-" + n + ">, Authorization=<authorization-header>, X-Amz-Date=<date>, x-amzn-apigateway-api-id=<rest-api-id>, Accept=application/json, User-Agent=AmazonAPIGateway_<rest-api-id>, X-Amz-Security-Token=<token> [TRUNCATED]",
			"Endpoint request body after transformations: " + tt.body,
			"Sending request to " + fnURI,
			"Received response. Status: 200, Integration latency: <latency> ms",
			"Endpoint response headers: {Date=Day, dd MMM yyyy hh:mm:ss GMT, Content-Type=application/json, Content-Length=" + strconv.Itoa(len(payload)) +
				", Connection=keep-alive, x-amzn-RequestId=<request-id-lambda>, x-amzn-Remapped-Content-Length=0, X-Amz-Executed-Version=$LATEST, X-Amzn-Trace-Id=<x-amz-trace-id:" + n + ">}",
			"Endpoint response body before transformations: " + payload,
			"Method response body after transformations: " + payload,
			"Method response headers: {X-Amzn-Trace-Id=<x-amz-trace-id:" + n + ">, Content-Type=application/json}",
			"Successfully completed execution",
			"Method completed with status: 200",
			"",
		})
	}
}
