package cognito

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// DefaultTTL is Cognito's default ID/access token validity (1 hour); Mint uses it for ttl <= 0.
const DefaultTTL = time.Hour

// Token uses, the "token_use" claim.
const (
	TokenUseID     = "id"
	TokenUseAccess = "access"
)

// Mint issues a signed RS256 token (header {"alg":"RS256","kid":…,"typ":"JWT"}) for a pool user
// through one of its app clients. tokenUse is "id" or "access". For access tokens, scopes must
// be allowed for the client (Client.Scopes; DefaultAccessScope when the client lists none);
// nil means all the client's scopes. Scopes are refused for ID tokens, which carry none.
// iat = auth_time = now; exp = now+ttl (DefaultTTL when ttl <= 0). jti, event_id and
// origin_jti are UUIDs derived from the inputs, so minting is deterministic.
func (p *UserPool) Mint(username, clientID, tokenUse string, scopes []string, now time.Time, ttl time.Duration) (string, error) {
	if err := p.ensureKey(); err != nil {
		return "", err
	}
	u, ok := p.User(username)
	if !ok {
		return "", fmt.Errorf("cognito: pool %s has no user %q", p.ID, username)
	}
	c, ok := p.Client(clientID)
	if !ok {
		return "", fmt.Errorf("cognito: pool %s has no app client %q", p.ID, clientID)
	}
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	seed := strings.Join([]string{p.ID, username, c.ClientID, tokenUse, strings.Join(scopes, " "), strconv.FormatInt(now.UnixNano(), 10)}, "|")
	claims := jwt.MapClaims{
		"sub":        p.Sub(username),
		"iss":        p.Issuer(),
		"token_use":  tokenUse,
		"auth_time":  now.Unix(),
		"iat":        now.Unix(),
		"exp":        now.Add(ttl).Unix(),
		"jti":        uuidFrom("jti|" + seed),
		"origin_jti": uuidFrom("origin|" + seed),
		"event_id":   uuidFrom("event|" + seed),
	}
	if len(u.Groups) > 0 {
		claims["cognito:groups"] = slices.Clone(u.Groups)
	}
	switch tokenUse {
	case TokenUseID:
		if len(scopes) > 0 {
			return "", errors.New("cognito: ID tokens carry no scopes; mint an access token")
		}
		for _, k := range slices.Sorted(maps.Keys(u.Attributes)) {
			claims[k] = u.Attributes[k]
		}
		claims["aud"] = c.ClientID
		claims["cognito:username"] = u.Username
		if u.Email != "" {
			claims["email"] = u.Email
			if _, set := u.Attributes["email_verified"]; !set {
				claims["email_verified"] = true
			}
		}
	case TokenUseAccess:
		allowed := c.Scopes
		if len(allowed) == 0 {
			allowed = []string{DefaultAccessScope}
		}
		if scopes == nil {
			scopes = allowed
		}
		for _, s := range scopes {
			if !slices.Contains(allowed, s) {
				return "", fmt.Errorf("cognito: scope %q is not allowed for app client %s (allowed: %s)", s, c.ClientID, strings.Join(allowed, " "))
			}
		}
		claims["client_id"] = c.ClientID
		claims["scope"] = strings.Join(scopes, " ")
		claims["username"] = u.Username
	default:
		return "", fmt.Errorf("cognito: token use %q is not %q or %q", tokenUse, TokenUseID, TokenUseAccess)
	}
	t := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	t.Header["kid"] = p.kid
	return t.SignedString(p.key)
}

// Verify checks a token as a COGNITO_USER_POOLS authorizer does: a three-part JWT whose header
// says alg RS256 (anything else — "none", HS256 key confusion — is refused before any key is
// used) with this pool's kid; a valid signature; iss equal to Issuer(); exp in the future with
// no leeway (now >= exp is expired; nbf, when present, honoured; a token without exp is
// ErrMalformed, one without iss ErrIssuer); token_use "id" or "access";
// and aud (ID token) or client_id (access token) among audiences — when audiences is empty,
// among the pool's app clients. Errors wrap the Err* values of this package.
func (p *UserPool) Verify(token string, now time.Time, audiences []string) (Verified, error) {
	if err := p.ensureKey(); err != nil {
		return Verified{}, err
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return Verified{}, ErrMissingToken
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return Verified{}, fmt.Errorf("%w: %d parts", ErrMalformed, len(parts))
	}
	hb, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return Verified{}, fmt.Errorf("%w: header: %v", ErrMalformed, err)
	}
	var hdr struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	if err := json.Unmarshal(hb, &hdr); err != nil {
		return Verified{}, fmt.Errorf("%w: header: %v", ErrMalformed, err)
	}
	if hdr.Alg != "RS256" {
		return Verified{}, fmt.Errorf("%w: %q", ErrAlgorithm, hdr.Alg)
	}
	if hdr.Kid != p.kid {
		return Verified{}, fmt.Errorf("%w: %q", ErrUnknownKey, hdr.Kid)
	}
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{"RS256"}),
		jwt.WithIssuer(p.Issuer()),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	claims := jwt.MapClaims{}
	_, err = parser.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return &p.key.PublicKey, nil })
	if err != nil {
		switch {
		case errors.Is(err, jwt.ErrTokenSignatureInvalid):
			return Verified{}, fmt.Errorf("%w: %v", ErrSignature, err)
		case errors.Is(err, jwt.ErrTokenExpired):
			return Verified{}, fmt.Errorf("%w: %v", ErrExpired, err)
		case errors.Is(err, jwt.ErrTokenNotValidYet):
			return Verified{}, fmt.Errorf("%w: %v", ErrNotYetValid, err)
		case errors.Is(err, jwt.ErrTokenInvalidIssuer),
			errors.Is(err, jwt.ErrTokenRequiredClaimMissing) && claims["iss"] == nil:
			return Verified{}, fmt.Errorf("%w: %v", ErrIssuer, err)
		default:
			return Verified{}, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
	}
	use, _ := claims["token_use"].(string)
	var audClaim string
	switch use {
	case TokenUseID:
		audClaim = "aud"
	case TokenUseAccess:
		audClaim = "client_id"
	default:
		return Verified{}, fmt.Errorf("%w: %q", ErrTokenUse, claims["token_use"])
	}
	aud, _ := claims[audClaim].(string)
	if len(audiences) == 0 {
		audiences = make([]string, 0, len(p.Clients))
		for _, c := range p.Clients {
			audiences = append(audiences, c.ClientID)
		}
	}
	if aud == "" || !slices.Contains(audiences, aud) {
		return Verified{}, fmt.Errorf("%w: %s %q", ErrAudience, audClaim, aud)
	}
	v := Verified{Claims: map[string]any(claims), TokenUse: use}
	if use == TokenUseAccess {
		s, _ := claims["scope"].(string)
		v.Scopes = SplitScopes(s)
	}
	return v, nil
}

