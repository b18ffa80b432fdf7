package engine

import (
	"strings"
	"testing"
)

// A mapping template that does not parse deploys, as on AWS (put-integration and
// create-deployment do not parse templates), and fails each request that uses it with
// AWS's 500; the API's other methods answer as usual. `apigwlab validate` warns about it
// at its line (engine/model TestTemplateSyntaxWarnings).
func TestUnparsableTemplateDeploysAndFails(t *testing.T) {
	g := lsWorkspace(t, `
apiVersion: apigwlab/v1
restApis:
  - name: t
    resources:
      /bad:
        POST:
          integration:
            type: MOCK
            requestTemplates: {application/json: '#set($a = )'}
            integrationResponses: [{statusCode: "200"}]
          methodResponses: [{statusCode: "200"}]
      /good:
        POST:
          integration:
            type: MOCK
            requestTemplates: {application/json: '{"statusCode": 200}'}
            integrationResponses: [{statusCode: "200", responseTemplates: {application/json: '{"ok": true}'}}]
          methodResponses: [{statusCode: "200"}]
    stages: [{stageName: prod}]
`)
	r := g.Invoke(&Request{Method: "POST", Path: "/prod/bad", Body: "{}", Trace: true})
	if r.Status != 500 || r.Body != `{"message": "Internal server error"}` || r.Header.Value("x-amzn-ErrorType") != "InternalServerErrorException" {
		t.Fatalf("bad template: %d %s %v", r.Status, r.Body, r.Header)
	}
	found := false
	for _, l := range r.Trace.Log {
		found = found || strings.Contains(l.Text, "Execution failed due to configuration error") && strings.Contains(l.Text, `unexpected ")" in expression`)
	}
	if !found {
		t.Errorf("execution log lacks the configuration error: %+v", r.Trace.Log)
	}
	if r := g.Invoke(&Request{Method: "POST", Path: "/prod/good", Body: "{}"}); r.Status != 200 || r.Body != `{"ok": true}` {
		t.Fatalf("good method: %d %s", r.Status, r.Body)
	}
}
