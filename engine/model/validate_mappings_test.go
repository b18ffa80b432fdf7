package model

import (
	"reflect"
	"strings"
	"testing"
)

// What AWS's control plane refuses when a mapping or a model is put, with its wording.
func TestMappingRefusals(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"integration response maps a header its method response does not declare", `
restApis:
  - name: pets
    resources:
      /pets:
        GET:
          methodResponses: [{statusCode: "200", responseParameters: {method.response.header.X-Ok: false}}]
          integration:
            type: MOCK
            integrationResponses:
              - statusCode: "200"
                responseParameters: {method.response.header.X-Ok: "'1'", method.response.header.Location: "'/x'"}
`, []string{`t.yaml:11:74: restApis[0].resources./pets.GET.integration.integrationResponses[0].responseParameters: the method response for status 200 does not declare method.response.header.Location: add method.response.header.Location: false to its responseParameters (AWS: "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: method.response.header.Location]")`}},
		{"integration response mapping headers for a status with no method response", `
restApis:
  - name: pets
    resources:
      /pets:
        GET:
          methodResponses: [{statusCode: "200"}]
          integration:
            type: MOCK
            integrationResponses:
              - {statusCode: "200"}
              - {statusCode: "404", selectionPattern: "4\\d{2}", responseParameters: {method.response.header.X-Why: "'gone'"}}
`, []string{`t.yaml:11:87: restApis[0].resources./pets.GET.integration.integrationResponses[1].responseParameters: the method declares no method response for status 404, so no header can be mapped: add {statusCode: "404", responseParameters: {method.response.header.X-Why: false}} to methodResponses (AWS: "Invalid mapping expression specified: Validation Result: warnings : [], errors : [No method response exists for method.]")`}},
		{"an unquoted static value", `
restApis:
  - name: pets
    resources:
      /pets:
        GET:
          methodResponses: [{statusCode: "200", responseParameters: {method.response.header.Access-Control-Allow-Origin: false}}]
          integration:
            type: MOCK
            integrationResponses:
              - statusCode: "200"
                responseParameters: {method.response.header.Access-Control-Allow-Origin: "*"}
`, []string{`t.yaml:11:90: restApis[0].resources./pets.GET.integration.integrationResponses[0].responseParameters.method.response.header.Access-Control-Allow-Origin: "*" is not a response parameter source: quote a static value ('*'), or use integration.response.header.NAME, integration.response.body.JSONPATH, stageVariables.NAME or context.NAME (AWS: "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: *]")`}},
		{"integration request parameter from an undeclared method request parameter", `
restApis:
  - name: pets
    resources:
      /pets/{page}:
        GET:
          requestParameters: {method.request.querystring.q: false}
          integration:
            type: HTTP
            httpMethod: GET
            uri: https://example.com/{object}
            requestParameters:
              integration.request.path.object: method.request.path.page
              integration.request.querystring.q: method.request.multivaluequerystring.q
`, []string{`t.yaml:12:48: restApis[0].resources./pets/{page}.GET.integration.requestParameters.integration.request.path.object: method.request.path.page is not declared by the method: add method.request.path.page: false (or true when required) to the method's requestParameters (AWS: "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: method.request.path.page]")`}},
		{"a method request parameter that is not one", `
restApis:
  - name: pets
    resources:
      /pets: {GET: {requestParameters: {"true": true}, integration: {type: MOCK}}}
`, []string{`t.yaml:4:41: restApis[0].resources./pets.GET.requestParameters: "true" is not a method request parameter: write method.request.path.NAME, method.request.querystring.NAME or method.request.header.NAME (AWS: "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: true]")`}},
		{"a gateway response header that is not quoted", `
restApis:
  - name: pets
    resources: {/pets: {GET: {integration: {type: MOCK}}}}
    gatewayResponses:
      UNAUTHORIZED: {responseParameters: {gatewayresponse.header.test-key: test-value, gatewayresponse.header.Origin: method.request.header.origin}}
`, []string{`t.yaml:5:76: restApis[0].gatewayResponses.UNAUTHORIZED.responseParameters.gatewayresponse.header.test-key: "test-value" is not a gateway response parameter source: quote a static value ('test-value'), or use method.request.header.NAME (querystring, path), stageVariables.NAME or context.NAME (AWS: "Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: test-value]")`}},
		{"models: no schema, a reference not in canonical form, a reference to no model", `
restApis:
  - name: pets
    resources: {/pets: {GET: {integration: {type: MOCK}}}}
    models:
      Empty2: {contentType: application/json}
      List: {schema: {type: array, items: {$ref: "https://api.gateway.amazonaws.com/restapis/abc/models/Pet"}}}
      Pets: {schema: '{"type": "array", "items": {"$ref": "https://apigateway.amazonaws.com/restapis/abc/models/Pett"}}'}
      Pet: {schema: {type: object, properties: {self: {$ref: "#"}, other: {$ref: "https://apigateway.amazonaws.com/restapis/abc/models/Empty"}}}}
`, []string{
			`t.yaml:5:7: restApis[0].models: model Empty2 has no schema: give it one, e.g. schema: {type: object} (AWS: "Model schema must have at least 1 property or array items defined")`,
			`t.yaml:6:22: restApis[0].models.List.schema: $ref "https://api.gateway.amazonaws.com/restapis/abc/models/Pet": a model refers to another model as https://apigateway.amazonaws.com/restapis/{restapi_id}/models/{model_name} (AWS: "Model reference must be in canonical form")`,
			`t.yaml:7:22: restApis[0].models.Pets.schema: $ref "https://apigateway.amazonaws.com/restapis/abc/models/Pett": "Pett" names no model of this API (models: Empty2, List, Pet, Pets) (did you mean Pet?)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := errLines(t, tt.src)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(tt.want, "\n     "))
			}
		})
	}
}
