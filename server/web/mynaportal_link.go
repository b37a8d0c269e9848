package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/web/form"
)

type linkPage struct {
	basePage
	Identity auth.Identity
	Link     form.Login
	New      form.Register
	Offices  []domain.Office
	Error    string
}

// myNaPortalLinkCancel is 「キャンセル」: the pending identity is forgotten
// at once, and the browser goes back to ログイン.
func (s *server) myNaPortalLinkCancel(c *gin.Context) {
	if err := s.endPendingIdentity(c); err != nil {
		s.serverError(c, err)
		return
	}
	s.redirect(c, "/login?notice=link_cancelled")
}

// endPendingIdentity forgets the identity this browser holds for linking,
// if any: at logout, at any sign-in and at 「キャンセル」 (rule 7).
func (s *server) endPendingIdentity(c *gin.Context) error {
	token := s.cookie(c, cookieLink)
	if token == "" {
		return nil
	}
	s.clearCookie(c, cookieLink)
	ctx, cancel := s.ctx(c)
	defer cancel()
	return s.Store.RemovePendingIdentity(ctx, auth.HashToken(token))
}

// linkGone is the answer to a link whose identity was cancelled, expired,
// or used; the browser's cookie naming it is cleared.
func (s *server) linkGone(c *gin.Context) error {
	s.clearCookie(c, cookieLink)
	return problem(http.StatusGone, "連携の手続きが終了しています",
		"マイナポータルとの連携の手続きは、キャンセルされたか、有効期限（10分）が切れたか、既に完了しています。お手数ですが、ログイン画面からもう一度やり直してください。",
		Back{"/login", "ログイン画面へ"})
}

// pendingIdentity loads the identity this browser verified at MyNaPortal.
// Without one it answers with a redirect to /login and returns false.
func (s *server) pendingIdentity(c *gin.Context) (store.PendingIdentity, bool) {
	token := s.cookie(c, cookieLink)
	ctx, cancel := s.ctx(c)
	defer cancel()
	if token == "" {
		s.redirect(c, "/login")
		return store.PendingIdentity{}, false
	}
	p, err := s.Store.PendingIdentityByID(ctx, auth.HashToken(token), s.now(c))
	if errors.Is(err, store.ErrNotFound) {
		s.clearCookie(c, cookieLink)
		s.redirect(c, "/login")
		return p, false
	}
	if err != nil {
		s.serverError(c, err)
		return p, false
	}
	return p, true
}

func (s *server) linkPage(ctx context.Context, c *gin.Context, p store.PendingIdentity) (linkPage, error) {
	offices, err := s.Store.Offices(ctx)
	page := linkPage{basePage: s.base(c, "マイナポータルとの連携", ""), Identity: p.Identity, Offices: offices,
		Link: form.Login{Errors: form.Errors{}},
		New:  form.Register{Errors: form.Errors{}, Name: p.Identity.Name, NameKana: p.Identity.NameKana, Birthdate: p.Identity.Birthdate}}
	return page, err
}

// myNaPortalLinkShow is the first MyNaPortal sign-in: link an existing My
// Page by its password, or open a new one with the claims filled in.
func (s *server) myNaPortalLinkShow(c *gin.Context) {
	p, ok := s.pendingIdentity(c)
	if !ok {
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	page, err := s.linkPage(ctx, c, p)
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "mynaportal_link", "", page)
}

