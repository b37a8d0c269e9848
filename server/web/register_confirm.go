package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/domain"
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
func (s *server) registerConfirmShow(c *gin.Context) {
	token := c.Query("token")
	ctx, cancel := s.ctx(c)
	defer cancel()
	p, err := s.Store.PendingRegistrationByID(ctx, auth.HashToken(token), s.now(c))
	if errors.Is(err, store.ErrNotFound) || token == "" {
		s.registrationLinkGone(c)
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "register_confirm", "",
		registerConfirmPage{basePage: s.base(c, "求職者マイページ開設の確認", ""), Token: token, Email: p.Email})
}

// registrationLinkGone answers a 仮登録 link that expired or was used.
func (s *server) registrationLinkGone(c *gin.Context) {
	s.errorPageBack(c, http.StatusGone, "このリンクは使用できません",
		"求職者マイページ開設のリンクは、有効期限（24時間）が切れたか、既に使用されています。お手数ですが、求職者マイページ開設の画面からもう一度お申し込みください。既に開設を完了している場合は、ログイン画面からログインしてください。",
		"/register", "求職者マイページ開設へ")
}

// registerConfirmSubmit opens the My Page of a pending registration, once,
// links the MyNaPortal identity that asked for it, if any, and signs the
// new seeker in.
func (s *server) registerConfirmSubmit(c *gin.Context) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	now := s.now(c)
	token := c.PostForm("token")
	if token == "" || len(token) > 128 {
		s.registrationLinkGone(c)
		return
	}
	p, err := s.Store.TakePendingRegistration(ctx, auth.HashToken(token), now)
	if errors.Is(err, store.ErrNotFound) {
		s.registrationLinkGone(c)
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	seekerID, err := s.openMyPage(c, p)
	if errors.Is(err, store.ErrDuplicate) {
		// The address proved itself, so saying so tells nobody else anything.
		s.errorPageBack(c, http.StatusConflict, "求職者マイページは開設済みです",
			"このメールアドレスの求職者マイページは既に開設されています。ログイン画面からログインしてください。パスワードをお忘れの方は、ログイン画面の「パスワードをお忘れの方」から再設定できます。",
			"/login", "ログイン画面へ")
		return
	}
	if err != nil {
		// Nothing was opened: the link works again.
		if rerr := s.Store.RestorePendingRegistration(context.WithoutCancel(ctx), p); rerr != nil {
			err = errors.Join(err, rerr)
		}
		s.serverError(c, err)
		return
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
	if err := s.signIn(c, seekerID, via); err != nil {
		s.serverError(c, err)
		return
	}
	s.redirect(c, "/mypage?welcome=1")
}

// openMyPage stores the seeker and login of a confirmed registration.
// ErrDuplicate: the address has a My Page.
func (s *server) openMyPage(c *gin.Context, p store.PendingRegistration) (string, error) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	offices, err := s.Store.Offices(ctx)
	if err != nil {
		return "", err
	}
	officeName := ""
	for _, o := range offices {
		if o.ID == p.Office {
			officeName = o.Name
		}
	}
	if err := s.onClock(c, p.ClockID); err != nil {
		return "", err
	}
	now := s.now(c)
	seeker := domain.Seeker{
		ID:               newID(),
		Email:            p.Email,
		Name:             p.Name,
		NameKana:         p.NameKana,
		Birthdate:        p.Birthdate,
		OfficeID:         p.Office,
		OfficeName:       officeName,
		RegistrationType: domain.RegisteredOnline,
		RegisteredAt:     now,
		ValidUntil:       domain.InitialValidUntil(now),
		Disclosure:       "非公開",
		// Asked for under a test clock (test mode): attached to it for good.
		TestClockID: p.ClockID,
	}
	if p.Identity != nil {
		// The address MyNaPortal provided becomes 基本情報's 住所.
		seeker.Profile.Address = carriedAddress(p.Identity.Address)
	}
	err = s.Store.CreateSeeker(ctx, seeker, p.PasswordHash)
	if errors.Is(err, store.ErrDuplicate) {
		released, relErr := s.releaseLogin(c, p.Email, now)
		switch {
		case relErr != nil:
			err = relErr
		case released:
			err = s.Store.CreateSeeker(ctx, seeker, p.PasswordHash)
		}
	}
	if err != nil {
		return "", err
	}
	return seeker.ID, nil
}
