package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hellowork/mypage/auth/oidctest"
	"github.com/hellowork/mypage/server/store/storetest"
)

// A provider that no one on the team wrote, as a deployer would connect it:
// the claims of profile and address only from UserInfo, the address as its
// parts.
func otherProvider(t *testing.T, change func(*oidctest.Config)) *oidctest.Provider {
	cfg := oidctest.Config{ClientID: "mypage", ClientSecret: "mypage-demo-secret", Subject: "op-sub-arai",
		Claims: map[string]any{"name": "新井 翔", "birthdate": "1998-07-07",
			"address": map[string]any{"postal_code": "231-0023", "region": "神奈川県", "locality": "横浜市中区", "street_address": "山下町209"}}}
	if change != nil {
		change(&cfg)
	}
	return oidctest.Start(t, cfg)
}

const araiAddress = "〒231-0023 神奈川県横浜市中区山下町209"

// openNewMyPage asks for a new My Page on the link page and confirms it
// through the 仮登録 mail, as the seeker would.
func openNewMyPage(t *testing.T, b *browser, a *app, email string) at {
	t.Helper()
	r := b.open(a.URL+"/mynaportal/link", url.Values{"action": {"new"}, "email": {email}, "password": {"Arai-Sho-2026"},
		"name": {"新井 翔"}, "birthdate": {"1998-07-07"}, "agree": {"on"}})
	expectRedirect(t, r.response, "/register/sent")
	return b.confirmByMail(a, email)
}

// confirmByMail follows the link of the last 仮登録 mail to email.
func (b *browser) confirmByMail(a *app, email string) at {
	b.t.Helper()
	tok := linkToken(b.t, a, a.lastMail(b.t, email).Body, "/register/confirm")
	return b.follow(b.open(a.URL+"/register/confirm", url.Values{"token": {tok}}))
}

func TestMyNaPortalStandardProviderCarriesUserInfoIntoNewMyPage(t *testing.T) {
	for name, methods := range map[string][]string{"client_secret_basic": nil, "client_secret_post only": {"client_secret_post"}} {
		t.Run(name, func(t *testing.T) {
			p := otherProvider(t, func(c *oidctest.Config) { c.AuthMethods = methods })
			a := startAppOpts(t, storetest.New(t), appOpts{Issuer: p.URL})
			b := newBrowser(t, a)
			link := b.myNaPortal(a)
			if !strings.HasSuffix(link.URL, "/mynaportal/link") {
				t.Fatalf("landed on %s:\n%.600s", link.URL, link.Body)
			}
			expectBody(t, link.response, "<dd>新井 翔</dd>", "<dd>1998年7月7日</dd>", "<dd>"+araiAddress+"</dd>",
				`value="新井 翔"`, `value="1998-07-07"`, "マイナポータルから提供された住所は、求職者情報・設定の基本情報に登録されます。")
			home := openNewMyPage(t, b, a, "arai@example.jp")
			expectBody(t, home.response, "求職者マイページを開設しました。", "新井 翔 様")
			expectBody(t, b.get("/mypage/settings/basic"), "<dd>新井 翔</dd>", "<dd>1998年7月7日</dd>", "<dd>"+araiAddress+"</dd>")
			// The identity is linked: the next sign-in goes straight in.
			b.post("/logout", nil)
			again := b.myNaPortal(a)
			if !strings.HasSuffix(again.URL, "/mypage") {
				t.Fatalf("second sign-in landed on %s", again.URL)
			}
		})
	}
}

func TestMyNaPortalWithoutUserInfoUsesTheIDToken(t *testing.T) {
	p := otherProvider(t, func(c *oidctest.Config) { c.NoUserInfo = true })
	a := startAppOpts(t, storetest.New(t), appOpts{Issuer: p.URL})
	b := newBrowser(t, a)
	link := b.myNaPortal(a)
	expectBody(t, link.response, "<dd>新井 翔</dd>", "<dd>1998年7月7日</dd>", "<dd>"+araiAddress+"</dd>")
}

func TestMyNaPortalUserInfoOfAnotherPersonIsRefused(t *testing.T) {
	p := otherProvider(t, nil)
	p.UserInfoSubject("op-sub-someone-else")
	a := startAppOpts(t, storetest.New(t), appOpts{Issuer: p.URL})
	b := newBrowser(t, a)
	r := b.myNaPortal(a)
	expectStatus(t, r.response, 401)
	expectBody(t, r.response, "マイナポータルから受け取った利用者情報が、ログインした方のものと一致しなかったため、ログインできませんでした。")
	if b.cookie() != nil {
		t.Error("a session was made")
	}
	expectRedirect(t, b.get("/mynaportal/link"), "/login")
}

