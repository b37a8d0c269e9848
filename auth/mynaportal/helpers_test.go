package mynaportal

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/hellowork/mypage/internal/testkit"
	"golang.org/x/oauth2"
)

const (
	rpHost       = "rp.test"
	mypageRedir  = "http://rp.test/auth/mynaportal/callback"
	otherRedir   = "http://rp.test/other/callback"
	bannerText   = "これはマイナポータルの模擬環境（シミュレーター）です。本物のマイナポータルではありません。"
	testPairwise = "test-pairwise-secret"
)

var (
	cardAsu    = DemoCardHolders()[0]
	cardYamada = DemoCardHolders()[1]
	cardSpare  = DemoCardHolders()[3]
)

type sim struct {
	url     string
	dataDir string
	srv     *httptest.Server
}

// startSim runs the simulator on a real listener; the issuer must be known before
// New, so the listener is opened first.
func startSim(t *testing.T, dataDir string) *sim {
	t.Helper()
	return startSimWith(t, dataDir, nil)
}

func startSimWith(t *testing.T, dataDir string, now func() time.Time) *sim {
	t.Helper()
	return startSimConfig(t, Config{DataDir: dataDir, Now: now})
}

// startSimConfig runs the simulator with cfg's DataDir, Now and switches, and
// the test's issuer, clients, logger and pairwise secret.
func startSimConfig(t *testing.T, cfg Config) *sim {
	t.Helper()
	dataDir := cfg.DataDir
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	issuer := "http://" + l.Addr().String()
	if dataDir == "" {
		dataDir = t.TempDir()
	}
	cfg.Issuer = issuer
	cfg.DataDir = dataDir
	cfg.Clients = []Client{DemoClient(mypageRedir), {ID: "other", Secret: "other-secret", RedirectURIs: []string{otherRedir}}}
	cfg.Logger = slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.PairwiseSecret = []byte(testPairwise)
	cfg.QA = true
	h, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: h}}
	srv.Start()
	t.Cleanup(srv.Close)
	return &sim{url: issuer, dataDir: dataDir, srv: srv}
}

// newBrowser is a cookie-keeping client that follows redirects inside the simulator
// and stops at the redirect back to the relying party.
func newBrowser(t *testing.T) *http.Client {
	t.Helper()
	return testkit.NewClient(func(req *http.Request) bool { return req.URL.Host != rpHost })
}

type rp struct {
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	provider *oidc.Provider
}

func newRP(t *testing.T, s *sim, id, secret, redirect string) *rp {
	t.Helper()
	p, err := oidc.NewProvider(context.Background(), s.url)
	if err != nil {
		t.Fatal(err)
	}
	return &rp{
		oauth: oauth2.Config{
			ClientID:     id,
			ClientSecret: secret,
			Endpoint:     p.Endpoint(),
			RedirectURL:  redirect,
			Scopes:       []string{oidc.ScopeOpenID, "profile", "address"},
		},
		verifier: p.Verifier(&oidc.Config{ClientID: id}),
		provider: p,
	}
}

func mypageRP(t *testing.T, s *sim) *rp {
	return newRP(t, s, "mypage", "mypage-demo-secret", mypageRedir)
}

func randomString(t *testing.T) string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// flow is one sign-in attempt by a relying party, with its state, nonce and PKCE verifier.
type flow struct {
	rp                     *rp
	state, nonce, verifier string
}

func (r *rp) newFlow(t *testing.T) *flow {
	return &flow{rp: r, state: randomString(t), nonce: randomString(t), verifier: oauth2.GenerateVerifier()}
}

// start follows /authorize as a browser would.
func (f *flow) start(t *testing.T, b *http.Client) *res {
	t.Helper()
	u := f.rp.oauth.AuthCodeURL(f.state, oauth2.S256ChallengeOption(f.verifier), oidc.Nonce(f.nonce))
	return get(t, b, u)
}

// res is a response whose body has been read.
type res struct {
	*http.Response
	text string
}

func get(t *testing.T, b *http.Client, u string) *res {
	t.Helper()
	resp, err := b.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return read(t, resp)
}

