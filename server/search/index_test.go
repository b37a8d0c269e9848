package search

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/jobgen"
)

// normalized are the searched fields of each posting after Normalize, by
// 求人番号 (the scan's own, made without the index).
type normalized map[string][]string

func normalizeAll(jobs []domain.Job) normalized {
	n := normalized{}
	for _, j := range jobs {
		for _, f := range []string{j.Title, j.Company, j.Description, j.Location, j.ID} {
			n[j.ID] = append(n[j.ID], Normalize(f))
		}
	}
	return n
}

// scan is the search by its definition: every posting read, every word
// looked for in each normalised field.
func scan(jobs []domain.Job, norm normalized, q Query) []string {
	var out []domain.Job
	has := func(j domain.Job, w string) bool {
		for _, f := range norm[j.ID] {
			if strings.Contains(f, w) {
				return true
			}
		}
		return false
	}
next:
	for _, j := range jobs {
		for _, w := range q.Words {
			if !has(j, w) {
				continue next
			}
		}
		for _, w := range q.Not {
			if has(j, w) {
				continue next
			}
		}
		if q.Prefecture != "" && j.Prefecture != q.Prefecture ||
			q.Type != "" && j.EmploymentType != q.Type ||
			q.Kind != "" && KindOf(j.Category) != q.Kind ||
			q.Wage > 0 && (j.WageUnit != WageUnitOf(q.Kind) || j.WageMax < q.Wage) ||
			!q.Since.IsZero() && j.PostedAt.Before(q.Since) {
			continue
		}
		out = append(out, j)
	}
	slices.SortFunc(out, func(a, b domain.Job) int {
		if q.Sort == SortWage {
			if c := cmp.Compare(b.MonthlyWage(), a.MonthlyWage()); c != 0 {
				return c
			}
		}
		if c := b.PostedAt.Compare(a.PostedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	ids := make([]string, len(out))
	for i, j := range out {
		ids[i] = j.ID
	}
	return ids
}

// tricky postings: scripts mixed, widths, cases, and texts whose NFKC
// differs from them.
func tricky(now time.Time) []domain.Job {
	base := domain.Job{Category: "フルタイム", Prefecture: "東京都", EmploymentType: "正社員", WageUnit: "月給", WageMin: 200000, WageMax: 300000}
	var out []domain.Job
	for i, t := range [][4]string{
		{"Go言語エンジニア", "株式会社ＡＢＣシステムズ", "ＧＯ言語でのＡＰＩ開発。", "東京都港区"},
		{"ｶｲｺﾞｼｮｸｲﾝ", "ﾔﾏﾀﾞ介護ｻｰﾋﾞｽ", "ﾃﾞｲｻｰﾋﾞｽでの介護。ﾌｫｰｸﾘﾌﾄ不要", "東京都新宿区"},
		{"ＰＣインストラクター", "ＰＣスクール①", "Ｅｘｃｅｌ・Ｗｏｒｄ指導。㈱と㍻の表記", "東京都渋谷区"},
		{"İstanbul ΣΊΣΥΦΟΣ", "Straße KG", "ﬁne ﬂow Ⅻ ½", "東京都中央区"},
		{"a", "b", "c", "d"},
	} {
		j := base
		j.ID = fmt.Sprintf("13999-0000000%d", i)
		j.Title, j.Company, j.Description, j.Location = t[0], t[1], t[2], t[3]
		j.PostedAt = now.Add(-time.Duration(i) * time.Hour)
		out = append(out, j)
	}
	return out
}

func TestIndexEqualsScan(t *testing.T) {
	now := time.Date(2025, 6, 10, 12, 0, 0, 0, domain.Tokyo)
	jobs := append(jobgen.Generate(3000, 1, now), tricky(now)...)
	ref := slices.Clone(jobs)
	norm := normalizeAll(ref)
	x := Build(slices.Clone(jobs), "v")
	r := rand.New(rand.NewPCG(2, 3))
	extra := []string{"Go言語", "go言語", "ＧＯ", "ｶｲｺﾞ", "カイゴ", "ﾌｫｰｸﾘﾌﾄ", "フォークリフト", "ｅｘｃｅｌ", "EXCEL", "pc",
		"①", "1", "㈱", "(株)", "平成", "ss", "straße", "σ", "fi", "xii", "1⁄2", "介", "護", "ー", "　", "-", "13", "0",
		"介護", "事務", "東京都", "の", "です。", "zz", "ﾞ", "ガ", "カ"}
	word := func() string {
		switch r.IntN(3) {
		case 0:
			return extra[r.IntN(len(extra))]
		default:
			j := ref[r.IntN(len(ref))]
			f := []string{j.Title, j.Company, j.Description, j.Location, j.ID}[r.IntN(5)]
			rs := []rune(f)
			n := 1 + r.IntN(min(6, len(rs)))
			i := r.IntN(len(rs) - n + 1)
			w := string(rs[i : i+n])
			if r.IntN(4) == 0 {
				w = strings.ToUpper(w)
			}
			return w
		}
	}
	for i := range 4000 {
		q := Query{Per: 50, Page: 1}
		var typed []string
		for range r.IntN(3) + boolInt(i%4 != 0) {
			typed = append(typed, word())
		}
		q.Words = Words(strings.Join(typed, []string{" ", "　"}[r.IntN(2)]))
		if r.IntN(4) == 0 {
			q.Not = Words(word())
		}
		if r.IntN(3) == 0 {
			q.Prefecture = domain.Prefectures[r.IntN(len(domain.Prefectures))]
		}
		if r.IntN(3) == 0 {
			q.Kind = []string{KindFulltime, KindParttime}[r.IntN(2)]
			if r.IntN(2) == 0 {
				if q.Kind == KindFulltime {
					q.Wage = 150000 + r.IntN(300)*1000
				} else {
					q.Wage = 1000 + r.IntN(100)*10
				}
			}
		}
		if r.IntN(4) == 0 {
			q.Type = domain.EmploymentTypes[r.IntN(len(domain.EmploymentTypes))]
		}
		if r.IntN(5) == 0 {
			q.Since = now.AddDate(0, 0, -r.IntN(10))
		}
		if r.IntN(3) == 0 {
			q.Sort = SortWage
		}
		want := scan(ref, norm, q)
		q.Page = 1 + r.IntN(3)
		got := x.Search(q)
		if got.Total != len(want) {
			t.Fatalf("query %d %+v: %d found, the scan finds %d", i, q, got.Total, len(want))
		}
		from := min((got.Page-1)*q.Per, len(want))
		wantPage := want[from:min(from+q.Per, len(want))]
		var gotPage []string
		for _, j := range got.Jobs {
			gotPage = append(gotPage, j.ID)
		}
		if !slices.Equal(gotPage, wantPage) && len(wantPage)+len(gotPage) > 0 {
			t.Fatalf("query %+v page %d:\n got %v\nwant %v", q, got.Page, gotPage, wantPage)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"介護　福祉 Go言語":   {"介護", "福祉", "go言語"},
		"  ":           nil,
		"ＡＢＣ\tｶｲｺﾞ":    {"abc", "カイゴ"},
		"\xff介護":       {"\ufffd介護"},
		"ﾌｫｰｸﾘﾌﾄ　ｴｸｾﾙ": {"フォークリフト", "エクセル"},
	} {
		if got := Words(in); !slices.Equal(got, want) {
			t.Errorf("Words(%q) = %q, want %q", in, got, want)
		}
	}
	if utf8.RuneCountInString(Normalize("ｶﾞ")) != 1 {
		t.Error("ｶﾞ is one character after NFKC")
	}
}
