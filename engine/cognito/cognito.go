// Package cognito simulates Amazon Cognito user pools for API Gateway COGNITO_USER_POOLS
// authorizers: pools with users, groups and app clients, a deterministic RS256 signing key
// with its JWKS, minting of ID and access tokens shaped as Cognito's, verification as the
// authorizer does it, and the gateway outcome (Authorize) plus the REST
// $context.authorizer.claims string values (ClaimValues).
//
// Facts and sources (see also /work/shared/reference/aws-facts.md and issue 7):
//   - Issuer is https://cognito-idp.{region}.amazonaws.com/{userPoolId}; keys are published at
//     {issuer}/.well-known/jwks.json as {"keys":[{"alg":"RS256","e","kid","kty":"RSA","n","use":"sig"}]}
//     (Cognito developer guide, "Verifying a JSON web token"; aws-jwt-verify).
//   - ID token claims: sub, cognito:groups, email_verified, iss, cognito:username, origin_jti,
//     aud (app client id), event_id, token_use "id", auth_time, exp, iat, jti, email, plus user
//     attributes. Access token claims: sub, cognito:groups, iss, client_id, origin_jti, event_id,
//     token_use "access", scope (space separated), auth_time, exp, iat, jti, username
//     (Cognito developer guide, "Understanding the identity/access token").
//   - A REST API method with no OAuth scopes requires an ID token; with authorizationScopes it
//     requires an access token carrying at least one of them; anything else is 401
//     {"message":"Unauthorized"} (re:Post knowledge center "api-gateway-cognito-401-unauthorized":
//     "If you didn't configure any scopes on the API Gateway method, then make sure that you use
//     a valid ID token. If you configure additional scopes ... use a valid access token";
//     re:Post QUrEQW0PtJTZm34jx0UrnLlw; API Gateway developer guide
//     "apigateway-integrate-with-cognito": the call succeeds only if the required token is
//     supplied and valid).
package cognito

import (
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
)

// DefaultRegion is used when Pool.Region is empty.
const DefaultRegion = "us-east-1"

// DefaultAccessScope is the scope Cognito puts in access tokens from the user-password
// flows; Mint uses it for an access token when neither the request nor the client names scopes.
const DefaultAccessScope = "aws.cognito.signin.user.admin"

// Pool is the workspace description of a user pool.
type Pool struct {
	ID      string // e.g. "us-east-1_AbCdEf123"; derived from Region+Name when empty
	Name    string
	Region  string // DefaultRegion when empty
	Users   []User
	Groups  []Group
	Clients []Client
}

// User is a pool user. Groups names Pool.Groups entries (when the pool declares any).
type User struct {
	Username   string
	Email      string
	Groups     []string
	Attributes map[string]string // extra ID-token claims, e.g. "custom:tenant", "name"
}

// Group is a user pool group.
type Group struct {
	Name        string
	Description string
	Precedence  int
}

// Client is an app client. Scopes are the OAuth scopes it may put in access tokens.
type Client struct {
	ClientID string // 26 lowercase alphanumerics as Cognito's; derived from pool+Name when empty
	Name     string
	Scopes   []string
}

// UserPool is a ready pool: its description plus its signing key.
type UserPool struct {
	Pool
	seed   uint64
	once   sync.Once // makes key and kid (ensureKey)
	key    *rsa.PrivateKey
	kid    string
	keyErr error
}

// Verified is the result of a successful Verify.
type Verified struct {
	Claims   map[string]any
	Scopes   []string // the access token's "scope", split on spaces; nil for ID tokens
	TokenUse string   // "id" or "access"
}

// Verification errors. Every one of them makes API Gateway answer 401 Unauthorized.
var (
	ErrMissingToken = errors.New("cognito: missing token")
	ErrMalformed    = errors.New("cognito: malformed token")
	ErrAlgorithm    = errors.New("cognito: signing algorithm not RS256")
	ErrUnknownKey   = errors.New("cognito: unknown kid")
	ErrSignature    = errors.New("cognito: invalid signature")
	ErrExpired      = errors.New("cognito: token expired")
	ErrNotYetValid  = errors.New("cognito: token not valid yet")
	ErrIssuer       = errors.New("cognito: wrong issuer")
	ErrTokenUse     = errors.New("cognito: token_use is not id or access")
	ErrAudience     = errors.New("cognito: audience/client_id not accepted")
)

