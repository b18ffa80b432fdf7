package engine

import (
	"fmt"
	"os"
	"testing"

	"apigwlab/engine/model"
)

// test_apigateway_lambda_cfn.py test_scenario_validate_infra (LocalStack, recorded against
// AWS): a CDK stack, RestApi "rest-api" with GET /v1 on a Lambda proxy integration and
// DEFAULT_4XX / DEFAULT_5XX gateway responses adding Access-Control-Allow-Origin '*'. The
// template below is what the CDK writes for it (logical ids shortened): the API deployed on
// stage prod, as the stack's endpoint output https://<api-id>.execute-api.<region>.amazonaws.com/prod/
// says; the function answers {"message": "Hello World!"} as its inline Python code does.
const lsCDKStack = `{
  "Resources": {
    "restapi": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "rest-api"}},
    "restapiDeployment": {"Type": "AWS::ApiGateway::Deployment",
      "Properties": {"RestApiId": {"Ref": "restapi"}, "Description": "Automatically created by the RestApi construct"},
      "DependsOn": ["restapiv1GET", "restapiv1", "default4xx", "default5xx"]},
    "restapiDeploymentStageprod": {"Type": "AWS::ApiGateway::Stage",
      "Properties": {"RestApiId": {"Ref": "restapi"}, "DeploymentId": {"Ref": "restapiDeployment"}, "StageName": "prod"}},
    "restapiv1": {"Type": "AWS::ApiGateway::Resource",
      "Properties": {"ParentId": {"Fn::GetAtt": ["restapi", "RootResourceId"]}, "PathPart": "v1", "RestApiId": {"Ref": "restapi"}}},
    "restapiv1GET": {"Type": "AWS::ApiGateway::Method",
      "Properties": {"HttpMethod": "GET", "ResourceId": {"Ref": "restapiv1"}, "RestApiId": {"Ref": "restapi"}, "AuthorizationType": "NONE",
        "Integration": {"IntegrationHttpMethod": "POST", "Type": "AWS_PROXY",
          "Uri": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"}, ":lambda:path/2015-03-31/functions/", {"Fn::GetAtt": ["backend", "Arn"]}, "/invocations"]]}}}},
    "default4xx": {"Type": "AWS::ApiGateway::GatewayResponse",
      "Properties": {"ResponseType": "DEFAULT_4XX", "RestApiId": {"Ref": "restapi"}, "ResponseParameters": {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}}},
    "default5xx": {"Type": "AWS::ApiGateway::GatewayResponse",
      "Properties": {"ResponseType": "DEFAULT_5XX", "RestApiId": {"Ref": "restapi"}, "ResponseParameters": {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}}},
    "backend": {"Type": "AWS::Lambda::Function",
      "Properties": {"Handler": "index.handler", "Runtime": "python3.10", "Code": {"ZipFile": "def handler(event, context): ..."}}}
  },
  "Outputs": {
    "restapiEndpoint": {"Value": {"Fn::Join": ["", ["https://", {"Ref": "restapi"}, ".execute-api.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}, "/", {"Ref": "restapiDeploymentStageprod"}, "/"]]}},
    "ApiId": {"Value": {"Ref": "restapi"}}
  }
}`

func TestLSLambdaCFNStack(t *testing.T) {
	ws, err := model.ParseWith("ls.yaml", []byte(`
import: [stack.json]
functions:
  - functionName: backend
    returns: {statusCode: 200, body: '{"message": "Hello World!"}'}
`), func(name string) ([]byte, error) {
		if name != "stack.json" {
			return nil, fmt.Errorf("%s: %w", name, os.ErrNotExist)
		}
		return []byte(lsCDKStack), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	g := newGateway(t, ws)
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/v1"}); r.Status != 200 || r.Body != `{"message": "Hello World!"}` {
		t.Errorf("GET /prod/v1: %d %s", r.Status, r.Body)
	}
	// the gateway responses are physical: a missing path's 403 carries their header
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/v2"})
	if r.Status != 403 || r.Header.Value("Access-Control-Allow-Origin") != "*" {
		t.Errorf("GET /prod/v2: %d %v %s", r.Status, r.Header, r.Body)
	}
}
