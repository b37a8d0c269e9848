package auth

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Kinds of relying-party failure; each gets its own message to the seeker.
var (
	// ErrProviderUnavailable: the provider's discovery could not be read, so
	// no sign-in can start.
	ErrProviderUnavailable = errors.New("auth: OpenID Provider unavailable")
	// ErrProviderFailed: the provider failed in the middle of a sign-in (a
	// 5xx, a timeout or a broken answer at the token or UserInfo endpoint).
	ErrProviderFailed = errors.New("auth: OpenID Provider failed")
	// ErrTokenResponse: the token endpoint refused the code or answered
	// something that is not a token response.
	ErrTokenResponse = errors.New("auth: bad token response")
	// ErrClientAuth: the token endpoint refused My Page's client ID or
	// secret (invalid_client): a configuration error, not the seeker's.
	ErrClientAuth = errors.New("auth: client authentication refused")
	// ErrIDToken: the ID token failed a check of OIDC Core 3.1.3.7.
	ErrIDToken = errors.New("auth: ID token refused")
	// ErrUserInfoSubject: UserInfo answered for another sub than the ID
	// token's (OIDC Core 5.3.2): its claims must not be used.
	ErrUserInfoSubject = errors.New("auth: UserInfo sub differs from the ID token's")
)

// maxIDTokenAge bounds how old an ID token's iat may be when it arrives.
const maxIDTokenAge = 10 * time.Minute

// clockSkew is the leeway allowed between the provider's clock and ours.
const clockSkew = 2 * time.Minute

// discoveryQuiet is how long a failed discovery is remembered before a
// request may try again, so a provider that is down does not hold every
// request up for the length of a timeout.
const discoveryQuiet = 2 * time.Second

// Identity is what the provider says about the person: the ID token's
// issuer and sub, and name, birth date and address from UserInfo (or from
// the ID token when the provider has no UserInfo endpoint).
type Identity struct {
	Issuer    string `bson:"issuer"`
	Subject   string `bson:"subject"`
	Name      string `bson:"name"`
	NameKana  string `bson:"nameKana"`
	Birthdate string `bson:"birthdate"`
	Address   string `bson:"address"`
}

// RPConfig configures the relying party.
type RPConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string
	Now          func() time.Time
	// HTTPClient talks to the provider; nil means a client with a timeout.
	HTTPClient *http.Client
	// RetryMin and RetryMax bound the backoff of KeepTrying; zero means 1s
	// and 1 minute.
	RetryMin, RetryMax time.Duration
}

// RelyingParty signs seekers in with an OpenID Provider by the
// authorization code flow with PKCE S256, state and nonce. Discovery is
// retried (by KeepTrying in the background, and by requests), so My Page
// starts even while the provider is down and picks it up when it answers.
type RelyingParty struct {
	cfg RPConfig

	mu       sync.Mutex
	disc     *discovered
	failedAt time.Time // of the last failed discovery; zero after a success
	lastErr  error
}

// discovered is what My Page keeps of the provider's discovery document.
type discovered struct {
	p *oidc.Provider
	// authStyle is client_secret_basic unless the provider supports only
	// client_secret_post.
	authStyle oauth2.AuthStyle
}

// NewRelyingParty returns a relying party for cfg.
func NewRelyingParty(cfg RPConfig) *RelyingParty {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.RetryMin <= 0 {
		cfg.RetryMin = time.Second
	}
	if cfg.RetryMax < cfg.RetryMin {
		cfg.RetryMax = max(time.Minute, cfg.RetryMin)
	}
	return &RelyingParty{cfg: cfg}
}

// Issuer is the provider's issuer URL.
func (rp *RelyingParty) Issuer() string { return rp.cfg.Issuer }

// Available reports whether sign-in can be offered: the provider has been
// discovered, or its discovery has not failed yet.
func (rp *RelyingParty) Available() bool {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	return rp.disc != nil || rp.lastErr == nil
}

// Discover reads the provider's discovery document now, unless it has been
// read already.
func (rp *RelyingParty) Discover(ctx context.Context) error {
	_, err := rp.discover(ctx, true)
	return err
}

