package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/auth/mynaportal"
)

// simulatorIssuer is the simulator's issuer URL for the address it
// listens on.
func simulatorIssuer(addr string) string { return "http://" + addr }

func clientCredentials(cfg config) (string, string) {
	if cfg.OIDCClientID != "" {
		return cfg.OIDCClientID, cfg.OIDCClientSecret
	}
	// The simulator's demo client, unless OIDC_CLIENT_ID names another.
	demo := mynaportal.DemoClient()
	return demo.ID, demo.Secret
}

// relyingParty is My Page's side of MyNaPortal sign-in at issuer. It checks
// ID tokens against the wall clock, never the test clock: the provider is
// another system that stamps its tokens with the real time.
func relyingParty(cfg config, issuer string) *auth.RelyingParty {
	id, secret := clientCredentials(cfg)
	return auth.NewRelyingParty(auth.RPConfig{Issuer: issuer, ClientID: id, ClientSecret: secret, RedirectURL: cfg.OIDCRedirectURL, Now: time.Now})
}

// discoverAtStart reads the provider's discovery document before My Page
// serves. A provider that does not answer does not stop My Page: the login
// page explains that MyNaPortal sign-in is unavailable, and discovery is
// retried with backoff in the background until the provider answers.
func discoverAtStart(ctx context.Context, rp *auth.RelyingParty, logger *slog.Logger) {
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := rp.Discover(dctx); err != nil {
		logger.Warn("OpenID Provider unreachable at start: MyNaPortal sign-in is unavailable until it answers; retrying with backoff",
			slog.String("issuer", rp.Issuer()), slog.Any("err", err))
		go rp.KeepTrying(ctx, logger)
		return
	}
	logger.Info("OpenID Provider discovered", slog.String("issuer", rp.Issuer()))
}

// portalURL is the provider's page for people, linked from the note after a
// MyNaPortal session's logout: MYNAPORTAL_PORTAL_URL; without it, the
// simulator's top page when the simulator is the provider or My Page runs
// on a loopback URL (demo); in production, none.
func portalURL(cfg config, issuer string) string {
	switch {
	case cfg.MyNaPortalPortalURL != "":
		return cfg.MyNaPortalPortalURL
	case cfg.Demo && issuer != "":
		return strings.TrimSuffix(issuer, "/") + "/"
	}
	return ""
}

// startSimulator serves the MyNaPortal simulator on MYNAPORTAL_ADDR until
// the returned stop is called, and returns its issuer URL. A port 0 becomes
// the port it got. The simulator keeps the wall clock: My Page's test clock
// does not move another system's time.
func startSimulator(cfg config, logger *slog.Logger) (issuer string, stop func(context.Context) error, err error) {
	dir := filepath.Join(cfg.DataDir, "mynaportal")
	secret, err := persistentKey(filepath.Join(dir, "pairwise.key"))
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", cfg.MyNaPortalAddr)
	if err != nil {
		return "", nil, fmt.Errorf("MYNAPORTAL_ADDR: %w", err)
	}
	addr := cfg.MyNaPortalAddr
	if host, port, _ := net.SplitHostPort(addr); port == "0" {
		_, got, _ := net.SplitHostPort(ln.Addr().String())
		addr = net.JoinHostPort(host, got)
	}
	issuer = simulatorIssuer(addr)
	id, clientSecret := clientCredentials(cfg)
	h, err := mynaportal.New(mynaportal.Config{
		Issuer:         issuer,
		DataDir:        dir,
		Clients:        []mynaportal.Client{{ID: id, Secret: clientSecret, RedirectURIs: []string{cfg.OIDCRedirectURL}}},
		Logger:         logger.With(slog.String("component", "mynaportal")),
		Now:            time.Now,
		PairwiseSecret: secret,
		QA:             cfg.TestClock,
	})
	if err != nil {
		ln.Close()
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("mynaportal simulator stopped", slog.Any("err", err))
		}
	}()
	return issuer, srv.Shutdown, nil
}

// persistentKey reads a 256-bit key from path, creating it on first use:
// the session key of a single instance, and the simulator's pairwise key (so
// pairwise subjects stay the same across restarts and links keep working).
func persistentKey(path string) ([]byte, error) {
	if b, err := os.ReadFile(path); err == nil {
		key, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil || len(key) < 32 {
			return nil, fmt.Errorf("%s is damaged; remove it to generate a new one", path)
		}
		return key, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("MYPAGE_DATA_DIR: %w", err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("MYPAGE_DATA_DIR: %w", err)
	}
	return key, nil
}

// serveSimulator is `server mynaportal`: the simulator alone.
func serveSimulator(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	issuer, stop, err := startSimulator(cfg, logger)
	if err != nil {
		return err
	}
	printSimulatorBanner(stdout, issuer)
	<-ctx.Done()
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return stop(shutCtx)
}

func printSimulatorBanner(w io.Writer, issuer string) {
	fmt.Fprintf(w, "マイナポータル（模擬環境）  %s\n", issuer)
	fmt.Fprintln(w, "demo cards (card number / PIN):")
	for _, h := range mynaportal.DemoCardHolders() {
		fmt.Fprintf(w, "  %-10s %s / %s\n", h.Name, h.CardNumber, h.PIN)
	}
}
