package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/store/storetest"
)

// mailsTo returns the mails of the outbox to an address, newest first.
func (a *app) mailsTo(t testing.TB, to string) []store.OutboxMail {
	t.Helper()
	all, err := a.Store.RecentMails(t.Context(), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []store.OutboxMail
	for _, m := range all {
		if m.To == domain.NormalizeEmail(to) {
			out = append(out, m)
		}
	}
	return out
}

// lastMail is the newest mail to an address.
func (a *app) lastMail(t testing.TB, to string) store.OutboxMail {
	t.Helper()
	ms := a.mailsTo(t, to)
	if len(ms) == 0 {
		t.Fatalf("no mail to %s", to)
	}
	return ms[0]
}

// linkToken is the token of the link to path in a mail body.
func linkToken(t testing.TB, a *app, body, path string) string {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(a.URL+path) + `\?token=([A-Za-z0-9_\-%]+)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link to %s in:\n%s", path, body)
	}
	tok, _ := url.QueryUnescape(m[1])
	return tok
}

// register asks for a My Page and follows the link of the 仮登録 mail: the
// browser ends signed in.
func (b *browser) register(a *app, form url.Values) {
	b.t.Helper()
	expectRedirect(b.t, b.post("/register", form), "/register/sent")
	tok := linkToken(b.t, a, a.lastMail(b.t, form.Get("email")).Body, "/register/confirm")
	expectStatus(b.t, b.get("/register/confirm?token="+url.QueryEscape(tok)), http.StatusOK)
	expectRedirect(b.t, b.post("/register/confirm", url.Values{"token": {tok}}), "/mypage")
}

func TestRegistrationProvesTheAddress(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	ok := url.Values{"email": {"New@Example.jp"}, "password": {"Shinki-Taro-2026"}, "name": {"新規 太郎"}, "birthdate": {"1990-04-01"}, "agree": {"on"}}
	expectRedirect(t, b.post("/register", ok), "/register/sent")
	expectBody(t, b.get("/register/sent"), "確認メールを送信しました", "メールが届かない場合")
	// Nothing is opened yet.
	if _, err := a.Store.LoginByEmail(t.Context(), "new@example.jp"); err != store.ErrNotFound {
		t.Fatalf("a login before confirmation: %v", err)
	}
	m := a.lastMail(t, "new@example.jp")
	if !strings.Contains(m.Subject, "仮登録") || !strings.Contains(m.Body, "24時間") {
		t.Errorf("mail: %s\n%s", m.Subject, m.Body)
	}
	tok := linkToken(t, a, m.Body, "/register/confirm")
	// The token is not stored, only its hash.
	if strings.Contains(tok, "@") || len(tok) < 40 {
		t.Errorf("weak token %q", tok)
	}
	// A GET, twice, changes nothing.
	for range 2 {
		r := b.get("/register/confirm?token=" + url.QueryEscape(tok))
		expectStatus(t, r, http.StatusOK)
		expectBody(t, r, "求職者マイページを開設する", "new@example.jp")
	}
	if _, err := a.Store.LoginByEmail(t.Context(), "new@example.jp"); err != store.ErrNotFound {
		t.Fatalf("a GET opened the account: %v", err)
	}
	// The button opens it and signs in, once.
	c := newBrowser(t, a)
	expectRedirect(t, c.post("/register/confirm", url.Values{"token": {tok}}), "/mypage")
	expectBody(t, c.get("/mypage"), "求職者マイページを開設しました。", "新規 太郎 様")
	used := newBrowser(t, a).post("/register/confirm", url.Values{"token": {tok}})
	expectStatus(t, used, http.StatusGone)
	expectBody(t, used, "このリンクは使用できません", `href="/register"`)
	expectStatus(t, newBrowser(t, a).get("/register/confirm?token="+url.QueryEscape(tok)), http.StatusGone)
	expectRedirect(t, newBrowser(t, a).signIn("new@example.jp", "Shinki-Taro-2026"), "/mypage")

	// The same address again: the same answer, and a mail that says it has
	// a My Page, with links to ログイン and パスワード再設定.
	again := newBrowser(t, a).post("/register", ok)
	expectRedirect(t, again, "/register/sent")
	m = a.lastMail(t, "new@example.jp")
	expectBody(t, response{Body: m.Body}, "既に開設されています", a.URL+"/login", a.URL+"/password/forgot")
	if strings.Contains(m.Body, "token=") {
		t.Error("the already-registered mail carries a link with a token")
	}
}

func TestRegistrationLinkExpires(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	f := url.Values{"email": {"late@example.jp"}, "password": {"Okureta-2026x"}, "name": {"遅刻 太郎"}, "birthdate": {"1990-04-01"}, "agree": {"on"}}
	expectRedirect(t, b.post("/register", f), "/register/sent")
	tok := linkToken(t, a, a.lastMail(t, "late@example.jp").Body, "/register/confirm")
	a.Clock.Set(a.Clock.Now().Add(24*time.Hour + time.Minute))
	r := b.post("/register/confirm", url.Values{"token": {tok}})
	expectStatus(t, r, http.StatusGone)
	expectBody(t, r, "有効期限（24時間）", `href="/register"`)
}

func TestPasswordReset(t *testing.T) {
	a := startApp(t, storetest.New(t))
	old := newBrowser(t, a)
	expectRedirect(t, old.signIn(demoEmail, demoPassword), "/mypage")
	expectBody(t, newBrowser(t, a).get("/login"), `href="/password/forgot"`, "パスワードをお忘れの方")

	// Any address: the same answer; only a known one gets a mail.
	for _, email := range []string{demoEmail, "nobody@example.jp"} {
		expectRedirect(t, newBrowser(t, a).post("/password/forgot", url.Values{"email": {email}}), "/password/forgot/sent")
	}
	if n := len(a.mailsTo(t, "nobody@example.jp")); n != 0 {
		t.Errorf("%d mails to an unknown address", n)
	}
	tok := linkToken(t, a, a.lastMail(t, demoEmail).Body, "/password/reset")
	b := newBrowser(t, a)
	expectBody(t, b.get("/password/reset?token="+url.QueryEscape(tok)), "新しいパスワード")
	// The policy of registration.
	weak := b.post("/password/reset", url.Values{"token": {tok}, "password": {"short"}})
	expectStatus(t, weak, http.StatusUnprocessableEntity)
	expectBody(t, weak, "パスワードは10文字以上64文字以内で入力してください。")
	expectRedirect(t, b.post("/password/reset", url.Values{"token": {tok}, "password": {"Atarashii-2027"}}), "/login?notice=password_reset")
	expectBody(t, b.get("/login?notice=password_reset"), "パスワードを再設定しました")
	// Once only; every session ended; the new password works, the old not.
	expectStatus(t, b.post("/password/reset", url.Values{"token": {tok}, "password": {"Mouichido-2027"}}), http.StatusGone)
	if r := old.get("/mypage"); r.Status != http.StatusSeeOther {
		t.Errorf("the old session lives on: %d", r.Status)
	}
	expectStatus(t, newBrowser(t, a).signIn(demoEmail, demoPassword), http.StatusUnauthorized)
	expectRedirect(t, newBrowser(t, a).signIn(demoEmail, "Atarashii-2027"), "/mypage")
	if m := a.lastMail(t, demoEmail); !strings.Contains(m.Subject, "パスワードを再設定しました") {
		t.Errorf("no notice: %s", m.Subject)
	}
}

func TestPasswordResetLinkLastsAnHour(t *testing.T) {
	a := startApp(t, storetest.New(t))
	expectRedirect(t, newBrowser(t, a).post("/password/forgot", url.Values{"email": {demoEmail}}), "/password/forgot/sent")
	tok := linkToken(t, a, a.lastMail(t, demoEmail).Body, "/password/reset")
	a.Clock.Set(a.Clock.Now().Add(61 * time.Minute))
	r := newBrowser(t, a).get("/password/reset?token=" + url.QueryEscape(tok))
	expectStatus(t, r, http.StatusGone)
	expectBody(t, r, "有効期限（1時間）", `href="/password/forgot"`)
}

func TestMailRequestsAreThrottled(t *testing.T) {
	a := startApp(t, storetest.New(t))
	f := url.Values{"email": {"flood@example.jp"}, "password": {"Flood-Flood-2026"}, "name": {"洪水 太郎"}, "birthdate": {"1990-04-01"}, "agree": {"on"}}
	for range 5 {
		expectRedirect(t, newBrowser(t, a).post("/register", f), "/register/sent")
	}
	r := newBrowser(t, a).post("/register", f)
	expectStatus(t, r, http.StatusTooManyRequests)
	expectStatus(t, newBrowser(t, a).post("/password/forgot", url.Values{"email": {"flood@example.jp"}}), http.StatusTooManyRequests)
	if n := len(a.mailsTo(t, "flood@example.jp")); n != 5 {
		t.Errorf("%d mails, want 5", n)
	}
}

func TestDevMailboxListsMailsWithLinks(t *testing.T) {
	a := startApp(t, storetest.New(t))
	expectRedirect(t, newBrowser(t, a).post("/password/forgot", url.Values{"email": {demoEmail}}), "/password/forgot/sent")
	r := newBrowser(t, a).get("/dev/mailbox")
	expectStatus(t, r, http.StatusOK)
	expectBody(t, r, "開発用メールボックス", "デモモード専用", "パスワード再設定のご案内", `href="`+a.URL+`/password/reset?token=`)
}

// subjects are the subjects of the mails to an address, oldest first.
func subjects(t *testing.T, a *app, to string) []string {
	t.Helper()
	var out []string
	ms := a.mailsTo(t, to)
	for i := len(ms) - 1; i >= 0; i-- {
		out = append(out, strings.TrimPrefix(ms[i].Subject, "【ハローワークインターネットサービス】"))
	}
	return out
}

func TestNoticesAfterLinkUnlinkAndWithdrawal(t *testing.T) {
	a := startAppWith(t, storetest.New(t), "sim")
	b := newBrowser(t, a)
	b.pinAndConsent(a, b.myNaPortal(a), asuCard, asuPIN, "accept")
	b.follow(b.open(a.URL+"/mynaportal/link", url.Values{"action": {"link"}, "email": {demoEmail}, "password": {demoPassword}}))
	expectRedirect(t, b.post("/mypage/settings/mynaportal/unlink", nil), "/mypage/settings/account?unlinked=1")
	want := []string{"マイナポータルとの連携のお知らせ", "マイナポータルとの連携解除のお知らせ"}
	if got := subjects(t, a, demoEmail); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("mails %q, want %q", got, want)
	}

	// 退会: one 退会完了 mail with the manual's notes, even for a double submit.
	h := newBrowser(t, a)
	expectRedirect(t, h.signIn(hanakoEmail, hanakoPassword), "/mypage")
	expectRedirect(t, h.post("/mypage/withdraw", nil), "/withdrawn")
	h.post("/mypage/withdraw", nil)
	got := a.mailsTo(t, hanakoEmail)
	if len(got) != 1 || !strings.Contains(got[0].Subject, "退会完了") {
		t.Fatalf("mails after 退会: %q", subjects(t, a, hanakoEmail))
	}
	expectBody(t, response{Body: got[0].Body}, "求職者マイページの退会手続きを完了しました。", "〈留意点〉",
		"求職状態が「無効」になってから5年経過すると、マイページ上のすべてのデータが自動消滅されます。", "30日以内", a.URL+"/reregister")

	// パスワード再設定 of a withdrawn account: the アカウント再登録 mail instead.
	expectRedirect(t, newBrowser(t, a).post("/password/forgot", url.Values{"email": {hanakoEmail}}), "/password/forgot/sent")
	m := a.lastMail(t, hanakoEmail)
	expectBody(t, response{Body: m.Body}, "退会済み", "アカウント再登録", a.URL+"/reregister")
	if strings.Contains(m.Body, "token=") {
		t.Error("a withdrawn account got a reset link")
	}
}
