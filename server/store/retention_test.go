package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/retention"
	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/store/storetest"
)

// TestAKilledSweepIsFinishedByTheNext leaves a seeker as a sweep killed
// right after marking it would, and checks it is invisible at once and gone
// after the next sweep, with nothing of another seeker touched.
func TestAKilledSweepIsFinishedByTheNext(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	old := newSeeker(t, st, "old")
	newSeeker(t, st, "keep")
	a := app("old-a", "j1")
	a.SeekerID = "old"
	if err := st.Apply(ctx, "old", old.ValidUntil, old.ValidUntil, a); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkDeleting(ctx, "old"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SeekerByID(ctx, "old"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a marked seeker is visible: %v", err)
	}
	r, err := retention.Sweep(ctx, st, t0, logger)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Seekers) != 1 || r.Seekers[0] != "old" || r.Deleted.Applications != 1 || r.Deleted.Logins != 1 {
		t.Errorf("sweep: %+v", r)
	}
	if apps, _ := st.ApplicationsOfSeeker(ctx, "old"); len(apps) != 0 {
		t.Error("applications left")
	}
	again, err := retention.Sweep(ctx, st, t0, logger)
	if err != nil || len(again.Seekers) != 0 {
		t.Errorf("second sweep: %+v %v", again, err)
	}
	if _, err := st.SeekerByID(ctx, "keep"); err != nil {
		t.Errorf("the other seeker: %v", err)
	}
}

// TestTheSweepFollowsTheStoredDueTime: the sweep reads only seekers whose
// stored due time has come (or who have none yet), deletes those the rule
// says are due, moves the others' due time forward, and keeps deleting
// while its cursor walks through more seekers than one batch holds.
func TestTheSweepFollowsTheStoredDueTime(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	registered := t0.AddDate(-6, 0, 0)
	const old = 300 // more than one batch of the sweep's cursor
	for i := range old {
		sk := domain.Seeker{ID: fmt.Sprintf("old%03d", i), Email: fmt.Sprintf("old%03d@example.jp", i),
			RegisteredAt: registered, ValidUntil: domain.InitialValidUntil(registered)}
		if err := st.CreateSeeker(ctx, sk, "h"); err != nil {
			t.Fatal(err)
		}
	}
	// Renewed by staff last month: its stored due time is stale, not due.
	renewed := domain.Seeker{ID: "renewed", Email: "renewed@example.jp", RegisteredAt: registered, ValidUntil: domain.InitialValidUntil(registered)}
	if err := st.CreateSeeker(ctx, renewed, "h"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetValidUntil(ctx, "renewed", domain.InitialValidUntil(t0)); err != nil {
		t.Fatal(err)
	}
	// A current seeker, and one stored before due times existed.
	newSeeker(t, st, "current")
	newSeeker(t, st, "unlisted")
	if err := st.Unlist(ctx, "unlisted"); err != nil {
		t.Fatal(err)
	}
	// A current seeker who switched to 無効 six years ago (the store lowers
	// the due time at once).
	newSeeker(t, st, "off")
	if err := st.SetDeactivated(ctx, "off", t0.AddDate(-6, 0, 0)); err != nil {
		t.Fatal(err)
	}

	r, err := retention.Sweep(ctx, st, t0, logger)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Seekers) != old+1 || r.SeekersSeen != old+3 {
		t.Errorf("sweep deleted %d of %d seen, want %d of %d", len(r.Seekers), r.SeekersSeen, old+1, old+3)
	}
	for _, id := range []string{"renewed", "current", "unlisted"} {
		sk, err := st.SeekerByID(ctx, id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if !sk.DeletionDueAt.Equal(sk.DeletionDueTime()) {
			t.Errorf("%s: stored due %v, rule says %v", id, sk.DeletionDueAt, sk.DeletionDueTime())
		}
	}
	if _, err := st.SeekerByID(ctx, "off"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the seeker 無効 for six years is still there: %v", err)
	}
	again, err := retention.Sweep(ctx, st, t0, logger)
	if err != nil || len(again.Seekers) != 0 || again.SeekersSeen != 0 {
		t.Errorf("second sweep: deleted %d, saw %d, %v; want nothing seen", len(again.Seekers), again.SeekersSeen, err)
	}
}
