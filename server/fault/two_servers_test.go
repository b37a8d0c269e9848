package fault_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFaultTwoServersOnOneStore runs two server processes on one store with
// one session secret: a session made on one works on the other, a logout
// on either ends it on both at once, and so does a withdrawal, after which
// neither signs the seeker in.
func TestFaultTwoServersOnOneStore(t *testing.T) {
	t.Parallel()
	ts, db, _ := newDB(t)
	a := startServer(t, serverOptions{store: ts, db: db}) // seeds first
	b := startServer(t, serverOptions{store: ts, db: db})

	onA := newBrowser(t, a.URL)
	onA.signIn(t, yamadaEmail, yamadaPassword)
	onB := onA.on(t, b.URL)
	if home := onB.get(t, "/mypage"); home.Status != http.StatusOK || !strings.Contains(home.Body, "山田 花子") {
		t.Fatalf("A's session on B: %d %q", home.Status, home.Location)
	}
	expect(t, "logout on B", onB.post(t, "/logout", nil), http.StatusSeeOther, "/")
	expect(t, "A after the logout on B", onA.get(t, "/mypage"), http.StatusSeeOther, "/login?next=%2Fmypage")

	onA = newBrowser(t, a.URL)
	onA.signIn(t, yamadaEmail, yamadaPassword)
	sameOnB := onA.on(t, b.URL)
	expect(t, "A's new session on B", sameOnB.get(t, "/mypage"), http.StatusOK, "")
	ownOnB := newBrowser(t, b.URL)
	ownOnB.signIn(t, yamadaEmail, yamadaPassword)

	expect(t, "withdrawal on A", onA.post(t, "/mypage/withdraw", nil), http.StatusSeeOther, "/withdrawn")
	expect(t, "A's session on B after the withdrawal", sameOnB.get(t, "/mypage"), http.StatusSeeOther, "/login?next=%2Fmypage")
	expect(t, "B's own session after the withdrawal on A", ownOnB.get(t, "/mypage"), http.StatusSeeOther, "/login?next=%2Fmypage")
	for _, srv := range []*proc{b, a} {
		fresh := newBrowser(t, srv.URL)
		r := fresh.post(t, "/login", url.Values{"email": {yamadaEmail}, "password": {yamadaPassword}})
		if r.Status != http.StatusForbidden || fresh.cookie() != nil || fresh.get(t, "/mypage").Status != http.StatusSeeOther {
			t.Errorf("sign-in on %s after the withdrawal: %d %q", srv.URL, r.Status, r.Location)
		}
	}
}
