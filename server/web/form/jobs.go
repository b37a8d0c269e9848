package form

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// The choices of 求人検索 that are not data.
var (
	JobKinds     = []string{"fulltime", "parttime"}
	JobSorts     = []string{"new", "wage"}
	JobPerPage   = []int{10, 30, 50}
	DefaultPer   = 30
	MaxJobsPage  = 100000
	MaxJobsWage  = 10000000
	jobWordsSize = 100
)

// JobSearch is the 求人検索 query of the URL contract: q, not, pref, kind,
// type, wage, new, sort, per, page. A refused value is dropped with a
// message under its name, and the search runs without it.
type JobSearch struct {
	Keyword        string // q: every word must match
	Exclude        string // not: no word may match
	Prefecture     string
	Kind           string // fulltime | parttime
	EmploymentType string
	Wage           int    // yen, with Kind
	WageText       string // wage as typed, shown again when refused
	New            bool   // new=1: posted in the last 3 days
	Sort           string // new (default) | wage
	Per            int
	Page           int
	Errors         Errors
}

// ParseJobSearch reads a job search.
func ParseJobSearch(v url.Values, prefectures, types []string) JobSearch {
	f := JobSearch{Errors: Errors{}, Page: 1, Per: DefaultPer, Sort: "new"}
	var msg string
	if f.Keyword, msg = clean(v.Get("q"), jobWordsSize); msg != "" {
		f.Errors["q"] = msg
		f.Keyword = ""
	}
	if f.Exclude, msg = clean(v.Get("not"), jobWordsSize); msg != "" {
		f.Errors["not"] = msg
		f.Exclude = ""
	}
	if p := v.Get("pref"); p != "" {
		if slices.Contains(prefectures, p) {
			f.Prefecture = p
		} else {
			f.Errors["pref"] = "都道府県は一覧から選択してください。"
		}
	}
	if k := v.Get("kind"); k != "" {
		if slices.Contains(JobKinds, k) {
			f.Kind = k
		} else {
			f.Errors["kind"] = "求人区分は「フルタイム」か「パート」を選択してください。"
		}
	}
	if t := v.Get("type"); t != "" {
		if slices.Contains(types, t) {
			f.EmploymentType = t
		} else {
			f.Errors["type"] = "雇用形態は一覧から選択してください。"
		}
	}
	if w := strings.TrimSpace(v.Get("wage")); w != "" {
		f.WageText, msg = clean(w, 20)
		// Full-width digits and thousands separators are what people type.
		digits := strings.NewReplacer(",", "", "円", "").Replace(norm.NFKC.String(f.WageText))
		n, err := strconv.Atoi(digits)
		switch {
		case msg != "":
			f.Errors["wage"], f.WageText = msg, ""
		case err != nil || n < 1 || n > MaxJobsWage || strings.ContainsAny(digits, "+-"):
			f.Errors["wage"] = "賃金は1以上の数字（円）で入力してください。"
		case f.Kind == "" && f.Errors["kind"] == "":
			f.Errors["wage"] = "賃金で絞り込むときは求人区分（フルタイムは月給、パートは時給）を選択してください。"
		case f.Kind != "":
			f.Wage = n
		}
	}
	switch v.Get("new") {
	case "":
	case "1":
		f.New = true
	default:
		f.Errors["new"] = "新着の指定が正しくありません。"
	}
	if s := v.Get("sort"); s != "" {
		if slices.Contains(JobSorts, s) {
			f.Sort = s
		} else {
			f.Errors["sort"] = "並び順は「新着順」か「賃金の高い順」を選択してください。"
		}
	}
	if p := v.Get("per"); p != "" {
		if n, err := strconv.Atoi(p); err == nil && slices.Contains(JobPerPage, n) {
			f.Per = n
		} else {
			f.Errors["per"] = "表示件数は10件・30件・50件から選択してください。"
		}
	}
	if p := v.Get("page"); p != "" {
		if n, err := strconv.Atoi(p); err == nil && n >= 1 && n <= MaxJobsPage {
			f.Page = n
		} else {
			f.Errors["page"] = "ページ番号が正しくありません。"
		}
	}
	return f
}

// Query returns the URL query of the search at page (1: none), with the
// default values left out.
func (f JobSearch) Query(page int, sort string) string {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", f.Keyword)
	set("not", f.Exclude)
	set("pref", f.Prefecture)
	set("kind", f.Kind)
	set("type", f.EmploymentType)
	if f.Wage > 0 {
		v.Set("wage", strconv.Itoa(f.Wage))
	}
	if f.New {
		v.Set("new", "1")
	}
	if sort != "" && sort != "new" {
		v.Set("sort", sort)
	}
	if f.Per != DefaultPer {
		v.Set("per", strconv.Itoa(f.Per))
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return v.Encode()
}
