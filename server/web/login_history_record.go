package web

import (
	"context"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/domain"
)

// loginEvent is this request's sign-in or attempt, as ログイン履歴 keeps it.
func (s *server) loginEvent(c *gin.Context, via string, ok bool) domain.LoginEvent {
	device, browser := deviceOf(c.Request.UserAgent())
	return domain.LoginEvent{At: s.now(c), Via: via, Device: device, Browser: browser, OK: ok}
}

// recordLogin adds e to the seeker's ログイン履歴. The history serves the
// seeker; failing to write it is logged and never stops a sign-in.
func (s *server) recordLogin(ctx context.Context, seekerID string, e domain.LoginEvent) {
	if seekerID == "" {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := s.Store.AddLoginEvent(ctx, seekerID, e, e.At); err != nil {
		s.Logger.Warn("login history", slog.String("seeker_id", seekerID), slog.Bool("ok", e.OK), slog.Any("err", err))
	}
}

// recordFailedLogin adds a failed password attempt on an existing account
// to its history, after the answer: an unknown e-mail, which has no history,
// must cost the same as a wrong password.
func (s *server) recordFailedLogin(c *gin.Context, seekerID string) {
	if seekerID == "" {
		return
	}
	e := s.loginEvent(c, auth.ViaPassword, false)
	go s.recordLogin(context.WithoutCancel(c.Request.Context()), seekerID, e)
}
