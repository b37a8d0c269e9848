// Package mynaportal is the simulated MyNaPortal: an OpenID Provider, built on
// zitadel/oidc's op package, with demo My Number Card holders, a PIN login, a consent
// screen and a QA switch that spoils the next ID token.
package mynaportal

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// Config configures the simulator.
type Config struct {
	Issuer         string // e.g. "http://localhost:9090"; the handler serves at its root
	DataDir        string // where card lock state is kept, e.g. <data>/mynaportal
	Clients        []Client
	Logger         *slog.Logger
	Now            func() time.Time // nil = time.Now
	CookieName     string           // "" = "mynaportal_session" (must differ from My Page's "mypage_session")
	PairwiseSecret []byte           // HMAC key for pairwise sub; nil = random at start
	// QA serves the QA switch (/qa) that spoils the next ID token. Only in
	// test mode: anyone who reaches it could spoil sign-ins for everyone.
	QA bool
	// IDTokenClaims also puts the claims of the profile and address scopes in
	// the ID token. Off, the simulator behaves as a standard provider in the
	// code flow (OIDC Core 5.4): those claims come only from UserInfo. On is a
	// test switch, for the path of providers that have no UserInfo.
	IDTokenClaims bool
}

// maxBodyBytes caps request bodies: the largest legitimate one is a token request.
const maxBodyBytes = 64 << 10

type simulator struct {
	issuer   string
	dataDir  string
	logger   *slog.Logger
	now      func() time.Time
	storage  *storage
	provider *op.Provider
	sessions *sessionStore
	views    *views
	qa       *qaSwitch
	qaOn     bool
	csp      string
}

