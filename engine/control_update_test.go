package engine

import (
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"apigwlab/engine/model"
)

// emptyAPIGateway is a gateway with one API made by create-rest-api, as LocalStack's tests
// start (apigw_create_rest_api fixture, description "this is my api").
func emptyAPIGateway(t *testing.T) *Gateway {
	t.Helper()
	g := cpDefsGateway(t)
	if _, err := g.Exec(`create-rest-api --name ls --description "this is my api"`); err != nil {
		t.Fatal(err)
	}
	return g
}

// field runs a verb and returns one top-level member of its JSON answer.
func field(t *testing.T, g *Gateway, line, name string) string {
	t.Helper()
	out, err := g.Exec(line)
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	s, _ := m[name].(string)
	return s
}

// LS test_update_rest_api_operation_add_remove, test_update_rest_api_compression,
// test_update_rest_api_behaviour, test_update_rest_api_invalid_api_id,
// test_update_rest_api_concatenation_of_errors: the answers' members as recorded (apigwlab's
// ids, no ipAddressType).
func TestUpdateRestAPI(t *testing.T) {
	g := emptyAPIGateway(t)
	id := field(t, g, "get-rest-api --rest-api-id ls", "id")
	base := `"apiKeySource":"HEADER",%s"createdDate":1772600767,"description":"this is my api","disableExecuteApiEndpoint":false,"endpointConfiguration":{"types":["EDGE"]},"id":"` + id + `",%s"name":"ls","rootResourceId":"` + field(t, g, "get-rest-api --rest-api-id ls", "rootResourceId") + `","tags":{}`
	want := func(before, after string) string {
		return "{" + strings.Replace(strings.Replace(base, "%s", before, 1), "%s", after, 1) + "}"
	}
	runSteps(t, g, [][2]string{
		{"update-rest-api --rest-api-id ls --patch-operations op=add,path=/binaryMediaTypes/image~1png op=add,path=/binaryMediaTypes/image~1jpeg", want(`"binaryMediaTypes":["image/png","image/jpeg"],`, "")},
		{"update-rest-api --rest-api-id ls --patch-operations op=replace,path=/binaryMediaTypes/image~1png,value=image/gif", want(`"binaryMediaTypes":["image/jpeg","image/gif"],`, "")},
		{"update-rest-api --rest-api-id ls --patch-operations op=remove,path=/binaryMediaTypes/image~1gif op=remove,path=/binaryMediaTypes/image~1jpeg", want("", "")},
		{"update-rest-api --rest-api-id ls --patch-operations op=add,path=/binaryMediaTypes/-,value=image/png", want(`"binaryMediaTypes":["-"],`, "")},
		{"update-rest-api --rest-api-id ls --patch-operations op=add,path=/binaryMediaTypes,value=image/gif", "error: BadRequestException: Invalid patch path /binaryMediaTypes"},
		{"update-rest-api --rest-api-id ls --patch-operations op=remove,path=/binaryMediaTypes", "error: BadRequestException: Invalid patch path /binaryMediaTypes"},
		{"update-rest-api --rest-api-id ls --patch-operations op=remove,path=/binaryMediaTypes/-", want("", "")},
		{"update-rest-api --rest-api-id ls --patch-operations op=replace,path=/minimumCompressionSize,value=10", want("", `"minimumCompressionSize":10,`)},
		{"update-rest-api --rest-api-id ls --patch-operations op=replace,path=/minimumCompressionSize,value=", want("", "")},
		{"update-rest-api --rest-api-id ls --patch-operations op=replace,path=/minimumCompressionSize,value=0", want("", `"minimumCompressionSize":0,`)},
		{"update-rest-api --rest-api-id ls --patch-operations op=replace,path=/minimumCompressionSize", want("", "")},
		{"update-rest-api --rest-api-id ls --patch-operations op=replace,path=/minimumCompressionSize,value=-1", "error: BadRequestException: Invalid minimum compression size, must be between 0 and 10485760"},
		{"update-rest-api --rest-api-id ls --patch-operations op=replace,path=/minimumCompressionSize,value=test", "error: BadRequestException: Invalid minimum compression size, must be between 0 and 10485760"},
		{"update-rest-api --rest-api-id ls --patch-operations op=add,path=/minimumCompressionSize,value=10", "error: BadRequestException: Invalid patch operation specified. Must be one of: [replace]"},
		{"update-rest-api --rest-api-id api_id --patch-operations op=replace,path=/apiKeySource,value=AUTHORIZER", "error: NotFoundException: Invalid API identifier specified 123456789012:api_id"},
		{"update-rest-api --rest-api-id ls --patch-operations op=wrong,path=/endpointConfiguration/ipAddressType,value=ipv4 op=wrong,path=/endpointConfiguration/types/EDGE,value=REGIONAL",
			"error: ValidationException: 2 validation errors detected: Value 'wrong' at 'updateRestApiInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]; Value 'wrong' at 'updateRestApiInput.patchOperations.2.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]"},
		// all or nothing: the second operation fails, the first is not kept
		{"update-rest-api --rest-api-id ls --patch-operations op=replace,path=/description,value=x op=replace,path=/apiKeySource,value=NOPE", "error: BadRequestException: Invalid API Key Source specified: NOPE (HEADER or AUTHORIZER)"},
		{"update-rest-api --rest-api-id ls --patch-operations op=replace,path=/apiKeySource,value=AUTHORIZER op=replace,path=/disableExecuteApiEndpoint,value=true",
			strings.Replace(strings.Replace(want("", ""), `"apiKeySource":"HEADER"`, `"apiKeySource":"AUTHORIZER"`, 1), `"disableExecuteApiEndpoint":false`, `"disableExecuteApiEndpoint":true`, 1)},
		{"update-rest-api --rest-api-id ls --patch-operations op=remove,path=/description op=replace,path=/apiKeySource,value=HEADER op=replace,path=/disableExecuteApiEndpoint,value=false",
			strings.Replace(want("", ""), `"description":"this is my api",`, "", 1)},
		{`update-rest-api --rest-api-id ls --patch-operations op=replace,path=/policy,value={}x`, "error: BadRequestException: Invalid policy document: invalid character 'x' after top-level value"},
		{"update-rest-api --rest-api-id ls --patch-operations op=replace,path=/name,value=shop", "error: ConflictException: a REST API named shop already exists (apigwlab refers to APIs by name: choose another)"},
	})
}

