package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/retention"
	"github.com/hellowork/mypage/server/store/storetest"
)

const (
	hanakoEmail    = "yamada.hanako@example.jp"
	hanakoPassword = "Yamada-Hanako-2026"
	kaigoJob       = "13010-28573041"
	otherJob       = "13010-27419851"
)

func TestApplyAndCancel(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	expectRedirect(t, b.post("/jobs/"+otherJob+"/apply", nil), "/login")
	b.signIn(hanakoEmail, hanakoPassword)
	expectBody(t, b.get("/jobs/"+otherJob), "応募する")
	expectRedirect(t, b.post("/jobs/"+otherJob+"/apply", nil), "/mypage/activity?applied=1")
	act := b.get("/mypage/activity?applied=1")
	expectBody(t, act, "応募しました。", "一般事務", "応募取消")
	expectBody(t, b.get("/jobs/"+otherJob), "この求人には応募済みです。")
	again := b.post("/jobs/"+otherJob+"/apply", nil)
	expectStatus(t, again, 409)
	expectBody(t, again, "この求人には既に応募しています。")
	expectStatus(t, b.post("/jobs/99999-00000000/apply", nil), 404)

	sk, _ := a.Store.SeekerByID(t.Context(), "demo-yamada-hanako")
	if sk.ApplyingCount != 1 {
		t.Fatalf("count %d", sk.ApplyingCount)
	}
	expectRedirect(t, b.post("/mypage/applications/"+sk.Applying[0].ApplicationID+"/cancel", nil), "/mypage/activity?cancelled=1")
	act = b.get("/mypage/activity?cancelled=1")
	expectBody(t, act, "応募を取り消しました。", "応募取消", "応募中の求人はありません。")
	expectStatus(t, b.post("/mypage/applications/"+sk.Applying[0].ApplicationID+"/cancel", nil), 409)
	expectStatus(t, b.post("/mypage/applications/nope/cancel", nil), 409)
}

func TestApplyInTheLastMonthExtendsValidity(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	sk, _ := a.Store.SeekerByID(t.Context(), "demo-yamada-hanako")
	// Move to the first day of the last month of validity.
	last := domain.Date(sk.ValidUntil)
	a.Clock.Set(time.Date(last.Year(), last.Month(), 1, 10, 0, 0, 0, domain.Tokyo))
	b.signIn(hanakoEmail, hanakoPassword)
	b.post("/jobs/"+otherJob+"/apply", nil)
	got, _ := a.Store.SeekerByID(t.Context(), sk.ID)
	want := time.Date(last.Year(), last.Month()+2, 0, 0, 0, 0, 0, domain.Tokyo)
	if !got.ValidUntil.Equal(want) {
		t.Errorf("valid until %v, want %v", got.ValidUntil, want)
	}
}

func TestStatusSwitch(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	b.signIn(hanakoEmail, hanakoPassword)
	expectBody(t, b.get("/mypage/settings/account"), "求職無効")
	expectRedirect(t, b.post("/mypage/settings/account/status", url.Values{"status": {"inactive"}}), "/mypage/settings/account?status=1")
	page := b.get("/mypage/settings/account")
	expectBody(t, page, "<dd>無効</dd>", "求職有効")
	expectBody(t, b.get("/jobs/"+otherJob), "求職状態が「無効」のため、応募できません。")
	expectStatus(t, b.post("/jobs/"+otherJob+"/apply", nil), 409)
	expectRedirect(t, b.post("/mypage/settings/account/status", url.Values{"status": {"active"}}), "/mypage/settings/account?status=1")
	expectBody(t, b.get("/mypage/settings/account"), "<dd>有効</dd>")
	// After the validity period, back to 有効 is refused.
	b.post("/mypage/settings/account/status", url.Values{"status": {"inactive"}})
	sk, _ := a.Store.SeekerByID(t.Context(), "demo-yamada-hanako")
	a.Clock.Set(domain.Date(sk.ValidUntil).AddDate(0, 0, 1).Add(time.Hour))
	b.signIn(hanakoEmail, hanakoPassword)
	expectBody(t, b.get("/mypage/settings/account"), "ハローワークにお越しください")
	expectStatus(t, b.post("/mypage/settings/account/status", url.Values{"status": {"active"}}), 409)
	expectStatus(t, b.post("/mypage/settings/account/status", url.Values{"status": {"bogus"}}), 400)
}

