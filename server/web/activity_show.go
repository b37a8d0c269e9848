package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
)

type activityPage struct {
	basePage
	InProgress []domain.Application
	Closed     []domain.Application
}

// activityShow is 求職活動状況: applications in progress and finished.
func (s *server) activityShow(c *gin.Context) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	apps, err := s.Store.ApplicationsOfSeeker(ctx, s.seekerID(c))
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := activityPage{basePage: s.base(c, "求職活動状況", "activity")}
	for _, a := range apps {
		if a.Status == domain.ApplicationInProgress {
			p.InProgress = append(p.InProgress, a)
		} else {
			p.Closed = append(p.Closed, a)
		}
	}
	s.render(c, http.StatusOK, "activity", "", p)
}
