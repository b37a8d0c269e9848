package auth

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// tokenIssuer is a minimal OpenID Provider for crafting ID tokens: discovery
// and JWKS over real HTTP, tokens signed with its key.
type tokenIssuer struct {
	srv *httptest.Server
	key *rsa.PrivateKey
}

func newTokenIssuer(t *testing.T) *tokenIssuer {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ti := &tokenIssuer{key: key}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": ti.srv.URL, "authorization_endpoint": ti.srv.URL + "/authorize",
			"token_endpoint": ti.srv.URL + "/token", "jwks_uri": ti.srv.URL + "/keys",
			"id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	mux.HandleFunc("/keys", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	ti.srv = httptest.NewServer(mux)
	t.Cleanup(ti.srv.Close)
	return ti
}

func (ti *tokenIssuer) sign(t *testing.T, claims map[string]any, key any, alg jose.SignatureAlgorithm) string {
	t.Helper()
	opts := (&jose.SignerOptions{}).WithHeader("kid", "k1").WithType("JWT")
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	jws, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	s, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerifyRefusesEveryBadIDToken(t *testing.T) {
	ti := newTokenIssuer(t)
	now := time.Now()
	rp := NewRelyingParty(RPConfig{Issuer: ti.srv.URL, ClientID: "mypage", ClientSecret: "s", RedirectURL: "http://localhost/cb", Now: func() time.Time { return now }})
	good := func() map[string]any {
		return map[string]any{
			"iss": ti.srv.URL, "sub": "pairwise-sub", "aud": "mypage", "exp": now.Add(5 * time.Minute).Unix(),
			"iat": now.Unix(), "nonce": "n-123", "name": "明日 勇気", "birthdate": "1990-04-15",
			"address": map[string]any{"formatted": "東京都文京区後楽1-9-20"},
		}
	}
	otherKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	ctx := context.Background()

	id, err := rp.Verify(ctx, ti.sign(t, good(), ti.key, jose.RS256), "n-123")
	if err != nil {
		t.Fatalf("a good token was refused: %v", err)
	}
	if id.Subject != "pairwise-sub" || id.Name != "明日 勇気" || id.Birthdate != "1990-04-15" || id.Address != "東京都文京区後楽1-9-20" || id.Issuer != ti.srv.URL {
		t.Errorf("identity = %+v", id)
	}

	tests := []struct {
		name   string
		change func(map[string]any)
		key    any
		alg    jose.SignatureAlgorithm
		nonce  string
	}{
		{name: "signed by another key", key: otherKey},
		{name: "HMAC with the client secret", key: []byte("s-is-the-client-secret-of-32-bytes!"), alg: jose.HS256},
		{name: "another issuer", change: func(c map[string]any) { c["iss"] = "https://evil.example" }},
		{name: "another audience", change: func(c map[string]any) { c["aud"] = "someone-else" }},
		{name: "several audiences, no azp", change: func(c map[string]any) { c["aud"] = []string{"mypage", "other"} }},
		{name: "azp of another client", change: func(c map[string]any) { c["azp"] = "other" }},
		{name: "expired", change: func(c map[string]any) { c["exp"] = now.Add(-time.Hour).Unix() }},
		{name: "issued in the future", change: func(c map[string]any) { c["iat"] = now.Add(time.Hour).Unix() }},
		{name: "issued long ago", change: func(c map[string]any) { c["iat"] = now.Add(-time.Hour).Unix() }},
		{name: "no iat", change: func(c map[string]any) { delete(c, "iat") }},
		{name: "wrong nonce", change: func(c map[string]any) { c["nonce"] = "other" }},
		{name: "no nonce", change: func(c map[string]any) { delete(c, "nonce") }},
		{name: "empty expected nonce", change: func(c map[string]any) { c["nonce"] = "" }, nonce: "-"},
		{name: "no sub", change: func(c map[string]any) { delete(c, "sub") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claims := good()
			if tt.change != nil {
				tt.change(claims)
			}
			key, alg := tt.key, tt.alg
			if key == nil {
				key = ti.key
			}
			if alg == "" {
				alg = jose.RS256
			}
			nonce := "n-123"
			if tt.nonce == "-" {
				nonce = ""
			}
			_, err := rp.Verify(ctx, ti.sign(t, claims, key, alg), nonce)
			if !errors.Is(err, ErrIDToken) {
				t.Errorf("err = %v, want ErrIDToken", err)
			}
		})
	}
	if _, err := rp.Verify(ctx, "not.a.jwt", "n-123"); !errors.Is(err, ErrIDToken) {
		t.Errorf("garbage: %v", err)
	}
}

func TestUnreachableProvider(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	rp := NewRelyingParty(RPConfig{Issuer: srv.URL, ClientID: "mypage"})
	ch, _ := NewChallenge()
	if _, err := rp.AuthCodeURL(context.Background(), ch); !errors.Is(err, ErrProviderUnavailable) {
		t.Errorf("err = %v", err)
	}
}

func TestChallengesAreRandom(t *testing.T) {
	a, _ := NewChallenge()
	b, _ := NewChallenge()
	if a.State == b.State || a.Nonce == b.Nonce || a.Verifier == b.Verifier || len(a.State) < 43 {
		t.Errorf("%+v %+v", a, b)
	}
}
