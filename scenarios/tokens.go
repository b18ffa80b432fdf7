package scenarios

import (
	"fmt"
	"maps"
	"strings"

	"apigwlab/engine"
)

// mintTokens signs each identity with a token in to its user pool at the scenario's start,
// putting the JWT in the identity's headers.
func mintTokens(sc *Scenario, gw *engine.Gateway) error {
	for _, p := range sc.Traffic {
		for _, id := range p.Identities {
			t := id.Token
			if t == nil {
				continue
			}
			ref := t.UserPool
			if ref == "" {
				if names := gw.UserPoolNames(); len(names) == 1 {
					ref = names[0]
				}
			}
			pool, ok := gw.UserPool(ref)
			if !ok {
				names := strings.Join(gw.UserPoolNames(), ", ")
				if names == "" {
					names = "none"
				}
				return fmt.Errorf("%s: token: no user pool %q in the workspace (userPools: %s)", t.Pos, ref, names)
			}
			client := t.Client
			if client == "" && len(pool.Clients) > 0 {
				client = pool.Clients[0].ClientID
			}
			use := t.TokenUse
			if use == "" {
				use = "id"
				if len(t.Scopes) > 0 {
					use = "access"
				}
			}
			tok, err := pool.Mint(t.User, client, use, t.Scopes, sc.Start, t.TTL)
			if err != nil {
				return fmt.Errorf("%s: token: %s", t.Pos, strings.TrimPrefix(err.Error(), "cognito: "))
			}
			h := maps.Clone(id.Headers)
			if h == nil {
				h = map[string]string{}
			}
			h[t.Header] = tok
			id.Headers = h
		}
	}
	return nil
}
