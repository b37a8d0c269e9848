package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
)

// withdrawSubmit is 「完了」 on 退会確認 (rule 2): refused while an
// application is in progress; otherwise every session of the account ends,
// here and on every other server, and the browser lands on 退会完了.
// Submitting twice is harmless.
func (s *server) withdrawSubmit(c *gin.Context) error {
	seekerID := s.seekerID(c)
	ctx, cancel := s.ctx(c)
	defer cancel()
	now := s.now(c)
	err := s.Store.Withdraw(ctx, seekerID, now)
	if errors.Is(err, domain.ErrApplying) {
		return problem(http.StatusConflict, "退会できません",
			"自主応募中の求人があるため、退会できません。「求職活動状況」で応募を取り消すか、選考の終了をお待ちください。",
			Back{"/mypage/activity", "求職活動状況へ"})
	}
	if err != nil {
		return err
	}
	// The 退会完了 mail goes once: from the request whose time the
	// withdrawal bears (a double submit finds it done by the other).
	if sk, err := s.Store.SeekerByID(ctx, seekerID); err == nil && sk.WithdrawnAt.Equal(now.Truncate(time.Millisecond)) {
		s.notify(ctx, "withdrawn", seekerID, func(ctx context.Context) error { return s.Mail.SendWithdrawn(ctx, sk.Email) })
	}
	if _, err := s.Sessions.EndAllOf(ctx, seekerID); err != nil {
		return err
	}
	sess := s.session(c)
	sess.Options.MaxAge = -1
	if err := sess.Save(c.Request, c.Writer); err != nil {
		return err
	}
	s.redirect(c, "/withdrawn")
	return nil
}
