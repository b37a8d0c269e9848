package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hellowork/mypage/server/store/storetest"
)

const (
	demoEmail    = "asu.yuki@example.jp"
	demoPassword = "Asu-Yuki-2026"
)

func TestPublicPages(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	r := b.get("/")
	expectStatus(t, r, 200)
	expectBody(t, r, "仕事をお探しの方", `href="/login"`, `href="/register"`, `href="/jobs"`, "飯田橋公共職業安定所", "ハローワークの所在地情報")
	r = b.get("/jobs/13010-28573041")
	expectStatus(t, r, 200)
	expectBody(t, r, "介護福祉士", "フルタイム", "(1)08時00分～18時00分", "土日祝", "東京都千代田区", "正社員", "205,000円～290,000円")
	expectStatus(t, b.get("/jobs/99999-00000000"), 404)
	expectStatus(t, b.get("/no/such/page"), 404)
	expectStatus(t, b.get("/healthz"), 200)
	expectStatus(t, b.get("/readyz"), 200)
}

func TestSecurityHeaders(t *testing.T) {
	a := startApp(t, storetest.New(t))
	r := newBrowser(t, a).get("/")
	for h, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
		"X-Frame-Options":        "DENY",
	} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	csp := r.Header.Get("Content-Security-Policy")
	for _, p := range []string{"script-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, p) {
			t.Errorf("CSP %q lacks %q", csp, p)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(r.Body, "<script>") {
		t.Error("inline script allowed or present")
	}
	if r.Header.Get("X-Request-ID") == "" {
		t.Error("no request id")
	}
}

func TestStaticAssetsAreHashedAndCached(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	page := b.get("/").Body
	i := strings.Index(page, `href="/static/css/app.`)
	if i < 0 {
		t.Fatal("no hashed stylesheet link")
	}
	link := page[i+6:]
	link = link[:strings.Index(link, `"`)]
	r := b.get(link)
	expectStatus(t, r, 200)
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Errorf("Cache-Control = %q", cc)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("Content-Type = %q", ct)
	}
	expectStatus(t, b.get("/static/embed.go"), 404)
	expectStatus(t, b.get("/static/../server/main.go"), 404)
}

func TestJobSearchPartialAndFullPage(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	full := b.get("/jobs?q=" + url.QueryEscape("介護") + "&pref=" + url.QueryEscape("東京都"))
	expectStatus(t, full, 200)
	expectBody(t, full, "<html", `id="job-results"`, "介護福祉士", `name="q"`)
	if full.Header.Get("Vary") != "HX-Request" {
		t.Errorf("Vary = %q", full.Header.Get("Vary"))
	}
	part := b.get("/jobs?q="+url.QueryEscape("介護")+"&pref="+url.QueryEscape("東京都"), "HX-Request", "true", "HX-Request-Type", "partial")
	expectStatus(t, part, 200)
	expectBody(t, part, `id="job-results"`, "介護福祉士")
	if strings.Contains(part.Body, "<html") || strings.Contains(part.Body, `name="q"`) {
		t.Error("the partial holds the whole page")
	}
	expectBody(t, b.get("/jobs"), "30件中 1～30件を表示")
	page2 := b.get("/jobs?page=2&per=10")
	expectBody(t, page2, "30件中 11～20件を表示", `href="/jobs?page=3&amp;per=10"`, `href="/jobs?per=10"`)
	past := b.get("/jobs?page=999&per=10")
	expectBody(t, past, "30件中 21～30件を表示", "3 / 3 ページ")
	bad := b.get("/jobs?pref=" + url.QueryEscape("火星"))
	expectStatus(t, bad, 400)
	expectBody(t, bad, "都道府県は一覧から選択してください。", "30件中")
	// Wage needs 求人区分: refused next to its field, in a partial out of band.
	noKind := b.get("/jobs?wage=1200", "HX-Request", "true")
	expectStatus(t, noKind, 400)
	expectBody(t, noKind, `id="wage-error" class="field-error" hx-swap-oob="true">賃金で絞り込むときは`, "30件中")
	part2 := b.get("/jobs?kind=parttime&wage=1400&sort=wage")
	expectStatus(t, part2, 200)
	expectBody(t, part2, `<span aria-current="true">賃金の高い順</span>`, `name="sort" value="wage" form="job-search"`)
	if regexp.MustCompile(`月給 [0-9]`).MatchString(part2.Body) || !strings.Contains(part2.Body, "時給 1,300円～1,450円") {
		t.Error("kind=parttime shows a monthly wage")
	}
}

