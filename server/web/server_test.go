package web_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/auth/mynaportal"
	"github.com/hellowork/mypage/internal/gate"
	"github.com/hellowork/mypage/internal/testkit"
	mypage "github.com/hellowork/mypage/server/app"
	"github.com/hellowork/mypage/server/mail"
	"github.com/hellowork/mypage/server/seed"
	"github.com/hellowork/mypage/server/store"
)

const secret = "0123456789abcdef0123456789abcdef"

// hasher is shared: hashing is the slow part of these tests.
var hasher = auth.NewHasher(2)

type app struct {
	URL string
	// Clock is the app's wall clock, which Go tests move; test clocks
	// (/__test/clocks) are the browser suite's.
	Clock *movableClock
	Store *store.Store
	// SimURL is the MyNaPortal simulator's URL, when the app has one.
	SimURL string
	// RP is the app's relying party, when it has MyNaPortal sign-in.
	RP *auth.RelyingParty
}

// startApp runs My Page over real HTTP on st with the demo data.
func startApp(t testing.TB, st *store.Store) *app {
	return startAppWith(t, st, "")
}

// startAppWith runs My Page with MyNaPortal sign-in at issuer: "" for none,
// "sim" for a simulator of its own.
func startAppWith(t testing.TB, st *store.Store, issuer string) *app {
	t.Helper()
	return startAppOpts(t, st, appOpts{Issuer: issuer})
}

// appOpts are the MyNaPortal settings of a test app.
type appOpts struct {
	// Issuer is "" for no MyNaPortal sign-in, "sim" for a simulator of the
	// app's own, or a provider's issuer URL.
	Issuer string
	// Listener, when set, is where the app listens (its URL must be known
	// before the provider that redirects to it starts).
	Listener net.Listener
	// Portal is the provider's page for people; nil means the issuer's top.
	Portal *string
	// Discover reads discovery before serving and, when it fails, retries
	// in the background, as the server does at start.
	Discover bool
	// HTTPTimeout bounds each request to the provider (0: the default).
	HTTPTimeout time.Duration
	// Secure runs the app as under an https public URL: __Host- cookies, HSTS.
	Secure bool
	// TrustedProxies is MYPAGE_TRUSTED_PROXIES.
	TrustedProxies []string
	// NoTestMode runs the app as in production and demo: no /__test routes.
	NoTestMode bool
	// Admission bounds the requests worked on at once (nil: the default).
	Admission *gate.Gate
}

