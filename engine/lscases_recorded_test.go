package engine

// AWS's answers to LocalStack's API Gateway control-plane tests, as recorded against AWS in
// LocalStack's tests/aws/services/apigateway/*.snapshot.json (without ResponseMetadata, with
// LocalStack's placeholders). These are facts about AWS kept as expected values; each group
// names the LocalStack test it was recorded in. lsReplay (lscases_deploy_test.go) reads them.
var lsRecorded = map[string]map[string]string{
	// recorded in LocalStack's test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_doc_parts_crud_no_api
	"test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_doc_parts_crud_no_api": {
		"wrong-rest-api-id-create-doc-part": `{"Error":{"Code":"NotFoundException","Message":"Invalid API identifier specified 111111111111:test-fake-rest-id"}}`,
		"wrong-rest-api-id-get-doc-parts":   `{"Error":{"Code":"NotFoundException","Message":"Invalid API identifier specified 111111111111:test-fake-rest-id"}}`,
	},
	// recorded in LocalStack's test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_documentation_part_lifecycle
	"test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_documentation_part_lifecycle": {
		"create-documentation-part":           `{"id":"<id:1>","location":{"type":"API"},"properties":{"description":"Sample API description"}}`,
		"delete_documentation_part":           `{}`,
		"get-documentation-part":              `{"id":"<id:1>","location":{"type":"API"},"properties":{"description":"Sample API description"}}`,
		"get-documentation-part-after-update": `{"id":"<id:1>","location":{"type":"API"},"properties":{"description":"Updated Sample API description"}}`,
		"get-documentation-parts":             `{"items":[{"id":"<id:1>","location":{"type":"API"},"properties":{"description":"Sample API description"}}]}`,
		"update-documentation-part":           `{"id":"<id:1>","location":{"type":"API"},"properties":{"description":"Updated Sample API description"}}`,
	},
	// recorded in LocalStack's test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_import_documentation_parts
	"test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_import_documentation_parts": {
		"get-documentations-parts-after-api-imports": `{"items":[{"id":"<id:1>","location":{"type":"API"},"properties":{"description":"API description","info":{"description":"API info description 4","version":"API info version 3"}}},{"id":"<id:2>","location":{"method":"GET","path":"/","type":"METHOD"},"properties":{"description":"Method description."}},{"id":"<id:3>","location":{"name":"<name:1>","type":"MODEL"},"properties":{"title":"<name:1> Schema"}},{"id":"<id:4>","location":{"method":"GET","path":"/","statusCode":"200","type":"RESPONSE"},"properties":{"description":"200 response"}}]}`,
		"get-documentations-parts-after-import":      `{"items":[{"id":"<id:5>","location":{"type":"API"},"properties":{"description":"API description","info":{"description":"API info description 4","version":"API info version 3"}}},{"id":"<id:6>","location":{"method":"GET","path":"/","type":"METHOD"},"properties":{"description":"Method description."}},{"id":"<id:7>","location":{"name":"<name:1>","type":"MODEL"},"properties":{"title":"<name:1> Schema"}},{"id":"<id:8>","location":{"method":"GET","path":"/","statusCode":"200","type":"RESPONSE"},"properties":{"description":"200 response"}}]}`,
		"import-documentation-parts":                 `{"ids":["<id:5>","<id:6>","<id:7>","<id:8>"]}`,
	},
	// recorded in LocalStack's test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_import_documentation_parts_bad_file
	"test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_import_documentation_parts_bad_file": {
		"import-documentation-parts-bad-json-file": `{"Error":{"Code":"BadRequestException","Message":"Unable to build importer with provided input."}}`,
		"import-documentation-parts-bad-yaml-file": `{"Error":{"Code":"BadRequestException","Message":"Unable to build importer with provided input."}}`,
	},
	// recorded in LocalStack's test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_invalid_create_documentation_part_operations
	"test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_invalid_create_documentation_part_operations": {
		"create_documentation_part_invalid_api_id":        `{"Error":{"Code":"NotFoundException","Message":"Invalid API identifier specified 111111111111:api_id"}}`,
		"create_documentation_part_invalid_location_type": `{"Error":{"Code":"ValidationException","Message":"1 validation error detected: Value 'INVALID' at 'createDocumentationPartInput.location.type' failed to satisfy constraint: Member must satisfy enum value set: [RESPONSE_BODY, RESPONSE, METHOD, MODEL, AUTHORIZER, RESPONSE_HEADER, RESOURCE, PATH_PARAMETER, REQUEST_BODY, QUERY_PARAMETER, API, REQUEST_HEADER]"}}`,
	},
	// recorded in LocalStack's test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_invalid_delete_documentation_part
	"test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_invalid_delete_documentation_part": {
		"delete_already_deleted_documentation_part": `{"Error":{"Code":"NotFoundException","Message":"Invalid Documentation part identifier specified"}}`,
		"delete_documentation_part":                 `{}`,
		"delete_documentation_part_wrong_api_id":    `{"Error":{"Code":"NotFoundException","Message":"Invalid API identifier specified 111111111111:api_id"}}`,
	},
	// recorded in LocalStack's test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_invalid_get_documentation_part
	"test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_invalid_get_documentation_part": {
		"get-documentation-part-invalid-api-id": `{"Error":{"Code":"NotFoundException","Message":"Invalid Documentation part identifier specified"}}`,
		"get-documentation-part-invalid-doc-id": `{"Error":{"Code":"NotFoundException","Message":"Invalid Documentation part identifier specified"}}`,
	},
	// recorded in LocalStack's test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_invalid_get_documentation_parts
	"test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_invalid_get_documentation_parts": {
		"get-inavlid-documentation-parts": `{"Error":{"Code":"NotFoundException","Message":"Invalid API identifier specified 111111111111:api_id"}}`,
	},
	// recorded in LocalStack's test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_invalid_update_documentation_part
	"test_apigateway_api.py::TestApiGatewayApiDocumentationPart::test_invalid_update_documentation_part": {
		"update-documentation-part-invalid-add-operation": `{"Error":{"Code":"BadRequestException","Message":"Invalid patch path  '/properties' specified for op 'add'. Please choose supported operations"}}`,
		"update-documentation-part-invalid-api-id":        `{"Error":{"Code":"NotFoundException","Message":"Invalid Documentation part identifier specified"}}`,
		"update-documentation-part-invalid-path":          `{"Error":{"Code":"BadRequestException","Message":"Invalid patch path  '/invalidPath' specified for op 'replace'. Must be one of: [/properties]"}}`,
	},
	// recorded in LocalStack's test_apigateway_api.py::TestApiGatewayStage::test_get_stages_filters_by_deployment_id
	"test_apigateway_api.py::TestApiGatewayStage::test_get_stages_filters_by_deployment_id": {
		"all-stages":     `{"item":[{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"stage1","tracingEnabled":false},{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:2>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"stage2","tracingEnabled":false}]}`,
		"stages-deploy1": `{"item":[{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"stage1","tracingEnabled":false}]}`,
		"stages-deploy2": `{"item":[{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:2>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"stage2","tracingEnabled":false}]}`,
	},
	// recorded in LocalStack's test_apigateway_api.py::TestApiGatewayStage::test_stage_access_log_settings
	"test_apigateway_api.py::TestApiGatewayStage::test_stage_access_log_settings": {
		"create-deployment":                    `{"createdDate":"datetime","id":"<id:1>"}`,
		"create-stage":                         `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false}`,
		"update-stage-access-log-dest-add":     `{"accessLogSettings":{"destinationArn":"<log-group-arn>"},"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false}`,
		"update-stage-access-log-dest-replace": `{"accessLogSettings":{"destinationArn":"<log-group-arn>a"},"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false}`,
		"update-stage-access-log-format-add":   `{"accessLogSettings":{"destinationArn":"<log-group-arn>a","format":"$context.requestId $context.identity.sourceIp"},"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false}`,
		"update-stage-access-log-remove-all":   `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false}`,
	},
	// recorded in LocalStack's test_apigateway_api.py::TestApiGatewayStage::test_stage_access_log_settings_validation
	"test_apigateway_api.py::TestApiGatewayStage::test_stage_access_log_settings_validation": {
		"create-deployment":                            `{"createdDate":"datetime","id":"<id:1>"}`,
		"create-stage":                                 `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false}`,
		"invalid-path-add":                             `{"Error":{"Code":"BadRequestException","Message":"Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]"}}`,
		"invalid-path-remove":                          `{"Error":{"Code":"BadRequestException","Message":"Cannot remove method setting accessLogSettings/randomValue because there is no method setting for this method "}}`,
		"invalid-path-replace":                         `{"Error":{"Code":"BadRequestException","Message":"Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]"}}`,
		"root-and-add":                                 `{"Error":{"Code":"BadRequestException","Message":"Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]"}}`,
		"root-and-replace":                             `{"Error":{"Code":"BadRequestException","Message":"Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]"}}`,
		"star-and-add":                                 `{"Error":{"Code":"BadRequestException","Message":"Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]"}}`,
		"star-and-remove":                              `{"Error":{"Code":"BadRequestException","Message":"Cannot remove method setting accessLogSettings/* because there is no method setting for this method "}}`,
		"star-and-replace":                             `{"Error":{"Code":"BadRequestException","Message":"Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]"}}`,
		"update-stage-access-log-dest-add":             `{"accessLogSettings":{"destinationArn":"<log-group-arn>"},"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false}`,
		"update-stage-access-log-dest-remove":          `{"Error":{"Code":"BadRequestException","Message":"Cannot remove method setting accessLogSettings/destinationArn because there is no method setting for this method "}}`,
		"update-stage-access-log-destinationArn-empty": `{"Error":{"Code":"BadRequestException","Message":"Access Log value must not be empty"}}`,
		"update-stage-access-log-format-empty":         `{"Error":{"Code":"BadRequestException","Message":"Access Log value must not be empty"}}`,
	},
	// recorded in LocalStack's test_apigateway_canary.py::TestCanaryDeployments::test_invoking_canary_deployment
	"test_apigateway_canary.py::TestCanaryDeployments::test_invoking_canary_deployment": {
		"create-deployment-1":        `{"createdDate":"datetime","id":"<deployment-id:2>"}`,
		"create-deployment-2":        `{"createdDate":"datetime","id":"<deployment-id:1>"}`,
		"response-canary-deployment": `{"isCanary":"true","message":"canary deployment","nonExistingDefault":"canary","nonOverridden":"default","statusCode":200,"variable":"canary"}`,
		"response-deployment-1":      `{"isCanary":"false","message":"default deployment","nonExistingDefault":"","nonOverridden":"default","statusCode":200,"variable":"default"}`,
		"update-stage":               `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","canarySettings":{"deploymentId":"<deployment-id:1>","percentTraffic":100.0,"stageVariableOverrides":{"noStageVar":"canary","testVar":"canary"},"useStageCache":false},"createdDate":"datetime","deploymentId":"<deployment-id:2>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"defaultVar":"default","testVar":"default"}}`,
	},
	// recorded in LocalStack's test_apigateway_canary.py::TestStageCrudCanary::test_create_canary_deployment
	"test_apigateway_canary.py::TestStageCrudCanary::test_create_canary_deployment": {
		"bad-canary-deployment-id": `{"Error":{"Code":"BadRequestException","Message":"Deployment id does not exist"}}`,
		"create-canary-deployment": `{"createdDate":"datetime","id":"<deployment-id:2>"}`,
		"create-deployment":        `{"createdDate":"datetime","id":"<deployment-id:1>"}`,
		"create-stage":             `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","canarySettings":{"deploymentId":"<deployment-id:1>","percentTraffic":40.0,"stageVariableOverrides":{"testVar":"canary1"},"useStageCache":false},"createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev1","tracingEnabled":false,"variables":{"testVar":"default"}}`,
		"create-stage-2":           `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","canarySettings":{"deploymentId":"<deployment-id:2>","percentTraffic":60.0,"stageVariableOverrides":{"testVar":"canary-overridden"},"useStageCache":false},"createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev2","tracingEnabled":false,"variables":{"testVar":"default"}}`,
		"get-stage-1":              `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","canarySettings":{"deploymentId":"<deployment-id:2>","percentTraffic":50.0,"stageVariableOverrides":{"testVar":"canary2"},"useStageCache":false},"createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev1","tracingEnabled":false,"variables":{"testVar":"default"}}`,
	},
	// recorded in LocalStack's test_apigateway_canary.py::TestStageCrudCanary::test_create_canary_deployment_by_stage_update
	"test_apigateway_canary.py::TestStageCrudCanary::test_create_canary_deployment_by_stage_update": {
		"create-deployment":            `{"createdDate":"datetime","id":"<deployment-id:1>"}`,
		"create-deployment-2":          `{"createdDate":"datetime","id":"<deployment-id:2>"}`,
		"create-stage":                 `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"default"}}`,
		"get-stage":                    `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","canarySettings":{"deploymentId":"<deployment-id:1>","percentTraffic":50.0,"useStageCache":false},"createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"default"}}`,
		"remove-stage-canary":          `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"default"}}`,
		"update-stage-with-deployment": `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","canarySettings":{"deploymentId":"<deployment-id:2>","percentTraffic":0.0,"useStageCache":false},"createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"default"}}`,
		"update-stage-with-percent":    `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","canarySettings":{"deploymentId":"<deployment-id:1>","percentTraffic":50.0,"useStageCache":false},"createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"default"}}`,
	},
	// recorded in LocalStack's test_apigateway_canary.py::TestStageCrudCanary::test_create_canary_deployment_validation
	"test_apigateway_canary.py::TestStageCrudCanary::test_create_canary_deployment_validation": {
		"create-canary-deployment-empty-stage":        `{"Error":{"Code":"BadRequestException","Message":"Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is "}}`,
		"create-canary-deployment-no-stage":           `{"Error":{"Code":"BadRequestException","Message":"Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is null"}}`,
		"create-canary-deployment-non-existing-stage": `{"Error":{"Code":"BadRequestException","Message":"Invalid deployment content specified.Stage non-existing must already be created before making a canary release deployment"}}`,
	},
	// recorded in LocalStack's test_apigateway_canary.py::TestStageCrudCanary::test_create_canary_deployment_with_stage
	"test_apigateway_canary.py::TestStageCrudCanary::test_create_canary_deployment_with_stage": {
		"create-canary-deployment": `{"createdDate":"datetime","id":"<deployment-id:2>"}`,
		"create-deployment":        `{"createdDate":"datetime","id":"<deployment-id:1>"}`,
		"create-stage":             `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"default"}}`,
		"get-stage":                `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","canarySettings":{"deploymentId":"<deployment-id:2>","percentTraffic":50.0,"stageVariableOverrides":{"testVar":"canary"},"useStageCache":false},"createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"default"}}`,
	},
	// recorded in LocalStack's test_apigateway_canary.py::TestStageCrudCanary::test_create_update_stages
	"test_apigateway_canary.py::TestStageCrudCanary::test_create_update_stages": {
		"create-deployment-1":                    `{"createdDate":"datetime","id":"<deployment-id:2>"}`,
		"create-deployment-2":                    `{"createdDate":"datetime","id":"<deployment-id:1>"}`,
		"create-stage":                           `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","canarySettings":{"deploymentId":"<deployment-id:1>","percentTraffic":50.0,"stageVariableOverrides":{"testVar":"canary"},"useStageCache":false},"createdDate":"datetime","deploymentId":"<deployment-id:2>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"default"}}`,
		"get-stage":                              `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","canarySettings":{"deploymentId":"<deployment-id:1>","percentTraffic":50.0,"stageVariableOverrides":{"testVar":"canary"},"useStageCache":false},"createdDate":"datetime","deploymentId":"<deployment-id:2>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"default"}}`,
		"get-stage-after-remove":                 `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:2>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"default"}}`,
		"update-stage-canary-settings-overrides": `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","canarySettings":{"deploymentId":"<deployment-id:1>","percentTraffic":50.0,"stageVariableOverrides":{"testVar":"updated"},"useStageCache":false},"createdDate":"datetime","deploymentId":"<deployment-id:2>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"default"}}`,
		"update-stage-remove-canary-settings":    `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:2>","description":"dev stage","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"default"}}`,
	},
	// recorded in LocalStack's test_apigateway_canary.py::TestStageCrudCanary::test_update_stage_canary_deployment_validation
	"test_apigateway_canary.py::TestStageCrudCanary::test_update_stage_canary_deployment_validation": {
		"get-stage":                                     `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false}`,
		"update-stage-add-deployment":                   `{"Error":{"Code":"BadRequestException","Message":"Invalid add operation with path: /canarySettings/deploymentId"}}`,
		"update-stage-canary-settings-bad-path":         `{"Error":{"Code":"BadRequestException","Message":"Cannot remove method setting canarySettings/badPath because there is no method setting for this method "}}`,
		"update-stage-canary-settings-bad-path-2":       `{"Error":{"Code":"BadRequestException","Message":"Invalid method setting path: /canarySettings. Must be one of: [/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]"}}`,
		"update-stage-canary-settings-remove-overrides": `{"Error":{"Code":"BadRequestException","Message":"Cannot remove method setting canarySettings/stageVariableOverrides because there is no method setting for this method "}}`,
		"update-stage-canary-settings-replace-bad-path": `{"Error":{"Code":"BadRequestException","Message":"Invalid method setting path: /canarySettings/badPath. Must be one of: [/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]"}}`,
		"update-stage-no-deployment":                    `{"Error":{"Code":"BadRequestException","Message":"Deployment id does not exist"}}`,
	},
	// recorded in LocalStack's test_apigateway_canary.py::TestStageCrudCanary::test_update_stage_with_copy_ops
	"test_apigateway_canary.py::TestStageCrudCanary::test_update_stage_with_copy_ops": {
		"copy-with-bad-statement":  `{"Error":{"Code":"BadRequestException","Message":"Invalid copy operation with path: /canarySettings/stageVariableOverrides and from /variables. Valid copy:path are [/deploymentId, /variables] and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]"}}`,
		"copy-with-no-replace":     `{"Error":{"Code":"BadRequestException","Message":"Promotion not available. Canary does not exist."}}`,
		"deployment-1":             `{"createdDate":"datetime","id":"<deployment-id:1>"}`,
		"deployment-canary":        `{"createdDate":"datetime","id":"<deployment-id:2>"}`,
		"get-stage":                `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","canarySettings":{"deploymentId":"<deployment-id:2>","percentTraffic":50.0,"stageVariableOverrides":{"testVar":"override"},"useStageCache":false},"createdDate":"datetime","deploymentId":"<deployment-id:1>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"test","testVar2":"test2"}}`,
		"update-stage-with-copy":   `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","canarySettings":{"deploymentId":"<deployment-id:1>","percentTraffic":0.0,"useStageCache":false},"createdDate":"datetime","deploymentId":"<deployment-id:1>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"test","testVar2":"test2"}}`,
		"update-stage-with-copy-2": `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","canarySettings":{"deploymentId":"<deployment-id:2>","percentTraffic":0.0,"stageVariableOverrides":{"testVar":"override"},"useStageCache":false},"createdDate":"datetime","deploymentId":"<deployment-id:2>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"dev","tracingEnabled":false,"variables":{"testVar":"override","testVar2":"test2"}}`,
	},
	// recorded in LocalStack's test_apigateway_common.py::TestDeployments::test_create_delete_deployments[False]
	"test_apigateway_common.py::TestDeployments::test_create_delete_deployments[False]": {
		"delete-deployment-error-0": `{"Error":{"Code":"BadRequestException","Message":"Active stages pointing to this deployment must be moved or deleted"}}`,
		"delete-deployment-error-1": `{"Error":{"Code":"BadRequestException","Message":"Active stages pointing to this deployment must be moved or deleted"}}`,
		"delete-deployment-error-2": `{"Error":{"Code":"BadRequestException","Message":"Active stages pointing to this deployment must be moved or deleted"}}`,
		"get-deployment":            `{"createdDate":"datetime","id":"<deployment-id:1>"}`,
		"get-deployments-0":         `{"items":[{"createdDate":"datetime","id":"<id:1>"}]}`,
		"get-deployments-1":         `{"items":[{"createdDate":"datetime","id":"<id:2>"}]}`,
		"get-deployments-2":         `{"items":[{"createdDate":"datetime","id":"<id:3>"}]}`,
		"get-stages":                `{"item":[{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}]}`,
		"get-stages-0":              `{"item":[{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<id:1>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}]}`,
		"get-stages-1":              `{"item":[{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<id:2>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}]}`,
		"get-stages-2":              `{"item":[{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<id:3>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}]}`,
	},
	// recorded in LocalStack's test_apigateway_common.py::TestDeployments::test_create_delete_deployments[True]
	"test_apigateway_common.py::TestDeployments::test_create_delete_deployments[True]": {
		"delete-deployment-error-0": `{"Error":{"Code":"BadRequestException","Message":"Active stages pointing to this deployment must be moved or deleted"}}`,
		"delete-deployment-error-1": `{"Error":{"Code":"BadRequestException","Message":"Active stages pointing to this deployment must be moved or deleted"}}`,
		"delete-deployment-error-2": `{"Error":{"Code":"BadRequestException","Message":"Active stages pointing to this deployment must be moved or deleted"}}`,
		"get-deployment":            `{"createdDate":"datetime","id":"<deployment-id:1>"}`,
		"get-deployments-0":         `{"items":[{"createdDate":"datetime","id":"<id:1>"}]}`,
		"get-deployments-1":         `{"items":[{"createdDate":"datetime","id":"<id:2>"}]}`,
		"get-deployments-2":         `{"items":[{"createdDate":"datetime","id":"<id:3>"}]}`,
		"get-stages":                `{"item":[{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}]}`,
		"get-stages-0":              `{"item":[{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<id:1>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}]}`,
		"get-stages-1":              `{"item":[{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<id:2>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}]}`,
		"get-stages-2":              `{"item":[{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<id:3>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}]}`,
	},
	// recorded in LocalStack's test_apigateway_common.py::TestDeployments::test_create_update_deployments
	"test_apigateway_common.py::TestDeployments::test_create_update_deployments": {
		"delete-deployment-1":           `{}`,
		"delete-deployment-2-error":     `{"Error":{"Code":"BadRequestException","Message":"Active stages pointing to this deployment must be moved or deleted"}}`,
		"delete-deployment-error":       `{"Error":{"Code":"BadRequestException","Message":"Active stages pointing to this deployment must be moved or deleted"}}`,
		"get-deployment-1":              `{"createdDate":"datetime","id":"<deployment-id:1>"}`,
		"get-deployment-1-after-update": `{"createdDate":"datetime","id":"<deployment-id:1>"}`,
		"get-deployment-2":              `{"createdDate":"datetime","id":"<deployment-id:2>"}`,
		"get-stages":                    `{"item":[{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}]}`,
		"get-stages-after-update":       `{"item":[{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:2>","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}]}`,
	},
	// recorded in LocalStack's test_apigateway_common.py::TestDocumentations::test_documentation_parts_and_versions
	"test_apigateway_common.py::TestDocumentations::test_documentation_parts_and_versions": {
		"create-part-response":    `{"id":"<id:1>","location":{"type":"API"},"properties":{"foo":"bar"}}`,
		"create-version-response": `{"createdDate":"datetime","version":"v123"}`,
		"get-parts-response":      `{"items":[{"id":"<id:1>","location":{"type":"API"},"properties":{"foo":"bar"}}]}`,
		"get-version-response":    `{"createdDate":"datetime","description":"doc version new","version":"v123"}`,
		"update-version-response": `{"createdDate":"datetime","description":"doc version new","version":"v123"}`,
	},
	// recorded in LocalStack's test_apigateway_common.py::TestStages::test_create_update_stages
	"test_apigateway_common.py::TestStages::test_create_update_stages": {
		"create-stage":             `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"my stage","documentationVersion":"v123","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}`,
		"error-update-doc-version": `{"Error":{"Code":"BadRequestException","Message":"Invalid method setting path: /documentation_version. Must be one of: [/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]"}}`,
		"error-update-tags":        `{"Error":{"Code":"BadRequestException","Message":"Invalid method setting path: /tags/tag1. Must be one of: [/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, /{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, /{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, /{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled]"}}`,
		"get-stage":                `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"stage new","documentationVersion":"v123","lastUpdatedDate":"datetime","methodSettings":{"*/*":{"cacheDataEncrypted":false,"cacheTtlInSeconds":300,"cachingEnabled":true,"dataTraceEnabled":false,"metricsEnabled":false,"requireAuthorizationForCacheControl":true,"throttlingBurstLimit":123,"throttlingRateLimit":10000.0,"unauthorizedCacheControlHeaderStrategy":"SUCCEED_WITH_RESPONSE_HEADER"},"test/GET":{"cacheDataEncrypted":false,"cacheTtlInSeconds":300,"cachingEnabled":true,"dataTraceEnabled":false,"metricsEnabled":false,"requireAuthorizationForCacheControl":true,"throttlingBurstLimit":124,"throttlingRateLimit":10000.0,"unauthorizedCacheControlHeaderStrategy":"SUCCEED_WITH_RESPONSE_HEADER"}},"stageName":"s1","tracingEnabled":true,"variables":{"var1":"test","var2":"test2"}}`,
		"update-stage":             `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"stage new","documentationVersion":"v123","lastUpdatedDate":"datetime","methodSettings":{"*/*":{"cacheDataEncrypted":false,"cacheTtlInSeconds":300,"cachingEnabled":true,"dataTraceEnabled":false,"metricsEnabled":false,"requireAuthorizationForCacheControl":true,"throttlingBurstLimit":123,"throttlingRateLimit":10000.0,"unauthorizedCacheControlHeaderStrategy":"SUCCEED_WITH_RESPONSE_HEADER"},"test/GET":{"cacheDataEncrypted":false,"cacheTtlInSeconds":300,"cachingEnabled":true,"dataTraceEnabled":false,"metricsEnabled":false,"requireAuthorizationForCacheControl":true,"throttlingBurstLimit":124,"throttlingRateLimit":10000.0,"unauthorizedCacheControlHeaderStrategy":"SUCCEED_WITH_RESPONSE_HEADER"}},"stageName":"s1","tracingEnabled":true,"variables":{"var1":"test","var2":"test2"}}`,
		"update-stage-override":    `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"stage new","documentationVersion":"v123","lastUpdatedDate":"datetime","methodSettings":{"*/*":{"cacheDataEncrypted":false,"cacheTtlInSeconds":300,"cachingEnabled":true,"dataTraceEnabled":false,"metricsEnabled":false,"requireAuthorizationForCacheControl":true,"throttlingBurstLimit":100,"throttlingRateLimit":10000.0,"unauthorizedCacheControlHeaderStrategy":"SUCCEED_WITH_RESPONSE_HEADER"},"test/GET":{"cacheDataEncrypted":false,"cacheTtlInSeconds":300,"cachingEnabled":true,"dataTraceEnabled":false,"metricsEnabled":false,"requireAuthorizationForCacheControl":true,"throttlingBurstLimit":124,"throttlingRateLimit":10000.0,"unauthorizedCacheControlHeaderStrategy":"SUCCEED_WITH_RESPONSE_HEADER"}},"stageName":"s1","tracingEnabled":true,"variables":{"var1":"test","var2":"test2"}}`,
	},
	// recorded in LocalStack's test_apigateway_common.py::TestStages::test_update_stage_remove_wildcard
	"test_apigateway_common.py::TestStages::test_update_stage_remove_wildcard": {
		"create-stage":          `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"my stage","documentationVersion":"v123","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}`,
		"delete-error":          `{"Error":{"Code":"BadRequestException","Message":"Cannot remove method setting */* because there is no method setting for this method "}}`,
		"get-stage":             `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"my stage","documentationVersion":"v123","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}`,
		"get-stage-after-reset": `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"my stage","documentationVersion":"v123","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}`,
		"update-stage":          `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"my stage","documentationVersion":"v123","lastUpdatedDate":"datetime","methodSettings":{"*/*":{"cacheDataEncrypted":false,"cacheTtlInSeconds":300,"cachingEnabled":true,"dataTraceEnabled":false,"metricsEnabled":false,"requireAuthorizationForCacheControl":true,"throttlingBurstLimit":5000,"throttlingRateLimit":10000.0,"unauthorizedCacheControlHeaderStrategy":"SUCCEED_WITH_RESPONSE_HEADER"}},"stageName":"s1","tracingEnabled":false}`,
		"update-stage-reset":    `{"cacheClusterEnabled":false,"cacheClusterStatus":"NOT_AVAILABLE","createdDate":"datetime","deploymentId":"<deployment-id:1>","description":"my stage","documentationVersion":"v123","lastUpdatedDate":"datetime","methodSettings":{},"stageName":"s1","tracingEnabled":false}`,
	},
}
