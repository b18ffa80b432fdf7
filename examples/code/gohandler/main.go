// Command gohandler is a Lambda proxy handler written with github.com/aws/aws-lambda-go,
// unchanged from what you would deploy: apigwlab runs it through its Lambda Runtime API.
//
//	go build -o examples/code/gohandler/bootstrap ./examples/code/gohandler
//	apigwlab invoke -f examples/code/go.yaml GET '/prod/go?name=ada'
//
// ?fail=1 returns an error (the runtime posts it to /error); ?crash=1 exits the process
// before answering (Lambda's Runtime.ExitError).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

var calls int // survives between invocations of a warm environment

func handle(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	calls++
	lc, _ := lambdacontext.FromContext(ctx)
	q := req.QueryStringParameters
	fmt.Printf("go handler: %s %s (call %d)\n", req.HTTPMethod, req.Path, calls)
	switch {
	case q["crash"] != "":
		fmt.Fprintln(os.Stderr, "crashing on purpose")
		os.Exit(3)
	case q["fail"] != "":
		return events.APIGatewayProxyResponse{}, errors.New("failing on purpose")
	}
	name := q["name"]
	if name == "" {
		name = "world"
	}
	deadline, _ := ctx.Deadline()
	body, _ := json.Marshal(map[string]any{
		"message":     "hello " + name + " from Go",
		"requestId":   lc.AwsRequestID,
		"functionArn": lc.InvokedFunctionArn,
		"function":    lambdacontext.FunctionName,
		"hasDeadline": !deadline.IsZero(),
		"calls":       calls,
	})
	return events.APIGatewayProxyResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "application/json"}, Body: string(body)}, nil
}

func main() { lambda.Start(handle) }