func TestSignInAndOut(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	expectRedirect(t, b.get("/mypage"), "/login?next=%2Fmypage")
	expectRedirect(t, b.signIn(demoEmail, demoPassword), "/mypage")
	first := b.cookie()
	home := b.get("/mypage")
	expectStatus(t, home, 200)
	expectBody(t, home, "明日 勇気 様", "飯田橋公共職業安定所", "2件", "公開中", "介護福祉士", "応募中の求人を全て表示", "ログアウト", "求職活動状況", "求職者情報・設定")
	if strings.Contains(home.Body, "ログイン</a>") {
		t.Error("the signed-in header offers ログイン")
	}
	// A new sign-in replaces the token.
	expectRedirect(t, b.signIn(demoEmail, demoPassword), "/mypage")
	second := b.cookie()
	if first.Value == second.Value {
		t.Error("the session token was not renewed at sign-in")
	}
	replay := newBrowser(t, a)
	replay.Client.Jar.SetCookies(mustURL(a.URL), []*http.Cookie{first})
	expectRedirect(t, replay.get("/mypage"), "/login?next=%2Fmypage")

	expectRedirect(t, b.post("/logout", nil), "/")
	expectRedirect(t, b.get("/mypage"), "/login?next=%2Fmypage")
	// The cookie of the ended session, replayed.
	replay.Client.Jar.SetCookies(mustURL(a.URL), []*http.Cookie{second})
	expectRedirect(t, replay.get("/mypage"), "/login?next=%2Fmypage")
	// Logging out of an ended session lands on the top page too.
	expectRedirect(t, replay.post("/logout", nil), "/")
}

func TestSignedInPages(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	b.signIn(demoEmail, demoPassword)
	expectBody(t, b.get("/mypage/messages"), "メッセージ一覧", "未読")
	expectBody(t, b.get("/mypage/activity"), "求職活動状況", "介護福祉士", "応募中", "選考終了")
	settings := b.get("/mypage/settings")
	expectBody(t, settings, "基本情報", "各種設定", "明日 勇気", "登録日")
	tab := b.get("/mypage/settings/account", "HX-Request", "true", "HX-Request-Type", "partial")
	expectBody(t, tab, `id="settings-panel"`, "求職状態", "有効期限", "利用登録者")
	if strings.Contains(tab.Body, "<html") {
		t.Error("the tab partial holds the whole page")
	}
	expectStatus(t, b.get("/mypage/settings/nope"), 404)
}

func TestNextOnlyToSameSitePaths(t *testing.T) {
	a := startApp(t, storetest.New(t))
	for next, want := range map[string]string{
		"/mypage/activity":      "/mypage/activity",
		"//evil.example/":       "/mypage",
		"https://evil.example/": "/mypage",
		"/\\evil.example":       "/mypage",
		"javascript:alert(1)":   "/mypage",
	} {
		b := newBrowser(t, a)
		r := b.post("/login", url.Values{"email": {demoEmail}, "password": {demoPassword}, "next": {next}})
		expectRedirect(t, r, want)
	}
}

func TestBadCredentialsGetOneAnswer(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	wrong := b.signIn(demoEmail, "wrong-password-1")
	unknown := b.signIn("nobody@example.jp", "wrong-password-1")
	expectStatus(t, wrong, 401)
	expectStatus(t, unknown, 401)
	expectBody(t, wrong, "メールアドレスまたはパスワードが正しくありません。")
	expectBody(t, unknown, "メールアドレスまたはパスワードが正しくありません。")
	if b.cookie() != nil {
		t.Error("a failed sign-in set a session cookie")
	}
	empty := b.post("/login", url.Values{})
	expectStatus(t, empty, 422)
	expectBody(t, empty, "メールアドレスを入力してください。", "パスワードを入力してください。")
}

func TestSignInIsThrottledPerAccount(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	for range 5 {
		expectStatus(t, b.signIn(demoEmail, "wrong-password-1"), 401)
	}
	r := b.signIn(demoEmail, demoPassword)
	expectStatus(t, r, 429)
	expectBody(t, r, "ログインを一時的に制限しています")
	// An unknown account is throttled alike: no enumeration.
	for range 5 {
		b.signIn("nobody@example.jp", "wrong-password-1")
	}
	expectStatus(t, b.signIn("nobody@example.jp", "wrong-password-1"), 429)
	a.Clock.Advance(16 * time.Minute)
	expectRedirect(t, b.signIn(demoEmail, demoPassword), "/mypage")
}

func TestSignInIsThrottledPerClientAddress(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	for i := range 30 {
		b.signIn("guess"+string(rune('a'+i%26))+string(rune('a'+i/26))+"@example.jp", "wrong-password-1")
	}
	expectStatus(t, b.signIn(demoEmail, demoPassword), 429)
}

func TestExpiredSessionTellsWhy(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	b.signIn(demoEmail, demoPassword)
	a.Clock.Advance(29 * time.Minute)
	expectStatus(t, b.get("/mypage"), 200)
	a.Clock.Advance(31 * time.Minute)
	expectRedirect(t, b.get("/mypage/activity"), "/login?next=%2Fmypage%2Factivity&notice=timeout")
	login := b.get("/login?next=%2Fmypage%2Factivity&notice=timeout")
	expectBody(t, login, "一定時間操作がなかったため、自動的にログアウトしました。", `name="next" value="/mypage/activity"`)
}

