package mynaportal

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestThreeWrongPINsLockTheCard(t *testing.T) {
	s := startSim(t, "")
	b := newBrowser(t)
	r := mypageRP(t, s)
	f := r.newFlow(t)
	login := f.start(t, b)
	page(t, login, "/login")

	for _, want := range []string{"あと2回", "あと1回"} {
		resp := s.login(t, b, login, cardSpare.CardNumber, "0000")
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(resp.text, want) {
			t.Fatalf("wrong PIN: %d, want %q in\n%s", resp.StatusCode, want, resp.text)
		}
	}
	resp := s.login(t, b, login, cardSpare.CardNumber, "0000")
	if !strings.Contains(resp.text, "暗証番号を3回続けて間違えたため、このカードはロックされました。") {
		t.Fatalf("third wrong PIN: %d\n%s", resp.StatusCode, resp.text)
	}

	// Locked: the right PIN is refused too, and the lock survives a restart.
	resp = s.login(t, b, login, cardSpare.CardNumber, cardSpare.PIN)
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(resp.text, "ロックされています") {
		t.Fatalf("right PIN on a locked card: %d\n%s", resp.StatusCode, resp.text)
	}
	s2 := startSim(t, s.dataDir)
	b2 := newBrowser(t)
	f2 := mypageRP(t, s2).newFlow(t)
	login2 := f2.start(t, b2)
	if resp := s2.login(t, b2, login2, cardSpare.CardNumber, cardSpare.PIN); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("lock not persisted: %d", resp.StatusCode)
	}

	// Other cards are not affected.
	b3 := newBrowser(t)
	s.signIn(t, b3, r, cardAsu)

	// Counter staff unlock it while the simulator runs.
	if err := UnlockCard(s.dataDir, cardSpare.CardNumber); err != nil {
		t.Fatal(err)
	}
	resp = s.login(t, b, login, cardSpare.CardNumber, cardSpare.PIN)
	page(t, resp, "/consent")

	// After an unlock the count starts again from zero.
	s.signIn(t, newBrowser(t), r, cardSpare)
	lf, err := readLocks(s.dataDir)
	if err != nil || len(lf.Cards) != 0 {
		t.Errorf("lock file after unlock and sign-in: %+v %v", lf, err)
	}
}

func TestRightPINResetsTheCount(t *testing.T) {
	s := startSim(t, "")
	r := mypageRP(t, s)
	for range 3 {
		b := newBrowser(t)
		login := r.newFlow(t).start(t, b)
		s.login(t, b, login, cardSpare.CardNumber, "9999")
		s.login(t, b, login, cardSpare.CardNumber, "9999")
		// Two wrong, then right: never locked.
		page(t, s.login(t, b, login, cardSpare.CardNumber, cardSpare.PIN), "/consent")
	}
}

func TestUnlockCard(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "mynaportal")
	if err := UnlockCard(dir, cardSpare.CardNumber); err != nil {
		t.Fatalf("unlocking an unlocked card: %v", err)
	}
	if err := UnlockCard(dir, "999999999999"); err == nil {
		t.Error("unknown card unlocked")
	}
	if err := UnlockCard("", cardSpare.CardNumber); err == nil {
		t.Error("no data dir accepted")
	}
	if err := os.WriteFile(filepath.Join(dir, lockFileName), []byte("{not json"), 0o600); err == nil {
		if err := UnlockCard(dir, cardSpare.CardNumber); err == nil {
			t.Error("corrupt lock file not reported")
		}
	}
}

func TestLoginInputValidation(t *testing.T) {
	s := startSim(t, "")
	b := newBrowser(t)
	login := mypageRP(t, s).newFlow(t).start(t, b)
	id := authRequestID(login)

	cases := []struct {
		name, card, pin string
		status          int
		want            string
	}{
		{"empty", "", "", 422, "マイナンバーカードの番号を入力してください。"},
		{"letters", "12345678901a", "1234", 422, "マイナンバーカードの番号は数字で入力してください。"},
		{"short", "12345678901", "1234", 422, "マイナンバーカードの番号は12桁で入力してください。"},
		{"long", "1234567890123", "1234", 422, "マイナンバーカードの番号は12桁で入力してください。"},
		{"no PIN", cardAsu.CardNumber, "", 422, "暗証番号を入力してください。"},
		{"PIN letters", cardAsu.CardNumber, "12a4", 422, "暗証番号は4桁の数字で入力してください。"},
		{"PIN long", cardAsu.CardNumber, "12345", 422, "暗証番号は4桁の数字で入力してください。"},
		{"markup", "<script>", "<b>", 422, "&lt;script&gt;"},
		{"unknown card", "999999999999", "1234", 401, "登録されていません"},
		{"huge", strings.Repeat("9", 100000), "1234", 400, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp := post(t, b, s.url+"/login", url.Values{"authRequestID": {id}, "card_number": {c.card}, "pin": {c.pin}})
			if resp.StatusCode != c.status || !strings.Contains(resp.text, c.want) || !strings.Contains(resp.text, bannerText) {
				t.Fatalf("%d, want %d with %q\n%s", resp.StatusCode, c.status, c.want, resp.text)
			}
		})
	}

	// Full-width digits and separators are what people type; they are accepted.
	resp := post(t, b, s.url+"/login", url.Values{"authRequestID": {id}, "card_number": {"１２３４ ５６７８-９０１２"}, "pin": {"１２３４"}})
	page(t, resp, "/consent")
}

