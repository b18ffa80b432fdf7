package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"apigwlab/engine"
	"apigwlab/engine/model"
)

func lambdaPlaneServer(t *testing.T) *httptest.Server {
	t.Helper()
	ws, err := model.Parse("ws.yaml", []byte(`
restApis:
  - name: pets
    resources:
      /pets: {GET: {integration: {type: AWS_PROXY, uri: "function:listPets"}}}
      /functions: {GET: {integration: {type: AWS_PROXY, uri: "function:listPets"}}}
    stages: [{stageName: prod}]
functions:
  - functionName: listPets
    returns: {statusCode: 200, body: pets}
    versions: [{version: "1", returns: {statusCode: 200, body: v1}}]
    aliases: {live: "1"}
    permissions:
      - {statementId: apigw, action: "lambda:InvokeFunction", principal: apigateway.amazonaws.com, sourceArn: "arn:aws:execute-api:us-east-1:123456789012:*/*/GET/pets"}
  - functionName: zeta
    returns: {}
`))
	if err != nil {
		t.Fatal(err)
	}
	gw, err := engine.New(ws, engine.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(gw, Options{}))
	t.Cleanup(srv.Close)
	return srv
}

const signedForLambda = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00"

func lambdaDo(t *testing.T, srv *httptest.Server, method, path, body, auth string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// TestLambdaPlaneOperations: each operation at botocore's lambda path answers the model's
// status and body, errors Lambda's {"Type","Message"} with x-amzn-ErrorType; a change reaches
// the next data-plane request.
func TestLambdaPlaneOperations(t *testing.T) {
	srv := lambdaPlaneServer(t)
	const fn = "/2015-03-31/functions/listPets"
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		errType, want            string // want: the exact body for errors, a fragment otherwise
	}{
		{"get-policy", "GET", fn + "/policy", "", 200, "",
			`"Policy": "{\"Id\":\"default\",\"Statement\":[{\"Action\":\"lambda:InvokeFunction\",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:execute-api:us-east-1:123456789012:*/*/GET/pets\"}},\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:listPets\",\"Sid\":\"apigw\"}],\"Version\":\"2012-10-17\"}"`},
		{"the API may call the function", "GET", "/prod/pets", "", 200, "", "pets"},
		{"remove-permission answers 204", "DELETE", fn + "/policy/apigw", "", 204, "", ""},
		{"the next request is refused", "GET", "/prod/pets", "", 500, "InternalServerErrorException", `{"message": "Internal server error"}`},
		{"remove-permission of an unknown statement", "DELETE", fn + "/policy/apigw", "", 404, "ResourceNotFoundException",
			`{"Message":"The resource you requested does not exist.","Type":"User"}`},
		{"add-permission answers 201 with the statement", "POST", fn + "/policy",
			`{"StatementId":"apigw","Action":"lambda:InvokeFunction","Principal":"apigateway.amazonaws.com","SourceArn":"arn:aws:execute-api:us-east-1:123456789012:*/*/GET/pets"}`, 201, "",
			`"Statement": "{\"Action\":\"lambda:InvokeFunction\",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:execute-api:us-east-1:123456789012:*/*/GET/pets\"}},\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:listPets\",\"Sid\":\"apigw\"}"`},
		{"and the next request passes", "GET", "/prod/pets", "", 200, "", "pets"},
		{"a duplicate statement id", "POST", fn + "/policy", `{"StatementId":"apigw","Action":"lambda:InvokeFunction","Principal":"apigateway.amazonaws.com"}`, 409, "ResourceConflictException",
			`{"Message":"The statement id (apigw) provided already exists. Please provide a new statement id, or remove the existing statement.","Type":"User"}`},
		{"a policy on $LATEST", "POST", fn + "/policy?Qualifier=%24LATEST", `{"StatementId":"x","Action":"lambda:InvokeFunction","Principal":"apigateway.amazonaws.com"}`, 400, "InvalidParameterValueException",
			`{"Message":"We currently do not support adding policies for $LATEST.","Type":"User"}`},
		{"an unknown function", "GET", "/2015-03-31/functions/nope", "", 404, "ResourceNotFoundException",
			`{"Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope","Type":"User"}`},
		{"list-functions", "GET", "/2015-03-31/functions/?MaxItems=1", "", 200, "", `"NextMarker": "1"`},
		{"list-functions next page", "GET", "/2015-03-31/functions/?MaxItems=1&Marker=1", "", 200, "", `"FunctionName": "zeta"`},
		{"get-function", "GET", fn, "", 200, "", `"FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:listPets"`},
		{"get-function of an alias", "GET", fn + "?Qualifier=live", "", 200, "", `"Version": "1"`},
		{"update-function-configuration", "PUT", fn + "/configuration", `{"Timeout":3,"MemorySize":256,"Environment":{"Variables":{"STAGE":"prod"}}}`, 200, "",
			`"Environment": {
        "Variables": {
            "STAGE": "prod"
        }
    },`},
		{"a timeout out of range", "PUT", fn + "/configuration", `{"Timeout":901}`, 400, "ValidationException",
			`{"Message":"1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900 and greater than or equal to 1","Type":"User"}`},
		{"publish-version answers 201", "POST", fn + "/versions", `{}`, 201, "", `"FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:listPets:2"`},
		{"unchanged, publish-version returns the last version", "POST", fn + "/versions", `{}`, 201, "", `"Version": "2"`},
		{"update-alias", "PUT", fn + "/aliases/live", `{"FunctionVersion":"2","RoutingConfig":{"AdditionalVersionWeights":{"1":0.25}}}`, 200, "",
			`"RoutingConfig": {
        "AdditionalVersionWeights": {
            "1": 0.25
        }
    }`},
		{"get-alias", "GET", fn + "/aliases/live", "", 200, "", `"FunctionVersion": "2"`},
		{"list-aliases", "GET", fn + "/aliases", "", 200, "", `"AliasArn": "arn:aws:lambda:us-east-1:123456789012:function:listPets:live"`},
		{"an unknown alias", "GET", fn + "/aliases/nope", "", 404, "ResourceNotFoundException",
			`{"Message":"Cannot find alias arn: arn:aws:lambda:us-east-1:123456789012:function:listPets:nope","Type":"User"}`},
		{"Invoke is not answered", "POST", fn + "/invocations", `{}`, 404, "NotFoundException", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, h, body := lambdaDo(t, srv, tc.method, tc.path, tc.body, "")
			if status != tc.status || h.Get("x-amzn-ErrorType") != tc.errType {
				t.Fatalf("%s %s: %d %q %s", tc.method, tc.path, status, h.Get("x-amzn-ErrorType"), body)
			}
			if tc.errType != "" && tc.errType != "NotFoundException" && body != tc.want {
				t.Fatalf("body %s\nwant %s", body, tc.want)
			}
			if tc.errType == "" && !strings.Contains(body, tc.want) {
				t.Fatalf("body %s\nwant it to contain %s", body, tc.want)
			}
		})
	}
}

// TestLambdaPlaneRouting: signed for lambda is Lambda's; an unsigned /2015-03-31/… too unless
// a stage has that name; signed for another service it is not.
func TestLambdaPlaneRouting(t *testing.T) {
	stages := func(s string) bool { return s == "prod" }
	for _, tc := range []struct {
		path, auth string
		stages     func(string) bool
		want       bool
	}{
		{"/2015-03-31/functions/", "", stages, true},
		{"/2015-03-31/functions/", "", func(s string) bool { return s == "2015-03-31" }, false},
		{"/2015-03-31/functions/", signedForAPIGateway, stages, false},
		{"/anything", signedForLambda, stages, true},
		{"/prod/2015-03-31/functions", "", stages, false},
	} {
		r := httptest.NewRequest("GET", tc.path, nil)
		if tc.auth != "" {
			r.Header.Set("Authorization", tc.auth)
		}
		if got := isLambdaPlane(r, tc.stages); got != tc.want {
			t.Errorf("%s %q: %v, want %v", tc.path, tc.auth, got, tc.want)
		}
	}
}
