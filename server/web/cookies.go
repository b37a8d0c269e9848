package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// Short-lived cookies beside the session. Their names differ from the
// simulator's, which shares the host on a developer's machine.
const (
	cookieOIDCState = "mypage_oidc_state"
	cookieLink      = "mypage_link"
	cookieNotice    = "mypage_notice"
)

func (s *server) secure() bool { return strings.HasPrefix(s.CookieName, "__Host-") }

// cookieName is a cookie's name on the wire: "__Host-" prefixed under
// https, so the browser keeps it to this host, Secure, on path /.
func (s *server) cookieName(name string) string {
	if s.secure() {
		return "__Host-" + name
	}
	return name
}

func (s *server) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: s.cookieName(name), Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure(), SameSite: http.SameSiteLaxMode,
	})
}

func (s *server) clearCookie(c *gin.Context, name string) { s.setCookie(c, name, "", -1) }

// cookie reads one of the short-lived cookies by its base name.
func (s *server) cookie(c *gin.Context, name string) string {
	v, _ := c.Cookie(s.cookieName(name))
	return v
}
