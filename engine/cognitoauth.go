package engine

import (
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
	"sync"
	"time"

	"apigwlab/engine/cognito"
	"apigwlab/engine/gwresponse"
	"apigwlab/engine/model"
	"apigwlab/engine/wire"
)

// userPools are the workspace's simulated Cognito user pools by name and id.
type userPools map[string]*cognito.UserPool

// compilePools creates the user pools. Each pool's signing key is derived from its Region
// and name only (not from Options.Seed), so a token minted by `apigwlab token` verifies in
// any later run of the same workspace: invoke, replay, serve.
func compilePools(ws *model.Workspace, region string) (userPools, error) {
	out := userPools{}
	for _, p := range ws.UserPools {
		if p == nil {
			continue
		}
		desc := cognito.Pool{ID: p.ID, Name: p.Name, Region: region}
		groups := map[string]bool{}
		for _, u := range p.Users {
			if u == nil {
				continue
			}
			desc.Users = append(desc.Users, cognito.User{Username: u.Username, Email: u.Email, Groups: u.Groups, Attributes: u.Attributes})
			for _, g := range u.Groups {
				if !groups[g] {
					groups[g] = true
					desc.Groups = append(desc.Groups, cognito.Group{Name: g})
				}
			}
		}
		for _, c := range p.Clients {
			if c != nil {
				desc.Clients = append(desc.Clients, cognito.Client{ClientID: c.ClientID, Name: c.Name, Scopes: c.Scopes})
			}
		}
		h := fnv.New64a()
		h.Write([]byte("apigwlab user pool|" + region + "|" + p.Name))
		up, err := cognito.NewPool(desc, h.Sum64())
		if err != nil {
			return nil, fmt.Errorf("user pool %s: %w", p.Name, err)
		}
		out[p.Name] = up
		out[up.ID] = up
	}
	return out, nil
}

// UserPool returns a simulated Cognito user pool by name or id: `apigwlab token` mints
// with it, the authorizer verifies with it.
func (g *Gateway) UserPool(ref string) (*cognito.UserPool, bool) {
	p, ok := g.pools[ref]
	return p, ok
}

// UserPoolNames lists the workspace's user pools by name.
func (g *Gateway) UserPoolNames() []string {
	var out []string
	for _, p := range g.ws.UserPools {
		if p != nil {
			out = append(out, p.Name)
		}
	}
	return out
}

// bindPools resolves the providerARNs of an API's COGNITO_USER_POOLS authorizers.
// Those frozen in deployments are bound too: a stage runs its deployment's authorizers.
func (g *Gateway) bindPools(api *restAPI) error {
	for _, b := range api.bound {
		if err := g.bindPool(b.az, b.m); err != nil && !b.frozen {
			return err
		}
	}
	return nil
}

func (g *Gateway) bindPool(az *authorizer, a *model.Authorizer) error {
	az.pools = nil
	for _, ref := range a.ProviderARNs {
		mp := g.ws.UserPoolByRef(ref)
		if mp == nil {
			return fmt.Errorf("authorizer %s: providerARNs: %q names no user pool of the workspace", a.Name, ref)
		}
		az.pools = append(az.pools, g.pools[mp.Name])
	}
	if len(az.pools) == 0 {
		return fmt.Errorf("authorizer %s: a COGNITO_USER_POOLS authorizer needs providerARNs naming user pools", a.Name)
	}
	return nil
}

// compileCognito prepares a COGNITO_USER_POOLS authorizer; its pools are bound by bindPools.
// The token header comes from identitySource (default method.request.header.Authorization).
func compileCognito(m *model.Authorizer) (*authorizer, error) {
	header := "Authorization"
	if src := m.IdentitySource; src != "" {
		h, ok := strings.CutPrefix(src, "method.request.header.")
		if !ok || h == "" || strings.ContainsAny(h, ", ") {
			return nil, fmt.Errorf("authorizer %s: identitySource %q: a Cognito authorizer reads one header: method.request.header.NAME", m.Name, src)
		}
		header = h
	}
	az := &authorizer{tokenHeader: header}
	az.cfg.Name, az.cfg.Type = m.Name, m.Type
	return az, nil
}

func hasCognito(m *method) bool { return m.authorizer != nil && m.authorizer.tokenHeader != "" }

// cognitoStep is a COGNITO_USER_POOLS authorizer: the token from the identity header is
// verified against the authorizer's pools (signature, iss, exp, token_use, client), then the
// method's authorizationScopes decide between an ID token and an access token with a scope
// (engine/cognito). Every denial is 401 UNAUTHORIZED; an expired token says so.
func cognitoStep(c *call) *gwresponse.Error {
	az := c.m.authorizer
	hop := c.trace.Hop("authorizer", "", c.elapsed, 0)
	hop.Fact("authorizer", az.cfg.Name+" (COGNITO_USER_POOLS)")
	deny := func(e *gwresponse.Error, reason string) *gwresponse.Error {
		if hop != nil {
			hop.Decide("answered 401").Fact("reason", reason)
		}
		return e
	}
	raw, _ := c.req.Header.Get(az.tokenHeader)
	token := strings.TrimSpace(raw)
	// The console's authorizer test accepts "Bearer <token>" as well as the bare token.
	if len(token) > 7 && strings.EqualFold(token[:7], "bearer ") {
		token = strings.TrimSpace(token[7:])
	}
	if token == "" {
		return deny(gwresponse.ErrUnauthorized, "no token in the "+az.tokenHeader+" header (identity source method.request.header."+az.tokenHeader+")")
	}
	scopes := c.m.model.AuthorizationScopes
	v, pool, err := c.g.tokens.verify(az.pools, token, c.at())
	if status, _, _ := cognito.Authorize(v, err, scopes); status != 200 {
		if errors.Is(err, cognito.ErrExpired) {
			return deny(&gwresponse.Error{Type: gwresponse.Unauthorized, Message: cognito.ExpiredMessage}, "the token has expired: "+err.Error())
		}
		return deny(gwresponse.ErrUnauthorized, cognitoDenyReason(v, err, scopes))
	}
	c.claims = v.Claims
	if hop != nil {
		user, _ := v.Claims["cognito:username"].(string)
		if user == "" {
			user, _ = v.Claims["username"].(string)
		}
		hop.Decide("pass").Fact("user pool", pool.Name+" ("+pool.ID+")").Fact("user", user).Fact("token_use", v.TokenUse)
		if len(scopes) > 0 {
			hop.Fact("scopes", strings.Join(v.Scopes, " ")+" (the method requires one of: "+strings.Join(scopes, " ")+")")
		}
	}
	return nil
}

