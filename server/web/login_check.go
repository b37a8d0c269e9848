package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/web/form"
)

const (
	msgBadCredentials = "メールアドレスまたはパスワードが正しくありません。"
	msgThrottled      = "ログインに続けて失敗したため、ログインを一時的に制限しています。しばらく時間をおいてから、もう一度お試しください。"
)

// loginCheck signs a seeker in with e-mail and password. An unknown e-mail
// and a wrong password get the same answer, after the same work.
func (s *server) loginCheck(c *gin.Context) {
	if err := c.Request.ParseForm(); err != nil {
		s.formError(c, err)
		return
	}
	f := form.ParseLogin(c.Request.PostForm)
	p := loginPage{basePage: s.base(c, "ログイン", ""), Form: f, Next: safeNext(c.PostForm("next"))}
	if f.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "login", "", p)
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	email := store.NormalizeEmail(f.Email)
	now := s.Now()
	allowed, err := s.Throttle.Allowed(ctx, "login", email, c.ClientIP(), now)
	if err != nil {
		s.serverError(c, err)
		return
	}
	if !allowed {
		p.Error = msgThrottled
		s.render(c, http.StatusTooManyRequests, "login", "", p)
		return
	}
	login, err := s.Store.LoginByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.serverError(c, err)
		return
	}
	ok, err := s.Hasher.Verify(ctx, login.PasswordHash, f.Password)
	if err != nil {
		s.serverError(c, err)
		return
	}
	if !ok {
		if err := s.Throttle.Failed(ctx, "login", email, c.ClientIP(), now); err != nil {
			s.serverError(c, err)
			return
		}
		p.Error = msgBadCredentials
		s.render(c, http.StatusUnauthorized, "login", "", p)
		return
	}
	if err := s.Throttle.Succeeded(ctx, "login", email); err != nil {
		s.serverError(c, err)
		return
	}
	if err := s.signIn(c, login.SeekerID, auth.ViaPassword); err != nil {
		s.serverError(c, err)
		return
	}
	s.redirect(c, orDefault(p.Next, "/mypage"))
}

// signIn ends the request's current session, if any, and starts a new one
// with a new token.
func (s *server) signIn(c *gin.Context, seekerID, via string) error {
	if old := s.session(c); old != nil && !old.IsNew {
		old.Options.MaxAge = -1
		if err := old.Save(c.Request, c.Writer); err != nil {
			return err
		}
	}
	sess := s.Sessions.Fresh(s.CookieName)
	sess.Values[auth.KeySeekerID] = seekerID
	sess.Values[auth.KeyVia] = via
	if err := sess.Save(c.Request, c.Writer); err != nil {
		return err
	}
	c.Set(ctxSession, sess)
	return nil
}

// formError answers a form that could not be read: too large, or not a form.
func (s *server) formError(c *gin.Context, err error) {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		s.serverError(c, err)
		return
	}
	s.errorPage(c, http.StatusBadRequest, "送信内容を読み取れません", "送信された内容を読み取れませんでした。画面を開き直して、もう一度お試しください。")
}
