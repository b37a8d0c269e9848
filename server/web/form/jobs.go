package form

import (
	"net/url"
	"slices"
	"strconv"
)

// JobSearch is the 求人検索 query: q, pref, type, page.
type JobSearch struct {
	Keyword        string
	Prefecture     string
	EmploymentType string
	Page           int
	Errors         Errors
}

// ParseJobSearch reads a job search. Unknown prefectures and types are
// dropped with a message; a page out of range becomes page 1.
func ParseJobSearch(v url.Values, prefectures, types []string) JobSearch {
	f := JobSearch{Errors: Errors{}, Page: 1}
	var msg string
	if f.Keyword, msg = clean(v.Get("q"), 100); msg != "" {
		f.Errors["q"] = msg
		f.Keyword = ""
	}
	if p := v.Get("pref"); p != "" {
		if slices.Contains(prefectures, p) {
			f.Prefecture = p
		} else {
			f.Errors["pref"] = "都道府県は一覧から選択してください。"
		}
	}
	if t := v.Get("type"); t != "" {
		if slices.Contains(types, t) {
			f.EmploymentType = t
		} else {
			f.Errors["type"] = "雇用形態は一覧から選択してください。"
		}
	}
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n >= 1 && n <= 1000 {
		f.Page = n
	}
	return f
}
