package web

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/web/form"
)

type registerPage struct {
	basePage
	Form    form.Register
	Offices []domain.Office
}

// registerShow is 求職者マイページ開設, online registration.
func (s *server) registerShow(c *gin.Context) {
	if s.seekerID(c) != "" {
		s.redirect(c, "/mypage")
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	p, err := s.registerPage(ctx, c, form.Register{Errors: form.Errors{}})
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "register", "", p)
}

func (s *server) registerPage(ctx context.Context, c *gin.Context, f form.Register) (registerPage, error) {
	offices, err := s.Store.Offices(ctx)
	f.Password = ""
	return registerPage{basePage: s.base(c, "求職者マイページ開設", ""), Form: f, Offices: offices}, err
}
