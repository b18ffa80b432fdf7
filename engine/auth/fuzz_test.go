package auth

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func FuzzParseOutput(f *testing.F) {
	for _, s := range []string{
		allowAll,
		`null`, `[]`, `"x"`, `1`, `{}`,
		`{"principalId":"u","policyDocument":{"Statement":{"Effect":"Deny","Action":["*"],"Resource":["arn:aws:execute-api:*"]}},"context":{"a":1,"b":true,"c":null,"d":1.5e300}}`,
		`{"principalId":1e400,"policyDocument":{"Statement":[{"Effect":"Allow","NotAction":"s3:*","NotResource":"a:b:c:d:e:f:g","Condition":{"x":{}}}]}}`,
		`{"principalId":"u","policyDocument":{"statement":[]},"usageIdentifierKey":7}`,
	} {
		f.Add([]byte(s), "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets")
	}
	f.Fuzz(func(t *testing.T, data []byte, arn string) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) != nil {
			return
		}
		r, err := ParseOutput(v)
		if err != nil {
			if r != nil {
				t.Fatal("result with an error")
			}
			return
		}
		d := r.Authorize(arn)
		if d.Allowed != (d.Status == 200) || (!d.Allowed && d.Status != 403) {
			t.Fatalf("inconsistent decision %+v", d.Outcome)
		}
		_ = d.Explain()
		cv := r.ContextValues()
		if cv["principalId"] != r.PrincipalID {
			t.Fatal("principalId missing from context values")
		}
		var m map[string]any
		pa := r.AppendProxyAuthorizer(nil, 5)
		if err := json.Unmarshal(pa, &m); err != nil {
			t.Fatalf("proxy authorizer is not JSON: %s: %v", pa, err)
		}
		if m["principalId"] != strings.ToValidUTF8(r.PrincipalID, "\ufffd") {
			t.Fatalf("principalId %q != %q", m["principalId"], r.PrincipalID)
		}
	})
}

func FuzzMatchARN(f *testing.F) {
	for _, s := range [][2]string{
		{"*", petsGET},
		{"arn:aws:execute-api:*", petsGET},
		{"arn:aws:execute-api:*:*:*/*/GET/*", petsGET},
		{"arn:aws:execute-api:us-*:abc123/*", petsGET},
		{"a*b*c?d:*:?:**::", "a:b:c:d:e:f:g:h"},
		{"???*???*", "é:/x"},
		{"", ""},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, arn string) {
		got := MatchARN(pattern, arn)
		if !strings.ContainsAny(pattern, "*?") && got != (pattern == arn) {
			t.Fatalf("literal pattern %q vs %q: %v", pattern, arn, got)
		}
		if pattern == arn && !got {
			t.Fatalf("%q does not match itself", pattern)
		}
		if pattern == "*" && !got {
			t.Fatalf("* does not match %q", arn)
		}
		// a trailing * only widens a pattern
		if got && !MatchARN(pattern+"*", arn) {
			t.Fatalf("%q matches %q but %q does not", pattern, arn, pattern+"*")
		}
		_ = glob(pattern, arn)
		_ = actionMatch(pattern)
	})
}
