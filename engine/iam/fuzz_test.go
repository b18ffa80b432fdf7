package iam

import (
	"testing"
	"time"

	"apigwlab/engine/wire"
)

// FuzzParseAuthorization: any header parses or fails with a message; never a panic, and a
// parsed signature goes through the scope check and the SDK verifier without one.
func FuzzParseAuthorization(f *testing.F) {
	for _, s := range []string{
		"AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
		"Bearer x", "Basic dXNlcjpw==", "", "=", "AWS4-HMAC-SHA256 Credential=////, SignedHeaders=;, Signature=",
		"AWS4-HMAC-SHA256 Credential= AKID/20260101/us-east-1/execute-api/aws4_request,SignedHeaders=host,Signature=0",
	} {
		f.Add(s, "20260101T000000Z")
	}
	f.Fuzz(func(t *testing.T, header, date string) {
		s, fail := ParseAuthorization(header, date, "")
		if fail != nil {
			if fail.Message == "" || fail.ErrorType() == "" {
				t.Fatalf("failure without message: %+v", fail)
			}
			return
		}
		_ = s.CheckScope("us-east-1", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		r := &Request{Method: "GET", Path: "/prod/x", Host: "h", Header: wire.Headers{{Name: "Authorization", Value: header}, {Name: "X-Amz-Date", Value: date}}}
		_ = s.Verify(r, "secret", "us-east-1")
	})
}

// FuzzParsePolicy: any JSON text parses or fails with an error; a parsed policy evaluates.
func FuzzParsePolicy(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"IpAddress":{"aws:SourceIp":["192.0.2.0/24"]}}}]}`,
		`{"Statement":{"Effect":"Deny","Principal":{"AWS":["123456789012"]},"NotAction":"x","NotResource":["*"],"Condition":{"StringNotEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}}}`,
		`{}`, `[]`, `"x"`, `{"Statement":[null]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		for _, kind := range []string{ResourcePolicy, IdentityPolicy} {
			p, err := ParsePolicy(doc, kind, nil)
			if err != nil {
				continue
			}
			p.Name = "fuzz"
			env := Env{Action: "execute-api:Invoke", Resource: "arn:aws:execute-api:us-east-1:123456789012:a/prod/GET/x",
				Caller: Caller{ARN: "arn:aws:iam::123456789012:user/u", Account: "123456789012"}, SourceIP: "192.0.2.1", SourceVpce: "vpce-1"}
			r := Evaluate(&env, p)
			_ = r.Explain()
		}
	})
}
