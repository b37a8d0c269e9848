package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
)

type topPage struct {
	basePage
	Offices []domain.Office
	// MyNaPortalNote shows the manual's note after logging out of a session
	// that came through MyNaPortal, with where to log out there too.
	MyNaPortalNote bool
	MyNaPortalURL  string
}

// topShow is トップ, the HelloWork Internet Service top page.
func (s *server) topShow(c *gin.Context) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	offices, err := s.Store.Offices(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := topPage{basePage: s.base(c, "トップ", ""), Offices: offices, MyNaPortalURL: s.MyNaPortalURL}
	p.Description = "ハローワークインターネットサービスのトップページ。求職者マイページへのログインと開設、全国の求人情報検索、ハローワークの所在地の案内。"
	if s.cookie(c, cookieNotice) == "mynaportal" {
		p.MyNaPortalNote = true
		s.clearCookie(c, cookieNotice)
	}
	s.render(c, http.StatusOK, "top", "", p)
}
