package auth_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/store/storetest"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newStore(t *testing.T, c *clock) *auth.SessionStore {
	st := storetest.New(t)
	return auth.NewSessionStore(st.Sessions(), auth.SessionConfig{
		Secret: []byte(strings.Repeat("k", 32)), Idle: 30 * time.Minute, Absolute: 8 * time.Hour, Now: c.now,
	})
}

// signIn saves a fresh session and returns its cookie.
func signIn(t *testing.T, s *auth.SessionStore, seeker string) *http.Cookie {
	t.Helper()
	sess := s.Fresh("mypage_session")
	sess.Values[auth.KeySeekerID] = seeker
	sess.Values[auth.KeyVia] = auth.ViaPassword
	w := httptest.NewRecorder()
	if err := sess.Save(httptest.NewRequest("POST", "/login", nil), w); err != nil {
		t.Fatal(err)
	}
	cookies := w.Result().Cookies()
	if len(cookies) != 1 {
		t.Fatalf("cookies = %v", cookies)
	}
	c := cookies[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
		t.Errorf("cookie flags: %+v", c)
	}
	return c
}

func load(t *testing.T, s *auth.SessionStore, c *http.Cookie) (seeker, state string) {
	t.Helper()
	r := httptest.NewRequest("GET", "/mypage", nil)
	if c != nil {
		r.AddCookie(c)
	}
	sess, err := s.New(r, "mypage_session")
	if err != nil {
		t.Fatal(err)
	}
	seeker, _ = sess.Values[auth.KeySeekerID].(string)
	state, _ = sess.Values[auth.KeyState].(string)
	return seeker, state
}

func TestSessionLifecycle(t *testing.T) {
	c := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	s := newStore(t, c)
	cookie := signIn(t, s, "asu")
	if seeker, _ := load(t, s, cookie); seeker != "asu" {
		t.Fatalf("seeker = %q", seeker)
	}
	// Active every 20 minutes: the idle timeout keeps moving.
	for range 5 {
		c.t = c.t.Add(20 * time.Minute)
		if seeker, _ := load(t, s, cookie); seeker != "asu" {
			t.Fatalf("signed out at %v while active", c.t)
		}
	}
	c.t = c.t.Add(31 * time.Minute)
	if seeker, state := load(t, s, cookie); seeker != "" || state != auth.StateExpired {
		t.Errorf("after 31 idle minutes: seeker %q state %q", seeker, state)
	}
	if _, state := load(t, s, cookie); state != auth.StateEnded {
		t.Errorf("an expired session is removed; then state = %q", state)
	}
}

func TestAbsoluteTimeout(t *testing.T) {
	c := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	s := newStore(t, c)
	cookie := signIn(t, s, "asu")
	for c.t.Before(time.Date(2026, 4, 1, 16, 50, 0, 0, time.UTC)) {
		c.t = c.t.Add(10 * time.Minute)
		if seeker, _ := load(t, s, cookie); seeker != "asu" {
			t.Fatalf("signed out at %v", c.t)
		}
	}
	c.t = time.Date(2026, 4, 1, 17, 0, 0, 0, time.UTC)
	if seeker, state := load(t, s, cookie); seeker != "" || state != auth.StateExpired {
		t.Errorf("after 8 hours: seeker %q state %q", seeker, state)
	}
}

func TestForgedAndMissingCookies(t *testing.T) {
	c := &clock{t: time.Now()}
	s := newStore(t, c)
	if seeker, state := load(t, s, nil); seeker != "" || state != "" {
		t.Errorf("no cookie: %q %q", seeker, state)
	}
	forged := &http.Cookie{Name: "mypage_session", Value: "forged"}
	if seeker, state := load(t, s, forged); seeker != "" || state != auth.StateEnded {
		t.Errorf("forged cookie: %q %q", seeker, state)
	}
}

func TestLogoutDeletesOnTheServer(t *testing.T) {
	c := &clock{t: time.Now()}
	s := newStore(t, c)
	cookie := signIn(t, s, "asu")
	r := httptest.NewRequest("POST", "/logout", nil)
	r.AddCookie(cookie)
	sess, err := s.Get(r, "mypage_session")
	if err != nil {
		t.Fatal(err)
	}
	sess.Options.MaxAge = -1
	w := httptest.NewRecorder()
	if err := sess.Save(r, w); err != nil {
		t.Fatal(err)
	}
	if got := w.Result().Cookies(); len(got) != 1 || got[0].MaxAge >= 0 {
		t.Errorf("the cookie was not expired: %+v", got)
	}
	if seeker, state := load(t, s, cookie); seeker != "" || state != auth.StateEnded {
		t.Errorf("the old cookie replayed: seeker %q state %q", seeker, state)
	}
}

func TestEveryTokenIsNew(t *testing.T) {
	c := &clock{t: time.Now()}
	s := newStore(t, c)
	a, b := signIn(t, s, "asu"), signIn(t, s, "asu")
	if a.Value == b.Value {
		t.Error("two sign-ins got the same cookie")
	}
}
