package engine

import (
	"strings"
	"testing"

	"apigwlab/engine/model"
)

func logText(r *Response) string {
	var b strings.Builder
	for _, l := range r.Trace.Log {
		b.WriteString(l.Text + "\n")
	}
	return b.String()
}

// A function that declares its resource-based policy is invoked only when a statement
// covers the calling method; otherwise AWS's 500 and its execution-log line.
func TestLambdaPermissions(t *testing.T) {
	apiArn := "arn:aws:execute-api:us-east-1:123456789012:" + shortID("restapi:pets", 10)
	perm := func(sid, arn, qual string) *model.Permission {
		return &model.Permission{StatementID: sid, Action: "lambda:InvokeFunction", Principal: "apigateway.amazonaws.com", SourceArn: arn, Qualifier: qual}
	}
	tests := []struct {
		name        string
		fn          string
		permissions []*model.Permission
		path        string
		status      int
	}{
		{"no permissions declared: the console's grant is assumed", "listPets", nil, "/prod/pets", 200},
		{"a statement for the method", "listPets", []*model.Permission{perm("a", apiArn+"/*/GET/pets", "")}, "/prod/pets", 200},
		{"a statement for the whole API", "listPets", []*model.Permission{perm("a", apiArn+"/*", "")}, "/prod/pets", 200},
		{"no source ARN: any caller", "listPets", []*model.Permission{perm("a", "", "")}, "/prod/pets", 200},
		{"declared but empty", "listPets", []*model.Permission{}, "/prod/pets", 500},
		{"another method", "listPets", []*model.Permission{perm("a", apiArn+"/*/POST/pets", "")}, "/prod/pets", 500},
		{"another stage", "listPets", []*model.Permission{perm("a", apiArn+"/dev/GET/pets", "")}, "/prod/pets", 500},
		{"another API", "listPets", []*model.Permission{perm("a", "arn:aws:execute-api:us-east-1:123456789012:other/*", "")}, "/prod/pets", 500},
		{"another principal", "listPets", []*model.Permission{{StatementID: "a", Principal: "s3.amazonaws.com"}}, "/prod/pets", 500},
		{"path template is not the path", "getPet", []*model.Permission{perm("a", apiArn+"/*/GET/pets/{petId}", "")}, "/prod/pets/7", 500},
		{"path as requested, with a wildcard", "getPet", []*model.Permission{perm("a", apiArn+"/*/GET/pets/*", "")}, "/prod/pets/7", 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := petsWorkspace()
			for _, f := range ws.Functions {
				if f.FunctionName == tt.fn {
					f.Permissions = tt.permissions
				}
			}
			r := newGateway(t, ws).Invoke(&Request{Method: "GET", Path: tt.path, Trace: true})
			if r.Status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.Status, tt.status, r.Body)
			}
			if tt.status == 500 {
				if r.Body != `{"message": "Internal server error"}` || r.Header.Value("x-amzn-ErrorType") != "InternalServerErrorException" {
					t.Fatalf("body %s, x-amzn-ErrorType %q", r.Body, r.Header.Value("x-amzn-ErrorType"))
				}
				if log := logText(r); !strings.Contains(log, "Execution failed due to configuration error: Invalid permissions on Lambda function\n") {
					t.Fatalf("execution log lacks AWS's line:\n%s", log)
				}
				if r.Function != "" {
					t.Fatalf("the function ran (%s) although it may not be invoked", r.Function)
				}
			}
		})
	}
}

// Each alias has its own policy: an integration calling function:NAME:live needs a
// statement with qualifier live (AWS docs, stage variables with Lambda aliases).
func TestLambdaPermissionQualifier(t *testing.T) {
	ws := petsWorkspace()
	api := ws.RestAPIs[0]
	api.Resources[0].Methods[0].Integration.URI = "function:listPets:live"
	fn := ws.Functions[0]
	fn.Versions = []*model.Version{{Version: "1"}}
	fn.Aliases = map[string]*model.AliasTarget{"live": {Version: "1"}}
	fn.Permissions = []*model.Permission{{StatementID: "fn", Principal: "apigateway.amazonaws.com"}}
	g := newGateway(t, ws)
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets"}); r.Status != 500 {
		t.Fatalf("a statement on the function does not cover its alias: %d", r.Status)
	}
	mustExec(t, g, "aws lambda add-permission --function-name listPets --qualifier live --statement-id live --action lambda:InvokeFunction --principal apigateway.amazonaws.com")
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets"}); r.Status != 200 {
		t.Fatalf("after add-permission --qualifier live: %d %s", r.Status, r.Body)
	}
}

