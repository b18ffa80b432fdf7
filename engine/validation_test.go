package engine

import (
	"slices"
	"strings"
	"testing"

	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

func validatedWorkspace() *model.Workspace {
	ws := petsWorkspace()
	api := ws.RestAPIs[0]
	api.Models = map[string]*model.Model{"Pet": {Schema: map[string]any{
		"$schema": "http://json-schema.org/draft-04/schema#", "type": "object", "required": []any{"name"},
		"properties": map[string]any{"name": map[string]any{"type": "string"}, "age": map[string]any{"type": "integer", "minimum": float64(0)}}}}}
	api.RequestValidators = []*model.RequestValidator{{Name: "all", ValidateRequestBody: true, ValidateRequestParameters: true}}
	m := api.Resources[6].Methods[0] // POST /custom
	m.RequestValidatorID = "all"
	m.RequestModels = map[string]string{"application/json": "Pet"}
	m.RequestParameters = map[string]bool{"method.request.header.x-header-param": true, "method.request.querystring.qs1": true,
		"method.request.querystring.optional": false}
	return ws
}

// validHeaders pass validatedWorkspace's parameter check and name its model's content type.
var validHeaders = wire.Headers{{Name: "x-header-param", Value: "1"}, {Name: "Content-Type", Value: "application/json"}}

// Bodies from real AWS (LocalStack snapshot test_api_gateway_request_validator).
func TestRequestValidation(t *testing.T) {
	g := newGateway(t, validatedWorkspace())
	ok := validHeaders
	tests := []struct {
		name    string
		header  wire.Headers
		query   string
		body    string
		status  int
		want    string
		errType string
	}{
		{"missing parameters", nil, "", `{"name":"Rex"}`, 400, `{"message": "Missing required request parameters: [x-header-param, qs1]"}`, "BadRequestException"},
		{"body fails the model", ok, "qs1=a", `{"age":-1}`, 400, `{"message": "Invalid request body"}`, "BadRequestException"},
		{"body is not JSON", ok, "qs1=a", `{nope`, 400, `{"message": "Invalid request body"}`, "BadRequestException"},
		{"valid: reaches the integration (which maps its error to 404)", ok, "qs1=a", `{"name":"Rex","age":3}`, 404, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := g.Invoke(&Request{Method: "POST", Path: "/prod/custom", Header: tt.header, RawQuery: tt.query, Body: tt.body})
			if r.Status != tt.status || (tt.want != "" && r.Body != tt.want) || r.Header.Value("x-amzn-ErrorType") != tt.errType {
				t.Fatalf("got %d %s %v", r.Status, r.Body, r.Header)
			}
		})
	}
}

func TestBadModelFailsDeploy(t *testing.T) {
	ws := validatedWorkspace()
	ws.RestAPIs[0].Models["Pet"].Schema = map[string]any{"type": "nonsense"}
	if _, err := New(ws, Options{}); err == nil {
		t.Fatal("an invalid schema deployed")
	}
}

// A deeply nested body against a recursive model is refused before validation: nesting past
// 1,000 (Jackson's limit, as mapping templates) is "Invalid request body", and the work is
// bounded (counted in allocations, not time).
func TestValidationNestingCap(t *testing.T) {
	ws := validatedWorkspace()
	ws.RestAPIs[0].Models["Pet"].Schema = map[string]any{"type": "object",
		"properties": map[string]any{"c": map[string]any{"$ref": "#"}}}
	g := newGateway(t, ws)
	hdr := wire.Headers{{Name: "x-header-param", Value: "1"}, {Name: "Content-Type", Value: "application/json"}}
	nest := func(n int) string {
		return strings.Repeat(`{"c":`, n) + `{}` + strings.Repeat("}", n)
	}
	for _, tt := range []struct {
		depth  int
		status int
	}{{999, 404}, {1000, 400}, {9_999, 400}} {
		r := g.Invoke(&Request{Method: "POST", Path: "/prod/custom", Header: hdr, RawQuery: "qs1=a", Body: nest(tt.depth)})
		if r.Status != tt.status || (tt.status == 400 && r.Body != `{"message": "Invalid request body"}`) {
			t.Errorf("depth %d: got %d %s", tt.depth, r.Status, r.Body)
		}
	}
	deep := nest(9_999)
	allocs := testing.AllocsPerRun(3, func() {
		g.Invoke(&Request{Method: "POST", Path: "/prod/custom", Header: hdr, RawQuery: "qs1=a", Body: deep})
	})
	if allocs > 500 {
		t.Errorf("a 10,000-deep body cost %.0f allocations, want at most 500", allocs)
	}
}

