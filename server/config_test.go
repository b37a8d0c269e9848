package main

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

func TestConfigDefaults(t *testing.T) {
	c, err := loadConfig(env())
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "localhost:8080" || c.PublicURL.String() != "http://localhost:8080" || c.DataDir != "./data" ||
		c.MongoURI != "" || c.MongoDatabase != "mypage" || c.MyNaPortalAddr != "localhost:9090" ||
		c.OIDCRedirectURL != "http://localhost:8080/auth/mynaportal/callback" ||
		c.SessionIdle != 30*time.Minute || c.SessionAbsolute != 8*time.Hour || c.TestClock {
		t.Errorf("defaults: %+v", c)
	}
}

func TestConfigErrorsNameTheVariable(t *testing.T) {
	tests := [][]string{
		{"MYPAGE_ADDR", "8080"},
		{"MYPAGE_ADDR", "localhost:http"},
		{"MYPAGE_PUBLIC_URL", "localhost:8080"},
		{"MYPAGE_PUBLIC_URL", "ftp://example.jp"},
		{"MONGODB_URI", "postgres://x"},
		{"MONGODB_DATABASE", "my.page"},
		{"MYPAGE_SESSION_SECRET", "short"},
		{"MYPAGE_SESSION_IDLE", "soon"},
		{"MYPAGE_SESSION_ABSOLUTE", "-1h"},
		{"OIDC_ISSUER", "not a url"},
		{"OIDC_REDIRECT_URL", "/callback"},
		{"MYNAPORTAL_ADDR", "nowhere"},
		{"MYNAPORTAL_PORTAL_URL", "myna.example.jp"},
		{"MYNAPORTAL_PORTAL_URL", "javascript:alert(1)"},
		{"MYPAGE_TEST_CLOCK", "yes"},
		{"MYPAGE_DEMO", "yes"},
		{"MYPAGE_TRUSTED_PROXIES", "10.0.0.0/8,load-balancer"},
		{"MYPAGE_TRUSTED_PROXIES", "10.0.0.0/33"},
	}
	for _, tt := range tests {
		_, err := loadConfig(env(tt[0], tt[1]))
		var ce *configError
		if !errors.As(err, &ce) || ce.Var != tt[0] {
			t.Errorf("%s=%q: err = %v", tt[0], tt[1], err)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: message is not one line", tt[0])
		}
	}
	_, err := loadConfig(env("MYPAGE_SESSION_IDLE", "9h"))
	if err == nil || !strings.HasPrefix(err.Error(), "MYPAGE_SESSION_IDLE:") {
		t.Errorf("idle longer than absolute: %v", err)
	}
}

func TestTestClockOnlyOnLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{"localhost:8080": true, "127.0.0.1:0": true, "[::1]:8080": true, "0.0.0.0:8080": false, ":8080": false, "192.0.2.1:80": false} {
		_, err := loadConfig(env("MYPAGE_TEST_CLOCK", "1", "MYPAGE_ADDR", addr))
		if (err == nil) != ok {
			t.Errorf("MYPAGE_ADDR=%s: err = %v", addr, err)
		}
	}
}

func TestDemoModeFollowsThePublicURL(t *testing.T) {
	tests := []struct {
		public, demo string
		want         bool
	}{
		{"", "", true},
		{"http://localhost:8080", "auto", true},
		{"http://127.0.0.1:8080", "", true},
		{"http://[::1]:8080", "", true},
		{"https://mypage.hellowork.example.jp", "", false},
		{"http://192.0.2.10:8080", "", false},
		{"https://mypage.hellowork.example.jp", "1", true},
		{"http://localhost:8080", "0", false},
	}
	for _, tt := range tests {
		c, err := loadConfig(env("MYPAGE_PUBLIC_URL", tt.public, "MYPAGE_DEMO", tt.demo, "MYPAGE_SMTP_URL", "smtp://127.0.0.1:2525"))
		if err != nil {
			t.Fatal(err)
		}
		if c.Demo != tt.want || c.DemoWhy == "" {
			t.Errorf("MYPAGE_PUBLIC_URL=%q MYPAGE_DEMO=%q: demo %v (%s), want %v", tt.public, tt.demo, c.Demo, c.DemoWhy, tt.want)
		}
	}
}

func TestTrustedProxiesAreCIDRs(t *testing.T) {
	c, err := loadConfig(env("MYPAGE_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7 ,2001:db8::/32,127.0.0.1/8"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.0.2.7/32", "2001:db8::/32", "127.0.0.0/8"}
	if strings.Join(c.TrustedProxies, " ") != strings.Join(want, " ") {
		t.Errorf("TrustedProxies = %v, want %v", c.TrustedProxies, want)
	}
	if c, _ := loadConfig(env()); c.TrustedProxies != nil {
		t.Errorf("default trusts %v", c.TrustedProxies)
	}
}

func TestPortalURL(t *testing.T) {
	tests := []struct {
		env  []string
		want string
	}{
		// Demo with the simulator: its top page.
		{nil, "http://localhost:9090/"},
		// Set: that page, whatever the mode.
		{[]string{"MYNAPORTAL_PORTAL_URL", "https://myna.example.jp/portal?from=mypage", "OIDC_ISSUER", "https://op.example.jp",
			"MYPAGE_PUBLIC_URL", "https://mypage.example.jp", "MYPAGE_SMTP_URL", "smtp://127.0.0.1:1"}, "https://myna.example.jp/portal?from=mypage"},
		// Production with a real provider and no portal URL: no link.
		{[]string{"OIDC_ISSUER", "https://op.example.jp", "MYPAGE_PUBLIC_URL", "https://mypage.example.jp", "MYPAGE_SMTP_URL", "smtp://127.0.0.1:1"}, ""},
		// A provider of one's own on a loopback URL (demo): its top page.
		{[]string{"OIDC_ISSUER", "http://127.0.0.1:9191", "MYPAGE_PUBLIC_URL", "http://127.0.0.1:8080"}, "http://127.0.0.1:9191/"},
	}
	for _, tt := range tests {
		c, err := loadConfig(env(tt.env...))
		if err != nil {
			t.Fatal(err)
		}
		issuer := c.OIDCIssuer
		if issuer == "" {
			issuer = simulatorIssuer(c.MyNaPortalAddr)
		}
		if got := portalURL(c, issuer); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.env, got, tt.want)
		}
	}
}
