// Package oidctest is a small, real OpenID Provider for tests of My Page's
// relying party against providers other than the MyNaPortal simulator:
// discovery, an authorization endpoint that approves at once, a token
// endpoint with client_secret_basic and/or client_secret_post and PKCE S256,
// RS256 ID tokens, UserInfo and JWKS, all over real HTTP. Switches make it
// misbehave the ways real providers do: down, a 5xx token endpoint, a slow
// UserInfo, a UserInfo about another sub.
package oidctest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// Config describes the provider and its one client.
type Config struct {
	ClientID, ClientSecret string
	// RedirectURI, when set, is the only redirect_uri accepted.
	RedirectURI string
	// AuthMethods is token_endpoint_auth_methods_supported, and the methods
	// the token endpoint accepts; nil leaves it out of discovery and means
	// client_secret_basic (OIDC Discovery 1.0).
	AuthMethods []string
	// Subject is the sub of the person who signs in.
	Subject string
	// Claims are the person's claims (name, birthdate, address …), served
	// from UserInfo.
	Claims map[string]any
	// NoUserInfo leaves UserInfo out: the claims go in the ID token.
	NoUserInfo bool
}

// Provider is a running test provider.
type Provider struct {
	URL string
	cfg Config
	key *rsa.PrivateKey
	srv *httptest.Server

	down            atomic.Bool
	tokenStatus     atomic.Int32
	userInfoDelay   atomic.Int64
	userInfoSubject atomic.Pointer[string]

	mu     sync.Mutex
	codes  map[string]grant
	tokens map[string]bool
}

type grant struct {
	nonce, challenge, redirectURI string
}

// Start runs a provider on a loopback port until the test ends.
func Start(t interface {
	Fatal(...any)
	Cleanup(func())
}, cfg Config) *Provider {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return StartOn(t, l, cfg)
}

// StartOn runs a provider on l until the test ends.
func StartOn(t interface {
	Fatal(...any)
	Cleanup(func())
}, l net.Listener, cfg Config) *Provider {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &Provider{URL: "http://" + l.Addr().String(), cfg: cfg, key: key, codes: map[string]grant{}, tokens: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	mux.HandleFunc("GET /keys", p.keys)
	if !cfg.NoUserInfo {
		mux.HandleFunc("/userinfo", p.userinfo)
	}
	p.srv = &httptest.Server{Listener: l, Config: &http.Server{Handler: p.gate(mux)}}
	p.srv.Start()
	t.Cleanup(p.srv.Close)
	return p
}

// SetDown makes every request fail as an unreachable host does: the
// connection is closed without an answer.
func (p *Provider) SetDown(down bool) { p.down.Store(down) }

// FailToken makes the token endpoint answer status (0: normally).
func (p *Provider) FailToken(status int) { p.tokenStatus.Store(int32(status)) }

// DelayUserInfo makes UserInfo answer after d.
func (p *Provider) DelayUserInfo(d time.Duration) { p.userInfoDelay.Store(int64(d)) }

// UserInfoSubject makes UserInfo answer with sub ("": the real one).
func (p *Provider) UserInfoSubject(sub string) { p.userInfoSubject.Store(&sub) }

func (p *Provider) gate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.down.Load() {
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					return
				}
			}
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (p *Provider) discovery(w http.ResponseWriter, _ *http.Request) {
	d := map[string]any{
		"issuer":                                p.URL,
		"authorization_endpoint":                p.URL + "/authorize",
		"token_endpoint":                        p.URL + "/token",
		"jwks_uri":                              p.URL + "/keys",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
		"scopes_supported":                      []string{"openid", "profile", "address"},
	}
	if !p.cfg.NoUserInfo {
		d["userinfo_endpoint"] = p.URL + "/userinfo"
	}
	if p.cfg.AuthMethods != nil {
		d["token_endpoint_auth_methods_supported"] = p.cfg.AuthMethods
	}
	writeJSON(w, http.StatusOK, d)
}

func (p *Provider) keys(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &p.key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
}

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// authorize approves at once: the person is signed in and has consented.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	if q.Get("client_id") != p.cfg.ClientID || redirect == "" || (p.cfg.RedirectURI != "" && redirect != p.cfg.RedirectURI) {
		http.Error(w, "unknown client or redirect_uri", http.StatusBadRequest)
		return
	}
	back, err := url.Parse(redirect)
	if err != nil {
		http.Error(w, "bad redirect_uri", http.StatusBadRequest)
		return
	}
	v := url.Values{"state": {q.Get("state")}}
	switch {
	case q.Get("response_type") != "code", q.Get("code_challenge_method") != "S256", q.Get("code_challenge") == "",
		!slices.Contains(strings.Fields(q.Get("scope")), "openid"):
		v.Set("error", "invalid_request")
	default:
		code := randomString()
		p.mu.Lock()
		p.codes[code] = grant{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirectURI: redirect}
		p.mu.Unlock()
		v.Set("code", code)
	}
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (p *Provider) accepts(method string) bool {
	if p.cfg.AuthMethods == nil {
		return method == "client_secret_basic"
	}
	return slices.Contains(p.cfg.AuthMethods, method)
}

func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	if st := int(p.tokenStatus.Load()); st != 0 {
		writeJSON(w, st, map[string]string{"error": "server_error"})
		return
	}
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
		return
	}
	id, secret, basic := r.BasicAuth()
	if basic {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	}
	method := "client_secret_basic"
	if !basic {
		method = "client_secret_post"
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if !p.accepts(method) || id != p.cfg.ClientID || subtle.ConstantTimeCompare([]byte(secret), []byte(p.cfg.ClientSecret)) != 1 {
		w.Header().Set("WWW-Authenticate", `Basic realm="token"`)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	}
	code := r.PostForm.Get("code")
	p.mu.Lock()
	g, ok := p.codes[code]
	delete(p.codes, code)
	p.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if r.PostForm.Get("grant_type") != "authorization_code" || !ok || g.redirectURI != r.PostForm.Get("redirect_uri") ||
		base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	}
	now := time.Now()
	claims := map[string]any{
		"iss": p.URL, "sub": p.cfg.Subject, "aud": p.cfg.ClientID, "exp": now.Add(5 * time.Minute).Unix(),
		"iat": now.Unix(), "nonce": g.nonce,
	}
	if p.cfg.NoUserInfo {
		maps.Copy(claims, p.cfg.Claims)
		claims["sub"] = p.cfg.Subject
	}
	idToken, err := p.sign(claims)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "server_error"})
		return
	}
	access := randomString()
	p.mu.Lock()
	p.tokens[access] = true
	p.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"access_token": access, "token_type": "Bearer", "expires_in": 300, "id_token": idToken})
}

func (p *Provider) sign(claims map[string]any) (string, error) {
	opts := (&jose.SignerOptions{}).WithHeader("kid", "k1").WithType("JWT")
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: p.key}, opts)
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

func (p *Provider) userinfo(w http.ResponseWriter, r *http.Request) {
	if d := time.Duration(p.userInfoDelay.Load()); d > 0 {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return
		}
	}
	const prefix = "Bearer "
	h := r.Header.Get("Authorization")
	p.mu.Lock()
	ok := len(h) > len(prefix) && p.tokens[h[len(prefix):]]
	p.mu.Unlock()
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_token"})
		return
	}
	out := maps.Clone(p.cfg.Claims)
	if out == nil {
		out = map[string]any{}
	}
	out["sub"] = p.cfg.Subject
	if s := p.userInfoSubject.Load(); s != nil && *s != "" {
		out["sub"] = *s
	}
	writeJSON(w, http.StatusOK, out)
}
