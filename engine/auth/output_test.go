package auth

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"apigwlab/engine/gwresponse"
	"apigwlab/engine/vtl"
)

// decode reads JSON the way the engine hands function output over (numbers as json.Number).
func decode(t testing.TB, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return v
}

const allowAll = `{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"}]}}`

func TestParseOutputValid(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		check func(t *testing.T, r *Result)
	}{
		{"doc example", `{"principalId":"yyyyyyyy","policyDocument":{"Version":"2012-10-17","Statement":[{"Action":"execute-api:Invoke","Effect":"Deny","Resource":"arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/"}]},"context":{"stringKey":"value","numberKey":"1","booleanKey":"true"},"usageIdentifierKey":"{api-key}"}`,
			func(t *testing.T, r *Result) {
				if r.PrincipalID != "yyyyyyyy" || r.Policy.Version != "2012-10-17" || len(r.Policy.Statements) != 1 {
					t.Fatalf("%+v", r)
				}
				s := r.Policy.Statements[0]
				if s.Effect != "Deny" || s.Actions[0] != InvokeAction || s.Resources[0] != "arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/*/GET/" {
					t.Fatalf("%+v", s)
				}
				if !r.HasUsageIdentifierKey || r.UsageIdentifierKey != "{api-key}" {
					t.Fatalf("usageIdentifierKey %+v", r)
				}
			}},
		{"statement as a single object", `{"principalId":"u","policyDocument":{"Statement":{"Action":"execute-api:Invoke","Effect":"Allow","Resource":"*"}}}`,
			func(t *testing.T, r *Result) {
				if len(r.Policy.Statements) != 1 || r.Policy.Statements[0].Effect != "Allow" || r.Policy.Version != "" {
					t.Fatalf("%+v", r.Policy)
				}
			}},
		{"lists of actions and resources", `{"principalId":"u","policyDocument":{"Statement":[{"Sid":"s1","Action":["execute-api:Invoke","execute-api:ManageConnections"],"Effect":"Allow","Resource":["a","b"]}]}}`,
			func(t *testing.T, r *Result) {
				s := r.Policy.Statements[0]
				if s.Sid != "s1" || len(s.Actions) != 2 || len(s.Resources) != 2 || s.Resources[1] != "b" {
					t.Fatalf("%+v", s)
				}
			}},
		{"NotAction and NotResource", `{"principalId":"u","policyDocument":{"Statement":[{"NotAction":"s3:*","Effect":"Allow","NotResource":"x"}]}}`,
			func(t *testing.T, r *Result) {
				s := r.Policy.Statements[0]
				if !s.NotAction || !s.NotResource || s.Actions[0] != "s3:*" {
					t.Fatalf("%+v", s)
				}
			}},
		{"empty Condition is fine", `{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","Effect":"Allow","Resource":"*","Condition":{}}]}}`,
			func(t *testing.T, r *Result) {
				if r.Policy.Statements[0].Condition {
					t.Fatal("empty condition marked")
				}
			}},
		{"numeric principalId is stringified", `{"principalId":42,"policyDocument":{"Statement":[]}}`,
			func(t *testing.T, r *Result) {
				if r.PrincipalID != "42" || len(r.Policy.Statements) != 0 {
					t.Fatalf("%+v", r)
				}
			}},
		{"null context and usage key are absent", `{"principalId":"u","policyDocument":{"Statement":[]},"context":null,"usageIdentifierKey":null}`,
			func(t *testing.T, r *Result) {
				if r.Context != nil || r.HasUsageIdentifierKey {
					t.Fatalf("%+v", r)
				}
			}},
		{"unknown keys ignored", `{"principalId":"u","policyDocument":{"Id":"x","Statement":[]},"extra":{"a":[1]}}`, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := ParseOutput(decode(t, c.in))
			if err != nil {
				t.Fatalf("ParseOutput: %v", err)
			}
			if c.check != nil {
				c.check(t, r)
			}
		})
	}
}