// The body and x-amzn-ErrorType of API Gateway's UNAUTHORIZED gateway response (401), as
// listed in /work/shared/reference/aws-facts.md and engine/auth.
const (
	UnauthorizedBody      = `{"message":"Unauthorized"}`
	UnauthorizedErrorType = "UnauthorizedException"
	// ExpiredMessage is the UNAUTHORIZED message for an expired token: REST APIs answer 401
	// {"message":"The incoming token has expired"} (client code in many public projects
	// checks for exactly this body after a Cognito token expires).
	ExpiredMessage = "The incoming token has expired"
	ExpiredBody    = `{"message":"` + ExpiredMessage + `"}`
)

// Authorize is API Gateway's decision for a method using a COGNITO_USER_POOLS authorizer,
// given Verify's result and the method's authorizationScopes:
//   - a missing, malformed, wrongly signed, expired, foreign-issuer or foreign-client token → 401;
//   - no authorizationScopes: an ID token is required; an access token → 401;
//   - authorizationScopes: an access token whose scope claim holds at least one of them is
//     required; an ID token or an access token without any of them → 401.
//
// All denials are 401 {"message":"Unauthorized"} with x-amzn-ErrorType UnauthorizedException
// (an expired token: {"message":"The incoming token has expired"})
// (re:Post knowledge center "How do I troubleshoot 401 Unauthorized errors from an API Gateway
// REST API endpoint after I've set up an Amazon Cognito user pool?": expired token, issuer
// mismatch, ID token where scopes are configured and access token where none are, all end in
// 401 Unauthorized). Allowed → 200 with empty body and error type: the request proceeds.
func Authorize(v Verified, err error, authorizationScopes []string) (status int, body string, errorType string) {
	deny := func() (int, string, string) { return 401, UnauthorizedBody, UnauthorizedErrorType }
	if errors.Is(err, ErrExpired) {
		return 401, ExpiredBody, UnauthorizedErrorType
	}
	if err != nil {
		return deny()
	}
	if len(authorizationScopes) == 0 {
		if v.TokenUse != TokenUseID {
			return deny()
		}
		return 200, "", ""
	}
	if v.TokenUse != TokenUseAccess {
		return deny()
	}
	for _, s := range authorizationScopes {
		if slices.Contains(v.Scopes, s) {
			return 200, "", ""
		}
	}
	return deny()
}

// claimTimeLayout is how REST APIs render exp and iat in $context.authorizer.claims — Java's
// Date.toString, e.g. "Tue Jun 04 04:23:31 UTC 2019" — while auth_time stays the epoch
// seconds as a string (Lambda proxy events captured from AWS and posted in many projects).
const claimTimeLayout = "Mon Jan 02 15:04:05 UTC 2006"

// ClaimValues renders verified claims as the strings a REST API exposes as
// $context.authorizer.claims.<claim> and requestContext.authorizer.claims: strings as they
// are, exp/iat as dates (claimTimeLayout), other numbers as integers when whole, booleans as
// "true"/"false", lists joined with "," ("cognito:groups": "admin,staff"), objects as JSON.
func ClaimValues(claims map[string]any) map[string]string {
	out := make(map[string]string, len(claims))
	for k, v := range claims {
		if (k == "exp" || k == "iat") && isNumber(v) {
			out[k] = time.Unix(int64(toFloat(v)), 0).UTC().Format(claimTimeLayout)
			continue
		}
		out[k] = claimString(v)
	}
	return out
}

func isNumber(v any) bool {
	switch v.(type) {
	case float64, int64, int, json.Number:
		return true
	}
	return false
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int64:
		return float64(n)
	case int:
		return float64(n)
	case json.Number:
		f, _ := n.Float64()
		return f
	}
	return 0
}

func claimString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		if x == float64(int64(x)) {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case json.Number:
		return x.String()
	case []string:
		return strings.Join(x, ",")
	case []any:
		s := make([]string, len(x))
		for i, e := range x {
			s[i] = claimString(e)
		}
		return strings.Join(s, ",")
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}
