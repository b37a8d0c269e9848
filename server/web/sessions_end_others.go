package web

import "github.com/gin-gonic/gin"

// sessionsEndOthers is 「この端末以外をすべてログアウト」: every session of the
// account but this browser's ends, on every app server at once.
func (s *server) sessionsEndOthers(c *gin.Context) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	if _, err := s.Sessions.EndOthersOf(ctx, s.seekerID(c), s.session(c).ID); err != nil {
		s.serverError(c, err)
		return
	}
	s.sessionsChanged(c, "others")
}
