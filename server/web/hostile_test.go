package web_test

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/store/storetest"
)

// The design rule under attack: bad input gets a clear message in Japanese
// and loses nothing; the server never answers 500 to a user's mistake.

// attack is one hostile request body.
type attack struct {
	name        string
	contentType string
	body        string
}

const formType = "application/x-www-form-urlencoded"

// attacksOn returns the hostile variants of a valid form, corrupting field.
func attacksOn(valid url.Values, field string) []attack {
	with := func(vals ...string) string {
		v := url.Values{}
		for k, vs := range valid {
			v[k] = vs
		}
		v[field] = vals
		return v.Encode()
	}
	return []attack{
		{"oversized body", formType, with("x") + "&pad=" + strings.Repeat("x", 70<<10)},
		{"invalid UTF-8", formType, with("\xff\xfe\xfd")},
		{"invalid UTF-8 after text", formType, with("明日\xe3\x81")},
		{"NUL", formType, with("明日\x00勇気")},
		{"ESC sequence", formType, with("\x1b[31m明日")},
		{"right-to-left override", formType, with("\u202e日明")},
		{"10,000 ASCII characters", formType, with(strings.Repeat("x", 10000))},
		{"10,000 full-width characters", formType, with(strings.Repeat("あ", 10000))},
		{"hostile first of duplicates", formType, with("\xff", "明日 勇気")},
		{"broken percent escape", formType, with("x") + "&" + field + "=%zz%"},
		{"JSON", "application/json", `{"` + field + `":"x","email":"asu.yuki@example.jp"}`},
		{"multipart with garbage", "multipart/form-data; boundary=xyz", "--xyz\r\n\x00\xff garbage"},
		{"multipart without boundary", "multipart/form-data", with("x")},
		{"text/plain", "text/plain", field + "=x\nemail=asu.yuki@example.jp"},
		{"malformed content type", formType + "; charset", with("x")},
		{"no content type", "", with("x")},
	}
}

