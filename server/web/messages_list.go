package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
)

type messagesPage struct {
	basePage
	Seeker   domain.Seeker
	Messages []domain.Message
}

// messagesList is メッセージ一覧, where the home's 新着メッセージ count leads.
func (s *server) messagesList(c *gin.Context) {
	seeker, ok := s.currentSeeker(c)
	if !ok {
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	msgs, err := s.Store.MessagesOf(ctx, seeker)
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "messages", "", messagesPage{basePage: s.base(c, "メッセージ一覧", ""), Seeker: seeker, Messages: msgs})
}
