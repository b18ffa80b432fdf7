package cognito

import (
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var (
	t0       = time.Date(2026, 3, 5, 15, 37, 53, 0, time.UTC)
	poolOnce sync.Once
	testPool *UserPool
	poolErr  error
)

func testPoolDesc() Pool {
	return Pool{
		Name:   "shop-users",
		Groups: []Group{{Name: "admin"}, {Name: "staff"}},
		Users: []User{
			{Username: "alice", Email: "alice@example.com", Groups: []string{"admin", "staff"}, Attributes: map[string]string{"custom:tenant": "t1"}},
			{Username: "bob"},
		},
		Clients: []Client{
			{Name: "web", Scopes: []string{"shop/read", "shop/write"}},
			{Name: "mobile"},
		},
	}
}

func pool(t testing.TB) *UserPool {
	t.Helper()
	poolOnce.Do(func() {
		testPool, poolErr = NewPool(testPoolDesc(), 42)
		if poolErr == nil {
			poolErr = testPool.ensureKey() // tests read p.key directly
		}
	})
	if poolErr != nil {
		t.Fatal(poolErr)
	}
	return testPool
}

func mint(t testing.TB, p *UserPool, user, client, use string, scopes []string, now time.Time, ttl time.Duration) string {
	t.Helper()
	tok, err := p.Mint(user, client, use, scopes, now, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// sign signs arbitrary claims with the pool's key and kid (to forge specific claim mistakes).
func sign(t testing.TB, p *UserPool, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = p.KeyID()
	s, err := tok.SignedString(p.key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDerivedIDs(t *testing.T) {
	p := pool(t)
	if !regexp.MustCompile(`^us-east-1_[A-Za-z0-9]{9}$`).MatchString(p.ID) {
		t.Fatalf("pool id %q", p.ID)
	}
	if p.ID != DerivePoolID("us-east-1", "shop-users") {
		t.Fatalf("pool id not derived from name")
	}
	if got, want := p.Issuer(), "https://cognito-idp.us-east-1.amazonaws.com/"+p.ID; got != want {
		t.Fatalf("issuer %q, want %q", got, want)
	}
	if got, want := p.JWKSURL(), p.Issuer()+"/.well-known/jwks.json"; got != want {
		t.Fatalf("jwks url %q", got)
	}
	for _, c := range p.Clients {
		if !regexp.MustCompile(`^[a-z0-9]{26}$`).MatchString(c.ClientID) || c.ClientID != DeriveClientID(p.ID, c.Name) {
			t.Fatalf("client id %q", c.ClientID)
		}
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(p.Sub("alice")) {
		t.Fatalf("sub %q", p.Sub("alice"))
	}
	if p.Sub("alice") == p.Sub("bob") {
		t.Fatal("subs collide")
	}
}

func TestNewPoolErrors(t *testing.T) {
	tests := []struct {
		name string
		p    Pool
	}{
		{"no id no name", Pool{}},
		{"bad id", Pool{ID: "nounderscore"}},
		{"duplicate user", Pool{Name: "x", Users: []User{{Username: "a"}, {Username: "a"}}}},
		{"empty user", Pool{Name: "x", Users: []User{{}}}},
		{"unknown group", Pool{Name: "x", Groups: []Group{{Name: "g"}}, Users: []User{{Username: "a", Groups: []string{"h"}}}}},
		{"duplicate group", Pool{Name: "x", Groups: []Group{{Name: "g"}, {Name: "g"}}}},
		{"anonymous client", Pool{Name: "x", Clients: []Client{{}}}},
		{"duplicate client", Pool{Name: "x", Clients: []Client{{ClientID: "c"}, {ClientID: "c"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewPool(tt.p, 42); err == nil {
				t.Fatal("want error")
			}
		})
	}
}

func TestKeyDeterministic(t *testing.T) {
	p := pool(t)
	keyCache.Delete(uint64(42))
	again, err := NewPool(testPoolDesc(), 42)
	if err != nil {
		t.Fatal(err)
	}
	if again.key != nil {
		t.Fatal("NewPool made the key at once; it must wait for the first use")
	}
	if again.KeyID() == "" || again.key.N.Cmp(p.key.N) != 0 || again.KeyID() != p.KeyID() || string(again.JWKS()) != string(p.JWKS()) {
		t.Fatal("same seed gave a different key")
	}
	if p.key.N.BitLen() != 2048 || p.key.E != 65537 {
		t.Fatalf("key %d bits, e=%d", p.key.N.BitLen(), p.key.E)
	}
	other, err := NewPool(testPoolDesc(), 43)
	if err != nil {
		t.Fatal(err)
	}
	if other.KeyID() == p.KeyID() || other.key.N.Cmp(p.key.N) == 0 {
		t.Fatal("different seeds gave the same key")
	}
	// Same key, same kid, different pool: the kid depends on the pool too.
	d := testPoolDesc()
	d.Name = "other-pool"
	o2, err := NewPool(d, 42)
	if err != nil {
		t.Fatal(err)
	}
	if o2.KeyID() == p.KeyID() {
		t.Fatal("kid ignores the pool id")
	}
}

func TestMintVerifyRoundTrip(t *testing.T) {
	p := pool(t)
	web, mobile := p.Clients[0].ClientID, p.Clients[1].ClientID
	tests := []struct {
		name      string
		user      string
		client    string
		use       string
		scopes    []string
		want      map[string]any // claims checked exactly (others must exist per wantKeys)
		wantKeys  []string
		wantScope []string
	}{
		{
			name: "id token alice", user: "alice", client: "web", use: "id",
			want: map[string]any{
				"sub": p.Sub("alice"), "iss": p.Issuer(), "aud": web, "token_use": "id",
				"cognito:username": "alice", "email": "alice@example.com", "email_verified": true,
				"cognito:groups": []any{"admin", "staff"}, "custom:tenant": "t1",
				"auth_time": float64(t0.Unix()), "iat": float64(t0.Unix()), "exp": float64(t0.Add(time.Hour).Unix()),
			},
			wantKeys: []string{"jti", "event_id", "origin_jti"},
		},
		{
			name: "access token alice one scope", user: "alice", client: web, use: "access", scopes: []string{"shop/read"},
			want: map[string]any{
				"sub": p.Sub("alice"), "iss": p.Issuer(), "client_id": web, "token_use": "access",
				"username": "alice", "scope": "shop/read", "cognito:groups": []any{"admin", "staff"},
				"auth_time": float64(t0.Unix()), "iat": float64(t0.Unix()), "exp": float64(t0.Add(time.Hour).Unix()),
			},
			wantKeys:  []string{"jti", "event_id", "origin_jti"},
			wantScope: []string{"shop/read"},
		},
		{
			name: "access token all client scopes", user: "bob", client: "web", use: "access",
			want: map[string]any{
				"sub": p.Sub("bob"), "client_id": web, "token_use": "access", "username": "bob", "scope": "shop/read shop/write",
			},
			wantScope: []string{"shop/read", "shop/write"},
		},
		{
			name: "access token default scope", user: "bob", client: "mobile", use: "access",
			want:      map[string]any{"client_id": mobile, "scope": DefaultAccessScope},
			wantScope: []string{DefaultAccessScope},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := mint(t, p, tt.user, tt.client, tt.use, tt.scopes, t0, 0)
			v, err := p.Verify(tok, t0.Add(time.Minute), nil)
			if err != nil {
				t.Fatal(err)
			}
			if v.TokenUse != tt.use {
				t.Fatalf("token use %q", v.TokenUse)
			}
			for k, want := range tt.want {
				if got := v.Claims[k]; !reflect.DeepEqual(got, want) {
					t.Errorf("claim %s = %#v, want %#v", k, got, want)
				}
			}
			for _, k := range tt.wantKeys {
				if _, ok := v.Claims[k]; !ok {
					t.Errorf("claim %s missing", k)
				}
			}
			if !reflect.DeepEqual(v.Scopes, tt.wantScope) {
				t.Errorf("scopes %q, want %q", v.Scopes, tt.wantScope)
			}
			if tt.use == "id" {
				if _, ok := v.Claims["scope"]; ok {
					t.Error("id token has scope")
				}
				if _, ok := v.Claims["client_id"]; ok {
					t.Error("id token has client_id")
				}
			} else if _, ok := v.Claims["aud"]; ok {
				t.Error("access token has aud")
			}
			// Deterministic minting.
			if again := mint(t, p, tt.user, tt.client, tt.use, tt.scopes, t0, 0); again != tok {
				t.Error("minting is not deterministic")
			}
			// Restricting to the right audience still verifies.
			aud := p.Clients[0].ClientID
			if tt.client == "mobile" {
				aud = mobile
			}
			if _, err := p.Verify(tok, t0, []string{aud}); err != nil {
				t.Errorf("explicit audience: %v", err)
			}
		})
	}
}

func TestMintErrors(t *testing.T) {
	p := pool(t)
	tests := []struct {
		name, user, client, use string
		scopes                  []string
	}{
		{"unknown user", "carol", "web", "id", nil},
		{"unknown client", "alice", "tv", "id", nil},
		{"refresh token", "alice", "web", "refresh", nil},
		{"scope not allowed", "alice", "web", "access", []string{"shop/admin"}},
		{"custom scope on client without scopes", "alice", "mobile", "access", []string{"shop/read"}},
		{"scopes on id token", "alice", "web", "id", []string{"shop/read"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := p.Mint(tt.user, tt.client, tt.use, tt.scopes, t0, 0); err == nil {
				t.Fatal("want error")
			}
		})
	}
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestVerifyRejects(t *testing.T) {
	p := pool(t)
	web := p.Clients[0].ClientID
	idTok := mint(t, p, "alice", "web", "id", nil, t0, time.Hour)
	parts := strings.Split(idTok, ".")
	base := func() jwt.MapClaims {
		return jwt.MapClaims{"sub": p.Sub("alice"), "iss": p.Issuer(), "aud": web, "token_use": "id", "iat": t0.Unix(), "exp": t0.Add(time.Hour).Unix()}
	}
	with := func(k string, v any) string {
		c := base()
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return sign(t, p, c)
	}
	// alg confusion: HS256 with the RSA public key (its JWKS bytes / modulus) as the HMAC secret.
	hs := jwt.NewWithClaims(jwt.SigningMethodHS256, base())
	hs.Header["kid"] = p.KeyID()
	hsTok, err := hs.SignedString(p.key.N.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	noneTok := b64(`{"alg":"none","kid":"`+p.KeyID()+`","typ":"JWT"}`) + "." + parts[1] + "."
	noneCaps := b64(`{"alg":"NONE","kid":"`+p.KeyID()+`"}`) + "." + parts[1] + "."
	// Tampered signature: flip the first signature character.
	sig := []byte(parts[2])
	if sig[0] == 'A' {
		sig[0] = 'B'
	} else {
		sig[0] = 'A'
	}
	tamperedSig := parts[0] + "." + parts[1] + "." + string(sig)
	// Tampered payload: same signature, claims changed to another user.
	var payload map[string]any
	pb, _ := base64.RawURLEncoding.DecodeString(parts[1])
	_ = json.Unmarshal(pb, &payload)
	payload["cognito:username"] = "bob"
	pb2, _ := json.Marshal(payload)
	tamperedPayload := parts[0] + "." + base64.RawURLEncoding.EncodeToString(pb2) + "." + parts[2]
	// A token from another pool signed with a different key.
	d := testPoolDesc()
	d.Name = "elsewhere"
	other, err := NewPool(d, 42)
	if err != nil {
		t.Fatal(err)
	}
	foreign := mint(t, other, "alice", "web", "id", nil, t0, time.Hour)
	unknownKid := b64(`{"alg":"RS256","kid":"nope","typ":"JWT"}`) + "." + parts[1] + "." + parts[2]

	tests := []struct {
		name      string
		token     string
		now       time.Time
		audiences []string
		want      error
	}{
		{"empty", "", t0, nil, ErrMissingToken},
		{"blank", "   ", t0, nil, ErrMissingToken},
		{"garbage", "not-a-jwt", t0, nil, ErrMalformed},
		{"two parts", parts[0] + "." + parts[1], t0, nil, ErrMalformed},
		{"bad header base64", "@@@." + parts[1] + "." + parts[2], t0, nil, ErrMalformed},
		{"header not json", b64("nope") + "." + parts[1] + "." + parts[2], t0, nil, ErrMalformed},
		{"bad payload", parts[0] + ".@@@." + parts[2], t0, nil, ErrMalformed},
		{"bearer prefix is not stripped", "Bearer " + idTok, t0, nil, ErrMalformed},
		{"expired exactly at exp", idTok, t0.Add(time.Hour), nil, ErrExpired},
		{"expired later", idTok, t0.Add(2 * time.Hour), nil, ErrExpired},
		{"no exp", with("exp", nil), t0, nil, ErrMalformed},
		{"not yet valid", with("nbf", t0.Add(time.Minute).Unix()), t0, nil, ErrNotYetValid},
		{"wrong issuer", with("iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other1234"), t0, nil, ErrIssuer},
		{"no issuer", with("iss", nil), t0, nil, ErrIssuer},
		{"tampered signature", tamperedSig, t0, nil, ErrSignature},
		{"tampered payload", tamperedPayload, t0, nil, ErrSignature},
		{"alg none", noneTok, t0, nil, ErrAlgorithm},
		{"alg NONE", noneCaps, t0, nil, ErrAlgorithm},
		{"HS256 key confusion", hsTok, t0, nil, ErrAlgorithm},
		{"unknown kid", unknownKid, t0, nil, ErrUnknownKey},
		{"other pool's token", foreign, t0, nil, ErrUnknownKey},
		{"wrong audience", idTok, t0, []string{p.Clients[1].ClientID}, ErrAudience},
		{"aud not a pool client", with("aud", "someoneelse"), t0, nil, ErrAudience},
		{"no aud", with("aud", nil), t0, nil, ErrAudience},
		{"access token without client_id", with("token_use", "access"), t0, nil, ErrAudience},
		{"refresh token_use", with("token_use", "refresh"), t0, nil, ErrTokenUse},
		{"no token_use", with("token_use", nil), t0, nil, ErrTokenUse},
		{"numeric token_use", with("token_use", 1), t0, nil, ErrTokenUse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := p.Verify(tt.token, tt.now, tt.audiences)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			status, body, et := Authorize(v, err, nil)
			wantBody := `{"message":"Unauthorized"}`
			if tt.want == ErrExpired {
				wantBody = `{"message":"The incoming token has expired"}`
			}
			if status != 401 || body != wantBody || et != "UnauthorizedException" {
				t.Fatalf("Authorize = %d %s %s", status, body, et)
			}
		})
	}
	// Just before exp the token is still good (no leeway either way).
	if _, err := p.Verify(idTok, t0.Add(time.Hour-time.Second), nil); err != nil {
		t.Fatalf("one second before exp: %v", err)
	}
}

func TestAuthorize(t *testing.T) {
	p := pool(t)
	id := mint(t, p, "alice", "web", "id", nil, t0, 0)
	read := mint(t, p, "alice", "web", "access", []string{"shop/read"}, t0, 0)
	both := mint(t, p, "alice", "web", "access", nil, t0, 0)
	def := mint(t, p, "bob", "mobile", "access", nil, t0, 0)
	tests := []struct {
		name   string
		token  string
		scopes []string
		status int
	}{
		{"id token, no method scopes", id, nil, 200},
		{"access token, no method scopes", read, nil, 401},
		{"id token, method scopes", id, []string{"shop/read"}, 401},
		{"access token with the scope", read, []string{"shop/read"}, 200},
		{"access token with one of the scopes", read, []string{"shop/write", "shop/read"}, 200},
		{"access token without the scope", read, []string{"shop/write"}, 401},
		{"access token with all scopes", both, []string{"shop/write"}, 200},
		{"default scope required", def, []string{DefaultAccessScope}, 200},
		{"default scope not enough", def, []string{"shop/read"}, 401},
		{"expired id token", mint(t, p, "alice", "web", "id", nil, t0.Add(-2*time.Hour), 0), nil, 401},
		{"missing token", "", nil, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := p.Verify(tt.token, t0, nil)
			status, body, et := Authorize(v, err, tt.scopes)
			wantBody, wantET := "", ""
			if tt.status == 401 {
				wantBody, wantET = `{"message":"Unauthorized"}`, "UnauthorizedException"
				if strings.HasPrefix(tt.name, "expired") {
					wantBody = `{"message":"The incoming token has expired"}`
				}
			}
			if status != tt.status || body != wantBody || et != wantET {
				t.Fatalf("Authorize = %d %q %q, want %d %q %q", status, body, et, tt.status, wantBody, wantET)
			}
		})
	}
}

func TestJWKSWithGolangJWT(t *testing.T) {
	p := pool(t)
	var set struct {
		Keys []map[string]string `json:"keys"`
	}
	if err := json.Unmarshal(p.JWKS(), &set); err != nil {
		t.Fatal(err)
	}
	if len(set.Keys) != 1 {
		t.Fatalf("%d keys", len(set.Keys))
	}
	k := set.Keys[0]
	wantFields := map[string]string{"alg": "RS256", "kty": "RSA", "use": "sig", "kid": p.KeyID(), "e": "AQAB"}
	for f, want := range wantFields {
		if k[f] != want {
			t.Errorf("jwk %s = %q, want %q", f, k[f], want)
		}
	}
	if len(k) != 6 {
		t.Errorf("jwk fields %v", k)
	}
	nb, err := base64.RawURLEncoding.DecodeString(k["n"])
	if err != nil {
		t.Fatal(err)
	}
	eb, err := base64.RawURLEncoding.DecodeString(k["e"])
	if err != nil {
		t.Fatal(err)
	}
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(nb), E: int(new(big.Int).SetBytes(eb).Int64())}
	keys := map[string]*rsa.PublicKey{k["kid"]: pub}
	tok := mint(t, p, "alice", "web", "access", nil, t0, 0)
	parsed, err := jwt.Parse(tok, func(tk *jwt.Token) (any, error) {
		kid, _ := tk.Header["kid"].(string)
		if key, ok := keys[kid]; ok {
			return key, nil
		}
		return nil, errors.New("unknown kid")
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(func() time.Time { return t0 }), jwt.WithIssuer(p.Issuer()))
	if err != nil || !parsed.Valid {
		t.Fatalf("golang-jwt with JWKS key: %v", err)
	}
	if parsed.Header["typ"] != "JWT" || parsed.Header["alg"] != "RS256" {
		t.Fatalf("header %v", parsed.Header)
	}
}

func TestClaimValues(t *testing.T) {
	p := pool(t)
	tok := mint(t, p, "alice", "web", "id", nil, t0, 0)
	v, err := p.Verify(tok, t0, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := ClaimValues(v.Claims)
	want := map[string]string{
		"sub": p.Sub("alice"), "iss": p.Issuer(), "aud": p.Clients[0].ClientID, "token_use": "id",
		"cognito:username": "alice", "cognito:groups": "admin,staff", "email": "alice@example.com",
		"email_verified": "true", "custom:tenant": "t1",
		"auth_time": "1772725073",
		"iat":       "Thu Mar 05 15:37:53 UTC 2026",
		"exp":       "Thu Mar 05 16:37:53 UTC 2026",
		"jti":       v.Claims["jti"].(string), "event_id": v.Claims["event_id"].(string), "origin_jti": v.Claims["origin_jti"].(string),
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ClaimValues =\n%v\nwant\n%v", got, want)
	}
	other := ClaimValues(map[string]any{"f": 1.5, "n": nil, "o": map[string]any{"a": 1}, "l": []string{"x", "y"}, "i": int64(7)})
	wantOther := map[string]string{"f": "1.5", "n": "", "o": `{"a":1}`, "l": "x,y", "i": "7"}
	if !reflect.DeepEqual(other, wantOther) {
		t.Fatalf("ClaimValues = %v", other)
	}
}

func FuzzVerify(f *testing.F) {
	p := pool(f)
	id := mint(f, p, "alice", "web", "id", nil, t0, 0)
	acc := mint(f, p, "alice", "web", "access", nil, t0, 0)
	for _, s := range []string{"", ".", "..", "a.b.c", id, acc, id[:len(id)-3], strings.Replace(id, ".", "..", 1),
		b64(`{"alg":"none"}`) + "." + b64(`{}`) + ".", b64(`{"alg":"RS256","kid":"`+p.KeyID()+`"}`) + "." + b64(`{"exp":"x"}`) + ".AAAA"} {
		f.Add(s, int64(0))
	}
	f.Fuzz(func(t *testing.T, tok string, offset int64) {
		v, err := p.Verify(tok, t0.Add(time.Duration(offset)), nil)
		status, _, _ := Authorize(v, err, []string{"shop/read"})
		if err != nil && status != 401 {
			t.Fatalf("error %v but status %d", err, status)
		}
		if err == nil && v.TokenUse != "id" && v.TokenUse != "access" {
			t.Fatalf("verified token_use %q", v.TokenUse)
		}
		_ = ClaimValues(v.Claims)
	})
}
