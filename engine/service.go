package engine

import (
	"slices"
	"strings"
)

// lambdaVerbs are the verbs of `aws lambda` (control_lambda.go, permissions.go,
// lambda_invoke.go) and apigwlab's set-function, which changes a simulated Lambda function.
var lambdaVerbs = map[string]bool{"add-permission": true, "remove-permission": true, "get-policy": true,
	"list-functions": true, "get-function": true, "get-function-configuration": true,
	"update-function-configuration": true, "publish-version": true, "list-versions-by-function": true,
	"get-alias": true, "list-aliases": true, "update-alias": true, "invoke": true, "set-function": true}

// connectionVerbs are `aws apigatewaymanagementapi`'s (control_ws.go).
var connectionVerbs = map[string]bool{"post-to-connection": true, "get-connection": true, "delete-connection": true}

// ServiceOf names the AWS CLI service a command line is for — apigateway, apigatewayv2,
// lambda or apigatewaymanagementapi — from its "aws SERVICE" prefix, else its verb, else
// (for a verb both API Gateway services have) an --api-id option. It reads no gateway state,
// so the TUI may call it while a command runs.
func ServiceOf(line string) string {
	args := strings.Fields(line)
	if s := awsService(args); s != "" {
		return s
	}
	args = trimAWSPrefix(args)
	if len(args) == 0 {
		return "apigateway"
	}
	verb := args[0]
	switch {
	case lambdaVerbs[verb]:
		return "lambda"
	case connectionVerbs[verb]:
		return "apigatewaymanagementapi"
	case v2Verbs[verb] != nil && (verbTable[verb] == nil || slices.ContainsFunc(args[1:], func(a string) bool {
		return a == "--api-id" || strings.HasPrefix(a, "--api-id=")
	})):
		return "apigatewayv2"
	}
	return "apigateway"
}
