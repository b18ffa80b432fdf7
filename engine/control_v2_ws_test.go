package engine

import (
	"regexp"
	"strings"
	"sync"
	"testing"

	"apigwlab/engine/websocket"
	"apigwlab/engine/wire"
)

const wsFunctionsYAML = `apiVersion: apigwlab/v1
functions:
  - {functionName: pong, returns: {statusCode: 200, body: pong}}
  - {functionName: hello, returns: {statusCode: 200, body: hello}}
  - {functionName: authorize, returns: {principalId: u, policyDocument: {Version: "2012-10-17", Statement: [{Action: execute-api:Invoke, Effect: Deny, Resource: "*"}]}}}
`

// wsPeer records the frames the gateway sends a test client.
type wsPeer struct {
	mu     sync.Mutex
	frames []string
}

func (p *wsPeer) Send(b []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.frames = append(p.frames, string(b))
	return nil
}

func (p *wsPeer) Close(int, string) {}

var idRe = regexp.MustCompile(`"(?:ApiId|IntegrationId|DeploymentId|AuthorizerId)": "(\w+)"`)

// firstID is the first id a verb's answer names.
func firstID(t *testing.T, out string) string {
	t.Helper()
	m := idRe.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no id in:\n%s", out)
	}
	return m[1]
}

