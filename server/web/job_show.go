package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

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
	p.Description = jobDescription(job)
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

// jobDescription is a posting's meta description: what, who, where, how
// paid, and the start of 仕事の内容.
func jobDescription(j domain.Job) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%sの求人（%s）。", j.Title, j.Company)
	if j.Location != "" {
		fmt.Fprintf(&b, "就業場所: %s。", j.Location)
	}
	if j.Category != "" || j.EmploymentType != "" {
		fmt.Fprintf(&b, "%s", strings.Trim(j.Category+"・"+j.EmploymentType, "・"))
		if j.WageUnit != "" && j.WageMax > 0 {
			fmt.Fprintf(&b, "、%s %s～%s", j.WageUnit, formatYen(j.WageMin), formatYen(j.WageMax))
		}
		b.WriteString("。")
	}
	b.WriteString(j.Description)
	return truncateRunes(b.String(), 150)
}

// truncateRunes cuts s to at most n characters, marking a cut with "…".
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// job loads the job the URL names. When it has answered the request itself
// (not found, or an error) it returns false.
func (s *server) job(c *gin.Context) (domain.Job, bool) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	job, err := s.Store.JobByID(ctx, c.Param("id"))
	if errors.Is(err, store.ErrNotFound) {
		s.fail(c, problem(http.StatusNotFound, "求人が見つかりません", "指定された求人は見つかりませんでした。求人の掲載が終了した可能性があります。", Back{}))
		return job, false
	}
	if err != nil {
		s.serverError(c, err)
		return job, false
	}
	return job, true
}
