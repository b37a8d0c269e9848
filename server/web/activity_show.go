package web

import (
	"errors"
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
	apps, err := s.Store.ApplicationsOf(ctx, seeker)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := activityPage{basePage: s.base(c, "求職活動状況", "activity")}
	finished := map[string]bool{}
	for _, a := range apps {
		if a.Status == domain.ApplicationInProgress && a.Cancelling {
			// An 応募取消 cut short by a crash: finish it now.
			if err := s.Store.FinishCancel(ctx, seeker.ID, a.ID); err != nil && !errors.Is(err, domain.ErrNotInProgress) {
				s.serverError(c, err)
				return
			}
			a.Status = domain.ApplicationCancelled
			finished[a.ID] = true
		}
		if a.Status != domain.ApplicationInProgress {
			p.Closed = append(p.Closed, a)
		}
	}
	for _, r := range seeker.Applying {
		if !finished[r.ApplicationID] {
			p.InProgress = append(p.InProgress, r)
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
