package engine

import (
	"encoding/json"
	"reflect"
	"testing"

	"apigwlab/engine/wire"
)

// LocalStack's request-parameter mapping cases recorded against AWS, replayed.

// test_integration_request_parameters_mapping (test_apigateway_common.py): an HTTP
// integration maps a method request header and $context.resourceId into headers of the
// backend request; the API is built through the control plane as the test builds it.
func TestLSIntegrationRequestParametersMapping(t *testing.T) {
	echo := lsEchoBackend(t)
	g := lsWorkspace(t, `
restApis:
  - name: test-api
    id: abcdef1234
    description: this is my api
    resources:
      /: {}
`)
	root := g.apis[0].resourceID("/")
	api := "--rest-api-id abcdef1234 --resource-id " + root + " --http-method GET"
	for _, l := range []string{
		"put-method " + api + ` --authorization-type none --request-parameters '{"method.request.header.customHeader": false}'`,
		"put-method-response " + api + " --status-code 200",
		"put-integration " + api + " --integration-http-method POST --type HTTP --uri " + echo + `/post --request-parameters '{"integration.request.header.testHeader": "method.request.header.customHeader", "integration.request.header.contextHeader": "context.resourceId"}'`,
		"put-integration-response " + api + ` --status-code 200 --selection-pattern '2\d{2}' --response-templates '{}'`,
		"create-deployment --rest-api-id abcdef1234",
	} {
		mustExec(t, g, l)
	}
	out := mustExec(t, g, "get-deployments --rest-api-id abcdef1234")
	var deps struct{ Items []struct{ ID string } }
	if err := json.Unmarshal([]byte(out), &deps); err != nil || len(deps.Items) == 0 {
		t.Fatalf("get-deployments: %s", out)
	}
	mustExec(t, g, "create-stage --rest-api-id abcdef1234 --stage-name dev --deployment-id "+deps.Items[len(deps.Items)-1].ID)
	r := g.Invoke(&Request{Method: "GET", Path: "/dev/", Header: wire.Headers{{Name: "customHeader", Value: "test"}}})
	var got struct{ Headers map[string]string }
	json.Unmarshal([]byte(r.Body), &got)
	if r.Status != 200 || got.Headers["contextheader"] != root || got.Headers["testheader"] != "test" {
		t.Errorf("%d %s\nwant contextheader %s, testheader test", r.Status, r.Body, root)
	}
}

