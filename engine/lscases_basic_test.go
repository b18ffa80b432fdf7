package engine

import (
	"strings"
	"testing"

	"apigwlab/engine/wire"
)

// LocalStack's test_apigateway_basic.py cases marked validated against AWS that assert on
// the answer directly (no snapshot), replayed.

// test_delete_rest_api_with_invalid_id: NotFoundException naming the id.
func TestLSDeleteRestAPIInvalidID(t *testing.T) {
	g := lsWorkspace(t, "restApis: [{name: api, resources: {/: {}}}]")
	_, err := g.Exec("delete-rest-api --rest-api-id foobar")
	if got := lsAWSText(err); !strings.HasPrefix(got, "NotFoundException: ") || !strings.Contains(got, "Invalid API identifier specified") ||
		!strings.Contains(got, "foobar") {
		t.Errorf("got %q", got)
	}
}

// test_api_gateway_lambda_integration_aws_type: an AWS integration built through the
// control plane, its URI with "path//2015-03-31" (AWS invokes the function all the same),
// a stage with the cache enabled, the function's permission for .../*/*/test; the
// integration response sets Content-Type text/html and Access-Control-Allow-Origin *.
func TestLSLambdaIntegrationAWSType(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: aws lambda api
    id: abcdef1234
    resources:
      /: {}
functions:
  - {functionName: echo, echo: true}
`)
	tpl := `#set($allParams = $input.params())\n{\n\"body-json\" : $input.json(\"$\"),\n\"params\" : {\n#foreach($type in $allParams.keySet())\n    #set($params = $allParams.get($type))\n\"$type\" : {\n    #foreach($paramName in $params.keySet())\n    \"$paramName\" : \"$util.escapeJavaScript($params.get($paramName))\"\n        #if($foreach.hasNext),#end\n    #end\n}\n    #if($foreach.hasNext),#end\n#end\n},\n\"context\" : {\n    \"api-id\" : \"$context.apiId\",\n    \"http-method\" : \"$context.httpMethod\",\n    \"stage\" : \"$context.stage\",\n    \"resource-path\" : \"$context.resourcePath\"\n    }\n}\n`
	mustExec(t, g, "create-resource --rest-api-id abcdef1234 --parent-id / --path-part test")
	api := "--rest-api-id abcdef1234 --resource-id /test --http-method POST"
	for _, l := range []string{
		"put-method " + api + " --authorization-type NONE",
		"put-integration " + api + " --integration-http-method POST --type AWS --uri arn:aws:apigateway:us-east-1:lambda:path//2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:echo/invocations" +
			` --request-templates '{"application/json": "` + tpl + `"}'`,
		"put-method-response " + api + ` --status-code 200 --response-parameters '{"method.response.header.Content-Type": false, "method.response.header.Access-Control-Allow-Origin": false}'`,
		"put-integration-response " + api + ` --status-code 200 --response-templates '{"text/html": "$input.path(\u0027$\u0027)"}' --response-parameters '{"method.response.header.Access-Control-Allow-Origin": "\u0027*\u0027", "method.response.header.Content-Type": "\u0027text/html\u0027"}'`, // \u0027: a single quote inside the shell-quoted JSON
		"create-deployment --rest-api-id abcdef1234 --stage-name local",
		"update-stage --rest-api-id abcdef1234 --stage-name local --patch-operations op=replace,path=/cacheClusterEnabled,value=true",
		"add-permission --function-name echo --statement-id s1 --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn arn:aws:execute-api:us-east-1:123456789012:abcdef1234/*/*/test",
	} {
		mustExec(t, g, l)
	}
	r := g.Invoke(&Request{Method: "POST", Path: "/local/test", Body: `{"test": "test"}`, Trace: true,
		Header: wire.Headers{{Name: "Content-Type", Value: "application/json"}}})
	if r.Status != 200 || r.Header.Value("Content-Type") != "text/html" || r.Header.Value("Access-Control-Allow-Origin") != "*" {
		t.Errorf("%d %v %s\n%s", r.Status, r.Header, r.Body, logText(r))
	}
}

// test_response_headers_invocation_with_apigw: an AWS_PROXY function's status 300, its
// content-type header and XML body pass through; the method and integration responses the
// test declares do not apply to a proxy integration.
func TestLSProxyResponseHeaders(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: test-api
    resources:
      /{proxy+}:
        GET:
          methodResponses: [{statusCode: "200"}, {statusCode: "400"}, {statusCode: "500"}]
          integration:
            type: AWS_PROXY
            httpMethod: POST
            uri: function:xml
            integrationResponses:
              - {statusCode: "200", selectionPattern: "^2.*"}
              - {statusCode: "400", selectionPattern: "^4.*"}
              - {statusCode: "500", selectionPattern: "^5.*"}
    stages: [{stageName: api}]
functions:
  - functionName: xml
    runtime: nodejs18.x
    code: |
      exports.handler = async () => ({isBase64Encoded: false, statusCode: 300,
        headers: {"content-type": "application/xml"}, body: "<message>completed</message>"})
`)
	r := g.Invoke(&Request{Method: "GET", Path: "/api/hello/world"})
	if r.Status != 300 || r.Header.Value("Content-Type") != "application/xml" || r.Body != "<message>completed</message>" {
		t.Errorf("%d %v %s", r.Status, r.Header, r.Body)
	}
}

// test_lambda_aws_proxy_integration_non_post_method (test_apigateway_lambda.py): AWS takes
// an AWS_PROXY integration with integrationHttpMethod GET, and every request through it is
// 500 {"message": "Internal server error"}.
func TestLSLambdaProxyNonPostMethod(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: api
    resources:
      /{proxy+}:
        ANY: {integration: {type: AWS_PROXY, httpMethod: GET, uri: function:proxy}}
    gatewayResponses:
      INTEGRATION_FAILURE: {}
    stages: [{stageName: test}]
functions:
  - {functionName: proxy, returns: {statusCode: 200, body: ok}}
`)
	r := g.Invoke(&Request{Method: "POST", Path: "/test/test-path", Body: `{"message": "hello world"}`,
		Header: wire.Headers{{Name: "Content-Type", Value: "application/json"}}})
	if r.Status != 500 || !jsonEqual(t, r.Body, `{"message": "Internal server error"}`) {
		t.Errorf("%d %s", r.Status, r.Body)
	}
}
