package engine

import (
	"encoding/json"
	"testing"
)

// LocalStack's routing cases validated against AWS (test_apigateway_common.py,
// TestApigatewayRouting), built through the control plane as the tests build them: MOCK
// methods answering {"statusCode": 200, "message": …}.

func lsMockMethod(t *testing.T, g *Gateway, resource, method, message string) {
	t.Helper()
	api := "--rest-api-id abcdef1234 --resource-id " + resource + " --http-method " + method
	tpl, _ := json.Marshal(map[string]string{"application/json": `{"statusCode": 200, "message": "` + message + `"}`})
	for _, l := range []string{
		"put-method " + api + " --authorization-type NONE",
		"put-method-response " + api + " --status-code 200",
		"put-integration " + api + ` --type MOCK --request-templates '{"application/json": "{\"statusCode\": 200}"}'`,
		"put-integration-response " + api + " --status-code 200 --response-templates '" + string(tpl) + "'",
	} {
		mustExec(t, g, l)
	}
}

func lsRoutingCase(t *testing.T, g *Gateway, method, path, want string) {
	t.Helper()
	r := g.Invoke(&Request{Method: method, Path: path})
	var got struct{ Message string }
	json.Unmarshal([]byte(r.Body), &got)
	if r.Status != 200 || got.Message != want {
		t.Errorf("%s %s: %d %s, want message %q", method, path, r.Status, r.Body, want)
	}
}

// test_proxy_routing_with_hardcoded_resource_sibling: /test has POST only, /test/any ANY,
// /{proxy+} OPTIONS. OPTIONS /test goes to {proxy+}: a resource without the method is passed
// over for a greedy sibling that has it.
func TestLSProxyRoutingHardcodedSibling(t *testing.T) {
	g := lsWorkspace(t, "restApis: [{name: test proxy routing, id: abcdef1234, resources: {/: {}}}]")
	mustExec(t, g, "create-resource --rest-api-id abcdef1234 --parent-id / --path-part test")
	mustExec(t, g, "create-resource --rest-api-id abcdef1234 --parent-id /test --path-part any")
	mustExec(t, g, "create-resource --rest-api-id abcdef1234 --parent-id / --path-part {proxy+}")
	lsMockMethod(t, g, "/test", "POST", "POST request")
	lsMockMethod(t, g, "/test/any", "ANY", "ANY request")
	lsMockMethod(t, g, "/{proxy+}", "OPTIONS", "OPTIONS request")
	mustExec(t, g, "create-deployment --rest-api-id abcdef1234 --stage-name dev")
	lsRoutingCase(t, g, "OPTIONS", "/dev/test", "OPTIONS request")
	lsRoutingCase(t, g, "POST", "/dev/test", "POST request")
	lsRoutingCase(t, g, "OPTIONS", "/dev/test/any", "ANY request")
	lsRoutingCase(t, g, "GET", "/dev/test/any", "ANY request")
}

// test_routing_with_hardcoded_resource_sibling_order: /part1 GET, /{param+} GET (created
// before /part1/hardcoded-value), /part1/hardcoded-value GET; /part1/random-value goes to
// the greedy resource.
func TestLSRoutingHardcodedSiblingOrder(t *testing.T) {
	g := lsWorkspace(t, "restApis: [{name: test parameter routing, id: abcdef1234, resources: {/: {}}}]")
	mustExec(t, g, "create-resource --rest-api-id abcdef1234 --parent-id / --path-part part1")
	lsMockMethod(t, g, "/part1", "GET", "part1")
	mustExec(t, g, "create-resource --rest-api-id abcdef1234 --parent-id / --path-part {param+}")
	lsMockMethod(t, g, "/{param+}", "GET", "proxy")
	mustExec(t, g, "create-resource --rest-api-id abcdef1234 --parent-id /part1 --path-part hardcoded-value")
	lsMockMethod(t, g, "/part1/hardcoded-value", "GET", "hardcoded-value")
	mustExec(t, g, "create-deployment --rest-api-id abcdef1234 --stage-name dev")
	lsRoutingCase(t, g, "GET", "/dev/part1", "part1")
	lsRoutingCase(t, g, "GET", "/dev/part1/hardcoded-value", "hardcoded-value")
	lsRoutingCase(t, g, "GET", "/dev/part1/random-value", "proxy")
}
