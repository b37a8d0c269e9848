package search

import (
	"math/bits"
	"reflect"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/jobgen"
)

// A posting comes off the shelf as it went on, and each searched field
// reads back normalised.
func TestThePostingsComeOffTheShelfAsTheyWentOn(t *testing.T) {
	jst := time.FixedZone("", 9*60*60)
	jobs := jobgen.Generate(500, 7, time.Date(2026, 12, 1, 9, 0, 0, 0, jst))
	jobs = append(jobs,
		domain.Job{ID: "13010-00000001", Title: "ＰＣ入力（Ｇｏ言語）", Company: "ｶﾌﾞｼｷｶﾞｲｼｬ", Description: "", Location: "東京都",
			PostedAt: time.Date(2026, 11, 30, 0, 0, 0, 123, time.UTC), WageMin: -1, WageMax: 1 << 40},
		domain.Job{ID: "13010-00000002", Hours: []string{}, PostedAt: time.Date(2026, 11, 29, 23, 59, 59, 0, jst)},
	)
	want := make([]domain.Job, len(jobs))
	copy(want, jobs)
	x := Build(jobs, "v")
	got := map[string]domain.Job{}
	for i := range x.n {
		j := x.shelf.job(i)
		got[j.ID] = j
		own := texts(j.ID, j.Title, j.Company, j.Description, j.Location)
		for f := range own {
			if text := x.shelf.text(i, f); text != Normalize(own[f]) {
				t.Fatalf("posting %s, field %d: %q, want %q", j.ID, f, text, Normalize(own[f]))
			}
		}
	}
	for _, w := range want {
		g, ok := got[w.ID]
		if !ok {
			t.Fatalf("posting %s is not on the shelf", w.ID)
		}
		if !g.PostedAt.Equal(w.PostedAt) {
			t.Errorf("posting %s posted %v, want %v", w.ID, g.PostedAt, w.PostedAt)
		}
		if _, o := g.PostedAt.Zone(); o != func() int { _, o := w.PostedAt.Zone(); return o }() {
			t.Errorf("posting %s posted in another zone: %v, want %v", w.ID, g.PostedAt, w.PostedAt)
		}
		g.PostedAt, w.PostedAt = time.Time{}, time.Time{}
		if len(w.Hours) == 0 {
			w.Hours = nil
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("posting %s:\n got %+v\nwant %+v", w.ID, g, w)
		}
	}
	differing := 0
	for _, w := range x.shelf.differs {
		differing += bits.OnesCount64(w)
	}
	if differing == 0 {
		t.Error("no normalised text differs: the full-width posting should")
	}
}
