package httpapi_test

import (
	"strings"
	"testing"

	"apigwlab/engine"
)

// AWS_IAM routes (fact 57): a SigV4 signature of a workspace principal whose identity
// policy allows execute-api:Invoke on the route ARN; the identity reaches Lambda under
// requestContext.authorizer.iam.
func TestIAMRoute(t *testing.T) {
	g, _ := gateway(t, `
iam:
  users:
    - userName: alice
      accessKeys: [{accessKeyId: AKIAALICE0EXAMPLE01, secretAccessKey: alice-secret}]
      policies:
        - Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Action: "execute-api:Invoke", Resource: "arn:aws:execute-api:us-east-1:123456789012:*/$default/GET/reports"}
httpApis:
  - name: r
    routes:
      "GET /reports": {authorizationType: AWS_IAM, integration: {integrationType: AWS_PROXY, integrationUri: "function:echo", payloadFormatVersion: "2.0"}}
      "GET /admin": {authorizationType: AWS_IAM, integration: {integrationType: AWS_PROXY, integrationUri: "function:echo", payloadFormatVersion: "2.0"}}
functions:
  - {functionName: echo, echo: true}
`)
	send := func(path, secret string) *engine.Response {
		req := &engine.Request{API: "r", Method: "GET", Path: path}
		if secret != "" {
			if err := g.SignRequest(req, "AKIAALICE0EXAMPLE01", secret); err != nil {
				t.Fatal(err)
			}
		}
		return g.Invoke(req)
	}
	if r := send("/reports", ""); r.Status != 403 || r.Body != `{"message":"Forbidden"}` {
		t.Errorf("unsigned: %d %s", r.Status, r.Body)
	}
	if r := send("/reports", "wrong"); r.Status != 403 {
		t.Errorf("bad signature: %d %s", r.Status, r.Body)
	}
	if r := send("/admin", "alice-secret"); r.Status != 403 {
		t.Errorf("not allowed by policy: %d %s", r.Status, r.Body)
	}
	r := send("/reports", "alice-secret")
	if r.Status != 200 || !strings.Contains(r.Body, `"authorizer":{"iam":{"accessKey":"AKIAALICE0EXAMPLE01","accountId":"123456789012"`) ||
		!strings.Contains(r.Body, `"userArn":"arn:aws:iam::123456789012:user/alice"`) {
		t.Errorf("signed: %d %s", r.Status, r.Body)
	}
}
