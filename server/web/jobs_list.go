package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/search"
	"github.com/hellowork/mypage/server/web/form"
)

type jobsPage struct {
	basePage
	Form            form.JobSearch
	Prefectures     []string
	EmploymentTypes []string
	PerPage         []int
	Jobs            []domain.Job
	Total           int
	Page, Pages     int
	First, Last     int
	FirstURL        string
	PrevURL         string
	NextURL         string
	LastURL         string
	SortNewURL      string
	SortWageURL     string
	// FieldErrors hold the message of each field of the form, empty or
	// not; a partial sends them out of band, as the form is not swapped.
	FieldErrors map[string]jobFieldError
	OOBErrors   []jobFieldError
}

type jobFieldError struct {
	Name, Message string
	OOB           bool
}

// jobFormFields are the fields whose messages stand next to them.
var jobFormFields = []string{"q", "not", "pref", "kind", "type", "wage", "new", "per"}

// newDays is how many days new=1 covers: today and the two days before.
const newDays = 3

// jobsList is 求人検索: the search form and one page of results. htmx asks
// for the results only and pushes the URL, so the same URL is a full page.
func (s *server) jobsList(c *gin.Context) {
	f := form.ParseJobSearch(c.Request.URL.Query(), domain.Prefectures, domain.EmploymentTypes)
	ctx, cancel := s.ctx(c)
	defer cancel()
	x, err := s.Search.Index(ctx)
	if err != nil {
		s.serverError(c, err)
		return
	}
	q := search.Query{
		Words: search.Words(f.Keyword), Not: search.Words(f.Exclude),
		Prefecture: f.Prefecture, Kind: f.Kind, Type: f.EmploymentType, Wage: f.Wage,
		Sort: f.Sort, Page: f.Page, Per: f.Per,
	}
	if f.New {
		now := s.now(c).In(domain.Tokyo)
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, domain.Tokyo)
		q.Since = today.AddDate(0, 0, 1-newDays)
	}
	r := x.Search(q)
	f.Page = r.Page
	p := jobsPage{
		basePage: s.base(c, "求人検索", "jobs"), Form: f,
		Prefectures: domain.Prefectures, EmploymentTypes: domain.EmploymentTypes, PerPage: form.JobPerPage,
		Jobs: r.Jobs, Total: r.Total, Page: r.Page, Pages: r.Pages,
		SortNewURL: jobsURL(f, 1, "new"), SortWageURL: jobsURL(f, 1, "wage"),
	}
	p.Description = "全国のハローワークの求人を、キーワード、都道府県、求人区分（フルタイム・パート）、雇用形態、賃金、新着で検索できます。新着順または賃金の高い順に並べ替えられます。"
	p.FieldErrors = map[string]jobFieldError{}
	for _, name := range jobFormFields {
		e := jobFieldError{Name: name, Message: f.Errors[name]}
		p.FieldErrors[name] = e
		e.OOB = true
		p.OOBErrors = append(p.OOBErrors, e)
	}
	if len(r.Jobs) > 0 {
		p.First = (r.Page-1)*f.Per + 1
		p.Last = p.First + len(r.Jobs) - 1
	}
	if r.Page > 1 {
		p.FirstURL = jobsURL(f, 1, f.Sort)
		p.PrevURL = jobsURL(f, r.Page-1, f.Sort)
	}
	if r.Page < r.Pages {
		p.NextURL = jobsURL(f, r.Page+1, f.Sort)
		p.LastURL = jobsURL(f, r.Pages, f.Sort)
	}
	status := http.StatusOK
	if f.Errors.Any() {
		status = http.StatusBadRequest
	}
	s.render(c, status, "jobs", "jobs-partial", p)
}

func jobsURL(f form.JobSearch, page int, sort string) string {
	if q := f.Query(page, sort); q != "" {
		return "/jobs?" + q
	}
	return "/jobs"
}