// NewPool validates p, fills derived IDs and creates the pool's RSA-2048 signing key.
//
// The key is a pure function of seed: rsa.GenerateKey cannot be used for that (since Go 1.26
// it ignores its io.Reader, and before that it deliberately consumed a random extra byte),
// so the primes are searched with math/big from a math/rand/v2 ChaCha8 stream keyed by the
// seed. The key is for a simulator only; do not use it for anything real.
func NewPool(p Pool, seed uint64) (*UserPool, error) {
	if p.Region == "" {
		p.Region = DefaultRegion
	}
	if p.ID == "" {
		if p.Name == "" {
			return nil, errors.New("cognito: pool needs an ID or a Name")
		}
		p.ID = DerivePoolID(p.Region, p.Name)
	}
	if i := strings.IndexByte(p.ID, '_'); i <= 0 || i == len(p.ID)-1 {
		return nil, fmt.Errorf("cognito: pool id %q is not {region}_{suffix}", p.ID)
	}
	groups := map[string]bool{}
	for _, g := range p.Groups {
		if g.Name == "" || groups[g.Name] {
			return nil, fmt.Errorf("cognito: pool %s: empty or duplicate group %q", p.ID, g.Name)
		}
		groups[g.Name] = true
	}
	p.Users = slices.Clone(p.Users)
	users := map[string]bool{}
	for _, u := range p.Users {
		if u.Username == "" || users[u.Username] {
			return nil, fmt.Errorf("cognito: pool %s: empty or duplicate username %q", p.ID, u.Username)
		}
		users[u.Username] = true
		if len(p.Groups) > 0 {
			for _, g := range u.Groups {
				if !groups[g] {
					return nil, fmt.Errorf("cognito: pool %s: user %q in unknown group %q", p.ID, u.Username, g)
				}
			}
		}
	}
	p.Clients = slices.Clone(p.Clients)
	clients := map[string]bool{}
	for i := range p.Clients {
		c := &p.Clients[i]
		if c.ClientID == "" {
			if c.Name == "" {
				return nil, fmt.Errorf("cognito: pool %s: client %d needs a ClientID or a Name", p.ID, i)
			}
			c.ClientID = DeriveClientID(p.ID, c.Name)
		}
		if clients[c.ClientID] {
			return nil, fmt.Errorf("cognito: pool %s: duplicate client id %q", p.ID, c.ClientID)
		}
		clients[c.ClientID] = true
	}
	return &UserPool{Pool: p, seed: seed}, nil
}

