package integration

import (
	"encoding/json"
	"testing"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad fixture %s: %v", s, err)
	}
	return v
}

// Cases from real AWS (aws-facts.md §2.2, LocalStack test_aws_proxy_response_payload_format_validation).
func TestParseProxyResponse(t *testing.T) {
	tests := []struct {
		name       string
		returns    string
		wantStatus int // 0: malformed (502)
		wantHeader string
		wantBody   string
	}{
		{"status only", `{"statusCode":200}`, 200, "", ""},
		{"boolean header stringified", `{"statusCode":200,"headers":{"test-header":"value","header-bool":true}}`, 200, "header-bool: true; test-header: value", ""},
		{"null headers", `{"statusCode":200,"headers":null}`, 200, "", ""},
		{"extra key", `{"statusCode":200,"wrongValue":"value"}`, 0, "", ""},
		{"empty object: 200, no body (LS test_lambda_aws_proxy_response_format)", `{}`, 200, "", ""},
		{"multi-value joined", `{"statusCode":200,"multiValueHeaders":{"test-multi":["value1","value2"]}}`, 200, "test-multi: value1, value2", ""},
		{"multi-value first, then single", `{"statusCode":200,"multiValueHeaders":{"test-multi":["value-multi"]},"headers":{"test-multi":"value-solo"}}`, 200, "test-multi: value-multi, value-solo", ""},
		{"identical pair once", `{"statusCode":200,"multiValueHeaders":{"x":["a"]},"headers":{"X":"a"}}`, 200, "x: a", ""},
		{"multi-value not a list", `{"statusCode":200,"multiValueHeaders":{"test-multi":"value1"}}`, 0, "", ""},
		{"status not a number", `{"statusCode":"test"}`, 0, "", ""},
		{"status numeric string", `{"statusCode":"201"}`, 201, "", ""},
		{"a plain string", `"justAString"`, 0, "", ""},
		{"no statusCode means 200", `{"headers":{"test-header":"value"}}`, 200, "test-header: value", ""},
		{"body object is malformed", `{"statusCode":200,"body":{"id":1}}`, 0, "", ""},
		{"body string", `{"statusCode":404,"body":"{\"error\":1}"}`, 404, "", `{"error":1}`},
		{"null", `null`, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, problem := ParseProxyResponse(decode(t, tt.returns))
			if tt.wantStatus == 0 {
				if problem == "" {
					t.Fatalf("accepted a malformed response: %+v", r)
				}
				return
			}
			if problem != "" {
				t.Fatalf("rejected: %s", problem)
			}
			hdr := ""
			for i, h := range r.Headers {
				if i > 0 {
					hdr += "; "
				}
				hdr += h.Name + ": " + h.Value
			}
			if r.Status != tt.wantStatus || hdr != tt.wantHeader || r.Body != tt.wantBody {
				t.Fatalf("got %d %q %q, want %d %q %q", r.Status, hdr, r.Body, tt.wantStatus, tt.wantHeader, tt.wantBody)
			}
		})
	}
}

func TestLambdaTarget(t *testing.T) {
	tests := []struct{ uri, name, qual, err string }{
		{"function:getPet", "getPet", "", ""},
		{"function:getPet:live", "getPet", "live", ""},
		{"arn:aws:lambda:us-east-1:123456789012:function:getPet:3", "getPet", "3", ""},
		{"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:getPet/invocations", "getPet", "", ""},
		{"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:getPet:live/invocations", "getPet", "live", ""},
		{"getPet", "", "", `"getPet" names no Lambda function: write function:NAME, function:NAME:ALIAS or a Lambda ARN`},
		{"function:", "", "", `"function:" names no Lambda function: write function:NAME, function:NAME:ALIAS or a Lambda ARN`},
		{"arn:aws:apigateway:us-east-1:lambda:path/x", "", "", `"arn:aws:apigateway:us-east-1:lambda:path/x" is not a Lambda invocation URI (arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations)`},
	}
	for _, tt := range tests {
		name, qual, err := LambdaTarget(tt.uri)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if name != tt.name || qual != tt.qual || got != tt.err {
			t.Errorf("LambdaTarget(%q) = %q %q %q, want %q %q %q", tt.uri, name, qual, got, tt.name, tt.qual, tt.err)
		}
	}
}

func TestSubstituteStageVars(t *testing.T) {
	out, missing := SubstituteStageVars("function:getPet:${stageVariables.alias}-${stageVariables.nope}", map[string]string{"alias": "live"})
	if out != "function:getPet:live-" || len(missing) != 1 || missing[0] != "nope" {
		t.Fatalf("got %q %v", out, missing)
	}
}

func TestMockStatus(t *testing.T) {
	for tpl, want := range map[string]int{``: 200, `{"statusCode": 200}`: 200, `{"statusCode": "404"}`: 404, `{"statusCode":500}`: 500} {
		if got, err := MockStatus(tpl); err != nil || got != want {
			t.Errorf("MockStatus(%q) = %d, %v; want %d", tpl, got, err, want)
		}
	}
	for _, bad := range []string{`nope`, `{}`, `{"statusCode": "x"}`} {
		if _, err := MockStatus(bad); err == nil {
			t.Errorf("MockStatus(%q) accepted", bad)
		}
	}
}

func TestIsBinary(t *testing.T) {
	if !IsBinary("image/png", []string{"image/*"}) || !IsBinary("application/octet-stream; x=1", []string{"*/*"}) ||
		IsBinary("application/json", []string{"image/*"}) || IsBinary("image/png", nil) {
		t.Fatal("IsBinary disagrees with binaryMediaTypes wildcards")
	}
}
