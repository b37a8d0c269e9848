package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
)

// applicationCancel is 応募取消 of an application in progress.
func (s *server) applicationCancel(c *gin.Context) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	err := s.Store.CancelApplication(ctx, s.seekerID(c), c.Param("id"))
	switch {
	case errors.Is(err, domain.ErrNotInProgress), errors.Is(err, store.ErrNotFound):
		return problem(http.StatusConflict, "応募を取り消せません", "この応募は応募中ではないため、取り消せません。既に取り消されたか、選考が終了しています。", Back{"/mypage/activity", "求職活動状況へ"})
	case err != nil:
		return err
	default:
		s.redirect(c, "/mypage/activity?cancelled=1")
	}
	return nil
}
