package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type withdrawPage struct {
	basePage
	// CanWithdraw is rule 2: false while an application is 応募中.
	CanWithdraw bool
}

// withdrawShow is 求職者マイページ退会確認.
func (s *server) withdrawShow(c *gin.Context) {
	seeker, ok := s.currentSeeker(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "withdraw", "", withdrawPage{basePage: s.base(c, "求職者マイページ退会確認", "settings"), CanWithdraw: seeker.CanWithdraw()})
}

// withdrawnShow is 求職者マイページ退会完了.
func (s *server) withdrawnShow(c *gin.Context) {
	s.render(c, http.StatusOK, "withdrawn", "", s.base(c, "求職者マイページ退会完了", ""))
}
