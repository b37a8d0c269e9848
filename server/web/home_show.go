package web

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
)

type homePage struct {
	basePage
	Seeker domain.Seeker
	Valid  bool
	Jobs   []domain.Job
}

// homeShow is 求職者マイページホーム: the newest jobs and the sidebar of the
// manual's screenshot.
func (s *server) homeShow(c *gin.Context) {
	seeker, ok := s.currentSeeker(c)
	if !ok {
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	jobs, err := s.latest.get(ctx, s.latestJobs)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := homePage{basePage: s.base(c, "求職者マイページホーム", ""), Seeker: seeker, Jobs: jobs,
		Valid: seeker.Active(s.now(c))}
	n, err := s.takeFlash(c, noticeWelcome, noticeRestored, noticeLinked)
	if err != nil {
		s.serverError(c, err)
		return
	}
	switch n {
	case noticeWelcome:
		p.Notice = "求職者マイページを開設しました。"
	case noticeRestored:
		p.Notice = "アカウントを再登録しました。求職者マイページの利用を再開できます。"
	case noticeLinked:
		p.Notice = "マイナポータルとの連携が完了しました。次回からマイナポータルでログインできます。"
	}
	s.render(c, http.StatusOK, "home", "", p)
}

// latestJobs reads the newest postings from the search index, which holds
// them in order; the store would sort every posting.
func (s *server) latestJobs(ctx context.Context, n int) ([]domain.Job, error) {
	x, err := s.Search.Index(ctx)
	if err != nil {
		return nil, err
	}
	return x.Latest(n), nil
}
