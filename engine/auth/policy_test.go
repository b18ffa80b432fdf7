package auth

import (
	"fmt"
	"strings"
	"testing"
)

const petsGET = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"

func TestMatchARN(t *testing.T) {
	const base = "arn:aws:execute-api:us-east-1:123456789012:abc123"
	cases := []struct {
		pattern, arn string
		want         bool
	}{
		{petsGET, petsGET, true},
		{"*", petsGET, true},
		{"arn:aws:execute-api:*", petsGET, true},     // segment-final * crosses colons
		{"arn:aws:execute-api:**", petsGET, true},    // serverless-offline #523's form
		{"arn:aws:execute-api:*:*:*", petsGET, true}, // each * one segment, last absorbs the resource
		{"arn:aws:execute-api:us-east-1:*:abc123/*", petsGET, true},
		{"arn:aws:execute-api:*:abc123/*", petsGET, true}, // region+account absorbed by one segment-final *
		{"arn:aws:execute-api:us-west-2:*:abc123/*", petsGET, false},
		{base + "/*", petsGET, true},
		{base + "/*/GET/*", base + "/prod/GET/pets/1", true},     // * runs over '/'
		{base + "/*/GET/pets", base + "/prod/GET/pets/1", false}, // anchored: the cached-policy trap
		{base + "/prod/GET/pets", base + "/prod/GET/pets/1", false},
		{base + "/prod/GET/pets/*", base + "/prod/GET/pets/1", true},
		{base + "/prod/GET/pets/*", base + "/prod/GET/pets", false}, // "pets/*" needs the slash
		{base + "/prod/*/pets", base + "/prod/POST/pets", true},
		{base + "/prod/GET/pets/?", base + "/prod/GET/pets/1", true},
		{base + "/prod/GET/pets/?", base + "/prod/GET/pets/12", false},
		{base + "/prod/GET/p?ts", base + "/prod/GET/péts", true}, // ? is one character, not one byte
		{base + "/prod/GET/p?ts", base + "/prod/GET/peets", false},
		{base + "/prod/GET/p?ts", base + "/prod/GET/pets", true},
		{base + "/prod/GET/caf?", base + "/prod/GET/café", true}, // ? matches a multi-byte rune
		{base + "/prod/get/pets", petsGET, false},                // case-sensitive
		{"ARN:aws:execute-api:us-east-1:123456789012:abc123/*", petsGET, false},
		{base + "/*/GET/", base + "/prod/GET/", true}, // root resource
		{base + "/*/GET/", base + "/prod/GET/pets", false},
		{base + "/prod/GET/a:b", base + "/prod/GET/a:b", true}, // colons inside the resource
		{base + "/prod/GET/*", base + "/prod/GET/a:b/c", true},
		{"arn:aws:execute-api:us-east-1:12345678901?:abc123/*", petsGET, true},
		{"arn:aws:execute-api:us-east-1:1234*:abc123/*", petsGET, true},
		{"arn:aws:execute-api:us-*-1:123456789012:abc123/*", petsGET, true},
		{"arn:aws:execute-api:us-*:abc123/*", petsGET, true}, // segment-final * of "us-*" absorbs the account
		{"arn:aws:execute-api:u?-east-1:123456789012:abc123/*", petsGET, true},
		{"arn:aws:execute-api:us-east-?:123456789012:abc123/*", petsGET, true},
		{"", petsGET, false},
		{"arn:aws:execute-api:us-east-1:123456789012", petsGET, false}, // too few segments, no wildcard
		{"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets:x", petsGET, false},
	}
	for _, c := range cases {
		if got := MatchARN(c.pattern, c.arn); got != c.want {
			t.Errorf("MatchARN(%q, %q) = %v, want %v", c.pattern, c.arn, got, c.want)
		}
	}
}

func TestActionMatch(t *testing.T) {
	cases := map[string]bool{
		"execute-api:Invoke": true, "execute-api:invoke": true, "EXECUTE-API:INVOKE": true,
		"execute-api:*": true, "*": true, "execute-api:Inv*": true, "execute-api:Invok?": true, "*:Invoke": true,
		"execute-api:ManageConnections": false, "execute-api:InvalidateCache": false, "s3:*": false,
		"execute-api": false, "": false, "execute-api:Invoke*x": false,
	}
	for a, want := range cases {
		if got := actionMatch(a); got != want {
			t.Errorf("actionMatch(%q) = %v, want %v", a, got, want)
		}
	}
}

func policy(statements ...string) string {
	return `{"principalId":"user","policyDocument":{"Version":"2012-10-17","Statement":[` + strings.Join(statements, ",") + `]}}`
}

func stmt(effect, action, resource string) string {
	return fmt.Sprintf(`{"Effect":%q,"Action":%s,"Resource":%s}`, effect, action, resource)
}

