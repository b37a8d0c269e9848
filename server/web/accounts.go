package web

import (
	"context"
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

// Sign-in, password checks and account creation, shared by the four flows
// that prove or open an account: ログイン, アカウント再登録, 求職者マイページ開設
// and the first MyNaPortal sign-in.

const (
	msgBadCredentials = "メールアドレスまたはパスワードが正しくありません。"
	msgThrottled      = "ログインに続けて失敗したため、ログインを一時的に制限しています。しばらく時間をおいてから、もう一度お試しください。"
	msgBusy           = "ただいまログインが集中しています。しばらく時間をおいてから、もう一度お試しください。"
)

// checkPassword proves an account by its e-mail and password. Every flow
// that checks a password shares one budget per account and one per client
// address, and the attempt is reserved before the hash, so parallel guesses
// cannot pass the limit. An unknown e-mail and a wrong password get the
// same answer after the same work. A refusal is a Problem for the form.
func (s *server) checkPassword(c *gin.Context, email, password string) (seekerID string, err error) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	email = domain.NormalizeEmail(email)
	attempt, ok, err := s.Throttle.Reserve(ctx, email, s.clientKey(c), s.now(c))
	if err != nil {
		return "", err
	}
	if !ok {
		return "", formProblem(http.StatusTooManyRequests, msgThrottled)
	}
	login, err := s.Store.LoginByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", errors.Join(err, attempt.Cancel(context.WithoutCancel(ctx)))
	}
	ok, err = s.Hasher.Verify(ctx, login.PasswordHash, password)
	if errors.Is(err, auth.ErrBusy) {
		if err := attempt.Cancel(context.WithoutCancel(ctx)); err != nil {
			return "", err
		}
		c.Header("Retry-After", "5")
		return "", formProblem(http.StatusTooManyRequests, msgBusy)
	}
	if err != nil {
		return "", errors.Join(err, attempt.Cancel(context.WithoutCancel(ctx)))
	}
	if !ok {
		attempt.Failed()
		s.recordFailedLogin(c, login.SeekerID)
		return "", formProblem(http.StatusUnauthorized, msgBadCredentials)
	}
	return login.SeekerID, attempt.Succeeded(ctx)
}

// clientKey is the client address the throttle counts: the TCP peer, or
// the address a trusted proxy put in X-Forwarded-For; IPv6 per /64.
func (s *server) clientKey(c *gin.Context) string { return auth.ClientKey(c.ClientIP()) }

// checkSignIn says why the seeker may not sign in (withdrawn, or gone), or
// nil when they may.
func (s *server) checkSignIn(c *gin.Context, seekerID string) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	seeker, err := s.Store.SeekerByID(ctx, seekerID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return problem(http.StatusForbidden, "ログインできません", msgBadCredentials, Back{"/login", "ログイン画面へ"})
	case err != nil:
		return err
	case seeker.Withdrawn():
		return problem(http.StatusForbidden, "退会済みのアカウントです",
			"このアカウントは求職者マイページを退会しているため、ログインできません。退会後30日以内であれば、「アカウント再登録」から以前のメールアドレスとパスワードで利用を再開できます。",
			Back{"/reregister", "アカウント再登録へ"})
	}
	return nil
}

// signIn ends the request's current session, if any, and any MyNaPortal
// identity this browser holds for linking, and starts a new session with a
// new token; n is the notice its first page says, if any.
func (s *server) signIn(c *gin.Context, seekerID, via string, n notice) error {
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
	startValues(sess, seekerID, via, clockID, device, browser, n)
	if err := sess.Save(c.Request, c.Writer); err != nil {
		return err
	}
	c.Set(ctxSession, sess)
	e := s.loginEvent(c, via, true)
	// One read of ログイン履歴 serves both: the history before this sign-in
	// tells whether its device is new.
	if before, ok := s.recordLogin(c.Request.Context(), seekerID, e); ok {
		s.noticeNewDevice(c, seekerID, e, before)
	}
	return nil
}

// requestRegistration reads the registration fields of the request's form
// and, when they are right, mails the address: the 仮登録 link for a new
// address, "this address already has a My Page" otherwise. The attempt is
// reserved in the sign-in throttle (per e-mail and per client address)
// before the password is hashed, and the password is hashed once, into the
// pending registration. identity, when set, is the MyNaPortal identity to
// link when the registration is confirmed, and take, called once the form
// is accepted and before anything is mailed, uses it up (its error ends the
// request). A refused form comes back with a Problem for the form (its
// Message empty when the fields say what is wrong).
func (s *server) requestRegistration(c *gin.Context, identity *auth.Identity, take func(context.Context) error) (form.Register, error) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	offices, err := s.Store.Offices(ctx)
	if err != nil {
		return form.Register{}, err
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
		return f, formProblem(http.StatusUnprocessableEntity, "")
	}
	email := domain.NormalizeEmail(f.Email)
	attempt, ok, err := s.Throttle.Reserve(ctx, email, s.clientKey(c), now)
	if err != nil {
		return f, err
	}
	if !ok {
		f.Errors["form"] = msgMailThrottled
		return f, formProblem(http.StatusTooManyRequests, msgMailThrottled)
	}
	// Each request keeps its attempt: a stranger cannot fill an inbox, nor
	// hash without limit.
	attempt.Failed()
	hash, err := s.Hasher.Hash(ctx, password)
	if errors.Is(err, auth.ErrBusy) {
		c.Header("Retry-After", "5")
		f.Errors["form"] = msgBusy
		return f, formProblem(http.StatusTooManyRequests, msgBusy)
	}
	if err != nil {
		return f, err
	}
	if take != nil {
		if err := take(ctx); err != nil {
			return f, err
		}
	}
	has, err := s.hasMyPage(ctx, email, now)
	if err != nil {
		return f, err
	}
	if has {
		return f, s.Mail.SendAlreadyRegistered(ctx, email)
	}
	token, err := auth.NewToken()
	if err != nil {
		return f, err
	}
	err = s.Store.SavePendingRegistration(ctx, store.PendingRegistration{
		ID: auth.HashToken(token), Email: email, PasswordHash: hash,
		Name: f.Name, NameKana: f.NameKana, Birthdate: f.Birthdate, Office: f.Office,
		CreatedAt: now, ExpiresAt: now.Add(registrationTTL), Identity: identity,
		ClockID: clock.ID(c.Request.Context()),
	})
	if err != nil {
		return f, err
	}
	return f, s.Mail.SendConfirmation(ctx, email, token)
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
	return sk.KeepsLogin(now), nil
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
	if err == nil && old.KeepsLogin(now) {
		return false, nil
	}
	return true, s.Store.ReleaseLogin(ctx, email, login.SeekerID)
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
