package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/store/storetest"
)

const (
	uaWindowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36"
	uaIPhoneSafari  = "Mozilla/5.0 (iPhone; CPU iPhone OS 15_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.0 Mobile/15A372 Safari/604.1"
	uaAndroidChrome = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36"
)

var endForm = regexp.MustCompile(`action="/mypage/sessions/([^"/]+)/end"`)

// signedInOn signs the demo seeker in from a browser with the given
// User-Agent.
func signedInOn(t *testing.T, a *app, email, password, ua string) *browser {
	t.Helper()
	b := newBrowser(t, a)
	expectRedirect(t, b.post("/login", url.Values{"email": {email}, "password": {password}}, "User-Agent", ua), "/mypage")
	return b
}

// endIDs returns the ids of the 「ログアウトさせる」 forms of a page.
func endIDs(body string) []string {
	var ids []string
	for _, m := range endForm.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func TestSessionsListEverySessionOfTheAccount(t *testing.T) {
	a := startApp(t, storetest.New(t))
	pc := signedInOn(t, a, demoEmail, demoPassword, uaWindowsChrome)
	phone := signedInOn(t, a, demoEmail, demoPassword, uaIPhoneSafari)
	hanako := signedInOn(t, a, hanakoEmail, hanakoPassword, uaAndroidChrome)

	r := pc.get("/mypage/sessions")
	expectStatus(t, r, http.StatusOK)
	expectBody(t, r, "ログイン中の端末", "Windows の Chrome", "iPhone の Safari", "（この端末）", "メールアドレス",
		"ログアウトさせる", "この端末以外をすべてログアウト", `href="/mypage/sessions/history"`)
	if n := strings.Count(r.Body, "（この端末）"); n != 1 {
		t.Errorf("「この端末」 %d times, want once", n)
	}
	if i, j := strings.Index(r.Body, "Windows の Chrome"), strings.Index(r.Body, "iPhone の Safari"); i > j {
		t.Error("this browser's session is not listed first")
	}
	if strings.Contains(r.Body, "Android") {
		t.Error("another seeker's session is listed")
	}
	if strings.Contains(r.Body, "Mozilla/5.0") {
		t.Error("a raw User-Agent is shown")
	}
	ids := endIDs(r.Body)
	if len(ids) != 1 {
		t.Fatalf("%d 「ログアウトさせる」 forms, want 1 (the phone's)", len(ids))
	}
	for _, b := range []*browser{pc, phone, hanako} {
		token := sessionToken(t, b)
		if strings.Contains(r.Body, token) || strings.Contains(r.Body, auth.HashToken(token)) {
			t.Error("the page names a session by its token or its hash")
		}
	}
	// Japan time: the sign-in just now, in 2006年1月2日 15:04 form.
	expectBody(t, r, time.Now().In(time.FixedZone("JST", 9*3600)).Format("2006年1月2日"))

	part := pc.get("/mypage/sessions", "HX-Request", "true")
	expectStatus(t, part, http.StatusOK)
	expectBody(t, part, `id="sessions-panel"`, "iPhone の Safari")
	if strings.Contains(part.Body, "<html") || part.Header.Get("Vary") != "HX-Request" {
		t.Error("the htmx request did not get the list alone with Vary")
	}
	expectBody(t, pc.get("/mypage/settings/account"), `href="/mypage/sessions"`)
	expectRedirect(t, newBrowser(t, a).get("/mypage/sessions"), "/login?next=%2Fmypage%2Fsessions")
}

func TestEndingOneSessionSignsThatBrowserOut(t *testing.T) {
	a := startApp(t, storetest.New(t))
	pc := signedInOn(t, a, demoEmail, demoPassword, uaWindowsChrome)
	phone := signedInOn(t, a, demoEmail, demoPassword, uaIPhoneSafari)
	tablet := signedInOn(t, a, demoEmail, demoPassword, uaAndroidChrome)
	phoneToken := sessionToken(t, phone)

	list := pc.get("/mypage/sessions").Body
	ids := endIDs(list)
	if len(ids) != 2 {
		t.Fatalf("%d forms, want 2", len(ids))
	}
	phoneID := idOfDevice(t, list, ids, "iPhone の Safari")
	expectRedirect(t, pc.post("/mypage/sessions/"+phoneID+"/end", nil), "/mypage/sessions?ended=one")

	// Deleted in the store, so every app server refuses it.
	if _, err := a.Store.Sessions().SessionByID(t.Context(), auth.HashToken(phoneToken)); err != auth.ErrSessionNotFound {
		t.Errorf("the ended session is still stored: %v", err)
	}
	after := pc.get("/mypage/sessions?ended=one")
	expectBody(t, after, "選択した端末をログアウトさせました。", "Android の Chrome")
	if strings.Contains(after.Body, "iPhone の Safari") {
		t.Error("the ended session is still listed")
	}
	expectStatus(t, tablet.get("/mypage"), http.StatusOK)

	// The phone's next tap lands on the login page with the notice.
	expectRedirect(t, phone.get("/mypage/activity"), "/login?next=%2Fmypage%2Factivity&notice=ended")
	login := phone.get("/login?next=%2Fmypage%2Factivity&notice=ended")
	expectStatus(t, login, http.StatusOK)
	expectBody(t, login, "この端末は、別の端末の「ログイン中の端末」からログアウトされました。")
	hx := phone.get("/mypage/settings/basic", "HX-Request", "true")
	if got := hx.Header.Get("HX-Redirect"); got != "/login?notice=ended" {
		t.Errorf("htmx: HX-Redirect %q", got)
	}

	// Ending it again: not found, in Japanese.
	again := pc.post("/mypage/sessions/"+phoneID+"/end", nil)
	expectStatus(t, again, http.StatusNotFound)
	expectBody(t, again, "端末が見つかりません")

	// With htmx, the list comes back in place.
	tabletID := endIDs(pc.get("/mypage/sessions").Body)[0]
	part := pc.post("/mypage/sessions/"+tabletID+"/end", nil, "HX-Request", "true")
	expectStatus(t, part, http.StatusOK)
	expectBody(t, part, `id="sessions-panel"`, "選択した端末をログアウトさせました。", "この端末のほかにログインしている端末はありません。")
	expectRedirect(t, tablet.get("/mypage"), "/login?next=%2Fmypage&notice=ended")
}

func TestEndingThisBrowsersSessionIsLogout(t *testing.T) {
	a := startApp(t, storetest.New(t))
	pc := signedInOn(t, a, demoEmail, demoPassword, uaWindowsChrome)
	phone := signedInOn(t, a, demoEmail, demoPassword, uaIPhoneSafari)
	own := endIDs(phone.get("/mypage/sessions").Body)[0] // the pc's, seen from the phone
	ownOfPC := endIDs(pc.get("/mypage/sessions").Body)[0]
	if own == ownOfPC {
		t.Fatal("both browsers see the same other session")
	}
	// The pc ends its own session through the URL of its id.
	expectRedirect(t, pc.post("/mypage/sessions/"+own+"/end", nil), "/")
	expectRedirect(t, pc.get("/mypage"), "/login?next=%2Fmypage")
	expectStatus(t, phone.get("/mypage"), http.StatusOK)
}

func TestEndingAllOtherSessions(t *testing.T) {
	a := startApp(t, storetest.New(t))
	pc := signedInOn(t, a, demoEmail, demoPassword, uaWindowsChrome)
	phone := signedInOn(t, a, demoEmail, demoPassword, uaIPhoneSafari)
	tablet := signedInOn(t, a, demoEmail, demoPassword, uaAndroidChrome)
	hanako := signedInOn(t, a, hanakoEmail, hanakoPassword, uaAndroidChrome)

	expectRedirect(t, pc.post("/mypage/sessions/end-others", nil), "/mypage/sessions?ended=others")
	r := pc.get("/mypage/sessions?ended=others")
	expectStatus(t, r, http.StatusOK)
	expectBody(t, r, "この端末以外のすべての端末をログアウトさせました。", "（この端末）", "この端末のほかにログインしている端末はありません。")
	if len(endIDs(r.Body)) != 0 {
		t.Error("other sessions are still listed")
	}
	for _, b := range []*browser{phone, tablet} {
		expectRedirect(t, b.get("/mypage"), "/login?next=%2Fmypage&notice=ended")
	}
	// Another seeker's sessions are not touched.
	expectStatus(t, hanako.get("/mypage"), http.StatusOK)
	// Nothing else to end: harmless.
	expectRedirect(t, pc.post("/mypage/sessions/end-others", nil), "/mypage/sessions?ended=others")
	expectStatus(t, pc.get("/mypage"), http.StatusOK)
}

func TestAnotherSeekersSessionIsNeitherShownNorEnded(t *testing.T) {
	a := startApp(t, storetest.New(t))
	asuPC := signedInOn(t, a, demoEmail, demoPassword, uaWindowsChrome)
	asuPhone := signedInOn(t, a, demoEmail, demoPassword, uaIPhoneSafari)
	hanako := signedInOn(t, a, hanakoEmail, hanakoPassword, uaAndroidChrome)
	hanako2 := signedInOn(t, a, hanakoEmail, hanakoPassword, uaWindowsChrome)
	asuPhoneID := endIDs(asuPC.get("/mypage/sessions").Body)[0]

	list := hanako.get("/mypage/sessions").Body
	if strings.Contains(list, asuPhoneID) || strings.Contains(list, "iPhone") {
		t.Error("another seeker's session is shown")
	}
	for _, id := range []string{asuPhoneID, "AAAAAAAAAAAAAAAAAAAAAA", "x", strings.Repeat("a", 500), "%E3%81%82", auth.HashToken(sessionToken(t, asuPhone))} {
		r := hanako.post("/mypage/sessions/"+id+"/end", nil)
		expectStatus(t, r, http.StatusNotFound)
		expectBody(t, r, "端末が見つかりません", "ログイン中の端末へ")
	}
	// The token and its hash are no names for a session either.
	expectStatus(t, asuPC.post("/mypage/sessions/"+sessionToken(t, asuPhone)+"/end", nil), http.StatusNotFound)
	expectStatus(t, asuPhone.get("/mypage"), http.StatusOK)
	// Ending "all others" ends only one's own.
	expectRedirect(t, hanako.post("/mypage/sessions/end-others", nil), "/mypage/sessions?ended=others")
	expectStatus(t, asuPhone.get("/mypage"), http.StatusOK)
	expectStatus(t, asuPC.get("/mypage"), http.StatusOK)
	expectRedirect(t, hanako2.get("/mypage"), "/login?next=%2Fmypage&notice=ended")
	// Signed out, nothing can be ended.
	expectRedirect(t, newBrowser(t, a).post("/mypage/sessions/"+asuPhoneID+"/end", nil), "/login")
	expectStatus(t, asuPhone.get("/mypage"), http.StatusOK)
}

func TestLoginHistory(t *testing.T) {
	a := startApp(t, storetest.New(t))
	stranger := newBrowser(t, a)
	expectStatus(t, stranger.post("/login", url.Values{"email": {demoEmail}, "password": {"wrong-password"}}, "User-Agent", uaAndroidChrome), http.StatusUnauthorized)
	pc := signedInOn(t, a, demoEmail, demoPassword, uaWindowsChrome)
	hanako := signedInOn(t, a, hanakoEmail, hanakoPassword, uaIPhoneSafari)

	// A failed attempt is written after the answer: wait for it.
	var r response
	for range 50 {
		if r = pc.get("/mypage/sessions/history"); strings.Contains(r.Body, "<strong>失敗</strong>") {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	expectStatus(t, r, http.StatusOK)
	expectBody(t, r, "ログイン履歴", "成功", "<strong>失敗</strong>", "Windows の Chrome", "Android の Chrome", "メールアドレス", "直近20件を、90日間保存")
	if strings.Index(r.Body, "Windows の Chrome") > strings.Index(r.Body, "Android の Chrome") {
		t.Error("the newest event is not first")
	}
	h := hanako.get("/mypage/sessions/history")
	expectBody(t, h, "iPhone の Safari")
	if strings.Contains(h.Body, "<strong>失敗</strong>") || strings.Contains(h.Body, "Windows") {
		t.Error("another seeker's history is shown")
	}
	expectRedirect(t, newBrowser(t, a).get("/mypage/sessions/history"), "/login?next=%2Fmypage%2Fsessions%2Fhistory")
}

// idOfDevice returns the id among ids whose section names device.
func idOfDevice(t *testing.T, body string, ids []string, device string) string {
	t.Helper()
	for _, id := range ids {
		form := strings.Index(body, `action="/mypage/sessions/`+id+`/end"`)
		heading := strings.LastIndex(body[:max(form, 0)], "<h2 ")
		if form >= 0 && heading >= 0 && strings.Contains(body[heading:form], ">"+device) {
			return id
		}
	}
	t.Fatalf("no session of %s", device)
	return ""
}

// sessionToken is the token in a browser's session cookie.
func sessionToken(t *testing.T, b *browser) string {
	t.Helper()
	c := b.cookie()
	if c == nil {
		t.Fatal("no session cookie")
	}
	var token string
	if err := decodeCookie(c, &token); err != nil {
		t.Fatal(err)
	}
	return token
}

// decodeCookie reads a session cookie as the app servers do.
func decodeCookie(c *http.Cookie, token *string) error {
	codec := securecookie.New([]byte(secret), nil)
	codec.SetSerializer(securecookie.JSONEncoder{})
	return codec.Decode(c.Name, c.Value, token)
}

// A sign-in from a device and browser the account has not used is told by
// mail, with where to end it; the same device again is not, nor is the
// account's first sign-in.
func TestSignInFromANewDeviceIsToldByMail(t *testing.T) {
	a := startApp(t, storetest.New(t))
	const (
		pc    = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
		phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
	)
	notices := func() int {
		n := 0
		for _, m := range a.mailsTo(t, demoEmail) {
			if strings.HasSuffix(m.Subject, "新しい端末からのログインのお知らせ") {
				n++
			}
		}
		return n
	}
	signIn := func(ua string) {
		t.Helper()
		expectRedirect(t, newBrowser(t, a).post("/login", url.Values{"email": {demoEmail}, "password": {demoPassword}}, "User-Agent", ua), "/mypage")
	}
	signIn(pc)
	signIn(pc)
	if n := notices(); n != 0 {
		t.Fatalf("%d notices for the first device", n)
	}
	signIn(phone)
	if n := notices(); n != 1 {
		t.Fatalf("%d notices after a new phone, want 1", n)
	}
	m := a.lastMail(t, demoEmail)
	for _, want := range []string{"iPhone の Safari", a.URL + "/mypage/sessions", a.URL + "/password/forgot"} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the notice lacks %q:\n%s", want, m.Body)
		}
	}
	signIn(phone)
	if n := notices(); n != 1 {
		t.Errorf("%d notices after the same phone again, want still 1", n)
	}
}
