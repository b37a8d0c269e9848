package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
)

// sessionView is one signed-in device on ログイン中の端末. ID is the
// session's own identifier, never its token nor the token's hash.
type sessionView struct {
	ID, Via, Device, Browser string
	SignedInAt, LastSeenAt   time.Time
	Current                  bool
}

type sessionsPage struct {
	basePage
	Sessions []sessionView
	// Others counts the sessions besides this browser's.
	Others int
	// Ended says what was just ended: "one" or "others".
	Ended string
}

// sessionsList is ログイン中の端末: every live session of the account, this
// browser's first. htmx swaps only the list.
func (s *server) sessionsList(c *gin.Context) {
	ended := c.Query("ended")
	if ended != "one" && ended != "others" {
		ended = ""
	}
	s.renderSessions(c, ended)
}

func (s *server) renderSessions(c *gin.Context, ended string) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	recs, err := s.Sessions.LiveSessionsOf(ctx, s.seekerID(c))
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := sessionsPage{basePage: s.base(c, "ログイン中の端末", "settings"), Ended: ended}
	token := s.session(c).ID
	for _, rec := range recs {
		v := sessionView{ID: rec.PublicID, Via: rec.Via, Device: rec.Device, Browser: rec.Browser,
			SignedInAt: rec.CreatedAt, LastSeenAt: rec.LastSeenAt, Current: auth.IsSessionOf(rec, token)}
		if v.Current {
			p.Sessions = append([]sessionView{v}, p.Sessions...)
			continue
		}
		p.Sessions = append(p.Sessions, v)
		p.Others++
	}
	s.render(c, http.StatusOK, "sessions", "sessions-panel", p)
}
