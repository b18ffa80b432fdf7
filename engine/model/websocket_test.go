package model

import (
	"strings"
	"testing"
)

func TestWebSocketValidation(t *testing.T) {
	const head = "apiVersion: apigwlab/v1\nfunctions:\n  - {functionName: fn, returns: {statusCode: 200}}\nwebsocketApis:\n  - name: chat\n"
	for _, tc := range []struct{ body, want string }{
		{"    routes:\n      $conect: {integration: {integrationType: AWS_PROXY, integrationUri: function:fn}}\n",
			`t.yaml:7:7: websocketApis[0].routes: route key "$conect": keys starting with $ are the predefined routes $connect, $disconnect and $default (did you mean $connect?)`},
		{"    routes:\n      send: {integration: {integrationType: AWS_PROXY, integrationUri: function:fn}, routeResponseSelectionExpression: x}\n",
			`websocketApis[0].routes.send.routeResponseSelectionExpression: "x": WebSocket routes accept only $default here`},
		{"    routeSelectionExpression: $request.action\n",
			`routeSelectionExpression: "$request.action": route selection reads the message with $request.body.PATH`},
		{"    authorizers: [{name: a, authorizerType: REQUEST, authorizerUri: function:fn, identitySource: [$request.header.Auth]}]\n",
			`(did you mean route.request.header.Auth?)`},
		{"    routes:\n      send: {integration: {integrationType: AWS_PROXY, integrationUri: function:fm}}\n",
			`function "fm" is not declared`},
		{"    routes:\n      send: {authorizationType: CUSTOM, authorizerId: a, integration: {integrationType: AWS_PROXY, integrationUri: function:fn}}\n    authorizers: [{name: a, authorizerType: REQUEST, authorizerUri: function:fn}]\n",
			`authorizers run on $connect only`},
		{"    routes:\n      $connect: {authorizationType: CUSTOM, integration: {integrationType: AWS_PROXY, integrationUri: function:fn}}\n    authorizers: [{name: auth, authorizerType: REQUEST, authorizerUri: function:fn}]\n",
			`websocketApis[0].routes.$connect.authorizerId: missing: authorizationType CUSTOM needs authorizerId naming one of the API's authorizers (auth)`},
		{"    routes:\n      $connect: {authorizationType: CUSTOM, authorizerId: aut, integration: {integrationType: AWS_PROXY, integrationUri: function:fn}}\n    authorizers: [{name: auth, authorizerType: REQUEST, authorizerUri: function:fn}]\n",
			`websocketApis[0].routes.$connect.authorizerId: no authorizer named "aut": the API's authorizers are auth (did you mean auth?)`},
		{"    routes:\n      send: {integration: {integrationType: AWS_PROXY, integrationUri: function:fn, payloadFormatVersion: \"2.0\"}}\n",
			`WebSocket integrations support payload format 1.0 only`},
		// D1: WebSocket APIs refuse a duplicate authorizer name as HTTP APIs do (the
		// second would silently replace the first for authorizerId lookups).
		{"    authorizers:\n      - {name: auth, authorizerType: REQUEST, authorizerUri: function:fn}\n      - {name: auth, authorizerType: REQUEST, authorizerUri: function:fn}\n",
			`t.yaml:8:16: websocketApis[0].authorizers[1].name: duplicate authorizer name "auth"`},
		{"    stages: [{stageName: prod, defaultRouteSettings: {throttlingBurstLimit: -1}}]\n",
			`websocketApis[0].stages[0].defaultRouteSettings.throttlingBurstLimit: -1 is negative`},
		{"    routes:\n      send: {integration: {integrationType: AWS_PROXY, integrationUri: function:fn, requestTemplates: {$default: x}}}\n",
			`routes.send.integration.requestTemplates: AWS_PROXY passes the message and the result through unchanged`},
		{"    routes:\n      send: {integration: {integrationType: MOCK, integrationResponses: [{integrationResponseKey: 4xx}]}}\n",
			`integrationResponses[0].integrationResponseKey: "4xx": write $default or a pattern between slashes, e.g. /4xx/ (matched against the status code)`},
		{"    routes:\n      send: {integration: {integrationType: MOCK, templateSelectionExpression: $request.header.x}}\n",
			`templateSelectionExpression: "$request.header.x": write static text`},
		{"    routes:\n      send: {integration: {integrationType: MOCK, passthroughBehavior: ALWAYS}}\n",
			`passthroughBehavior`},
		{"    routes:\n      send: {integration: {integrationType: MOCK}, routeResponseSelectionExpression: $default}\n",
			`a two-way route with a MOCK integration needs its integration responses`},
		{"    routes:\n      send: {integration: {integrationType: AWS, integrationUri: function:fn, integrationResponseSelectionExpression: $integration.response.statuscode}}\n",
			`for AWS integrations AWS fixes it to $integration.response.body.errorMessage`},
		{"    routes:\n      send: {integration: {integrationType: MOCK, requestTemplates: {$default: '#if($x'}}}\n",
			`t.yaml:7:70: websocketApis[0].routes.send.integration.requestTemplates: the template does not parse: $default:1:`},
		{"    stages: [{stageName: prod, routeSettings: {sendd: {}}}]\n    routes:\n      send: {integration: {integrationType: AWS_PROXY, integrationUri: function:fn}}\n",
			`no route "sendd" in this API: routes are send (did you mean send?)`},
	} {
		_, err := Parse("t.yaml", []byte(head+tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s\n got %v\nwant …%s…", tc.body, err, tc.want)
		}
	}
	ws, err := Parse("t.yaml", []byte(head+"    routes:\n      $default: {integration: {integrationType: AWS_PROXY, integrationUri: function:fn}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	a := ws.WebSocketAPIs[0]
	if a.ProtocolType != ProtocolWebSocket || a.RouteSelectionExpression != "$request.body.action" || len(a.Stages) != 1 || a.Stages[0].StageName != "production" || len(a.APIID) != 10 {
		t.Errorf("defaults: %+v", a)
	}
}

func TestPushesValidation(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"functions:\n  - functionName: f\n    returns: {statusCode: 200}\n    pushes:\n      - {data: hi}\n",
			`t.yaml:6:9: functions[0].pushes[0].to: missing: push to self, others, all, a connection id, or $.PATH of the event (e.g. $.body.to)`},
		{"functions:\n  - functionName: f\n    runtime: nodejs20.x\n    code: 'exports.handler = async () => ({})'\n    pushes: [{to: all}]\n",
			`functions[0].pushes: pushes declares an answer, but a code function computes it`},
	} {
		_, err := Parse("t.yaml", []byte("apiVersion: apigwlab/v1\n"+tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s\n got %v\nwant …%s…", tc.body, err, tc.want)
		}
	}
}

// A deployment's copy of a WebSocket API owns its mapping templates: editing the live
// definition does not change what was deployed, and positions do not make a difference.
func TestCloneV2DefinitionTemplates(t *testing.T) {
	src := "apiVersion: apigwlab/v1\nwebsocketApis:\n  - name: chat\n    routes:\n      $default:\n        integration:\n          integrationType: MOCK\n          requestTemplates: {$default: '{\"statusCode\": 200}'}\n          integrationResponses: [{integrationResponseKey: $default, responseTemplates: {$default: hi}}]\n        routeResponseSelectionExpression: $default\n"
	ws, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	a := ws.WebSocketAPIs[0]
	cp := CloneV2Definition(a)
	in := a.Routes["$default"].Integration
	in.RequestTemplates["$default"] = "changed"
	in.IntegrationResponses[0].ResponseTemplates["$default"] = "changed"
	cin := cp.Routes["$default"].Integration
	if cin.RequestTemplates["$default"] != `{"statusCode": 200}` || cin.IntegrationResponses[0].ResponseTemplates["$default"] != "hi" {
		t.Errorf("the copy shares templates with the live definition: %+v", cin)
	}
	again, _ := Parse("u.yaml", []byte("\n"+src))
	if !SameV2Definition(CloneV2Definition(again.WebSocketAPIs[0]), cp) {
		t.Error("the same definition written one line lower differs")
	}
}
