package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hellowork/mypage/server/store/storetest"
)

// at is a response with the URL it came from.
type at struct {
	response
	URL string
}

// open requests an absolute URL: GET, or POST when form is not nil.
func (b *browser) open(raw string, form url.Values) at {
	b.t.Helper()
	var req *http.Request
	if form == nil {
		req, _ = http.NewRequest("GET", raw, nil)
	} else {
		req, _ = http.NewRequest("POST", raw, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return at{b.do(req), raw}
}

// follow follows redirects, across My Page and the simulator, as a browser.
func (b *browser) follow(r at) at {
	b.t.Helper()
	for i := 0; r.Status >= 300 && r.Status < 400; i++ {
		if i > 10 {
			b.t.Fatal("redirect loop")
		}
		base, _ := url.Parse(r.URL)
		next, err := base.Parse(r.Header.Get("Location"))
		if err != nil {
			b.t.Fatal(err)
		}
		r = b.open(next.String(), nil)
	}
	return r
}

// callbackURL signs in at the simulator with a card and consents, and
// returns the callback URL the simulator sends the browser to, unvisited.
func (b *browser) callbackURL(a *app, card, pin string) *url.URL {
	b.t.Helper()
	page := b.myNaPortal(a)
	m := authRequestID.FindStringSubmatch(page.Body)
	if m == nil {
		b.t.Fatalf("no authRequestID on %s", page.URL)
	}
	b.follow(b.open(a.SimURL+"/login", url.Values{"authRequestID": {m[1]}, "card_number": {card}, "pin": {pin}}))
	cb := b.open(a.SimURL+"/consent", url.Values{"authRequestID": {m[1]}, "decision": {"accept"}})
	for cb.Status >= 300 && !strings.Contains(cb.Header.Get("Location"), "/auth/mynaportal/callback") {
		base, _ := url.Parse(cb.URL)
		next, _ := base.Parse(cb.Header.Get("Location"))
		cb = b.open(next.String(), nil)
	}
	base, _ := url.Parse(cb.URL)
	callback, err := base.Parse(cb.Header.Get("Location"))
	if err != nil {
		b.t.Fatal(err)
	}
	return callback
}

var authRequestID = regexp.MustCompile(`name="authRequestID" value="([^"]+)"`)

// myNaPortal starts a MyNaPortal sign-in and returns where it leads: the
// simulator's PIN page, or further when the simulator remembers the browser.
func (b *browser) myNaPortal(a *app) at {
	b.t.Helper()
	return b.follow(b.open(a.URL+"/login/mynaportal", nil))
}

// pinAndConsent signs in at the simulator with a card and PIN and consents.
func (b *browser) pinAndConsent(a *app, page at, card, pin, decision string) at {
	b.t.Helper()
	m := authRequestID.FindStringSubmatch(page.Body)
	if m == nil {
		b.t.Fatalf("no authRequestID on %s:\n%.800s", page.URL, page.Body)
	}
	consent := b.follow(b.open(a.SimURL+"/login", url.Values{"authRequestID": {m[1]}, "card_number": {card}, "pin": {pin}}))
	expectBody(b.t, consent.response, "同意する", "同意しない")
	return b.follow(b.open(a.SimURL+"/consent", url.Values{"authRequestID": {m[1]}, "decision": {decision}}))
}

const (
	asuCard = "123456789012"
	asuPIN  = "1234"
)

func TestMyNaPortalFirstSignInLinksThenSignsStraightIn(t *testing.T) {
	a := startAppWith(t, storetest.New(t), "sim")
	b := newBrowser(t, a)
	pin := b.myNaPortal(a)
	expectBody(t, pin.response, "暗証番号")
	link := b.pinAndConsent(a, pin, asuCard, asuPIN, "accept")
	if !strings.HasSuffix(link.URL, "/mynaportal/link") {
		t.Fatalf("landed on %s", link.URL)
	}
	expectBody(t, link.response, "マイナポータルとの連携", "明日 勇気", "1990-04-15", `value="明日 勇気"`)

	// A wrong password does not link, and says no more than sign-in does.
	wrong := b.open(a.URL+"/mynaportal/link", url.Values{"action": {"link"}, "email": {demoEmail}, "password": {"wrong-password-1"}})
	expectStatus(t, wrong.response, 401)
	expectBody(t, wrong.response, "メールアドレスまたはパスワードが正しくありません。")
	home := b.follow(b.open(a.URL+"/mynaportal/link", url.Values{"action": {"link"}, "email": {demoEmail}, "password": {demoPassword}}))
	expectStatus(t, home.response, 200)
	expectBody(t, home.response, "マイナポータルとの連携が完了しました。", "明日 勇気 様")
	expectBody(t, b.get("/mypage/settings/account"), "マイナポータルと連携しています", "連携解除")
	// The pending identity is used up.
	expectRedirect(t, b.get("/mynaportal/link"), "/login")

	// Logout: the top page shows the manual's note once, and MyNaPortal is
	// still signed in, so the next sign-in asks for no PIN.
	top := b.follow(b.open(a.URL+"/logout", url.Values{}))
	expectBody(t, top.response, "注意　マイナポータルからログインされている方へ", a.SimURL+"/")
	if strings.Contains(b.get("/").Body, "マイナポータルからログインされている方へ") {
		t.Error("the note shows twice")
	}
	expectBody(t, b.open(a.SimURL+"/", nil).response, "明日 勇気")
	again := b.myNaPortal(a)
	if !strings.HasSuffix(again.URL, "/mypage") {
		t.Fatalf("second sign-in landed on %s:\n%.500s", again.URL, again.Body)
	}
	expectBody(t, again.response, "明日 勇気 様")

	// Logging out of MyNaPortal leaves My Page signed in.
	b.follow(b.open(a.SimURL+"/logout", url.Values{}))
	expectStatus(t, b.get("/mypage"), 200)

	// 連携解除: the identity no longer signs in to this My Page.
	expectRedirect(t, b.post("/mypage/settings/mynaportal/unlink", nil), "/mypage/settings/account?unlinked=1")
	expectBody(t, b.get("/mypage/settings/account?unlinked=1"), "マイナポータルとの連携を解除しました。", "マイナポータルと連携していません")
	b.post("/logout", nil)
	relink := b.pinAndConsent(a, b.myNaPortal(a), asuCard, asuPIN, "accept")
	if !strings.HasSuffix(relink.URL, "/mynaportal/link") {
		t.Errorf("after unlinking, sign-in landed on %s", relink.URL)
	}
}

func TestMyNaPortalOpensANewMyPage(t *testing.T) {
	a := startAppWith(t, storetest.New(t), "sim")
	b := newBrowser(t, a)
	link := b.pinAndConsent(a, b.myNaPortal(a), "345678901234", "3456", "accept")
	expectBody(t, link.response, "新井 翔", `value="1998-07-07"`)
	bad := b.open(a.URL+"/mynaportal/link", url.Values{"action": {"new"}, "email": {"arai@example.jp"}, "name": {"新井 翔"}, "birthdate": {"1998-07-07"}})
	expectStatus(t, bad.response, 422)
	expectBody(t, bad.response, "パスワードを入力してください。", "利用規約に同意いただく必要があります。", `value="arai@example.jp"`)
	// The same confirmation by mail as 求職者マイページ開設.
	expectRedirect(t, b.post("/mynaportal/link", url.Values{"action": {"new"}, "email": {"arai@example.jp"}, "password": {"Arai-Sho-2026"},
		"name": {"新井 翔"}, "name_kana": {"アライ ショウ"}, "birthdate": {"1998-07-07"}, "agree": {"on"}}), "/register/sent")
	expectRedirect(t, b.get("/mynaportal/link"), "/login")
	tok := linkToken(t, a, a.lastMail(t, "arai@example.jp").Body, "/register/confirm")
	expectRedirect(t, b.post("/register/confirm", url.Values{"token": {tok}}), "/mypage")
	expectBody(t, b.get("/mypage"), "求職者マイページを開設しました。", "新井 翔 様")
	// The simulator serves the claims from UserInfo, as a standard provider
	// does: they reach the link page and the new My Page all the same.
	expectBody(t, link.response, "<dd>神奈川県横浜市中区山下町209</dd>")
	expectBody(t, b.get("/mypage/settings/basic"), "<dd>新井 翔</dd>", "<dd>1998年7月7日</dd>", "<dd>神奈川県横浜市中区山下町209</dd>")
	// The new account signs in with its password, and with MyNaPortal
	// (linked when confirmed).
	b.post("/logout", nil)
	expectRedirect(t, b.signIn("arai@example.jp", "Arai-Sho-2026"), "/mypage")
	b.post("/logout", nil)
	home := b.myNaPortal(a) // the simulator's session lives: no PIN
	if !strings.HasSuffix(home.URL, "/mypage") {
		t.Fatalf("MyNaPortal sign-in landed on %s", home.URL)
	}
	expectBody(t, home.response, "新井 翔 様")
}

func TestMyNaPortalNeverLinksByEmail(t *testing.T) {
	a := startAppWith(t, storetest.New(t), "sim")
	b := newBrowser(t, a)
	link := b.pinAndConsent(a, b.myNaPortal(a), asuCard, asuPIN, "accept")
	if !strings.HasSuffix(link.URL, "/mynaportal/link") {
		t.Fatalf("an unlinked identity signed in: %s", link.URL)
	}
	expectRedirect(t, b.get("/mypage"), "/login?next=%2Fmypage")
}

func TestMyNaPortalRefusals(t *testing.T) {
	a := startAppWith(t, storetest.New(t), "sim")

	t.Run("同意しない", func(t *testing.T) {
		b := newBrowser(t, a)
		r := b.pinAndConsent(a, b.myNaPortal(a), asuCard, asuPIN, "deny")
		expectStatus(t, r.response, 403)
		expectBody(t, r.response, "「同意しない」が選ばれたため、ログインできませんでした。")
		if b.cookie() != nil {
			t.Error("a session was made")
		}
	})

	for kind, want := range map[string]int{"signature": 401, "nonce": 401, "expired": 401} {
		t.Run("spoiled "+kind, func(t *testing.T) {
			b := newBrowser(t, a)
			b.open(a.SimURL+"/qa/spoil", url.Values{"card": {asuCard}, "kind": {kind}})
			r := b.pinAndConsent(a, b.myNaPortal(a), asuCard, asuPIN, "accept")
			expectStatus(t, r.response, want)
			expectBody(t, r.response, "ログイン情報の検証に失敗したため、ログインできませんでした。")
			if b.cookie() != nil {
				t.Error("a session was made")
			}
		})
	}

	t.Run("state of another browser", func(t *testing.T) {
		victim, attacker := newBrowser(t, a), newBrowser(t, a)
		// The victim is sent the attacker's authorization URL's callback.
		callback := attacker.callbackURL(a, asuCard, asuPIN)
		r := victim.open(callback.String(), nil)
		expectStatus(t, r.response, 400)
		expectBody(t, r.response, "ログインの手続きを確認できませんでした。")
		// The attacker's own browser may use it once, and only once.
		first := attacker.follow(attacker.open(callback.String(), nil))
		if !strings.HasSuffix(first.URL, "/mynaportal/link") {
			t.Fatalf("the owner's callback landed on %s", first.URL)
		}
		replay := attacker.open(callback.String(), nil)
		expectStatus(t, replay.response, 400)
	})

	t.Run("a callback nobody started", func(t *testing.T) {
		b := newBrowser(t, a)
		expectStatus(t, b.get("/auth/mynaportal/callback?code=x&state=y"), 400)
		expectStatus(t, b.get("/auth/mynaportal/callback"), 400)
	})

	t.Run("link page without a verified identity", func(t *testing.T) {
		b := newBrowser(t, a)
		expectRedirect(t, b.get("/mynaportal/link"), "/login")
		expectRedirect(t, b.post("/mynaportal/link", url.Values{"action": {"link"}}), "/login")
	})
}

func TestMyNaPortalUnreachable(t *testing.T) {
	a := startAppWith(t, storetest.New(t), "http://127.0.0.1:1")
	r := newBrowser(t, a).get("/login/mynaportal")
	expectStatus(t, r, 503)
	expectBody(t, r, "マイナポータルに接続できませんでした。")
}
