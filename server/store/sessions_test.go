package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store/storetest"
	"go.mongodb.org/mongo-driver/v2/event"
)

func session(id, seekerID string) auth.SessionRecord {
	return auth.SessionRecord{ID: id, PublicID: "p-" + id, SeekerID: seekerID, Via: auth.ViaPassword,
		CreatedAt: t0, LastSeenAt: t0, IdleExpiresAt: t0.Add(time.Hour), AbsoluteExpiresAt: t0.Add(8 * time.Hour)}
}

func ids(recs []auth.SessionRecord) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	slices.Sort(out)
	return out
}

// A seeker's sessions are reached through the list on the seeker's
// document: it follows sign-ins, logouts and ends, stays short, and a
// seeker stored before the list existed is listed on first use.
func TestSessionsOfASeekerAreListedOnTheSeeker(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	b := st.Sessions()
	newSeeker(t, st, "s")
	newSeeker(t, st, "other")
	if err := b.CreateSession(ctx, session("o1", "other")); err != nil {
		t.Fatal(err)
	}

	// Twenty sign-ins, each signed out again but the last two: the list is
	// pruned as it grows, and only the living two are the seeker's.
	for i := range 20 {
		id := fmt.Sprintf("s%02d", i)
		if err := b.CreateSession(ctx, session(id, "s")); err != nil {
			t.Fatal(err)
		}
		if i < 18 {
			if err := b.RemoveSession(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	var sk domain.Seeker
	if err := st.SeekerDocForTest(ctx, "s", &sk); err != nil {
		t.Fatal(err)
	}
	if len(sk.SessionIDs) > 17 {
		t.Errorf("the seeker's list holds %d ids after 18 logouts: it is never pruned", len(sk.SessionIDs))
	}
	recs, err := b.SessionsOfSeeker(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(recs); !slices.Equal(got, []string{"s18", "s19"}) {
		t.Errorf("SessionsOfSeeker = %v, want the two living ones", got)
	}

	// Ending one elsewhere, then all.
	if err := b.EndSession(ctx, "s18", "other", t0, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SessionByID(ctx, "s18"); err != nil {
		t.Error("another seeker ended a session that is not theirs")
	}
	if err := b.EndSession(ctx, "s18", "s", t0, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if recs, _ := b.SessionsOfSeeker(ctx, "s"); !slices.Equal(ids(recs), []string{"s19"}) {
		t.Errorf("after ending s18: %v", ids(recs))
	}
	if n, err := b.RemoveSessionsOfSeeker(ctx, "s"); err != nil || n != 1 {
		t.Errorf("RemoveSessionsOfSeeker = %d, %v; want 1", n, err)
	}
	if _, err := b.SessionByID(ctx, "o1"); err != nil {
		t.Error("ending every session of one seeker ended another's")
	}

	// A seeker stored before the list existed: its sessions are found by
	// seekerID once, and listed from then on.
	newSeeker(t, st, "legacy")
	for _, id := range []string{"l1", "l2"} {
		if err := b.CreateSession(ctx, session(id, "legacy")); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.UnsetForTest(ctx, "legacy", "sessionIDs", "sessionsListed"); err != nil {
		t.Fatal(err)
	}
	if recs, err := b.SessionsOfSeeker(ctx, "legacy"); err != nil || !slices.Equal(ids(recs), []string{"l1", "l2"}) {
		t.Errorf("legacy SessionsOfSeeker = %v, %v", ids(recs), err)
	}
	if err := st.SeekerDocForTest(ctx, "legacy", &sk); err != nil {
		t.Fatal(err)
	}
	if !sk.SessionsListed || !slices.Equal(slices.Sorted(slices.Values(sk.SessionIDs)), []string{"l1", "l2"}) {
		t.Errorf("legacy seeker after first use: listed %v, %v", sk.SessionsListed, sk.SessionIDs)
	}
	if n, err := b.RemoveSessionsOfSeeker(ctx, "legacy"); err != nil || n != 2 {
		t.Errorf("legacy RemoveSessionsOfSeeker = %d, %v; want 2", n, err)
	}
}

// The sweep removes expired sessions a batch at a time: many more than one
// batch go, every live one stays.
// Expired sessions are found by one read of the collection, however many
// there are: the store cannot seek, so reading them a batch at a time read
// the collection once per batch.
func TestRemoveExpiredSessionsReadsTheCollectionOnce(t *testing.T) {
	var scans atomic.Int64
	monitor := &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		if e.CommandName == "find" && strings.Contains(e.Command.Lookup("filter").String(), "idleExpiresAt") {
			scans.Add(1)
		}
	}}
	st := storetest.NewMonitored(t, monitor)
	ctx := context.Background()
	b := st.Sessions()
	for i := range 700 {
		rec := session(fmt.Sprintf("x%03d", i), "s")
		if i%7 == 0 { // live
			rec.IdleExpiresAt, rec.AbsoluteExpiresAt = t0.Add(48*time.Hour), t0.Add(48*time.Hour)
		}
		if err := b.CreateSession(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	n, err := st.RemoveExpiredSessions(ctx, t0.Add(24*time.Hour))
	if err != nil || n != 600 {
		t.Fatalf("RemoveExpiredSessions = %d, %v; want 600", n, err)
	}
	if got := scans.Load(); got > 1 {
		t.Errorf("the expired sessions were looked for %d times; want one read of the collection", got)
	}
	for i := range 700 {
		_, err := b.SessionByID(ctx, fmt.Sprintf("x%03d", i))
		if live := i%7 == 0; live != (err == nil) {
			t.Errorf("session %d: live %v, found: %v", i, live, err)
		}
	}
	if n, err := st.RemoveExpiredSessions(ctx, t0.Add(24*time.Hour)); err != nil || n != 0 {
		t.Errorf("a second sweep removed %d, %v", n, err)
	}
}
