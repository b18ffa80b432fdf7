package scenarios

import (
	"strings"
	"testing"
)

func TestTokenIdentityErrors(t *testing.T) {
	_, err := Parse("t.yaml", []byte("name: t\n"+inlineWS+`traffic:
  - from: 0s
    to: 5s
    rate: 1/s
    request: {path: /prod/ok}
    identities:
      - {token: {userPool: p, tokenUse: refresh, colour: red}}
`), noFiles)
	if err == nil {
		t.Fatal("accepted")
	}
	for _, want := range []string{
		`traffic[0].identities[0].token: unknown field "colour"`,
		"traffic[0].identities[0].token.user: a token needs the user it signs in",
		`traffic[0].identities[0].token.tokenUse: "refresh": use id or access`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%v", want, err)
		}
	}
	// a pool the workspace does not have is found when the run starts, at the token's line
	sc := parse(t, "name: t\n"+inlineWS+`traffic:
  - from: 0s
    to: 5s
    rate: 1/s
    request: {path: /prod/ok}
    identities:
      - {token: {userPool: nope, user: alice}}
`)
	_, err = Run(sc, Options{})
	if err == nil || !strings.Contains(err.Error(), `test.yaml:17:17: token: no user pool "nope" in the workspace (userPools: none)`) {
		t.Fatalf("err = %v", err)
	}
}
