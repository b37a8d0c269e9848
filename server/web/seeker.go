package web

import (
	"errors"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
)

// currentSeeker loads the signed-in seeker. When it has answered the
// request itself (an error page or a redirect) it returns false.
func (s *server) currentSeeker(c *gin.Context) (domain.Seeker, bool) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	seeker, err := s.Store.SeekerByID(ctx, s.seekerID(c))
	if errors.Is(err, store.ErrNotFound) {
		// The account is gone; so is any reason to keep this session.
		sess := s.session(c)
		sess.Options.MaxAge = -1
		if err := sess.Save(c.Request, c.Writer); err != nil {
			s.serverError(c, err)
			return seeker, false
		}
		s.redirect(c, "/login")
		return seeker, false
	}
	if err != nil {
		s.serverError(c, err)
		return seeker, false
	}
	return seeker, true
}
