package mynaportal

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

type profileClaims struct {
	Name      string `json:"name"`
	NameKana  string `json:"name_kana"`
	Birthdate string `json:"birthdate"`
	Address   struct {
		Formatted string `json:"formatted"`
	} `json:"address"`
}

func TestCodeFlowWithPKCE(t *testing.T) {
	s := startSim(t, "")
	b := newBrowser(t)
	r := mypageRP(t, s)
	f := r.newFlow(t)

	resp := f.start(t, b)
	page(t, resp, "/login")
	for _, want := range []string{bannerText, `lang="ja"`, "マイナンバーカードの番号（12桁）", "暗証番号（4桁）", ">ログイン</button>"} {
		if !strings.Contains(resp.text, want) {
			t.Errorf("login page lacks %q", want)
		}
	}

	resp = s.login(t, b, resp, cardAsu.CardNumber, cardAsu.PIN)
	page(t, resp, "/consent")
	for _, want := range []string{bannerText, clientDisplayName, "利用者識別子", "氏名", "氏名（フリガナ）", "生年月日", "住所", ">同意する</button>", ">同意しない</button>"} {
		if !strings.Contains(resp.text, want) {
			t.Errorf("consent page lacks %q", want)
		}
	}

	resp = s.consent(t, b, resp, "accept")
	code := f.code(t, resp)

	// The code is bound to the PKCE verifier: a wrong one is refused.
	wrong := *f
	wrong.verifier = oauth2.GenerateVerifier()
	if _, err := r.oauth.Exchange(context.Background(), code, oauth2.VerifierOption(wrong.verifier)); err == nil {
		t.Fatal("exchange with a wrong code_verifier succeeded")
	}
	// And a code works once: the failed attempt above used it up.
	if _, err := r.oauth.Exchange(context.Background(), code, oauth2.VerifierOption(f.verifier)); err == nil {
		t.Fatal("a code was redeemed twice")
	}

	// A fresh sign-in (same session: no PIN, no consent) for the happy path.
	f, tok := s.signInAgain(t, b, r)
	idt, err := f.verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(idt.Audience, "mypage") {
		t.Errorf("aud %v lacks mypage", idt.Audience)
	}
	if idt.Issuer != s.url {
		t.Errorf("iss %q, want %q", idt.Issuer, s.url)
	}
	// A standard provider in the code flow: the ID token names the person by
	// sub alone; the claims of profile and address come from userinfo.
	var c profileClaims
	if err := idt.Claims(&c); err != nil {
		t.Fatal(err)
	}
	if c != (profileClaims{}) {
		t.Errorf("ID token carries %+v; those claims belong to userinfo", c)
	}
	ui, err := r.provider.UserInfo(context.Background(), oauth2.StaticTokenSource(tok))
	if err != nil {
		t.Fatal(err)
	}
	var uc profileClaims
	if err := ui.Claims(&uc); err != nil {
		t.Fatal(err)
	}
	if ui.Subject != idt.Subject {
		t.Errorf("userinfo sub %s, ID token sub %s", ui.Subject, idt.Subject)
	}
	if uc.Name != cardAsu.Name || uc.NameKana != cardAsu.NameKana || uc.Birthdate != cardAsu.Birthdate || uc.Address.Formatted != cardAsu.Address {
		t.Errorf("userinfo claims %+v do not match %+v", uc, cardAsu)
	}
}

// The IDTokenClaims test switch puts the claims in the ID token as well, for
// the path of providers without userinfo.
func TestIDTokenClaimsSwitch(t *testing.T) {
	s := startSimConfig(t, Config{IDTokenClaims: true})
	b := newBrowser(t)
	r := mypageRP(t, s)
	s.signIn(t, b, r, cardAsu)
	f, tok := s.signInAgain(t, b, r)
	idt, err := f.verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	var c profileClaims
	if err := idt.Claims(&c); err != nil {
		t.Fatal(err)
	}
	if c.Name != cardAsu.Name || c.NameKana != cardAsu.NameKana || c.Birthdate != cardAsu.Birthdate || c.Address.Formatted != cardAsu.Address {
		t.Errorf("ID token claims %+v do not match %+v", c, cardAsu)
	}
	// The same claims come from userinfo.
	ui, err := r.provider.UserInfo(context.Background(), oauth2.StaticTokenSource(tok))
	if err != nil {
		t.Fatal(err)
	}
	var uc profileClaims
	if err := ui.Claims(&uc); err != nil {
		t.Fatal(err)
	}
	if ui.Subject != idt.Subject || uc != c {
		t.Errorf("userinfo %s %+v differs from ID token %s %+v", ui.Subject, uc, idt.Subject, c)
	}
}

