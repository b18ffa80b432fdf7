package engine

import (
	"slices"
	"testing"

	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// defsWorkspace: the validated workspace with a TOKEN authorizer on GET /pets and a
// customised MISSING_AUTHENTICATION_TOKEN; edited, the authorizer reads X-Token instead
// of Authorization, the model requires age and the gateway response says v2.
func defsWorkspace(edited bool) *model.Workspace {
	ws := validatedWorkspace()
	api := ws.RestAPIs[0]
	src, say := "method.request.header.Authorization", `{"v": 1}`
	if edited {
		src, say = "method.request.header.X-Token", `{"v": 2}`
		api.Models["Pet"].Schema.(map[string]any)["required"] = []any{"name", "age"}
	}
	api.Authorizers = []*model.Authorizer{{Name: "tok", Type: "TOKEN", AuthorizerURI: "function:authz", IdentitySource: src}}
	api.Resources[0].Methods[0].AuthorizationType, api.Resources[0].Methods[0].AuthorizerID = "CUSTOM", "tok"
	api.GatewayResponses = map[string]*model.GatewayResponse{"MISSING_AUTHENTICATION_TOKEN": {
		ResponseTemplates: map[string]string{"application/json": say}}}
	ws.Functions = append(ws.Functions, &model.Function{FunctionName: "authz", Behavior: model.Behavior{Returns: map[string]any{
		"principalId": "u", "policyDocument": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
			"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}}}}}})
	return ws
}

// Authorizers, models and gateway responses are part of a deployment, as on AWS ("every
// time you update an API, you must redeploy"): a stage serves its deployment's copy until
// create-deployment.
func TestDefinitionsFrozenInDeployments(t *testing.T) {
	type answer struct {
		status int
		body   string
	}
	ask := func(g *Gateway) [3]answer {
		var out [3]answer
		for i, req := range []*Request{
			{Method: "GET", Path: "/prod/pets", Header: bearer("allow")},
			{Method: "POST", Path: "/prod/custom", RawQuery: "qs1=a", Body: `{"name":"Rex"}`,
				Header: wire.Headers{{Name: "x-header-param", Value: "1"}, {Name: "Content-Type", Value: "application/json"}}},
			{Method: "GET", Path: "/prod/nowhere"},
		} {
			r := g.Invoke(req)
			out[i] = answer{r.Status, r.Body}
		}
		return out
	}
	old := [3]answer{{200, `[{"id":1}]`}, {404, ""}, {403, `{"v": 1}`}}
	edited := [3]answer{{401, `{"message":"Unauthorized"}`}, {400, `{"message": "Invalid request body"}`}, {403, `{"v": 2}`}}
	cmp := func(what string, got, want [3]answer) {
		t.Helper()
		for i := range got {
			if got[i].status != want[i].status || (want[i].body != "" && got[i].body != want[i].body) {
				t.Errorf("%s, request %d: got %d %s, want %d %s", what, i, got[i].status, got[i].body, want[i].status, want[i].body)
			}
		}
	}

	g := newGateway(t, defsWorkspace(false))
	cmp("as loaded", ask(g), old)
	ws := defsWorkspace(true)
	g.KeepDeployments(ws) // the TUI's E, a lab's reload
	g2 := newGateway(t, ws)
	cmp("after a reload, before deploying", ask(g2), old)
	if got := g2.APIs()[0].Undeployed; !slices.Equal(got, []string{"prod"}) {
		t.Fatalf("Undeployed = %v, want [prod]", got)
	}
	if !ws.RestAPIs[0].Undeployed(ws.RestAPIs[0].Stages[0]) {
		t.Fatal("model.Undeployed disagrees with the gateway")
	}
	mustExec(t, g2, "create-deployment --rest-api-id pets --stage-name prod")
	cmp("after create-deployment", ask(g2), edited)
	if got := g2.APIs()[0].Undeployed; len(got) != 0 {
		t.Fatalf("Undeployed after deploying = %v", got)
	}

	// update-authorizer changes the API, not the stage's deployment
	g3 := newGateway(t, defsWorkspace(false))
	mustExec(t, g3, "update-authorizer --rest-api-id pets --authorizer-id tok --patch-operations op=replace,path=/identitySource,value=method.request.header.X-Token")
	if got := g3.APIs()[0].Undeployed; !slices.Equal(got, []string{"prod"}) {
		t.Fatalf("after update-authorizer: Undeployed = %v, want [prod]", got)
	}
	if r := g3.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: bearer("allow")}); r.Status != 200 {
		t.Fatalf("after update-authorizer, before deploying: %d %s", r.Status, r.Body)
	}
	mustExec(t, g3, "create-deployment --rest-api-id pets --stage-name prod")
	if r := g3.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: bearer("allow")}); r.Status != 401 {
		t.Fatalf("after deploying the authorizer change: %d %s", r.Status, r.Body)
	}
}
