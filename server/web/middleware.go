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
)

// maxBodyBytes caps every request body: the largest form of My Page is far
// smaller.
const maxBodyBytes = 64 << 10

const (
	ctxRequestID = "requestID"
	ctxSession   = "session"
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
			s.errorPage(c, http.StatusInternalServerError, "システムエラー", "申し訳ありません。システムでエラーが発生しました。しばらくしてから再度お試しください。")
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
	c.Next()
}

func (s *server) session(c *gin.Context) *sessions.Session {
	v, _ := c.Get(ctxSession)
	sess, _ := v.(*sessions.Session)
	return sess
}

// seekerID returns the signed-in seeker, or "".
func (s *server) seekerID(c *gin.Context) string {
	sess := s.session(c)
	if sess == nil || sess.IsNew {
		return ""
	}
	id, _ := sess.Values[auth.KeySeekerID].(string)
	return id
}

// requireSeeker sends a signed-out request to /login, telling why when the
// session timed out, and coming back here after sign-in.
func (s *server) requireSeeker(c *gin.Context) {
	if s.seekerID(c) != "" {
		c.Next()
		return
	}
	q := url.Values{}
	if c.Request.Method == http.MethodGet && !isPartial(c.Request) {
		q.Set("next", c.Request.URL.RequestURI())
	}
	if state, _ := s.session(c).Values[auth.KeyState].(string); state == auth.StateExpired {
		q.Set("notice", "timeout")
	}
	target := "/login"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	s.redirect(c, target)
	c.Abort()
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
