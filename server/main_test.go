package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hellowork/mypage/internal/testkit"
)

// TestRunServesAndShutsDown starts the whole program on the embedded store,
// waits for its banner, asks it a few questions and stops it like SIGTERM.
func TestRunServesAndShutsDown(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		done <- run(ctx, nil, env("MYPAGE_ADDR", "127.0.0.1:0", "MYNAPORTAL_ADDR", "127.0.0.1:0", "MYPAGE_DATA_DIR", dir), outW, io.Discard)
		outW.Close()
	}()
	lines := bufio.NewScanner(outR)
	var addr string
	var banner []string
	for lines.Scan() {
		banner = append(banner, lines.Text())
		if m := regexp.MustCompile(`listening on ([0-9.:]+)`).FindStringSubmatch(lines.Text()); m != nil {
			addr = m[1]
		}
		if strings.Contains(lines.Text(), "Yamada-Hanako-2026") {
			break
		}
	}
	if addr == "" {
		cancel()
		t.Fatalf("no address in the banner: %v (run: %v)", banner, <-done)
	}
	t.Logf("start to ready on the embedded store: %v", time.Since(start))
	go func() { _, _ = io.Copy(io.Discard, outR) }()
	for _, want := range []string{"asu.yuki@example.jp / Asu-Yuki-2026", "http://localhost:8080"} {
		if !strings.Contains(strings.Join(banner, "\n"), want) {
			t.Errorf("banner lacks %q:\n%s", want, strings.Join(banner, "\n"))
		}
	}
	res, err := http.Get("http://" + addr + "/readyz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("readyz: %v %v", res, err)
	}
	res.Body.Close()
	// Demo mode is not test mode: no test clocks, no counter staff's actions.
	for _, path := range []string{"/__test/clocks", "/__test/staff/registration-type", "/__test/staff/unlock-card"} {
		res, err := http.PostForm("http://"+addr+path, url.Values{"email": {"asu.yuki@example.jp"}, "type": {"counter"}, "card": {"456789012345"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("demo mode: POST %s answered %d, want 404", path, res.StatusCode)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v after shutdown", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no graceful shutdown within 30s")
	}
}

func TestRunRefusesBadConfigAndCommands(t *testing.T) {
	err := run(context.Background(), nil, env("MYPAGE_ADDR", "nope"), io.Discard, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "MYPAGE_ADDR:") {
		t.Errorf("bad addr: %v", err)
	}
	err = run(context.Background(), []string{"frobnicate"}, env(), io.Discard, io.Discard)
	if _, ok := err.(usageError); !ok {
		t.Errorf("unknown command: %v", err)
	}
}

// TestRunWithAnExternalIssuer runs My Page against a provider it did not
// start: a second simulator on another port, named by OIDC_ISSUER.
func TestRunWithAnExternalIssuer(t *testing.T) {
	port := freePort(t)
	public := "http://127.0.0.1:" + port
	simCfg := config{MyNaPortalAddr: "127.0.0.1:0", DataDir: t.TempDir(), OIDCClientID: "job-portal", OIDCClientSecret: "external-secret",
		OIDCRedirectURL: public + "/auth/mynaportal/callback"}
	issuer, stop, err := startSimulator(simCfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer stop(context.Background())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &testkit.SyncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, nil, env("MYPAGE_ADDR", "127.0.0.1:"+port, "MYPAGE_PUBLIC_URL", public, "MYPAGE_DATA_DIR", t.TempDir(),
			"OIDC_ISSUER", issuer, "OIDC_CLIENT_ID", "job-portal", "OIDC_CLIENT_SECRET", "external-secret"), out, io.Discard)
	}()
	waitReady(t, public)
	for i := 0; i < 100 && !strings.Contains(out.String(), "マイナポータル: "); i++ {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "マイナポータル: "+issuer) {
		t.Errorf("banner:\n%s", out.String())
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(public + "/login/mynaportal")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, _ := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc.String(), issuer+"/authorize?") ||
		loc.Query().Get("client_id") != "job-portal" || loc.Query().Get("code_challenge_method") != "S256" ||
		loc.Query().Get("redirect_uri") != public+"/auth/mynaportal/callback" {
		t.Errorf("sign-in went to %d %s", res.StatusCode, loc)
	}
	cancel()
	if err := <-done; err != nil {
		t.Error(err)
	}
}

