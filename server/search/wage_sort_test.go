package search

import (
	"slices"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/domain"
)

// sort=wage without 求人区分 compares 月給 and 時給 on a monthly basis
// (時給 × 173), not as bare numbers.
func TestSortWageMixesUnitsOnAMonthlyBasis(t *testing.T) {
	now := time.Date(2025, 6, 10, 12, 0, 0, 0, domain.Tokyo)
	job := func(id, category, unit string, max int, age time.Duration) domain.Job {
		return domain.Job{ID: id, Title: "事務", Category: category, Prefecture: "東京都", EmploymentType: "正社員",
			WageUnit: unit, WageMin: max / 2, WageMax: max, PostedAt: now.Add(-age)}
	}
	jobs := []domain.Job{
		job("13000-00000001", "フルタイム", "月給", 300000, 1*time.Hour),
		job("13000-00000002", "パート", "時給", 2000, 2*time.Hour), // 346,000 a month
		job("13000-00000003", "フルタイム", "月給", 180000, 3*time.Hour),
		job("13000-00000004", "パート", "時給", 1000, 4*time.Hour),        // 173,000: equal to 005, older
		job("13000-00000005", "フルタイム(障)", "月給", 173000, 5*time.Hour), // older still, but …
		job("13000-00000006", "パート", "日給", 15000, 0),                 // no comparable wage: last
		job("13000-00000007", "パート(障)", "時給", 1040, 6*time.Hour),     // 179,920
	}
	// 004 and 005 tie at 173,000: newest first (004 is newer).
	x := Build(slices.Clone(jobs), "v")
	for _, c := range []struct {
		name string
		q    Query
		want []string
	}{
		{"every kind", Query{Sort: SortWage},
			[]string{"13000-00000002", "13000-00000001", "13000-00000003", "13000-00000007", "13000-00000004", "13000-00000005", "13000-00000006"}},
		{"a word, every kind", Query{Words: Words("事務"), Sort: SortWage},
			[]string{"13000-00000002", "13000-00000001", "13000-00000003", "13000-00000007", "13000-00000004", "13000-00000005", "13000-00000006"}},
		{"fulltime", Query{Kind: KindFulltime, Sort: SortWage},
			[]string{"13000-00000001", "13000-00000003", "13000-00000005"}},
		{"parttime", Query{Kind: KindParttime, Sort: SortWage},
			[]string{"13000-00000002", "13000-00000007", "13000-00000004", "13000-00000006"}},
		{"parttime from 時給 1,040", Query{Kind: KindParttime, Wage: 1040, Sort: SortWage},
			[]string{"13000-00000002", "13000-00000007"}},
		{"newest", Query{},
			[]string{"13000-00000006", "13000-00000001", "13000-00000002", "13000-00000003", "13000-00000004", "13000-00000005", "13000-00000007"}},
	} {
		r := x.Search(c.q)
		var got []string
		for _, j := range r.Jobs {
			got = append(got, j.ID)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.name, got, c.want)
		}
	}
}