// $context.error.validationErrorString in a customised BAD_REQUEST_BODY /
// BAD_REQUEST_PARAMETERS gateway response holds the validation detail JSON-escaped, so
// "$context.error.validationErrorString" in a JSON template stays JSON: AWS's sample
// aws-samples/serverless-samples apigw-eventbridge-schema-validation (template
// '{ "message": "$context.error.validationErrorString"}') answers
// { "message": "[object has missing required properties ([\"schedule\",\"team\"])]"}.
func TestValidationErrorString(t *testing.T) {
	ws := validatedWorkspace()
	tpl := map[string]string{"application/json": `{"msg":"$context.error.validationErrorString"}`}
	ws.RestAPIs[0].GatewayResponses = map[string]*model.GatewayResponse{
		"BAD_REQUEST_BODY":       {ResponseTemplates: tpl},
		"BAD_REQUEST_PARAMETERS": {ResponseTemplates: tpl},
	}
	g := newGateway(t, ws)
	ok := validHeaders
	tests := []struct {
		name, query, body, want string
		header                  wire.Headers
	}{
		{"missing parameters", "", `{"name":"Rex"}`, `{"msg":"Missing required request parameters: [x-header-param, qs1]"}`, nil},
		{"missing property", "qs1=a", `{"age":3}`, `{"msg":"[object has missing required properties ([\"name\"])]"}`, ok},
		{"wrong type", "qs1=a", `{"name":1}`, `{"msg":"[instance type (integer) does not match any allowed primitive type (allowed: [\"string\"])]"}`, ok},
		{"below minimum", "qs1=a", `{"name":"Rex","age":-1}`, `{"msg":"[numeric instance is lower than the required minimum (minimum: 0, found: -1)]"}`, ok},
		{"empty body", "qs1=a", ``, `{"msg":"[Unknown error parsing request body]"}`, ok},
		{"not JSON", "qs1=a", `{nope`, `{"msg":"[Unknown error parsing request body]"}`, ok},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := g.Invoke(&Request{Method: "POST", Path: "/prod/custom", Header: tt.header, RawQuery: tt.query, Body: tt.body})
			if r.Status != 400 || r.Body != tt.want || r.Header.Value("x-amzn-ErrorType") != "BadRequestException" {
				t.Fatalf("got %d %s %v\nwant 400 %s", r.Status, r.Body, r.Header, tt.want)
			}
		})
	}
}

// The execution log prints the detail as it is (the console's test pane: "Request body
// does not match model schema for content type application/json: [object has missing
// required properties ([\"email\",\"password\",\"repeatPassword\"])]").
func TestValidationExecutionLog(t *testing.T) {
	g := newGateway(t, validatedWorkspace())
	r := g.Invoke(&Request{Method: "POST", Path: "/prod/custom", Header: validHeaders, RawQuery: "qs1=a", Body: `{"age":3}`, Trace: true})
	want := `Request body does not match model schema for content type application/json: [object has missing required properties (["name"])]`
	var lines []string
	for _, l := range r.Trace.Log {
		lines = append(lines, l.Text)
	}
	if r.Status != 400 || !slices.Contains(lines, want) {
		t.Fatalf("got %d, log:\n%s\nwant the line %q", r.Status, strings.Join(lines, "\n"), want)
	}
}

// The access log's $context.error.validationErrorString carries the same detail.
func TestValidationErrorStringAccessLog(t *testing.T) {
	ws := validatedWorkspace()
	ws.RestAPIs[0].Stages[0].AccessLogSettings = &model.AccessLogSettings{DestinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:access",
		Format: `$context.status $context.error.validationErrorString`}
	g := newGateway(t, ws)
	r := g.Invoke(&Request{Method: "POST", Path: "/prod/custom", Body: `{}`})
	if want := "400 Missing required request parameters: [x-header-param, qs1]"; r.AccessLog != want {
		t.Fatalf("access log %q, want %q", r.AccessLog, want)
	}
}