// TestBadInputsNever500 throws malformed requests at every endpoint.
func TestBadInputsNever500(t *testing.T) {
	s := startSim(t, "")
	b := newBrowser(t)
	u := s.url
	type req struct {
		method, path, body, contentType string
		header                          map[string]string
		want                            int
	}
	form := "application/x-www-form-urlencoded"
	reqs := []req{
		{method: "GET", path: "/login", want: 400},
		{method: "GET", path: "/login?authRequestID=nope", want: 400},
		{method: "GET", path: "/login?authRequestID=%zz", want: 400},
		{method: "POST", path: "/login", body: "authRequestID=nope&card_number=123456789012&pin=1234", contentType: form, want: 400},
		{method: "POST", path: "/login", body: "%zz=%zz", contentType: form, want: 400},
		{method: "POST", path: "/login", body: strings.Repeat("a", maxBodyBytes+10), contentType: form, want: 400},
		{method: "GET", path: "/consent?authRequestID=nope", want: 400},
		{method: "POST", path: "/consent", body: "authRequestID=nope&decision=accept", contentType: form, want: 400},
		{method: "GET", path: "/authorize", want: 400},
		{method: "GET", path: "/authorize?client_id=nobody&redirect_uri=http://evil.test/&response_type=code&scope=openid", want: 400},
		{method: "GET", path: "/authorize?client_id=mypage&redirect_uri=http://evil.test/&response_type=code&scope=openid", want: 400},
		{method: "GET", path: "/authorize?client_id=mypage&redirect_uri=" + url.QueryEscape(mypageRedir) + "&response_type=code&scope=openid&max_age=abc", want: 400},
		{method: "GET", path: "/authorize/callback", want: 400},
		{method: "GET", path: "/authorize/callback?id=nope", want: 400},
		{method: "POST", path: "/oauth/token", body: "grant_type=authorization_code&code=nope", contentType: form, want: 400},
		{method: "POST", path: "/oauth/token", body: "grant_type=authorization_code&code=nope", contentType: form, header: map[string]string{"Authorization": "Basic JXp6OnNlY3JldA=="}, want: 401}, // "%zz:secret"
		{method: "POST", path: "/oauth/token", body: "%zz", contentType: form, want: 400},
		{method: "POST", path: "/oauth/token", body: "grant_type=password", contentType: form, want: 400},
		{method: "POST", path: "/oauth/token", body: "grant_type=refresh_token&refresh_token=x", contentType: form, header: map[string]string{"Authorization": "Basic bXlwYWdlOm15cGFnZS1kZW1vLXNlY3JldA=="}, want: 400},
		{method: "GET", path: "/userinfo", want: 401},
		{method: "GET", path: "/userinfo", header: map[string]string{"Authorization": "Bearer garbage"}, want: 401},
		{method: "POST", path: "/qa/spoil", body: "kind=bogus", contentType: form, want: 422},
		{method: "POST", path: "/qa/spoil", body: "%zz", contentType: form, want: 400},
		{method: "GET", path: "/nowhere", want: 404},
		{method: "POST", path: "/logout", header: map[string]string{"Sec-Fetch-Site": "cross-site"}, want: 403},
		{method: "POST", path: "/qa/spoil", body: "kind=nonce", contentType: form, header: map[string]string{"Origin": "http://evil.test"}, want: 403},
	}
	for _, rq := range reqs {
		t.Run(rq.method+" "+rq.path[:min(len(rq.path), 60)], func(t *testing.T) {
			hr, err := http.NewRequest(rq.method, u+rq.path, strings.NewReader(rq.body))
			if err != nil {
				t.Fatal(err)
			}
			if rq.contentType != "" {
				hr.Header.Set("Content-Type", rq.contentType)
			}
			for k, v := range rq.header {
				hr.Header.Set(k, v)
			}
			resp, err := b.Do(hr)
			if err != nil {
				t.Fatal(err)
			}
			r := read(t, resp)
			if r.StatusCode != rq.want {
				t.Fatalf("status %d, want %d\n%s", r.StatusCode, rq.want, r.text)
			}
			if strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") && !strings.Contains(r.text, bannerText) {
				t.Errorf("HTML page without the banner:\n%s", r.text)
			}
		})
	}
	if got := strings.TrimSpace(get(t, b, u+"/qa/spoil").text); got != "none" {
		t.Errorf("a refused cross-origin POST changed the QA switch: %s", got)
	}
}