// A WebSocket API made wholly through apigatewayv2: create-api, integrations, routes, a
// stage without a deployment (the handshake is refused), create-deployment (it answers),
// a new route that waits for the next deployment while a connection stays open, then meets
// it on that connection; the refusals WebSocket APIs have.
func TestWebSocketAPIThroughAPIGatewayV2(t *testing.T) {
	g := shopHTTP(t, wsFunctionsYAML)
	out := mustExec(t, g, "create-api --name chat --protocol-type WEBSOCKET --route-selection-expression $request.body.action")
	id := firstID(t, out)
	want := `{"ApiEndpoint":"wss://` + id + `.execute-api.us-east-1.amazonaws.com","ApiId":"` + id + `","ApiKeySelectionExpression":"$request.header.x-api-key","CreatedDate":"2026-03-04T05:06:07+00:00","DisableExecuteApiEndpoint":false,"Name":"chat","ProtocolType":"WEBSOCKET","RouteSelectionExpression":"$request.body.action","Tags":{}}`
	if got := compactJSON(t, out); got != want {
		t.Errorf("create-api:\n got %s\nwant %s", got, want)
	}
	pong := firstID(t, mustExec(t, g, "create-integration --api-id chat --integration-type AWS_PROXY --integration-uri function:pong"))
	hello := firstID(t, mustExec(t, g, "create-integration --api-id chat --integration-type AWS_PROXY --integration-uri function:hello"))
	if got := compactJSON(t, mustExec(t, g, "get-integration --api-id chat --integration-id "+pong)); got !=
		`{"ConnectionType":"INTERNET","IntegrationId":"`+pong+`","IntegrationMethod":"POST","IntegrationType":"AWS_PROXY","IntegrationUri":"function:pong","PayloadFormatVersion":"1.0","TimeoutInMillis":29000}` {
		t.Errorf("get-integration: %s", got)
	}
	route := compactJSON(t, mustExec(t, g, "create-route --api-id chat --route-key $default --target integrations/"+pong+" --route-response-selection-expression $default"))
	if !strings.HasSuffix(route, `"RouteKey":"$default","RouteResponseSelectionExpression":"$default","Target":"integrations/`+pong+`"}`) {
		t.Errorf("create-route: %s", route)
	}
	mustExec(t, g, "create-stage --api-id chat --stage-name prod")
	api, _ := g.WebSocketAPI("chat")
	connect := func() (*websocket.ConnectResult, *wsPeer) {
		p := &wsPeer{}
		res := api.Connect(&websocket.ConnectRequest{Stage: "prod", Peer: p})
		return &res, p
	}
	if res, _ := connect(); res.Status != 403 || res.Body != `{"message":"Forbidden"}` {
		t.Fatalf("connect to a stage without a deployment: %d %s", res.Status, res.Body)
	}
	dep := firstID(t, mustExec(t, g, "create-deployment --api-id chat --stage-name prod"))
	res, _ := connect()
	if res.Status != 101 {
		t.Fatalf("connect after create-deployment: %d %s", res.Status, res.Body)
	}
	c := res.Conn
	say := func(msg string) string {
		t.Helper()
		return string(c.Receive(websocket.Inbound{Data: []byte(msg)}).Reply)
	}
	if r := say(`{"action":"hi"}`); r != "pong" {
		t.Errorf("a message on the deployed $default route: %q", r)
	}
	// a new route waits for create-deployment; the open connection then meets it
	mustExec(t, g, "create-route --api-id chat --route-key hi --target integrations/"+hello+" --route-response-selection-expression $default")
	if r := say(`{"action":"hi"}`); r != "pong" {
		t.Errorf("before create-deployment: %q, want the old deployment's pong", r)
	}
	if got := undeployed(g, "chat"); len(got) != 1 || got[0] != "prod" {
		t.Errorf("Undeployed = %v, want [prod]", got)
	}
	dep2 := firstID(t, mustExec(t, g, "create-deployment --api-id chat --stage-name prod --description hi"))
	if r := say(`{"action":"hi"}`); r != "hello" {
		t.Errorf("after create-deployment: %q, want hello", r)
	}
	// update-stage --deployment-id points the stage back at the first deployment
	mustExec(t, g, "update-stage --api-id chat --stage-name prod --deployment-id "+dep)
	if r := say(`{"action":"hi"}`); r != "pong" {
		t.Errorf("back on the first deployment: %q", r)
	}
	if deps := mustExec(t, g, "get-deployments --api-id chat"); !strings.Contains(deps, dep) || !strings.Contains(deps, dep2) {
		t.Errorf("get-deployments:\n%s", deps)
	}
	// an authorizer on $connect: a handshake without its identity source is refused with 401
	authz := firstID(t, mustExec(t, g, "create-authorizer --api-id chat --name gate --authorizer-type REQUEST --authorizer-uri function:authorize --identity-source route.request.header.Auth"))
	mustExec(t, g, "create-route --api-id chat --route-key $connect --target integrations/"+pong+" --authorization-type CUSTOM --authorizer-id "+authz)
	mustExec(t, g, "create-deployment --api-id chat --stage-name prod")
	if res := api.Connect(&websocket.ConnectRequest{Stage: "prod", Peer: &wsPeer{}}); res.Status != 401 {
		t.Errorf("connect without the identity source: %d %s", res.Status, res.Body)
	}
	hdr := wire.Headers{}
	hdr.Set("Auth", "x")
	if res := api.Connect(&websocket.ConnectRequest{Stage: "prod", Peer: &wsPeer{}, Header: hdr}); res.Status != 403 {
		t.Errorf("connect with a token the authorizer denies: %d %s", res.Status, res.Body)
	}
	// what the client made survives export --format workspace and a reload
	g2 := reloaded(t, g, "state.yaml")
	api2, ok := g2.WebSocketAPI("chat")
	if !ok {
		t.Fatal("no chat after reload")
	}
	if res := api2.Connect(&websocket.ConnectRequest{Stage: "prod", Peer: &wsPeer{}, Header: hdr}); res.Status != 403 {
		t.Errorf("after reload, connect with a denied token: %d %s", res.Status, res.Body)
	}
	for _, tc := range []struct{ line, want string }{
		{"create-api --name x --protocol-type WEBSOCKET", "BadRequestException: RouteSelectionExpression is required for WEBSOCKET protocol"},
		{"create-api --name x --protocol-type GRPC", "BadRequestException: Invalid protocol specified. Must be one of [HTTP, WEBSOCKET]"},
		{"create-route --api-id chat --route-key $connectt --target integrations/" + pong,
			"BadRequestException: Invalid route key $connectt: keys starting with $ are the predefined routes $connect, $disconnect and $default"},
		{"create-route --api-id chat --route-key ping --target integrations/" + pong + " --authorization-type CUSTOM --authorizer-id " + authz,
			"BadRequestException: routes.ping.authorizationType: authorizers run on $connect only: move the authorizer to the $connect route (the connection is authorized once)"},
		{"create-route --api-id chat --route-key ping --target integrations/" + pong + " --route-response-selection-expression $request.body.x",
			`BadRequestException: routes.ping.routeResponseSelectionExpression: "$request.body.x": WebSocket routes accept only $default here (it makes the route two-way)`},
		{"create-integration --api-id chat --integration-type AWS_PROXY --integration-uri function:pong --payload-format-version 2.0",
			`BadRequestException: integrations.`},
		{"create-integration --api-id chat --integration-type AWS_PROXY --integration-uri function:pong --timeout-in-millis 30000",
			"BadRequestException: Invalid timeoutInMillis 30000: between 50 and 29000 for WebSocket APIs"},
		{"create-authorizer --api-id chat --name j --authorizer-type JWT --identity-source $request.header.Authorization",
			"BadRequestException: Invalid authorizer type JWT: WebSocket APIs take REQUEST authorizers (a Lambda function) only"},
		{"create-stage --api-id chat --stage-name beta --auto-deploy",
			"BadRequestException: AutoDeploy is supported only for HTTP APIs: create-deployment --api-id " + id + " --stage-name beta deploys a WebSocket API"},
		{"export-api --api-id chat --specification OAS30", "BadRequestException: export-api is supported only for HTTP APIs"},
		{"update-api --api-id chat --cors-configuration AllowOrigins=*", "BadRequestException: --cors-configuration is supported only for HTTP APIs"},
	} {
		if _, err := g.Exec(tc.line); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s:\n got %v\nwant %s", tc.line, err, tc.want)
		}
	}
	// delete-api closes the open connection
	mustExec(t, g, "delete-api --api-id chat")
	if _, ok := g.WebSocketAPI("chat"); ok || g.HasWebSocketAPIs() {
		t.Errorf("the API is still there after delete-api")
	}
}

