package iam

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"apigwlab/engine/wire"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func h64(s string) string {
	sum := sha256.Sum256([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func TestParseAuthorizationMessages(t *testing.T) {
	const good = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"
	tests := []struct {
		name, header, amzDate string
		kind                  Kind
		msg                   string
	}{
		{"a bearer token", "Bearer tok", "", Incomplete,
			"Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '" + h64("Bearer tok") + "'."},
		{"a JWT alone: no parameters", "eyJhbGciOi.eyJzdWIi.sig", "", Incomplete,
			"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. (Hashed with SHA-256 and encoded with Base64) Authorization=" + h64("eyJhbGciOi.eyJzdWIi.sig")},
		{"basic auth: padding is not a pair", "Basic dXNlcjpwYXNz==", "20260101T000000Z", Incomplete,
			"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. (Hashed with SHA-256 and encoded with Base64) Authorization=" + h64("Basic dXNlcjpwYXNz==")},
		{"no date header", good, "", Incomplete,
			"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. (Hashed with SHA-256 and encoded with Base64) Authorization=" + h64(good)},
		{"credential with 4 parts", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/aws4_request, SignedHeaders=host, Signature=abc", "20260101T000000Z", Incomplete,
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20260101/us-east-1/aws4_request'"},
		{"a bad date", good, "2026-01-01", Incomplete,
			"Date must be in ISO-8601 'basic format'. Got '2026-01-01'. See http://en.wikipedia.org/wiki/ISO_8601"},
		{"algorithm with =", "Credential=x", "20260101T000000Z", Incomplete,
			"Authorization header must begin with the algorithm name, which cannot include an equal-sign (hashed with SHA-256 and encoded with Base64): '" + h64("Credential=x") + "'."},
		{"well formed", good, "20260101T000000Z", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, f := ParseAuthorization(tt.header, tt.amzDate, "")
			if tt.kind == 0 {
				if f != nil {
					t.Fatalf("unexpected failure %v", f)
				}
				if s.AccessKeyID != "AKID" || s.Region != "us-east-1" || s.Signature != "abc" || len(s.SignedHeaders) != 2 || !s.Time.Equal(t0) {
					t.Errorf("parsed %+v", s)
				}
				return
			}
			if f == nil || f.Kind != tt.kind || f.Message != tt.msg {
				t.Fatalf("got %+v\nwant kind %d %q", f, tt.kind, tt.msg)
			}
			if f.ErrorType() != "IncompleteSignatureException" {
				t.Errorf("error type %s", f.ErrorType())
			}
		})
	}
}

func TestParseMissing(t *testing.T) {
	_, f := Parse(&Request{Method: "GET", Path: "/prod/x"})
	if f == nil || f.Kind != MissingToken || f.Message != "Missing Authentication Token" || f.ErrorType() != "MissingAuthenticationTokenException" {
		t.Fatalf("got %+v", f)
	}
}

func TestCheckScope(t *testing.T) {
	base := func() Signature {
		s, f := ParseAuthorization("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc", "20260101T000000Z", "")
		if f != nil {
			t.Fatal(f)
		}
		return s
	}
	tests := []struct {
		name   string
		change func(*Signature)
		now    time.Time
		msg    string
	}{
		{"fresh", func(*Signature) {}, t0.Add(4 * time.Minute), ""},
		{"expired", func(*Signature) {}, t0.Add(10 * time.Minute),
			"Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z (20260101T001000Z - 5 min.)"},
		{"from the future", func(*Signature) {}, t0.Add(-6 * time.Minute),
			"Signature not yet current: 20260101T000000Z is still later than 20251231T235900Z (20251231T235400Z + 5 min.)"},
		{"wrong region", func(s *Signature) { s.Region = "eu-west-1" }, t0, "Credential should be scoped to a valid region. "},
		{"wrong service", func(s *Signature) { s.Service = "s3" }, t0, "Credential should be scoped to correct service: 'execute-api'. "},
		{"wrong terminator", func(s *Signature) { s.Terminator = "aws4" }, t0, "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4'. "},
		{"scope date differs", func(s *Signature) { s.ScopeDate = "20251231" }, t0,
			"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20251231' != '20260101', from '20260101T000000Z'."},
		{"host not signed", func(s *Signature) { s.SignedHeaders = []string{"x-amz-date"} }, t0,
			"'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			tt.change(&s)
			f := s.CheckScope("us-east-1", tt.now)
			switch {
			case tt.msg == "" && f != nil:
				t.Fatalf("unexpected %v", f)
			case tt.msg != "" && (f == nil || f.Message != tt.msg || f.ErrorType() != "InvalidSignatureException"):
				t.Fatalf("got %+v, want %q", f, tt.msg)
			}
		})
	}
}

func TestSignThenVerify(t *testing.T) {
	r := &Request{Method: "POST", Path: "/prod/pets/a%20b", RawQuery: "b=2&a=1", Host: "127.0.0.1:3000",
		Header: wire.Headers{{Name: "Content-Type", Value: "application/json"}}, Body: `{"x":1}`}
	if err := Sign(r, "AKID", "secret", "us-east-1", t0); err != nil {
		t.Fatal(err)
	}
	s, f := Parse(r)
	if f != nil {
		t.Fatal(f)
	}
	if f := s.CheckScope("us-east-1", t0); f != nil {
		t.Fatal(f)
	}
	if f := s.Verify(r, "secret", "us-east-1"); f != nil {
		t.Fatalf("a request signed by the SDK must verify: %v", f.Reason)
	}
	f = s.Verify(r, "other", "us-east-1")
	if f == nil || f.Kind != Invalid || !strings.HasPrefix(f.Message, "The request signature we calculated does not match the signature you provided.") {
		t.Fatalf("wrong secret: %+v", f)
	}
	if !strings.Contains(f.CanonicalRequest, "POST\n/prod/pets/a%2520b\na=1&b=2\ncontent-type:application/json\nhost:127.0.0.1:3000\n") {
		t.Errorf("canonical request %q", f.CanonicalRequest)
	}
	if !strings.HasPrefix(f.StringToSign, "AWS4-HMAC-SHA256\n20260101T000000Z\n20260101/us-east-1/execute-api/aws4_request\n") {
		t.Errorf("string to sign %q", f.StringToSign)
	}
	if f.Message != MismatchMessage(f.CanonicalRequest, f.StringToSign) {
		t.Errorf("message does not quote what was computed")
	}
	// A body changed after signing breaks the signature, whatever X-Amz-Content-Sha256 says:
	// the gateway hashes the body it received.
	r.Body = `{"x":2}`
	if f := s.Verify(r, "secret", "us-east-1"); f == nil {
		t.Error("a changed body must not verify")
	}
	r.Header.Del("X-Amz-Content-Sha256")
	if f := s.Verify(r, "secret", "us-east-1"); f == nil {
		t.Error("a changed body must not verify without the header either")
	}
}

// UNSIGNED-PAYLOAD is S3's; execute-api hashes the body, so such a signature does not match.
func TestUnsignedPayloadDoesNotVerify(t *testing.T) {
	r := &Request{Method: "POST", Path: "/prod/pets", Host: "h", Body: "anything at all",
		Header: wire.Headers{{Name: "X-Amz-Content-Sha256", Value: "UNSIGNED-PAYLOAD"}}}
	if err := Sign(r, "AKID", "secret", "us-east-1", t0); err != nil {
		t.Fatal(err)
	}
	s, f := Parse(r)
	if f != nil {
		t.Fatal(f)
	}
	if f := s.Verify(r, "secret", "us-east-1"); f == nil || f.ErrorType() != "InvalidSignatureException" {
		t.Fatalf("UNSIGNED-PAYLOAD verified: %+v", f)
	}
}

func TestVerifyPresignedURL(t *testing.T) {
	req, _ := http.NewRequest("GET", "https://abc.execute-api.us-east-1.amazonaws.com/prod/pets?x=1&X-Amz-Expires=60", nil)
	sum := sha256.Sum256(nil)
	uri, _, err := v4.NewSigner().PresignHTTP(context.Background(), aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: "secret"},
		req, strings.ToLower(hexString(sum[:])), Service, "us-east-1", t0)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(uri)
	r := &Request{Method: "GET", Path: u.EscapedPath(), RawQuery: u.RawQuery, Host: u.Host}
	s, f := Parse(r)
	if f != nil {
		t.Fatal(f)
	}
	if !s.Presigned || s.Expires != time.Minute {
		t.Errorf("parsed %+v", s)
	}
	if f := s.Verify(r, "secret", "us-east-1"); f != nil {
		t.Fatalf("presigned URL must verify: %v", f.Reason)
	}
	if f := s.CheckScope("us-east-1", t0.Add(2*time.Minute)); f == nil || !strings.HasPrefix(f.Message, "Signature expired") {
		t.Errorf("expired presigned URL: %+v", f)
	}
}

func hexString(b []byte) string {
	const hexdigits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, hexdigits[c>>4], hexdigits[c&15])
	}
	return string(out)
}

