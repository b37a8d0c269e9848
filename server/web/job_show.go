package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
)

type jobPage struct {
	basePage
	Job domain.Job
}

// jobShow is the detail of one job posting.
func (s *server) jobShow(c *gin.Context) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	job, err := s.Store.JobByID(ctx, c.Param("id"))
	if errors.Is(err, store.ErrNotFound) {
		s.errorPage(c, http.StatusNotFound, "求人が見つかりません", "指定された求人は見つかりませんでした。求人の掲載が終了した可能性があります。")
		return
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	s.render(c, http.StatusOK, "job", "", jobPage{basePage: s.base(c, job.Title+"（求人詳細）", "jobs"), Job: job})
}
