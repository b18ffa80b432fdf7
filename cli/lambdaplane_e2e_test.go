package cli

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestAWSLambdaCLIDrivesPermissions is the Lambda story with the real aws CLI against serve:
// removing the function's permission makes the API answer AWS's 500 on the next request,
// adding it back makes it answer again (permissions are not part of a deployment); the other
// operations the gateway depends on answer as the CLI expects.
func TestAWSLambdaCLIDrivesPermissions(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the aws CLI is not installed (.ci/run installs it: apt-get install -y awscli)")
	}
	p := runServe(t, "-f", "examples/pets.yaml")
	ep := p.base
	must := func(args ...string) map[string]any {
		t.Helper()
		obj, stderr, err := awsService(t, "lambda", ep, args...)
		if err != nil {
			t.Fatalf("aws lambda %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
		return obj
	}
	get := func() (int, string, string) {
		t.Helper()
		resp, err := http.Get(ep + "/prod/pets")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"), string(b)
	}

	fns := must("list-functions")["Functions"].([]any)
	if len(fns) != 7 || fns[0].(map[string]any)["FunctionName"] != "authorize" {
		t.Fatalf("list-functions: %v", fns)
	}
	if pol := must("get-policy", "--function-name", "listPets"); !strings.Contains(pol["Policy"].(string), `"Sid":"apigwlab-console-grant"`) {
		t.Fatalf("get-policy: %v", pol)
	}
	must("remove-permission", "--function-name", "listPets", "--statement-id", "apigwlab-console-grant")
	if status, typ, body := get(); status != 500 || typ != "InternalServerErrorException" || body != `{"message": "Internal server error"}` {
		t.Fatalf("after remove-permission: %d %s %s", status, typ, body)
	}
	st := must("add-permission", "--function-name", "listPets", "--statement-id", "apigw", "--action", "lambda:InvokeFunction",
		"--principal", "apigateway.amazonaws.com", "--source-arn", "arn:aws:execute-api:us-east-1:123456789012:*/*/GET/pets")
	if want := `{"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:execute-api:us-east-1:123456789012:*/*/GET/pets"}},"Effect":"Allow","Principal":{"Service":"apigateway.amazonaws.com"},"Resource":"arn:aws:lambda:us-east-1:123456789012:function:listPets","Sid":"apigw"}`; st["Statement"] != want {
		t.Fatalf("add-permission: %v\nwant %s", st["Statement"], want)
	}
	if status, _, body := get(); status != 200 || body != `[{"id":1,"name":"Rex"},{"id":7,"name":"Tom"}]` {
		t.Fatalf("after add-permission: %d %s", status, body)
	}
	_, stderr, err := awsService(t, "lambda", ep, "add-permission", "--function-name", "listPets", "--statement-id", "apigw",
		"--action", "lambda:InvokeFunction", "--principal", "apigateway.amazonaws.com")
	if want := "An error occurred (ResourceConflictException) when calling the AddPermission operation: The statement id (apigw) provided already exists. Please provide a new statement id, or remove the existing statement."; err == nil || strings.TrimSpace(stderr) != want {
		t.Fatalf("a duplicate statement id: %v %q", err, stderr)
	}
	_, stderr, err = awsService(t, "lambda", ep, "get-function", "--function-name", "nope")
	if want := "An error occurred (ResourceNotFoundException) when calling the GetFunction operation: Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"; err == nil || strings.TrimSpace(stderr) != want {
		t.Fatalf("an unknown function: %v %q", err, stderr)
	}

	cfg := must("update-function-configuration", "--function-name", "getPet", "--timeout", "5", "--memory-size", "256",
		"--environment", "Variables={STAGE=prod}")
	if cfg["Timeout"] != 5.0 || cfg["MemorySize"] != 256.0 || cfg["Environment"].(map[string]any)["Variables"].(map[string]any)["STAGE"] != "prod" {
		t.Fatalf("update-function-configuration: %v", cfg)
	}
	if v := must("publish-version", "--function-name", "getPet"); v["Version"] != "2" || v["FunctionArn"] != "arn:aws:lambda:us-east-1:123456789012:function:getPet:2" {
		t.Fatalf("publish-version: %v", v)
	}
	a := must("update-alias", "--function-name", "getPet", "--name", "live", "--function-version", "2",
		"--routing-config", "AdditionalVersionWeights={1=0.1}")
	if a["FunctionVersion"] != "2" || a["RoutingConfig"].(map[string]any)["AdditionalVersionWeights"].(map[string]any)["1"] != 0.1 {
		t.Fatalf("update-alias: %v", a)
	}
	if l := must("list-aliases", "--function-name", "getPet")["Aliases"].([]any); len(l) != 1 || l[0].(map[string]any)["Name"] != "live" {
		t.Fatalf("list-aliases: %v", l)
	}
}

// TestAWSLambdaCLIInvokes: aws lambda invoke against serve prints what the CLI prints for
// AWS (StatusCode, ExecutedVersion, FunctionError, LogResult) and writes the payload to its
// outfile; the invocation types and Lambda's errors come through the CLI unchanged.
func TestAWSLambdaCLIInvokes(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		t.Skip("the aws CLI is not installed (.ci/run installs it: apt-get install -y awscli)")
	}
	p := runServe(t, "-f", "examples/pets.yaml")
	dir := t.TempDir()
	out := filepath.Join(dir, "out.json")
	invoke := func(args ...string) (map[string]any, string) {
		t.Helper()
		obj, stderr, err := awsService(t, "lambda", p.base, append(append([]string{"invoke"}, args...), out)...)
		if err != nil {
			t.Fatalf("aws lambda invoke %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
		b, _ := os.ReadFile(out)
		os.Remove(out)
		return obj, string(b)
	}

	res, payload := invoke("--function-name", "echo", "--payload", `{"hello":"world"}`)
	if res["StatusCode"] != 200.0 || res["ExecutedVersion"] != "$LATEST" || len(res) != 2 || payload != `{"hello":"world"}` {
		t.Fatalf("echo: %v %s", res, payload)
	}
	res, payload = invoke("--function-name", "getPet", "--qualifier", "live", "--payload", `{}`)
	if res["ExecutedVersion"] != "1" || payload != `{"id":7,"name":"Tom"}` {
		t.Fatalf("getPet:live: %v %s", res, payload)
	}
	res, payload = invoke("--function-name", "getPet", "--payload", `{"petId":"404"}`, "--log-type", "Tail")
	log, _ := base64.StdEncoding.DecodeString(fmt.Sprint(res["LogResult"]))
	if res["FunctionError"] != "Unhandled" || payload != `{"errorMessage":"pet 404 not found","errorType":"NotFound","stackTrace":[]}` ||
		!strings.HasPrefix(string(log), "START RequestId: ") || !strings.Contains(string(log), "\tBilled Duration: 12 ms\tMemory Size: 128 MB\t\n") {
		t.Fatalf("an error with its log: %v %s\n%s", res, payload, log)
	}
	if res, payload = invoke("--function-name", "echo", "--invocation-type", "Event", "--payload", `{}`); res["StatusCode"] != 202.0 || len(res) != 1 || payload != "" {
		t.Fatalf("Event: %v %q", res, payload)
	}
	if res, payload = invoke("--function-name", "echo", "--invocation-type", "DryRun"); res["StatusCode"] != 204.0 || len(res) != 1 || payload != "" {
		t.Fatalf("DryRun: %v %q", res, payload)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--function-name", "nope"}, "An error occurred (ResourceNotFoundException) when calling the Invoke operation: Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope:$LATEST"},
		{[]string{"--function-name", "echo", "--payload", "'test'"}, "An error occurred (InvalidRequestContentException) when calling the Invoke operation: Could not parse request body into json: Could not parse payload into json: Unexpected character (''' (code 39)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1]"},
	} {
		_, stderr, err := awsService(t, "lambda", p.base, append(append([]string{"invoke"}, tc.args...), out)...)
		if err == nil || strings.TrimSpace(stderr) != tc.want {
			t.Errorf("%v: %v\n%q\nwant %q", tc.args, err, stderr, tc.want)
		}
	}
}
