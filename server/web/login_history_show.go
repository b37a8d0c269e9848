package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
)

type loginHistoryPage struct {
	basePage
	Events []domain.LoginEvent
	Size   int
	Days   int
}

// loginHistoryShow is ログイン履歴: the account's last sign-ins and failed
// attempts, newest first.
func (s *server) loginHistoryShow(c *gin.Context) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	events, err := s.Store.LoginHistoryOf(ctx, s.seekerID(c), s.now(c))
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "login_history", "", loginHistoryPage{basePage: s.base(c, "ログイン履歴", "settings"),
		Events: events, Size: domain.LoginHistorySize, Days: domain.LoginHistoryDays})
}