// myNaPortalLinkSubmit links by password (action=link) or opens a new My
// Page (action=new). Never by matching e-mail: only the password proves the
// account.
func (s *server) myNaPortalLinkSubmit(c *gin.Context) error {
	p, ok := s.pendingIdentity(c)
	if !ok {
		return nil
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	page, err := s.linkPage(ctx, c, p)
	if err != nil {
		return err
	}
	var seekerID string
	switch c.PostForm("action") {
	case "link":
		seekerID, err = s.linkExisting(c, &page)
	case "new":
		if err = s.linkNew(c, &page, p); err == nil {
			s.redirect(c, "/register/sent")
			return nil
		}
	default:
		err = formProblem(http.StatusBadRequest, "操作を選択してください。")
	}
	if s.showOnForm(c, err, "mynaportal_link", func(msg string) any { page.Error = msg; return page }) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.checkSignIn(c, seekerID); err != nil {
		return err
	}
	// The identity is used once: whoever takes it first links it.
	if _, err := s.Store.TakePendingIdentity(ctx, p.ID, s.now(c)); errors.Is(err, store.ErrNotFound) {
		return s.linkGone(c)
	} else if err != nil {
		return err
	}
	err = s.Store.CreateLink(ctx, store.Link{ID: store.LinkID(p.Identity), SeekerID: seekerID, LinkedAt: s.now(c)})
	if errors.Is(err, store.ErrAlreadyLinked) || errors.Is(err, store.ErrDuplicate) {
		// Not linked: the identity waits again, for another choice.
		if err := s.Store.SavePendingIdentity(context.WithoutCancel(ctx), p); err != nil {
			return err
		}
	}
	switch {
	case errors.Is(err, store.ErrAlreadyLinked):
		page.Error = "このマイページは、既に別のマイナポータルの利用者と連携しています。連携を解除してからやり直してください。"
		s.render(c, http.StatusConflict, "mynaportal_link", "", page)
		return nil
	case errors.Is(err, store.ErrDuplicate):
		page.Error = "このマイナポータルの利用者は、既に別のマイページと連携しています。"
		s.render(c, http.StatusConflict, "mynaportal_link", "", page)
		return nil
	case err != nil:
		return err
	}
	if sk, err := s.Store.SeekerByID(ctx, seekerID); err == nil {
		s.notify(ctx, "linked", seekerID, func(ctx context.Context) error { return s.Mail.SendLinked(ctx, sk.Email) })
	}
	// The home says the link is done; a sign-in on its way elsewhere goes
	// there without the notice.
	n := noticeLinked
	if p.Next != "" {
		n = ""
	}
	if err := s.signIn(c, seekerID, auth.ViaMyNaPortal, n); err != nil {
		return err
	}
	s.redirect(c, orDefault(p.Next, "/mypage"))
	return nil
}

// linkExisting checks the e-mail and password of an existing My Page,
// throttled like sign-in, and returns its seeker; a refusal is a Problem
// for the form.
func (s *server) linkExisting(c *gin.Context, page *linkPage) (string, error) {
	f := form.ParseLogin(c.Request.PostForm)
	page.Link = f
	if f.Errors.Any() {
		return "", formProblem(http.StatusUnprocessableEntity, "")
	}
	return s.checkPassword(c, f.Email, f.Password)
}

// linkNew asks for a new My Page for the pending identity through the same
// confirmation by mail as 求職者マイページ開設: the identity is used up here
// and travels with the registration, to be linked when its link is
// followed. A refusal of the form is a Problem for it.
func (s *server) linkNew(c *gin.Context, page *linkPage, p store.PendingIdentity) error {
	identity := p.Identity
	// The identity is used once: whoever takes it first asks for the My Page.
	take := func(ctx context.Context) error {
		_, err := s.Store.TakePendingIdentity(ctx, p.ID, s.now(c))
		return err
	}
	f, err := s.requestRegistration(c, &identity, take)
	page.New = f
	if errors.Is(err, store.ErrNotFound) {
		return s.linkGone(c)
	}
	if err != nil {
		return err
	}
	// The identity now waits in the registration: this browser's is gone.
	s.clearCookie(c, cookieLink)
	return nil
}

// carriedAddress is the provider's address when 基本情報 would accept it as
// typed in (form.ParseBasic), else nothing: the seeker can enter it there.
func carriedAddress(a string) string {
	v := url.Values{"name": {"-"}, "address": {a}}
	f := form.ParseBasic(v)
	if f.Errors["address"] != "" {
		return ""
	}
	return f.Values["address"]
}