func TestSubIsPairwise(t *testing.T) {
	s := startSim(t, "")
	b := newBrowser(t)
	mypage := mypageRP(t, s)
	other := newRP(t, s, "other", "other-secret", otherRedir)

	first := s.signIn(t, b, mypage, cardAsu)

	// The other client gets its own consent screen, but no PIN.
	f := other.newFlow(t)
	resp := f.start(t, b)
	page(t, resp, "/consent")
	resp = s.consent(t, b, resp, "accept")
	idOther, err := f.verify(f.exchange(t, f.code(t, resp)))
	if err != nil {
		t.Fatal(err)
	}

	f2, tok := s.signInAgain(t, b, mypage)
	again, err := f2.verify(tok)
	if err != nil {
		t.Fatal(err)
	}

	if first.Subject == idOther.Subject {
		t.Error("two clients got the same sub")
	}
	if first.Subject != again.Subject {
		t.Errorf("sub not stable for one client: %s then %s", first.Subject, again.Subject)
	}
	m := hmac.New(sha256.New, []byte(testPairwise))
	m.Write([]byte("mypage|" + cardAsu.CardNumber))
	if want := base64.RawURLEncoding.EncodeToString(m.Sum(nil)); first.Subject != want {
		t.Errorf("sub %s, want HMAC %s", first.Subject, want)
	}

	// Another card holder, another sub.
	b2 := newBrowser(t)
	if id := s.signIn(t, b2, mypage, cardYamada); id.Subject == first.Subject {
		t.Error("two card holders got the same sub")
	}
}

func TestAuthorizeWithoutS256IsRefused(t *testing.T) {
	s := startSim(t, "")
	b := newBrowser(t)
	r := mypageRP(t, s)

	cases := map[string][]oauth2.AuthCodeOption{
		"no PKCE": nil,
		"plain": {
			oauth2.SetAuthURLParam("code_challenge", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq"),
			oauth2.SetAuthURLParam("code_challenge_method", "plain"),
		},
		"challenge without method": {
			oauth2.SetAuthURLParam("code_challenge", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq"),
		},
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			resp := get(t, b, r.oauth.AuthCodeURL("st-"+name, append(opts, oidc.Nonce("n"))...))
			q := backAtRP(t, resp, mypageRedir)
			if q.Get("error") != "invalid_request" || q.Get("state") != "st-"+name {
				t.Fatalf("got %v, want invalid_request with state", q)
			}
		})
	}
}

func TestSecondSignInAsksNoPIN(t *testing.T) {
	s := startSim(t, "")
	b := newBrowser(t)
	r := mypageRP(t, s)
	s.signIn(t, b, r, cardAsu)

	// start() must come straight back to the RP: no login page, no consent page.
	f, tok := s.signInAgain(t, b, r)
	idt, err := f.verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	ui, err := r.provider.UserInfo(context.Background(), oauth2.StaticTokenSource(tok))
	if err != nil {
		t.Fatal(err)
	}
	var c profileClaims
	ui.Claims(&c)
	if ui.Subject != idt.Subject || c.Name != cardAsu.Name {
		t.Errorf("userinfo %s name %q", ui.Subject, c.Name)
	}

	// prompt=login forces the PIN even so.
	f = r.newFlow(t)
	resp := get(t, b, r.oauth.AuthCodeURL(f.state, oauth2.S256ChallengeOption(f.verifier), oidc.Nonce(f.nonce), oauth2.SetAuthURLParam("prompt", "login")))
	page(t, resp, "/login")
}

func TestSimulatorLogout(t *testing.T) {
	s := startSim(t, "")
	b := newBrowser(t)
	r := mypageRP(t, s)

	resp := get(t, b, s.url+"/")
	page(t, resp, "/")
	if !strings.Contains(resp.text, "ログインしていません。") || strings.Contains(resp.text, "<form") {
		t.Errorf("signed-out top page:\n%s", resp.text)
	}

	s.signIn(t, b, r, cardAsu)
	resp = get(t, b, s.url+"/")
	if !strings.Contains(resp.text, cardAsu.Name) || !strings.Contains(resp.text, ">ログアウト</button>") {
		t.Fatalf("signed-in top page lacks name or button:\n%s", resp.text)
	}

	resp = post(t, b, s.url+"/logout", nil)
	page(t, resp, "/")
	if !strings.Contains(resp.text, "ログアウトしました") || !strings.Contains(resp.text, "ログインしていません。") || strings.Contains(resp.text, cardAsu.Name) {
		t.Errorf("top page after logout:\n%s", resp.text)
	}
	for _, c := range resp.Request.Response.Cookies() {
		if c.Name == "mynaportal_session" && c.MaxAge >= 0 {
			t.Errorf("session cookie not expired: %+v", c)
		}
	}

	// The next sign-in asks for the PIN again.
	f := r.newFlow(t)
	page(t, f.start(t, b), "/login")

	// Logging out when signed out is harmless.
	page(t, post(t, b, s.url+"/logout", nil), "/")
}