func post(t *testing.T, b *http.Client, u string, form url.Values) *res {
	t.Helper()
	resp, err := b.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	return read(t, resp)
}

func read(t *testing.T, resp *http.Response) *res {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	return &res{Response: resp, text: string(b)}
}

// page asserts the response is a simulator page at path.
func page(t *testing.T, resp *res, path string) {
	t.Helper()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != path {
		t.Fatalf("want 200 at %s, got %d at %s\n%s", path, resp.StatusCode, resp.Request.URL, resp.text)
	}
}

func authRequestID(resp *res) string {
	return resp.Request.URL.Query().Get("authRequestID")
}

func (s *sim) login(t *testing.T, b *http.Client, loginPage *res, card, pin string) *res {
	t.Helper()
	return post(t, b, s.url+"/login", url.Values{"authRequestID": {authRequestID(loginPage)}, "card_number": {card}, "pin": {pin}})
}

func (s *sim) consent(t *testing.T, b *http.Client, consentPage *res, decision string) *res {
	t.Helper()
	return post(t, b, s.url+"/consent", url.Values{"authRequestID": {authRequestID(consentPage)}, "decision": {decision}})
}

// backAtRP asserts the response redirects to the relying party and returns its query.
func backAtRP(t *testing.T, resp *res, redirect string) url.Values {
	t.Helper()
	if resp.StatusCode != http.StatusFound && resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("want a redirect to the RP, got %d at %s\n%s", resp.StatusCode, resp.Request.URL, resp.text)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != redirect {
		t.Fatalf("redirected to %s, want %s", got, redirect)
	}
	return loc.Query()
}

// code asserts a successful return to the RP with the flow's state and returns the code.
func (f *flow) code(t *testing.T, resp *res) string {
	t.Helper()
	q := backAtRP(t, resp, f.rp.oauth.RedirectURL)
	if q.Get("error") != "" {
		t.Fatalf("RP got error %s: %s", q.Get("error"), q.Get("error_description"))
	}
	if q.Get("state") != f.state {
		t.Fatalf("state %q, want %q", q.Get("state"), f.state)
	}
	if q.Get("code") == "" {
		t.Fatal("no code")
	}
	return q.Get("code")
}

// exchange redeems the code with the PKCE verifier and the client secret.
func (f *flow) exchange(t *testing.T, code string) *oauth2.Token {
	t.Helper()
	tok, err := f.rp.oauth.Exchange(context.Background(), code, oauth2.VerifierOption(f.verifier))
	if err != nil {
		t.Fatalf("token exchange: %v", err)
	}
	return tok
}

// verify checks the ID token as My Page does, nonce included.
func (f *flow) verify(tok *oauth2.Token) (*oidc.IDToken, error) {
	raw, _ := tok.Extra("id_token").(string)
	idt, err := f.rp.verifier.Verify(context.Background(), raw)
	if err != nil {
		return nil, err
	}
	if idt.Nonce != f.nonce {
		return idt, errNonceMismatch
	}
	return idt, nil
}

type nonceError struct{}

func (nonceError) Error() string { return "nonce mismatch" }

var errNonceMismatch error = nonceError{}

// signIn runs the whole flow with PIN and consent and returns the verified ID token.
func (s *sim) signIn(t *testing.T, b *http.Client, r *rp, card CardHolder) *oidc.IDToken {
	t.Helper()
	f := r.newFlow(t)
	resp := f.start(t, b)
	page(t, resp, "/login")
	resp = s.login(t, b, resp, card.CardNumber, card.PIN)
	page(t, resp, "/consent")
	resp = s.consent(t, b, resp, "accept")
	idt, err := f.verify(f.exchange(t, f.code(t, resp)))
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return idt
}

// signInAgain runs a flow that must need neither PIN nor consent.
func (s *sim) signInAgain(t *testing.T, b *http.Client, r *rp) (*flow, *oauth2.Token) {
	t.Helper()
	f := r.newFlow(t)
	resp := f.start(t, b)
	return f, f.exchange(t, f.code(t, resp))
}
