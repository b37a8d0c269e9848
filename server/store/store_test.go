package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/store/storetest"
)

func TestCreateSeekerRefusesATakenEmail(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	first := domain.Seeker{ID: "s1", Email: "Asu.Yuki@Example.jp ", Name: "明日 勇気"}
	if err := st.CreateSeeker(ctx, first, "hash1"); err != nil {
		t.Fatal(err)
	}
	login, err := st.LoginByEmail(ctx, "asu.yuki@example.jp")
	if err != nil || login.SeekerID != "s1" || login.PasswordHash != "hash1" {
		t.Fatalf("LoginByEmail = %+v, %v", login, err)
	}
	second := domain.Seeker{ID: "s2", Email: "ASU.YUKI@example.jp", Name: "別人"}
	if err := st.CreateSeeker(ctx, second, "hash2"); !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("second CreateSeeker = %v, want ErrDuplicate", err)
	}
	if _, err := st.SeekerByID(ctx, "s2"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused seeker was kept: %v", err)
	}
	got, err := st.SeekerByID(ctx, "s1")
	if err != nil || got.Email != "asu.yuki@example.jp" {
		t.Errorf("SeekerByID = %+v, %v", got, err)
	}
}

func TestSessions(t *testing.T) {
	st := storetest.New(t)
	b := st.Sessions()
	ctx := context.Background()
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	for i, seeker := range []string{"a", "a", "b"} {
		rec := auth.SessionRecord{ID: fmt.Sprint("id", i), SeekerID: seeker, Via: auth.ViaPassword,
			CreatedAt: now, LastSeenAt: now, IdleExpiresAt: now.Add(30 * time.Minute), AbsoluteExpiresAt: now.Add(8 * time.Hour)}
		if err := b.CreateSession(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.TouchSession(ctx, "id0", now.Add(time.Minute), now.Add(31*time.Minute)); err != nil {
		t.Fatal(err)
	}
	rec, err := b.SessionByID(ctx, "id0")
	if err != nil || !rec.IdleExpiresAt.Equal(now.Add(31*time.Minute)) {
		t.Fatalf("after touch: %+v, %v", rec, err)
	}
	if err := b.UpdateSessionValues(ctx, "id0", map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	if rec, _ := b.SessionByID(ctx, "id0"); rec.Values["k"] != "v" {
		t.Errorf("values = %v", rec.Values)
	}
	n, err := b.RemoveSessionsOfSeeker(ctx, "a")
	if err != nil || n != 2 {
		t.Fatalf("RemoveSessionsOfSeeker = %d, %v; want 2", n, err)
	}
	if _, err := b.SessionByID(ctx, "id1"); !errors.Is(err, auth.ErrSessionNotFound) {
		t.Errorf("id1 still there: %v", err)
	}
	if _, err := b.SessionByID(ctx, "id2"); err != nil {
		t.Errorf("another seeker's session went too: %v", err)
	}
	removed, err := st.RemoveExpiredSessions(ctx, now.Add(time.Hour))
	if err != nil || removed != 1 {
		t.Errorf("RemoveExpiredSessions = %d, %v; want 1", removed, err)
	}
}

func TestThrottleCountsWithinTheWindow(t *testing.T) {
	st := storetest.New(t)
	b := st.Throttle()
	ctx := context.Background()
	t0 := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	window := 15 * time.Minute
	reserve := func(now time.Time) int {
		t.Helper()
		n, err := b.Reserve(ctx, "k", now, now.Add(-window))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for i := range 3 {
		if n := reserve(t0.Add(time.Duration(i) * time.Minute)); n != i+1 {
			t.Errorf("attempt %d counted as %d", i+1, n)
		}
	}
	if err := b.Release(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if n := reserve(t0.Add(5 * time.Minute)); n != 3 {
		t.Errorf("after a release the next attempt is %d, want 3", n)
	}
	if n := reserve(t0.Add(20 * time.Minute)); n != 1 {
		t.Errorf("a new window starts at 1, got %d", n)
	}
}

// Parallel reservations each get a count of their own: no two attempts
// share a number, so a limit cannot be passed by sending guesses at once.
func TestThrottleReservationsInParallelAreCountedOnce(t *testing.T) {
	st := storetest.New(t)
	b := st.Throttle()
	ctx := context.Background()
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	const n = 40
	counts := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := b.Reserve(ctx, "k", now, now.Add(-15*time.Minute))
			if err != nil {
				t.Error(err)
			}
			counts <- c
		}()
	}
	wg.Wait()
	close(counts)
	seen := map[int]bool{}
	for c := range counts {
		if seen[c] {
			t.Errorf("count %d given twice", c)
		}
		seen[c] = true
	}
	for i := 1; i <= n; i++ {
		if !seen[i] {
			t.Errorf("count %d never given", i)
		}
	}
}

func TestSeedIsIdempotent(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	now := time.Now()
	data := store.SeedData{
		Offices: []domain.Office{{ID: "iidabashi", Name: "飯田橋公共職業安定所"}},
		Seekers: []store.SeedSeeker{{Seeker: domain.Seeker{ID: "s", Email: "a@example.jp"}, PasswordHash: "h"}},
	}
	if done, _ := st.Seeded(ctx); done {
		t.Fatal("a new store says it was seeded")
	}
	for range 2 {
		if err := st.Seed(ctx, data, now, true); err != nil {
			t.Fatal(err)
		}
	}
	if done, err := st.Seeded(ctx); !done || err != nil {
		t.Fatalf("Seeded = %v, %v", done, err)
	}
	offices, _ := st.Offices(ctx)
	if len(offices) != 1 {
		t.Errorf("offices = %d", len(offices))
	}
}
