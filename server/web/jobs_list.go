package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/web/form"
)

const jobsPerPage = 10

type jobsPage struct {
	basePage
	Form            form.JobSearch
	Prefectures     []string
	EmploymentTypes []string
	Jobs            []domain.Job
	Total           int64
	Page, Pages     int
	PrevURL         string
	NextURL         string
	First, Last     int64
}

// jobsList is 求人検索: the search form and one page of results. htmx asks
// for the results only and pushes the URL, so the same URL is a full page.
func (s *server) jobsList(c *gin.Context) {
	f := form.ParseJobSearch(c.Request.URL.Query(), domain.Prefectures, domain.EmploymentTypes)
	ctx, cancel := s.ctx(c)
	defer cancel()
	q := store.JobQuery{Keyword: f.Keyword, Prefecture: f.Prefecture, EmploymentType: f.EmploymentType,
		Offset: (f.Page - 1) * jobsPerPage, Limit: jobsPerPage}
	jobs, total, err := s.Store.SearchJobs(ctx, q)
	if err == nil && len(jobs) == 0 && total > 0 {
		// A page past the end shows the last page.
		f.Page = int((total + jobsPerPage - 1) / jobsPerPage)
		q.Offset = (f.Page - 1) * jobsPerPage
		jobs, total, err = s.Store.SearchJobs(ctx, q)
	}
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := jobsPage{
		basePage: s.base(c, "求人検索", "jobs"), Form: f,
		Prefectures: domain.Prefectures, EmploymentTypes: domain.EmploymentTypes,
		Jobs: jobs, Total: total, Page: f.Page,
		Pages: int((total + jobsPerPage - 1) / jobsPerPage),
	}
	if len(jobs) > 0 {
		p.First = int64(q.Offset) + 1
		p.Last = int64(q.Offset + len(jobs))
	}
	if f.Page > 1 {
		p.PrevURL = jobsURL(f, f.Page-1)
	}
	if f.Page < p.Pages {
		p.NextURL = jobsURL(f, f.Page+1)
	}
	status := http.StatusOK
	if f.Errors.Any() {
		status = http.StatusBadRequest
	}
	s.render(c, status, "jobs", "jobs-results", p)
}

func jobsURL(f form.JobSearch, page int) string {
	v := url.Values{}
	if f.Keyword != "" {
		v.Set("q", f.Keyword)
	}
	if f.Prefecture != "" {
		v.Set("pref", f.Prefecture)
	}
	if f.EmploymentType != "" {
		v.Set("type", f.EmploymentType)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/jobs"
	}
	return "/jobs?" + v.Encode()
}
