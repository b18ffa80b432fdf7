package scenarios

import (
	"fmt"
	"maps"

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
			tok, err := gw.MintToken(engine.TokenRequest{UserPool: t.UserPool, User: t.User, Client: t.Client,
				Scopes: t.Scopes, TokenUse: t.TokenUse, TTL: t.TTL}, sc.Start)
			if err != nil {
				return fmt.Errorf("%s: token: %w", t.Pos, err)
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
