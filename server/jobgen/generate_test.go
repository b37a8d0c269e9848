package jobgen

import (
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/domain"
)

func TestGenerateDeterministicAndValid(t *testing.T) {
	now := time.Date(2025, 6, 10, 9, 0, 0, 0, domain.Tokyo)
	a := Generate(5000, 7, now)
	if b := Generate(5000, 7, now); !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave other postings")
	}
	if c := Generate(50, 8, now); reflect.DeepEqual(a[:50], c) {
		t.Fatal("another seed gave the same postings")
	}
	number := regexp.MustCompile(`^\d{5}-\d{8}$`)
	ids := map[string]bool{}
	prefs := map[string]int{}
	kinds := map[string]int{}
	for _, j := range a {
		if !number.MatchString(j.ID) || ids[j.ID] {
			t.Fatalf("求人番号 %q: malformed or repeated", j.ID)
		}
		ids[j.ID] = true
		prefs[j.Prefecture]++
		kinds[j.WageUnit]++
		if j.Title == "" || j.Company == "" || j.Description == "" || j.Location == "" || len(j.Hours) == 0 || j.Holidays == "" {
			t.Fatalf("a field is empty: %+v", j)
		}
		if j.WageMin <= 0 || j.WageMax < j.WageMin {
			t.Fatalf("wage %d～%d", j.WageMin, j.WageMax)
		}
		switch j.WageUnit {
		case "月給":
			if j.WageMin < 150000 || j.WageMax > 700000 || j.Category[:len("フルタイム")] != "フルタイム" {
				t.Fatalf("full-time wage %+v", j)
			}
		case "時給":
			if j.WageMin < 1000 || j.WageMax > 4000 || j.Category[:len("パート")] != "パート" {
				t.Fatalf("part-time wage %+v", j)
			}
		default:
			t.Fatalf("unit %q", j.WageUnit)
		}
		if j.PostedAt.After(now) || j.PostedAt.Before(now.AddDate(0, 0, -Days-1)) {
			t.Fatalf("posted %s", j.PostedAt)
		}
	}
	if len(prefs) != 47 {
		t.Errorf("%d prefectures, want 47", len(prefs))
	}
	if prefs["東京都"] <= prefs["鳥取県"]*10 {
		t.Errorf("東京都 %d, 鳥取県 %d: not weighted by population", prefs["東京都"], prefs["鳥取県"])
	}
	if kinds["時給"] < len(a)/5 || kinds["月給"] < len(a)/3 {
		t.Errorf("full-time and part-time mix: %v", kinds)
	}
}
