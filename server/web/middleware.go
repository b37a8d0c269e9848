package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/sessions"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/internal/gate"
	"github.com/hellowork/mypage/server/store"
)

// maxBodyBytes caps every request body: the largest form of My Page is far
// smaller.
const maxBodyBytes = 64 << 10

const (
	ctxRequestID = "requestID"
	ctxSeeker    = "seeker"
)

func (s *server) requestLog(c *gin.Context) {
	start := time.Now()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	c.Set(ctxRequestID, id)
	c.Header("X-Request-ID", id)
	c.Next()
	s.Logger.LogAttrs(c.Request.Context(), slog.LevelInfo, "request",
		slog.String("request_id", id),
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.Int("status", c.Writer.Status()),
		slog.Int("bytes", c.Writer.Size()),
		slog.Duration("duration", time.Since(start)),
		slog.Bool("htmx", c.GetHeader("HX-Request") == "true"),
		slog.String("client", c.ClientIP()),
	)
}

func (s *server) recoverPanic(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			s.Logger.Error("panic", slog.String("request_id", c.GetString(ctxRequestID)), slog.Any("panic", v))
			c.Abort()
			s.fail(c, problem(http.StatusInternalServerError, "システムエラー", "申し訳ありません。システムでエラーが発生しました。しばらくしてから再度お試しください。", Back{}))
		}
	}()
	c.Next()
}

const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

func (s *server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	if s.secure() {
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
	c.Next()
}

// admit lets a page request be worked on when the server has room for it
// (Deps.Admission): a bounded number at once, a bounded number waiting
// their turn for a short while. Beyond that the request is answered at
// once with the busy page, instead of being held while it piles up memory
// and waits for a store that is already saturated. A request whose client
// has gone is dropped without an answer.
func (s *server) admit(c *gin.Context) {
	if err := s.Admission.Enter(c.Request.Context()); err != nil {
		c.Abort()
		if !errors.Is(err, gate.ErrFull) {
			return
		}
		s.Logger.Warn("request shed", slog.String("request_id", c.GetString(ctxRequestID)),
			slog.Int("working", s.Admission.Holding()), slog.Int("waiting", s.Admission.Waiting()))
		c.Header("Retry-After", "5")
		s.fail(c, problem(http.StatusServiceUnavailable, "ただいま混み合っています", msgOverloaded, Back{}))
		return
	}
	defer s.Admission.Leave()
	c.Next()
}

func (s *server) limitBody(c *gin.Context) {
	if c.Request.Body != nil {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxBodyBytes)
	}
	c.Next()
}

// loadSession puts the request's session in the context. A store that does
// not answer gives the friendly 503 page.
func (s *server) loadSession(c *gin.Context) {
	sess, err := s.Sessions.Get(c.Request, s.CookieName)
	if err != nil {
		s.serverError(c, err)
		c.Abort()
		return
	}
	c.Set(ctxSession, sess)
	if s.TestMode {
		if !s.testClockOfRequest(c, s.sessionOf(c).Clock()) {
			return
		}
	}
	c.Next()
}

func (s *server) session(c *gin.Context) *sessions.Session { return s.sessionOf(c).sess }

// seekerID returns the signed-in seeker, or "".
func (s *server) seekerID(c *gin.Context) string { return s.sessionOf(c).SeekerID() }

// requireSeeker lets a request through only for a live session of a seeker
// who may use My Page, and keeps the seeker for the handler. A signed-out
// request goes to /login, told why when the session timed out, and comes
// back here after sign-in. The seeker document is read on every signed-in
// request, so a session of a withdrawn or deleted account — one that a
// sign-in racing the withdrawal opened too — ends on its next request.
func (s *server) requireSeeker(c *gin.Context) {
	id := s.seekerID(c)
	if id == "" {
		q := url.Values{}
		if c.Request.Method == http.MethodGet && !isPartial(c.Request) {
			q.Set("next", c.Request.URL.RequestURI())
		}
		switch s.sessionOf(c).State() {
		case auth.StateExpired:
			q.Set("notice", "timeout")
		case auth.StateEndedElsewhere:
			q.Set("notice", "ended")
		}
		target := "/login"
		if len(q) > 0 {
			target += "?" + q.Encode()
		}
		s.redirect(c, target)
		c.Abort()
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	seeker, err := s.Store.SeekerByID(ctx, id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.serverError(c, err)
		c.Abort()
		return
	}
	if errors.Is(err, store.ErrNotFound) || seeker.Withdrawn() {
		// The account is gone or withdrawn; so is any reason to keep this
		// session.
		sess := s.session(c)
		sess.Options.MaxAge = -1
		if err := sess.Save(c.Request, c.Writer); err != nil {
			s.serverError(c, err)
			c.Abort()
			return
		}
		s.redirect(c, "/login")
		c.Abort()
		return
	}
	c.Set(ctxSeeker, seeker)
	if err := s.onSeekersClock(c, seeker.TestClockID); err != nil {
		s.serverError(c, err)
		c.Abort()
		return
	}
	c.Next()
}

// redirect answers 303, or HX-Redirect for htmx so the whole page moves.
func (s *server) redirect(c *gin.Context, target string) {
	if c.GetHeader("HX-Request") == "true" {
		c.Header("HX-Redirect", target)
		c.Status(http.StatusNoContent)
		return
	}
	c.Redirect(http.StatusSeeOther, target)
}

// safeNext returns next if it is a path on this site, else "". It is shown
// again in pages and kept with a MyNaPortal sign-in, so it must be valid
// UTF-8 too.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") || !utf8.ValidString(next) {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	return next
}
