package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/web/form"
)

// loginCheck signs a seeker in with e-mail and password.
func (s *server) loginCheck(c *gin.Context) error {
	f := form.ParseLogin(c.Request.PostForm)
	p := loginPage{basePage: s.base(c, "ログイン", ""), Form: f, Next: safeNext(c.PostForm("next")), MyNaPortal: s.myNaPortalOffer()}
	if f.Errors.Any() {
		s.render(c, http.StatusUnprocessableEntity, "login", "", p)
		return nil
	}
	seekerID, err := s.checkPassword(c, f.Email, f.Password)
	if s.showOnForm(c, err, "login", func(msg string) any { p.Error = msg; return p }) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.checkSignIn(c, seekerID); err != nil {
		return err
	}
	if err := s.signIn(c, seekerID, auth.ViaPassword, ""); err != nil {
		return err
	}
	s.redirect(c, orDefault(p.Next, "/mypage"))
	return nil
}
