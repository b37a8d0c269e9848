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
	// For a signed-in seeker: whether they applied already, and may apply.
	Applied bool
	Active  bool
}

// jobShow is the detail of one job posting, with 「応募する」 for a signed-in
// seeker whose status is 有効.
func (s *server) jobShow(c *gin.Context) {
	job, ok := s.job(c)
	if !ok {
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	p := jobPage{basePage: s.base(c, job.Title+"（求人詳細）", "jobs"), Job: job}
	if id := s.seekerID(c); id != "" {
		seeker, err := s.Store.SeekerByID(ctx, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.serverError(c, err)
			return
		}
		p.Active = err == nil && seeker.Active(s.now(c))
		for _, r := range seeker.Applying {
			p.Applied = p.Applied || r.JobID == job.ID
		}
	}
	s.render(c, http.StatusOK, "job", "", p)
}

// job loads the job the URL names. When it has answered the request itself
// (not found, or an error) it returns false.
func (s *server) job(c *gin.Context) (domain.Job, bool) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	job, err := s.Store.JobByID(ctx, c.Param("id"))
	if errors.Is(err, store.ErrNotFound) {
		s.errorPage(c, http.StatusNotFound, "求人が見つかりません", "指定された求人は見つかりませんでした。求人の掲載が終了した可能性があります。")
		return job, false
	}
	if err != nil {
		s.serverError(c, err)
		return job, false
	}
	return job, true
}
