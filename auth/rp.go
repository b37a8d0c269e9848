package auth

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Kinds of relying-party failure; each gets its own message to the seeker.
var (
	// ErrProviderUnavailable: the provider could not be reached.
	ErrProviderUnavailable = errors.New("auth: OpenID Provider unavailable")
	// ErrTokenResponse: the token endpoint refused the code or answered
	// something that is not a token response.
	ErrTokenResponse = errors.New("auth: bad token response")
	// ErrIDToken: the ID token failed a check of OIDC Core 3.1.3.7.
	ErrIDToken = errors.New("auth: ID token refused")
)

// maxIDTokenAge bounds how old an ID token's iat may be when it arrives.
const maxIDTokenAge = 10 * time.Minute

// clockSkew is the leeway allowed between the provider's clock and ours.
const clockSkew = 2 * time.Minute

// Identity is what a verified ID token says about the person.
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
}

// RelyingParty signs seekers in with an OpenID Provider by the
// authorization code flow with PKCE S256, state and nonce. Discovery is lazy
// and retried, so My Page starts even while the provider is down.
type RelyingParty struct {
	cfg  RPConfig
	mu   sync.Mutex
	prov *oidc.Provider
}

// NewRelyingParty returns a relying party for cfg.
func NewRelyingParty(cfg RPConfig) *RelyingParty {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &RelyingParty{cfg: cfg}
}

// Issuer is the provider's issuer URL.
func (rp *RelyingParty) Issuer() string { return rp.cfg.Issuer }

func (rp *RelyingParty) provider(ctx context.Context) (*oidc.Provider, error) {
	rp.mu.Lock()
	defer rp.mu.Unlock()
	if rp.prov != nil {
		return rp.prov, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, rp.cfg.HTTPClient), rp.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrProviderUnavailable, err)
	}
	rp.prov = p
	return p, nil
}

func (rp *RelyingParty) oauth2(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     rp.cfg.ClientID,
		ClientSecret: rp.cfg.ClientSecret,
		RedirectURL:  rp.cfg.RedirectURL,
		Endpoint:     p.Endpoint(),
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
	p, err := rp.provider(ctx)
	if err != nil {
		return "", err
	}
	return rp.oauth2(p).AuthCodeURL(ch.State, oidc.Nonce(ch.Nonce), oauth2.S256ChallengeOption(ch.Verifier)), nil
}

// Exchange trades the code for tokens and checks the ID token as OIDC Core
// 3.1.3.7 asks: signature and algorithm, iss, aud and azp, exp, iat, nonce,
// and a sub.
func (rp *RelyingParty) Exchange(ctx context.Context, code string, ch Challenge) (Identity, error) {
	p, err := rp.provider(ctx)
	if err != nil {
		return Identity{}, err
	}
	ctx = oidc.ClientContext(ctx, rp.cfg.HTTPClient)
	tok, err := rp.oauth2(p).Exchange(ctx, code, oauth2.VerifierOption(ch.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return Identity{}, fmt.Errorf("%w: %s", ErrTokenResponse, re.ErrorCode)
		}
		return Identity{}, fmt.Errorf("%w: %v", ErrProviderUnavailable, err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return Identity{}, fmt.Errorf("%w: no id_token", ErrTokenResponse)
	}
	return rp.Verify(ctx, raw, ch.Nonce)
}

// Verify checks a raw ID token against this relying party and nonce.
func (rp *RelyingParty) Verify(ctx context.Context, raw, nonce string) (Identity, error) {
	p, err := rp.provider(ctx)
	if err != nil {
		return Identity{}, err
	}
	now := rp.cfg.Now()
	v := p.Verifier(&oidc.Config{
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
		AZP       string   `json:"azp"`
		Name      string   `json:"name"`
		NameKana  string   `json:"name_kana"`
		Birthdate string   `json:"birthdate"`
		Audience  audience `json:"aud"`
		Address   struct {
			Formatted string `json:"formatted"`
		} `json:"address"`
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
	return Identity{
		Issuer: tok.Issuer, Subject: tok.Subject, Name: claims.Name, NameKana: claims.NameKana,
		Birthdate: claims.Birthdate, Address: claims.Address.Formatted,
	}, nil
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

var jsonUnmarshal = json.Unmarshal