// A WebSocket stage that waits for create-deployment keeps waiting after export
// --format workspace and a reload (serve --state's restart): its deployment is written with
// its definition.
func TestWebSocketDeploymentsSurviveExport(t *testing.T) {
	g := shopHTTP(t, wsFunctionsYAML)
	mustExec(t, g, "create-api --name chat --protocol-type WEBSOCKET --route-selection-expression $request.body.action")
	pong := firstID(t, mustExec(t, g, "create-integration --api-id chat --integration-type AWS_PROXY --integration-uri function:pong"))
	hello := firstID(t, mustExec(t, g, "create-integration --api-id chat --integration-type AWS_PROXY --integration-uri function:hello"))
	mustExec(t, g, "create-route --api-id chat --route-key $default --target integrations/"+pong+" --route-response-selection-expression $default")
	mustExec(t, g, "create-stage --api-id chat --stage-name prod")
	mustExec(t, g, "create-deployment --api-id chat --stage-name prod")
	mustExec(t, g, "create-route --api-id chat --route-key hi --target integrations/"+hello+" --route-response-selection-expression $default")
	out, notes := g.ExportWorkspace()
	if len(notes) != 0 || !strings.Contains(string(out), "deploymentId: ") {
		t.Fatalf("notes %q\n%s", notes, out)
	}
	g2 := reloaded(t, g, "state.yaml")
	api, _ := g2.WebSocketAPI("chat")
	res := api.Connect(&websocket.ConnectRequest{Stage: "prod", Peer: &wsPeer{}})
	if res.Status != 101 {
		t.Fatalf("connect after reload: %d %s", res.Status, res.Body)
	}
	say := func(msg string) string { return string(res.Conn.Receive(websocket.Inbound{Data: []byte(msg)}).Reply) }
	if r := say(`{"action":"hi"}`); r != "pong" {
		t.Errorf("after reload, before create-deployment: %q, want the kept deployment's pong", r)
	}
	if got := undeployed(g2, "chat"); len(got) != 1 || got[0] != "prod" {
		t.Errorf("Undeployed after reload = %v, want [prod]", got)
	}
	mustExec(t, g2, "create-deployment --api-id chat --stage-name prod")
	if r := say(`{"action":"hi"}`); r != "hello" {
		t.Errorf("after create-deployment: %q", r)
	}
}
