package web

import (
	"github.com/gin-gonic/gin"
)

// logout is ログアウト (rule 6): the session is deleted on the server, the
// cookie expired, and the browser sent to the top page. Logging out of a
// session that has already ended lands there too.
func (s *server) logout(c *gin.Context) {
	sess := s.session(c)
	sess.Options.MaxAge = -1
	if err := sess.Save(c.Request, c.Writer); err != nil {
		s.serverError(c, err)
		return
	}
	s.redirect(c, "/")
}