func TestMyNaPortalWrongClientSecret(t *testing.T) {
	for name, methods := range map[string][]string{"basic": nil, "post": {"client_secret_post"}} {
		t.Run(name, func(t *testing.T) {
			p := otherProvider(t, func(c *oidctest.Config) { c.ClientSecret = "the-secret-it-registered"; c.AuthMethods = methods })
			a := startAppOpts(t, storetest.New(t), appOpts{Issuer: p.URL})
			r := newBrowser(t, a).myNaPortal(a)
			expectStatus(t, r.response, 502)
			expectBody(t, r.response, "接続設定に問題があるため、現在マイナポータルからログインできません。", `href="/login"`)
		})
	}
}

func TestMyNaPortalProviderFailingMidFlight(t *testing.T) {
	const msg = "マイナポータルでエラーが発生したため、ログインできませんでした。しばらく時間をおいてから、もう一度お試しください。"
	t.Run("token endpoint 5xx", func(t *testing.T) {
		p := otherProvider(t, nil)
		p.FailToken(500)
		a := startAppOpts(t, storetest.New(t), appOpts{Issuer: p.URL})
		r := newBrowser(t, a).myNaPortal(a)
		expectStatus(t, r.response, 502)
		expectBody(t, r.response, msg)
	})
	t.Run("userinfo timeout", func(t *testing.T) {
		p := otherProvider(t, nil)
		p.DelayUserInfo(3 * time.Second)
		a := startAppOpts(t, storetest.New(t), appOpts{Issuer: p.URL, HTTPTimeout: 500 * time.Millisecond})
		r := newBrowser(t, a).myNaPortal(a)
		expectStatus(t, r.response, 502)
		expectBody(t, r.response, msg)
	})
}

func TestMyNaPortalDownAtStartThenUp(t *testing.T) {
	p := otherProvider(t, nil)
	p.SetDown(true)
	a := startAppOpts(t, storetest.New(t), appOpts{Issuer: p.URL, Discover: true})
	b := newBrowser(t, a)
	login := b.get("/login")
	expectStatus(t, login, 200)
	expectBody(t, login, "ただいまマイナポータルに接続できないため、マイナポータルからのログインはご利用いただけません。")
	if strings.Contains(login.Body, "/login/mynaportal") {
		t.Error("the login page offers MyNaPortal sign-in while the provider is down")
	}
	// Going there all the same explains, and makes no 500.
	expectStatus(t, b.get("/login/mynaportal"), 503)

	p.SetDown(false)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(b.get("/login").Body, "マイナポータルでログイン") {
		if time.Now().After(deadline) {
			t.Fatal("My Page did not pick the provider up")
		}
		time.Sleep(50 * time.Millisecond)
	}
	link := b.myNaPortal(a)
	expectBody(t, link.response, "<dd>新井 翔</dd>", "<dd>"+araiAddress+"</dd>")
}

func TestMyNaPortalLogoutNoteWithoutPortalURL(t *testing.T) {
	none := ""
	p := otherProvider(t, nil)
	a := startAppOpts(t, storetest.New(t), appOpts{Issuer: p.URL, Portal: &none})
	b := newBrowser(t, a)
	b.myNaPortal(a)
	openNewMyPage(t, b, a, "arai@example.jp")
	top := b.follow(b.open(a.URL+"/logout", url.Values{}))
	expectBody(t, top.response, "注意　マイナポータルからログインされている方へ", "マイナポータルのご利用を終了する場合は、マイナポータルからログアウトしてください。")
	if strings.Contains(top.Body, "マイナポータルを開いてログアウトする") || strings.Contains(top.Body, p.URL) {
		t.Error("the note links somewhere without a portal URL")
	}
}

// A provider's claims are its data, not ours to trust: odd types, control
// characters and huge values make neither a 500 nor a broken page.
func TestMyNaPortalHostileClaims(t *testing.T) {
	p := otherProvider(t, func(c *oidctest.Config) {
		c.Claims = map[string]any{"name": "新井\u202e 翔\x00" + strings.Repeat("長", 10000), "birthdate": 19980707,
			"address": map[string]any{"formatted": []string{"not", "a", "string"}, "region": "神奈川県\x1b[31m", "locality": strings.Repeat("区", 300)}}
	})
	a := startAppOpts(t, storetest.New(t), appOpts{Issuer: p.URL})
	b := newBrowser(t, a)
	link := b.myNaPortal(a)
	expectStatus(t, link.response, 200)
	if strings.Contains(link.Body, "\u202e") || strings.Contains(link.Body, "\x00") || strings.Contains(link.Body, "\x1b") {
		t.Error("control characters reached the page")
	}
	expectBody(t, link.response, "新井 翔長長")
	// The name is too long for the form, which says so; nothing breaks.
	r := b.open(a.URL+"/mynaportal/link", url.Values{"action": {"new"}, "email": {"arai@example.jp"}, "password": {"Arai-Sho-2026"},
		"name": {"新井 翔"}, "birthdate": {"1998-07-07"}, "agree": {"on"}})
	expectRedirect(t, r.response, "/register/sent")
	b.confirmByMail(a, "arai@example.jp")
	expectBody(t, b.get("/mypage/settings/basic"), "<dd>未登録</dd>")
}
