package mynaportal

import (
	"context"
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

const (
	// authRequestLifetime bounds how long a holder may take over PIN and consent.
	authRequestLifetime = 30 * time.Minute
	// codeLifetime is short: the client redeems the code right after the redirect.
	codeLifetime    = 2 * time.Minute
	accessTokenLife = 10 * time.Minute
	idTokenLifetime = 10 * time.Minute
	claimNameKana   = "name_kana"
)

var errNotFound = errors.New("not found")

// authRequest is one pass through /authorize, from the client's redirect until the
// client has redeemed the code. Callers get copies, never the stored value.
type authRequest struct {
	id            string
	created       time.Time
	clientID      string
	redirectURI   string
	state         string
	nonce         string
	scopes        []string
	responseType  oidc.ResponseType
	responseMode  oidc.ResponseMode
	codeChallenge *oidc.CodeChallenge
	prompt        []string
	maxAge        *uint

	// Set once a simulator session is bound to the request (after PIN or a live session).
	sessionID  string
	cardNumber string
	authTime   time.Time

	// Set when the holder agreed.
	done       bool
	subject    string
	code       string
	codeIssued time.Time
}

func (a *authRequest) GetID() string                         { return a.id }
func (a *authRequest) GetACR() string                        { return "" }
func (a *authRequest) GetAMR() []string                      { return []string{"sc", "pin"} } // RFC 8176: smart card + PIN
func (a *authRequest) GetAudience() []string                 { return []string{a.clientID} }
func (a *authRequest) GetAuthTime() time.Time                { return a.authTime }
func (a *authRequest) GetClientID() string                   { return a.clientID }
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge { return a.codeChallenge }
func (a *authRequest) GetNonce() string                      { return a.nonce }
func (a *authRequest) GetRedirectURI() string                { return a.redirectURI }
func (a *authRequest) GetResponseType() oidc.ResponseType    { return a.responseType }
func (a *authRequest) GetResponseMode() oidc.ResponseMode    { return a.responseMode }
func (a *authRequest) GetScopes() []string                   { return a.scopes }
func (a *authRequest) GetState() string                      { return a.state }
func (a *authRequest) GetSubject() string                    { return a.subject }
func (a *authRequest) Done() bool                            { return a.done }

func (a *authRequest) hasPrompt(p string) bool { return slices.Contains(a.prompt, p) }

func (a *authRequest) copy() *authRequest {
	c := *a
	c.scopes = slices.Clone(a.scopes)
	c.prompt = slices.Clone(a.prompt)
	return &c
}

type accessToken struct {
	id         string
	clientID   string
	cardNumber string
	subject    string
	scopes     []string
	expiration time.Time
}

type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.key }
func (k signingKey) ID() string                                  { return k.id }

type publicKey struct{ signingKey }

func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.key.PublicKey }

// newSigningKey generates an RSA key and names it by its JWK thumbprint.
func newSigningKey() (signingKey, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return signingKey{}, err
	}
	jwk := jose.JSONWebKey{Key: &key.PublicKey, Algorithm: string(jose.RS256), Use: "sig"}
	tp, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return signingKey{}, err
	}
	return signingKey{id: base64.RawURLEncoding.EncodeToString(tp), key: key}, nil
}

// storage is the op.Storage of the simulator: everything lives in memory except the
// card locks, which live in the data directory.
type storage struct {
	mu       sync.Mutex
	clients  map[string]Client
	requests map[string]*authRequest
	codes    map[string]string // code -> auth request ID
	tokens   map[string]*accessToken

	key            signingKey
	pairwiseSecret []byte
	loginURL       func(authRequestID string) string
	idTokenClaims  bool // see Config.IDTokenClaims
	now            func() time.Time
}

var _ op.Storage = (*storage)(nil)
var _ op.CanSetUserinfoFromRequest = (*storage)(nil)

