package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store/storetest"
)

// toLinkPage signs in at the simulator with an unlinked card and stops on
// /mynaportal/link, as person A at a shared PC.
func toLinkPage(t *testing.T, a *app, b *browser) at {
	t.Helper()
	link := b.pinAndConsent(a, b.myNaPortal(a), "345678901234", "3456", "accept")
	if !strings.HasSuffix(link.URL, "/mynaportal/link") {
		t.Fatalf("landed on %s", link.URL)
	}
	expectBody(t, link.response, "新井 翔")
	return link
}

// A MyNaPortal identity waiting to be linked belongs to that attempt only:
// whatever ends the attempt, the next person at the browser sees nothing of
// it and cannot link it to an account of theirs.
func TestPendingIdentityEndsWithItsAttempt(t *testing.T) {
	a := startAppWith(t, storetest.New(t), "sim")
	gone := func(t *testing.T, b *browser) {
		t.Helper()
		r := b.get("/mynaportal/link")
		expectRedirect(t, r, "/login")
		if strings.Contains(r.Body, "新井 翔") {
			t.Error("the identity is shown")
		}
		// Person B tries to link their own account to A's card.
		expectRedirect(t, b.post("/mynaportal/link", url.Values{"action": {"link"}, "email": {"yamada.hanako@example.jp"}, "password": {"Yamada-Hanako-2026"}}), "/login")
	}

	t.Run("logout without a My Page session", func(t *testing.T) {
		b := newBrowser(t, a)
		toLinkPage(t, a, b)
		expectRedirect(t, b.post("/logout", nil), "/")
		gone(t, b)
	})
	t.Run("a sign-in with a password", func(t *testing.T) {
		b := newBrowser(t, a)
		toLinkPage(t, a, b)
		expectRedirect(t, b.signIn("yamada.hanako@example.jp", "Yamada-Hanako-2026"), "/mypage")
		b.post("/logout", nil)
		gone(t, b)
	})
	t.Run("キャンセル", func(t *testing.T) {
		b := newBrowser(t, a)
		link := toLinkPage(t, a, b)
		expectBody(t, link.response, `action="/mynaportal/link/cancel"`, "キャンセル")
		expectRedirect(t, b.post("/mynaportal/link/cancel", nil), "/login?notice=link_cancelled")
		expectBody(t, b.get("/login?notice=link_cancelled"), "マイナポータルとの連携をキャンセルしました。")
		gone(t, b)
	})
	t.Run("after 10 minutes", func(t *testing.T) {
		b := newBrowser(t, a)
		toLinkPage(t, a, b)
		a.Clock.Advance(9 * time.Minute)
		expectStatus(t, b.get("/mynaportal/link"), 200)
		a.Clock.Advance(1 * time.Minute)
		gone(t, b)
		a.Clock.Advance(-10 * time.Minute)
	})
	t.Run("a replayed callback after logout", func(t *testing.T) {
		b := newBrowser(t, a)
		callback := b.callbackURL(a, "345678901234", "3456")
		link := b.follow(b.open(callback.String(), nil))
		if !strings.HasSuffix(link.URL, "/mynaportal/link") {
			t.Fatalf("landed on %s", link.URL)
		}
		b.post("/logout", nil)
		replay := b.open(callback.String(), nil)
		expectStatus(t, replay.response, 400)
		gone(t, b)
	})
	t.Run("used once", func(t *testing.T) {
		b := newBrowser(t, a)
		toLinkPage(t, a, b)
		// Two submits race with the same identity: one asks for a My Page
		// with it, the other finds the identity gone.
		forms := []url.Values{
			{"action": {"new"}, "email": {"arai.first@example.jp"}, "password": {"Arai-Sho-2026"}, "name": {"新井 翔"}, "birthdate": {"1998-07-07"}, "agree": {"on"}},
			{"action": {"new"}, "email": {"arai.second@example.jp"}, "password": {"Arai-Sho-2026"}, "name": {"新井 翔"}, "birthdate": {"1998-07-07"}, "agree": {"on"}},
		}
		results := make([]response, len(forms))
		var wg sync.WaitGroup
		for i, f := range forms {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = b.post("/mynaportal/link", f)
			}()
		}
		wg.Wait()
		linked := 0
		for _, r := range results {
			switch r.Status {
			case http.StatusSeeOther:
				if r.Header.Get("Location") == "/register/sent" {
					linked++
				}
			case http.StatusGone:
				expectBody(t, r, "連携の手続きが終了しています")
			default:
				t.Errorf("status %d", r.Status)
			}
		}
		if linked != 1 {
			t.Errorf("%d submits linked the identity, want 1", linked)
		}
	})
}