func TestAuthorize(t *testing.T) {
	const arn1 = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/1"
	allow := func(res string) string { return stmt("Allow", `"execute-api:Invoke"`, res) }
	deny := func(res string) string { return stmt("Deny", `"execute-api:Invoke"`, res) }
	const (
		ok       = 200
		denied   = 403
		explicit = "explicit"
		implicit = "implicit"
	)
	cases := []struct {
		name   string
		policy string
		arn    string
		allow  bool
		kind   string // explicit / implicit deny
		stmt   int    // index of the deciding statement, -1 none
	}{
		{"allow exact", policy(allow(`"` + petsGET + `"`)), petsGET, true, "", 0},
		{"allow wildcard", policy(allow(`"arn:aws:execute-api:us-east-1:123456789012:abc123/*"`)), arn1, true, "", 0},
		{"allow other method only", policy(allow(`"` + petsGET + `"`)), arn1, false, implicit, -1},
		{"no statements", policy(), petsGET, false, implicit, -1},
		{"deny exact", policy(deny(`"` + petsGET + `"`)), petsGET, false, explicit, 0},
		{"deny wins over an earlier allow", policy(allow(`"*"`), deny(`"`+petsGET+`"`)), petsGET, false, explicit, 1},
		{"deny wins over a later allow", policy(deny(`"*"`), allow(`"`+petsGET+`"`)), petsGET, false, explicit, 0},
		{"deny elsewhere, allow here", policy(deny(`"`+arn1+`"`), allow(`"*"`)), petsGET, true, "", 1},
		{"first matching allow reported", policy(allow(`"x"`), allow(`["y","*"]`), allow(`"*"`)), petsGET, true, "", 1},
		{"allow for another action does not count", policy(stmt("Allow", `"execute-api:ManageConnections"`, `"*"`)), petsGET, false, implicit, -1},
		{"deny for another action does not count", policy(stmt("Deny", `"execute-api:InvalidateCache"`, `"*"`), allow(`"*"`)), petsGET, true, "", 1},
		{"execute-api:* allows", policy(stmt("Allow", `"execute-api:*"`, `"*"`)), petsGET, true, "", 0},
		{"NotAction s3 allows invoke", policy(`{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}`), petsGET, true, "", 0},
		{"NotAction invoke does not allow", policy(`{"Effect":"Allow","NotAction":"execute-api:Invoke","Resource":"*"}`), petsGET, false, implicit, -1},
		{"NotResource other allows", policy(`{"Effect":"Allow","Action":"*","NotResource":"` + arn1 + `"}`), petsGET, true, "", 0},
		{"NotResource this does not allow", policy(`{"Effect":"Allow","Action":"*","NotResource":"` + petsGET + `"}`), petsGET, false, implicit, -1},
		{"Deny with NotResource covers the rest", policy(allow(`"*"`), `{"Effect":"Deny","Action":"*","NotResource":"`+arn1+`"}`), petsGET, false, explicit, 1},
		{"conditional allow is not evaluated", policy(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`), petsGET, false, implicit, -1},
		{"conditional deny is not evaluated", policy(`{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"x":"true"}}}`, allow(`"*"`)), petsGET, true, "", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := ParseOutput(decode(t, c.policy))
			if err != nil {
				t.Fatal(err)
			}
			d := r.Authorize(c.arn)
			if d.Allowed != c.allow {
				t.Fatalf("Allowed = %v (%s)", d.Allowed, d.Explain())
			}
			switch {
			case c.allow:
				if d.Status != ok || d.Body != "" || d.ErrorType != "" {
					t.Fatalf("%+v", d.Outcome)
				}
			case c.kind == explicit:
				if d.Status != denied || d.Body != `{"Message":"User is not authorized to access this resource with an explicit deny"}` ||
					d.ErrorType != "AccessDeniedException" || d.ResponseType != "ACCESS_DENIED" || d.Message != ExplicitDenyMessage {
					t.Fatalf("%+v", d.Outcome)
				}
			default:
				if d.Status != denied || d.Body != `{"Message":"User is not authorized to access this resource"}` ||
					d.ErrorType != "AccessDeniedException" || d.ResponseType != "ACCESS_DENIED" {
					t.Fatalf("%+v", d.Outcome)
				}
			}
			if c.stmt < 0 {
				if d.Statement != nil {
					t.Fatalf("statement %+v, want none", d.Statement)
				}
			} else if d.Statement == nil || d.Statement.Index != c.stmt {
				t.Fatalf("deciding statement %+v, want #%d", d.Statement, c.stmt)
			}
			if d.Result != r || d.MethodArn != c.arn {
				t.Fatal("decision does not carry its result and ARN")
			}
		})
	}
}

func TestExplain(t *testing.T) {
	r, _ := ParseOutput(decode(t, policy(`{"Sid":"onlyPets","Effect":"Allow","Action":"execute-api:Invoke","Resource":"`+petsGET+`"}`,
		`{"Effect":"Deny","Action":"*","Resource":"*/DELETE/*"}`,
		`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"a":{}}}`)))
	cases := map[string]string{
		petsGET: "allowed: statement #0 (onlyPets) allows execute-api:Invoke on " + petsGET + " (resource " + petsGET + "); statements with a Condition were not evaluated (not simulated)",
		"arn:aws:execute-api:us-east-1:1:a/prod/DELETE/pets": "explicit deny: statement #1 denies execute-api:Invoke on arn:aws:execute-api:us-east-1:1:a/prod/DELETE/pets (resource */DELETE/*)",
		petsGET + "/1": "implicit deny: no statement allows execute-api:Invoke on " + petsGET + "/1; statements with a Condition were not evaluated (not simulated)",
	}
	for arn, want := range cases {
		if got := r.Authorize(arn).Explain(); got != want {
			t.Errorf("Explain(%s)\n got  %s\n want %s", arn, got, want)
		}
	}
}

func TestAuthorizeDoesNotAllocate(t *testing.T) {
	r, _ := ParseOutput(decode(t, policy(
		stmt("Deny", `"execute-api:Invoke"`, `"arn:aws:execute-api:us-east-1:123456789012:abc123/prod/DELETE/*"`),
		stmt("Allow", `["execute-api:Inv*"]`, `["arn:aws:execute-api:us-east-1:123456789012:abc123/*/GET/pets/*","arn:aws:execute-api:*"]`),
	)))
	arn := petsGET + "/1"
	if n := testing.AllocsPerRun(100, func() { _ = r.Authorize(arn) }); n != 0 {
		t.Fatalf("Authorize allocates %v times", n)
	}
}

func TestMethodArnTooLongConstant(t *testing.T) {
	if MaxMethodArnLength != 1600 {
		t.Fatal("AWS documents 1600 bytes")
	}
}
