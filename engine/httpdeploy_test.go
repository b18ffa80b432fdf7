package engine

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"apigwlab/engine/clock"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

const shopHTTPYAML = `apiVersion: apigwlab/v1
httpApis:
  - name: shop
    routes:
      "GET /hello":
        integration: {integrationType: AWS_PROXY, integrationUri: "function:hello", payloadFormatVersion: "2.0"}
    stages:
      - {stageName: $default, autoDeploy: true}
      - {stageName: prod, stageVariables: {color: blue}}
functions:
  - functionName: hello
    returns: "hi"
  - functionName: bye
    returns: "bye"
`

func shopHTTP(t *testing.T, yaml string) *Gateway {
	t.Helper()
	ws, err := model.Parse("shop.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(ws, Options{Clock: clock.NewVirtual(t0), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	return g
}

func get(t *testing.T, g *Gateway, path string) (int, string) {
	t.Helper()
	r := g.Invoke(&Request{API: "shop", Method: "GET", Path: path})
	return r.Status, r.Body
}

func wantGet(t *testing.T, g *Gateway, path string, status int, body string) {
	t.Helper()
	if s, b := get(t, g, path); s != status || b != body {
		t.Errorf("GET %s = %d %s, want %d %s", path, s, b, status, body)
	}
}

func wantOut(t *testing.T, g *Gateway, line, want string) {
	t.Helper()
	if got := mustExec(t, g, line); got != want {
		t.Errorf("%s:\n%s\nwant:\n%s", line, got, want)
	}
}

func undeployed(g *Gateway, api string) []string {
	for _, a := range g.APIs() {
		if a.Name == api {
			return a.Undeployed
		}
	}
	return nil
}

// The deployment trap on an HTTP API: a stage without autoDeploy keeps serving its
// deployment after a change, until create-deployment; the autoDeploy stage serves the change
// at once (AWS, "Stages for HTTP APIs").
func TestHTTPAPIDeployTrap(t *testing.T) {
	g := shopHTTP(t, shopHTTPYAML)
	wantGet(t, g, "/hello", 200, "hi")
	wantGet(t, g, "/prod/hello", 200, "hi")
	first := mustExec(t, g, "get-stage --api-id shop --stage-name prod")

	wantOut(t, g, "create-integration --api-id shop --integration-type AWS_PROXY --integration-uri arn:aws:lambda:us-east-1:123456789012:function:bye --payload-format-version 2.0", `{
    "ConnectionType": "INTERNET",
    "IntegrationId": "5a7vi48",
    "IntegrationMethod": "POST",
    "IntegrationType": "AWS_PROXY",
    "IntegrationUri": "arn:aws:lambda:us-east-1:123456789012:function:bye",
    "PayloadFormatVersion": "2.0",
    "TimeoutInMillis": 30000
}`)
	wantOut(t, g, "create-route --api-id shop --route-key 'GET /bye' --target integrations/5a7vi48", `{
    "ApiKeyRequired": false,
    "AuthorizationType": "NONE",
    "RouteId": "tiacqku",
    "RouteKey": "GET /bye",
    "Target": "integrations/5a7vi48"
}`)
	wantGet(t, g, "/bye", 200, "bye")                          // $default: autoDeploy
	wantGet(t, g, "/prod/bye", 404, `{"message":"Not Found"}`) // prod: the old deployment
	if u := undeployed(g, "shop"); !slices.Equal(u, []string{"prod"}) {
		t.Errorf("Undeployed = %v, want [prod]", u)
	}
	if after := mustExec(t, g, "get-stage --api-id shop --stage-name prod"); after != first {
		t.Errorf("prod changed without a deployment:\n%s\nwas:\n%s", after, first)
	}

	wantOut(t, g, "create-deployment --api-id shop --stage-name prod --description 'with bye'", `{
    "AutoDeployed": false,
    "CreatedDate": "2026-03-04T05:06:07+00:00",
    "DeploymentId": "8x7l5u",
    "DeploymentStatus": "DEPLOYED",
    "Description": "with bye"
}`)
	wantGet(t, g, "/prod/bye", 200, "bye")
	if u := undeployed(g, "shop"); len(u) != 0 {
		t.Errorf("Undeployed after create-deployment = %v", u)
	}
	// two automatic deployments: the new integration, then the route (each change to the
	// API's configuration is released to the autoDeploy stage)
	wantOut(t, g, "get-deployments --api-id shop", `{
    "Items": [
        {
            "AutoDeployed": false,
            "CreatedDate": "2026-03-04T05:06:07+00:00",
            "DeploymentId": "3vup9d",
            "DeploymentStatus": "DEPLOYED"
        },
        {
            "AutoDeployed": true,
            "CreatedDate": "2026-03-04T05:06:07+00:00",
            "DeploymentId": "0bb18j",
            "DeploymentStatus": "DEPLOYED",
            "Description": "Automatic deployment triggered by changes to the Api configuration"
        },
        {
            "AutoDeployed": true,
            "CreatedDate": "2026-03-04T05:06:07+00:00",
            "DeploymentId": "9ngygi",
            "DeploymentStatus": "DEPLOYED",
            "Description": "Automatic deployment triggered by changes to the Api configuration"
        },
        {
            "AutoDeployed": false,
            "CreatedDate": "2026-03-04T05:06:07+00:00",
            "DeploymentId": "8x7l5u",
            "DeploymentStatus": "DEPLOYED",
            "Description": "with bye"
        }
    ]
}`)
	// rollback: point prod at the first deployment again
	mustExec(t, g, "update-stage --api-id shop --stage-name prod --deployment-id 3vup9d")
	wantGet(t, g, "/prod/bye", 404, `{"message":"Not Found"}`)
	wantGet(t, g, "/prod/hello", 200, "hi")
}

func TestHTTPAPIStageVerbs(t *testing.T) {
	g := shopHTTP(t, shopHTTPYAML)
	wantOut(t, g, "get-stages --api-id shop", `{
    "Items": [
        {
            "AutoDeploy": true,
            "CreatedDate": "2026-03-04T05:06:07+00:00",
            "DefaultRouteSettings": {
                "DetailedMetricsEnabled": false
            },
            "DeploymentId": "3vup9d",
            "LastDeploymentStatusMessage": "Successfully deployed stage with deployment ID '3vup9d'",
            "LastUpdatedDate": "2026-03-04T05:06:07+00:00",
            "RouteSettings": {},
            "StageName": "$default",
            "StageVariables": {},
            "Tags": {}
        },
        {
            "CreatedDate": "2026-03-04T05:06:07+00:00",
            "DefaultRouteSettings": {
                "DetailedMetricsEnabled": false
            },
            "DeploymentId": "3vup9d",
            "LastUpdatedDate": "2026-03-04T05:06:07+00:00",
            "RouteSettings": {},
            "StageName": "prod",
            "StageVariables": {
                "color": "blue"
            },
            "Tags": {}
        }
    ]
}`)
	// a stage without a deployment answers 404 until it gets one
	mustExec(t, g, "create-stage --api-id shop --stage-name beta")
	wantGet(t, g, "/beta/hello", 404, `{"message":"Not Found"}`)
	if u := undeployed(g, "shop"); !slices.Equal(u, []string{"beta"}) {
		t.Errorf("Undeployed = %v, want [beta]", u)
	}
	mustExec(t, g, "update-stage --api-id shop --stage-name beta --auto-deploy --stage-variables color=green --default-route-settings ThrottlingBurstLimit=1,ThrottlingRateLimit=1")
	wantGet(t, g, "/beta/hello", 200, "hi")
	wantGet(t, g, "/beta/hello", 429, `{"message":"Too Many Requests"}`)
	mustExec(t, g, "delete-stage --api-id shop --stage-name beta")
	wantGet(t, g, "/beta/hello", 404, `{"message":"Not Found"}`)
	_, err := g.Exec("get-stage --api-id shop --stage-name beta")
	if err == nil || err.Error() != "NotFoundException: Invalid stage identifier specified" {
		t.Errorf("get-stage of a deleted stage: %v", err)
	}
}

// Routes and integrations through the verbs: the $default stage (autoDeploy) follows each
// change; a change that would not deploy is refused whole.
func TestHTTPAPIRouteVerbs(t *testing.T) {
	g := shopHTTP(t, shopHTTPYAML)
	wantOut(t, g, "get-routes --api-id shop", `{
    "Items": [
        {
            "ApiKeyRequired": false,
            "AuthorizationType": "NONE",
            "RouteId": "unlujam",
            "RouteKey": "GET /hello",
            "Target": "integrations/ed6jo00"
        }
    ]
}`)
	wantOut(t, g, "get-integrations --api-id shop", `{
    "Items": [
        {
            "ConnectionType": "INTERNET",
            "IntegrationId": "ed6jo00",
            "IntegrationMethod": "POST",
            "IntegrationType": "AWS_PROXY",
            "IntegrationUri": "function:hello",
            "PayloadFormatVersion": "2.0",
            "TimeoutInMillis": 30000
        }
    ]
}`)
	mustExec(t, g, "update-integration --api-id shop --integration-id ed6jo00 --integration-uri function:bye")
	wantGet(t, g, "/hello", 200, "bye")
	wantGet(t, g, "/prod/hello", 200, "hi")
	mustExec(t, g, "update-route --api-id shop --route-id unlujam --route-key 'GET /hi'")
	wantGet(t, g, "/hi", 200, "bye")
	wantGet(t, g, "/hello", 404, `{"message":"Not Found"}`)
	// a route without a target is deployed and answers 404
	mustExec(t, g, "create-route --api-id shop --route-key 'GET /later'")
	wantGet(t, g, "/later", 404, `{"message":"Not Found"}`)
	mustExec(t, g, "delete-route --api-id shop --route-id 'GET /later'")

	errs := []struct{ line, want string }{
		{"get-api --api-id nope", "NotFoundException: Invalid API identifier specified 123456789012:nope"},
		{"get-route --api-id shop --route-id nope", "NotFoundException: Invalid Route identifier specified nope"},
		{"create-route --api-id shop --route-key 'GET /hi'", "ConflictException: Unable to create route. Route key GET /hi already exists for this API"},
		{"create-route --api-id shop --route-key 'FETCH /x'", `BadRequestException: Invalid route key "FETCH /x": "FETCH" is not a route method: use one of ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT`},
		{"create-route --api-id shop --route-key 'GET /x' --target integrations/nope", "BadRequestException: Invalid target integrations/nope: write integrations/ID with an integration of this API (get-integrations lists them)"},
		{"create-integration --api-id shop --integration-type AWS_PROXY --integration-uri function:bye", "BadRequestException: --payload-format-version is required for an AWS_PROXY integration of an HTTP API: 2.0 (the console's default) or 1.0"},
		{"create-integration --api-id shop --integration-type MOCK", "BadRequestException: Invalid integration type MOCK for an HTTP API: AWS_PROXY or HTTP_PROXY (apigwlab has no AWS service integrations)"},
		{"delete-integration --api-id shop --integration-id ed6jo00", "ConflictException: Cannot delete Integration ed6jo00: route unlujam (GET /hi) targets it; update-route --target first"},
		{"create-route --api-id shop --route-ky 'GET /x'", "Unknown options: --route-ky, GET /x (did you mean --route-key?); usage: create-route --api-id … --route-key … --target … --authorization-type … --authorizer-id … --authorization-scopes … --operation-name … --route-response-selection-expression … --api-key-required … --no-api-key-required … --model-selection-expression … --request-models …"},
	}
	before := mustExec(t, g, "get-routes --api-id shop")
	for _, e := range errs {
		if _, err := g.Exec(e.line); err == nil || err.Error() != e.want {
			t.Errorf("%s:\n got %v\nwant %s", e.line, err, e.want)
		}
	}
	if after := mustExec(t, g, "get-routes --api-id shop"); after != before {
		t.Errorf("a refused command changed the routes:\n%s", after)
	}
}

// Which service a verb spelt alike in both belongs to: the AWS CLI's service word, then the
// option naming the API, then the workspace's only kind of API.
func TestV2VerbDisambiguation(t *testing.T) {
	only := shopHTTP(t, shopHTTPYAML)
	if out := mustExec(t, only, "get-stages"); !strings.Contains(out, `"StageName": "prod"`) {
		t.Errorf("get-stages in an HTTP-only workspace is not apigatewayv2's:\n%s", out)
	}
	both := shopHTTP(t, shopHTTPYAML+`restApis:
  - name: pets
    resources:
      /pets:
        GET: {integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}}}
    stages:
      - stageName: dev
`)
	for _, tt := range []struct{ line, want string }{
		{"get-stage --stage-name dev", `"stageName": "dev"`},
		{"get-stages --rest-api-id pets", `"stageName": "dev"`},
		{"get-stages --api-id shop", `"StageName": "prod"`},
		{"aws apigatewayv2 get-stages --api-id shop", `"StageName": "prod"`},
		{"apigatewayv2 get-apis", `"Name": "shop"`},
		{"get-routes --api-id shop", `"RouteKey": "GET /hello"`},
	} {
		if out := mustExec(t, both, tt.line); !strings.Contains(out, tt.want) {
			t.Errorf("%s:\n%s\nwant it to contain %s", tt.line, out, tt.want)
		}
	}
	for _, tt := range []struct{ line, want string }{
		{"get-stages --rest-api-id shop", "NotFoundException: Invalid API identifier specified 123456789012:shop"},
		{"get-stages --api-id pets", "NotFoundException: Invalid API identifier specified 123456789012:pets (pets is a REST API: use --rest-api-id, or aws apigateway)"},
		{"aws apigateway get-routes --api-id shop", `unknown command "get-routes"`},
	} {
		if _, err := both.Exec(tt.line); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %s", tt.line, err, tt.want)
		}
	}
}