func TestParseOutputMalformed(t *testing.T) {
	cases := []struct{ name, in, reason string }{
		{"null", `null`, "the function returned null"},
		{"string", `"{\"principalId\":\"u\"}"`, "the function returned a string"},
		{"array", `[]`, "the function returned an array"},
		{"no principalId", `{"policyDocument":{"Statement":[]}}`, "principalId is missing"},
		{"principalID spelling", `{"principalID":"u","policyDocument":{"Statement":[]}}`, `principalId is missing (found "principalID": names are case-sensitive, write "principalId")`},
		{"principalId object", `{"principalId":{"a":1},"policyDocument":{"Statement":[]}}`, "principalId is an object"},
		{"principalId null", `{"principalId":null,"policyDocument":{"Statement":[]}}`, "principalId is null"},
		{"no policyDocument", `{"principalId":"u"}`, "policyDocument is missing"},
		{"policyDocument string", `{"principalId":"u","policyDocument":"{}"}`, "policyDocument is a string"},
		{"lower-case statement", `{"principalId":"u","policyDocument":{"version":"2012-10-17","statement":[]}}`, `policyDocument.Statement is missing (found "statement"`},
		{"Version number", `{"principalId":"u","policyDocument":{"Version":2012,"Statement":[]}}`, "policyDocument.Version is a number"},
		{"Statement string", `{"principalId":"u","policyDocument":{"Statement":"x"}}`, "policyDocument.Statement is a string"},
		{"Statement entry not object", `{"principalId":"u","policyDocument":{"Statement":[1]}}`, "policyDocument.Statement[0] is a number"},
		{"no Effect", `{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","Resource":"*"}]}}`, "policyDocument.Statement[0] has no Effect"},
		{"lower-case effect value", `{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","Effect":"allow","Resource":"*"}]}}`, `Effect is "allow"; it must be exactly "Allow" or "Deny"`},
		{"doc placeholder effect", `{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","Effect":"Allow|Deny","Resource":"*"}]}}`, `Effect is "Allow|Deny"`},
		{"Effect bool", `{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","Effect":true,"Resource":"*"}]}}`, "Effect is a boolean"},
		{"no Action", `{"principalId":"u","policyDocument":{"Statement":[{"Effect":"Allow","Resource":"*"}]}}`, "has no Action"},
		{"lower-case action key", `{"principalId":"u","policyDocument":{"Statement":[{"action":"*","Effect":"Allow","Resource":"*"}]}}`, `has no Action (found "action"`},
		{"Action and NotAction", `{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","NotAction":"x","Effect":"Allow","Resource":"*"}]}}`, "has both Action and NotAction"},
		{"no Resource", `{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","Effect":"Allow"}]}}`, "has no Resource"},
		{"empty Resource list", `{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","Effect":"Allow","Resource":[]}]}}`, "Resource is an empty list"},
		{"Resource number", `{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","Effect":"Allow","Resource":[1]}]}}`, "Resource[0] is a number"},
		{"Resource object", `{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","Effect":"Allow","Resource":{}}]}}`, "Resource is an object"},
		{"Resource over 512 characters", `{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","Effect":"Allow","Resource":["*","arn:aws:execute-api:us-east-1:1:a/prod/GET/` + strings.Repeat("x", 470) + `"]}]}}`, "Resource[1] is 513 characters long; API Gateway limits a policy Resource ARN to 512"},
		{"null Condition", `{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","Effect":"Allow","Resource":"*","Condition":null}]}}`, `has "Condition": null`},
		{"Condition list", `{"principalId":"u","policyDocument":{"Statement":[{"Action":"*","Effect":"Allow","Resource":"*","Condition":[]}]}}`, "Condition is an array"},
		{"context array value", `{"principalId":"u","policyDocument":{"Statement":[]},"context":{"a":["hello"]}}`, "context.a is an array; context values must be strings, numbers or booleans"},
		{"context object value", `{"principalId":"u","policyDocument":{"Statement":[]},"context":{"o":{"k":1}}}`, "context.o is an object"},
		{"context not an object", `{"principalId":"u","policyDocument":{"Statement":[]},"context":"x"}`, "context is a string"},
		{"usageIdentifierKey object", `{"principalId":"u","policyDocument":{"Statement":[]},"usageIdentifierKey":{}}`, "usageIdentifierKey is an object"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := ParseOutput(decode(t, c.in))
			if err == nil {
				t.Fatalf("accepted: %+v", r)
			}
			var oe *OutputError
			if !errors.As(err, &oe) {
				t.Fatalf("error %T, want *OutputError", err)
			}
			if !strings.Contains(oe.Reason, c.reason) {
				t.Fatalf("reason %q\nwant it to contain %q", oe.Reason, c.reason)
			}
			if !strings.HasPrefix(err.Error(), "malformed authorizer output: ") {
				t.Fatalf("Error() = %q", err)
			}
		})
	}
}

