package form

import (
	"net/url"
	"testing"
)

func TestParseJobSearch(t *testing.T) {
	prefs, types := []string{"東京都", "大阪府"}, []string{"正社員", "パート労働者"}
	for _, tc := range []struct {
		query string
		check func(JobSearch) bool
		errs  []string
	}{
		{"", func(f JobSearch) bool { return f.Page == 1 && f.Per == 30 && f.Sort == "new" && !f.New }, nil},
		{"q=介護　福祉&not=夜勤&pref=東京都&kind=fulltime&type=正社員&wage=250000&new=1&sort=wage&per=50&page=3",
			func(f JobSearch) bool {
				return f.Keyword == "介護　福祉" && f.Exclude == "夜勤" && f.Prefecture == "東京都" && f.Kind == "fulltime" &&
					f.EmploymentType == "正社員" && f.Wage == 250000 && f.New && f.Sort == "wage" && f.Per == 50 && f.Page == 3
			}, nil},
		{"kind=parttime&wage=" + url.QueryEscape("１，２００円"), func(f JobSearch) bool { return f.Wage == 1200 }, nil},
		{"wage=200000", func(f JobSearch) bool { return f.Wage == 0 && f.WageText == "200000" }, []string{"wage"}},
		{"kind=fulltime&wage=abc", func(f JobSearch) bool { return f.Wage == 0 && f.Kind == "fulltime" }, []string{"wage"}},
		{"kind=fulltime&wage=-5", func(f JobSearch) bool { return f.Wage == 0 }, []string{"wage"}},
		{"kind=contract&wage=1000", func(f JobSearch) bool { return f.Kind == "" && f.Wage == 0 }, []string{"kind"}},
		{"sort=old&per=20&page=0&new=yes", func(f JobSearch) bool { return f.Sort == "new" && f.Per == 30 && f.Page == 1 && !f.New },
			[]string{"sort", "per", "page", "new"}},
		{"pref=火星&type=社長", func(f JobSearch) bool { return f.Prefecture == "" && f.EmploymentType == "" }, []string{"pref", "type"}},
		{"q=%00&not=%1b", func(f JobSearch) bool { return f.Keyword == "" && f.Exclude == "" }, []string{"q", "not"}},
	} {
		v, _ := url.ParseQuery(tc.query)
		f := ParseJobSearch(v, prefs, types)
		if !tc.check(f) {
			t.Errorf("%s: %+v", tc.query, f)
		}
		if len(f.Errors) != len(tc.errs) {
			t.Errorf("%s: errors %v, want %v", tc.query, f.Errors, tc.errs)
		}
		for _, k := range tc.errs {
			if f.Errors[k] == "" {
				t.Errorf("%s: no message for %s", tc.query, k)
			}
		}
	}
	f := ParseJobSearch(url.Values{"q": {"介護"}, "kind": {"parttime"}, "wage": {"1200"}, "per": {"10"}}, prefs, types)
	if got, want := f.Query(2, "wage"), "kind=parttime&page=2&per=10&q=%E4%BB%8B%E8%AD%B7&sort=wage&wage=1200"; got != want {
		t.Errorf("Query = %s, want %s", got, want)
	}
}
