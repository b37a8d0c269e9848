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

func (s *server) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure(), SameSite: http.SameSiteLaxMode,
	})
}

func (s *server) clearCookie(c *gin.Context, name string) { s.setCookie(c, name, "", -1) }