// Reloading the workspace (the TUI's E) keeps what a stage without autoDeploy serves; the
// autoDeploy stage gets the file.
func TestHTTPAPIKeepDeployments(t *testing.T) {
	g := shopHTTP(t, shopHTTPYAML)
	changed := strings.Replace(shopHTTPYAML, `integrationUri: "function:hello"`, `integrationUri: "function:bye"`, 1)
	ws, err := model.Parse("shop.yaml", []byte(changed))
	if err != nil {
		t.Fatal(err)
	}
	g.KeepDeployments(ws)
	g2, err := New(ws, Options{Clock: clock.NewVirtual(t0), Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer g2.Close()
	wantGet(t, g2, "/hello", 200, "bye")
	wantGet(t, g2, "/prod/hello", 200, "hi")
	if u := undeployed(g2, "shop"); !slices.Equal(u, []string{"prod"}) {
		t.Errorf("Undeployed = %v, want [prod]", u)
	}
	ids := regexp.MustCompile(`"DeploymentId": "(\w+)"`).FindAllStringSubmatch(mustExec(t, g2, "get-deployments --api-id shop"), -1)
	if len(ids) != 2 {
		t.Errorf("deployments after the reload: %v, want the old one and the file's", ids)
	}
}

// CORS is part of what a deployment freezes: update-api --cors-configuration reaches the
// autoDeploy stage at once and prod with its next deployment.
func TestHTTPAPIUpdateAPICorsIsDeployed(t *testing.T) {
	g := shopHTTP(t, shopHTTPYAML)
	preflight := func(path string) string {
		r := g.Invoke(&Request{API: "shop", Method: "OPTIONS", Path: path, Header: wire.Headers{
			{Name: "Origin", Value: "https://a.example"}, {Name: "Access-Control-Request-Method", Value: "GET"}}})
		return r.Header.Value("Access-Control-Allow-Origin")
	}
	out := mustExec(t, g, "update-api --api-id shop --cors-configuration AllowOrigins=https://a.example,AllowMethods=GET,POST")
	if !strings.Contains(out, `"AllowMethods": [
            "GET",
            "POST"
        ]`) {
		t.Errorf("update-api:\n%s", out)
	}
	if got := preflight("/hello"); got != "https://a.example" {
		t.Errorf("$default preflight Access-Control-Allow-Origin = %q", got)
	}
	if got := preflight("/prod/hello"); got != "" {
		t.Errorf("prod answered with the undeployed CORS configuration: %q", got)
	}
	mustExec(t, g, "create-deployment --api-id shop --stage-name prod")
	if got := preflight("/prod/hello"); got != "https://a.example" {
		t.Errorf("prod preflight after create-deployment = %q", got)
	}
}

const shopAuthYAML = `apiVersion: apigwlab/v1
userPools:
  - name: users
    clients: [{name: web}]
httpApis:
  - name: shop
    corsConfiguration: {allowOrigins: ["https://a.example"], allowMethods: [GET], maxAge: 60}
    authorizers:
      - name: jwt
        authorizerType: JWT
        jwtConfiguration: {issuer: users, audience: [q69zflp5rikd5je1wquf5kr6w4]}
    routes:
      "GET /me":
        authorizationType: JWT
        authorizerId: jwt
        authorizationScopes: [read]
        integration: {integrationType: AWS_PROXY, integrationUri: "function:hello", payloadFormatVersion: "2.0"}
      "$default":
        integration: {integrationType: HTTP_PROXY, integrationUri: "https://backend.example/{proxy}", timeoutInMillis: 5000}
    stages:
      - {stageName: $default, autoDeploy: true}
      - {stageName: prod}
functions:
  - functionName: hello
    returns: "hi"
`

// export-api writes an HTTP API as AWS's ExportApi does (the shape of exports recorded from
// AWS, docs/fidelity.md); import-api reads it back to the same routes, so a second export is
// the first but for the API's name, id and date.
func TestHTTPAPIExportImportRoundTrip(t *testing.T) {
	g := shopHTTP(t, shopAuthYAML)
	first := mustExec(t, g, "export-api --api-id shop --specification OAS30 --output-type YAML --stage-name prod")
	want := `openapi: 3.0.1
info:
    title: shop
    version: 2026-03-04 05:06:07UTC
servers:
    - url: https://fevar3busu.execute-api.us-east-1.amazonaws.com/{basePath}
      variables:
        basePath:
            default: prod
paths:
    /me:
        get:
            responses:
                default:
                    description: Default response for GET /me
            security:
                - jwt:
                    - read
            x-amazon-apigateway-integration:
                payloadFormatVersion: "2.0"
                type: aws_proxy
                httpMethod: POST
                uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:hello/invocations
                connectionType: INTERNET
    $default:
        x-amazon-apigateway-any-method:
            isDefaultRoute: true
            responses:
                default:
                    description: Default response for $default
            x-amazon-apigateway-integration:
                payloadFormatVersion: "1.0"
                type: http_proxy
                httpMethod: ANY
                uri: https://backend.example/{proxy}
                connectionType: INTERNET
                timeoutInMillis: 5000
components:
    securitySchemes:
        jwt:
            type: oauth2
            flows: {}
            x-amazon-apigateway-authorizer:
                identitySource: $request.header.Authorization
                jwtConfiguration:
                    audience:
                        - q69zflp5rikd5je1wquf5kr6w4
                    issuer: users
                type: jwt
x-amazon-apigateway-cors:
    allowMethods:
        - GET
    maxAge: 60
    allowCredentials: false
    allowOrigins:
        - https://a.example
x-amazon-apigateway-importexport-version: "1.0"
`
	if first != want {
		t.Errorf("export-api:\n%s\nwant:\n%s", first, want)
	}
	body := strings.Replace(first, "title: shop", "title: copy", 1)
	out := mustExec(t, g, "import-api --body '"+body+"'")
	if !strings.Contains(out, `"Name": "copy"`) || !strings.Contains(out, `"AllowOrigins": [`) {
		t.Fatalf("import-api:\n%s", out)
	}
	second := mustExec(t, g, "export-api --api-id copy --output-type YAML")
	norm := regexp.MustCompile(`(?m)^(    title|    version|    - url|            default): .*$`)
	if a, b := norm.ReplaceAllString(first, "$1: …"), norm.ReplaceAllString(second, "$1: …"); a != b {
		t.Errorf("export → import → export differs:\n%s\nfirst:\n%s", second, first)
	}
	// the imported API answers (it has no stage yet: give it one)
	mustExec(t, g, "create-stage --api-id copy --stage-name $default --auto-deploy")
	if r := g.Invoke(&Request{API: "copy", Method: "GET", Path: "/me"}); r.Status != 401 || r.Body != `{"message":"Unauthorized"}` {
		t.Errorf("GET /me on the imported API without a token: %d %s", r.Status, r.Body)
	}
}

// reimport-api replaces the definition: the autoDeploy stage serves it at once, prod after
// create-deployment.
func TestHTTPAPIReimport(t *testing.T) {
	g := shopHTTP(t, shopHTTPYAML)
	mustExec(t, g, `reimport-api --api-id shop --body '{"openapi": "3.0.1", "info": {"title": "shop", "version": "1"}, "paths": {"/bye": {"get": {"x-amazon-apigateway-integration": {"type": "AWS_PROXY", "uri": "arn:aws:lambda:us-east-1:123456789012:function:bye", "payloadFormatVersion": "2.0"}}}}}'`)
	wantGet(t, g, "/bye", 200, "bye")
	wantGet(t, g, "/hello", 404, `{"message":"Not Found"}`)
	wantGet(t, g, "/prod/hello", 200, "hi")
	mustExec(t, g, "create-deployment --api-id shop --stage-name prod")
	wantGet(t, g, "/prod/bye", 200, "bye")
	for _, tt := range []struct{ body, want string }{
		{`{"swagger": "2.0", "info": {"title": "x"}}`, "BadRequestException: HTTP APIs import OpenAPI 3.0 definitions (openapi: 3.0.1); this one says openapi: <nil>"},
		{`{"openapi": "3.0.1", "info": {"title": "x"}, "paths": {"/a": {"get": {"x-amazon-apigateway-integration": {"type": "MOCK"}}}}}`, "BadRequestException: paths./a.get: Invalid integration type MOCK for an HTTP API: AWS_PROXY or HTTP_PROXY (apigwlab has no AWS service integrations)"},
	} {
		if _, err := g.Exec("reimport-api --api-id shop --body '" + tt.body + "'"); err == nil || err.Error() != tt.want {
			t.Errorf("reimport-api %s:\n got %v\nwant %s", tt.body, err, tt.want)
		}
	}
}

// The read verbs answer for WebSocket APIs too, as the workspace declares them.
func TestV2ReadVerbsOnWebSocketAPIs(t *testing.T) {
	b, err := os.ReadFile("../examples/chat.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g := shopHTTP(t, string(b))
	out := mustExec(t, g, "get-apis")
	for _, want := range []string{`"Name": "chat"`, `"ProtocolType": "WEBSOCKET"`, `"RouteSelectionExpression": "$request.body.action"`} {
		if !strings.Contains(out, want) {
			t.Errorf("get-apis lacks %s:\n%s", want, out)
		}
	}
	routes := mustExec(t, g, "get-routes --api-id chat")
	if !strings.Contains(routes, `"RouteKey": "sendMessage",
            "RouteResponseSelectionExpression": "$default",
            "Target": "integrations/`) || !strings.Contains(routes, `"AuthorizationType": "CUSTOM"`) {
		t.Errorf("get-routes of a WebSocket API:\n%s", routes)
	}
	target := regexp.MustCompile(`"RouteKey": "\$connect",\s+"Target": "integrations/(\w+)"`).FindStringSubmatch(routes)
	if target == nil {
		t.Fatalf("no $connect target in:\n%s", routes)
	}
	if in := mustExec(t, g, "get-integration --api-id chat --integration-id "+target[1]); !strings.Contains(in, `"IntegrationUri": "function:onConnect"`) {
		t.Errorf("get-integration of $connect's integration:\n%s", in)
	}
	mustExec(t, g, "get-stage --api-id chat --stage-name production")
	// and they change through apigatewayv2 (control_v2_ws_test.go has the whole story)
	if out := mustExec(t, g, "create-route --api-id chat --route-key ping --target integrations/"+target[1]); !strings.Contains(out, `"RouteKey": "ping"`) {
		t.Errorf("create-route on a WebSocket API:\n%s", out)
	}
}

func TestV2VerbsInAWebSocketOnlyWorkspace(t *testing.T) {
	b, err := os.ReadFile("../examples/chat.yaml")
	if err != nil {
		t.Fatal(err)
	}
	g := shopHTTP(t, string(b))
	if out := mustExec(t, g, "get-stages"); !strings.Contains(out, `"StageName": "production"`) {
		t.Errorf("get-stages in a WebSocket-only workspace:\n%s", out)
	}
}