// startAppOpts runs My Page over real HTTP on st with the demo data.
func startAppOpts(t testing.TB, st *store.Store, o appOpts) *app {
	t.Helper()
	l := o.Listener
	if l == nil {
		var err error
		if l, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
	}
	a := &app{URL: "http://" + l.Addr().String(), Store: st}
	clock := newMovableClock(time.Now)
	a.Clock = clock
	issuer := o.Issuer
	cardsDir := ""
	if issuer == "sim" {
		cardsDir = t.TempDir()
		issuer = startSimulator(t, a.URL+"/auth/mynaportal/callback", clock.Now, cardsDir)
		a.SimURL = issuer
	}
	var rp *auth.RelyingParty
	if issuer != "" {
		cfg := auth.RPConfig{Issuer: issuer, ClientID: "mypage", ClientSecret: "mypage-demo-secret",
			RedirectURL: a.URL + "/auth/mynaportal/callback", Now: clock.Now,
			RetryMin: 20 * time.Millisecond, RetryMax: 200 * time.Millisecond}
		if o.HTTPTimeout > 0 {
			cfg.HTTPClient = &http.Client{Timeout: o.HTTPTimeout}
		}
		rp = auth.NewRelyingParty(cfg)
		a.RP = rp
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if o.Discover && rp != nil {
		if err := rp.Discover(context.Background()); err != nil {
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { defer close(done); rp.KeepTrying(ctx, logger) }()
			t.Cleanup(func() { cancel(); <-done })
		}
	}
	portal := issuer + "/"
	if o.Portal != nil {
		portal = *o.Portal
	}
	if _, err := seed.IfEmpty(context.Background(), st, hasher, clock.Now()); err != nil {
		t.Fatal(err)
	}
	h, err := mypage.New(mypage.Config{
		Store: st, Hasher: hasher, Now: clock.Now, Logger: logger,
		SessionSecret: []byte(secret), Secure: o.Secure, SessionIdle: 30 * time.Minute, SessionAbsolute: 8 * time.Hour,
		TestMode: !o.NoTestMode, CardsDir: cardsDir, RP: rp, MyNaPortalURL: portal, TrustedProxies: o.TrustedProxies,
		Mail: mail.NewOutbox(st, a.URL, "mypage.test"), DevMailbox: true, Admission: o.Admission,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: h}}
	srv.Start()
	t.Cleanup(srv.Close)
	return a
}

// startSimulator runs a MyNaPortal simulator whose demo client returns to
// redirect, on the data directory dir, and returns its issuer URL.
func startSimulator(t testing.TB, redirect string, now func() time.Time, dir string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	issuer := "http://" + l.Addr().String()
	h, err := mynaportal.New(mynaportal.Config{
		Issuer: issuer, DataDir: dir, Clients: []mynaportal.Client{mynaportal.DemoClient(redirect)},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: now, PairwiseSecret: []byte(secret), QA: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: h}}
	srv.Start()
	t.Cleanup(srv.Close)
	return issuer
}

// browser is a testkit.Browser whose requests fail the test when they
// cannot be sent.
type browser struct {
	*testkit.Browser
	t testing.TB
}

type response = testkit.Response

func newBrowser(t testing.TB, a *app) *browser {
	return &browser{Browser: testkit.NewBrowser(a.URL), t: t}
}

func (b *browser) request(method, path string, form url.Values, headers ...string) response {
	b.t.Helper()
	r, err := b.Do(method, path, form, headers...)
	if err != nil {
		b.t.Fatal(err)
	}
	return r
}

func (b *browser) do(req *http.Request) response {
	b.t.Helper()
	r, err := b.Send(req)
	if err != nil {
		b.t.Fatal(err)
	}
	return r
}

func (b *browser) get(path string, headers ...string) response {
	b.t.Helper()
	return b.request(http.MethodGet, path, nil, headers...)
}

func (b *browser) post(path string, form url.Values, headers ...string) response {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return b.request(http.MethodPost, path, form, headers...)
}

func (b *browser) signIn(email, password string) response {
	b.t.Helper()
	return b.post("/login", url.Values{"email": {email}, "password": {password}})
}

func (b *browser) cookie() *http.Cookie { return b.Cookie("mypage_session") }

func expectStatus(t testing.TB, r response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body:\n%.600s", r.Status, status, r.Body)
	}
}

func expectRedirect(t testing.TB, r response, location string) {
	t.Helper()
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != location {
		t.Fatalf("got %d → %q, want 303 → %q", r.Status, r.Header.Get("Location"), location)
	}
}

func expectBody(t testing.TB, r response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.Body, p) {
			t.Errorf("body lacks %q", p)
		}
	}
}

func expectNoBody(t testing.TB, r response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(r.Body, p) {
			t.Errorf("body has %q", p)
		}
	}
}

// movableClock is a wall clock that a Go test moves: the real time plus an
// offset.
type movableClock struct {
	mu     sync.Mutex
	offset time.Duration
	real   func() time.Time
}

func newMovableClock(real func() time.Time) *movableClock { return &movableClock{real: real} }

// Now is the clock's time.
func (m *movableClock) Now() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.real().Add(m.offset)
}

// Advance moves the clock forward by d.
func (m *movableClock) Advance(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.offset += d
}

// Set puts the clock at at.
func (m *movableClock) Set(at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.offset = at.Sub(m.real())
}
