package store_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/retention"
	"github.com/hellowork/mypage/server/store/storetest"
)

func loginAt(at time.Time, ok bool) domain.LoginEvent {
	return domain.LoginEvent{At: at, Via: auth.ViaPassword, Device: "iPhone", Browser: "Safari", OK: ok}
}

func TestLoginHistoryKeepsTheLast20(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	for i := range 25 {
		at := t0.Add(time.Duration(i) * time.Minute)
		if _, err := st.AddLoginEvent(ctx, "s", loginAt(at, i%2 == 0), at); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.AddLoginEvent(ctx, "other", loginAt(t0, false), t0); err != nil {
		t.Fatal(err)
	}
	got, err := st.LoginHistoryOf(ctx, "s", t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != domain.LoginHistorySize {
		t.Fatalf("%d events, want %d", len(got), domain.LoginHistorySize)
	}
	if !got[0].At.Equal(t0.Add(24*time.Minute)) || !got[19].At.Equal(t0.Add(5*time.Minute)) {
		t.Errorf("newest %v, oldest %v", got[0].At, got[19].At)
	}
	if got[0].Device != "iPhone" || got[0].Browser != "Safari" || got[0].Via != auth.ViaPassword || !got[0].OK {
		t.Errorf("event %+v", got[0])
	}
	if none, err := st.LoginHistoryOf(ctx, "nobody", t0); err != nil || len(none) != 0 {
		t.Errorf("a seeker without history: %v %v", none, err)
	}
}

// Adding an event answers with the events kept before it, oldest first:
// what a sign-in needs to tell a new device, without reading again.
func TestAddingALoginEventReturnsTheHistoryBeforeIt(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	if before, err := st.AddLoginEvent(ctx, "s", loginAt(t0, true), t0); err != nil || len(before) != 0 {
		t.Fatalf("first event: history before %v, %v; want none", before, err)
	}
	second := t0.Add(time.Minute)
	if _, err := st.AddLoginEvent(ctx, "s", loginAt(second, false), second); err != nil {
		t.Fatal(err)
	}
	third := t0.Add(2 * time.Minute)
	before, err := st.AddLoginEvent(ctx, "s", loginAt(third, true), third)
	if err != nil || len(before) != 2 || !before[0].At.Equal(t0) || !before[1].At.Equal(second) || before[1].OK {
		t.Fatalf("third event: history before %+v, %v; want the first two, oldest first", before, err)
	}
	// Events past 90 days are not part of what was kept.
	late := t0.AddDate(0, 0, 91)
	if before, err := st.AddLoginEvent(ctx, "s", loginAt(late, true), late); err != nil || len(before) != 0 {
		t.Errorf("after 91 days: history before %+v, %v; want none kept", before, err)
	}
}

func TestLoginHistoryConcurrentWritesAllLand(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			at := t0.Add(time.Duration(i) * time.Second)
			_, err := st.AddLoginEvent(ctx, "s", loginAt(at, true), at)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got, _ := st.LoginHistoryOf(ctx, "s", t0.Add(time.Minute)); len(got) != 8 {
		t.Errorf("%d events, want 8", len(got))
	}
}

// TestLoginHistoryIsKept90Days: the sweep removes what is older than 90
// days, and a seeker's document once nothing is left.
func TestLoginHistoryIsKept90Days(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, e := range []struct {
		seeker string
		at     time.Time
	}{{"s", t0}, {"s", t0.AddDate(0, 0, 10)}, {"gone", t0}} {
		if _, err := st.AddLoginEvent(ctx, e.seeker, loginAt(e.at, true), e.at); err != nil {
			t.Fatal(err)
		}
	}
	sweepAt := t0.AddDate(0, 0, 91)
	r, err := retention.Sweep(ctx, st, sweepAt, logger)
	if err != nil {
		t.Fatal(err)
	}
	if r.LoginEvents != 2 {
		t.Errorf("removed %d events, want 2", r.LoginEvents)
	}
	if got, _ := st.LoginHistoryOf(ctx, "s", t0); len(got) != 1 || !got[0].At.Equal(t0.AddDate(0, 0, 10)) {
		t.Errorf("kept %+v", got)
	}
	if got, _ := st.LoginHistoryOf(ctx, "gone", t0); len(got) != 0 {
		t.Errorf("kept %+v of a seeker whose events all expired", got)
	}
	again, err := retention.Sweep(ctx, st, sweepAt, logger)
	if err != nil || again.LoginEvents != 0 {
		t.Errorf("second sweep: %+v %v", again, err)
	}
}

func TestLoginHistoryIsDeletedWithTheAccount(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	newSeeker(t, st, "old")
	newSeeker(t, st, "keep")
	for _, id := range []string{"old", "keep"} {
		if _, err := st.AddLoginEvent(ctx, id, loginAt(t0, true), t0); err != nil {
			t.Fatal(err)
		}
	}
	n, err := st.DeleteSeekerEverywhere(ctx, "old")
	if err != nil {
		t.Fatal(err)
	}
	if n.LoginHistory != 1 {
		t.Errorf("deleted %+v", n)
	}
	if got, _ := st.LoginHistoryOf(ctx, "old", t0); len(got) != 0 {
		t.Error("the history is still there")
	}
	if got, _ := st.LoginHistoryOf(ctx, "keep", t0); len(got) != 1 {
		t.Error("the other seeker's history went too")
	}
}

// TestEndedSessionLeavesAMarker: a session ended from another device is
// deleted; a marker under its _id says so until the sweeper removes it a
// day after the session would have expired.
func TestEndedSessionLeavesAMarker(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	b := st.Sessions()
	for _, rec := range []auth.SessionRecord{
		{ID: "h1", PublicID: "p1", SeekerID: "s", CreatedAt: t0, AbsoluteExpiresAt: t0.Add(8 * time.Hour)},
		{ID: "h2", PublicID: "p2", SeekerID: "s", CreatedAt: t0, AbsoluteExpiresAt: t0.Add(8 * time.Hour)},
		{ID: "h3", PublicID: "p3", SeekerID: "other", CreatedAt: t0, AbsoluteExpiresAt: t0.Add(8 * time.Hour)},
	} {
		if err := b.CreateSession(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := b.SessionsOfSeeker(ctx, "s"); err != nil || len(got) != 2 {
		t.Fatalf("sessions of s: %v %v", got, err)
	}
	// Guarded by the seeker: another seeker's session is not ended.
	if err := b.EndSession(ctx, "h3", "s", t0, t0.Add(8*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SessionByID(ctx, "h3"); err != nil {
		t.Errorf("another seeker's session was ended: %v", err)
	}
	if err := b.EndSession(ctx, "h1", "s", t0, t0.Add(8*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SessionByID(ctx, "h1"); !errors.Is(err, auth.ErrSessionNotFound) {
		t.Errorf("the ended session is still stored: %v", err)
	}
	for id, want := range map[string]bool{"h1": true, "h2": false, "nope": false} {
		if got, err := b.SessionEndedElsewhere(ctx, id); err != nil || got != want {
			t.Errorf("ended elsewhere %s: %v %v, want %v", id, got, err, want)
		}
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if r, err := retention.Sweep(ctx, st, t0.Add(8*time.Hour), logger); err != nil || r.SessionEnds != 0 {
		t.Errorf("swept too early: %+v %v", r, err)
	}
	if r, err := retention.Sweep(ctx, st, t0.Add(33*time.Hour), logger); err != nil || r.SessionEnds != 1 {
		t.Errorf("sweep a day after expiry: %+v %v", r, err)
	}
	if got, _ := b.SessionEndedElsewhere(ctx, "h1"); got {
		t.Error("the marker outlived the sweep")
	}
}
