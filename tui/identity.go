package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"apigwlab/engine"
	"apigwlab/engine/cognito"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// identity is who the composer sends a request as: nobody, a Cognito user with an ID or
// access token minted when the request is sent (so it is never expired), and so on. An API
// key goes into the headers box instead, where it can be edited.
type identity struct {
	label string // "alice · Cognito ID token (pets-users)"
	// Cognito
	pool, user, client string
	tokenUse           string
	scopes             []string
	// IAM: an access key pair that signs the request with SigV4
	accessKeyID, secret string
}

func (id identity) anonymous() bool { return id.pool == "" && id.accessKeyID == "" }

// identities lists the workspace's identities: anonymous first, then for each user pool
// user an ID token and, per app client with scopes, an access token carrying them.
func identities(ws *model.Workspace) []identity {
	out := []identity{{label: "anonymous"}}
	if ws == nil {
		return out
	}
	keys := func(who string, ks []*model.AccessKey) {
		for _, k := range ks {
			if k != nil && k.AccessKeyID != "" {
				out = append(out, identity{label: who + " " + k.AccessKeyID, accessKeyID: k.AccessKeyID, secret: k.SecretAccessKey})
			}
		}
	}
	if ws.IAM != nil {
		for _, u := range ws.IAM.Users {
			if u != nil {
				keys(u.UserName+" · IAM user", u.AccessKeys)
			}
		}
		for _, r := range ws.IAM.Roles {
			if r != nil {
				keys(r.RoleName+" · IAM role", r.AccessKeys)
			}
		}
	}
	for _, p := range ws.UserPools {
		if p == nil {
			continue
		}
		for _, u := range p.Users {
			if u == nil {
				continue
			}
			for i, c := range p.Clients {
				if c == nil {
					continue
				}
				client := c.Name
				if client == "" {
					client = c.ClientID
				}
				if i == 0 {
					out = append(out, identity{label: fmt.Sprintf("%s · Cognito ID token (%s)", u.Username, p.Name),
						pool: p.Name, user: u.Username, client: client, tokenUse: cognito.TokenUseID})
				}
				if len(c.Scopes) > 0 {
					out = append(out, identity{label: fmt.Sprintf("%s · Cognito access token %s (%s)", u.Username, strings.Join(c.Scopes, " "), p.Name),
						pool: p.Name, user: u.Username, client: client, tokenUse: cognito.TokenUseAccess, scopes: c.Scopes})
				}
			}
		}
	}
	return out
}

// vpceIDs lists the workspace's interface VPC endpoints.
func vpceIDs(ws *model.Workspace) []string {
	var out []string
	if ws == nil {
		return out
	}
	for _, v := range ws.VPCEndpoints {
		if v != nil && v.ID != "" {
			out = append(out, v.ID)
		}
	}
	return out
}

// identityFor picks the identity a method's sample request needs: for a Cognito method the
// first user's ID token, or an access token with one of the method's scopes; anonymous
// otherwise.
func identityFor(ids []identity, m *model.Method) int {
	if m == nil {
		return 0
	}
	if m.AuthorizationType == "AWS_IAM" {
		for i, id := range ids {
			if id.accessKeyID != "" {
				return i
			}
		}
		return 0
	}
	if m.AuthorizationType != "COGNITO_USER_POOLS" && m.AuthorizationType != "JWT" {
		return 0
	}
	for i, id := range ids {
		if id.anonymous() || id.pool == "" {
			continue
		}
		if len(m.AuthorizationScopes) == 0 && id.tokenUse == cognito.TokenUseID {
			return i
		}
		if len(m.AuthorizationScopes) > 0 && id.tokenUse == cognito.TokenUseAccess &&
			slices.ContainsFunc(m.AuthorizationScopes, func(s string) bool { return slices.Contains(id.scopes, s) }) {
			return i
		}
	}
	return 0
}

// apply adds the identity's credentials to a request at time now. A header the user wrote
// in the headers box wins.
func (id identity) apply(gw *engine.Gateway, req *engine.Request, now time.Time) error {
	if id.anonymous() {
		return nil
	}
	if _, ok := req.Header.Get("Authorization"); ok {
		return nil
	}
	if id.accessKeyID != "" {
		// signed last, at the gateway's time: the signature covers the headers and body
		return gw.SignRequest(req, id.accessKeyID, id.secret)
	}
	p, ok := gw.UserPool(id.pool)
	if !ok {
		return fmt.Errorf("identity %s: no user pool %s in the workspace", id.label, id.pool)
	}
	tok, err := p.Mint(id.user, id.client, id.tokenUse, id.scopes, now, time.Hour)
	if err != nil {
		return fmt.Errorf("identity %s: %w", id.label, err)
	}
	req.Header = append(req.Header, wire.Header{Name: "Authorization", Value: tok})
	return nil
}
