package web

import (
	"context"
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
	msgBusy           = "ただいまログインが集中しています。しばらく時間をおいてから、もう一度お試しください。"
)

// loginCheck signs a seeker in with e-mail and password.
func (s *server) loginCheck(c *gin.Context) {
	f := form.ParseLogin(c.Request.PostForm)
	p := loginPage{basePage: s.base(c, "ログイン", ""), Form: f, Next: safeNext(c.PostForm("next")), MyNaPortal: s.myNaPortalOffer()}
	if f.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "login", "", p)
		return
	}
	seekerID, status, msg, err := s.checkPassword(c, f.Email, f.Password)
	if err != nil {
		s.serverError(c, err)
		return
	}
	if seekerID == "" {
		p.Error = msg
		s.render(c, status, "login", "", p)
		return
	}
	if !s.maySignIn(c, seekerID) {
		return
	}
	if err := s.signIn(c, seekerID, auth.ViaPassword); err != nil {
		s.serverError(c, err)
		return
	}
	s.redirect(c, orDefault(p.Next, "/mypage"))
}

// checkPassword proves an account by its e-mail and password. Every flow
// that checks a password shares one budget per account and one per client
// address, and the attempt is reserved before the hash, so parallel guesses
// cannot pass the limit. An unknown e-mail and a wrong password get the
// same answer after the same work. On failure it returns the status and
// message to show.
func (s *server) checkPassword(c *gin.Context, email, password string) (seekerID string, status int, msg string, err error) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	email = store.NormalizeEmail(email)
	attempt, ok, err := s.Throttle.Reserve(ctx, email, s.clientKey(c), s.now(c))
	if err != nil {
		return "", 0, "", err
	}
	if !ok {
		return "", http.StatusTooManyRequests, msgThrottled, nil
	}
	login, err := s.Store.LoginByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", 0, "", errors.Join(err, attempt.Cancel(context.WithoutCancel(ctx)))
	}
	ok, err = s.Hasher.Verify(ctx, login.PasswordHash, password)
	if errors.Is(err, auth.ErrBusy) {
		if err := attempt.Cancel(context.WithoutCancel(ctx)); err != nil {
			return "", 0, "", err
		}
		c.Header("Retry-After", "5")
		return "", http.StatusTooManyRequests, msgBusy, nil
	}
	if err != nil {
		return "", 0, "", errors.Join(err, attempt.Cancel(context.WithoutCancel(ctx)))
	}
	if !ok {
		attempt.Failed()
		s.recordFailedLogin(c, login.SeekerID)
		return "", http.StatusUnauthorized, msgBadCredentials, nil
	}
	return login.SeekerID, 0, "", attempt.Succeeded(ctx)
}

// clientKey is the client address the throttle counts: the TCP peer, or
// the address a trusted proxy put in X-Forwarded-For; IPv6 per /64.
func (s *server) clientKey(c *gin.Context) string { return auth.ClientKey(c.ClientIP()) }

// maySignIn reports whether the seeker may sign in. When not (withdrawn,
// or gone) it has answered the request with the page that says why.
func (s *server) maySignIn(c *gin.Context, seekerID string) bool {
	ctx, cancel := s.ctx(c)
	defer cancel()
	seeker, err := s.Store.SeekerByID(ctx, seekerID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.errorPageBack(c, http.StatusForbidden, "ログインできません", msgBadCredentials, "/login", "ログイン画面へ")
		return false
	case err != nil:
		s.serverError(c, err)
		return false
	case seeker.Withdrawn():
		s.errorPageBack(c, http.StatusForbidden, "退会済みのアカウントです",
			"このアカウントは求職者マイページを退会しているため、ログインできません。退会後30日以内であれば、「アカウント再登録」から以前のメールアドレスとパスワードで利用を再開できます。",
			"/reregister", "アカウント再登録へ")
		return false
	}
	return true
}

// signIn ends the request's current session, if any, and any MyNaPortal
// identity this browser holds for linking, and starts a new session with a
// new token.
func (s *server) signIn(c *gin.Context, seekerID, via string) error {
	if err := s.endPendingIdentity(c); err != nil {
		return err
	}
	if old := s.session(c); old != nil && !old.IsNew {
		old.Options.MaxAge = -1
		if err := old.Save(c.Request, c.Writer); err != nil {
			return err
		}
	}
	sess := s.Sessions.Fresh(s.CookieName)
	clockID := ""
	if s.TestMode {
		// The session lives on the clock of its seeker.
		ctx, cancel := s.ctx(c)
		seeker, err := s.Store.SeekerByID(ctx, seekerID)
		cancel()
		if err != nil {
			return err
		}
		if err := s.onSeekersClock(c, seeker.TestClockID); err != nil {
			return err
		}
		clockID = seeker.TestClockID
	}
	device, browser := deviceOf(c.Request.UserAgent())
	startValues(sess, seekerID, via, clockID, device, browser)
	if err := sess.Save(c.Request, c.Writer); err != nil {
		return err
	}
	c.Set(ctxSession, sess)
	e := s.loginEvent(c, via, true)
	s.noticeNewDevice(c, seekerID, e)
	s.recordLogin(c.Request.Context(), seekerID, e)
	return nil
}
