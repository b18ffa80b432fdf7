package auth

import (
	"testing"
	"time"
)

// benchPolicy is a realistic authorizer output: a deny for admin paths, an allow with a
// wildcard resource list, and a context map.
const benchPolicy = `{"principalId":"user-123","policyDocument":{"Version":"2012-10-17","Statement":[` +
	`{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"arn:aws:execute-api:us-east-1:123456789012:abc123/*/*/admin/*"},` +
	`{"Effect":"Allow","Action":["execute-api:Invoke"],"Resource":["arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/owners/*","arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/pets/*"]}` +
	`]},"context":{"tenant":"blue","tier":2,"admin":false}}`

func BenchmarkAuthorize(b *testing.B) {
	r, err := ParseOutput(decode(b, benchPolicy))
	if err != nil {
		b.Fatal(err)
	}
	arn := MethodArn("us-east-1", "123456789012", "abc123", "prod", "GET", "/pets/42")
	b.ReportAllocs()
	for b.Loop() {
		if d := r.Authorize(arn); !d.Allowed {
			b.Fatal(d.Explain())
		}
	}
}

// BenchmarkCachedAuthorize is the whole hot path of a cache hit: cache lookup and policy
// evaluation (the method ARN is built by the engine per request; included here).
func BenchmarkCachedAuthorize(b *testing.B) {
	r, err := ParseOutput(decode(b, benchPolicy))
	if err != nil {
		b.Fatal(err)
	}
	c := NewCache(1000)
	k := Key{"abc123/prod", "jwt", "eyJhbGciOiJIUzI1NiJ9.e30.sig"}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c.Put(k, r, 300*time.Second, now)
	b.ReportAllocs()
	for b.Loop() {
		res, ok := c.Get(k, now)
		if !ok {
			b.Fatal("miss")
		}
		arn := MethodArn("us-east-1", "123456789012", "abc123", "prod", "GET", "/pets/42")
		if d := res.Authorize(arn); !d.Allowed {
			b.Fatal(d.Explain())
		}
	}
}

func BenchmarkParseOutput(b *testing.B) {
	v := decode(b, benchPolicy)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseOutput(v); err != nil {
			b.Fatal(err)
		}
	}
}
