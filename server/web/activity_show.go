package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
)

type activityPage struct {
	basePage
	InProgress []domain.ApplicationRef
	Closed     []domain.Application
}

// activityShow is 求職活動状況: applications in progress, from the seeker's
// document that decides them, and finished ones.
func (s *server) activityShow(c *gin.Context) {
	seeker, ok := s.currentSeeker(c)
	if !ok {
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	apps, err := s.Store.ApplicationsOfSeeker(ctx, seeker.ID)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := activityPage{basePage: s.base(c, "求職活動状況", "activity"), InProgress: seeker.Applying}
	for _, a := range apps {
		if a.Status != domain.ApplicationInProgress {
			p.Closed = append(p.Closed, a)
		}
	}
	switch {
	case c.Query("applied") == "1":
		p.Notice = "応募しました。応募の状況はこの画面でご確認いただけます。"
	case c.Query("cancelled") == "1":
		p.Notice = "応募を取り消しました。"
	}
	s.render(c, http.StatusOK, "activity", "", p)
}
