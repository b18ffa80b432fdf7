package engine

import (
	"encoding/json"
	"testing"
)

// test_apigateway_with_custom_authorization_method (LocalStack's test_apigateway_basic.py,
// recorded against AWS): create-authorizer answers authType "custom" and no TTL when none is
// given; AWS takes an authorizer URI with spaces inside it (the test's Python line
// continuation put them there); put-method with that authorizer and an API key answers
// CUSTOM, the authorizer id and apiKeyRequired.
func TestLSCustomAuthorizationMethod(t *testing.T) {
	g := lsWorkspace(t, `
restApis:
  - name: test-api
    id: abcdef1234
    resources:
      /: {}
functions:
  - {functionName: auth, returns: {}}
`)
	uri := `arn:aws:apigateway:us-east-1:lambda:path/                 2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations`
	out := mustExec(t, g, "create-authorizer --rest-api-id abcdef1234 --name lambda_authorizer --type TOKEN --authorizer-uri '"+uri+
		"' --identity-source method.request.header.Auth")
	var a struct{ ID string }
	json.Unmarshal([]byte(out), &a)
	lsExecJSON(t, g, "authorizer", "get-authorizer --rest-api-id abcdef1234 --authorizer-id "+a.ID,
		`{"authType": "custom", "authorizerUri": "<authorizer-uri:1>", "id": "<id:1>", "identitySource": "method.request.header.Auth",
		"name": "lambda_authorizer", "type": "TOKEN"}`, "<authorizer-uri:1>", uri, "<id:1>", a.ID)
	if !jsonEqual(t, out, mustExec(t, g, "get-authorizer --rest-api-id abcdef1234 --authorizer-id "+a.ID)) {
		t.Errorf("create-authorizer answered %s", out)
	}
	lsExecJSON(t, g, "put-method-response", "put-method --rest-api-id abcdef1234 --resource-id / --http-method GET --authorization-type CUSTOM --authorizer-id "+a.ID+" --api-key-required",
		`{"apiKeyRequired": true, "authorizationType": "CUSTOM", "authorizerId": "<id:1>", "httpMethod": "GET"}`, "<id:1>", a.ID)
}
