package engine

import (
	"strings"
	"testing"

	"apigwlab/engine/websocket"
)

// Integration responses, route responses and models through apigatewayv2: a MOCK two-way
// route answers with its integration response's template, a route with a model refuses a
// message that does not match with the "Bad request body" frame, and HTTP APIs refuse all
// three.
func TestWebSocketResponsesAndModels(t *testing.T) {
	g := shopHTTP(t, wsFunctionsYAML)
	mustExec(t, g, "create-api --name shop --protocol-type HTTP")
	mustExec(t, g, "create-api --name chat --protocol-type WEBSOCKET --route-selection-expression $request.body.action")
	mock := firstID(t, mustExec(t, g, `create-integration --api-id chat --integration-type MOCK --template-selection-expression '\$default' --request-templates '{"$default": "{\"statusCode\": 200}"}'`))
	ir := compactJSON(t, mustExec(t, g, `create-integration-response --api-id chat --integration-id `+mock+` --integration-response-key $default --response-templates '{"$default": "{\"pong\": true}"}'`))
	irID := firstIDOf(t, ir, "IntegrationResponseId")
	if ir != `{"IntegrationResponseId":"`+irID+`","IntegrationResponseKey":"$default","ResponseTemplates":{"$default":"{\"pong\": true}"}}` {
		t.Errorf("create-integration-response: %s", ir)
	}
	route := mustExec(t, g, "create-route --api-id chat --route-key ping --target integrations/"+mock+" --route-response-selection-expression $default")
	rid := firstIDOf(t, compactJSON(t, route), "RouteId")
	rr := compactJSON(t, mustExec(t, g, "create-route-response --api-id chat --route-id "+rid+" --route-response-key $default"))
	rrID := firstIDOf(t, rr, "RouteResponseId")
	if rr != `{"RouteResponseId":"`+rrID+`","RouteResponseKey":"$default"}` {
		t.Errorf("create-route-response: %s", rr)
	}
	model := compactJSON(t, mustExec(t, g, `create-model --api-id chat --name Ping --schema '{"$schema": "http://json-schema.org/draft-04/schema#", "type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}'`))
	mid := firstIDOf(t, model, "ModelId")
	if model != `{"ContentType":"application/json","ModelId":"`+mid+`","Name":"Ping","Schema":"{\"$schema\": \"http://json-schema.org/draft-04/schema#\", \"type\": \"object\", \"required\": [\"n\"], \"properties\": {\"n\": {\"type\": \"integer\"}}}"}` {
		t.Errorf("create-model: %s", model)
	}
	mustExec(t, g, `update-route --api-id chat --route-id `+rid+` --model-selection-expression $default --request-models '{"$default": "Ping"}'`)
	mustExec(t, g, "create-stage --api-id chat --stage-name prod")
	mustExec(t, g, "create-deployment --api-id chat --stage-name prod")
	api, _ := g.WebSocketAPI("chat")
	res := api.Connect(&websocket.ConnectRequest{Stage: "prod", Peer: &wsPeer{}})
	if res.Status != 101 {
		t.Fatalf("connect: %d %s", res.Status, res.Body)
	}
	say := func(msg string) string { return string(res.Conn.Receive(websocket.Inbound{Data: []byte(msg)}).Reply) }
	if r := say(`{"action":"ping","n":1}`); r != `{"pong": true}` {
		t.Errorf("a valid message: %q", r)
	}
	want := `{"message": "Bad request body", "connectionId":"` + res.Conn.ID() + `", "requestId":"`
	if r := say(`{"action":"ping","n":"one"}`); !strings.HasPrefix(r, want) {
		t.Errorf("a message the model refuses: %q", r)
	}
	// what the client made survives export --format workspace and a reload
	api2, _ := reloaded(t, g, "state.yaml").WebSocketAPI("chat")
	res2 := api2.Connect(&websocket.ConnectRequest{Stage: "prod", Peer: &wsPeer{}})
	if r := string(res2.Conn.Receive(websocket.Inbound{Data: []byte(`{"action":"ping","n":"one"}`)}).Reply); !strings.HasPrefix(r, `{"message": "Bad request body"`) {
		t.Errorf("after reload, a message the model refuses: %q", r)
	}
	if r := string(res2.Conn.Receive(websocket.Inbound{Data: []byte(`{"action":"ping","n":2}`)}).Reply); r != `{"pong": true}` {
		t.Errorf("after reload, a valid message: %q", r)
	}
	// lists, gets, the model in use, deletes
	if out := mustExec(t, g, "get-integration-responses --api-id chat --integration-id "+mock); !strings.Contains(out, irID) {
		t.Errorf("get-integration-responses:\n%s", out)
	}
	if out := mustExec(t, g, "get-route-responses --api-id chat --route-id "+rid); !strings.Contains(out, rrID) {
		t.Errorf("get-route-responses:\n%s", out)
	}
	if out := mustExec(t, g, "get-models --api-id chat"); !strings.Contains(out, `"Name": "Ping"`) {
		t.Errorf("get-models:\n%s", out)
	}
	mustExec(t, g, `update-integration-response --api-id chat --integration-id `+mock+` --integration-response-id `+irID+` --response-templates '{"$default": "pong2"}'`)
	for _, tc := range []struct{ line, want string }{
		{"delete-model --api-id chat --model-id " + mid, "ConflictException: Cannot delete model 'Ping', is referenced in route: ping"},
		{"get-model --api-id chat --model-id nope", "NotFoundException: Invalid Model identifier specified nope"},
		{"get-route-response --api-id chat --route-id " + rid + " --route-response-id nope", "NotFoundException: Invalid RouteResponse identifier specified nope"},
		{"get-integration-response --api-id chat --integration-id " + mock + " --integration-response-id nope", "NotFoundException: Invalid IntegrationResponse identifier specified nope"},
		{"create-route-response --api-id chat --route-id " + rid + " --route-response-key $default", "ConflictException: Unable to create route response. Route response key $default already exists for this route"},
		{"create-route-response --api-id chat --route-id " + rid + " --route-response-key other", `BadRequestException: routes.ping.routeResponses[1].routeResponseKey: "other": WebSocket route responses take the key $default only`},
		{"update-route --api-id chat --route-id " + rid + ` --request-models '{"$default": "Nope"}'`, `BadRequestException: routes.ping.requestModels: no model "Nope" in this API's models (Ping)`},
		{"create-model --api-id shop --name M --schema {}", "BadRequestException: Models are supported only for WebSocket APIs"},
	} {
		if _, err := g.Exec(tc.line); err == nil || err.Error() != tc.want {
			t.Errorf("%s:\n got %v\nwant %s", tc.line, err, tc.want)
		}
	}
	mustExec(t, g, "delete-route-response --api-id chat --route-id "+rid+" --route-response-id "+rrID)
	mustExec(t, g, "delete-integration-response --api-id chat --integration-id "+mock+" --integration-response-id "+irID)
	mustExec(t, g, "update-route --api-id chat --route-id "+rid+` --request-models '{}' --model-selection-expression ''`)
	mustExec(t, g, "delete-model --api-id chat --model-id "+mid)
	if out := mustExec(t, g, "get-models --api-id chat"); strings.Contains(out, "Ping") {
		t.Errorf("get-models after delete:\n%s", out)
	}
}

// firstIDOf is the value of a member in a compact JSON answer.
func firstIDOf(t *testing.T, out, member string) string {
	t.Helper()
	_, rest, ok := strings.Cut(out, `"`+member+`":"`)
	if !ok {
		t.Fatalf("no %s in %s", member, out)
	}
	id, _, _ := strings.Cut(rest, `"`)
	return id
}