// ensureKey makes the pool's signing key on first use: the prime search costs about 100 ms,
// which a workspace that never mints or verifies a token (or a TUI's first frame) should
// not pay.
func (p *UserPool) ensureKey() error {
	p.once.Do(func() {
		key, err := deterministicKey(p.seed)
		if err != nil {
			p.keyErr = err
			return
		}
		sum := sha256.Sum256(append([]byte(p.ID+"|"), key.N.Bytes()...))
		p.key, p.kid = key, base64.StdEncoding.EncodeToString(sum[:])
	})
	return p.keyErr
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// DerivePoolID returns "{region}_" plus 9 alphanumerics derived from the name.
func DerivePoolID(region, name string) string {
	return region + "_" + derive("pool|"+region+"|"+name, alnum, 9)
}

// DeriveClientID returns 26 lowercase alphanumerics derived from the pool id and client name.
func DeriveClientID(poolID, name string) string {
	return derive("client|"+poolID+"|"+name, "abcdefghijklmnopqrstuvwxyz0123456789", 26)
}

func derive(s, alphabet string, n int) string {
	sum := sha256.Sum256([]byte(s))
	r := rand.New(rand.NewChaCha8(sum))
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// uuidFrom returns a version-4-shaped UUID derived from s.
func uuidFrom(s string) string {
	sum := sha256.Sum256([]byte(s))
	b := sum[:16]
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

var keyCache sync.Map // seed → *rsa.PrivateKey (prime search costs ~100 ms)

func deterministicKey(seed uint64) (*rsa.PrivateKey, error) {
	if k, ok := keyCache.Load(seed); ok {
		return k.(*rsa.PrivateKey), nil
	}
	var s [32]byte
	binary.LittleEndian.PutUint64(s[:], seed)
	copy(s[8:], "apigwlab cognito signing key")
	r := rand.New(rand.NewChaCha8(s))
	e := big.NewInt(65537)
	one := big.NewInt(1)
	for {
		p, q := prime(r, 1024), prime(r, 1024)
		if p.Cmp(q) == 0 {
			continue
		}
		pm, qm := new(big.Int).Sub(p, one), new(big.Int).Sub(q, one)
		phi := new(big.Int).Mul(pm, qm)
		d := new(big.Int).ModInverse(e, phi)
		if d == nil {
			continue
		}
		n := new(big.Int).Mul(p, q)
		if n.BitLen() != 2048 {
			continue
		}
		k := &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: n, E: 65537}, D: d, Primes: []*big.Int{p, q}}
		if err := k.Validate(); err != nil {
			return nil, fmt.Errorf("cognito: generated key invalid: %w", err)
		}
		k.Precompute()
		got, _ := keyCache.LoadOrStore(seed, k)
		return got.(*rsa.PrivateKey), nil
	}
}

func prime(r *rand.Rand, bits int) *big.Int {
	b := make([]byte, bits/8)
	for {
		for i := 0; i < len(b); i += 8 {
			binary.BigEndian.PutUint64(b[i:], r.Uint64())
		}
		b[0] |= 0xc0 // top two bits set: the product has exactly 2*bits bits
		b[len(b)-1] |= 1
		p := new(big.Int).SetBytes(b)
		if p.ProbablyPrime(20) {
			return p
		}
	}
}

// Issuer is the pool's "iss": https://cognito-idp.{region}.amazonaws.com/{poolId}.
func (p *UserPool) Issuer() string {
	return "https://cognito-idp." + p.Region + ".amazonaws.com/" + p.ID
}

// JWKSURL is where Cognito publishes the keys: {issuer}/.well-known/jwks.json.
func (p *UserPool) JWKSURL() string { return p.Issuer() + "/.well-known/jwks.json" }

// KeyID is the "kid" of the pool's signing key.
func (p *UserPool) KeyID() string {
	p.ensureKey()
	return p.kid
}

// PublicKey is the pool's verification key.
func (p *UserPool) PublicKey() *rsa.PublicKey {
	if p.ensureKey() != nil {
		return nil
	}
	return &p.key.PublicKey
}

// JWKS is the pool's JSON Web Key Set as Cognito serves it.
func (p *UserPool) JWKS() []byte {
	type jwk struct {
		Alg string `json:"alg"`
		E   string `json:"e"`
		Kid string `json:"kid"`
		Kty string `json:"kty"`
		N   string `json:"n"`
		Use string `json:"use"`
	}
	if p.ensureKey() != nil {
		return []byte(`{"keys":[]}`)
	}
	e := big.NewInt(int64(p.key.E)).Bytes()
	b, _ := json.Marshal(map[string][]jwk{"keys": {{
		Alg: "RS256", E: base64.RawURLEncoding.EncodeToString(e), Kid: p.kid, Kty: "RSA",
		N: base64.RawURLEncoding.EncodeToString(p.key.N.Bytes()), Use: "sig",
	}}})
	return b
}

// User returns the named user.
func (p *UserPool) User(username string) (User, bool) {
	for _, u := range p.Users {
		if u.Username == username {
			return u, true
		}
	}
	return User{}, false
}

// Client returns the app client with that id (or, failing that, that name).
func (p *UserPool) Client(idOrName string) (Client, bool) {
	for _, c := range p.Clients {
		if c.ClientID == idOrName {
			return c, true
		}
	}
	for _, c := range p.Clients {
		if c.Name == idOrName {
			return c, true
		}
	}
	return Client{}, false
}

// Sub is the user's "sub": a UUID derived from pool id and username.
func (p *UserPool) Sub(username string) string { return uuidFrom("sub|" + p.ID + "|" + username) }

// SplitScopes splits a "scope" claim value (space separated).
func SplitScopes(s string) []string { return strings.Fields(s) }