// TestRunWhileTheIssuerIsDown starts My Page with OIDC_ISSUER naming a
// provider that does not answer yet: it starts all the same, the login page
// explains, and once the provider answers, sign-in is offered again.
func TestRunWhileTheIssuerIsDown(t *testing.T) {
	port, simPort := freePort(t), freePort(t)
	public := "http://127.0.0.1:" + port
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &testkit.SyncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, nil, env("MYPAGE_ADDR", "127.0.0.1:"+port, "MYPAGE_PUBLIC_URL", public, "MYPAGE_DATA_DIR", t.TempDir(),
			"OIDC_ISSUER", "http://127.0.0.1:"+simPort, "OIDC_CLIENT_ID", "job-portal", "OIDC_CLIENT_SECRET", "external-secret"), io.Discard, logs)
	}()
	waitReady(t, public)
	body := func() string {
		res, err := http.Get(public + "/login")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	if b := body(); !strings.Contains(b, "ただいまマイナポータルに接続できないため") || strings.Contains(b, "/login/mynaportal") {
		t.Errorf("login page while the provider is down:\n%.2000s", b)
	}
	if !strings.Contains(logs.String(), "OpenID Provider unreachable at start") {
		t.Errorf("logs:\n%s", logs.String())
	}

	simCfg := config{MyNaPortalAddr: "127.0.0.1:" + simPort, DataDir: t.TempDir(), OIDCClientID: "job-portal", OIDCClientSecret: "external-secret",
		OIDCRedirectURL: public + "/auth/mynaportal/callback"}
	_, stop, err := startSimulator(simCfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer stop(context.Background())
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(body(), "/login/mynaportal") {
		if time.Now().After(deadline) {
			t.Fatalf("the provider was not picked up; logs:\n%s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Error(err)
	}
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

func waitReady(t *testing.T, base string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("not ready within 30s")
}

// TestProductionModeHasNoDemoPowers starts the whole program as a
// deployment would (an https public URL) on an empty store: no demo
// seekers, no simulator, no MyNaPortal sign-in without OIDC_ISSUER, no test
// clock, __Host- cookies and HSTS.
func TestProductionModeHasNoDemoPowers(t *testing.T) {
	port, simPort := freePort(t), freePort(t)
	base := "http://127.0.0.1:" + port
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &testkit.SyncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, nil, env("MYPAGE_ADDR", "127.0.0.1:"+port, "MYPAGE_PUBLIC_URL", "https://mypage.hellowork.example.jp",
			"MYPAGE_SMTP_URL", "smtp://127.0.0.1:1", "MYNAPORTAL_ADDR", "127.0.0.1:"+simPort, "MYPAGE_DATA_DIR", t.TempDir()), out, io.Discard)
	}()
	waitReady(t, base)
	for i := 0; i < 100 && !strings.Contains(out.String(), "マイナポータル: "); i++ {
		time.Sleep(20 * time.Millisecond)
	}
	banner := out.String()
	if !strings.Contains(banner, "mode: production") || strings.Contains(banner, "Asu-Yuki-2026") || strings.Contains(banner, "1234") {
		t.Errorf("banner:\n%s", banner)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (*http.Response, string) {
		t.Helper()
		res, err := client.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	// The demo sign-in does not exist.
	res, err := client.PostForm(base+"/login", url.Values{"email": {"asu.yuki@example.jp"}, "password": {"Asu-Yuki-2026"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("demo sign-in answered %d", res.StatusCode)
	}
	// No simulator listens, and the login page offers no MyNaPortal.
	if c, err := net.DialTimeout("tcp", "127.0.0.1:"+simPort, time.Second); err == nil {
		c.Close()
		t.Error("the simulator listens in production")
	}
	if _, body := get("/login"); strings.Contains(body, "マイナポータルでログイン") {
		t.Error("the login page offers MyNaPortal without a provider")
	}
	for _, path := range []string{"/login/mynaportal", "/mynaportal/link", "/__test/clocks/x", "/dev/mailbox"} {
		if res, _ := get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s answered %d, want 404", path, res.StatusCode)
		}
	}
	for _, path := range []string{"/__test/clocks", "/__test/staff/registration-type", "/__test/staff/unlock-card"} {
		res, err := client.PostForm(base+path, url.Values{"email": {"asu.yuki@example.jp"}, "type": {"counter"}, "card": {"456789012345"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s answered %d, want 404", path, res.StatusCode)
		}
	}
	// No demo jobs; the offices, reference data, are there.
	if _, body := get("/jobs"); !strings.Contains(body, "条件に合う求人は見つかりませんでした") {
		t.Error("demo jobs in production")
	}
	if _, body := get("/register"); !strings.Contains(body, "飯田橋公共職業安定所") {
		t.Error("registration offers no offices")
	}
	res, _ = get("/")
	if !strings.HasPrefix(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("no HSTS: %q", res.Header.Get("Strict-Transport-Security"))
	}
	res, err = client.PostForm(base+"/logout", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for _, c := range res.Header.Values("Set-Cookie") {
		if !strings.HasPrefix(c, "__Host-") {
			t.Errorf("cookie without __Host-: %q", c)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Error(err)
	}
}