// A renamed API keeps its id; the old name no longer finds it; usage plans follow the name.
func TestUpdateRestAPIRename(t *testing.T) {
	g := cpDefsGateway(t)
	id := field(t, g, "get-rest-api --rest-api-id shop", "id")
	if _, err := g.Exec("create-usage-plan --name p --api-stages apiId=shop,stage=dev"); err != nil {
		t.Fatal(err)
	}
	if got := field(t, g, "update-rest-api --rest-api-id shop --patch-operations op=replace,path=/name,value=store", "name"); got != "store" {
		t.Fatalf("name %q", got)
	}
	if got := field(t, g, "get-rest-api --rest-api-id "+id, "id"); got != id {
		t.Fatalf("id %q after rename, want %q", got, id)
	}
	if _, err := g.Exec("get-rest-api --rest-api-id shop"); err == nil || !strings.Contains(err.Error(), "Invalid API identifier specified") {
		t.Fatalf("old name: %v", err)
	}
	if got := g.ws.UsagePlans[0].APIStages[0].API; got != "store" {
		t.Fatalf("usage plan names %q", got)
	}
	if r := g.Invoke(&Request{API: "store", Method: "GET", Path: "/dev/items"}); r.Status != 200 {
		t.Fatalf("after rename: %d %s", r.Status, r.Body)
	}
}

// resourceIDs maps each path of get-resources to its id.
func resourceIDs(t *testing.T, g *Gateway, api string) map[string]string {
	t.Helper()
	out, err := g.Exec("get-resources --rest-api-id " + api)
	if err != nil {
		t.Fatal(err)
	}
	var v struct{ Items []struct{ ID, Path string } }
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, it := range v.Items {
		ids[it.Path] = it.ID
	}
	return ids
}

