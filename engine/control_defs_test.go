package engine

import (
	"bytes"
	"encoding/json"
	"testing"

	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// defsWorkspace: one API with a MOCK method, and a function for a Lambda authorizer.
func cpDefsGateway(t *testing.T) *Gateway {
	t.Helper()
	ws, err := model.Parse("ws.yaml", []byte(`
restApis:
  - name: shop
    resources:
      /items:
        GET: {integration: {type: MOCK, requestTemplates: {application/json: '{"statusCode": 200}'}, integrationResponses: [{statusCode: "200", responseTemplates: {application/json: '{"ok": true}'}}]}}
    stages: [{stageName: dev}]
functions:
  - functionName: auth
    returns: {principalId: me, policyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "execute-api:Invoke", Resource: "*"}]}}
`))
	if err != nil {
		t.Fatal(err)
	}
	return newGateway(t, ws)
}

// compactOut is a verb's answer on one line ("error: …" for an error), for exact comparison.
func compactOut(out string, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	var b bytes.Buffer
	if json.Compact(&b, []byte(out)) != nil {
		return out
	}
	return b.String()
}

// runSteps runs each command in order and compares its whole answer.
func runSteps(t *testing.T, g *Gateway, steps [][2]string) {
	t.Helper()
	for _, s := range steps {
		if got := compactOut(g.Exec(s[0])); got != s[1] {
			t.Errorf("%s\n got: %s\nwant: %s", s[0], got, s[1])
		}
	}
}

func TestAuthorizerVerbs(t *testing.T) {
	g := cpDefsGateway(t)
	runSteps(t, g, [][2]string{
		{"create-authorizer --name tok --type TOKEN --authorizer-uri function:auth --identity-source method.request.header.Authorization --authorizer-result-ttl-in-seconds 0", `{"authType":"custom","authorizerResultTtlInSeconds":0,"authorizerUri":"function:auth","id":"5mnp25","identitySource":"method.request.header.Authorization","name":"tok","type":"TOKEN"}`},
		{"create-authorizer --name tok --type TOKEN --authorizer-uri function:auth", `error: ConflictException: an authorizer named tok already exists (apigwlab lets methods name authorizers: choose another)`},
		{"create-authorizer --name x --type JWT", `error: ValidationException: 1 validation error detected: Value 'JWT' at 'createAuthorizerInput.type' failed to satisfy constraint: Member must satisfy enum value set: [TOKEN, REQUEST, COGNITO_USER_POOLS]`},
		{"get-authorizer --authorizer-id tok", `{"authType":"custom","authorizerResultTtlInSeconds":0,"authorizerUri":"function:auth","id":"5mnp25","identitySource":"method.request.header.Authorization","name":"tok","type":"TOKEN"}`},
		{"get-authorizers", `{"items":[{"authType":"custom","authorizerResultTtlInSeconds":0,"authorizerUri":"function:auth","id":"5mnp25","identitySource":"method.request.header.Authorization","name":"tok","type":"TOKEN"}]}`},
		{"get-authorizer --authorizer-id nope", `error: NotFoundException: Invalid Authorizer identifier specified 123456789012:nope`},
		{"update-authorizer --authorizer-id tok --patch-operations op=replace,path=/authorizerResultTtlInSeconds,value=60", `{"authType":"custom","authorizerResultTtlInSeconds":60,"authorizerUri":"function:auth","id":"5mnp25","identitySource":"method.request.header.Authorization","name":"tok","type":"TOKEN"}`},
		{"put-method --resource-id /items --http-method POST --authorization-type CUSTOM --authorizer-id tok", `{"apiKeyRequired":false,"authorizationType":"CUSTOM","authorizerId":"tok","httpMethod":"POST"}`},
		{"delete-authorizer --authorizer-id tok", `error: ConflictException: Cannot delete authorizer 'tok', is referenced in method: /items/POST`},
		{"delete-method --resource-id /items --http-method POST", ``},
		{"delete-authorizer --authorizer-id tok", ``},
		{"get-authorizers", `{"items":[]}`},
	})
}

func TestModelVerbs(t *testing.T) {
	g := cpDefsGateway(t)
	runSteps(t, g, [][2]string{
		{`create-model --name Item --content-type application/json --description "an item" --schema '{"type":"object","required":["id"]}'`, `{"contentType":"application/json","description":"an item","id":"kw7ilp","name":"Item","schema":"{\"required\":[\"id\"],\"type\":\"object\"}"}`},
		{`create-model --name Item --content-type application/json --schema '{"type":"object"}'`, `error: ConflictException: Model name already exists for this REST API`},
		{`create-model --name Other --content-type application/json --schema '{}'`, `error: BadRequestException: Model schema must have at least 1 property or array items defined`},
		{`create-model --name "" --content-type application/json --schema '{"type":"object"}'`, `error: BadRequestException: Model name must be non-empty`},
		{`create-model --name Bad --content-type application/json --schema '{"type":7}'`, `error: BadRequestException: model Bad is not a valid JSON Schema (draft 4): "apigwlab:///models/Bad#" is not valid against metaschema: jsonschema validation failed with 'http://json-schema.org/draft-04/schema#'
- at '/type': 'anyOf' failed
  - at '/type': value must be one of 'array', 'boolean', 'integer', 'null', 'number', 'object', 'string'
  - at '/type': got number, want array`},
		{"get-model --model-name Item", `{"contentType":"application/json","description":"an item","id":"kw7ilp","name":"Item","schema":"{\"required\":[\"id\"],\"type\":\"object\"}"}`},
		{"get-model --model-name MySchema", `error: NotFoundException: Invalid model name specified: MySchema`},
		{"get-models --limit 2", `{"items":[{"contentType":"application/json","description":"This is a default empty schema model","id":"9sal1y","name":"Empty","schema":"{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"Empty Schema\",\"type\":\"object\"}"},{"contentType":"application/json","description":"This is a default error schema model","id":"tsmonp","name":"Error","schema":"{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"properties\":{\"message\":{\"type\":\"string\"}},\"title\":\"Error Schema\",\"type\":\"object\"}"}],"position":"2"}`},
		{"get-models --limit 2 --position 2", `{"items":[{"contentType":"application/json","description":"an item","id":"kw7ilp","name":"Item","schema":"{\"required\":[\"id\"],\"type\":\"object\"}"}]}`},
		{`update-model --model-name Item --patch-operations op=replace,path=/description,value=v2`, `{"contentType":"application/json","description":"v2","id":"kw7ilp","name":"Item","schema":"{\"required\":[\"id\"],\"type\":\"object\"}"}`},
		{`update-model --model-name Item --patch-operations op=replace,path=/name,value=v2`, `error: BadRequestException: Invalid patch path  '/name' specified for op 'replace'. Must be one of: [/description, /schema]`},
		{`update-model --model-name Item --patch-operations op=add,path=/wrong-path,value=v2`, `error: BadRequestException: Invalid patch path  '/wrong-path' specified for op 'add'. Please choose supported operations`},
		{"put-method --resource-id /items --http-method POST --authorization-type NONE --request-models application/json=Item", `{"apiKeyRequired":false,"authorizationType":"NONE","httpMethod":"POST","requestModels":{"application/json":"Item"}}`},
		{"delete-model --model-name Item", `error: ConflictException: Cannot delete model 'Item', is referenced in method request: /items/POST`},
		{"put-method --resource-id / --http-method ANY --authorization-type NONE --request-models application/json=Empty", `{"apiKeyRequired":false,"authorizationType":"NONE","httpMethod":"ANY","requestModels":{"application/json":"Empty"}}`},
		{"delete-model --model-name Empty", `error: ConflictException: Cannot delete model 'Empty', is referenced in method request: //ANY`},
	})
}

func TestRequestValidatorVerbs(t *testing.T) {
	g := cpDefsGateway(t)
	runSteps(t, g, [][2]string{
		{"create-request-validator --name body --validate-request-body", `{"id":"5nclzj","name":"body","validateRequestBody":true,"validateRequestParameters":false}`},
		{"create-request-validator --name ''", `error: BadRequestException: Request Validator name cannot be blank`},
		{"get-request-validator --request-validator-id body", `{"id":"5nclzj","name":"body","validateRequestBody":true,"validateRequestParameters":false}`},
		{"get-request-validators", `{"items":[{"id":"5nclzj","name":"body","validateRequestBody":true,"validateRequestParameters":false}]}`},
		{"update-request-validator --request-validator-id body --patch-operations op=replace,path=/validateRequestParameters,value=true", `{"id":"5nclzj","name":"body","validateRequestBody":true,"validateRequestParameters":true}`},
		{"update-request-validator --request-validator-id body --patch-operations op=replace,path=/validateRequestBody", `{"id":"5nclzj","name":"body","validateRequestBody":false,"validateRequestParameters":true}`},
		{"update-request-validator --request-validator-id body --patch-operations op=replace,path=/invalidPath,value=x", `error: BadRequestException: Invalid patch path  '/invalidPath' specified for op 'replace'. Must be one of: [/name, /validateRequestParameters, /validateRequestBody]`},
		{"update-request-validator --request-validator-id body --patch-operations op=add,path=/validateRequestBody,value=true", `error: BadRequestException: Invalid patch path  '/validateRequestBody' specified for op 'add'. Please choose supported operations`},
		{"update-request-validator --request-validator-id body --patch-operations op=replace,path=/name,value=", `error: BadRequestException: Request Validator name cannot be blank`},
		{"delete-request-validator --request-validator-id body", ``},
		{"get-request-validator --request-validator-id body", `error: NotFoundException: Invalid Request Validator identifier specified`},
		{"get-request-validators", `{"items":[]}`},
	})
}

func TestGatewayResponseVerbs(t *testing.T) {
	g := cpDefsGateway(t)
	runSteps(t, g, [][2]string{
		{"get-gateway-response --response-type MISSING_AUTHENTICATION_TOKEN", `{"defaultResponse":true,"responseParameters":{},"responseTemplates":{"application/json":"{\"message\":$context.error.messageString}"},"responseType":"MISSING_AUTHENTICATION_TOKEN","statusCode":"403"}`},
		{`put-gateway-response --response-type MISSING_AUTHENTICATION_TOKEN --status-code 404 --response-parameters gatewayresponse.header.X-Why="'nope'" --response-templates '{"application/json":"{\"m\":$context.error.messageString}"}'`, `{"defaultResponse":false,"responseParameters":{"gatewayresponse.header.X-Why":"'nope'"},"responseTemplates":{"application/json":"{\"m\":$context.error.messageString}"},"responseType":"MISSING_AUTHENTICATION_TOKEN","statusCode":"404"}`},
		{"get-gateway-responses --limit 2 --position 12", `{"items":[{"defaultResponse":true,"responseParameters":{},"responseTemplates":{"application/json":"{\"message\":$context.error.messageString}"},"responseType":"INVALID_SIGNATURE","statusCode":"403"},{"defaultResponse":false,"responseParameters":{"gatewayresponse.header.X-Why":"'nope'"},"responseTemplates":{"application/json":"{\"m\":$context.error.messageString}"},"responseType":"MISSING_AUTHENTICATION_TOKEN","statusCode":"404"}],"position":"14"}`},
		{"update-gateway-response --response-type DEFAULT_4XX --patch-operations op=replace,path=/statusCode,value=444", `{"defaultResponse":false,"responseParameters":{},"responseTemplates":{"application/json":"{\"message\":$context.error.messageString}"},"responseType":"DEFAULT_4XX","statusCode":"444"}`},
		{"update-gateway-response --response-type DEFAULT_4XX --patch-operations op=add,path=/statusCode,value=444", `error: BadRequestException: Invalid patch path /statusCode`},
		{"update-gateway-response --response-type DEFAULT_4XX --patch-operations op=replace,path=/wrongPath,value=1", `error: BadRequestException: Invalid patch path /wrongPath`},
		{"update-gateway-response --response-type DEFAULT_4XX --patch-operations op=add,path=/responseTemplates/application~1xml,value=", `error: BadRequestException: Invalid null or empty value in responseTemplates`},
		{"get-gateway-response --response-type FAKE_RESPONSE_TYPE", `error: ValidationException: 1 validation error detected: Value 'FAKE_RESPONSE_TYPE' at 'responseType' failed to satisfy constraint: Member must satisfy enum value set: [REQUEST_TOO_LARGE, RESOURCE_NOT_FOUND, AUTHORIZER_CONFIGURATION_ERROR, MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_BODY, INVALID_SIGNATURE, INVALID_API_KEY, BAD_REQUEST_PARAMETERS, AUTHORIZER_FAILURE, UNAUTHORIZED, INTEGRATION_TIMEOUT, ACCESS_DENIED, DEFAULT_4XX, DEFAULT_5XX, WAF_FILTERED, QUOTA_EXCEEDED, THROTTLED, API_CONFIGURATION_ERROR, UNSUPPORTED_MEDIA_TYPE, INTEGRATION_FAILURE, EXPIRED_TOKEN]`},
		{"delete-gateway-response --response-type THROTTLED", `error: NotFoundException: Gateway response type not defined on api`},
		{"delete-gateway-response --response-type DEFAULT_4XX", ``},
		{"get-gateway-response --response-type DEFAULT_4XX", `{"defaultResponse":true,"responseParameters":{},"responseTemplates":{"application/json":"{\"message\":$context.error.messageString}"},"responseType":"DEFAULT_4XX"}`},
	})
}

func TestStageAndResourceVerbs(t *testing.T) {
	g := cpDefsGateway(t)
	dep := between(mustExec(t, g, "get-stage --stage-name dev"), `"deploymentId": "`, `"`)
	runSteps(t, g, [][2]string{
		{"create-stage --rest-api-id shop --stage-name qa --deployment-id " + dep + " --variables a=1 --description QA", `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":1772600767,"deploymentId":"qpzvvp","description":"QA","lastUpdatedDate":1772600767,"methodSettings":{},"stageName":"qa","tracingEnabled":false,"variables":{"a":"1"}}`},
		{"create-stage --rest-api-id shop --stage-name qa --deployment-id " + dep, `error: ConflictException: Stage already exists`},
		{"create-stage --rest-api-id shop --stage-name qa2 --deployment-id nope", `error: NotFoundException: Invalid Deployment identifier specified`},
		{"get-resource --resource-id /items", `{"id":"v4syjq","parentId":"8b6co7","path":"/items","pathPart":"items","resourceMethods":{"GET":{}}}`},
		{"get-resource --resource-id /nope", `error: NotFoundException: Invalid Resource identifier specified ("/nope": get-resources lists the ids; a path such as /pets works too)`},
		{"create-resource --parent-id /items --path-part {id}", `{"id":"0y2vnt","parentId":"v4syjq","path":"/items/{id}","pathPart":"{id}"}`},
		{"delete-resource --resource-id /items", ``},
		{"get-resources", `{"items":[{"id":"8b6co7","path":"/"}]}`},
		{"delete-resource --resource-id /items", `error: NotFoundException: Invalid Resource identifier specified ("/items": get-resources lists the ids; a path such as /pets works too)`},
		{"delete-stage --rest-api-id shop --stage-name qa", ``},
		{"delete-stage --rest-api-id shop --stage-name qa", `error: NotFoundException: Invalid Stage identifier specified`},
	})
	// the deleted resource is still served by dev until create-deployment
	if r := g.Invoke(&Request{Method: "GET", Path: "/dev/items"}); r.Status != 200 {
		t.Fatalf("before create-deployment: %d %s", r.Status, r.Body)
	}
}

// TestDefinitionVerbsFollowDeployments: an authorizer put on a method reaches the stage with
// create-deployment, not before.
func TestDefinitionVerbsFollowDeployments(t *testing.T) {
	g := cpDefsGateway(t)
	mustExec(t, g, "create-authorizer --name tok --type TOKEN --authorizer-uri function:auth --identity-source method.request.header.Authorization")
	mustExec(t, g, "update-method --resource-id /items --http-method GET --patch-operations op=replace,path=/authorizationType,value=CUSTOM op=replace,path=/authorizerId,value=tok")
	if r := g.Invoke(&Request{Method: "GET", Path: "/dev/items"}); r.Status != 200 {
		t.Fatalf("before create-deployment: %d %s", r.Status, r.Body)
	}
	mustExec(t, g, "create-deployment --stage-name dev")
	if r := g.Invoke(&Request{Method: "GET", Path: "/dev/items"}); r.Status != 401 || r.Body != `{"message":"Unauthorized"}` {
		t.Fatalf("after create-deployment, no token: %d %s", r.Status, r.Body)
	}
	r := g.Invoke(&Request{Method: "GET", Path: "/dev/items", Header: wire.Headers{{Name: "Authorization", Value: "t"}}})
	if r.Status != 200 || r.Body != `{"ok": true}` {
		t.Fatalf("after create-deployment, a token: %d %s", r.Status, r.Body)
	}
}

// TestUsagePlanAnswersTheAPIID: apiStages name the API by its id, as AWS answers them (they
// showed the workspace's name).
func TestUsagePlanAnswersTheAPIID(t *testing.T) {
	g := cpDefsGateway(t)
	runSteps(t, g, [][2]string{
		{"create-usage-plan --name basic --api-stages apiId=shop,stage=dev", `{"apiStages":[{"apiId":"ceolsj6g0v","stage":"dev"}],"id":"9udym1","name":"basic"}`},
		{"get-usage-plan --usage-plan-id basic", `{"apiStages":[{"apiId":"ceolsj6g0v","stage":"dev"}],"id":"9udym1","name":"basic"}`},
	})
	if id := between(mustExec(t, g, "get-rest-api --rest-api-id shop"), `"id": "`, `"`); id != "ceolsj6g0v" {
		t.Fatalf("the API's id is %s", id)
	}
}