// New returns the simulator's HTTP handler.
func New(cfg Config) (http.Handler, error) {
	issuer, err := checkIssuer(cfg.Issuer)
	if err != nil {
		return nil, err
	}
	if cfg.DataDir == "" {
		return nil, errors.New("mynaportal: DataDir is required")
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("mynaportal: %w", err)
	}
	if _, err := readLocks(cfg.DataDir); err != nil {
		return nil, fmt.Errorf("mynaportal: %w", err)
	}
	clients, formOrigins, err := checkClients(cfg.Clients)
	if err != nil {
		return nil, err
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	logger = logger.With("component", "mynaportal")
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	secret := cfg.PairwiseSecret
	if secret == nil {
		secret = make([]byte, 32)
		rand.Read(secret)
	}
	secure := strings.HasPrefix(issuer, "https://")
	cookieName := cookieNameFor(cfg.CookieName, secure)
	if strings.TrimPrefix(cookieName, "__Host-") == "mypage_session" {
		return nil, errors.New("mynaportal: CookieName must differ from My Page's cookie")
	}

	key, err := newSigningKey()
	if err != nil {
		return nil, fmt.Errorf("mynaportal: signing key: %w", err)
	}
	qa, err := newQASwitch(key.id)
	if err != nil {
		return nil, fmt.Errorf("mynaportal: QA key: %w", err)
	}
	st := &storage{
		clients:        clients,
		requests:       map[string]*authRequest{},
		codes:          map[string]string{},
		tokens:         map[string]*accessToken{},
		key:            key,
		pairwiseSecret: secret,
		loginURL:       func(id string) string { return "/login?authRequestID=" + url.QueryEscape(id) },
		idTokenClaims:  cfg.IDTokenClaims,
		now:            now,
	}
	var cryptoKey [32]byte
	rand.Read(cryptoKey[:])
	provider, err := op.NewProvider(&op.Config{
		CryptoKey:          cryptoKey,
		CodeMethodS256:     true,
		AuthMethodPost:     true,
		SupportedScopes:    []string{oidc.ScopeOpenID, oidc.ScopeProfile, oidc.ScopeAddress},
		SupportedClaims:    []string{"sub", "aud", "exp", "iat", "iss", "auth_time", "nonce", "amr", "at_hash", "c_hash", "azp", "name", claimNameKana, "birthdate", "address"},
		SupportedUILocales: []language.Tag{language.Japanese},
	}, st, op.StaticIssuer(issuer), op.WithAllowInsecure(), op.WithLogger(logger))
	if err != nil {
		return nil, fmt.Errorf("mynaportal: %w", err)
	}
	v, err := newViews()
	if err != nil {
		return nil, err
	}

	s := &simulator{
		issuer:   issuer,
		dataDir:  cfg.DataDir,
		logger:   logger,
		now:      now,
		storage:  st,
		provider: provider,
		sessions: newSessionStore(cookieName, secure, now),
		views:    v,
		qa:       qa,
		qaOn:     cfg.QA,
		// form-action must also allow the clients: Chrome checks the redirect that
		// follows the consent POST against it.
		csp: "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'" + formOrigins,
	}
	return s.routes(), nil
}

func (s *simulator) routes() http.Handler {
	// The simulator's own pages: browser forms, so cross-origin POSTs are refused.
	pages := http.NewServeMux()
	pages.HandleFunc("GET /{$}", s.top)
	pages.HandleFunc("POST /logout", s.logout)
	pages.HandleFunc("GET /login", s.loginPage)
	pages.HandleFunc("POST /login", s.loginSubmit)
	pages.HandleFunc("GET /consent", s.consentPage)
	pages.HandleFunc("POST /consent", s.consentSubmit)
	if s.qaOn {
		pages.HandleFunc("GET /qa", s.qaPage)
		pages.HandleFunc("GET /qa/spoil", s.qaPending)
		pages.HandleFunc("POST /qa/spoil", s.qaSpoil)
		pages.HandleFunc("POST /qa/cards", s.qaCards)
	}
	pages.Handle("GET /static/", staticHandler())
	// Browsers ask for a favicon on every page; an empty answer keeps their consoles clean.
	pages.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	pages.HandleFunc("/", s.notFound)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.logger.WarnContext(r.Context(), "cross-origin request refused", "path", r.URL.Path, "origin", r.Header.Get("Origin"))
		s.message(w, http.StatusForbidden, "この操作は受け付けられません", "別のサイトから送信された要求のため、処理しませんでした。")
	}))

	// The OpenID Provider's endpoints. The token, userinfo, introspection and
	// revocation endpoints are called server to server, so they stay outside
	// cross-origin protection. end_session and device_authorization are not routed:
	// the simulator offers no logout to clients and no device flow.
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", s.discovery)
	mux.HandleFunc("/authorize", s.authorize)
	mux.HandleFunc("GET /authorize/callback", s.authorizeCallback)
	mux.HandleFunc("/oauth/token", s.token)
	for _, p := range []string{"/userinfo", "/oauth/introspect", "/revoke", "GET /keys", "GET /healthz", "GET /ready"} {
		mux.Handle(p, s.provider)
	}
	mux.Handle("/", cop.Handler(pages))
	return s.secureHeaders(mux)
}

// secureHeaders sets the security floor's headers and caps request bodies.
func (s *simulator) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", s.csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		// The pages' URLs carry auth request IDs; they need not travel anywhere.
		h.Set("Referrer-Policy", "no-referrer")
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// discovery serves op's discovery document, narrowed to what the simulator really
// offers (op advertises implicit flows, logout and more by default).
func (s *simulator) discovery(w http.ResponseWriter, r *http.Request) {
	ctx := op.ContextWithIssuer(r.Context(), s.issuer)
	d := op.CreateDiscoveryConfig(ctx, s.provider, s.storage)
	d.ResponseTypesSupported = []string{string(oidc.ResponseTypeCode)}
	d.ResponseModesSupported = []string{string(oidc.ResponseModeQuery)}
	d.GrantTypesSupported = []oidc.GrantType{oidc.GrantTypeCode}
	d.SubjectTypesSupported = []string{"pairwise"}
	d.CodeChallengeMethodsSupported = []oidc.CodeChallengeMethod{oidc.CodeChallengeMethodS256}
	d.TokenEndpointAuthMethodsSupported = []oidc.AuthMethod{oidc.AuthMethodBasic, oidc.AuthMethodPost}
	d.EndSessionEndpoint = ""
	d.DeviceAuthorizationEndpoint = ""
	d.CheckSessionIframe = ""
	d.RequestObjectSigningAlgValuesSupported = nil
	op.Discover(w, d)
}

