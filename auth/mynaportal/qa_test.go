package mynaportal

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
)

func TestSpoiledIDTokens(t *testing.T) {
	s := startSim(t, "")
	b := newBrowser(t)
	r := mypageRP(t, s)
	s.signIn(t, b, r, cardAsu) // the session skips PIN and consent from now on; go-oidc has the keys cached

	cases := []struct {
		kind  string
		check func(error) bool
	}{
		{spoilSignature, func(err error) bool { return err != nil && strings.Contains(err.Error(), "failed to verify signature") }},
		{spoilNonce, func(err error) bool { return errors.Is(err, errNonceMismatch) }},
		{spoilExpired, func(err error) bool { var e *oidc.TokenExpiredError; return errors.As(err, &e) }},
	}
	for _, c := range cases {
		t.Run(c.kind, func(t *testing.T) {
			resp := post(t, b, s.url+"/qa/spoil", url.Values{"kind": {c.kind}})
			page(t, resp, "/qa")
			if got := strings.TrimSpace(get(t, b, s.url+"/qa/spoil").text); got != c.kind {
				t.Fatalf("pending %q, want %q", got, c.kind)
			}

			f, tok := s.signInAgain(t, b, r)
			_, err := f.verify(tok)
			if !c.check(err) {
				t.Fatalf("spoiled %s token: verify error %v", c.kind, err)
			}
			// The access token itself is unharmed.
			if _, err := r.provider.UserInfo(t.Context(), r.oauth.TokenSource(t.Context(), tok)); err != nil {
				t.Errorf("userinfo with the access token: %v", err)
			}

			// Once only.
			if got := strings.TrimSpace(get(t, b, s.url+"/qa/spoil").text); got != spoilNone {
				t.Errorf("pending after use %q", got)
			}
			f, tok = s.signInAgain(t, b, r)
			if _, err := f.verify(tok); err != nil {
				t.Errorf("the token after a spoiled one: %v", err)
			}
		})
	}

	// "none" takes back a pending spoil.
	post(t, b, s.url+"/qa/spoil", url.Values{"kind": {spoilExpired}})
	post(t, b, s.url+"/qa/spoil", url.Values{"kind": {spoilNone}})
	f, tok := s.signInAgain(t, b, r)
	if _, err := f.verify(tok); err != nil {
		t.Errorf("after none: %v", err)
	}
}

// A failed token request does not use up the pending spoil.
func TestSpoilWaitsForASuccessfulTokenResponse(t *testing.T) {
	s := startSim(t, "")
	b := newBrowser(t)
	post(t, b, s.url+"/qa/spoil", url.Values{"kind": {spoilNonce}})
	resp, err := http.PostForm(s.url+"/oauth/token", url.Values{"grant_type": {"authorization_code"}, "code": {"nope"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := strings.TrimSpace(get(t, b, s.url+"/qa/spoil").text); got != spoilNonce {
		t.Errorf("pending %q after a failed token request", got)
	}
	page := get(t, b, s.url+"/qa")
	for _, want := range []string{bannerText, "壊し方", `name="kind"`, `value="signature"`, `value="nonce"`, `value="expired"`, `value="none"`, ">設定する</button>"} {
		if !strings.Contains(page.text, want) {
			t.Errorf("QA page lacks %q", want)
		}
	}
}

// Outside test mode the QA switch does not exist: nobody who reaches the
// simulator can spoil another person's sign-in.
func TestQASwitchOnlyInTestMode(t *testing.T) {
	h, err := New(Config{Issuer: "http://127.0.0.1:9", DataDir: t.TempDir(), Clients: []Client{DemoClient("http://127.0.0.1:8/cb")}})
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range []*http.Request{
		httptestRequest("GET", "/qa", ""),
		httptestRequest("GET", "/qa/spoil", ""),
		httptestRequest("POST", "/qa/spoil", "kind=nonce"),
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusNotFound {
			t.Errorf("%s %s = %d, want 404", req.Method, req.URL.Path, w.Code)
		}
	}
}

func httptestRequest(method, path, body string) *http.Request {
	r := httptest.NewRequest(method, "http://127.0.0.1:9"+path, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return r
}
