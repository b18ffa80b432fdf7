package engine

import (
	"strings"
	"testing"

	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

func mappingWorkspace(reqTpl, respTpl string) *model.Workspace {
	ws := petsWorkspace()
	ws.Functions = append(ws.Functions, &model.Function{FunctionName: "echoRaw", Behavior: model.Behavior{Echo: true}})
	ws.RestAPIs[0].Resources = append(ws.RestAPIs[0].Resources, &model.Resource{Path: "/map/{id}", Methods: []*model.Method{{
		HTTPMethod: "POST", Integration: &model.Integration{Type: model.IntegrationAWS, URI: "function:echoRaw", HTTPMethod: "POST",
			RequestTemplates: map[string]string{"application/json": reqTpl},
			IntegrationResponses: []*model.IntegrationResponse{{StatusCode: "200",
				ResponseTemplates: map[string]string{"application/json": respTpl}}}}}}})
	return ws
}

func TestMappingTemplatesUseVTL(t *testing.T) {
	req := `#set($pets = $input.path('$.pets'))
{"id": "$input.params('id')", "q": "$input.params('q')", "count": $pets.size(), "names": [#foreach($p in $pets)"$p.name"#if($foreach.hasNext),#end#end], "stage": "$context.stage", "alias": "$stageVariables.fn"}`
	resp := `#set($b = $input.path('$'))
{"got": $b.count, "first": "$b.names[0]"}
#set($context.responseOverride.status = 201)
#set($context.responseOverride.header.X-Mapped = "yes")`
	g := newGateway(t, mappingWorkspace(req, resp))
	r := g.Invoke(&Request{Method: "POST", Path: "/prod/map/7", RawQuery: "q=a+b",
		Header: wire.Headers{{Name: "Content-Type", Value: "application/json"}},
		Body:   `{"pets":[{"name":"Rex"},{"name":"Tom"}]}`, Trace: true})
	if r.Status != 201 || r.Header.Value("X-Mapped") != "yes" || strings.TrimSpace(r.Body) != `{"got": 2, "first": "Rex"}` {
		t.Fatalf("got %d %q %v", r.Status, r.Body, r.Header)
	}
	if !hasLog(r, `Endpoint request body after transformations: {"id": "7", "q": "a b", "count": 2, "names": ["Rex","Tom"], "stage": "prod", "alias": "getPet"}`) {
		t.Fatalf("request mapping: %v", r.Trace.Log)
	}
}

func TestMappingBadJSONBodyIs400(t *testing.T) {
	g := newGateway(t, mappingWorkspace(`{"n": $input.json('$.n')}`, `ok`))
	r := g.Invoke(&Request{Method: "POST", Path: "/prod/map/1", Body: `{not json`})
	if r.Status != 400 || !strings.HasPrefix(r.Body, `{"message":"Could not parse request body into json: Could not parse payload into json: `) ||
		r.Header.Value("x-amzn-ErrorType") != "BadRequestException" {
		t.Fatalf("got %d %s %v", r.Status, r.Body, r.Header)
	}
}

func TestMappingSyntaxErrorFailsDeploy(t *testing.T) {
	_, err := New(mappingWorkspace(`#if($x) unclosed`, `ok`), Options{})
	if err == nil || !strings.Contains(err.Error(), "POST /map/{id} requestTemplates application/json") || !strings.Contains(err.Error(), "unclosed #if") {
		t.Fatalf("err = %v", err)
	}
}

func TestGatewayResponseTemplateUsesVTL(t *testing.T) {
	ws := petsWorkspace()
	ws.RestAPIs[0].GatewayResponses = map[string]*model.GatewayResponse{"DEFAULT_4XX": {ResponseTemplates: map[string]string{
		"application/json": `{"error": $context.error.messageString, "type": "$context.error.responseType", "path": "$context.path"#if($input.params('debug') == "1"), "debug": true#end}`}}}
	g := newGateway(t, ws)
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/nope", RawQuery: "debug=1"})
	if r.Status != 403 || r.Body != `{"error": "Missing Authentication Token", "type": "MISSING_AUTHENTICATION_TOKEN", "path": "/prod/nope", "debug": true}` {
		t.Fatalf("got %d %s", r.Status, r.Body)
	}
}
