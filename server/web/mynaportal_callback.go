package web

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/store"
)

// pendingLifetime bounds how long a verified identity waits to be linked
// (rule 7): it belongs to that attempt only.
const pendingLifetime = 10 * time.Minute

// myNaPortalCallback is where MyNaPortal sends the browser back. The state
// must match this browser's cookie and a challenge not taken yet; then the
// code is exchanged and the ID token checked. A linked identity signs in; a
// new one goes to /mynaportal/link.
func (s *server) myNaPortalCallback(c *gin.Context) {
	if s.RP == nil {
		s.notFound(c)
		return
	}
	state := c.Query("state")
	cookie := s.cookie(c, cookieOIDCState)
	s.clearCookie(c, cookieOIDCState)
	ctx, cancel := s.ctx(c)
	defer cancel()
	if state == "" || cookie != state {
		s.myNaPortalRefused(c, http.StatusBadRequest, "state does not match this browser")
		return
	}
	ch, err := s.Store.TakeChallenge(ctx, auth.HashToken(state), s.now(c))
	if errors.Is(err, store.ErrNotFound) {
		s.myNaPortalRefused(c, http.StatusBadRequest, "challenge used or expired")
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	if e := c.Query("error"); e != "" {
		s.Logger.Info("mynaportal error", slog.String("error", e), slog.String("request_id", c.GetString(ctxRequestID)))
		if e == "access_denied" {
			s.fail(c, problem(http.StatusForbidden, "ログインできませんでした",
				"マイナポータルで利用者情報の提供に「同意しない」が選ばれたため、ログインできませんでした。マイナポータルでログインするには、情報の提供に同意してください。メールアドレスとパスワードでログインすることもできます。",
				backToLogin))
			return
		}
		s.fail(c, problem(http.StatusBadGateway, "ログインできませんでした",
			"マイナポータルでエラーが発生したため、ログインできませんでした。しばらく時間をおいてから、もう一度お試しください。",
			backToLogin))
		return
	}
	identity, err := s.RP.Exchange(ctx, c.Query("code"), auth.Challenge{State: state, Nonce: ch.Nonce, Verifier: ch.Verifier})
	if err != nil {
		s.myNaPortalError(c, err)
		return
	}
	link, err := s.Store.LinkByID(ctx, store.LinkID(identity))
	if errors.Is(err, store.ErrNotFound) {
		s.holdForLinking(c, identity, ch.Next)
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	if err := s.checkSignIn(c, link.SeekerID); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.signIn(c, link.SeekerID, auth.ViaMyNaPortal, ""); err != nil {
		s.serverError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, orDefault(ch.Next, "/mypage"))
}

// holdForLinking keeps a verified identity for /mynaportal/link, named by a
// random token in a cookie of this browser.
func (s *server) holdForLinking(c *gin.Context, identity auth.Identity, next string) {
	token, err := auth.NewToken()
	if err != nil {
		s.serverError(c, err)
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	// A newer attempt replaces an older one of this browser.
	if err := s.endPendingIdentity(c); err != nil {
		s.serverError(c, err)
		return
	}
	p := store.PendingIdentity{ID: auth.HashToken(token), Identity: identity, Next: next, ExpiresAt: s.now(c).Add(pendingLifetime)}
	if err := s.Store.SavePendingIdentity(ctx, p); err != nil {
		s.serverError(c, err)
		return
	}
	s.setCookie(c, cookieLink, token, int(pendingLifetime/time.Second))
	c.Redirect(http.StatusSeeOther, "/mynaportal/link")
}

// myNaPortalRefused answers a callback that cannot belong to a sign-in this
// browser started, or that was used already.
func (s *server) myNaPortalRefused(c *gin.Context, status int, reason string) {
	s.Logger.Warn("mynaportal callback refused", slog.String("reason", reason), slog.String("request_id", c.GetString(ctxRequestID)))
	s.fail(c, problem(status, "ログインできませんでした",
		"ログインの手続きを確認できませんでした。手続きの有効期限が切れたか、既に使用された可能性があります。お手数ですが、ログイン画面からもう一度やり直してください。",
		backToLogin))
}

// myNaPortalError explains a failure of the relying party, by kind.
func (s *server) myNaPortalError(c *gin.Context, err error) {
	level := slog.LevelWarn
	if errors.Is(err, auth.ErrClientAuth) {
		// My Page's registration at the provider is wrong: only an operator
		// can mend it.
		level = slog.LevelError
	}
	s.Logger.Log(c.Request.Context(), level, "mynaportal sign-in failed", slog.Any("err", err), slog.String("request_id", c.GetString(ctxRequestID)))
	for _, k := range rpProblems {
		if errors.Is(err, k.err) {
			s.fail(c, k.problem)
			return
		}
	}
	s.serverError(c, err)
}

// backToLogin is the way back from a failed MyNaPortal sign-in.
var backToLogin = Back{"/login", "ログイン画面へ"}

// rpProblems says, by kind of failure of the relying party, what the seeker
// is told.
var rpProblems = []struct {
	err     error
	problem *Problem
}{
	{auth.ErrProviderUnavailable, problem(http.StatusServiceUnavailable, "マイナポータルに接続できません",
		"マイナポータルに接続できませんでした。しばらく時間をおいてから、もう一度お試しください。メールアドレスとパスワードでログインすることもできます。", backToLogin)},
	{auth.ErrProviderFailed, problem(http.StatusBadGateway, "ログインできませんでした",
		"マイナポータルでエラーが発生したため、ログインできませんでした。しばらく時間をおいてから、もう一度お試しください。", backToLogin)},
	{auth.ErrClientAuth, problem(http.StatusBadGateway, "ログインできませんでした",
		"求職者マイページとマイナポータルの接続設定に問題があるため、現在マイナポータルからログインできません。お手数ですが、メールアドレスとパスワードでログインしてください。", backToLogin)},
	{auth.ErrTokenResponse, problem(http.StatusBadGateway, "ログインできませんでした",
		"マイナポータルからの応答を確認できなかったため、ログインできませんでした。もう一度マイナポータルからログインしてください。", backToLogin)},
	{auth.ErrIDToken, problem(http.StatusUnauthorized, "ログインできませんでした",
		"マイナポータルから受け取ったログイン情報の検証に失敗したため、ログインできませんでした。もう一度マイナポータルからログインしてください。", backToLogin)},
	{auth.ErrUserInfoSubject, problem(http.StatusUnauthorized, "ログインできませんでした",
		"マイナポータルから受け取った利用者情報が、ログインした方のものと一致しなかったため、ログインできませんでした。もう一度マイナポータルからログインしてください。", backToLogin)},
}
