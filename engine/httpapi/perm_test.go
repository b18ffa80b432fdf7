package httpapi_test

import "testing"

// A function whose resource-based policy grants API Gateway nothing for this API is 500
// {"message":"Internal Server Error"} (aws-facts-v2 §5: "API Gateway lacks permission to
// invoke Lambda"); a grant for the route's ARN lets it through.
func TestLambdaPermission(t *testing.T) {
	g, _ := gateway(t, `
httpApis:
  - name: p
    apiId: a1b2c3d4e5
    routes:
      "GET /open": {integration: {integrationType: AWS_PROXY, integrationUri: "function:granted", payloadFormatVersion: "2.0"}}
      "GET /closed": {integration: {integrationType: AWS_PROXY, integrationUri: "function:other", payloadFormatVersion: "2.0"}}
functions:
  - functionName: granted
    returns: ok
    permissions:
      - {statementId: s1, principal: apigateway.amazonaws.com, sourceArn: "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/open"}
  - functionName: other
    returns: ok
    permissions:
      - {statementId: s1, principal: apigateway.amazonaws.com, sourceArn: "arn:aws:execute-api:us-east-1:123456789012:zzzzzzzzzz/*"}
`)
	if r := invoke(g, "GET", "/open"); r.Status != 200 || r.Body != "ok" {
		t.Errorf("granted: %d %s", r.Status, r.Body)
	}
	if r := invoke(g, "GET", "/closed"); r.Status != 500 || r.Body != `{"message":"Internal Server Error"}` || r.Function != "other" && r.Function != "" {
		t.Errorf("not granted: %d %s", r.Status, r.Body)
	}
}