// LS test_update_resource_behaviour, test_update_resource_on_root, test_resource_lifecycle
// (update-path-part), with AWS's messages.
func TestUpdateResource(t *testing.T) {
	g := emptyAPIGateway(t)
	runOK := func(line string) {
		t.Helper()
		if _, err := g.Exec(line); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	runOK("create-resource --rest-api-id ls --parent-id / --path-part pets")
	ids := resourceIDs(t, g, "ls")
	root, pets := ids["/"], ids["/pets"]
	runSteps(t, g, [][2]string{
		{"update-resource --rest-api-id ls --resource-id fake-resource --patch-operations op=replace,path=/pathPart,value=dogs", "error: NotFoundException: Invalid Resource identifier specified (\"fake-resource\": get-resources lists the ids; a path such as /pets works too)"},
		{"update-resource --rest-api-id ls --resource-id " + pets + " --patch-operations op=replace,path=/invalid,value=dogs", "error: BadRequestException: Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]"},
		{"update-resource --rest-api-id ls --resource-id " + pets + " --patch-operations op=replace,path=/parentId,value=fake-parent-id", "error: NotFoundException: Invalid Resource identifier specified (\"fake-parent-id\": get-resources lists the ids; a path such as /pets works too)"},
		{"update-resource --rest-api-id ls --resource-id " + root + " --patch-operations op=replace,path=/pathPart,value=dogs", "error: BadRequestException: Root resource cannot update its pathPart."},
		{"update-resource --rest-api-id ls --resource-id " + root + " --patch-operations op=replace,path=/parentId,value=" + root, "error: BadRequestException: Root resource cannot update its parentId."},
	})
	runOK("create-resource --rest-api-id ls --parent-id /pets --path-part subpets")
	runOK("create-resource --rest-api-id ls --parent-id /pets/subpets --path-part pets")
	ids = resourceIDs(t, g, "ls")
	sub, child := ids["/pets/subpets"], ids["/pets/subpets/pets"]
	runSteps(t, g, [][2]string{
		{"update-resource --rest-api-id ls --resource-id " + child + " --patch-operations op=replace,path=/parentId,value=" + root, "error: ConflictException: Another resource with the same parent already has this name: pets"},
		{"delete-resource --rest-api-id ls --resource-id " + child, ""},
		{"update-resource --rest-api-id ls --resource-id " + pets + " --patch-operations op=replace,path=/parentId,value=" + sub, "error: BadRequestException: Resources cannot be cyclical."},
		{"update-resource --rest-api-id ls --resource-id " + sub + " --patch-operations op=replace,path=/parentId,value=" + root, `{"id":"` + sub + `","parentId":"` + root + `","path":"/subpets","pathPart":"subpets"}`},
		{"update-resource --rest-api-id ls --resource-id " + sub + " --patch-operations op=replace,path=/pathPart,value=pets", "error: ConflictException: Another resource with the same parent already has this name: pets"},
		{"delete-resource --rest-api-id ls --resource-id " + pets, ""},
		{"get-resources --rest-api-id ls", `{"items":[{"id":"` + root + `","path":"/"},{"id":"` + sub + `","parentId":"` + root + `","path":"/subpets","pathPart":"subpets"}]}`},
		{"update-resource --rest-api-id ls --resource-id " + sub + " --patch-operations op=remove,path=/pathPart", "error: BadRequestException: Invalid patch path  '/pathPart' specified for op 'remove'. Please choose supported operations"},
		{"update-resource --rest-api-id ls --resource-id " + sub + " --patch-operations op=add,path=/pathPart,value=dogs", "error: BadRequestException: Invalid patch path  '/pathPart' specified for op 'add'. Please choose supported operations"},
		// test_resource_lifecycle update-path-part: the id stays
		{"update-resource --rest-api-id ls --resource-id " + sub + " --patch-operations op=replace,path=/pathPart,value=dogs", `{"id":"` + sub + `","parentId":"` + root + `","path":"/dogs","pathPart":"dogs"}`},
		{"get-resource --rest-api-id ls --resource-id " + sub, `{"id":"` + sub + `","parentId":"` + root + `","path":"/dogs","pathPart":"dogs"}`},
	})
	// a new resource where a moved one was gets an id of its own
	runOK("create-resource --rest-api-id ls --parent-id / --path-part pets")
	runOK("create-resource --rest-api-id ls --parent-id / --path-part subpets")
	ids = resourceIDs(t, g, "ls")
	if ids["/subpets"] == sub || ids["/subpets"] == ids["/dogs"] {
		t.Fatalf("new /subpets took the moved resource's id: %v", ids)
	}
}

// A move carries the methods and what is below, keeps the ids of all of them and the old
// parent, and reaches the stage with create-deployment only.
func TestUpdateResourceMoveDeploys(t *testing.T) {
	g := cpDefsGateway(t)
	for _, line := range []string{
		"create-resource --rest-api-id shop --parent-id / --path-part a",
		"create-resource --rest-api-id shop --parent-id /a --path-part b",
		"create-resource --rest-api-id shop --parent-id /a/b --path-part c",
		"put-method --rest-api-id shop --resource-id /a/b/c --http-method GET --authorization-type NONE",
		`put-integration --rest-api-id shop --resource-id /a/b/c --http-method GET --type MOCK --request-templates '{"application/json":"{\"statusCode\": 200}"}'`,
		"put-method-response --rest-api-id shop --resource-id /a/b/c --http-method GET --status-code 200",
		`put-integration-response --rest-api-id shop --resource-id /a/b/c --http-method GET --status-code 200 --response-templates '{"application/json":"moved"}'`,
		"create-deployment --rest-api-id shop --stage-name dev",
	} {
		if _, err := g.Exec(line); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	before := resourceIDs(t, g, "shop")
	if _, err := g.Exec("update-resource --rest-api-id shop --resource-id /a/b --patch-operations op=replace,path=/parentId,value=/ op=replace,path=/pathPart,value=x"); err != nil {
		t.Fatal(err)
	}
	after := resourceIDs(t, g, "shop")
	for old, now := range map[string]string{"/a": "/a", "/a/b": "/x", "/a/b/c": "/x/c", "/items": "/items"} {
		if after[now] != before[old] {
			t.Errorf("%s → %s: id %q, want %q (%v)", old, now, after[now], before[old], after)
		}
	}
	if _, ok := after["/a/b"]; ok {
		t.Errorf("/a/b still listed: %v", after)
	}
	if r := g.Invoke(&Request{Method: "GET", Path: "/dev/x/c"}); r.Status != 403 {
		t.Fatalf("before deploying: %d %s", r.Status, r.Body)
	}
	if _, err := g.Exec("create-deployment --rest-api-id shop --stage-name dev"); err != nil {
		t.Fatal(err)
	}
	if r := g.Invoke(&Request{Method: "GET", Path: "/dev/x/c"}); r.Status != 200 || string(r.Body) != "moved" {
		t.Fatalf("after deploying: %d %s", r.Status, r.Body)
	}
	// serve --state writes the workspace: the kept ids come back with it
	out, _ := g.ExportWorkspace()
	ws, err := model.Parse("state.yaml", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if again := resourceIDs(t, newGateway(t, ws), "shop"); !maps.Equal(again, after) {
		t.Errorf("ids after a reload %v, want %v", again, after)
	}
}

// LS TestApigatewayMethodResponse (test_lifecycle_method_response, test_update_method_response,
// _wrong_operations, _negative_tests, test_update_method_lack_response_parameters_and_models,
// test_update_method_wrong_param_names).
// cacheNamespace is the root resource's id (lxdu10): AWS's default (engine/lscases_intresp_test.go).
func TestMethodResponseVerbs(t *testing.T) {
	g := emptyAPIGateway(t)
	m := "--rest-api-id ls --resource-id / --http-method GET"
	wrongOp := "Value 'wrong_op' at 'updateMethodResponseInput.patchOperations.%d.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]"
	op := func(i int) string { return strings.Replace(wrongOp, "%d", string(rune('0'+i)), 1) }
	runSteps(t, g, [][2]string{
		{"put-method " + m + " --authorization-type NONE", `{"apiKeyRequired":false,"authorizationType":"NONE","httpMethod":"GET"}`},
		{"put-integration " + m + ` --type MOCK --request-templates '{"application/json":"{\"statusCode\": 200}"}'`, `{"cacheKeyParameters":[],"cacheNamespace":"lxdu10","passthroughBehavior":"WHEN_NO_MATCH","requestTemplates":{"application/json":"{\"statusCode\": 200}"},"timeoutInMillis":29000,"type":"MOCK"}`},
		{"put-method-response " + m + ` --status-code 200 --response-parameters method.response.header.my-header=false --response-models '{"application/json":"Empty"}'`, `{"responseModels":{"application/json":"Empty"},"responseParameters":{"method.response.header.my-header":false},"statusCode":"200"}`},
		{"get-method-response " + m + " --status-code 200", `{"responseModels":{"application/json":"Empty"},"responseParameters":{"method.response.header.my-header":false},"statusCode":"200"}`},
		{"update-method-response " + m + " --status-code 200 --patch-operations op=remove,path=/responseParameters/method.response.header.my-header,value=true op=remove,path=/responseModels/application~1json,value=Empty", `{"statusCode":"200"}`},
		{"update-method-response " + m + " --status-code 200 --patch-operations op=remove,path=/responseParameters/method.response.header.my-header,value=true", "error: NotFoundException: Invalid parameter name specified"},
		{"update-method-response " + m + " --status-code 200 --patch-operations op=remove,path=/responseModels/application~1json,value=Empty", "error: NotFoundException: Content-Type specified was not found"},
		{"update-method-response " + m + " --status-code 200 --patch-operations op=remove,path=/wrong/method.response.header.my-header,value=true", "error: BadRequestException: Invalid patch path /wrong/method.response.header.my-header"},
		{"update-method-response " + m + " --status-code 200 --patch-operations op=add,path=/responseParameters/method.response.header.my-header,value=true op=add,path=/responseModels/application~1json,value=Empty", `{"responseModels":{"application/json":"Empty"},"responseParameters":{"method.response.header.my-header":true},"statusCode":"200"}`},
		{"update-method-response " + m + " --status-code 200 --patch-operations op=replace,path=/responseParameters/wrong,value=true", "error: NotFoundException: Invalid parameter name specified"},
		{"update-method-response " + m + " --status-code 200 --patch-operations op=remove,path=/responseParameters/wrong,value=true", "error: NotFoundException: Invalid parameter name specified"},
		{"update-method-response " + m + " --status-code 200 --patch-operations op=replace,path=/responseModels/wrong,value=Empty", "error: NotFoundException: Content-Type specified was not found"},
		{"update-method-response " + m + " --status-code 200 --patch-operations op=replace,path=/responseModels/application~1json,value=Nope", "error: BadRequestException: Invalid model identifier specified: Nope"},
		{"update-method-response " + m + " --status-code 200 --patch-operations op=wrong_op,path=/responseParameters/x", "error: ValidationException: 1 validation error detected: " + op(1)},
		{"update-method-response " + m + " --status-code 200 --patch-operations op=wrong_op,path=/a op=add,path=/b op=wrong_op,path=/c", "error: ValidationException: 2 validation errors detected: " + op(1) + "; " + op(3)},
		{"update-method-response " + m + " --status-code 201 --patch-operations op=add,path=/responseModels/application~1json,value=Empty", "error: NotFoundException: Invalid Response status code specified"},
		{"update-method-response " + m + " --status-code wrong --patch-operations op=add,path=/responseModels/application~1json,value=Empty", "error: ValidationException: 1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d"},
		{"update-method-response " + m + " --status-code wrong --patch-operations op=wrong_op,path=/a", "error: ValidationException: 2 validation errors detected: " + op(1) + "; Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d"},
		{"update-method-response --rest-api-id ls --resource-id nope --http-method GET --status-code 200 --patch-operations op=add,path=/responseModels/a,value=Empty", "error: NotFoundException: Invalid Resource identifier specified (\"nope\": get-resources lists the ids; a path such as /pets works too)"},
		{"update-method-response --rest-api-id ls --resource-id / --http-method POST --status-code 200 --patch-operations op=add,path=/responseModels/a,value=Empty", "error: NotFoundException: Invalid Method identifier specified"},
		{"get-method " + m, `{"apiKeyRequired":false,"authorizationType":"NONE","httpMethod":"GET","methodIntegration":{"cacheKeyParameters":[],"cacheNamespace":"lxdu10","passthroughBehavior":"WHEN_NO_MATCH","requestTemplates":{"application/json":"{\"statusCode\": 200}"},"timeoutInMillis":29000,"type":"MOCK"},"methodResponses":{"200":{"responseModels":{"application/json":"Empty"},"responseParameters":{"method.response.header.my-header":true},"statusCode":"200"}}}`},
		{"delete-method-response " + m + " --status-code 200", ""},
		{"get-method-response " + m + " --status-code 200", "error: NotFoundException: Invalid Response status code specified"},
		{"delete-method-response " + m + " --status-code 200", "error: NotFoundException: Invalid Response status code specified"},
	})
}

// LS TestApigatewayIntegrationResponse (test_lifecycle_integration_response, _wrong_api,
// _wrong_resource, _wrong_method, _invalid_statuscode, _invalid_integration,
// _wrong_status_code, test_delete_integration_response_errors).
func TestIntegrationResponseVerbs(t *testing.T) {
	g := emptyAPIGateway(t)
	m := "--rest-api-id ls --resource-id / --http-method GET"
	runSteps(t, g, [][2]string{
		{"put-method " + m + " --authorization-type NONE", `{"apiKeyRequired":false,"authorizationType":"NONE","httpMethod":"GET"}`},
		{"get-integration-response " + m + " --status-code 200", "error: NotFoundException: Invalid Integration identifier specified"},
		{"put-integration " + m + ` --type MOCK --request-templates '{"application/json":"{\"statusCode\": 200}"}'`, `{"cacheKeyParameters":[],"cacheNamespace":"lxdu10","passthroughBehavior":"WHEN_NO_MATCH","requestTemplates":{"application/json":"{\"statusCode\": 200}"},"timeoutInMillis":29000,"type":"MOCK"}`},
		{"put-method-response " + m + " --status-code 200 --response-parameters method.response.header.X-Id=false", `{"responseParameters":{"method.response.header.X-Id":false},"statusCode":"200"}`},
		{"put-integration-response " + m + ` --status-code 200 --response-templates '{"application/json":"\"created\""}'`, `{"responseTemplates":{"application/json":"\"created\""},"statusCode":"200"}`},
		{"get-integration-response " + m + " --status-code 200", `{"responseTemplates":{"application/json":"\"created\""},"statusCode":"200"}`},
		{"update-integration-response " + m + " --status-code 200 --patch-operations op=replace,path=/selectionPattern,value=updated-pattern", `{"responseTemplates":{"application/json":"\"created\""},"selectionPattern":"updated-pattern","statusCode":"200"}`},
		{"update-integration-response " + m + " --status-code 200 --patch-operations op=add,path=/responseParameters/method.response.header.X-Id,value=context.requestId op=replace,path=/responseTemplates/application~1json,value=hi op=replace,path=/contentHandling,value=CONVERT_TO_TEXT", `{"contentHandling":"CONVERT_TO_TEXT","responseParameters":{"method.response.header.X-Id":"context.requestId"},"responseTemplates":{"application/json":"hi"},"selectionPattern":"updated-pattern","statusCode":"200"}`},
		// the refusals put-integration-response applies hold here too
		{"update-integration-response " + m + " --status-code 200 --patch-operations op=add,path=/responseParameters/method.response.header.X-Other,value='x'", "error: BadRequestException: Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: method.response.header.X-Other]"},
		{"update-integration-response " + m + " --status-code 200 --patch-operations op=replace,path=/contentHandling,value=NOPE", "error: BadRequestException: Invalid value for contentHandling: NOPE (CONVERT_TO_TEXT or CONVERT_TO_BINARY)"},
		{"update-integration-response " + m + " --status-code 200 --patch-operations op=replace,path=/nope,value=1", "error: BadRequestException: Invalid patch path /nope"},
		{"update-integration-response " + m + " --status-code 200 --patch-operations op=wrong_op,path=/selectionPattern", "error: ValidationException: 1 validation error detected: Value 'wrong_op' at 'updateIntegrationResponseInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]"},
		{"update-integration-response " + m + " --status-code 201 --patch-operations op=replace,path=/selectionPattern,value=x", "error: NotFoundException: Invalid Response status code specified"},
		{"get-integration-response --rest-api-id nope --resource-id / --http-method GET --status-code 200", "error: NotFoundException: Invalid Resource identifier specified"},
		{"get-integration-response --rest-api-id ls --resource-id nope --http-method GET --status-code 200", "error: NotFoundException: Invalid Resource identifier specified (\"nope\": get-resources lists the ids; a path such as /pets works too)"},
		{"get-integration-response --rest-api-id ls --resource-id / --http-method POST --status-code 200", "error: NotFoundException: Invalid Method identifier specified"},
		{"get-integration-response " + m + " --status-code wrong", "error: ValidationException: 1 validation error detected: Value 'wrong' at 'statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [1-5]\\d\\d"},
		{"get-integration-response " + m + " --status-code 201", "error: NotFoundException: Invalid Response status code specified"},
		{"delete-integration-response --rest-api-id ls --resource-id / --http-method POST --status-code 200", "error: NotFoundException: Invalid Integration identifier specified"},
		{"delete-integration-response --rest-api-id ls --resource-id / --http-method WRONG --status-code 200", "error: NotFoundException: Invalid Integration identifier specified"},
		{"delete-integration-response " + m + " --status-code 201", "error: NotFoundException: Invalid Response status code specified"},
		{"delete-integration-response " + m + " --status-code 200", ""},
		{"get-integration-response " + m + " --status-code 200", "error: NotFoundException: Invalid Response status code specified"},
	})
}
