package auth

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/hellowork/mypage/auth/oidctest"
	"golang.org/x/oauth2"
)

var person = map[string]any{
	"name": "明日 勇気", "birthdate": "1990-04-15",
	"address": map[string]any{"formatted": "東京都文京区後楽1-9-20"},
}

func standardProvider(t *testing.T, change func(*oidctest.Config)) *oidctest.Provider {
	cfg := oidctest.Config{ClientID: "mypage", ClientSecret: "s3cret", Subject: "sub-1", Claims: person}
	if change != nil {
		change(&cfg)
	}
	return oidctest.Start(t, cfg)
}

func rpFor(p *oidctest.Provider, secret string) *RelyingParty {
	return NewRelyingParty(RPConfig{Issuer: p.URL, ClientID: "mypage", ClientSecret: secret, RedirectURL: "http://rp.test/cb",
		HTTPClient: &http.Client{Timeout: time.Second}, RetryMin: 20 * time.Millisecond, RetryMax: 100 * time.Millisecond})
}

// signInAt runs the code flow at the provider, as the browser would, and
// exchanges the code.
func signInAt(t *testing.T, rp *RelyingParty) (Identity, error) {
	t.Helper()
	ch, err := NewChallenge()
	if err != nil {
		t.Fatal(err)
	}
	u, err := rp.AuthCodeURL(context.Background(), ch)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	back, err := url.Parse(res.Header.Get("Location"))
	if err != nil || back.Query().Get("code") == "" || back.Query().Get("state") != ch.State {
		t.Fatalf("authorize answered %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	return rp.Exchange(context.Background(), back.Query().Get("code"), ch)
}

func TestClaimsComeFromUserInfo(t *testing.T) {
	p := standardProvider(t, func(c *oidctest.Config) {
		c.Claims = map[string]any{"family_name": "新井", "given_name": "翔", "birthdate": "1998-07-07",
			"address": map[string]any{"postal_code": "231-0023", "region": "神奈川県", "locality": "横浜市中区", "street_address": "山下町209"}}
	})
	id, err := signInAt(t, rpFor(p, "s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	want := Identity{Issuer: p.URL, Subject: "sub-1", Name: "新井 翔", Birthdate: "1998-07-07", Address: "〒231-0023 神奈川県横浜市中区山下町209"}
	if id != want {
		t.Errorf("identity %+v, want %+v", id, want)
	}
}

func TestUserInfoOfAnotherSubIsRefused(t *testing.T) {
	p := standardProvider(t, nil)
	p.UserInfoSubject("someone-else")
	id, err := signInAt(t, rpFor(p, "s3cret"))
	if !errors.Is(err, ErrUserInfoSubject) || id != (Identity{}) {
		t.Errorf("identity %+v, err %v; want ErrUserInfoSubject", id, err)
	}
}

func TestWithoutUserInfoTheIDTokenClaimsAreUsed(t *testing.T) {
	p := standardProvider(t, func(c *oidctest.Config) { c.NoUserInfo = true })
	id, err := signInAt(t, rpFor(p, "s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	if id.Subject != "sub-1" || id.Name != "明日 勇気" || id.Birthdate != "1990-04-15" || id.Address != "東京都文京区後楽1-9-20" {
		t.Errorf("identity %+v", id)
	}
}

func TestClientAuthenticationFromDiscovery(t *testing.T) {
	for name, methods := range map[string][]string{
		"none named: basic":   nil,
		"basic only":          {"client_secret_basic"},
		"post only":           {"client_secret_post"},
		"both: basic is used": {"client_secret_post", "client_secret_basic"},
	} {
		t.Run(name, func(t *testing.T) {
			p := standardProvider(t, func(c *oidctest.Config) { c.AuthMethods = methods })
			if _, err := signInAt(t, rpFor(p, "s3cret")); err != nil {
				t.Fatal(err)
			}
		})
	}
	// The provider of the last case accepts both; basic is the one chosen.
	if s := authStyle([]string{"client_secret_post", "client_secret_basic"}); s != oauth2.AuthStyleInHeader {
		t.Errorf("auth style %d, want basic", s)
	}
	if s := authStyle([]string{"private_key_jwt", "client_secret_post"}); s != oauth2.AuthStyleInParams {
		t.Errorf("auth style %d, want post", s)
	}

	for name, methods := range map[string][]string{"basic": nil, "post": {"client_secret_post"}} {
		t.Run("wrong secret, "+name, func(t *testing.T) {
			p := standardProvider(t, func(c *oidctest.Config) { c.AuthMethods = methods })
			if _, err := signInAt(t, rpFor(p, "wrong")); !errors.Is(err, ErrClientAuth) {
				t.Errorf("err = %v, want ErrClientAuth", err)
			}
		})
	}
}

func TestProviderFailingMidFlight(t *testing.T) {
	for _, status := range []int{500, 502, 503} {
		p := standardProvider(t, nil)
		p.FailToken(status)
		if _, err := signInAt(t, rpFor(p, "s3cret")); !errors.Is(err, ErrProviderFailed) {
			t.Errorf("token endpoint %d: err = %v, want ErrProviderFailed", status, err)
		}
	}
	p := standardProvider(t, nil)
	p.DelayUserInfo(3 * time.Second)
	start := time.Now()
	if _, err := signInAt(t, rpFor(p, "s3cret")); !errors.Is(err, ErrProviderFailed) {
		t.Errorf("slow userinfo: err = %v, want ErrProviderFailed", err)
	}
	if d := time.Since(start); d > 2500*time.Millisecond {
		t.Errorf("waited %v for a slow userinfo", d)
	}
}

func TestDiscoveryDownThenUp(t *testing.T) {
	p := standardProvider(t, nil)
	p.SetDown(true)
	rp := rpFor(p, "s3cret")
	if !rp.Available() {
		t.Error("unavailable before any attempt")
	}
	if err := rp.Discover(context.Background()); !errors.Is(err, ErrProviderUnavailable) {
		t.Fatalf("err = %v", err)
	}
	if rp.Available() {
		t.Error("available after a failed discovery")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		rp.KeepTrying(ctx, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	t.Cleanup(func() { cancel(); <-done })
	time.Sleep(150 * time.Millisecond)
	if rp.Available() {
		t.Fatal("available while the provider is down")
	}
	p.SetDown(false)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the provider was not picked up")
	}
	if !rp.Available() {
		t.Error("unavailable after the provider answered")
	}
	if _, err := signInAt(t, rp); err != nil {
		t.Fatal(err)
	}
}

func TestAddressClaim(t *testing.T) {
	tests := []struct {
		json, want string
	}{
		{`{"formatted":"東京都文京区後楽1-9-20","region":"ignored"}`, "東京都文京区後楽1-9-20"},
		{`{"formatted":"東京都\n文京区"}`, "東京都 文京区"},
		{`{"region":"東京都","locality":"文京区","street_address":"後楽1-9-20"}`, "東京都文京区後楽1-9-20"},
		{`{"postal_code":"112-0004","region":"東京都","locality":"文京区","street_address":"後楽1-9-20","country":"JP"}`, "〒112-0004 東京都文京区後楽1-9-20"},
		{`{"street_address":"1 Main St","locality":"Springfield","country":"US"}`, "Springfield 1 Main St US"},
		{`"大阪府大阪市中央区農人橋2-1-36"`, "大阪府大阪市中央区農人橋2-1-36"},
		{`{"formatted":"東京都\u202e文京区"}`, "東京都文京区"},
		{`42`, ""},
		{`null`, ""},
		{`{"formatted":7}`, ""},
	}
	for _, tt := range tests {
		var c personClaims
		if err := json.Unmarshal([]byte(`{"address":`+tt.json+`}`), &c); err != nil {
			t.Errorf("%s: %v", tt.json, err)
			continue
		}
		if got := c.Address.String(); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.json, got, tt.want)
		}
	}
}
