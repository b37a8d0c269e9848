package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/seed"
	"github.com/hellowork/mypage/server/store/storetest"
)

// newTestClock makes a test clock at at (RFC 3339) and returns its id and
// time.
func newTestClock(t testing.TB, b *browser, at string) (string, time.Time) {
	t.Helper()
	r := b.post("/__test/clocks", url.Values{"time": {at}})
	expectStatus(t, r, http.StatusCreated)
	var c struct {
		ID  string    `json:"id"`
		Now time.Time `json:"now"`
	}
	if err := json.Unmarshal([]byte(r.Body), &c); err != nil || c.ID == "" {
		t.Fatalf("clock %q: %v", r.Body, err)
	}
	return c.ID, c.Now
}

func readTestClock(t testing.TB, b *browser, id string) (string, time.Time) {
	t.Helper()
	r := b.get("/__test/clocks/" + id)
	expectStatus(t, r, http.StatusOK)
	var c struct {
		ID  string    `json:"id"`
		Now time.Time `json:"now"`
	}
	if err := json.Unmarshal([]byte(r.Body), &c); err != nil {
		t.Fatal(err)
	}
	return c.ID, c.Now
}

// onClock sets the browser's mypage_test_clock cookie.
func (b *browser) onClock(id string) {
	u, _ := url.Parse(b.Base)
	b.Client.Jar.SetCookies(u, []*http.Cookie{{Name: "mypage_test_clock", Value: id, Path: "/"}})
}

// Two seekers on two test clocks: only what is attached to a clock moves
// with it. One clock goes 31 days on — its seeker's session has timed out,
// its withdrawal window has passed — and then 6 years, and its sweep
// deletes that seeker; the other seeker, on the other clock, is untouched.
func TestTestClocksMoveOnlyWhatIsAttached(t *testing.T) {
	a := startApp(t, storetest.New(t))
	api := newBrowser(t, a)
	clockA, startA := newTestClock(t, api, "2026-04-01T09:00:00+09:00")
	clockB, startB := newTestClock(t, api, "2026-04-01T09:00:00+09:00")
	if !startA.Equal(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)) || !startB.Equal(startA) {
		t.Fatalf("clocks start at %v and %v", startA, startB)
	}

	register := func(clock, email string) *browser {
		t.Helper()
		b := newBrowser(t, a)
		b.onClock(clock)
		b.register(a, url.Values{"email": {email}, "password": {"Tokei-Shiken-2026"}, "name": {"時計 試験"},
			"birthdate": {"1990-01-01"}, "agree": {"on"}})
		// 登録日 and 有効期限 come from the seeker's clock, not the wall's.
		expectBody(t, b.get("/mypage/settings/account"), "2026年6月30日")
		return b
	}
	ta := register(clockA, "clock-a@example.jp")
	tb := register(clockB, "clock-b@example.jp")
	expectRedirect(t, ta.post("/mypage/withdraw", nil), "/withdrawn")
	expectRedirect(t, tb.post("/mypage/withdraw", nil), "/withdrawn")

	expectStatus(t, api.post("/__test/clocks/"+clockA+"/advance", url.Values{"by": {"31d"}}), http.StatusOK)
	if _, now := readTestClock(t, api, clockA); !now.Equal(startA.Add(31 * 24 * time.Hour)) {
		t.Errorf("clock A at %v", now)
	}
	// The withdrawal window is read on the seeker's clock, whichever
	// browser asks (these carry no clock cookie).
	fresh := newBrowser(t, a)
	r := fresh.post("/reregister", url.Values{"email": {"clock-a@example.jp"}, "password": {"Tokei-Shiken-2026"}})
	expectStatus(t, r, http.StatusForbidden)
	expectRedirect(t, newBrowser(t, a).post("/reregister", url.Values{"email": {"clock-b@example.jp"}, "password": {"Tokei-Shiken-2026"}}), "/mypage")

	// 6 years on, clock A's sweep deletes seeker A; clock B's finds nothing
	// due, and seeker B still signs in.
	expectStatus(t, api.post("/__test/clocks/"+clockA+"/advance", url.Values{"by": {"2200d"}}), http.StatusOK)
	swept := api.post("/__test/clocks/"+clockA+"/retention", nil)
	expectStatus(t, swept, http.StatusOK)
	if !strings.Contains(swept.Body, `"Seekers":["`) {
		t.Errorf("clock A's sweep: %s", swept.Body)
	}
	sweptB := api.post("/__test/clocks/"+clockB+"/retention", nil)
	expectStatus(t, sweptB, http.StatusOK)
	if !strings.Contains(sweptB.Body, `"Seekers":[]`) {
		t.Errorf("clock B's sweep: %s", sweptB.Body)
	}
	if list, _ := a.Store.SeekersByEmail(t.Context(), "clock-a@example.jp"); len(list) != 0 {
		t.Errorf("seeker A kept: %+v", list)
	}
	expectRedirect(t, newBrowser(t, a).signIn("clock-b@example.jp", "Tokei-Shiken-2026"), "/mypage")
}