func randomID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// pairwiseSubject gives each client its own, stable identifier for the holder, so two
// clients cannot correlate their users by sub (OIDC Core 8.1).
func pairwiseSubject(secret []byte, clientID, cardNumber string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(clientID + "|" + cardNumber))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CreateAuthRequest is where the simulator's own rules for /authorize are enforced; an
// *oidc.Error returned here is sent back to the client's redirect_uri by op.
func (s *storage) CreateAuthRequest(_ context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	if req.CodeChallenge == "" {
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE is required: send code_challenge with code_challenge_method=S256")
	}
	if req.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, oidc.ErrInvalidRequest().WithDescription("code_challenge_method must be S256")
	}
	if req.ResponseType != oidc.ResponseTypeCode {
		return nil, (&oidc.Error{ErrorType: "unsupported_response_type"}).WithDescription("only response_type=code is supported")
	}
	// form_post would need an auto-submitting page with inline script, which our CSP forbids.
	if req.ResponseMode != "" && req.ResponseMode != oidc.ResponseModeQuery {
		return nil, oidc.ErrInvalidRequest().WithDescription("only response_mode=query is supported")
	}
	if !slices.Contains(req.Scopes, oidc.ScopeOpenID) {
		return nil, oidc.ErrInvalidScope().WithDescription("the openid scope is required")
	}
	var scopes []string
	for _, sc := range req.Scopes {
		if sc == oidc.ScopeOpenID || sc == oidc.ScopeProfile || sc == oidc.ScopeAddress {
			scopes = append(scopes, sc)
		}
	}
	id, err := randomID()
	if err != nil {
		return nil, err
	}
	now := s.now()
	ar := &authRequest{
		id:            id,
		created:       now,
		clientID:      req.ClientID,
		redirectURI:   req.RedirectURI,
		state:         req.State,
		nonce:         req.Nonce,
		scopes:        scopes,
		responseType:  req.ResponseType,
		responseMode:  req.ResponseMode,
		codeChallenge: &oidc.CodeChallenge{Challenge: req.CodeChallenge, Method: req.CodeChallengeMethod},
		prompt:        slices.Clone([]string(req.Prompt)),
		maxAge:        req.MaxAge,
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweepLocked(now)
	s.requests[id] = ar
	return ar.copy(), nil
}

// sweepLocked drops abandoned auth requests, unredeemed codes and expired tokens.
func (s *storage) sweepLocked(now time.Time) {
	for id, ar := range s.requests {
		if now.Sub(ar.created) > authRequestLifetime+codeLifetime {
			delete(s.requests, id)
			delete(s.codes, ar.code)
		}
	}
	for id, t := range s.tokens {
		if now.After(t.expiration) {
			delete(s.tokens, id)
		}
	}
}

// request returns a copy of a live auth request.
func (s *storage) request(id string) (*authRequest, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ar, ok := s.requests[id]
	if !ok || s.now().Sub(ar.created) > authRequestLifetime {
		return nil, false
	}
	return ar.copy(), true
}

// bind records which simulator session (and so which card) answers the request. Once
// bound, no other session may take the request over: whoever learns an auth request
// ID cannot finish someone else's sign-in with their own card.
func (s *storage) bind(id string, sess *session) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ar, ok := s.requests[id]
	if !ok || ar.done || (ar.sessionID != "" && ar.sessionID != sess.id) {
		return errNotFound
	}
	ar.sessionID = sess.id
	ar.cardNumber = sess.cardNumber
	ar.authTime = sess.authTime
	return nil
}

// complete marks the request as agreed by the holder of the bound session.
func (s *storage) complete(id, sessionID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ar, ok := s.requests[id]
	if !ok || ar.sessionID == "" || ar.sessionID != sessionID {
		return errNotFound
	}
	ar.done = true
	ar.subject = pairwiseSubject(s.pairwiseSecret, ar.clientID, ar.cardNumber)
	return nil
}

func (s *storage) remove(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ar, ok := s.requests[id]; ok {
		delete(s.codes, ar.code)
		delete(s.requests, id)
	}
}

func (s *storage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	ar, ok := s.request(id)
	if !ok {
		return nil, fmt.Errorf("auth request %w", errNotFound)
	}
	return ar, nil
}

// cardOfCode is the card number behind an unredeemed code, or "".
func (s *storage) cardOfCode(code string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ar, ok := s.requests[s.codes[code]]; ok {
		return ar.cardNumber
	}
	return ""
}

// AuthRequestByCode redeems a code: it is forgotten at once, so a code works at most
// once even if the exchange fails later (RFC 6749 4.1.2).
func (s *storage) AuthRequestByCode(_ context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.codes[code]
	if !ok {
		return nil, fmt.Errorf("code %w", errNotFound)
	}
	delete(s.codes, code)
	ar, ok := s.requests[id]
	if !ok || !ar.done || s.now().Sub(ar.codeIssued) > codeLifetime {
		return nil, errors.New("code expired")
	}
	return ar.copy(), nil
}

func (s *storage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ar, ok := s.requests[id]
	if !ok || !ar.done {
		return oidc.ErrInvalidRequest().WithDescription("auth request not found or not completed")
	}
	// One code per request: a second trip through the callback voids the first code.
	delete(s.codes, ar.code)
	ar.code = code
	ar.codeIssued = s.now()
	s.codes[code] = id
	return nil
}

func (s *storage) DeleteAuthRequest(_ context.Context, id string) error {
	s.remove(id)
	return nil
}

