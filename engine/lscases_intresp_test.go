package engine

import (
	"strings"
	"testing"

	"apigwlab/engine/wire"
)

// LocalStack's PutIntegrationResponse cases recorded against AWS
// (tests/aws/services/apigateway/test_apigateway_integrations.py test_put_integration_responses,
// test_put_integration_response_with_response_template; test_apigateway_api.py
// test_put_integration_response_templates), replayed through the control-plane verbs. Each
// answer is compared with AWS's recorded one as JSON, after the snapshot's own replacements
// (the resource id for <cache-namespace:1>, the backend's URL for <uri:1>).

// lsExecJSON runs a verb and compares its answer with AWS's recorded JSON, in which
// the replacements old→new are made first.
func lsExecJSON(t *testing.T, g *Gateway, name, line, want string, replace ...string) {
	t.Helper()
	out, err := g.Exec(line)
	if err != nil {
		t.Errorf("%s: %s: %v", name, line, err)
		return
	}
	want = strings.NewReplacer(replace...).Replace(want)
	if !jsonEqual(t, out, want) {
		t.Errorf("%s: %s\n got %s\nwant %s", name, line, out, want)
	}
}

func TestLSPutIntegrationResponses(t *testing.T) {
	echo := lsEchoBackend(t)
	g := lsWorkspace(t, `
restApis:
  - name: my_api
    id: abcdef1234
    description: this is my api
    resources:
      /: {}
`)
	root := g.apis[0].resourceID("/")
	rep := []string{"<cache-namespace:1>", root, "<uri:1>", echo + "/post"}
	api := "--rest-api-id abcdef1234 --resource-id " + root
	integ := `{"cacheKeyParameters": [], "cacheNamespace": "<cache-namespace:1>", "connectionType": "INTERNET", "httpMethod": "POST",
		"passthroughBehavior": "WHEN_NO_MATCH", "timeoutInMillis": 29000, "type": "HTTP", "uri": "<uri:1>"`
	for _, c := range []struct{ name, line, want string }{
		{"put-method-get", "put-method " + api + " --http-method GET --authorization-type NONE",
			`{"apiKeyRequired": false, "authorizationType": "NONE", "httpMethod": "GET"}`},
		{"put-method-response-get", "put-method-response " + api + " --http-method GET --status-code 200", `{"statusCode": "200"}`},
		{"put-integration-get", "put-integration " + api + " --http-method GET --type HTTP --uri " + echo + "/post --integration-http-method POST", integ + "}"},
		{"put-integration-response-get", "put-integration-response " + api + ` --http-method GET --status-code 200 --selection-pattern '2\d{2}' --response-templates '{}'`,
			`{"responseTemplates": {}, "selectionPattern": "2\\d{2}", "statusCode": "200"}`},
		{"get-method-get", "get-method " + api + " --http-method GET", `{"apiKeyRequired": false, "authorizationType": "NONE", "httpMethod": "GET",
			"methodIntegration": ` + integ + `, "integrationResponses": {"200": {"responseTemplates": {}, "selectionPattern": "2\\d{2}", "statusCode": "200"}}},
			"methodResponses": {"200": {"statusCode": "200"}}}`},
	} {
		lsExecJSON(t, g, c.name, c.line, c.want, rep...)
	}
	lsExecJSON(t, g, "get-integration-response-get", "get-integration-response "+api+" --http-method GET --status-code 200",
		`{"responseTemplates": {}, "selectionPattern": "2\\d{2}", "statusCode": "200"}`)
	mustExec(t, g, "create-deployment --rest-api-id abcdef1234 --stage-name local")
	if r := g.Invoke(&Request{Method: "GET", Path: "/local/"}); r.Status != 200 {
		t.Errorf("GET /local/: %d %s", r.Status, r.Body)
	}
	if out := mustExec(t, g, "delete-integration-response "+api+" --http-method GET --status-code 200"); out != "" {
		t.Errorf("delete-integration-response-get: %q", out)
	}
	lsExecJSON(t, g, "get-method-get-after-int-resp-delete", "get-method "+api+" --http-method GET", `{"apiKeyRequired": false, "authorizationType": "NONE",
		"httpMethod": "GET", "methodIntegration": `+integ+`}, "methodResponses": {"200": {"statusCode": "200"}}}`, rep...)
	for _, c := range []struct{ name, line, want string }{
		{"put-method-put", "put-method " + api + " --http-method PUT --authorization-type none",
			`{"apiKeyRequired": false, "authorizationType": "NONE", "httpMethod": "PUT"}`},
		{"put-method-response-put", "put-method-response " + api + " --http-method PUT --status-code 200", `{"statusCode": "200"}`},
		{"put-integration-put", "put-integration " + api + " --http-method PUT --type HTTP --uri " + echo + "/post --integration-http-method POST", integ + "}"},
		{"put-integration-response-put", "put-integration-response " + api + ` --http-method PUT --status-code 200 --selection-pattern '2\d{2}' --content-handling CONVERT_TO_BINARY`,
			`{"contentHandling": "CONVERT_TO_BINARY", "selectionPattern": "2\\d{2}", "statusCode": "200"}`},
		{"get-integration-response-put", "get-integration-response " + api + " --http-method PUT --status-code 200",
			`{"contentHandling": "CONVERT_TO_BINARY", "selectionPattern": "2\\d{2}", "statusCode": "200"}`},
	} {
		lsExecJSON(t, g, c.name, c.line, c.want, rep...)
	}
}

