// Package app assembles My Page's HTTP handler from its parts: the session
// store, the throttle and the web server over the store, with the embedded
// views and static files. The program's serve command and the tests build
// the handler through New, so they run the same wiring.
package app

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/internal/gate"
	"github.com/hellowork/mypage/server/mail"
	"github.com/hellowork/mypage/server/retention"
	"github.com/hellowork/mypage/server/search"
	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/web"
	"github.com/hellowork/mypage/static"
	"github.com/hellowork/mypage/views"
)

// Config is what My Page is built from.
type Config struct {
	Store  *store.Store
	Hasher *auth.Hasher
	Now    func() time.Time
	Logger *slog.Logger
	// SessionSecret is the HMAC key of the session cookie.
	SessionSecret []byte
	// Secure runs under an https public URL: Secure, __Host- cookies, HSTS.
	Secure                       bool
	SessionIdle, SessionAbsolute time.Duration
	// TestMode serves the test clocks; sessions then live on their seeker's
	// test clock.
	TestMode bool
	// RP signs in with MyNaPortal (nil: not offered); MyNaPortalURL is the
	// provider's page for people.
	RP            *auth.RelyingParty
	MyNaPortalURL string
	// Mail is the outbox; DevMailbox serves GET /dev/mailbox.
	Mail           *mail.Outbox
	DevMailbox     bool
	TrustedProxies []string
	// Search is the postings' index; nil: one built on first use.
	Search *search.Holder
	// CardsDir is the data directory of the MyNaPortal simulator this
	// process runs (demo mode), where counter staff unlock cards; empty:
	// none.
	CardsDir string
	// Admission bounds the page requests worked on at once (nil: from
	// the number of cores).
	Admission *gate.Gate
}

// New returns My Page's HTTP handler.
func New(cfg Config) (http.Handler, error) {
	sessCfg := auth.SessionConfig{
		Secret: cfg.SessionSecret, Secure: cfg.Secure, Idle: cfg.SessionIdle, Absolute: cfg.SessionAbsolute, Now: cfg.Now,
	}
	if cfg.TestMode {
		sessCfg.ClockNow = cfg.Store.TestClockTime
	}
	return web.NewServer(web.Deps{
		Store: cfg.Store, Sessions: auth.NewSessionStore(cfg.Store.Sessions(), sessCfg),
		CookieName: auth.CookieName("mypage_session", cfg.Secure), Hasher: cfg.Hasher,
		Throttle: auth.NewThrottle(cfg.Store.Throttle()), Now: cfg.Now, Logger: cfg.Logger,
		Views: views.FS, Static: static.FS, TestMode: cfg.TestMode, CardsDir: cfg.CardsDir,
		SweepTestClock: func(ctx context.Context, clockID string, now time.Time) (any, error) {
			return retention.SweepTestClock(ctx, cfg.Store, clockID, now)
		},
		RP: cfg.RP, MyNaPortalURL: cfg.MyNaPortalURL, TrustedProxies: cfg.TrustedProxies, Search: cfg.Search,
		Mail: cfg.Mail, DevMailbox: cfg.DevMailbox, Admission: cfg.Admission,
	})
}