// A session lives on its seeker's clock: advancing the clock past the idle
// timeout signs that browser out, and nobody else.
func TestSessionsLiveOnTheSeekersClock(t *testing.T) {
	a := startApp(t, storetest.New(t))
	api := newBrowser(t, a)
	clockA, _ := newTestClock(t, api, "2026-04-01T09:00:00+09:00")
	b := newBrowser(t, a)
	b.onClock(clockA)
	b.register(a, url.Values{"email": {"idle@example.jp"}, "password": {"Tokei-Shiken-2026"}, "name": {"時計 試験"},
		"birthdate": {"1990-01-01"}, "agree": {"on"}})
	// A demo seeker, attached to no clock, signed in from a browser that
	// names clock A: it stays on the wall clock.
	other := newBrowser(t, a)
	other.onClock(clockA)
	expectRedirect(t, other.signIn(demoEmail, demoPassword), "/mypage")

	expectStatus(t, api.post("/__test/clocks/"+clockA+"/advance", url.Values{"by": {"29m"}}), http.StatusOK)
	expectStatus(t, b.get("/mypage"), http.StatusOK)
	expectStatus(t, api.post("/__test/clocks/"+clockA+"/advance", url.Values{"by": {"31m"}}), http.StatusOK)
	expectRedirect(t, b.get("/mypage/activity"), "/login?next=%2Fmypage%2Factivity&notice=timeout")
	expectStatus(t, other.get("/mypage"), http.StatusOK)
}

// 求人検索's 新着 (new=1: 受付 today or the two days before) reads the
// request's clock: on a test clock four days back, the demo postings of
// the days before that clock are new; on the wall clock (the demo's newest
// is four days old) none is.
func TestNewJobsReadTheRequestsClock(t *testing.T) {
	a := startApp(t, storetest.New(t))
	seeded := a.Clock.Now()
	wall := newBrowser(t, a)
	expectBody(t, wall.get("/jobs?new=1"), "条件に合う求人は見つかりませんでした。")

	api := newBrowser(t, a)
	id, at := newTestClock(t, api, seeded.Add(-96*time.Hour).Format(time.RFC3339))
	at = at.In(domain.Tokyo)
	since := time.Date(at.Year(), at.Month(), at.Day()-2, 0, 0, 0, 0, domain.Tokyo)
	want := 0
	for _, j := range seed.Jobs(seeded) {
		if !j.PostedAt.Before(since) {
			want++
		}
	}
	if want == 0 || want == len(seed.Jobs(seeded)) {
		t.Fatalf("the demo postings make no test: %d new of %d", want, len(seed.Jobs(seeded)))
	}
	b := newBrowser(t, a)
	b.onClock(id)
	expectBody(t, b.get("/jobs?new=1"), fmt.Sprintf("%d件中 1～%d件を表示", want, want))
	expectBody(t, b.get("/jobs?new=1", "HX-Request", "true"), fmt.Sprintf("%d件中 1～%d件を表示", want, want))
}
