package store_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

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
