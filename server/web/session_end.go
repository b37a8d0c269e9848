package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
)

// sessionEnd is 「ログアウトさせる」 on ログイン中の端末: the session is deleted
// in the store, so every app server refuses it at once, and its browser is
// told why at its next request. This browser's own session is the ordinary
// ログアウト. An unknown id, or one of another seeker, is not found.
func (s *server) sessionEnd(c *gin.Context) error {
	id := c.Param("id")
	if !validSessionID(id) {
		return sessionNotFound
	}
	if id == s.sessionOf(c).ID() {
		s.logout(c)
		return nil
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	err := s.Sessions.End(ctx, s.seekerID(c), id)
	if errors.Is(err, auth.ErrSessionNotFound) {
		return sessionNotFound
	}
	if err != nil {
		return err
	}
	s.sessionsChanged(c, "one")
	return nil
}

// sessionsChanged answers a change on ログイン中の端末: htmx gets the list
// with what happened; a plain form goes back to the page.
func (s *server) sessionsChanged(c *gin.Context, ended string) {
	if isPartial(c.Request) {
		s.renderSessions(c, ended)
		return
	}
	s.redirect(c, "/mypage/sessions?ended="+ended)
}

// sessionNotFound answers an end of a session that is not the seeker's, or
// gone already.
var sessionNotFound = problem(http.StatusNotFound, "端末が見つかりません",
	"指定された端末は見つかりませんでした。既にログアウトしているか、一定時間操作がなかったためにログアウトしています。",
	Back{"/mypage/sessions", "ログイン中の端末へ"})

// validSessionID reports whether id has the shape of a session's own
// identifier (22 base64url characters), so nothing else reaches the store.
func validSessionID(id string) bool {
	if len(id) != 22 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