func (b *browser) send(path string, a attack, headers ...string) response {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.Base+path, strings.NewReader(a.body))
	if a.contentType != "" {
		req.Header.Set("Content-Type", a.contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.do(req)
}

// Phrases of the messages that refuse input; a refusal shows one.
var refusals = []string{
	"使用できない文字", "文字数を超えて", "入力してください", "正しくありません", "選択してください", "形式で",
	"送信されたデータが大きすぎます", "送信された内容を読み取れません", "見つかりません", "同意いただく必要",
	"文字以内", "できません", "既に", "一時的に制限",
}

// expectKind checks the answer to a hostile request: never 5xx; a redirect
// or a whole Japanese HTML page in valid UTF-8 that says what was refused.
func expectKind(t *testing.T, r response) {
	t.Helper()
	if r.Status >= 500 || r.Status < 200 {
		t.Fatalf("status %d; body:\n%.600s", r.Status, r.Body)
	}
	if r.Status == http.StatusSeeOther {
		if !strings.HasPrefix(r.Header.Get("Location"), "/") {
			t.Errorf("redirect to %q", r.Header.Get("Location"))
		}
		return
	}
	if r.Status != http.StatusOK && r.Status < 400 {
		t.Errorf("status %d", r.Status)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type %q; body %.200q", ct, r.Body)
	}
	if !strings.Contains(r.Body, `<html lang="ja">`) {
		t.Errorf("not a whole page: %.300q", r.Body)
	}
	if !utf8.ValidString(r.Body) || strings.ContainsRune(r.Body, 0) {
		t.Errorf("the page holds invalid UTF-8 or NUL")
	}
	if r.Status >= 400 && !containsAny(r.Body, refusals) {
		t.Errorf("status %d without a message:\n%.1500s", r.Status, r.Body)
	}
}

func containsAny(s string, parts []string) bool {
	for _, p := range parts {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// expectCleanStore checks that no invalid UTF-8 or NUL landed in any seeker.
func expectCleanStore(t *testing.T, a *app) {
	t.Helper()
	all, err := a.Store.AllSeekers(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, sk := range all {
		walkStrings(reflect.ValueOf(sk), func(s string) {
			if !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }) >= 0 {
				t.Errorf("seeker %s holds %q", sk.ID, s)
			}
		})
	}
}

func walkStrings(v reflect.Value, f func(string)) {
	switch v.Kind() {
	case reflect.String:
		f(v.String())
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walkStrings(v.Field(i), f)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkStrings(v.Index(i), f)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			walkStrings(k, f)
			walkStrings(v.MapIndex(k), f)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkStrings(v.Elem(), f)
		}
	}
}

func TestHostileSignInAndRegistration(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	const newEmail = "hostile.new@example.jp"
	register := url.Values{"email": {newEmail}, "password": {"Hostile-New-2026"}, "name": {"新規 太郎"},
		"birthdate": {"1990-04-01"}, "agree": {"on"}}
	forms := []struct {
		path  string
		valid url.Values
		field string
	}{
		{"/login", url.Values{"email": {demoEmail}, "password": {demoPassword}}, "email"},
		{"/login", url.Values{"email": {demoEmail}, "password": {demoPassword}}, "password"},
		{"/login", url.Values{"email": {demoEmail}, "password": {demoPassword}}, "next"},
		{"/register", register, "name"},
		{"/register", register, "email"},
		{"/register", register, "birthdate"},
		{"/register", register, "password"},
		{"/reregister", url.Values{"email": {demoEmail}, "password": {demoPassword}}, "email"},
		// Without a MyNaPortal identity the link form sends the browser to
		// /login; TestHostileMyNaPortalLink attacks it with one.
		{"/mynaportal/link", url.Values{"action": {"link"}, "email": {demoEmail}, "password": {demoPassword}}, "action"},
	}
	for _, fm := range forms {
		for _, at := range attacksOn(fm.valid, fm.field) {
			t.Run(fm.path+" "+fm.field+": "+at.name, func(t *testing.T) {
				r := newBrowser(t, a).send(fm.path, at)
				expectKind(t, r)
				if fm.path == "/register" && r.Status == http.StatusSeeOther {
					t.Errorf("registered from a hostile form")
				}
			})
		}
	}
	if _, err := a.Store.LoginByEmail(t.Context(), newEmail); err != store.ErrNotFound {
		t.Errorf("a hostile registration left a login: %v", err)
	}
	if sks, _ := a.Store.SeekersByEmail(t.Context(), newEmail); len(sks) > 0 {
		t.Errorf("a hostile registration left %d seekers", len(sks))
	}
	// And signing in as it fails just like an unknown e-mail.
	unknown := b.signIn("nobody.at.all@example.jp", "Hostile-New-2026")
	r := b.signIn(newEmail, "Hostile-New-2026")
	if r.Status != unknown.Status || r.Status != http.StatusUnauthorized {
		t.Errorf("sign-in as the refused e-mail: %d, unknown: %d", r.Status, unknown.Status)
	}
	expectCleanStore(t, a)
}

func TestHostileMyNaPortalLink(t *testing.T) {
	a := startAppWith(t, storetest.New(t), "sim")
	b := newBrowser(t, a)
	expectBody(t, b.pinAndConsent(a, b.myNaPortal(a), "345678901234", "3456", "accept").response, "新井 翔")
	const newEmail = "arai.hostile@example.jp"
	open := url.Values{"action": {"new"}, "email": {newEmail}, "password": {"Arai-Sho-2026"}, "name": {"新井 翔"},
		"name_kana": {"アライ ショウ"}, "birthdate": {"1998-07-07"}, "agree": {"on"}}
	link := url.Values{"action": {"link"}, "email": {demoEmail}, "password": {demoPassword}}
	for _, fm := range []struct {
		valid url.Values
		field string
	}{{open, "name"}, {open, "email"}, {link, "email"}, {link, "action"}} {
		for _, at := range attacksOn(fm.valid, fm.field) {
			t.Run(fm.valid.Get("action")+" "+fm.field+": "+at.name, func(t *testing.T) {
				r := b.send("/mynaportal/link", at)
				expectKind(t, r)
				if r.Status == http.StatusSeeOther {
					t.Errorf("linked from a hostile form → %s", r.Header.Get("Location"))
				}
			})
		}
	}
	// The identity still waits, and nothing was opened or linked.
	expectStatus(t, b.get("/mynaportal/link"), 200)
	if _, err := a.Store.LoginByEmail(t.Context(), newEmail); err != store.ErrNotFound {
		t.Errorf("a hostile form opened a My Page: %v", err)
	}
	if sk := seekerNow(t, a, "demo-asu-yuki"); sk.MyNaPortalLinkID != "" {
		t.Error("a hostile form linked 明日 勇気")
	}
	expectCleanStore(t, a)
}

func TestHostileSettingsEdits(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	expectRedirect(t, b.signIn(hanakoEmail, hanakoPassword), "/mypage")
	tabs := []struct {
		tab   string
		valid url.Values
		field string
	}{
		{"basic", url.Values{"name": {"山田 花子"}, "name_kana": {"ヤマダ ハナコ"}, "phone": {"06-1234-5678"}}, "name"},
		{"basic", url.Values{"name": {"山田 花子"}, "name_kana": {"ヤマダ ハナコ"}, "phone": {"06-1234-5678"}}, "phone"},
		{"preferences", url.Values{"desired_job": {"経理事務"}, "desired_employment_type": {"正社員"}}, "desired_job"},
		{"preferences", url.Values{"desired_job": {"経理事務"}, "desired_employment_type": {"正社員"}}, "desired_employment_type"},
		{"workplace", url.Values{"desired_prefecture": {"大阪府"}, "desired_wage_unit": {"月給"}, "desired_wage_min": {"250,000"}}, "desired_wage_min"},
		{"workplace", url.Values{"desired_prefecture": {"大阪府"}, "desired_wage_unit": {"月給"}, "desired_wage_min": {"250,000"}}, "desired_prefecture"},
		{"pr", url.Values{"self_pr": {"経理の経験を活かしたいです。"}}, "self_pr"},
	}
	for _, tb := range tabs {
		path := "/mypage/settings/" + tb.tab
		before := b.get(path)
		expectStatus(t, before, 200)
		stored := seekerNow(t, a, "demo-yamada-hanako")
		for _, at := range attacksOn(tb.valid, tb.field) {
			t.Run(tb.tab+" "+tb.field+": "+at.name, func(t *testing.T) {
				r := b.send(path, at)
				expectKind(t, r)
				if r.Status == http.StatusSeeOther {
					t.Fatalf("saved from a hostile form → %s", r.Header.Get("Location"))
				}
				if got := seekerNow(t, a, "demo-yamada-hanako"); !reflect.DeepEqual(got.Profile, stored.Profile) || got.Name != stored.Name || got.NameKana != stored.NameKana {
					t.Errorf("the profile changed: %+v", got.Profile)
				}
			})
		}
		if after := b.get(path); after.Body != before.Body {
			t.Errorf("%s shows something else after the attacks", path)
		}
	}
	// A hostile field beside a valid one is taken as the first value, and
	// what is saved is only ever valid.
	expectRedirect(t, b.send("/mypage/settings/pr", attack{"", formType, "self_pr=" + url.QueryEscape("経理の経験") + "&self_pr=%ff%00"}),
		"/mypage/settings/pr")
	expectCleanStore(t, a)
}

func seekerNow(t *testing.T, a *app, id string) domain.Seeker {
	t.Helper()
	sk, err := a.Store.SeekerByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return sk
}

func TestHostileActions(t *testing.T) {
	a := startApp(t, storetest.New(t))
	// 明日 勇気 has an application in progress, so withdrawal is refused
	// whatever the body; 山田 花子 has none.
	asu, hanako := newBrowser(t, a), newBrowser(t, a)
	expectRedirect(t, asu.signIn(demoEmail, demoPassword), "/mypage")
	expectRedirect(t, hanako.signIn(hanakoEmail, hanakoPassword), "/mypage")
	asuBefore, hanakoBefore := seekerNow(t, a, "demo-asu-yuki"), seekerNow(t, a, "demo-yamada-hanako")
	actions := []struct {
		who   *browser
		path  string
		valid url.Values
		field string
		// unreadableOnly: the form has no fields of its own, so only an
		// unreadable body is a refused request; the others act.
		unreadableOnly bool
	}{
		{hanako, "/mypage/settings/account/status", url.Values{"status": {"inactive"}}, "status", false},
		{asu, "/mypage/withdraw", url.Values{}, "confirm", false},
		{hanako, "/jobs/" + otherJob + "/apply", url.Values{}, "note", true},
	}
	unreadable := map[string]bool{"oversized body": true, "broken percent escape": true, "malformed content type": true}
	for _, ac := range actions {
		for _, at := range attacksOn(ac.valid, ac.field) {
			if ac.unreadableOnly && !unreadable[at.name] {
				continue
			}
			t.Run(ac.path+": "+at.name, func(t *testing.T) {
				r := ac.who.send(ac.path, at)
				expectKind(t, r)
				if r.Status == http.StatusSeeOther {
					t.Errorf("acted on an unreadable form → %s", r.Header.Get("Location"))
				}
			})
		}
	}
	for _, ac := range []struct{ name, path string }{
		{"an unknown application", "/mypage/applications/zzz/cancel"},
		{"a percent-encoded NUL id", "/mypage/applications/%00/cancel"},
		{"an invalid UTF-8 id", "/mypage/applications/%ff%fe/cancel"},
		{"a 10,000-character id", "/mypage/applications/" + strings.Repeat("a", 10000) + "/cancel"},
		{"a traversal id", "/mypage/applications/..%2f..%2fwithdraw/cancel"},
		{"an unknown job", "/jobs/zzz/apply"},
		{"an invalid UTF-8 job", "/jobs/%ff/apply"},
		{"a NUL job", "/jobs/%00/apply"},
		{"a 10,000-character job", "/jobs/" + strings.Repeat("9", 10000) + "/apply"},
		{"an unknown tab", "/mypage/settings/nope"},
		{"a NUL tab", "/mypage/settings/%00"},
		{"an invalid UTF-8 tab", "/mypage/settings/%ff"},
	} {
		t.Run("POST "+ac.name, func(t *testing.T) {
			r := asu.post(ac.path, url.Values{})
			expectKind(t, r)
			if r.Status < 400 {
				t.Errorf("status %d", r.Status)
			}
		})
	}
	asuAfter, hanakoAfter := seekerNow(t, a, "demo-asu-yuki"), seekerNow(t, a, "demo-yamada-hanako")
	if !reflect.DeepEqual(asuAfter, asuBefore) || !reflect.DeepEqual(hanakoAfter, hanakoBefore) {
		t.Errorf("a seeker changed:\n%+v\n%+v", asuAfter, hanakoAfter)
	}
	// Logout, last: an unreadable body still leaves the session alone.
	for _, at := range attacksOn(url.Values{}, "x") {
		if unreadable[at.name] {
			expectKind(t, hanako.send("/logout", at))
		}
	}
	expectStatus(t, hanako.get("/mypage"), 200)
	expectCleanStore(t, a)
}

func TestHostilePages(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	expectRedirect(t, b.signIn(demoEmail, demoPassword), "/mypage")
	long := strings.Repeat("x", 10000)
	for _, tc := range []struct {
		path string
		want int // 0: 200 or 400 with a message
	}{
		{"/jobs?q=%ff%fe", 400},
		{"/jobs?q=%00", 400},
		{"/jobs?q=%1b%5b31m", 400},
		{"/jobs?q=%E2%80%AE" + url.QueryEscape("護介"), 0},
		{"/jobs?q=" + long, 400},
		{"/jobs?q=" + strings.Repeat("%E3%81%82", 10000), 400},
		{"/jobs?q=a&q=%ff&pref=%ff&pref=" + url.QueryEscape("東京都"), 400},
		{"/jobs?type=%00&page=%ff", 400},
		{"/jobs?page=99999999999999999999999", 0},
		{"/jobs?page=-1&q=%zz", 0},
		{"/jobs/../../etc", 404},
		{"/jobs/..%2f..%2fetc", 404},
		{"/jobs/%ff", 404},
		{"/jobs/%00", 404},
		{"/jobs/%E2%80%AE", 404},
		{"/jobs/" + long, 404},
		{"/jobs/13010-28573041%00", 404},
		{"/mypage/settings/nope", 404},
		{"/mypage/settings/%00", 404},
		{"/mypage/settings/%ff", 404},
		{"/mypage/settings/" + long, 404},
		{"/mypage/settings/basic?edit=%ff%00", 200},
		{"/mypage/settings/pr?edit=1&edit=1&saved=1", 200},
		{"/login?next=%ff", 200},
		{"/login?next=/%ff%fe", 200},
		{"/login?next=/%00", 200},
		{"/login?next=/%E2%80%AEevil", 200},
	} {
		t.Run(tc.path[:min(len(tc.path), 60)], func(t *testing.T) {
			who := b
			if strings.HasPrefix(tc.path, "/login") {
				who = newBrowser(t, a)
			}
			r := who.get(tc.path)
			expectKind(t, r)
			switch {
			case tc.want != 0 && r.Status != tc.want:
				t.Errorf("status %d, want %d", r.Status, tc.want)
			case tc.want == 0 && r.Status != 200 && r.Status != 400:
				t.Errorf("status %d", r.Status)
			}
		})
	}
}

func TestHostileTestClock(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	id, start := newTestClock(t, b, "2026-04-01T09:00:00+09:00")
	unmoved := func(t *testing.T) {
		t.Helper()
		if _, now := readTestClock(t, b, id); !now.Equal(start) {
			t.Errorf("the clock moved to %v", now)
		}
	}
	for _, at := range attacksOn(url.Values{}, "by") {
		t.Run("advance "+at.name, func(t *testing.T) {
			r := b.send("/__test/clocks/"+id+"/advance", at)
			if r.Status != http.StatusBadRequest && r.Status != http.StatusRequestEntityTooLarge {
				t.Errorf("status %d: %s", r.Status, r.Body)
			}
			unmoved(t)
		})
	}
	for _, at := range attacksOn(url.Values{}, "time") {
		t.Run("create "+at.name, func(t *testing.T) {
			r := b.send("/__test/clocks", at)
			if r.Status != http.StatusBadRequest && r.Status != http.StatusRequestEntityTooLarge && r.Status != http.StatusCreated {
				t.Errorf("status %d: %s", r.Status, r.Body)
			}
		})
	}
	for _, v := range []url.Values{{"by": {"52704000d"}}, {"by": {"99999999999999999999d"}}, {"by": {"+1d"}}, {"by": {"3w"}}, {"by": {"-1d"}}, {}} {
		expectStatus(t, b.post("/__test/clocks/"+id+"/advance", v), http.StatusBadRequest)
		unmoved(t)
	}
	for _, v := range []url.Values{{"time": {"9999-12-31T23:59:59Z"}}, {"time": {"0001-01-01T00:00:00Z"}}, {"time": {"2026-11-22T10:00:00+99:00"}}, {"time": {"tomorrow"}}} {
		expectStatus(t, b.post("/__test/clocks", v), http.StatusBadRequest)
	}
	expectStatus(t, b.post("/__test/clocks/nope/advance", url.Values{"by": {"1d"}}), http.StatusNotFound)
	expectStatus(t, b.get("/__test/clocks/nope"), http.StatusNotFound)
	// A request naming an unknown clock is refused, not run on the wall clock.
	expectStatus(t, b.get("/login", "Cookie", "mypage_test_clock=nope"), http.StatusBadRequest)
}
