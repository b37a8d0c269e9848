package web

import (
	"context"
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

// Registration links live 24 hours.
const registrationTTL = 24 * time.Hour

const msgMailThrottled = "お申し込みが続いたため、受付を一時的に制限しています。しばらく時間をおいてから、もう一度お試しください。"

// registerSubmit asks for a My Page. A valid form always answers with
// /register/sent, after the same work, whether or not the address already
// has a My Page: the mail says which. Invalid input shows the form again
// with a message per field and everything kept but the password.
func (s *server) registerSubmit(c *gin.Context) {
	f, status, err := s.requestRegistration(c, nil, nil)
	if err != nil {
		s.serverError(c, err)
		return
	}
	if status != 0 {
		s.registerAgain(c, f, status)
		return
	}
	s.redirect(c, "/register/sent")
}

// requestRegistration reads the registration fields of the request's form
// and, when they are right, mails the address: the 仮登録 link for a new
// address, "this address already has a My Page" otherwise. The attempt is
// reserved in the sign-in throttle (per e-mail and per client address)
// before the password is hashed, and the password is hashed once, into the
// pending registration. identity, when set, is the MyNaPortal identity to
// link when the registration is confirmed, and take, called once the form
// is accepted and before anything is mailed, uses it up (its error ends the
// request). A refused form comes back with the status to show it with.
func (s *server) requestRegistration(c *gin.Context, identity *auth.Identity, take func(context.Context) error) (form.Register, int, error) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	offices, err := s.Store.Offices(ctx)
	if err != nil {
		return form.Register{}, 0, err
	}
	known := map[string]bool{}
	for _, o := range offices {
		known[o.ID] = true
	}
	now := s.now(c)
	f := form.ParseRegister(c.Request.PostForm, now.In(domain.Tokyo), known)
	password := f.Password
	f.Password = ""
	if f.Errors.Any() {
		return f, http.StatusUnprocessableEntity, nil
	}
	email := store.NormalizeEmail(f.Email)
	attempt, ok, err := s.Throttle.Reserve(ctx, email, s.clientKey(c), now)
	if err != nil {
		return f, 0, err
	}
	if !ok {
		f.Errors["form"] = msgMailThrottled
		return f, http.StatusTooManyRequests, nil
	}
	// Each request keeps its attempt: a stranger cannot fill an inbox, nor
	// hash without limit.
	attempt.Failed()
	hash, err := s.Hasher.Hash(ctx, password)
	if errors.Is(err, auth.ErrBusy) {
		c.Header("Retry-After", "5")
		f.Errors["form"] = msgBusy
		return f, http.StatusTooManyRequests, nil
	}
	if err != nil {
		return f, 0, err
	}
	if take != nil {
		if err := take(ctx); err != nil {
			return f, 0, err
		}
	}
	has, err := s.hasMyPage(ctx, email, now)
	if err != nil {
		return f, 0, err
	}
	if has {
		return f, 0, s.Mail.SendAlreadyRegistered(ctx, email)
	}
	token, err := auth.NewToken()
	if err != nil {
		return f, 0, err
	}
	err = s.Store.SavePendingRegistration(ctx, store.PendingRegistration{
		ID: auth.HashToken(token), Email: email, PasswordHash: hash,
		Name: f.Name, NameKana: f.NameKana, Birthdate: f.Birthdate, Office: f.Office,
		CreatedAt: now, ExpiresAt: now.Add(registrationTTL), Identity: identity,
		ClockID: clock.ID(c.Request.Context()),
	})
	if err != nil {
		return f, 0, err
	}
	return f, 0, s.Mail.SendConfirmation(ctx, email, token)
}

// hasMyPage reports whether an address signs in to a My Page, or did until
// a withdrawal that アカウント再登録 can still undo (rule 3). From the 31st
// day after a withdrawal the address is free for a new My Page.
func (s *server) hasMyPage(ctx context.Context, email string, now time.Time) (bool, error) {
	login, err := s.Store.LoginByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	sk, err := s.Store.SeekerByID(ctx, login.SeekerID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return !sk.Withdrawn() || domain.CanReregister(sk.WithdrawnAt, now), nil
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
