package engine

import "testing"

func TestServiceOf(t *testing.T) {
	for line, want := range map[string]string{
		"":                                 "apigateway",
		"get-stage --rest-api-id a":        "apigateway",
		"aws lambda get-stage":             "lambda",
		"add-permission --function-name f": "lambda",
		"invoke --function-name f":         "lambda",
		"aws invoke --function-name f":     "lambda",
		"set-function --function-name f":   "lambda",
		"post-to-connection --data x":      "apigatewaymanagementapi",
		"get-apis":                         "apigatewayv2",
		"get-stages --api-id a":            "apigatewayv2",
		"get-stages --rest-api-id a":       "apigateway",
		"aws apigatewayv2 get-stages":      "apigatewayv2",
		"apigateway get-stages --api-id x": "apigateway",
	} {
		if got := ServiceOf(line); got != want {
			t.Errorf("%q: %s, want %s", line, got, want)
		}
	}
}