func TestDenyMessage(t *testing.T) {
	arn := "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"
	tests := []struct {
		caller   Caller
		explicit bool
		want     string
	}{
		{Caller{Anonymous: true}, false, "User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:abc123/prod/GET/pets"},
		{Caller{ARN: "arn:aws:iam::123456789012:user/alice"}, true, "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:abc123/prod/GET/pets with an explicit deny"},
	}
	for _, tt := range tests {
		if got := DenyMessage(&tt.caller, arn, tt.explicit); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
	if got := MaskAccount("arn:aws:execute-api:us-east-1:12:x"); got != "arn:aws:execute-api:us-east-1:12:x" {
		t.Errorf("short account: %s", got)
	}
}

// A presigned URL lives at most a week; a huge X-Amz-Expires is refused, not overflowed.
func TestPresignedExpiresAtMostAWeek(t *testing.T) {
	for _, e := range []string{"604801", "9999999999999999"} {
		q := "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20260101%2Fus-east-1%2Fexecute-api%2Faws4_request" +
			"&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00&X-Amz-Expires=" + e
		_, f := Parse(&Request{Method: "GET", Path: "/prod/pets", RawQuery: q, Host: "h"})
		if f == nil || !strings.Contains(f.Message, "X-Amz-Expires must be less than a week") {
			t.Errorf("X-Amz-Expires=%s: %+v", e, f)
		}
	}
}
