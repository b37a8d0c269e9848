package web

import (
	"slices"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/sessions"
	"github.com/hellowork/mypage/auth"
)

// The request's session, typed. gorilla/sessions keeps values as any; these
// are the only places that read them, so a handler asks for what it means
// (the seeker, how the session signed in, why it ended) and never
// type-asserts a session value or names the context key.

// ctxSession is where loadSession keeps the request's session.
const ctxSession = "session"

// sessionValues is the typed view of a session.
type sessionValues struct{ sess *sessions.Session }

func (s *server) sessionOf(c *gin.Context) sessionValues {
	v, _ := c.Get(ctxSession)
	sess, _ := v.(*sessions.Session)
	return sessionValues{sess}
}

func (v sessionValues) str(key string) string {
	if v.sess == nil {
		return ""
	}
	s, _ := v.sess.Values[key].(string)
	return s
}

// live reports whether the browser names a session that still exists.
func (v sessionValues) live() bool { return v.sess != nil && !v.sess.IsNew }

// SeekerID is the signed-in seeker, or "".
func (v sessionValues) SeekerID() string {
	if !v.live() {
		return ""
	}
	return v.str(auth.KeySeekerID)
}

// Via is how the session signed in: auth.ViaPassword or auth.ViaMyNaPortal.
func (v sessionValues) Via() string { return v.str(auth.KeyVia) }

// ID is the session's own identifier, shown on ログイン中の端末.
func (v sessionValues) ID() string { return v.str(auth.KeySessionID) }

// State says why a browser's session is gone (auth.StateExpired,
// auth.StateEnded, auth.StateEndedElsewhere), or "".
func (v sessionValues) State() string { return v.str(auth.KeyState) }

// Clock is the test clock the session lives on (test mode), or "".
func (v sessionValues) Clock() string { return v.str(auth.KeyClock) }

// startValues fills a fresh session for a sign-in, with the notice its
// first page says, if any.
func startValues(sess *sessions.Session, seekerID, via, clockID, device, browser string, n notice) {
	sess.Values[auth.KeySeekerID] = seekerID
	sess.Values[auth.KeyVia] = via
	sess.Values[auth.KeyDevice], sess.Values[auth.KeyBrowser] = device, browser
	if clockID != "" {
		sess.Values[auth.KeyClock] = clockID
	}
	if n != "" {
		sess.Values[keyFlash] = string(n)
	}
}

// A notice is said once, on the next page that shows its kind, and not
// after a reload: a flash message of the session. The session store keeps
// string values only, so a notice is one value (keyFlash), not gorilla's
// list of flashes.
type notice string

const (
	noticeWelcome  notice = "welcome"  // 求職者マイページ開設 done (home)
	noticeRestored notice = "restored" // アカウント再登録 done (home)
	noticeLinked   notice = "linked"   // MyNaPortal linked (home)
	noticeSaved    notice = "saved"    // a settings tab saved (求職者情報・設定)
)

const keyFlash = "flash"

// Flash is the notice waiting to be said, or "".
func (v sessionValues) Flash() notice { return notice(v.str(keyFlash)) }

// flash keeps n for the next page that shows it.
func (s *server) flash(c *gin.Context, n notice) error {
	sess := s.session(c)
	if sess == nil {
		return nil
	}
	sess.Values[keyFlash] = string(n)
	return sess.Save(c.Request, c.Writer)
}

// takeFlash returns the waiting notice when it is one of kinds, and forgets
// it; any other notice waits for its own page.
func (s *server) takeFlash(c *gin.Context, kinds ...notice) (notice, error) {
	v := s.sessionOf(c)
	n := v.Flash()
	if n == "" || !v.live() || !slices.Contains(kinds, n) {
		return "", nil
	}
	delete(v.sess.Values, keyFlash)
	return n, v.sess.Save(c.Request, c.Writer)
}
