package engine

import "testing"

// test_api_gateway_lambda_asynchronous_invocation (test_apigateway_basic.py, validated
// against AWS): ANY /wait/{seconds} on an AWS integration with
// integration.request.header.X-Amz-Invocation-Type 'Event', imported with put-rest-api
// (overwrite) and deployed: a GET answers 200 with an empty body at once.
func TestLSLambdaAsynchronousInvocation(t *testing.T) {
	g := lsWorkspace(t, `
restApis: [{name: api_gateway, id: abcdef1234, resources: {/: {}}}]
functions:
  - {functionName: wait, latency: 3s, returns: {statusCode: 200, body: waited}}
`)
	spec := `{"openapi": "3.0.1", "info": {"title": "wait-for-seconds", "version": "1"}, "paths": {"/wait/{seconds}": {"x-amazon-apigateway-any-method": {
	  "parameters": [{"name": "seconds", "in": "path", "required": true, "schema": {"type": "string"}}],
	  "responses": {"200": {"description": "200 response"}},
	  "x-amazon-apigateway-integration": {"type": "aws", "httpMethod": "POST",
	    "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:wait/invocations",
	    "responses": {"default": {"statusCode": "200"}},
	    "requestParameters": {"integration.request.header.X-Amz-Invocation-Type": "\u0027Event\u0027"},
	    "requestTemplates": {"application/json": "{\"seconds\": \"$input.params(\u0027seconds\u0027)\"}"},
	    "passthroughBehavior": "when_no_templates"}}}}}`
	// \u0027 is a single quote: the document travels inside a shell-quoted --body
	mustExec(t, g, "put-rest-api --rest-api-id abcdef1234 --mode overwrite --body '"+spec+"'")
	mustExec(t, g, "create-deployment --rest-api-id abcdef1234 --stage-name test")
	r := g.Invoke(&Request{Method: "GET", Path: "/test/wait/3"})
	if r.Status != 200 || r.Body != "" || r.Latency >= 3e9 {
		t.Errorf("%d %q after %v", r.Status, r.Body, r.Latency)
	}
}
