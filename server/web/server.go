package web

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/internal/gate"
	"github.com/hellowork/mypage/server/clock"
	"github.com/hellowork/mypage/server/mail"
	"github.com/hellowork/mypage/server/search"
	"github.com/hellowork/mypage/server/store"
	"github.com/klauspost/compress/gzhttp"
)

// Deps is everything the HTTP layer needs; NewServer builds the rest.
type Deps struct {
	Store      *store.Store
	Sessions   *auth.SessionStore
	CookieName string
	Hasher     *auth.Hasher
	Throttle   *auth.Throttle
	Now        func() time.Time
	Logger     *slog.Logger
	Views      fs.FS
	Static     fs.FS
	// RP signs seekers in with MyNaPortal (nil: not offered); MyNaPortalURL
	// is the provider's page for people, where a seeker logs out of
	// MyNaPortal itself ("": the logout note names no link).
	RP            *auth.RelyingParty
	MyNaPortalURL string
	// TestMode serves the test clocks under /__test/clocks and runs each
	// request on the test clock of the seeker concerned (MYPAGE_TEST_CLOCK=1).
	TestMode bool
	// SweepTestClock runs the retention sweep at a test clock's time over
	// the seekers attached to it and reports what it deleted (test mode;
	// main wires the sweep, so the HTTP layer does not depend on it).
	SweepTestClock func(ctx context.Context, clockID string, now time.Time) (any, error)
	// CardsDir is the data directory of the MyNaPortal simulator running
	// beside My Page, whose cards counter staff unlock ("": none). In test
	// mode POST /__test/staff/unlock-card unlocks them.
	CardsDir string
	// TrustedProxies are the CIDRs of load balancers whose X-Forwarded-For
	// names the client; none: the TCP peer is the client.
	TrustedProxies []string
	// Search is the index of the postings; nil: one built from Store on
	// first use.
	Search *search.Holder
	// Mail is the outbox every mail is written to. DevMailbox serves
	// GET /dev/mailbox (demo mode without MYPAGE_SMTP_URL).
	Mail       *mail.Outbox
	DevMailbox bool
	// Admission bounds the page requests worked on at once and those
	// waiting their turn (see admit); nil: admissionFor(GOMAXPROCS).
	Admission *gate.Gate
}

// admissionFor is the default admission of a server on procs cores: 32
// requests at once per core (a page takes a few milliseconds of CPU, and
// with a remote store most of a request is waiting on it), 16 waiting per
// place, each for at most 2 seconds.
func admissionFor(procs int) *gate.Gate {
	working := 32 * max(procs, 1)
	return gate.New(working, 16*working, 2*time.Second)
}

type server struct {
	Deps
	clocks clock.Clocks
	tmpl   templates
	assets assets
	latest latestJobs
}

// NewServer returns My Page's HTTP handler.
func NewServer(d Deps) (http.Handler, error) {
	a, err := hashAssets(d.Static)
	if err != nil {
		return nil, err
	}
	t, err := parseTemplates(d.Views, templateFuncs(a))
	if err != nil {
		return nil, err
	}
	if d.Search == nil {
		// Built now when the store answers; else at the first search.
		d.Search = search.NewHolder(d.Store, d.Logger)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_ = d.Search.Refresh(ctx)
		cancel()
	}
	if d.Admission == nil {
		d.Admission = admissionFor(runtime.GOMAXPROCS(0))
	}
	s := &server{Deps: d, tmpl: t, assets: a, clocks: clock.Clocks{Wall: d.Now}}
	if d.TestMode {
		s.clocks.Tests = d.Store
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	// X-Forwarded-For is believed only from a trusted proxy, and only the
	// entries such proxies added: the client's own header is ignored.
	r.ForwardedByClientIP = true
	r.RemoteIPHeaders = []string{"X-Forwarded-For"}
	if err := r.SetTrustedProxies(d.TrustedProxies); err != nil {
		return nil, err
	}
	s.routes(r)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	// Pages, partials and static assets go out compressed to every client
	// that accepts it (with Vary: Accept-Encoding). No page carries a secret
	// next to reflected input, so compression leaks nothing.
	return gzhttp.GzipHandler(cop.Handler(r)), nil
}

// ctx bounds a store call made for a request.
func (s *server) ctx(c *gin.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.Request.Context(), 5*time.Second)
}