func (s *storage) CreateAccessToken(_ context.Context, req op.TokenRequest) (string, time.Time, error) {
	ar, ok := req.(*authRequest)
	if !ok {
		return "", time.Time{}, oidc.ErrUnsupportedGrantType()
	}
	id, err := randomID()
	if err != nil {
		return "", time.Time{}, err
	}
	exp := s.now().Add(accessTokenLife)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[id] = &accessToken{
		id:         id,
		clientID:   ar.clientID,
		cardNumber: ar.cardNumber,
		subject:    ar.subject,
		scopes:     slices.Clone(ar.scopes),
		expiration: exp,
	}
	return id, exp, nil
}

func (s *storage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, oidc.ErrUnsupportedGrantType().WithDescription("refresh tokens are not issued")
}

func (s *storage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}

// TerminateSession is a no-op: the simulator never ends sessions on a client's behalf
// (design rule 7), and the end_session endpoint is not routed.
func (s *storage) TerminateSession(context.Context, string, string) error { return nil }

func (s *storage) RevokeToken(_ context.Context, tokenOrID, _ string, clientID string) *oidc.Error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[tokenOrID]
	if !ok {
		return nil
	}
	if t.clientID != clientID {
		return oidc.ErrInvalidClient().WithDescription("token was not issued for this client")
	}
	delete(s.tokens, tokenOrID)
	return nil
}

func (s *storage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

func (s *storage) SigningKey(context.Context) (op.SigningKey, error) { return s.key, nil }

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *storage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{s.key}}, nil
}

func (s *storage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	c, ok := s.clients[id]
	if !ok {
		return nil, fmt.Errorf("client %w", errNotFound)
	}
	return &opClient{Client: c, loginURL: s.loginURL, idTokenClaims: s.idTokenClaims}, nil
}

func (s *storage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	c, ok := s.clients[id]
	if !ok || subtle.ConstantTimeCompare([]byte(secret), []byte(c.Secret)) != 1 {
		return errors.New("invalid client credentials")
	}
	return nil
}

// SetUserinfoFromScopes is deprecated in op; SetUserinfoFromRequest does the work.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

// SetUserinfoFromRequest fills the ID token's claims: sub only, unless the
// client asserts the UserInfo claims in the ID token.
func (s *storage) SetUserinfoFromRequest(_ context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	ar, ok := req.(*authRequest)
	if !ok {
		return errors.New("unexpected token request")
	}
	return fillUserinfo(info, ar.subject, ar.cardNumber, scopes)
}

func (s *storage) SetUserinfoFromToken(_ context.Context, info *oidc.UserInfo, tokenID, _, _ string) error {
	t, ok := s.token(tokenID)
	if !ok {
		return errors.New("access token invalid or expired")
	}
	return fillUserinfo(info, t.subject, t.cardNumber, t.scopes)
}

func (s *storage) SetIntrospectionFromToken(_ context.Context, resp *oidc.IntrospectionResponse, tokenID, _, clientID string) error {
	t, ok := s.token(tokenID)
	if !ok || t.clientID != clientID {
		return errors.New("access token invalid or expired")
	}
	info := new(oidc.UserInfo)
	if err := fillUserinfo(info, t.subject, t.cardNumber, t.scopes); err != nil {
		return err
	}
	resp.SetUserInfo(info)
	resp.Active = true
	resp.ClientID = t.clientID
	resp.Scope = t.scopes
	resp.Expiration = oidc.FromTime(t.expiration)
	return nil
}

func (s *storage) token(id string) (*accessToken, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[id]
	if !ok || s.now().After(t.expiration) {
		return nil, false
	}
	c := *t
	return &c, true
}

func (s *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("JWT client authentication is not supported")
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("JWT profile grant is not supported")
}

func (s *storage) Health(context.Context) error { return nil }

// fillUserinfo maps a card holder to OIDC claims, by scope (OIDC Core 5.4).
func fillUserinfo(info *oidc.UserInfo, subject, cardNumber string, scopes []string) error {
	holder, ok := findCard(cardNumber)
	if !ok {
		return errUnknownCard
	}
	// op copies the whole UserInfo into the ID token, sub included: it must always be set.
	info.Subject = subject
	if slices.Contains(scopes, oidc.ScopeProfile) {
		info.Name = holder.Name
		info.Birthdate = holder.Birthdate
		info.AppendClaims(claimNameKana, holder.NameKana)
	}
	if slices.Contains(scopes, oidc.ScopeAddress) {
		info.Address = &oidc.UserInfoAddress{Formatted: holder.Address}
	}
	return nil
}