// authorize runs op's authorization endpoint, and turns the errors op cannot send
// back to a client (unknown client, unregistered redirect_uri) into a Japanese page
// instead of op's English plain text.
func (s *simulator) authorize(w http.ResponseWriter, r *http.Request) {
	rec := newRecorder()
	s.provider.ServeHTTP(rec, r)
	if rec.status == http.StatusBadRequest && rec.header.Get("Location") == "" {
		s.logger.WarnContext(r.Context(), "authorization request refused", "reason", strings.TrimSpace(rec.body.String()))
		s.message(w, http.StatusBadRequest, "認可リクエストが正しくありません",
			"利用するサービスからの要求に誤りがあるため、ログインを始められません。利用するサービスの画面から、もう一度やり直してください。")
		return
	}
	rec.replay(w)
}

// authorizeCallback lets op issue the code only to the browser whose simulator
// session answered the request, so a leaked auth request ID is worth nothing.
func (s *simulator) authorizeCallback(w http.ResponseWriter, r *http.Request) {
	ar, ok := s.storage.request(r.URL.Query().Get("id"))
	sess := s.sessions.current(r)
	if !ok || !ar.done || sess == nil || ar.sessionID != sess.id {
		s.message(w, http.StatusBadRequest, "ログインの要求が見つかりません", msgRequestGone)
		return
	}
	s.provider.ServeHTTP(w, r)
}

func (s *simulator) notFound(w http.ResponseWriter, r *http.Request) {
	s.message(w, http.StatusNotFound, "ページが見つかりません", "指定されたページはありません。")
}

// callbackURL is where a completed auth request goes to get its code.
func (s *simulator) callbackURL(r *http.Request, authRequestID string) string {
	return op.AuthCallbackURL(s.provider)(op.ContextWithIssuer(r.Context(), s.issuer), authRequestID)
}

func checkIssuer(issuer string) (string, error) {
	u, err := url.Parse(issuer)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("mynaportal: Issuer must be an http(s) URL, got %q", issuer)
	}
	if strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("mynaportal: Issuer must be an origin without path, got %q", issuer)
	}
	return u.Scheme + "://" + u.Host, nil
}

// checkClients indexes the clients and returns the origins of their redirect URIs for
// the CSP's form-action.
func checkClients(list []Client) (map[string]Client, string, error) {
	if len(list) == 0 {
		return nil, "", errors.New("mynaportal: at least one client is required")
	}
	clients := map[string]Client{}
	var origins []string
	for _, c := range list {
		if c.ID == "" || c.Secret == "" || len(c.RedirectURIs) == 0 {
			return nil, "", fmt.Errorf("mynaportal: client %q needs an ID, a secret and redirect URIs", c.ID)
		}
		if _, dup := clients[c.ID]; dup {
			return nil, "", fmt.Errorf("mynaportal: client %q registered twice", c.ID)
		}
		for _, ru := range c.RedirectURIs {
			u, err := url.Parse(ru)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
				return nil, "", fmt.Errorf("mynaportal: client %q: bad redirect URI %q", c.ID, ru)
			}
			if o := u.Scheme + "://" + u.Host; !slices.Contains(origins, o) {
				origins = append(origins, o)
			}
		}
		clients[c.ID] = c
	}
	var b strings.Builder
	for _, o := range origins {
		b.WriteString(" " + o)
	}
	return clients, b.String(), nil
}

// recorder captures a response so it can be inspected or rewritten before it is sent.
type recorder struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}, status: http.StatusOK} }

func (rec *recorder) Header() http.Header         { return rec.header }
func (rec *recorder) Write(b []byte) (int, error) { return rec.body.Write(b) }
func (rec *recorder) WriteHeader(code int) {
	if !rec.wroteHeader {
		rec.status, rec.wroteHeader = code, true
	}
}

func (rec *recorder) replay(w http.ResponseWriter) {
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(rec.status)
	w.Write(rec.body.Bytes())
}