// Parallel wrong guesses at one account: at most the limit are checked
// (answered 401), the rest refused before any hash (429).
func TestParallelGuessesCannotPassTheAccountLimit(t *testing.T) {
	for round, guesses := range []struct {
		wrong int
		right bool
	}{{14, false}, {15, true}} {
		a := startApp(t, storetest.New(t))
		statuses := make(chan int, guesses.wrong+1)
		var wg sync.WaitGroup
		start := make(chan struct{})
		try := func(password string) {
			defer wg.Done()
			b := newBrowser(t, a)
			<-start
			statuses <- b.signIn(demoEmail, password).Status
		}
		for range guesses.wrong {
			wg.Add(1)
			go try("wrong-password-1")
		}
		if guesses.right {
			wg.Add(1)
			go try(demoPassword)
		}
		close(start)
		wg.Wait()
		close(statuses)
		count := map[int]int{}
		for s := range statuses {
			count[s]++
		}
		// At most the limit of wrong guesses are ever checked; a right
		// password gives its own reservation back, and nothing else.
		wrong := count[http.StatusUnauthorized]
		if wrong > 5 || wrong == 0 || count[http.StatusSeeOther] > btoi(guesses.right) ||
			count[http.StatusTooManyRequests]+wrong+count[http.StatusSeeOther] != guesses.wrong+btoi(guesses.right) {
			t.Errorf("round %d: answers %v; want at most 5 wrong guesses checked (401), the rest 429", round, count)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Login, re-registration and linking share one budget: a locked account
// gets the same 429 on /reregister, where a right password used to answer
// 「このアカウントは退会していません」.
func TestOneThrottleForEveryPasswordCheck(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	for range 3 {
		expectStatus(t, b.signIn(demoEmail, "wrong-password-1"), 401)
	}
	for range 2 {
		expectStatus(t, b.post("/reregister", url.Values{"email": {demoEmail}, "password": {"wrong-password-1"}}), 401)
	}
	r := b.post("/reregister", url.Values{"email": {demoEmail}, "password": {demoPassword}})
	expectStatus(t, r, 429)
	expectBody(t, r, "一時的に制限しています")
	expectStatus(t, b.signIn(demoEmail, demoPassword), 429)
}

// A sign-in racing a withdrawal never leaves a live session: whatever the
// interleaving, the session of the racing sign-in is dead on its next
// request.
func TestSignInRacingAWithdrawalLeavesNoSession(t *testing.T) {
	st := storetest.New(t)
	a := startApp(t, st)
	ctx := context.Background()
	hash, err := hasher.Hash(ctx, "Race-Seeker-2026")
	if err != nil {
		t.Fatal(err)
	}
	const tries = 60
	survived := 0
	for i := range tries {
		email := fmt.Sprintf("race%d@example.jp", i)
		now := a.Clock.Now()
		sk := domain.Seeker{ID: fmt.Sprintf("race-%d", i), Email: email, Name: "競争 太郎", RegisteredAt: now,
			ValidUntil: domain.InitialValidUntil(now), RegistrationType: domain.RegisteredOnline}
		if err := st.CreateSeeker(ctx, sk, hash); err != nil {
			t.Fatal(err)
		}
		leaving, racing := newBrowser(t, a), newBrowser(t, a)
		expectRedirect(t, leaving.signIn(email, "Race-Seeker-2026"), "/mypage")
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); leaving.post("/mypage/withdraw", nil) }()
		go func() { defer wg.Done(); racing.signIn(email, "Race-Seeker-2026") }()
		wg.Wait()
		if r := racing.get("/mypage/settings/basic"); r.Status == http.StatusOK {
			survived++
		}
		if r := racing.get("/mypage"); r.Status == http.StatusOK {
			t.Fatalf("try %d: the session lives on after a second request", i)
		}
	}
	if survived > 0 {
		t.Errorf("%d of %d racing sign-ins kept a live session after the withdrawal", survived, tries)
	}
}

// X-Forwarded-For names the client only when a trusted proxy sent it; IPv6
// clients count per /64.
func TestClientAddressBehindTrustedProxies(t *testing.T) {
	st := storetest.New(t)
	a := startAppOpts(t, st, appOpts{TrustedProxies: []string{"127.0.0.0/8"}})
	b := newBrowser(t, a)
	// 30 failures from one client behind the balancer lock that client only.
	for i := range 30 {
		b.post("/login", url.Values{"email": {fmt.Sprintf("guess%d@example.jp", i)}, "password": {"wrong-password-1"}}, "X-Forwarded-For", "198.51.100.7")
	}
	expectStatus(t, b.post("/login", url.Values{"email": {demoEmail}, "password": {demoPassword}}, "X-Forwarded-For", "198.51.100.7"), 429)
	expectRedirect(t, b.post("/login", url.Values{"email": {demoEmail}, "password": {demoPassword}}, "X-Forwarded-For", "198.51.100.8"), "/mypage")

	// One IPv6 subscriber (a /64) is one client.
	for i := range 30 {
		b.post("/login", url.Values{"email": {fmt.Sprintf("v6guess%d@example.jp", i)}, "password": {"wrong-password-1"}}, "X-Forwarded-For", fmt.Sprintf("2001:db8:1:2::%x", i+1))
	}
	expectStatus(t, b.post("/login", url.Values{"email": {demoEmail}, "password": {demoPassword}}, "X-Forwarded-For", "2001:db8:1:2:ffff::1"), 429)
	expectRedirect(t, newBrowser(t, a).post("/login", url.Values{"email": {demoEmail}, "password": {demoPassword}}, "X-Forwarded-For", "2001:db8:1:3::1"), "/mypage")
}

// Without trusted proxies, a client's own X-Forwarded-For changes nothing:
// it cannot step around the per-address limit.
func TestSpoofedForwardedForIsIgnored(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	for i := range 30 {
		b.post("/login", url.Values{"email": {fmt.Sprintf("guess%d@example.jp", i)}, "password": {"wrong-password-1"}}, "X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i+1))
	}
	expectStatus(t, b.post("/login", url.Values{"email": {demoEmail}, "password": {demoPassword}}, "X-Forwarded-For", "203.0.113.200"), 429)
}

// Under https every cookie is __Host- prefixed and Secure, and HSTS is sent.
func TestHTTPSCookiesAndHSTS(t *testing.T) {
	a := startAppOpts(t, storetest.New(t), appOpts{Issuer: "sim", Secure: true})
	b := newBrowser(t, a)
	r := b.get("/login/mynaportal")
	expectStatus(t, r, http.StatusSeeOther)
	r2 := b.post("/logout", nil)
	if h := r.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(h, "max-age=") {
		t.Errorf("Strict-Transport-Security = %q", h)
	}
	cookies := append(r.Header.Values("Set-Cookie"), r2.Header.Values("Set-Cookie")...)
	if len(cookies) < 3 {
		t.Fatalf("cookies: %q", cookies)
	}
	for _, c := range cookies {
		if !strings.HasPrefix(c, "__Host-") || !strings.Contains(c, "; Secure") || !strings.Contains(c, "Path=/") || !strings.Contains(c, "HttpOnly") {
			t.Errorf("cookie %q is not a __Host- Secure HttpOnly cookie", c)
		}
	}
	// Over plain http there is no HSTS.
	plain := startApp(t, storetest.New(t))
	if h := newBrowser(t, plain).get("/").Header.Get("Strict-Transport-Security"); h != "" {
		t.Errorf("HSTS over http: %q", h)
	}
}
