package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"apigwlab/engine"
	"apigwlab/engine/clock"
	"apigwlab/engine/cognito"
	"apigwlab/engine/model"
)

type tokenFlags struct {
	file     string
	pool     string
	user     string
	client   string
	scopes   string
	tokenUse string
	ttl      time.Duration
	json     bool
	jwks     bool
}

func newTokenCmd(stdout io.Writer) *cobra.Command {
	f := &tokenFlags{}
	cmd := &cobra.Command{
		Use:   "token -f WORKSPACE --user-pool POOL --user USER",
		Short: "Mint a signed Cognito JWT for a user of a simulated user pool",
		Long: `token signs in a user of one of the workspace's userPools and prints the token,
ready for an Authorization header. It is a real RS256 JWT shaped as Cognito's: the
gateway checks its signature, issuer, expiry, token_use, app client and scopes exactly
as a COGNITO_USER_POOLS authorizer does.

Which token?
  - without --scopes: an ID token (token_use "id") — what a method WITHOUT
    authorizationScopes requires;
  - with --scopes: an access token (token_use "access") carrying those scopes — what
    a method WITH authorizationScopes requires (one of them is enough).
  An ID token on a method with scopes, or an access token on one without, is 401.

The pool's signing key is derived from its name and Region, so a token minted now
works with invoke, replay and serve of the same workspace until it expires
(Cognito's default: 1 hour).`,
		Example: `  apigwlab token -f examples/pets.yaml --user-pool pets-users --user alice
  TOKEN=$(apigwlab token -f examples/pets.yaml --user-pool pets-users --user alice)
  apigwlab invoke -f examples/pets.yaml GET /prod/profile -H "Authorization: $TOKEN"
  apigwlab token -f examples/pets.yaml --user-pool pets-users --user alice --scopes pets/read
  apigwlab token -f examples/pets.yaml --user-pool pets-users --user alice --json
  apigwlab token -f examples/pets.yaml --user-pool pets-users --jwks`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runToken(f, stdout)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.file, "file", "f", "", "workspace file (YAML)")
	fl.StringVar(&f.pool, "user-pool", "", "user pool name or id (default: the workspace's only pool)")
	fl.StringVar(&f.user, "user", "", "username in the pool")
	fl.StringVar(&f.client, "client", "", "app client name or id (default: the pool's first)")
	fl.StringVar(&f.scopes, "scopes", "", "OAuth scopes for an access token, space or comma separated")
	fl.StringVar(&f.tokenUse, "token-use", "", "id or access (default: access with --scopes, else id)")
	fl.DurationVar(&f.ttl, "ttl", time.Hour, "validity; a negative value mints an already expired token, to see the 401")
	fl.BoolVar(&f.json, "json", false, "print {token, tokenUse, expiresAt, issuer, claims} as JSON")
	fl.BoolVar(&f.jwks, "jwks", false, "print the pool's JWKS (what {issuer}/.well-known/jwks.json serves) instead")
	return cmd
}

func runToken(f *tokenFlags, stdout io.Writer) error {
	if f.file == "" {
		return usagef("token needs a workspace: -f FILE (try -f examples/pets.yaml)")
	}
	ws, err := model.Load(f.file)
	if err != nil {
		return usageError{err}
	}
	now := time.Now().UTC()
	gw, err := engine.New(ws, engine.Options{Clock: clock.NewVirtual(now), Seed: 1})
	if err != nil {
		return usageError{err}
	}
	defer gw.Close()
	pools := gw.UserPoolNames()
	if len(pools) == 0 {
		return usagef("%s declares no userPools: add one, e.g.\n  userPools: [{name: users, users: [{username: alice}], clients: [{name: web}]}]", f.file)
	}
	ref := f.pool
	if ref == "" {
		if len(pools) > 1 {
			return usagef("the workspace has several user pools: choose one with --user-pool (%s)", strings.Join(pools, ", "))
		}
		ref = pools[0]
	}
	pool, ok := gw.UserPool(ref)
	if !ok {
		return usagef("no user pool %q in %s; pools: %s", ref, f.file, strings.Join(pools, ", "))
	}
	if f.jwks {
		_, err := fmt.Fprintf(stdout, "%s\n", pool.JWKS())
		return err
	}
	if f.user == "" {
		return usagef("token needs --user: one of %s", usernames(pool))
	}
	if _, ok := pool.User(f.user); !ok {
		return usagef("pool %s has no user %q; users: %s", pool.Name, f.user, usernames(pool))
	}
	if _, ok := pool.Client(f.client); f.client != "" && !ok {
		var names []string
		for _, c := range pool.Clients {
			names = append(names, c.Name)
		}
		return usagef("pool %s has no app client %q; clients: %s", pool.Name, f.client, strings.Join(names, ", "))
	}
	scopes := strings.FieldsFunc(f.scopes, func(r rune) bool { return r == ' ' || r == ',' })
	if u := f.tokenUse; u != "" && u != cognito.TokenUseID && u != cognito.TokenUseAccess {
		return usagef("--token-use %q: use id or access", u)
	}
	ttl, at := f.ttl, now
	if ttl < 0 { // already expired: issued an hour before it ran out
		at, ttl = now.Add(ttl).Add(-time.Hour), time.Hour
	}
	if ttl == 0 || ttl > 24*time.Hour {
		return usagef("--ttl %s: Cognito issues ID and access tokens valid from 5 minutes to 1 day (default 1h; a negative value mints an expired one)", f.ttl)
	}
	// the engine's defaults (token use from the scopes, the pool's first client), as
	// scenarios and labs get them
	tok, err := gw.MintToken(engine.TokenRequest{UserPool: pool.Name, User: f.user, Client: f.client,
		Scopes: scopes, TokenUse: f.tokenUse, TTL: ttl}, at)
	if err != nil {
		return usageError{err}
	}
	if !f.json {
		_, err := fmt.Fprintln(stdout, tok)
		return err
	}
	v, err := pool.Verify(tok, at, nil)
	if err != nil && !errors.Is(err, cognito.ErrExpired) {
		return fmt.Errorf("verify minted token: %w", err)
	}
	return writeJSON(stdout, map[string]any{
		"token": tok, "tokenUse": v.TokenUse, "issuer": pool.Issuer(), "userPoolId": pool.ID,
		"expiresAt": at.Add(ttl).Format(time.RFC3339), "claims": v.Claims,
	})
}

func usernames(p *cognito.UserPool) string {
	var out []string
	for _, u := range p.Users {
		out = append(out, u.Username)
	}
	if len(out) == 0 {
		return "none (add users: [{username: alice}] to the pool)"
	}
	return strings.Join(out, ", ")
}