func cognitoDenyReason(v cognito.Verified, err error, scopes []string) string {
	switch {
	case err != nil:
		return "the token does not verify: " + err.Error()
	case len(scopes) == 0 && v.TokenUse != cognito.TokenUseID:
		return "the method has no authorizationScopes, so it needs an ID token; this is an access token"
	case len(scopes) > 0 && v.TokenUse != cognito.TokenUseAccess:
		return "the method requires OAuth scopes (" + strings.Join(scopes, " ") + "), so it needs an access token; this is an ID token"
	default:
		return "the access token's scopes (" + strings.Join(v.Scopes, " ") + ") include none of the method's authorizationScopes (" + strings.Join(scopes, " ") + ")"
	}
}

// claimsJSON is requestContext.authorizer of a Lambda proxy event after a Cognito
// authorizer: {"claims":{...}} with every claim a string (cognito.ClaimValues), keys sorted.
// Captured REST events show exactly this object, e.g. "claims": {"sub": "…",
// "email_verified": "true", "auth_time": "1513492092", "exp": "Sun Dec 17 07:28:12 UTC 2017"}.
func claimsJSON(claims map[string]any) []byte {
	vals := cognito.ClaimValues(claims)
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b := []byte(`{"claims":{`)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = wire.AppendJSONString(b, k)
		b = append(b, ':')
		b = wire.AppendJSONString(b, vals[k])
	}
	return append(b, "}}"...)
}

// tokenCache remembers tokens that verified, so a replay does not pay an RSA verification
// per request. Expiry is re-checked on every hit against the request's time; failures are
// not cached.
type tokenCache struct {
	mu sync.Mutex
	m  map[string]cachedToken
}

type cachedToken struct {
	v    cognito.Verified
	pool *cognito.UserPool
	exp  time.Time
}

const tokenCacheMax = 4096

func (tc *tokenCache) verify(pools []*cognito.UserPool, token string, now time.Time) (cognito.Verified, *cognito.UserPool, error) {
	tc.mu.Lock()
	e, ok := tc.m[token]
	tc.mu.Unlock()
	if ok && now.Before(e.exp) {
		for _, p := range pools {
			if p == e.pool {
				return e.v, e.pool, nil
			}
		}
	}
	var err error
	for _, p := range pools {
		var v cognito.Verified
		v, err = p.Verify(token, now, nil)
		if errors.Is(err, cognito.ErrUnknownKey) {
			continue // signed by another pool's key: try the next pool
		}
		if err != nil {
			return v, p, err
		}
		exp, _ := v.Claims["exp"].(float64)
		tc.mu.Lock()
		if tc.m == nil || len(tc.m) >= tokenCacheMax {
			tc.m = map[string]cachedToken{}
		}
		tc.m[token] = cachedToken{v: v, pool: p, exp: time.Unix(int64(exp), 0)}
		tc.mu.Unlock()
		return v, p, nil
	}
	return cognito.Verified{}, nil, err
}

// TokenRequest asks for a Cognito token as a client app would get one. Empty fields take
// defaults: the workspace's only user pool, the pool's first app client, an ID token
// (an access token when Scopes are given), Cognito's one-hour lifetime.
type TokenRequest struct {
	UserPool, User, Client string
	Scopes                 []string
	TokenUse               string // "id" or "access"
	TTL                    time.Duration
}

// MintToken signs a user of a simulated pool in at time at and returns the JWT. The one
// place the CLI, scenarios, labs and the TUI get tokens from, so their defaults agree.
func (g *Gateway) MintToken(r TokenRequest, at time.Time) (string, error) {
	ref := r.UserPool
	names := g.UserPoolNames()
	if ref == "" && len(names) == 1 {
		ref = names[0]
	}
	pool, ok := g.UserPool(ref)
	if !ok {
		list := strings.Join(names, ", ")
		if list == "" {
			list = "none"
		}
		if ref == "" {
			return "", fmt.Errorf("the workspace has several user pools: name one (userPools: %s)", list)
		}
		return "", fmt.Errorf("no user pool %q in the workspace (userPools: %s)", ref, list)
	}
	client := r.Client
	if client == "" && len(pool.Clients) > 0 {
		client = pool.Clients[0].ClientID
	}
	use := r.TokenUse
	if use == "" {
		use = cognito.TokenUseID
		if len(r.Scopes) > 0 {
			use = cognito.TokenUseAccess
		}
	}
	tok, err := pool.Mint(r.User, client, use, r.Scopes, at, r.TTL)
	if err != nil {
		return "", errors.New(strings.TrimPrefix(err.Error(), "cognito: "))
	}
	return tok, nil
}
