package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/store"
)

// challengeLifetime bounds how long a seeker may take at MyNaPortal.
const challengeLifetime = 10 * time.Minute

// requireMyNaPortal answers 404 when no provider is configured (production
// without OIDC_ISSUER): there is no MyNaPortal sign-in to offer.
func (s *server) requireMyNaPortal(c *gin.Context) {
	if s.RP == nil {
		s.notFound(c)
		c.Abort()
		return
	}
	c.Next()
}

// myNaPortalStart sends the browser to MyNaPortal with a fresh state, nonce
// and PKCE challenge. The state is also set in a cookie, binding the sign-in
// to this browser; the rest waits in the store for the callback.
func (s *server) myNaPortalStart(c *gin.Context) {
	if s.RP == nil {
		s.notFound(c)
		return
	}
	ch, err := auth.NewChallenge()
	if err != nil {
		s.serverError(c, err)
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	target, err := s.RP.AuthCodeURL(ctx, ch)
	if err != nil {
		s.myNaPortalError(c, err)
		return
	}
	rec := store.Challenge{ID: auth.HashToken(ch.State), Nonce: ch.Nonce, Verifier: ch.Verifier,
		Next: safeNext(c.Query("next")), ExpiresAt: s.now(c).Add(challengeLifetime)}
	if err := s.Store.SaveChallenge(ctx, rec); err != nil {
		s.serverError(c, err)
		return
	}
	s.setCookie(c, cookieOIDCState, ch.State, int(challengeLifetime/time.Second))
	c.Redirect(http.StatusSeeOther, target)
}
