package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/store"
)

type registerConfirmPage struct {
	basePage
	Token string
	Email string
}

// registerSent is 「確認メールを送信しました」, the answer to every valid
// registration.
func (s *server) registerSent(c *gin.Context) {
	s.render(c, http.StatusOK, "register_sent", "", s.base(c, "確認メールを送信しました", ""))
}

// registerConfirmShow is the page of the 仮登録 link: one button. Showing it
// changes nothing (mail scanners open links).
func (s *server) registerConfirmShow(c *gin.Context) error {
	token := c.Query("token")
	ctx, cancel := s.ctx(c)
	defer cancel()
	p, err := s.Store.PendingRegistrationByID(ctx, auth.HashToken(token), s.now(c))
	if errors.Is(err, store.ErrNotFound) || token == "" {
		return registrationLinkGone
	}
	if err != nil {
		return err
	}
	s.render(c, http.StatusOK, "register_confirm", "",
		registerConfirmPage{basePage: s.base(c, "求職者マイページ開設の確認", ""), Token: token, Email: p.Email})
	return nil
}

// registrationLinkGone answers a 仮登録 link that expired or was used.
var registrationLinkGone = problem(http.StatusGone, "このリンクは使用できません",
	"求職者マイページ開設のリンクは、有効期限（24時間）が切れたか、既に使用されています。お手数ですが、求職者マイページ開設の画面からもう一度お申し込みください。既に開設を完了している場合は、ログイン画面からログインしてください。",
	Back{"/register", "求職者マイページ開設へ"})

// registerConfirmSubmit opens the My Page of a pending registration, once,
// links the MyNaPortal identity that asked for it, if any, and signs the
// new seeker in.
func (s *server) registerConfirmSubmit(c *gin.Context) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	now := s.now(c)
	token := c.PostForm("token")
	if token == "" || len(token) > 128 {
		return registrationLinkGone
	}
	p, err := s.Store.TakePendingRegistration(ctx, auth.HashToken(token), now)
	if errors.Is(err, store.ErrNotFound) {
		return registrationLinkGone
	}
	if err != nil {
		return err
	}
	seekerID, err := s.openMyPage(c, p)
	if errors.Is(err, store.ErrDuplicate) {
		// The address proved itself, so saying so tells nobody else anything.
		return problem(http.StatusConflict, "求職者マイページは開設済みです",
			"このメールアドレスの求職者マイページは既に開設されています。ログイン画面からログインしてください。パスワードをお忘れの方は、ログイン画面の「パスワードをお忘れの方」から再設定できます。",
			Back{"/login", "ログイン画面へ"})
	}
	if err != nil {
		// Nothing was opened: the link works again.
		if rerr := s.Store.RestorePendingRegistration(context.WithoutCancel(ctx), p); rerr != nil {
			err = errors.Join(err, rerr)
		}
		return err
	}
	// A My Page asked for from MyNaPortal opens linked, and its first
	// session counts as a MyNaPortal sign-in (its logout shows the note).
	via := auth.ViaPassword
	if p.Identity != nil {
		err := s.Store.CreateLink(ctx, store.Link{ID: store.LinkID(*p.Identity), SeekerID: seekerID, LinkedAt: now})
		if err == nil {
			via = auth.ViaMyNaPortal
		} else {
			// The identity was linked to another My Page meanwhile: this one
			// opens without it, and can be linked later.
			s.Logger.Warn("new My Page not linked", slog.String("seeker", seekerID), slog.Any("err", err))
		}
	}
	if err := s.signIn(c, seekerID, via, noticeWelcome); err != nil {
		return err
	}
	s.redirect(c, "/mypage")
	return nil
}