// KeepTrying retries discovery with exponential backoff (RetryMin doubling
// up to RetryMax, with jitter) until it succeeds or ctx ends. Call it in
// its own goroutine after a failed Discover.
func (rp *RelyingParty) KeepTrying(ctx context.Context, logger *slog.Logger) {
	wait := rp.cfg.RetryMin
	for {
		jittered := wait - time.Duration(rand.Int64N(int64(wait)/5+1))
		t := time.NewTimer(jittered)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		if _, err := rp.discover(ctx, true); err == nil {
			logger.Info("OpenID Provider reachable: MyNaPortal sign-in offered again", slog.String("issuer", rp.cfg.Issuer))
			return
		} else if ctx.Err() != nil {
			return
		} else {
			wait = min(wait*2, rp.cfg.RetryMax)
			logger.Warn("OpenID Provider still unreachable", slog.String("issuer", rp.cfg.Issuer),
				slog.Any("err", err), slog.Duration("next_try_in", wait))
		}
	}
}

func (rp *RelyingParty) provider(ctx context.Context) (*discovered, error) {
	return rp.discover(ctx, false)
}

// discover returns the discovered provider, reading its discovery document
// when needed. Unless force is set, a failure in the last discoveryQuiet is
// answered again without asking the provider.
func (rp *RelyingParty) discover(ctx context.Context, force bool) (*discovered, error) {
	rp.mu.Lock()
	if rp.disc != nil {
		defer rp.mu.Unlock()
		return rp.disc, nil
	}
	if !force && rp.lastErr != nil && time.Since(rp.failedAt) < discoveryQuiet {
		defer rp.mu.Unlock()
		return nil, rp.lastErr
	}
	rp.mu.Unlock()

	d, err := rp.readDiscovery(ctx)

	rp.mu.Lock()
	defer rp.mu.Unlock()
	if rp.disc != nil {
		return rp.disc, nil
	}
	if err != nil {
		rp.lastErr, rp.failedAt = err, time.Now()
		return nil, err
	}
	rp.disc, rp.lastErr, rp.failedAt = d, nil, time.Time{}
	return d, nil
}

func (rp *RelyingParty) readDiscovery(ctx context.Context) (*discovered, error) {
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, rp.cfg.HTTPClient), rp.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrProviderUnavailable, err)
	}
	var meta struct {
		AuthMethods []string `json:"token_endpoint_auth_methods_supported"`
	}
	_ = p.Claims(&meta)
	return &discovered{p: p, authStyle: authStyle(meta.AuthMethods)}, nil
}

// authStyle picks the client authentication of the token endpoint:
// client_secret_basic, the default of OIDC Discovery 1.0 when the provider
// names none, unless it supports client_secret_post and not basic.
func authStyle(methods []string) oauth2.AuthStyle {
	if !slices.Contains(methods, "client_secret_basic") && slices.Contains(methods, "client_secret_post") {
		return oauth2.AuthStyleInParams
	}
	return oauth2.AuthStyleInHeader
}

func (rp *RelyingParty) oauth2(d *discovered) *oauth2.Config {
	ep := d.p.Endpoint()
	ep.AuthStyle = d.authStyle
	return &oauth2.Config{
		ClientID:     rp.cfg.ClientID,
		ClientSecret: rp.cfg.ClientSecret,
		RedirectURL:  rp.cfg.RedirectURL,
		Endpoint:     ep,
		Scopes:       []string{oidc.ScopeOpenID, "profile", "address"},
	}
}

// Challenge is what one sign-in attempt keeps between the redirect to the
// provider and the callback.
type Challenge struct {
	State    string
	Nonce    string
	Verifier string
}

// NewChallenge returns a random state, nonce and PKCE verifier.
func NewChallenge() (Challenge, error) {
	state, err := NewToken()
	if err != nil {
		return Challenge{}, err
	}
	nonce, err := NewToken()
	if err != nil {
		return Challenge{}, err
	}
	return Challenge{State: state, Nonce: nonce, Verifier: oauth2.GenerateVerifier()}, nil
}

// AuthCodeURL is where the browser goes to sign in at the provider.
func (rp *RelyingParty) AuthCodeURL(ctx context.Context, ch Challenge) (string, error) {
	d, err := rp.provider(ctx)
	if err != nil {
		return "", err
	}
	return rp.oauth2(d).AuthCodeURL(ch.State, oidc.Nonce(ch.Nonce), oauth2.S256ChallengeOption(ch.Verifier)), nil
}

