package iam

import (
	"strings"
	"testing"
)

func mustPolicy(t *testing.T, doc any, kind string) *Policy {
	t.Helper()
	p, err := ParsePolicy(doc, kind, func(r string) string {
		if rest, ok := strings.CutPrefix(r, "execute-api:"); ok {
			return "arn:aws:execute-api:us-east-1:123456789012:api1" + rest
		}
		return r
	})
	if err != nil {
		t.Fatal(err)
	}
	p.Name = "policy"
	return p
}

func TestParsePolicyErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  any
		kind string
		want string
	}{
		{"not JSON", `{"Version":`, ResourcePolicy, "not valid JSON"},
		{"a list", []any{}, ResourcePolicy, "a policy document is an object"},
		{"lowercase statement", map[string]any{"statement": []any{}}, ResourcePolicy, "statement: not a policy element (Version, Id, Statement) (names are case-sensitive: write Statement)"},
		{"bad effect", `{"Statement":{"Effect":"allow","Action":"*","Resource":"*","Principal":"*"}}`, ResourcePolicy, "Statement[0].Effect: allow is not Allow or Deny (case-sensitive)"},
		{"resource statement without principal", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, ResourcePolicy, "Statement[0].Principal: missing"},
		{"identity statement with principal", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":"*"}]}`, IdentityPolicy, "Statement[0].Principal: an identity policy must not name a Principal"},
		{"bad CIDR", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/99"}}}]}`, ResourcePolicy, `"10.0.0.0/99" is not an IP address or CIDR block`},
		{"principal string", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":"123456789012"}]}`, ResourcePolicy, `a principal string can only be "*"`},
		{"misspelt condition operator", `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Principal":"*","Condition":{"StringNotEqualz":{"aws:SourceVpce":"vpce-1"}}}]}`, ResourcePolicy, `Statement[0].Condition: "StringNotEqualz" is not an IAM condition operator (did you mean StringNotEquals?)`},
		{"operator with set and IfExists prefixes is fine but unknown base is not", `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Principal":"*","Condition":{"ForAnyValue:StringLikeX":{"aws:SourceVpce":"vpce-1"}}}]}`, ResourcePolicy, `is not an IAM condition operator`},
		{"both Action and NotAction", `{"Statement":[{"Effect":"Allow","Action":"*","NotAction":"x","Resource":"*"}]}`, IdentityPolicy, "has both Action and NotAction"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePolicy(tt.doc, tt.kind, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	const arn = "arn:aws:execute-api:us-east-1:123456789012:api1/prod/GET/pets"
	alice := Caller{ARN: "arn:aws:iam::123456789012:user/alice", Account: "123456789012"}
	session := Caller{ARN: "arn:aws:sts::123456789012:assumed-role/ops/s1", RoleARN: "arn:aws:iam::123456789012:role/ops", Account: "123456789012"}
	anon := Caller{Anonymous: true}
	stmt := func(extra string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"execute-api:/*"` + extra + `}]}`
	}
	tests := []struct {
		name   string
		policy string
		env    Env
		want   Effect
		note   string
	}{
		{"principal * allows anonymous", stmt(`,"Principal":"*"`), Env{Caller: anon}, Allowed, ""},
		{"account principal: not anonymous", stmt(`,"Principal":{"AWS":"123456789012"}`), Env{Caller: anon}, Neither, ""},
		{"account principal: a user of the account", stmt(`,"Principal":{"AWS":"arn:aws:iam::123456789012:root"}`), Env{Caller: alice}, Allowed, ""},
		{"user principal", stmt(`,"Principal":{"AWS":["arn:aws:iam::123456789012:user/alice"]}`), Env{Caller: alice}, Allowed, ""},
		{"role principal matches its sessions", stmt(`,"Principal":{"AWS":"arn:aws:iam::123456789012:role/ops"}`), Env{Caller: session}, Allowed, ""},
		{"IpAddress in range", stmt(`,"Principal":"*","Condition":{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","198.51.100.0/24"]}}`), Env{Caller: anon, SourceIP: "198.51.100.9"}, Allowed, ""},
		{"IpAddress out of range", stmt(`,"Principal":"*","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`), Env{Caller: anon, SourceIP: "203.0.113.1"}, Neither, ""},
		{"NotIpAddress, a single address", stmt(`,"Principal":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.1"}}`), Env{Caller: anon, SourceIP: "203.0.113.1"}, Neither, ""},
		{"VpcSourceIp through an endpoint", stmt(`,"Principal":"*","Condition":{"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/8"}}`), Env{Caller: anon, SourceVpce: "vpce-1", VpcSourceIP: "10.1.2.3"}, Allowed, ""},
		{"no SourceIp through an endpoint: NotIpAddress holds", stmt(`,"Principal":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`), Env{Caller: anon, SourceVpce: "vpce-1", VpcSourceIP: "10.1.2.3"}, Allowed, ""},
		{"StringEquals SourceVpce", stmt(`,"Principal":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}`), Env{Caller: anon, SourceVpce: "vpce-1a2b3c4d"}, Allowed, ""},
		{"StringEquals: key absent is false", stmt(`,"Principal":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}`), Env{Caller: anon}, Neither, ""},
		{"StringNotEquals: key absent is true", stmt(`,"Principal":"*","Condition":{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}`), Env{Caller: anon}, Allowed, ""},
		{"IfExists: key absent is true", stmt(`,"Principal":"*","Condition":{"StringEqualsIfExists":{"aws:SourceVpc":"vpc-1"}}`), Env{Caller: anon}, Allowed, ""},
		{"StringLike with a wildcard", stmt(`,"Principal":"*","Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/a*"}}`), Env{Caller: alice}, Allowed, ""},
		{"PrincipalArn of a session is the role", stmt(`,"Principal":"*","Condition":{"StringEquals":{"aws:PrincipalArn":"arn:aws:iam::123456789012:role/ops"}}`), Env{Caller: session}, Allowed, ""},
		{"condition keys are case-insensitive", stmt(`,"Principal":"*","Condition":{"StringEquals":{"AWS:sourcevpc":"vpc-1"}}`), Env{Caller: anon, SourceVpc: "vpc-1"}, Allowed, ""},
		{"unknown operator: skipped and said", stmt(`,"Principal":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}`), Env{Caller: anon}, Neither, "DateGreaterThan is not simulated"},
		{"NotResource", `{"Statement":{"Effect":"Deny","Action":"*","NotResource":"execute-api:/*/POST/*","Principal":"*"}}`, Env{Caller: anon}, Denied, ""},
		{"NotAction", `{"Statement":{"Effect":"Allow","NotAction":"execute-api:InvalidateCache","Resource":"*","Principal":"*"}}`, Env{Caller: anon}, Allowed, ""},
		{"action wildcard, any case", `{"Statement":{"Effect":"Allow","Action":"EXECUTE-API:*","Resource":"*","Principal":"*"}}`, Env{Caller: anon}, Allowed, ""},
		{"deny wins over allow", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":"*"},{"Sid":"D","Effect":"Deny","Action":"*","Resource":"execute-api:/prod/*","Principal":"*"}]}`, Env{Caller: anon}, Denied, "Deny by policy statement #1 (D)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustPolicy(t, tt.policy, ResourcePolicy)
			tt.env.Action, tt.env.Resource = "execute-api:Invoke", arn
			r := Evaluate(&tt.env, p)
			if r.Effect != tt.want {
				t.Fatalf("effect %v, want %v (%s)", r.Effect, tt.want, r.Explain())
			}
			if tt.note != "" && !strings.Contains(r.Explain(), tt.note) {
				t.Errorf("explain %q lacks %q", r.Explain(), tt.note)
			}
		})
	}
}

func TestDirectory(t *testing.T) {
	d, err := NewDirectory([]Spec{
		{Kind: User, Name: "alice", Keys: []KeySpec{{AccessKeyID: "AKIA1", SecretAccessKey: "s"}}},
		{Kind: Role, Name: "ops", Account: "210987654321", Keys: []KeySpec{{AccessKeyID: "ASIA1", SecretAccessKey: "s", SessionName: "job"}}},
	}, "123456789012")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := d.Lookup("AKIA1")
	r, _ := d.Lookup("ASIA1")
	if u.Caller.ARN != "arn:aws:iam::123456789012:user/alice" || !strings.HasPrefix(u.UniqueID, "AIDA") || len(u.UniqueID) != 21 {
		t.Errorf("user %+v", u)
	}
	if r.Caller.ARN != "arn:aws:sts::210987654321:assumed-role/ops/job" || r.Caller.RoleARN != "arn:aws:iam::210987654321:role/ops" ||
		!strings.HasPrefix(r.UniqueID, "AROA") || !strings.HasSuffix(r.UniqueID, ":job") {
		t.Errorf("role %+v", r)
	}
	if _, ok := d.Lookup("nope"); ok {
		t.Error("unknown key found")
	}
	if _, err := NewDirectory([]Spec{{Kind: User, Name: "a", Keys: []KeySpec{{AccessKeyID: "K"}, {AccessKeyID: "K"}}}}, "1"); err == nil {
		t.Error("a duplicate key must fail")
	}
}
