package server

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"apigwlab/engine"
)

func lambdaPlaneServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv, _ := lambdaServer(t, `
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
`)
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
			`{"Type":"User","message":"The statement id (apigw) provided already exists. Please provide a new statement id, or remove the existing statement."}`},
		{"a policy on $LATEST", "POST", fn + "/policy?Qualifier=%24LATEST", `{"StatementId":"x","Action":"lambda:InvokeFunction","Principal":"apigateway.amazonaws.com"}`, 400, "InvalidParameterValueException",
			`{"Type":"User","message":"We currently do not support adding policies for $LATEST."}`},
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
			`{"Type":"User","message":"1 validation error detected: Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900 and greater than or equal to 1"}`},
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
		{"an unknown operation is Lambda's", "GET", "/2015-03-31/layers", "", 404, "UnknownOperationException",
			`{"Type":"User","message":"apigwlab does not answer GET /2015-03-31/layers of the Lambda control plane yet (docs/control-plane.md lists what it does)"}`},
		{"a method a path does not take", "DELETE", fn + "/configuration", "", 404, "UnknownOperationException",
			`{"Type":"User","message":"DELETE is not supported on /2015-03-31/functions/listPets/configuration"}`},
		{"a body that is not JSON", "PUT", fn + "/configuration", `{Timeout: 3}`, 400, "InvalidRequestContentException",
			"{\"Type\":\"User\",\"message\":\"Could not parse request body into json: Unexpected character ('T' (code 84)): was expecting double-quote to start field name\\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 3]\"}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, h, body := lambdaDo(t, srv, tc.method, tc.path, tc.body, "")
			if status != tc.status || h.Get("x-amzn-ErrorType") != tc.errType {
				t.Fatalf("%s %s: %d %q %s", tc.method, tc.path, status, h.Get("x-amzn-ErrorType"), body)
			}
			if tc.errType != "" && body != tc.want {
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

func invokeServer(t *testing.T) (*httptest.Server, *engine.Gateway) {
	t.Helper()
	return lambdaServer(t, `
functions:
  - functionName: echo
    echo: true
    versions: [{version: "1", returns: {v: 1}}]
    aliases: {live: "1"}
  - functionName: boom
    error: {errorMessage: boom, errorType: RuntimeError}
  - functionName: busy
    returns: {}
    reservedConcurrency: 0
  - functionName: js
    code: "exports.handler = async (event) => { console.log('got', event.n); return {n: event.n}; };"
  - functionName: loud
    code: "exports.handler = async () => { console.log('x'.repeat(5000)); return 1; };"
`)
}

// lambdaServer serves a workspace for Lambda's plane tests.
func lambdaServer(t *testing.T, src string) (*httptest.Server, *engine.Gateway) {
	t.Helper()
	gw := deploy(t, "ws.yaml", []byte(src))
	t.Cleanup(gw.Close)
	srv := httptest.NewServer(New(gw, Options{}))
	t.Cleanup(srv.Close)
	return srv, gw
}

// TestLambdaInvoke: Invoke at botocore's path answers Lambda's statuses, headers and bodies
// (engine/lambda_invoke.go has the sources); errors are Lambda's exceptions with the model's
// message casing.
func TestLambdaInvoke(t *testing.T) {
	srv, _ := invokeServer(t)
	const fns = "/2015-03-31/functions/"
	big := strings.Repeat("x", 6291456-2)
	for _, tc := range []struct {
		name, path, body string
		header           map[string]string
		status           int
		want             map[string]string // response headers; "" means absent
		wantBody         string
	}{
		{"RequestResponse answers the payload", fns + "echo/invocations", `{"a":1}`, nil, 200,
			map[string]string{"X-Amz-Executed-Version": "$LATEST", "X-Amz-Function-Error": "", "Content-Type": "application/json", "x-amzn-ErrorType": ""}, `{"a":1}`},
		{"an empty payload is {}", fns + "echo/invocations", ``, nil, 200, nil, `{}`},
		{"an alias runs its version", fns + "echo/invocations?Qualifier=live", `{}`, nil, 200,
			map[string]string{"X-Amz-Executed-Version": "1"}, `{"v":1}`},
		{"name:alias", fns + "echo:live/invocations", `{}`, nil, 200, map[string]string{"X-Amz-Executed-Version": "1"}, `{"v":1}`},
		{"a full ARN", fns + "arn:aws:lambda:us-east-1:123456789012:function:echo:1/invocations", `{}`, nil, 200,
			map[string]string{"X-Amz-Executed-Version": "1"}, `{"v":1}`},
		{"a function error is a 200 with Unhandled", fns + "boom/invocations", `{}`, nil, 200,
			map[string]string{"X-Amz-Function-Error": "Unhandled", "X-Amz-Executed-Version": "$LATEST"},
			`{"errorMessage":"boom","errorType":"RuntimeError","stackTrace":[]}`},
		{"Event answers 202 and nothing else", fns + "echo/invocations", `{}`, map[string]string{"X-Amz-Invocation-Type": "Event"}, 202,
			map[string]string{"X-Amz-Executed-Version": "", "Content-Type": ""}, ``},
		{"DryRun answers 204", fns + "echo/invocations", `{}`, map[string]string{"X-Amz-Invocation-Type": "DryRun"}, 204,
			map[string]string{"X-Amz-Executed-Version": ""}, ``},
		{"DryRun still checks the function", fns + "nope/invocations", `{}`, map[string]string{"X-Amz-Invocation-Type": "DryRun"}, 404,
			map[string]string{"x-amzn-ErrorType": "ResourceNotFoundException"},
			`{"Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope:$LATEST","Type":"User"}`},
		{"an unknown function names $LATEST", fns + "nope/invocations", `{}`, nil, 404,
			map[string]string{"x-amzn-ErrorType": "ResourceNotFoundException", "Content-Type": "application/json"},
			`{"Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope:$LATEST","Type":"User"}`},
		{"an unknown qualifier", fns + "echo/invocations?Qualifier=9", `{}`, nil, 404,
			map[string]string{"x-amzn-ErrorType": "ResourceNotFoundException"},
			`{"Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:echo:9","Type":"User"}`},
		{"another Region's ARN", fns + "arn:aws:lambda:eu-west-1:123456789012:function:echo/invocations", `{}`, nil, 404,
			map[string]string{"x-amzn-ErrorType": "ResourceNotFoundException"},
			`{"Message":"Functions from 'eu-west-1' are not reachable in this region ('us-east-1')","Type":"User"}`},
		{"two qualifiers that differ", fns + "echo:live/invocations?Qualifier=1", `{}`, nil, 400,
			map[string]string{"x-amzn-ErrorType": "InvalidParameterValueException"},
			`{"Type":"User","message":"The derived qualifier from the function name does not match the specified qualifier."}`},
		{"a payload that is not JSON", fns + "echo/invocations", `'test'`, nil, 400,
			map[string]string{"x-amzn-ErrorType": "InvalidRequestContentException"},
			"{\"Type\":\"User\",\"message\":\"Could not parse request body into json: Could not parse payload into json: Unexpected character (''' (code 39)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1]\"}"},
		{"reserved concurrency 0 throttles", fns + "busy/invocations", `{}`, nil, 429,
			map[string]string{"x-amzn-ErrorType": "TooManyRequestsException", "X-Amz-Executed-Version": ""},
			`{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}`},
		{"a bad invocation type", fns + "echo/invocations", `{}`, map[string]string{"X-Amz-Invocation-Type": "Later"}, 400,
			map[string]string{"x-amzn-ErrorType": "ValidationException"},
			`{"Type":"User","message":"1 validation error detected: Value 'Later' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]"}`},
		{"6 MB synchronously is too large", fns + "echo/invocations", `"` + big + `"`, nil, 413,
			map[string]string{"x-amzn-ErrorType": "RequestEntityTooLargeException"},
			`{"Type":"User","message":"Request must be smaller than 6291456 bytes for the InvokeFunction operation"}`},
		{"over 1 MB asynchronously", fns + "echo/invocations", `"` + big[:1<<20] + `"`, map[string]string{"X-Amz-Invocation-Type": "Event"}, 413,
			map[string]string{"x-amzn-ErrorType": "RequestEntityTooLargeException"},
			`{"Type":"User","message":"Request must be smaller than 1048576 bytes for the InvokeFunction operation"}`},
		{"just under 6 MB runs", fns + "echo/invocations", `"` + big[:6291456-3] + `"`, nil, 200, nil, `"` + big[:6291456-3] + `"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", srv.URL+tc.path, strings.NewReader(tc.body))
			req.Header.Set("Authorization", signedForLambda)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status || string(b) != tc.wantBody {
				t.Fatalf("%d %.300s\nwant %d %.300s", resp.StatusCode, b, tc.status, tc.wantBody)
			}
			for k, v := range tc.want {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
			if resp.Header.Get("x-amzn-RequestId") == "" {
				t.Error("no x-amzn-RequestId")
			}
		})
	}
}

// TestLambdaInvokeTailAndEvent: Tail sends the execution log's last 4 KB (START, the
// function's lines, END, REPORT) under the invocation's request id; an Event invocation's
// function runs and is counted after the 202.
func TestLambdaInvokeTailAndEvent(t *testing.T) {
	srv, gw := invokeServer(t)
	req, _ := http.NewRequest("POST", srv.URL+"/2015-03-31/functions/js/invocations", strings.NewReader(`{"n": 7}`))
	req.Header.Set("Authorization", signedForLambda)
	req.Header.Set("X-Amz-Log-Type", "Tail")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != `{"n":7}` {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
	log, err := base64.StdEncoding.DecodeString(resp.Header.Get("X-Amz-Log-Result"))
	if err != nil {
		t.Fatal(err)
	}
	id := resp.Header.Get("x-amzn-RequestId")
	lines := strings.Split(string(log), "\n")
	if len(lines) != 5 || lines[0] != "START RequestId: "+id+" Version: $LATEST" || !strings.HasSuffix(lines[1], "\t"+id+"\tINFO\tgot 7") ||
		lines[2] != "END RequestId: "+id || !strings.HasPrefix(lines[3], "REPORT RequestId: "+id+"\tDuration: ") ||
		!strings.HasSuffix(lines[3], " ms\tMemory Size: 128 MB\t") || lines[4] != "" {
		t.Fatalf("log:\n%s", log)
	}

	// the last 4 KB only
	req, _ = http.NewRequest("POST", srv.URL+"/2015-03-31/functions/loud/invocations", nil)
	req.Header.Set("X-Amz-Log-Type", "Tail")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	log, _ = base64.StdEncoding.DecodeString(resp.Header.Get("X-Amz-Log-Result"))
	if len(log) != 4096 || !strings.HasPrefix(string(log), "xxxx") || !strings.Contains(string(log), "\nEND RequestId: ") {
		t.Fatalf("%d bytes:\n%.200s", len(log), log)
	}

	req, _ = http.NewRequest("POST", srv.URL+"/2015-03-31/functions/boom/invocations", strings.NewReader(`{}`))
	req.Header.Set("X-Amz-Invocation-Type", "Event")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 202 || resp.Header.Get("X-Amz-Function-Error") != "" {
		t.Fatalf("Event: %d %v", resp.StatusCode, resp.Header)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := gw.Lambda().Stats()
		if len(st) > 0 && st[0].Function == "boom" && st[0].Invocations == 1 && st[0].Errors == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Event invocation was not counted: %+v", st)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
