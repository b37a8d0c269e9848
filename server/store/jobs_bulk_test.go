package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/store/storetest"
)

func jobIDs(t *testing.T, st *store.Store) []string {
	t.Helper()
	all, err := st.AllJobs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, j := range all {
		ids = append(ids, j.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestGeneratedJobsReplaceEachOtherAndImportUpserts(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, domain.Tokyo)
	mk := func(id, title string) domain.Job {
		return domain.Job{ID: id, Title: title, Prefecture: "東京都", WageUnit: "月給", PostedAt: now}
	}
	v0, err := st.JobsVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Seed(ctx, store.SeedData{Jobs: []domain.Job{mk("13010-00000001", "手書き")}}, now, false); err != nil {
		t.Fatal(err)
	}
	v1, _ := st.JobsVersion(ctx)
	if v1 == v0 {
		t.Error("seeding postings kept the version")
	}
	if _, err := st.ReplaceGeneratedJobs(ctx, []domain.Job{mk("13010-50000001", "生成1"), mk("13010-50000002", "生成2")}); err != nil {
		t.Fatal(err)
	}
	removed, err := st.ReplaceGeneratedJobs(ctx, []domain.Job{mk("13010-50000003", "生成3")})
	if err != nil || removed != 2 {
		t.Fatalf("removed %d, %v; want 2", removed, err)
	}
	if got, want := jobIDs(t, st), []string{"13010-00000001", "13010-50000003"}; !slices.Equal(got, want) {
		t.Fatalf("after a second generate: %v, want %v", got, want)
	}
	v2, _ := st.JobsVersion(ctx)
	changed := mk("13010-00000001", "書き換え")
	removed, err = st.ImportJobs(ctx, []domain.Job{changed, mk("13010-00000009", "新規")}, []string{"13010-50000003", "13010-99999999"})
	if err != nil || removed != 1 {
		t.Fatalf("removed %d, %v; want 1", removed, err)
	}
	if got, want := jobIDs(t, st), []string{"13010-00000001", "13010-00000009"}; !slices.Equal(got, want) {
		t.Fatalf("after import: %v, want %v", got, want)
	}
	j, err := st.JobByID(ctx, "13010-00000001")
	if err != nil || j.Title != "書き換え" {
		t.Fatalf("upsert: %q, %v", j.Title, err)
	}
	if v3, _ := st.JobsVersion(ctx); v3 == v2 {
		t.Error("import kept the version")
	}
	// Many postings go in batches.
	var many []domain.Job
	for i := range 2500 {
		many = append(many, mk(fmt.Sprintf("27010-6%07d", i), "大量"))
	}
	if _, err := st.ImportJobs(ctx, many, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(jobIDs(t, st)); n != 2502 {
		t.Fatalf("%d postings, want 2502", n)
	}
}