func TestHtmxGetsHXRedirect(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	r := b.get("/mypage/settings/account", "HX-Request", "true", "HX-Request-Type", "partial")
	if r.Header.Get("HX-Redirect") != "/login" || r.Status != http.StatusNoContent {
		t.Errorf("got %d HX-Redirect %q", r.Status, r.Header.Get("HX-Redirect"))
	}
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	r := b.post("/login", url.Values{"email": {demoEmail}, "password": {demoPassword}}, "Sec-Fetch-Site", "cross-site")
	expectStatus(t, r, 403)
	r = b.post("/logout", nil, "Origin", "https://evil.example")
	expectStatus(t, r, 403)
	if b.cookie() != nil {
		t.Error("a cross-site sign-in set a cookie")
	}
}

func TestOversizedBodyIsRefused(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	r := b.post("/register", url.Values{"name": {strings.Repeat("あ", 100_000)}})
	expectStatus(t, r, http.StatusRequestEntityTooLarge)
	expectBody(t, r, "送信されたデータが大きすぎます")
}

func TestRegistration(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	bad := b.post("/register", url.Values{"email": {"new@example.jp"}, "password": {"short"}, "name": {"新規 太郎"}, "birthdate": {"1990-02-30"}})
	expectStatus(t, bad, 422)
	expectBody(t, bad, "パスワードは10文字以上64文字以内で入力してください。", "正しい日付を入力してください。",
		"利用規約に同意いただく必要があります。", `value="new@example.jp"`, `value="新規 太郎"`, `value="1990-02-30"`)
	if strings.Contains(bad.Body, `value="short"`) {
		t.Error("the password was shown again")
	}
	ok := url.Values{"email": {"New@Example.jp"}, "password": {"Shinki-Taro-2026"}, "name": {"新規 太郎"}, "birthdate": {"1990-04-01"}, "agree": {"on"}}
	b.register(a, ok)
	home := b.get("/mypage")
	expectBody(t, home, "求職者マイページを開設しました。", "新規 太郎 様", "0件", "ありません")
	b.post("/logout", nil)
	expectRedirect(t, b.signIn("new@example.jp", "Shinki-Taro-2026"), "/mypage")
	// The same address again: the same answer as for a new one, never a
	// page that tells the address has a My Page.
	again := newBrowser(t, a).post("/register", ok)
	expectRedirect(t, again, "/register/sent")
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// Every page has a meta description (search engines show it); the top,
// 求人検索 and each posting have their own, and a posting's names it.
func TestMetaDescriptions(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	desc := regexp.MustCompile(`<meta name="description" content="([^"]+)">`)
	seen := map[string]string{}
	for _, path := range []string{"/", "/jobs", "/login", "/register"} {
		r := b.get(path)
		expectStatus(t, r, 200)
		m := desc.FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatalf("%s has no meta description", path)
		}
		seen[path] = m[1]
	}
	if seen["/"] == seen["/jobs"] || seen["/"] == seen["/login"] || seen["/jobs"] == seen["/login"] {
		t.Errorf("the top and 求人検索 share a description: %q", seen)
	}
	jobs := b.get("/jobs")
	link := regexp.MustCompile(`href="(/jobs/[0-9]+-[0-9]+)"`).FindStringSubmatch(jobs.Body)
	if link == nil {
		t.Fatal("no posting on /jobs")
	}
	job := b.get(link[1])
	m := desc.FindStringSubmatch(job.Body)
	title := regexp.MustCompile(`<h1[^>]*>([^<]+)</h1>`).FindStringSubmatch(job.Body)
	if m == nil || title == nil || !strings.HasPrefix(m[1], strings.TrimSpace(title[1])+"の求人") {
		t.Errorf("the posting's description %q does not name it (%q)", m, title)
	}
	if n := utf8.RuneCountInString(html.UnescapeString(m[1])); n > 150 {
		t.Errorf("the posting's description is %d characters long", n)
	}
}

// htmx is loaded by the pages that use it (求人検索, 求職者情報・設定,
// ログイン中の端末) and only by them: a page with an hx- attribute needs it;
// on any other a phone would run it for nothing.
func TestHTMXOnlyWhereUsed(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	script := regexp.MustCompile(`<script src="/static/vendor/htmx-[^"]+" defer></script>`)
	uses := regexp.MustCompile(`\shx-[a-z-]+=`)
	check := func(path string, want bool) {
		t.Helper()
		r := b.get(path)
		expectStatus(t, r, 200)
		loaded := script.MatchString(r.Body)
		if loaded != want {
			t.Errorf("%s: htmx loaded %v, want %v", path, loaded, want)
		}
		if uses.MatchString(r.Body) && !loaded {
			t.Errorf("%s has hx- attributes but no htmx", path)
		}
	}
	check("/", false)
	check("/jobs", true)
	check("/jobs/13010-28573041", false)
	check("/login", false)
	b.signIn(demoEmail, demoPassword)
	check("/mypage", false)
	check("/mypage/activity", false)
	check("/mypage/settings", true)
	check("/mypage/settings/account", true)
	// ログイン中の端末 ends other sessions in place: another one to end.
	newBrowser(t, a).signIn(demoEmail, demoPassword)
	check("/mypage/sessions", true)
	check("/jobs/13010-28573041", false)
}