func TestConsentDenied(t *testing.T) {
	s := startSim(t, "")
	b := newBrowser(t)
	r := mypageRP(t, s)
	f := r.newFlow(t)

	resp := f.start(t, b)
	resp = s.login(t, b, resp, cardYamada.CardNumber, cardYamada.PIN)
	page(t, resp, "/consent")
	id := authRequestID(resp)
	resp = s.consent(t, b, resp, "deny")
	q := backAtRP(t, resp, mypageRedir)
	if q.Get("error") != "access_denied" || q.Get("state") != f.state || q.Get("code") != "" {
		t.Fatalf("got %v, want access_denied with state %s", q, f.state)
	}

	// The request is gone: answering it again is refused, without a 500.
	resp = post(t, b, s.url+"/consent", url.Values{"authRequestID": {id}, "decision": {"accept"}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("consent to a finished request: %d", resp.StatusCode)
	}

	// Denying does not remember anything: the next sign-in asks for consent again.
	f = r.newFlow(t)
	page(t, f.start(t, b), "/consent")
}

func TestCallbackNeedsTheSessionThatConsented(t *testing.T) {
	s := startSim(t, "")
	victim := newBrowser(t)
	r := mypageRP(t, s)
	f := r.newFlow(t)
	resp := f.start(t, victim)
	resp = s.login(t, victim, resp, cardAsu.CardNumber, cardAsu.PIN)
	id := authRequestID(resp)

	// Someone who learnt the auth request ID, with a session of their own.
	attacker := newBrowser(t)
	s.signIn(t, attacker, r, cardYamada)
	for _, b := range []*http.Client{attacker, newBrowser(t)} {
		resp = get(t, b, s.url+"/authorize/callback?id="+url.QueryEscape(id))
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
			t.Fatalf("callback for someone else's request: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp = post(t, b, s.url+"/consent", url.Values{"authRequestID": {id}, "decision": {"accept"}})
		if resp.Request.URL.Path != "/login" && resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("consent for someone else's request: %d at %s", resp.StatusCode, resp.Request.URL)
		}
	}
}

func TestDiscoveryAndHeaders(t *testing.T) {
	s := startSim(t, "")
	resp := get(t, http.DefaultClient, s.url+"/.well-known/openid-configuration")
	var d map[string]any
	if err := json.Unmarshal([]byte(resp.text), &d); err != nil {
		t.Fatal(err)
	}
	if d["issuer"] != s.url {
		t.Errorf("issuer %v", d["issuer"])
	}
	if got, _ := json.Marshal(d["code_challenge_methods_supported"]); string(got) != `["S256"]` {
		t.Errorf("code_challenge_methods_supported %s", got)
	}
	if got, _ := json.Marshal(d["response_types_supported"]); string(got) != `["code"]` {
		t.Errorf("response_types_supported %s", got)
	}
	if _, ok := d["end_session_endpoint"]; ok {
		t.Error("end_session_endpoint advertised")
	}
	if resp := get(t, http.DefaultClient, s.url+"/end_session"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("end_session: %d", resp.StatusCode)
	}

	resp = get(t, http.DefaultClient, s.url+"/")
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'none'", "frame-ancestors 'none'", "form-action 'self' http://rp.test"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(resp.text, "<script") || strings.Contains(resp.text, "style=") {
		t.Error("inline script or style on the top page")
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
	if resp := get(t, http.DefaultClient, s.url+"/static/sim.css"); resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Errorf("sim.css: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestSessionCookie(t *testing.T) {
	s := startSim(t, "")
	b := newBrowser(t)
	r := mypageRP(t, s)
	f := r.newFlow(t)
	resp := f.start(t, b)
	resp = s.login(t, b, resp, cardAsu.CardNumber, cardAsu.PIN)
	var found bool
	for _, via := range []*http.Response{resp.Response, resp.Request.Response} {
		if via == nil {
			continue
		}
		for _, c := range via.Cookies() {
			if c.Name != "mynaportal_session" {
				continue
			}
			found = true
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || len(c.Value) < 43 {
				t.Errorf("cookie %+v", c)
			}
		}
	}
	if !found {
		t.Fatal("no mynaportal_session cookie set at sign-in")
	}
}

func TestSessionIdleTimeout(t *testing.T) {
	var mu sync.Mutex
	clock := time.Now()
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	advance := func(d time.Duration) { mu.Lock(); clock = clock.Add(d); mu.Unlock() }

	s := startSimWith(t, "", now)
	b := newBrowser(t)
	r := mypageRP(t, s)
	s.signIn(t, b, r, cardAsu)

	// Used within 30 minutes: still signed in, and each use counts.
	advance(29 * time.Minute)
	s.signInAgain(t, b, r)
	advance(29 * time.Minute)
	if resp := get(t, b, s.url+"/"); !strings.Contains(resp.text, cardAsu.Name) {
		t.Fatal("session ended although it was used within 30 minutes")
	}

	advance(31 * time.Minute)
	if resp := get(t, b, s.url+"/"); !strings.Contains(resp.text, "ログインしていません。") {
		t.Fatal("session alive after 31 idle minutes")
	}
	page(t, r.newFlow(t).start(t, b), "/login")
}
