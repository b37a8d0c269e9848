package web

import (
	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
)

// logout is ログアウト (rule 6): the session is deleted on the server, the
// cookie expired, and the browser sent to the top page. Logging out of a
// session that has already ended lands there too.
func (s *server) logout(c *gin.Context) {
	sess := s.session(c)
	if v := s.sessionOf(c); v.Via() == auth.ViaMyNaPortal && v.live() {
		// Rule 7: MyNaPortal stays signed in; the top page says so once.
		s.setCookie(c, cookieNotice, "mynaportal", 300)
	}
	// Nothing of a MyNaPortal sign-in outlives the logout: neither an
	// identity waiting on the link page nor a sign-in in flight.
	if err := s.endPendingIdentity(c); err != nil {
		s.serverError(c, err)
		return
	}
	s.clearCookie(c, cookieOIDCState)
	sess.Options.MaxAge = -1
	if err := sess.Save(c.Request, c.Writer); err != nil {
		s.serverError(c, err)
		return
	}
	s.redirect(c, "/")
}
