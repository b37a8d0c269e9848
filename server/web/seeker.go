package web

import (
	"errors"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
)

// currentSeeker is the signed-in seeker that requireSeeker loaded for this
// request. A handler reached without it answers 500: the route is missing
// requireSeeker.
func (s *server) currentSeeker(c *gin.Context) (domain.Seeker, bool) {
	v, ok := c.Get(ctxSeeker)
	seeker, ok2 := v.(domain.Seeker)
	if !ok || !ok2 {
		s.serverError(c, errors.New("web: signed-in handler without requireSeeker"))
		return domain.Seeker{}, false
	}
	return seeker, true
}
