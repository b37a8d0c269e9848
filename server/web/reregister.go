package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/web/form"
)

type reregisterPage struct {
	basePage
	Form  form.Login
	Error string
	// Guidance is the manual's guidance after the 30 days, by registration
	// type: "counter" or "online".
	Guidance string
}

// reregisterShow is アカウント再登録.
func (s *server) reregisterShow(c *gin.Context) {
	s.render(c, http.StatusOK, "reregister", "", reregisterPage{basePage: s.base(c, "アカウント再登録", ""), Form: form.Login{Errors: form.Errors{}}})
}

// reregisterSubmit restores a withdrawn account by its old e-mail and
// password up to the 30th day after the withdrawal day, and signs in; from
// the 31st day it gives the manual's guidance (rule 3). Throttled like sign-in.
func (s *server) reregisterSubmit(c *gin.Context) error {
	f := form.ParseLogin(c.Request.PostForm)
	p := reregisterPage{basePage: s.base(c, "アカウント再登録", ""), Form: f}
	if f.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "reregister", "", p)
		return nil
	}
	seekerID, err := s.checkPassword(c, f.Email, f.Password)
	if s.showOnForm(c, err, "reregister", func(msg string) any { p.Error = msg; return p }) {
		return nil
	}
	if err != nil {
		return err
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	seeker, err := s.Store.SeekerByID(ctx, seekerID)
	if err != nil {
		return err
	}
	// The 30 days are counted on the seeker's own clock (test mode).
	if err := s.onSeekersClock(c, seeker.TestClockID); err != nil {
		return err
	}
	now := s.now(c)
	switch {
	case !seeker.Withdrawn():
		p.Error = "このアカウントは退会していません。ログイン画面からログインしてください。"
		s.render(c, http.StatusConflict, "reregister", "", p)
		return nil
	case !domain.CanReregister(seeker.WithdrawnAt, now):
		p.Guidance = string(seeker.RegistrationType)
		if p.Guidance != string(domain.RegisteredCounter) {
			p.Guidance = string(domain.RegisteredOnline)
		}
		s.render(c, http.StatusForbidden, "reregister", "", p)
		return nil
	}
	if err := s.Store.Restore(ctx, seeker.ID, seeker.WithdrawnAt); err != nil {
		return err
	}
	// A session a sign-in racing the withdrawal opened must not come back
	// to life with the account.
	if _, err := s.Sessions.EndAllOf(ctx, seeker.ID); err != nil {
		return err
	}
	if err := s.signIn(c, seeker.ID, auth.ViaPassword, noticeRestored); err != nil {
		return err
	}
	s.redirect(c, "/mypage")
	return nil
}