func TestWithdrawal(t *testing.T) {
	a := startApp(t, storetest.New(t))
	asu := newBrowser(t, a)
	asu.signIn(demoEmail, demoPassword)
	other := newBrowser(t, a)
	other.signIn(demoEmail, demoPassword)

	// 明日 勇気 has an application in progress: the button is disabled and
	// the POST is refused.
	settings := asu.get("/mypage/settings/account")
	expectBody(t, settings, "自主応募中の求人があるため、マイページを退会できません。", "disabled")
	expectBody(t, asu.get("/mypage/withdraw"), "自主応募中の求人があるため、退会できません。")
	expectStatus(t, asu.post("/mypage/withdraw", nil), 409)

	sk, _ := a.Store.SeekerByID(t.Context(), "demo-asu-yuki")
	asu.post("/mypage/applications/"+sk.Applying[0].ApplicationID+"/cancel", nil)
	expectBody(t, asu.get("/mypage/settings/account"), `href="/mypage/withdraw"`)
	expectBody(t, asu.get("/mypage/withdraw"), "求職者マイページ退会確認", "完了")
	expectRedirect(t, asu.post("/mypage/withdraw", nil), "/withdrawn")
	expectBody(t, asu.get("/withdrawn"), "求職者マイページ退会完了", "5年経過すると", "トップへ戻る")
	// Every session ended, on this browser and the other.
	expectRedirect(t, asu.get("/mypage"), "/login?next=%2Fmypage")
	expectRedirect(t, other.get("/mypage"), "/login?next=%2Fmypage")
	// A second submit is harmless.
	expectStatus(t, other.post("/mypage/withdraw", nil), 303)
	// Sign-in is refused with the way back.
	r := asu.signIn(demoEmail, demoPassword)
	expectStatus(t, r, 403)
	expectBody(t, r, "退会しているため、ログインできません。", "/reregister")
	// The data is kept.
	if apps, _ := a.Store.ApplicationsOfSeeker(t.Context(), "demo-asu-yuki"); len(apps) != 2 {
		t.Errorf("applications kept: %d", len(apps))
	}
}

func withdraw(t *testing.T, a *app, email, password string) {
	t.Helper()
	b := newBrowser(t, a)
	expectRedirect(t, b.signIn(email, password), "/mypage")
	expectRedirect(t, b.post("/mypage/withdraw", nil), "/withdrawn")
}