func TestContextStringified(t *testing.T) {
	in := `{"principalId":"user","policyDocument":{"Statement":[]},"context":{"stringKey":"value","numberKey":1,"booleanKey":true,"off":false,"neg":-7,"frac":1.5,"pyFloat":1.0,"big":1e21,"small":0.0001,"nothing":null,"principalId":"spoof"}}`
	r, err := ParseOutput(decode(t, in))
	if err != nil {
		t.Fatal(err)
	}
	got := r.ContextValues()
	want := map[string]string{
		"stringKey": "value", "numberKey": "1", "booleanKey": "true", "off": "false", "neg": "-7",
		"frac": "1.5", "pyFloat": "1.0", "big": "1.0E21", "small": "1.0E-4", "principalId": "user",
	}
	if len(got) != len(want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["nothing"]; ok {
		t.Error("a null context value must be unset in $context.authorizer")
	}
}

func TestContextFromGoValues(t *testing.T) {
	// YAML- or Go-built outputs: float64 and ints.
	v := map[string]any{
		"principalId":    7,
		"policyDocument": map[string]any{"Statement": []any{}},
		"context":        map[string]any{"f": 3.0, "g": 2.25, "i": int64(9), "u": uint8(3)},
	}
	r, err := ParseOutput(v)
	if err != nil {
		t.Fatal(err)
	}
	cv := r.ContextValues()
	if cv["principalId"] != "7" || cv["f"] != "3" || cv["g"] != "2.25" || cv["i"] != "9" || cv["u"] != "3" {
		t.Fatalf("%v", cv)
	}
}

func TestAppendProxyAuthorizer(t *testing.T) {
	in := `{"principalId":"my-username","policyDocument":{"Statement":[]},"context":{"str":"hello","num":123,"bool":true,"null":null,"quote":"a\"b<c>"}}`
	r, err := ParseOutput(decode(t, in))
	if err != nil {
		t.Fatal(err)
	}
	got := string(r.AppendProxyAuthorizer(nil, 0))
	want := `{"bool":"true","null":null,"num":"123","quote":"a\"b<c>","str":"hello","principalId":"my-username","integrationLatency":0}`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	var m map[string]any
	if err := json.Unmarshal(r.ProxyAuthorizer(21), &m); err != nil || m["integrationLatency"] != 21.0 {
		t.Fatalf("%v %v", m, err)
	}
	bare, _ := ParseOutput(decode(t, allowAll))
	if got := string(bare.AppendProxyAuthorizer([]byte("x"), 3)); got != `x{"principalId":"user","integrationLatency":3}` {
		t.Fatalf("got %s", got)
	}
}

func TestJavaDouble(t *testing.T) {
	cases := map[float64]string{
		1.5: "1.5", 100: "100.0", 0.001: "0.001", 1e7: "1.0E7", 1.25e-5: "1.25E-5", -2.5e10: "-2.5E10", 0: "0.0",
	}
	for f, want := range cases {
		if got := vtl.FormatDouble(f); got != want {
			t.Errorf("vtl.FormatDouble(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestErrorOutcome(t *testing.T) {
	cases := []struct {
		msg                 string
		status              int
		body, errType, resp string
	}{
		{"Unauthorized", 401, `{"message":"Unauthorized"}`, "UnauthorizedException", "UNAUTHORIZED"},
		{"unauthorized", 500, `{"message": null}`, "AuthorizerConfigurationException", "AUTHORIZER_CONFIGURATION_ERROR"},
		{"Unauthorized ", 500, `{"message": null}`, "AuthorizerConfigurationException", "AUTHORIZER_CONFIGURATION_ERROR"},
		{"Error: Unauthorized", 500, `{"message": null}`, "AuthorizerConfigurationException", "AUTHORIZER_CONFIGURATION_ERROR"},
		{"", 500, `{"message": null}`, "AuthorizerConfigurationException", "AUTHORIZER_CONFIGURATION_ERROR"},
		{"Task timed out after 3.00 seconds", 500, `{"message": null}`, "AuthorizerConfigurationException", "AUTHORIZER_CONFIGURATION_ERROR"},
	}
	for _, c := range cases {
		o := ErrorOutcome(c.msg)
		if o.Allowed || o.Status != c.status || o.Body != c.body || o.ErrorType != c.errType || string(o.ResponseType) != c.resp {
			t.Errorf("ErrorOutcome(%q) = %+v", c.msg, o)
		}
	}
	if o := UnauthorizedOutcome(); o.Status != 401 || o.Body != UnauthorizedBody || o.Message != "Unauthorized" {
		t.Errorf("UnauthorizedOutcome = %+v", o)
	}
	if o := ConfigurationErrorOutcome(); o.Status != 500 || o.Body != `{"message": null}` || o.Log != "Execution failed due to configuration error: Authorizer error" {
		t.Errorf("ConfigurationErrorOutcome = %+v", o)
	}
}

func TestGatewayError(t *testing.T) {
	e := ErrorOutcome("Unauthorized").GatewayError()
	if e.Type != gwresponse.Unauthorized || e.Status != 401 || e.Message != "Unauthorized" || e.Body != UnauthorizedBody {
		t.Fatalf("%+v", e)
	}
	if r := gwresponse.Resolve(e, nil, ""); r.Status != 401 || r.ErrorType != "UnauthorizedException" {
		t.Fatalf("%+v", r)
	}
	e = ConfigurationErrorOutcome().GatewayError()
	if r := gwresponse.Resolve(e, nil, ""); r.Status != 500 || r.ErrorType != "AuthorizerConfigurationException" || e.Body != `{"message": null}` {
		t.Fatalf("%+v %+v", r, e)
	}
	r, _ := ParseOutput(decode(t, `{"principalId":"u","policyDocument":{"Statement":[]}}`))
	e = r.Authorize("arn:aws:execute-api:us-east-1:1:a/p/GET/").GatewayError()
	if res := gwresponse.Resolve(e, nil, ""); res.Status != 403 || res.ErrorType != "AccessDeniedException" || e.Body != NotAuthorizedBody {
		t.Fatalf("%+v %+v", res, e)
	}
	bare, _ := ParseOutput(decode(t, allowAll))
	if bare.Authorize("x").GatewayError() != nil {
		t.Fatal("allowed request has a gateway error")
	}
}
