package mynaportal

import (
	"encoding/json"
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
			resp := post(t, b, s.url+"/qa/spoil", url.Values{"card": {cardAsu.CardNumber}, "kind": {c.kind}})
			page(t, resp, "/qa")
			if got := strings.TrimSpace(get(t, b, s.url+"/qa/spoil?card="+cardAsu.CardNumber).text); got != c.kind {
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
			if got := strings.TrimSpace(get(t, b, s.url+"/qa/spoil?card="+cardAsu.CardNumber).text); got != spoilNone {
				t.Errorf("pending after use %q", got)
			}
			f, tok = s.signInAgain(t, b, r)
			if _, err := f.verify(tok); err != nil {
				t.Errorf("the token after a spoiled one: %v", err)
			}
		})
	}

	// "none" takes back a pending spoil.
	post(t, b, s.url+"/qa/spoil", url.Values{"card": {cardAsu.CardNumber}, "kind": {spoilExpired}})
	post(t, b, s.url+"/qa/spoil", url.Values{"card": {cardAsu.CardNumber}, "kind": {spoilNone}})
	f, tok := s.signInAgain(t, b, r)
	if _, err := f.verify(tok); err != nil {
		t.Errorf("after none: %v", err)
	}
}

// A failed token request does not use up the pending spoil.
func TestSpoilWaitsForASuccessfulTokenResponse(t *testing.T) {
	s := startSim(t, "")
	b := newBrowser(t)
	post(t, b, s.url+"/qa/spoil", url.Values{"card": {cardAsu.CardNumber}, "kind": {spoilNonce}})
	resp, err := http.PostForm(s.url+"/oauth/token", url.Values{"grant_type": {"authorization_code"}, "code": {"nope"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := strings.TrimSpace(get(t, b, s.url+"/qa/spoil?card="+cardAsu.CardNumber).text); got != spoilNonce {
		t.Errorf("pending %q after a failed token request", got)
	}
	page := get(t, b, s.url+"/qa?card="+cardAsu.CardNumber)
	for _, want := range []string{bannerText, "壊し方", `name="card"`, `name="kind"`, `value="signature"`, `value="nonce"`, `value="expired"`, `value="none"`, ">設定する</button>"} {
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

// A spoil is for one card: the next token of another card is unharmed, and
// a fresh card issued for QA signs in like a demo card.
func TestSpoilIsPerCardAndFreshCards(t *testing.T) {
	s := startSim(t, "")
	res, err := http.Post(s.url+"/qa/cards", "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	var fresh struct{ Number, Pin, Name, Birthdate, Address string }
	if err := json.NewDecoder(res.Body).Decode(&fresh); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("POST /qa/cards: %d %v", res.StatusCode, err)
	}
	res.Body.Close()
	if len(fresh.Number) != 12 || len(fresh.Pin) != 4 || fresh.Name == "" || fresh.Birthdate == "" || fresh.Address == "" {
		t.Fatalf("fresh card %+v", fresh)
	}
	card, ok := findCard(fresh.Number)
	if !ok || card.PIN != fresh.Pin {
		t.Fatalf("the fresh card is not known: %+v", card)
	}

	other := newBrowser(t)
	b := newBrowser(t)
	r := mypageRP(t, s)
	post(t, b, s.url+"/qa/spoil", url.Values{"card": {card.CardNumber}, "kind": {spoilNonce}})
	// Another card's sign-in is untouched by the spoil (signIn verifies).
	s.signIn(t, other, r, cardAsu)
	f := r.newFlow(t)
	resp := f.start(t, b)
	page(t, resp, "/login")
	resp = s.login(t, b, resp, card.CardNumber, card.PIN)
	page(t, resp, "/consent")
	resp = s.consent(t, b, resp, "accept")
	if _, err := f.verify(f.exchange(t, f.code(t, resp))); !errors.Is(err, errNonceMismatch) {
		t.Errorf("the spoiled card's token: %v", err)
	}
	if got := strings.TrimSpace(get(t, b, s.url+"/qa/spoil?card="+card.CardNumber).text); got != spoilNone {
		t.Errorf("pending after use %q", got)
	}
	// An unknown card cannot be spoiled.
	if resp := post(t, b, s.url+"/qa/spoil", url.Values{"card": {"000000000000"}, "kind": {spoilNonce}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown card: %d", resp.StatusCode)
	}
}
