package auth_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hellowork/mypage/auth"
)

// publicID is the session's own identifier as a request on cookie sees it.
func publicID(t *testing.T, s *auth.SessionStore, c *http.Cookie) string {
	t.Helper()
	r := httptest.NewRequest("GET", "/mypage", nil)
	r.AddCookie(c)
	sess, err := s.New(r, "mypage_session")
	if err != nil {
		t.Fatal(err)
	}
	id, _ := sess.Values[auth.KeySessionID].(string)
	return id
}

func TestSessionsOfASeekerAreListedAndEnded(t *testing.T) {
	c := &clock{t: time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)}
	s := newStore(t, c)
	ctx := context.Background()
	pc := signIn(t, s, "asu")
	c.t = c.t.Add(time.Minute)
	phone := signIn(t, s, "asu")
	c.t = c.t.Add(time.Minute)
	tablet := signIn(t, s, "asu")
	other := signIn(t, s, "hanako")

	live, err := s.LiveSessionsOf(ctx, "asu")
	if err != nil {
		t.Fatal(err)
	}
	if len(live) != 3 || live[0].PublicID != publicID(t, s, tablet) {
		t.Fatalf("live sessions %+v, want 3, newest use first", live)
	}
	for _, rec := range live {
		if len(rec.PublicID) != 22 || rec.PublicID == rec.ID {
			t.Errorf("public id %q", rec.PublicID)
		}
	}

	// Another seeker's session is not found by its id.
	if err := s.End(ctx, "asu", publicID(t, s, other)); !errors.Is(err, auth.ErrSessionNotFound) {
		t.Errorf("ending another seeker's session: %v", err)
	}
	if err := s.End(ctx, "asu", ""); !errors.Is(err, auth.ErrSessionNotFound) {
		t.Errorf("ending an empty id: %v", err)
	}
	if seeker, _ := load(t, s, other); seeker != "hanako" {
		t.Error("another seeker's session ended")
	}

	if err := s.End(ctx, "asu", publicID(t, s, phone)); err != nil {
		t.Fatal(err)
	}
	if seeker, state := load(t, s, phone); seeker != "" || state != auth.StateEndedElsewhere {
		t.Errorf("the ended browser: seeker %q state %q", seeker, state)
	}

	var pcToken string
	{
		r := httptest.NewRequest("GET", "/mypage", nil)
		r.AddCookie(pc)
		sess, _ := s.New(r, "mypage_session")
		pcToken = sess.ID
	}
	n, err := s.EndOthersOf(ctx, "asu", pcToken)
	if err != nil || n != 1 {
		t.Errorf("ended %d others, err %v; want 1", n, err)
	}
	if seeker, _ := load(t, s, pc); seeker != "asu" {
		t.Error("the keeping browser was ended")
	}
	if _, state := load(t, s, tablet); state != auth.StateEndedElsewhere {
		t.Errorf("the tablet: state %q", state)
	}
	if seeker, _ := load(t, s, other); seeker != "hanako" {
		t.Error("another seeker's session ended")
	}

	// An expired session is not listed.
	c.t = c.t.Add(31 * time.Minute)
	if live, _ := s.LiveSessionsOf(ctx, "asu"); len(live) != 0 {
		t.Errorf("expired sessions listed: %+v", live)
	}
}
