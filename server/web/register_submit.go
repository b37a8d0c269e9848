package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/clock"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/web/form"
)

// registerSubmit opens a My Page and signs the new seeker in. Invalid input
// shows the form again with a message per field and everything kept but the
// password.
func (s *server) registerSubmit(c *gin.Context) {
	seekerID, f, status, err := s.createSeeker(c, domain.Profile{})
	if err != nil {
		s.serverError(c, err)
		return
	}
	if seekerID == "" {
		s.registerAgain(c, f, status)
		return
	}
	if err := s.signIn(c, seekerID, auth.ViaPassword); err != nil {
		s.serverError(c, err)
		return
	}
	s.redirect(c, "/mypage?welcome=1")
}

// createSeeker reads the registration fields of the request's form and opens
// a My Page, with profile as its first 基本情報. When the input is refused it returns no seeker, the form with
// its messages and the status to show it with.
func (s *server) createSeeker(c *gin.Context, profile domain.Profile) (string, form.Register, int, error) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	offices, err := s.Store.Offices(ctx)
	if err != nil {
		return "", form.Register{}, 0, err
	}
	known := map[string]bool{}
	names := map[string]string{}
	for _, o := range offices {
		known[o.ID] = true
		names[o.ID] = o.Name
	}
	now := s.now(c)
	f := form.ParseRegister(c.Request.PostForm, now.In(domain.Tokyo), known)
	if f.Errors.Any() {
		f.Password = ""
		return "", f, http.StatusUnprocessableEntity, nil
	}
	hash, err := s.Hasher.Hash(ctx, f.Password)
	f.Password = ""
	if err != nil {
		return "", f, 0, err
	}
	seeker := domain.Seeker{
		ID:               newID(),
		Email:            f.Email,
		Name:             f.Name,
		NameKana:         f.NameKana,
		Birthdate:        f.Birthdate,
		OfficeID:         f.Office,
		OfficeName:       names[f.Office],
		RegistrationType: domain.RegisteredOnline,
		RegisteredAt:     now,
		ValidUntil:       domain.InitialValidUntil(now),
		Disclosure:       "非公開",
		Profile:          profile,
		// Registered under a test clock (test mode): attached to it for good.
		TestClockID: clock.ID(c.Request.Context()),
	}
	err = s.Store.CreateSeeker(ctx, seeker, hash)
	if errors.Is(err, store.ErrDuplicate) {
		released, relErr := s.releaseLogin(c, f.Email, now)
		switch {
		case relErr != nil:
			err = relErr
		case released:
			err = s.Store.CreateSeeker(ctx, seeker, hash)
		}
	}
	if errors.Is(err, store.ErrDuplicate) {
		f.Errors["email"] = "このメールアドレスは既に登録されています。ログイン画面からログインしてください。"
		return "", f, http.StatusConflict, nil
	}
	if err != nil {
		return "", f, 0, err
	}
	return seeker.ID, f, 0, nil
}

// releaseLogin frees an e-mail whose account was withdrawn more than 30 days
// ago (rule 3): the old record stays, unreachable, until the retention sweep.
func (s *server) releaseLogin(c *gin.Context, email string, now time.Time) (bool, error) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	login, err := s.Store.LoginByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	old, err := s.Store.SeekerByID(ctx, login.SeekerID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	if err == nil && (!old.Withdrawn() || domain.CanReregister(old.WithdrawnAt, now)) {
		return false, nil
	}
	return true, s.Store.ReleaseLogin(ctx, email, login.SeekerID)
}

func (s *server) registerAgain(c *gin.Context, f form.Register, status int) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	p, err := s.registerPage(ctx, c, f)
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, status, "register", "", p)
}

// newID returns a random 128-bit identifier.
func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
