package mynaportal

import (
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Client is a relying party registered at the simulator.
type Client struct {
	ID, Secret   string
	RedirectURIs []string
}

// DemoClient is the client My Page uses by default: ID "mypage", secret "mypage-demo-secret".
func DemoClient(redirectURIs ...string) Client {
	return Client{ID: "mypage", Secret: "mypage-demo-secret", RedirectURIs: redirectURIs}
}

// clientDisplayName is what the consent page calls the client. Every client of the
// simulator stands for My Page, so there is one name.
const clientDisplayName = "求職者マイページ（ハローワークインターネットサービス）"

// opClient is a Client as op sees it: a confidential web client, code flow only,
// client_secret_basic (or _post), opaque access tokens.
type opClient struct {
	Client
	loginURL      func(string) string
	idTokenClaims bool
}

var _ op.Client = (*opClient)(nil)

func (c *opClient) GetID() string                       { return c.ID }
func (c *opClient) RedirectURIs() []string              { return c.Client.RedirectURIs }
func (c *opClient) PostLogoutRedirectURIs() []string    { return nil }
func (c *opClient) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c *opClient) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodBasic }
func (c *opClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *opClient) GrantTypes() []oidc.GrantType        { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c *opClient) LoginURL(id string) string           { return c.loginURL(id) }
func (c *opClient) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeBearer }
func (c *opClient) IDTokenLifetime() time.Duration      { return idTokenLifetime }

// DevMode stays off: http redirect URIs are still accepted for confidential clients
// using the code flow, which is all the simulator offers.
func (c *opClient) DevMode() bool { return false }
func (c *opClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *opClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *opClient) IsScopeAllowed(string) bool { return false }

// IDTokenUserinfoClaimsAssertion is off by default, as for a standard provider: the
// ID token carries sub, and name, birthdate and address come from userinfo. The
// IDTokenClaims test switch puts them in the ID token as well.
func (c *opClient) IDTokenUserinfoClaimsAssertion() bool { return c.idTokenClaims }
func (c *opClient) ClockSkew() time.Duration             { return 0 }