func TestReregistrationWindow(t *testing.T) {
	a := startApp(t, storetest.New(t))
	// Withdraw at 10:00 on a day in Japan; the 30th day after ends at
	// midnight Japan time.
	day := time.Date(2027, 3, 1, 10, 0, 0, 0, domain.Tokyo)
	a.Clock.Set(day)
	withdraw(t, a, hanakoEmail, hanakoPassword)

	a.Clock.Set(time.Date(2027, 3, 31, 23, 59, 0, 0, domain.Tokyo)) // the 30th day
	b := newBrowser(t, a)
	expectRedirect(t, b.post("/reregister", url.Values{"email": {hanakoEmail}, "password": {hanakoPassword}}), "/mypage")
	expectBody(t, b.get("/mypage"), "アカウントを再登録しました。", "山田 花子 様")
	expectNoBody(t, b.get("/mypage"), "アカウントを再登録しました。")

	// Withdraw again on 4/1; 5/2 is the 31st day.
	a.Clock.Set(time.Date(2027, 4, 1, 9, 0, 0, 0, domain.Tokyo))
	withdraw(t, a, hanakoEmail, hanakoPassword)
	a.Clock.Set(time.Date(2027, 5, 2, 0, 0, 0, 0, domain.Tokyo))
	r := newBrowser(t, a).post("/reregister", url.Values{"email": {hanakoEmail}, "password": {hanakoPassword}})
	expectStatus(t, r, 403)
	expectBody(t, r, "31日以上経過しているため", "オンライン登録者", "改めてアカウント")

	// The counter user gets the counter guidance.
	a.Clock.Set(time.Date(2027, 4, 1, 9, 0, 0, 0, domain.Tokyo))
	asu := newBrowser(t, a)
	asu.signIn(demoEmail, demoPassword)
	sk, _ := a.Store.SeekerByID(t.Context(), "demo-asu-yuki")
	asu.post("/mypage/applications/"+sk.Applying[0].ApplicationID+"/cancel", nil)
	asu.post("/mypage/withdraw", nil)
	a.Clock.Set(time.Date(2027, 5, 2, 0, 0, 0, 0, domain.Tokyo))
	r = newBrowser(t, a).post("/reregister", url.Values{"email": {demoEmail}, "password": {demoPassword}})
	expectStatus(t, r, 403)
	expectBody(t, r, "最寄りのハローワークまでお越しください。")

	// A wrong password and an unknown e-mail: the sign-in answer.
	for _, f := range []url.Values{{"email": {hanakoEmail}, "password": {"wrong-password-1"}}, {"email": {"nobody@example.jp"}, "password": {"wrong-password-1"}}} {
		r := newBrowser(t, a).post("/reregister", f)
		expectStatus(t, r, 401)
		expectBody(t, r, "メールアドレスまたはパスワードが正しくありません。")
	}

	// From the 31st day the e-mail is free for a new My Page; the old record
	// stays until the retention sweep.
	n := newBrowser(t, a)
	n.register(a, url.Values{"email": {hanakoEmail}, "password": {"Hanako-New-2027"}, "name": {"山田 花子"},
		"birthdate": {"1985-11-03"}, "agree": {"on"}})
	if list, _ := a.Store.SeekersByEmail(t.Context(), hanakoEmail); len(list) != 2 {
		t.Errorf("records of the e-mail: %d, want the old and the new", len(list))
	}
	expectRedirect(t, newBrowser(t, a).signIn(hanakoEmail, "Hanako-New-2027"), "/mypage")
	expectStatus(t, newBrowser(t, a).signIn(hanakoEmail, hanakoPassword), 401)

	// Five years after the old record became 無効 (when its validity ended:
	// the withdrawal did not change 求職状態), the sweep deletes all of it and
	// nothing of the new one.
	a.Clock.Set(time.Date(2032, 4, 1, 9, 0, 0, 0, domain.Tokyo))
	rep, err := retention.Sweep(t.Context(), a.Store, a.Clock.Now(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(rep.Seekers, ","), "demo-yamada-hanako") {
		t.Errorf("swept %v", rep.Seekers)
	}
	if list, _ := a.Store.SeekersByEmail(t.Context(), hanakoEmail); len(list) != 1 || list[0].ID == "demo-yamada-hanako" {
		t.Errorf("after the sweep: %+v", list)
	}
}

func TestWithdrawnMyNaPortalIdentityIsRefused(t *testing.T) {
	a := startAppWith(t, storetest.New(t), "sim")
	b := newBrowser(t, a)
	link := b.pinAndConsent(a, b.myNaPortal(a), "234567890123", "2345", "accept")
	if !strings.HasSuffix(link.URL, "/mynaportal/link") {
		t.Fatal(link.URL)
	}
	b.follow(b.open(a.URL+"/mynaportal/link", url.Values{"action": {"link"}, "email": {hanakoEmail}, "password": {hanakoPassword}}))
	expectRedirect(t, b.post("/mypage/withdraw", nil), "/withdrawn")
	r := b.myNaPortal(a)
	expectStatus(t, r.response, http.StatusForbidden)
	expectBody(t, r.response, "退会しているため、ログインできません。")
}