// test_put_integration_response_with_response_template: the template is kept as written
// (AWS's snapshot shows it parsed: {"data": "test"}).
func TestLSPutIntegrationResponseWithTemplate(t *testing.T) {
	g := lsWorkspace(t, "restApis: [{name: test-apigw, id: abcdef1234, resources: {/: {}}}]")
	api := "--rest-api-id abcdef1234 --resource-id / --http-method GET"
	mustExec(t, g, "put-method "+api+" --authorization-type NONE")
	mustExec(t, g, "put-method-response "+api+" --status-code 200")
	mustExec(t, g, "put-integration "+api+" --type HTTP --uri http://127.0.0.1:9/ --integration-http-method POST")
	mustExec(t, g, "put-integration-response "+api+` --status-code 200 --selection-pattern foobar --response-templates '{"application/json": "{\"data\": \"test\"}"}'`)
	lsExecJSON(t, g, "get-integration-response", "get-integration-response "+api+" --status-code 200",
		`{"responseTemplates": {"application/json": "{\"data\": \"test\"}"}, "selectionPattern": "foobar", "statusCode": "200"}`)
}

// test_put_integration_response_templates: a null or empty template is kept and answered
// as null; no template, no responseTemplates; an empty selection pattern is echoed. AWS
// takes the integration response although POST has no method response 200.
func TestLSPutIntegrationResponseTemplates(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: test-api
    id: abcdef1234
    resources:
      /: {}
`)
	api := "--rest-api-id abcdef1234 --resource-id / --http-method POST"
	mustExec(t, g, "put-method "+api+" --authorization-type NONE")
	mustExec(t, g, "put-integration "+api+` --integration-http-method GET --type MOCK --request-templates '{"application/json": "{\"statusCode\": 200}"}'`)
	for _, c := range []struct{ name, args, want string }{
		{"put-integration-response-template-none", `--response-templates '{"application/json": null}'`,
			`{"responseTemplates": {"application/json": null}, "selectionPattern": "", "statusCode": "200"}`},
		{"put-integration-response-template-empty", `--response-templates '{"application/json": ""}'`,
			`{"responseTemplates": {"application/json": null}, "selectionPattern": "", "statusCode": "200"}`},
		{"put-integration-no-response-template", "", `{"selectionPattern": "", "statusCode": "200"}`},
	} {
		lsExecJSON(t, g, c.name, "put-integration-response "+api+" --status-code 200 --selection-pattern '' "+c.args, c.want)
	}
}

// test_http_integration_status_code_selection (test_apigateway_integrations.py): an HTTP
// integration's 4\d{2} pattern maps the backend's 404 to 400; its 201 falls to the default
// integration response, 200.
func TestLSHTTPStatusCodeSelection(t *testing.T) {
	backend := lsEchoBackend(t)
	g := lsWorkspace(t, `
restApis:
  - name: my_api
    id: abcdef1234
    resources:
      /: {}
`)
	mustExec(t, g, "create-resource --rest-api-id abcdef1234 --parent-id / --path-part {status}")
	api := "--rest-api-id abcdef1234 --resource-id /{status} --http-method GET"
	for _, l := range []string{
		"put-method " + api + ` --authorization-type none --request-parameters '{"method.request.path.status": true}'`,
		"put-integration " + api + " --type HTTP --uri " + backend + `/status/{status} --request-parameters '{"integration.request.path.status": "method.request.path.status"}' --integration-http-method GET`,
		"put-method-response " + api + " --status-code 200",
		"put-integration-response " + api + " --status-code 200",
		"put-method-response " + api + " --status-code 400",
		"put-integration-response " + api + ` --status-code 400 --selection-pattern '4\d{2}'`,
		"create-deployment --rest-api-id abcdef1234 --stage-name test",
	} {
		mustExec(t, g, l)
	}
	for requested, want := range map[string]int{"404": 400, "201": 200} {
		r := g.Invoke(&Request{Method: "GET", Path: "/test/" + requested, Header: wire.Headers{{Name: "User-Agent", Value: "python-requests/testing"}}})
		if r.Status != want {
			t.Errorf("backend %s: got %d %s, want %d", requested, r.Status, r.Body, want)
		}
	}
}

// test_put_integration_aws_proxy_uri (test_apigateway_lambda.py): PutIntegration's
// refusals of an AWS_PROXY URI.
func TestLSPutIntegrationAWSProxyURI(t *testing.T) {
	g := lsWorkspace(t, "restApis: [{name: api, id: abcdef1234, resources: {/: {ANY: {integration: {type: MOCK}}}}}]\nfunctions: [{functionName: fn, echo: true}]")
	fn := "arn:aws:lambda:us-east-1:123456789012:function:fn"
	for _, c := range []struct{ name, uri, want string }{
		{"put-integration-lambda-uri", fn, "AWS ARN for integration must contain path or action"},
		{"put-integration-wrong-arn", "bad-arn:lambda:path/2015-03-31/functions/" + fn + "/invocations", "Invalid ARN specified in the request"},
		{"put-integration-wrong-type", "arn:aws:apigateway:us-east-1:lambda:test/2015-03-31/functions/" + fn + "/invocations", "AWS ARN for integration must contain path or action"},
		{"put-integration-wrong-firehose", "arn:aws:apigateway:us-east-1:firehose:path/2015-03-31/functions/" + fn + "/invocations",
			"Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations."},
		{"put-integration-bad-lambda-arn", "arn:aws:apigateway:us-east-1:lambda:path/random/value/" + fn + "/invocations",
			"Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations."},
	} {
		_, err := g.Exec("put-integration --rest-api-id abcdef1234 --resource-id / --http-method ANY --type AWS_PROXY --integration-http-method POST --uri " + c.uri)
		if got := lsAWSText(err); got != "BadRequestException: "+c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	mustExec(t, g, "put-integration --rest-api-id abcdef1234 --resource-id / --http-method ANY --type AWS_PROXY --integration-http-method POST --uri arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"+fn+"/invocations")
}