// Exchange trades the code for tokens and checks the ID token as OIDC Core
// 3.1.3.7 asks: signature and algorithm, iss, aud and azp, exp, iat, nonce,
// and a sub. When the provider has a UserInfo endpoint, the person's claims
// come from it (OIDC Core 5.3), refused when its sub is not the ID token's.
func (rp *RelyingParty) Exchange(ctx context.Context, code string, ch Challenge) (Identity, error) {
	d, err := rp.provider(ctx)
	if err != nil {
		return Identity{}, err
	}
	ctx = oidc.ClientContext(ctx, rp.cfg.HTTPClient)
	tok, err := rp.oauth2(d).Exchange(ctx, code, oauth2.VerifierOption(ch.Verifier))
	if err != nil {
		return Identity{}, tokenError(err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return Identity{}, fmt.Errorf("%w: no id_token", ErrTokenResponse)
	}
	id, err := rp.Verify(ctx, raw, ch.Nonce)
	if err != nil || d.p.UserInfoEndpoint() == "" {
		return id, err
	}
	ui, err := d.p.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil {
		return Identity{}, fmt.Errorf("%w: userinfo: %v", ErrProviderFailed, err)
	}
	if ui.Subject != id.Subject {
		// The subs themselves stay out of errors and logs: they identify people.
		return Identity{}, ErrUserInfoSubject
	}
	var c personClaims
	if err := ui.Claims(&c); err != nil {
		return Identity{}, fmt.Errorf("%w: userinfo claims: %v", ErrProviderFailed, err)
	}
	return c.fill(id), nil
}

// tokenError sorts a failed token request by kind.
func tokenError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		// No answer, a timeout, or an answer that is not a token response.
		return fmt.Errorf("%w: token endpoint: %v", ErrProviderFailed, err)
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	switch {
	case re.ErrorCode == "invalid_client" || (re.ErrorCode == "" && status == http.StatusUnauthorized):
		return fmt.Errorf("%w: token endpoint answered %d %s", ErrClientAuth, status, re.ErrorCode)
	case status >= 500 || re.ErrorCode == "server_error" || re.ErrorCode == "temporarily_unavailable":
		return fmt.Errorf("%w: token endpoint answered %d %s", ErrProviderFailed, status, re.ErrorCode)
	default:
		return fmt.Errorf("%w: %d %s", ErrTokenResponse, status, re.ErrorCode)
	}
}

// Verify checks a raw ID token against this relying party and nonce.
func (rp *RelyingParty) Verify(ctx context.Context, raw, nonce string) (Identity, error) {
	d, err := rp.provider(ctx)
	if err != nil {
		return Identity{}, err
	}
	now := rp.cfg.Now()
	v := d.p.Verifier(&oidc.Config{
		ClientID:             rp.cfg.ClientID,
		SupportedSigningAlgs: []string{oidc.RS256, oidc.ES256, oidc.PS256},
		// A skew-tolerant expiry check is done below with our own clock.
		SkipExpiryCheck: true,
	})
	tok, err := v.Verify(oidc.ClientContext(ctx, rp.cfg.HTTPClient), raw)
	if err != nil {
		return Identity{}, fmt.Errorf("%w: %v", ErrIDToken, err)
	}
	var claims struct {
		personClaims
		AZP      string   `json:"azp"`
		Audience audience `json:"aud"`
	}
	if err := tok.Claims(&claims); err != nil {
		return Identity{}, fmt.Errorf("%w: claims: %v", ErrIDToken, err)
	}
	switch {
	case !tok.Expiry.After(now.Add(-clockSkew)):
		return Identity{}, fmt.Errorf("%w: expired at %v", ErrIDToken, tok.Expiry)
	case tok.IssuedAt.IsZero() || tok.IssuedAt.After(now.Add(clockSkew)) || tok.IssuedAt.Before(now.Add(-maxIDTokenAge)):
		return Identity{}, fmt.Errorf("%w: iat %v out of range", ErrIDToken, tok.IssuedAt)
	case subtle.ConstantTimeCompare([]byte(tok.Nonce), []byte(nonce)) != 1 || nonce == "":
		return Identity{}, fmt.Errorf("%w: nonce mismatch", ErrIDToken)
	case tok.Subject == "":
		return Identity{}, fmt.Errorf("%w: no sub", ErrIDToken)
	case len(claims.Audience) > 1 && claims.AZP == "":
		return Identity{}, fmt.Errorf("%w: several audiences and no azp", ErrIDToken)
	case claims.AZP != "" && claims.AZP != rp.cfg.ClientID:
		return Identity{}, fmt.Errorf("%w: azp %q", ErrIDToken, claims.AZP)
	case !slices.Contains(claims.Audience, rp.cfg.ClientID):
		return Identity{}, fmt.Errorf("%w: aud", ErrIDToken)
	}
	return claims.fill(Identity{Issuer: tok.Issuer, Subject: tok.Subject}), nil
}

// audience reads aud as a string or an array of strings.
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*a = many
	return nil
}
