package web

import (
	"context"
	"fmt"
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

// recordLogin adds e to the seeker's ログイン履歴 and returns the events
// kept before it; ok is false when it could not be written. The history
// serves the seeker; failing to write it is logged and never stops a
// sign-in.
func (s *server) recordLogin(ctx context.Context, seekerID string, e domain.LoginEvent) (before []domain.LoginEvent, ok bool) {
	if seekerID == "" {
		return nil, false
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	before, err := s.Store.AddLoginEvent(ctx, seekerID, e, e.At)
	if err != nil {
		s.Logger.Warn("login history", slog.String("seeker_id", seekerID), slog.Bool("ok", e.OK), slog.Any("err", err))
		return nil, false
	}
	return before, true
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

// noticeNewDevice mails the seeker when a successful sign-in e comes from a
// device and browser the account has not used in history, the events kept
// before e. Like the history, it never stops a sign-in: a failure is
// logged.
func (s *server) noticeNewDevice(c *gin.Context, seekerID string, e domain.LoginEvent, history []domain.LoginEvent) {
	if s.Mail == nil || !domain.FromNewDevice(history, e, e.At) {
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	seeker, err := s.Store.SeekerByID(ctx, seekerID)
	if err == nil {
		err = s.Mail.SendNewDevice(ctx, seeker.Email, deviceName(e.Device, e.Browser), jpDateTime(e.At))
	}
	if err != nil {
		s.Logger.Warn("new-device notice", slog.String("seeker_id", seekerID), slog.Any("err", err))
	}
}

// deviceName is how pages and mails name a device and browser:
// 「iPhone の Safari」.
func deviceName(device, browser string) string {
	if device == "" {
		device = "不明な端末"
	}
	if browser == "" {
		browser = "不明なブラウザ"
	}
	return device + " の " + browser
}

// jpDateTime writes a time in Japan as the pages do: 2026年11月30日 18:05.
func jpDateTime(t time.Time) string {
	j := t.In(domain.Tokyo)
	return fmt.Sprintf("%d年%d月%d日 %02d:%02d", j.Year(), int(j.Month()), j.Day(), j.Hour(), j.Minute())
}
