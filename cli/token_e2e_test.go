package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// A token minted by `apigwlab token` passes the COGNITO_USER_POOLS authorizer of a later
// `apigwlab invoke` of the same workspace; an expired one gets AWS's 401 body.
func TestTokenEndToEnd(t *testing.T) {
	tok, errOut, code := apigwlab(t, "", "token", "-f", "examples/pets.yaml", "--user", "alice")
	tok = strings.TrimSpace(tok)
	if code != 0 || strings.Count(tok, ".") != 2 {
		t.Fatalf("token: exit %d, %q, stderr %s", code, tok, errOut)
	}
	r := invokeJSONOut(t, "GET", "/prod/profile", "-H", "Authorization: "+tok)
	if r.Status != 200 || r.Body != `{"user": "alice", "email": "alice@example.com"}` {
		t.Fatalf("with token: %d %s", r.Status, r.Body)
	}
	r = invokeJSONOut(t, "GET", "/prod/profile", "-H", "Authorization: Bearer "+tok)
	if r.Status != 200 {
		t.Fatalf("with Bearer token: %d %s", r.Status, r.Body)
	}
	expired, _, _ := apigwlab(t, "", "token", "-f", "examples/pets.yaml", "--user", "alice", "--ttl", "-1m")
	r = invokeJSONOut(t, "GET", "/prod/profile", "-H", "Authorization: "+strings.TrimSpace(expired))
	if r.Status != 401 || r.Body != `{"message":"The incoming token has expired"}` || r.Headers["x-amzn-ErrorType"] != "UnauthorizedException" {
		t.Fatalf("expired token: %d %s %v", r.Status, r.Body, r.Headers)
	}
	access, _, _ := apigwlab(t, "", "token", "-f", "examples/pets.yaml", "--user", "alice", "--scopes", "pets/read")
	r = invokeJSONOut(t, "GET", "/prod/profile", "-H", "Authorization: "+strings.TrimSpace(access))
	if r.Status != 401 || r.Body != `{"message":"Unauthorized"}` {
		t.Fatalf("access token on a method without scopes: %d %s", r.Status, r.Body)
	}
}

func TestTokenJSONAndErrors(t *testing.T) {
	out, _, code := apigwlab(t, "", "token", "-f", "examples/pets.yaml", "--user", "alice", "--scopes", "pets/read", "--json")
	var got struct {
		TokenUse string         `json:"tokenUse"`
		Issuer   string         `json:"issuer"`
		Claims   map[string]any `json:"claims"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("exit %d: %s", code, out)
	}
	if got.TokenUse != "access" || got.Claims["scope"] != "pets/read" || got.Claims["username"] != "alice" ||
		!strings.HasPrefix(got.Issuer, "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_") {
		t.Errorf("json: %+v", got)
	}
	jwks, _, code := apigwlab(t, "", "token", "-f", "examples/pets.yaml", "--jwks")
	if code != 0 || !strings.Contains(jwks, `"alg":"RS256"`) {
		t.Errorf("jwks: exit %d %s", code, jwks)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--user", "bob"}, `pool pets-users has no user "bob"; users: alice`},
		{[]string{"--user", "alice", "--user-pool", "nope"}, `no user pool "nope" in examples/pets.yaml; pools: pets-users`},
		{[]string{"--user", "alice", "--scopes", "pets/write"}, `scope`},
		{[]string{"--user", "alice", "--token-use", "refresh"}, `--token-use "refresh": use id or access`},
	}
	for _, tt := range tests {
		_, errOut, code := apigwlab(t, "", append([]string{"token", "-f", "examples/pets.yaml"}, tt.args...)...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tt.args, code, errOut, tt.want)
		}
	}
}

// Review fixes: arguments that used to be taken as they came now get a clear exit 2.
func TestBadArgumentsAreRefused(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"invoke", "-f", "examples/pets.yaml", "GET", "/prod/pets", "--source-ip", "garbage"}, `--source-ip "garbage" is not an IP address`},
		{[]string{"token", "-f", "examples/pets.yaml", "--user", "alice", "--ttl", "100h"}, "Cognito issues ID and access tokens valid from 5 minutes to 1 day"},
	}
	for _, tt := range tests {
		_, errOut, code := apigwlab(t, "", tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tt.args, code, errOut, tt.want)
		}
	}
}