func TestPermissionVerbs(t *testing.T) {
	g := newGateway(t, petsWorkspace())
	pol := mustExec(t, g, "aws lambda get-policy --function-name listPets")
	if !strings.Contains(pol, `\"Sid\":\"apigwlab-console-grant\"`) || !strings.Contains(pol, `\"Service\":\"apigateway.amazonaws.com\"`) {
		t.Fatalf("get-policy of a function without declared permissions:\n%s", pol)
	}
	mustExec(t, g, "remove-permission --function-name listPets --statement-id apigwlab-console-grant")
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets"}); r.Status != 500 {
		t.Fatalf("without any statement: %d", r.Status)
	}
	out := mustExec(t, g, "add-permission --function-name listPets --statement-id apigw --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn arn:aws:execute-api:us-east-1:123456789012:*/*/GET/pets")
	want := `"Statement": "{\"Action\":\"lambda:InvokeFunction\",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:execute-api:us-east-1:123456789012:*/*/GET/pets\"}},\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:listPets\",\"Sid\":\"apigw\"}"`
	if !strings.Contains(out, want) {
		t.Fatalf("add-permission printed\n%s\nwant\n%s", out, want)
	}
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets"}); r.Status != 200 {
		t.Fatalf("after add-permission: %d", r.Status)
	}
	errs := []struct{ line, want string }{
		{"add-permission --function-name listPets --statement-id apigw --action lambda:InvokeFunction --principal apigateway.amazonaws.com",
			"ResourceConflictException: The statement id (apigw) provided already exists. Please provide a new statement id, or remove the existing statement."},
		{"remove-permission --function-name listPets --statement-id nope", "ResourceNotFoundException: The resource you requested does not exist."},
		{"add-permission --function-name nope --statement-id a --action lambda:InvokeFunction --principal apigateway.amazonaws.com",
			"ResourceNotFoundException: Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"},
		{"add-permission --function-name listPets --qualifier $LATEST --statement-id b --action lambda:InvokeFunction --principal apigateway.amazonaws.com",
			"InvalidParameterValueException: We currently do not support adding policies for $LATEST."},
	}
	for _, e := range errs {
		if _, err := g.Exec(e.line); err == nil || err.Error() != e.want {
			t.Errorf("%s\n got %v\nwant %s", e.line, err, e.want)
		}
	}
}

// An authorizer function needs the permission too, for its own source ARN
// (…/authorizers/ID); without it AWS answers 500 {"message": null}.
func TestAuthorizerPermission(t *testing.T) {
	ws := authWorkspace(0)
	authz := ws.Functions[len(ws.Functions)-1]
	authz.Permissions = []*model.Permission{{StatementID: "m", Principal: "apigateway.amazonaws.com",
		SourceArn: "arn:aws:execute-api:us-east-1:123456789012:*/*/GET/pets"}}
	g := newGateway(t, ws)
	r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: bearer("allow"), Trace: true})
	if r.Status != 500 || r.Body != `{"message": null}` || r.Header.Value("x-amzn-ErrorType") != "AuthorizerConfigurationException" || r.AuthorizerFunction != "" {
		t.Fatalf("method ARN grant used for an authorizer: %d %s %q ran %q", r.Status, r.Body, r.Header.Value("x-amzn-ErrorType"), r.AuthorizerFunction)
	}
	mustExec(t, g, "add-permission --function-name authz --statement-id az --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn arn:aws:execute-api:us-east-1:123456789012:*/authorizers/tok")
	if r := g.Invoke(&Request{Method: "GET", Path: "/prod/pets", Header: bearer("allow")}); r.Status != 200 {
		t.Fatalf("after granting the authorizer ARN: %d %s", r.Status, r.Body)
	}
}
