package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/app"
	"github.com/hellowork/mypage/server/mail"
	"github.com/hellowork/mypage/server/retention"
	"github.com/hellowork/mypage/server/search"
	"github.com/hellowork/mypage/server/seed"
	"github.com/hellowork/mypage/server/store"
)

// serve runs My Page until ctx ends: the store first, the HTTP server after,
// and in the reverse order on the way out.
func serve(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	started := time.Now()
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("MYPAGE_DATA_DIR: %w", err)
	}
	secret, err := sessionSecret(cfg)
	if err != nil {
		return err
	}

	st, closeStore, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	initCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()

	now := time.Now
	hasher := auth.NewHasher(runtime.NumCPU())
	logger.Info("mode", slog.Bool("demo", cfg.Demo), slog.String("why", cfg.DemoWhy), slog.Bool("test_mode", cfg.TestClock))
	if err := seed.StoreOffices(initCtx, st, now()); err != nil {
		return fmt.Errorf("offices: %w", err)
	}
	if cfg.Demo {
		if seeded, err := seed.IfEmpty(initCtx, st, hasher, now()); err != nil {
			return fmt.Errorf("demo data: %w", err)
		} else if seeded {
			logger.Info("demo data seeded")
		}
	}

	// The search index is loaded from the data dir, or built from the
	// postings when its file is missing or stale, before the first request,
	// and rebuilt when the postings change.
	index := search.NewHolder(st, logger).KeepIn(filepath.Join(cfg.DataDir, "search")).
		OnSwap(func() { fitMemoryLimit(logger) })
	buildCtx, cancelBuild := context.WithTimeout(ctx, 10*time.Minute)
	defer cancelBuild()
	if err := index.Refresh(buildCtx); err != nil {
		return fmt.Errorf("search index: %w", err)
	}

	// Production never runs the simulator: without OIDC_ISSUER there is
	// simply no MyNaPortal sign-in.
	issuer := cfg.OIDCIssuer
	cardsDir := ""
	if issuer == "" && cfg.Demo {
		cardsDir = filepath.Join(cfg.DataDir, "mynaportal")
		var stopSim func(context.Context) error
		if issuer, stopSim, err = startSimulator(cfg, logger); err != nil {
			return err
		}
		defer func() { _ = stopSim(context.WithoutCancel(ctx)) }()
	}
	var rp *auth.RelyingParty
	if issuer != "" {
		rp = relyingParty(cfg, issuer)
		discoverAtStart(ctx, rp, logger)
	} else {
		logger.Info("no MyNaPortal sign-in: OIDC_ISSUER is not set outside demo mode")
	}
	outbox, sender := mailer(cfg, st, logger)
	handler, err := app.New(app.Config{
		Store: st, Hasher: hasher, Now: now, Logger: logger,
		SessionSecret: secret, Secure: cfg.PublicURL.Scheme == "https",
		SessionIdle: cfg.SessionIdle, SessionAbsolute: cfg.SessionAbsolute, TestMode: cfg.TestClock, CardsDir: cardsDir,
		RP: rp, MyNaPortalURL: portalURL(cfg, issuer), TrustedProxies: cfg.TrustedProxies, Search: index,
		Mail: outbox, DevMailbox: cfg.Demo && cfg.SMTPURL == nil,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("MYPAGE_ADDR: %w", err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    32 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	sweepDone := make(chan struct{})
	sweepCtx, stopSweep := context.WithCancel(ctx)
	go func() {
		defer close(sweepDone)
		sweepLoop(sweepCtx, st, now, logger)
	}()
	go index.Run(sweepCtx, searchRefresh)
	sendDone := make(chan struct{})
	go func() {
		defer close(sendDone)
		sender.Run(sweepCtx)
	}()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	printBanner(stdout, cfg, ln.Addr().String(), issuer)
	logger.Info("ready", slog.String("addr", ln.Addr().String()), slog.Duration("startup", time.Since(started)),
		slog.Bool("embedded_store", cfg.MongoURI == ""), slog.Bool("test_clock", cfg.TestClock))

	select {
	case err := <-serveErr:
		stopSweep()
		<-sweepDone
		<-sendDone
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutCtx, cancelShut := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancelShut()
	err = srv.Shutdown(shutCtx)
	stopSweep()
	<-sweepDone
	<-sendDone
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// searchRefresh is how often the search index looks for changed postings.
const searchRefresh = 30 * time.Second

// openStore opens MongoDB, or starts the embedded FerretDB under the data
// dir and opens that; closeStore closes both, the store last.
func openStore(ctx context.Context, cfg config, logger *slog.Logger) (st *store.Store, closeStore func(), err error) {
	uri := cfg.MongoURI
	stopEmbedded := func() {}
	var emb *store.Embedded
	if uri == "" {
		emb, err = store.StartEmbedded(ctx, filepath.Join(cfg.DataDir, "ferretdb"), logger)
		if err != nil {
			return nil, nil, err
		}
		stopEmbedded, uri = emb.Stop, emb.URI()
	}
	st, err = store.Open(uri, cfg.MongoDatabase)
	if err != nil {
		stopEmbedded()
		return nil, nil, err
	}
	// The one place the store is prepared: indexes, and on any FerretDB the
	// serialization of guarded writes.
	prepCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := st.EnsureIndexes(prepCtx); err != nil {
		_ = st.Close(context.WithoutCancel(ctx))
		stopEmbedded()
		return nil, nil, fmt.Errorf("store not reachable at start: %w", err)
	}
	if emb != nil {
		// Look-ups by _id through an index on the embedded store (see
		// store.Embedded.IndexIDs); the first start over a large store
		// builds them once.
		if err := emb.IndexIDs(ctx, cfg.MongoDatabase); err != nil {
			_ = st.Close(context.WithoutCancel(ctx))
			stopEmbedded()
			return nil, nil, err
		}
	}
	return st, func() {
		_ = st.Close(context.WithoutCancel(ctx))
		stopEmbedded()
	}, nil
}

// sessionSecret is MYPAGE_SESSION_SECRET, or a key generated once into the
// data directory for a single instance.
func sessionSecret(cfg config) ([]byte, error) {
	if cfg.SessionSecret != "" {
		return []byte(cfg.SessionSecret), nil
	}
	return persistentKey(filepath.Join(cfg.DataDir, "session.key"))
}

// sweepLoop runs the retention sweep at start and every hour.
func sweepLoop(ctx context.Context, st *store.Store, now func() time.Time, logger *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		sweepCtx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		if _, err := retention.Sweep(sweepCtx, st, now(), logger); err != nil && ctx.Err() == nil {
			logger.Warn("retention sweep", slog.Any("err", err))
		}
		cancel()
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func printBanner(w io.Writer, cfg config, addr, issuer string) {
	base := strings.TrimSuffix(cfg.PublicURL.String(), "/")
	fmt.Fprintf(w, "求職者マイページ  %s  (listening on %s)\n", base, addr)
	if cfg.MongoURI == "" {
		fmt.Fprintf(w, "store: embedded FerretDB under %s\n", filepath.Join(cfg.DataDir, "ferretdb"))
	} else {
		fmt.Fprintf(w, "store: MongoDB, database %s\n", cfg.MongoDatabase)
	}
	if cfg.Demo {
		fmt.Fprintf(w, "mode: demo (%s)\n", cfg.DemoWhy)
		fmt.Fprintln(w, "demo sign-ins (ログイン at "+base+"/login):")
		for _, s := range seed.SignIns() {
			fmt.Fprintf(w, "  %-10s %s / %s\n", s.Name, s.Email, s.Password)
		}
	} else {
		fmt.Fprintf(w, "mode: production (%s): no demo data\n", cfg.DemoWhy)
	}
	if cfg.SMTPURL != nil {
		u := *cfg.SMTPURL
		u.User = nil
		fmt.Fprintf(w, "mail: SMTP %s, from %s\n", u.String(), cfg.MailFrom)
	} else {
		fmt.Fprintf(w, "mail: not sent; the development mailbox shows it at %s/dev/mailbox\n", base)
	}
	switch {
	case issuer == "":
		fmt.Fprintln(w, "マイナポータル: off (OIDC_ISSUER is not set)")
	case cfg.OIDCIssuer == "":
		printSimulatorBanner(w, issuer)
	default:
		fmt.Fprintf(w, "マイナポータル: %s\n", issuer)
	}
}

// mailer is the outbox the pages write to and the sender that empties it:
// over SMTP, or into the development mailbox in demo mode without
// MYPAGE_SMTP_URL.
func mailer(cfg config, st *store.Store, logger *slog.Logger) (*mail.Outbox, *mail.Sender) {
	domain := cfg.MailFrom[strings.LastIndex(cfg.MailFrom, "@")+1:]
	outbox := mail.NewOutbox(st, cfg.PublicURL.String(), domain)
	var transport mail.Transport = mail.DevMailbox{}
	if cfg.SMTPURL != nil {
		transport = &mail.SMTP{URL: cfg.SMTPURL, From: cfg.MailFrom}
		logger.Info("mail", slog.String("smtp", cfg.SMTPURL.Redacted()), slog.String("from", cfg.MailFrom))
	} else {
		logger.Info("mail goes to the development mailbox (/dev/mailbox): MYPAGE_SMTP_URL is not set")
	}
	sender := mail.NewSender(st, transport, outbox, logger)
	sender.Backoff = cfg.MailRetry
	return outbox, sender
}
