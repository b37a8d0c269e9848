package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/web/form"
)

// Password reset links live one hour.
const resetTTL = time.Hour

type forgotPage struct {
	basePage
	Form  form.Forgot
	Error string
}

type resetPage struct {
	basePage
	Form  form.Reset
	Error string
}

// passwordForgotShow is パスワードをお忘れの方: the e-mail address to send
// the link to.
func (s *server) passwordForgotShow(c *gin.Context) {
	s.render(c, http.StatusOK, "password_forgot", "",
		forgotPage{basePage: s.base(c, "パスワード再設定", ""), Form: form.Forgot{Errors: form.Errors{}}})
}

// passwordForgotSubmit mails a password reset link to an address that has
// a My Page, a note about アカウント再登録 to one whose My Page was
// withdrawn, and nothing to any other; the answer is the same for all.
// Throttled per e-mail and per client address in the sign-in budget.
func (s *server) passwordForgotSubmit(c *gin.Context) {
	f := form.ParseForgot(c.Request.PostForm)
	p := forgotPage{basePage: s.base(c, "パスワード再設定", ""), Form: f}
	if f.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "password_forgot", "", p)
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	now := s.now(c)
	email := domain.NormalizeEmail(f.Email)
	attempt, ok, err := s.Throttle.Reserve(ctx, email, s.clientKey(c), now)
	if err != nil {
		s.serverError(c, err)
		return
	}
	if !ok {
		p.Error = msgMailThrottled
		s.render(c, http.StatusTooManyRequests, "password_forgot", "", p)
		return
	}
	attempt.Failed() // each request counts: a stranger cannot fill an inbox
	if err := s.mailPasswordReset(ctx, email, now); err != nil {
		s.serverError(c, err)
		return
	}
	s.redirect(c, "/password/forgot/sent")
}

func (s *server) mailPasswordReset(ctx context.Context, email string, now time.Time) error {
	login, err := s.Store.LoginByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	sk, err := s.Store.SeekerByID(ctx, login.SeekerID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if sk.Withdrawn() {
		return s.Mail.SendResetWithdrawn(ctx, email)
	}
	token, err := auth.NewToken()
	if err != nil {
		return err
	}
	err = s.Store.SavePasswordReset(ctx, store.PasswordReset{ID: auth.HashToken(token), Email: email,
		SeekerID: sk.ID, CreatedAt: now, ExpiresAt: now.Add(resetTTL)})
	if err != nil {
		return err
	}
	return s.Mail.SendPasswordReset(ctx, email, token)
}

// passwordForgotSent is the same answer for any address.
func (s *server) passwordForgotSent(c *gin.Context) {
	s.render(c, http.StatusOK, "password_forgot_sent", "", s.base(c, "パスワード再設定のメールを送信しました", ""))
}

// passwordResetShow is the form of the reset link; showing it changes
// nothing.
func (s *server) passwordResetShow(c *gin.Context) error {
	token := c.Query("token")
	ctx, cancel := s.ctx(c)
	defer cancel()
	_, err := s.Store.PasswordResetByID(ctx, auth.HashToken(token), s.now(c))
	if errors.Is(err, store.ErrNotFound) || token == "" || len(token) > 128 {
		return resetLinkGone
	}
	if err != nil {
		return err
	}
	s.render(c, http.StatusOK, "password_reset", "", resetPage{basePage: s.base(c, "新しいパスワードの設定", ""),
		Form: form.Reset{Token: token, Errors: form.Errors{}}})
	return nil
}

// resetLinkGone answers a パスワード再設定 link that expired or was used.
var resetLinkGone = problem(http.StatusGone, "このリンクは使用できません",
	"パスワード再設定のリンクは、有効期限（1時間）が切れたか、既に使用されています。お手数ですが、もう一度パスワード再設定をお申し込みください。",
	Back{"/password/forgot", "パスワード再設定へ"})

// passwordResetSubmit sets the new password, once per link: every session
// of the account ends, a notice is mailed, and the browser goes to ログイン.
func (s *server) passwordResetSubmit(c *gin.Context) error {
	f := form.ParseReset(c.Request.PostForm)
	ctx, cancel := s.ctx(c)
	defer cancel()
	now := s.now(c)
	if f.Token == "" {
		return resetLinkGone
	}
	id := auth.HashToken(f.Token)
	r, err := s.Store.PasswordResetByID(ctx, id, now)
	if errors.Is(err, store.ErrNotFound) {
		return resetLinkGone
	}
	if err != nil {
		return err
	}
	p := resetPage{basePage: s.base(c, "新しいパスワードの設定", ""), Form: f}
	p.Form.Password = ""
	if f.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "password_reset", "", p)
		return nil
	}
	attempt, ok, err := s.Throttle.Reserve(ctx, r.Email, s.clientKey(c), now)
	if err != nil {
		return err
	}
	if !ok {
		p.Error = msgMailThrottled
		s.render(c, http.StatusTooManyRequests, "password_reset", "", p)
		return nil
	}
	hash, err := s.Hasher.Hash(ctx, f.Password)
	if err != nil {
		if cerr := attempt.Cancel(context.WithoutCancel(ctx)); cerr != nil {
			err = errors.Join(err, cerr)
		}
		if errors.Is(err, auth.ErrBusy) {
			c.Header("Retry-After", "5")
			p.Error = msgBusy
			s.render(c, http.StatusTooManyRequests, "password_reset", "", p)
			return nil
		}
		return err
	}
	// The link proved the address: the attempt is given back.
	if err := attempt.Succeeded(ctx); err != nil {
		return err
	}
	if _, err := s.Store.TakePasswordReset(ctx, id, now); errors.Is(err, store.ErrNotFound) {
		return resetLinkGone
	} else if err != nil {
		return err
	}
	if err := s.Store.SetPasswordHash(ctx, r.Email, r.SeekerID, hash); errors.Is(err, store.ErrNotFound) {
		return resetLinkGone
	} else if err != nil {
		return err
	}
	if _, err := s.Sessions.EndAllOf(ctx, r.SeekerID); err != nil {
		return err
	}
	if sess := s.session(c); sess != nil && !sess.IsNew && s.seekerID(c) == r.SeekerID {
		sess.Options.MaxAge = -1
		_ = sess.Save(c.Request, c.Writer)
	}
	s.notify(ctx, "password-changed", r.SeekerID, func(ctx context.Context) error {
		return s.Mail.SendPasswordChanged(ctx, r.Email)
	})
	s.redirect(c, "/login?notice=password_reset")
	return nil
}

// notify writes a notice mail after a change that is already done: a store
// failure here is logged, and the change stands.
func (s *server) notify(ctx context.Context, kind, seekerID string, send func(context.Context) error) {
	if err := send(context.WithoutCancel(ctx)); err != nil {
		s.Logger.Error("notice mail not written", slog.String("kind", kind), slog.String("seeker", seekerID), slog.Any("err", err))
	}
}