// test_lambda_aws_proxy_integration_request_data_mapping (test_apigateway_lambda.py): an
// AWS_PROXY integration ignores its requestParameters; the function (LocalStack's
// lambda_aws_proxy.py, here in JavaScript) answers the event it got, compared with AWS's
// recorded event after the snapshot's replacements.
func TestLSLambdaProxyIgnoresRequestParameters(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: test-api
    id: abcdef1234
    description: Integration test API
    resources:
      /{pathVariable}:
        ANY:
          requestParameters:
            method.request.header.foobar: true
            method.request.querystring.testVar: true
            method.request.path.pathVariable: true
            method.request.querystring.testQueryString: true
            method.request.header.emptyheader: true
          integration:
            type: AWS_PROXY
            httpMethod: POST
            uri: function:proxy
            requestParameters:
              integration.request.header.headerVar: method.request.header.foobar
              integration.request.path.qsVar: method.request.querystring.testVar
              integration.request.path.pathVar: method.request.path.pathVariable
              integration.request.querystring.queryString: method.request.querystring.testQueryString
              integration.request.querystring.testQs: method.request.querystring.testQueryString
              integration.request.querystring.testEmptyQs: method.request.header.emptyheader
    stages: [{stageName: test}]
functions:
  - functionName: proxy
    runtime: nodejs20.x
    code: |
      exports.handler = async (event) => ({statusCode: 200, body: JSON.stringify(event), isBase64Encoded: false})
`)
	// python-requests' own headers come along (Accept-Encoding, Connection, Content-Length)
	r := g.Invoke(&Request{Method: "POST", Path: "/test/foobar", RawQuery: "testQueryString=foo&testVar=bar", Body: `{"message": "hello world"}`,
		Header: wire.Headers{{Name: "User-Agent", Value: "test/integration"}, {Name: "Accept-Encoding", Value: "gzip, deflate"},
			{Name: "Accept", Value: "application/json"}, {Name: "Connection", Value: "keep-alive"}, {Name: "Content-Type", Value: "application/json"},
			{Name: "foobar", Value: "mapped-value"}, {Name: "headerVar", Value: "request-value"}, {Name: "Content-Length", Value: "26"}}})
	var ev map[string]any
	if err := json.Unmarshal([]byte(r.Body), &ev); r.Status != 200 || err != nil {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	lsNormaliseProxyEvent(ev)
	var want map[string]any
	if err := json.Unmarshal([]byte(lsProxyDataMappingEvent), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ev, want) {
		b, _ := json.MarshalIndent(ev, "", " ")
		t.Errorf("event differs from AWS's:\n%s", b)
	}
}

// lsNormaliseProxyEvent makes the replacements of LocalStack's apigateway_proxy_event
// transformer and of the test's own: the JSON body parsed, per-request values by name.
func lsNormaliseProxyEvent(ev map[string]any) {
	var body any
	if s, ok := ev["body"].(string); ok && json.Unmarshal([]byte(s), &body) == nil {
		ev["body"] = body
	}
	h, _ := ev["headers"].(map[string]any)
	mv, _ := ev["multiValueHeaders"].(map[string]any)
	for name, with := range map[string]string{"Host": "<host:1>", "CloudFront-Viewer-ASN": "<cloudfront-asn:1>",
		"CloudFront-Viewer-Country": "<cloudfront-country:1>", "Via": "<via:1>", "X-Amz-Cf-Id": "<cf-id:1>", "X-Amzn-Trace-Id": "<trace-id:1>"} {
		if _, ok := h[name]; ok {
			h[name], mv[name] = with, []any{with}
		}
	}
	for _, name := range []string{"X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto"} {
		if _, ok := h[name]; ok {
			h[name], mv[name] = "<"+name+">", "<"+name+">"
		}
	}
	rc, _ := ev["requestContext"].(map[string]any)
	for name, with := range map[string]string{"accountId": "111111111111", "apiId": "<rest_api_id:1>", "deploymentId": "<deployment-id:1>",
		"domainName": "<host:1>", "domainPrefix": "<rest_api_id:1>", "extendedRequestId": "<extended-request-id:1>", "requestId": "<uuid:1>",
		"requestTime": "<request-time>", "requestTimeEpoch": "<request-time-epoch>", "resourceId": "<resource-id:1>"} {
		if _, ok := rc[name]; ok {
			rc[name] = with
		}
	}
	if id, ok := rc["identity"].(map[string]any); ok {
		id["sourceIp"] = "<source-ip:1>"
	}
}

// lsProxyDataMappingEvent is AWS's recorded event (snapshot
// http-proxy-invocation-data-mapping, 2024-07-22).
const lsProxyDataMappingEvent = `{
 "body": {"message": "hello world"},
 "headers": {"Accept": "application/json", "Accept-Encoding": "gzip, deflate", "CloudFront-Forwarded-Proto": "https",
  "CloudFront-Is-Desktop-Viewer": "true", "CloudFront-Is-Mobile-Viewer": "false", "CloudFront-Is-SmartTV-Viewer": "false",
  "CloudFront-Is-Tablet-Viewer": "false", "CloudFront-Viewer-ASN": "<cloudfront-asn:1>", "CloudFront-Viewer-Country": "<cloudfront-country:1>",
  "Content-Type": "application/json", "Host": "<host:1>", "User-Agent": "test/integration", "Via": "<via:1>", "X-Amz-Cf-Id": "<cf-id:1>",
  "X-Amzn-Trace-Id": "<trace-id:1>", "X-Forwarded-For": "<X-Forwarded-For>", "X-Forwarded-Port": "<X-Forwarded-Port>",
  "X-Forwarded-Proto": "<X-Forwarded-Proto>", "foobar": "mapped-value", "headerVar": "request-value"},
 "httpMethod": "POST",
 "isBase64Encoded": false,
 "multiValueHeaders": {"Accept": ["application/json"], "Accept-Encoding": ["gzip, deflate"], "CloudFront-Forwarded-Proto": ["https"],
  "CloudFront-Is-Desktop-Viewer": ["true"], "CloudFront-Is-Mobile-Viewer": ["false"], "CloudFront-Is-SmartTV-Viewer": ["false"],
  "CloudFront-Is-Tablet-Viewer": ["false"], "CloudFront-Viewer-ASN": ["<cloudfront-asn:1>"], "CloudFront-Viewer-Country": ["<cloudfront-country:1>"],
  "Content-Type": ["application/json"], "Host": ["<host:1>"], "User-Agent": ["test/integration"], "Via": ["<via:1>"], "X-Amz-Cf-Id": ["<cf-id:1>"],
  "X-Amzn-Trace-Id": ["<trace-id:1>"], "X-Forwarded-For": "<X-Forwarded-For>", "X-Forwarded-Port": "<X-Forwarded-Port>",
  "X-Forwarded-Proto": "<X-Forwarded-Proto>", "foobar": ["mapped-value"], "headerVar": ["request-value"]},
 "multiValueQueryStringParameters": {"testQueryString": ["foo"], "testVar": ["bar"]},
 "path": "/foobar",
 "pathParameters": {"pathVariable": "foobar"},
 "queryStringParameters": {"testQueryString": "foo", "testVar": "bar"},
 "requestContext": {"accountId": "111111111111", "apiId": "<rest_api_id:1>", "deploymentId": "<deployment-id:1>", "domainName": "<host:1>",
  "domainPrefix": "<rest_api_id:1>", "extendedRequestId": "<extended-request-id:1>", "httpMethod": "POST",
  "identity": {"accessKey": null, "accountId": null, "caller": null, "cognitoAuthenticationProvider": null, "cognitoAuthenticationType": null,
   "cognitoIdentityId": null, "cognitoIdentityPoolId": null, "principalOrgId": null, "sourceIp": "<source-ip:1>", "user": null,
   "userAgent": "test/integration", "userArn": null},
  "path": "/test/foobar", "protocol": "HTTP/1.1", "requestId": "<uuid:1>", "requestTime": "<request-time>",
  "requestTimeEpoch": "<request-time-epoch>", "resourceId": "<resource-id:1>", "resourcePath": "/{pathVariable}", "stage": "test"},
 "resource": "/{pathVariable}",
 "stageVariables": null
}`
