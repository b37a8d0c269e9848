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
	if via, _ := sess.Values[auth.KeyVia].(string); via == auth.ViaMyNaPortal && !sess.IsNew {
		// Rule 7: MyNaPortal stays signed in; the top page says so once.
		s.setCookie(c, cookieNotice, "mynaportal", 300)
	}
	sess.Options.MaxAge = -1
	if err := sess.Save(c.Request, c.Writer); err != nil {
		s.serverError(c, err)
		return
	}
	s.redirect(c, "/")
}
