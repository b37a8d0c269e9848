// Package retention deletes what My Page may no longer keep: every document
// of a seeker 5 years after their status became 無効 (rule 5), and expired
// sessions, throttle windows and sign-ins in flight. It is idempotent: a
// sweep killed half-way is finished by the next.
package retention

import (
	"context"
	"log/slog"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
)

// Report says what one sweep removed.
type Report struct {
	Seekers      []string // IDs of the seekers deleted
	Deleted      store.DeletedCounts
	Sessions     int64 // expired sessions
	Throttles    int64
	SignIns      int64
	SessionEnds  int64 // markers of sessions ended from another device
	LoginEvents  int64 // ログイン履歴 events past their 90 days
	SweptAt      time.Time
	SeekersSeen  int
	FailedSeeker string // the seeker a failure stopped at, if any
}

// Due reports whether a seeker's data must be deleted at now (rule 5, see
// domain.Seeker.DeletionDue). A seeker already marked for deletion is
// always due, so an interrupted sweep is finished.
func Due(sk domain.Seeker, now time.Time) bool {
	return sk.Deleting || !now.Before(sk.DeletionDueTime())
}

// deleteDue deletes every document of the seekers due at now.
func deleteDue(ctx context.Context, st *store.Store, seekers []domain.Seeker, now time.Time, r *Report) error {
	r.SeekersSeen += len(seekers)
	for _, sk := range seekers {
		if !Due(sk, now) {
			continue
		}
		if err := deleteSeeker(ctx, st, sk, r); err != nil {
			return err
		}
	}
	return nil
}

// deleteSeeker deletes every document of a seeker and counts them in r.
func deleteSeeker(ctx context.Context, st *store.Store, sk domain.Seeker, r *Report) error {
	n, err := st.DeleteSeekerEverywhere(ctx, sk.ID)
	if err != nil {
		r.FailedSeeker = sk.ID
		return err
	}
	r.Seekers = append(r.Seekers, sk.ID)
	r.Deleted.Seekers += n.Seekers
	r.Deleted.Logins += n.Logins
	r.Deleted.Sessions += n.Sessions
	r.Deleted.Applications += n.Applications
	r.Deleted.Messages += n.Messages
	r.Deleted.Links += n.Links
	r.Deleted.LoginHistory += n.LoginHistory
	return nil
}

// SweepTestClock runs the retention sweep at a test clock's time over the
// seekers attached to it (test mode).
func SweepTestClock(ctx context.Context, st *store.Store, clockID string, now time.Time) (Report, error) {
	r := Report{SweptAt: now, Seekers: []string{}}
	seekers, err := st.SeekersOnTestClock(ctx, clockID)
	if err != nil {
		return r, err
	}
	return r, deleteDue(ctx, st, seekers, now, &r)
}

// Sweep runs one retention sweep at now.
func Sweep(ctx context.Context, st *store.Store, now time.Time, logger *slog.Logger) (Report, error) {
	r := Report{SweptAt: now}
	var err error
	// Expired sessions stay a day, so a seeker coming back is told why.
	if r.Sessions, err = st.RemoveExpiredSessions(ctx, now.Add(-24*time.Hour)); err != nil {
		return r, err
	}
	if r.Throttles, err = st.RemoveOldThrottles(ctx, now.Add(-24*time.Hour)); err != nil {
		return r, err
	}
	if r.SignIns, err = st.RemoveExpiredSignIns(ctx, now); err != nil {
		return r, err
	}
	if r.SessionEnds, err = st.RemoveOldSessionEnds(ctx, now.Add(-24*time.Hour)); err != nil {
		return r, err
	}
	if r.LoginEvents, err = st.PruneLoginHistory(ctx, now); err != nil {
		return r, err
	}
	// The seekers whose stored due time has come, streamed: the ones the
	// rule says are due are deleted, the others (a renewal moved their
	// deletion later) get their due time moved forward. A seeker attached
	// to a test clock lives on that clock: its own sweep (SweepTestClock)
	// deletes it, never the wall clock's.
	r.SeekersSeen, err = st.EachSeekerDue(ctx, now, func(sk domain.Seeker) error {
		if sk.TestClockID != "" {
			return nil
		}
		if !Due(sk, now) {
			return st.SetDeletionDue(ctx, sk)
		}
		return deleteSeeker(ctx, st, sk, &r)
	})
	if err != nil {
		return r, err
	}
	logger.Info("retention sweep",
		slog.Int("seekers_seen", r.SeekersSeen), slog.Int("seekers_deleted", len(r.Seekers)),
		slog.Int64("logins_deleted", r.Deleted.Logins), slog.Int64("applications_deleted", r.Deleted.Applications),
		slog.Int64("messages_deleted", r.Deleted.Messages), slog.Int64("links_deleted", r.Deleted.Links),
		slog.Int64("seeker_sessions_deleted", r.Deleted.Sessions), slog.Int64("expired_sessions_removed", r.Sessions),
		slog.Int64("throttles_removed", r.Throttles), slog.Int64("signins_removed", r.SignIns),
		slog.Int64("session_ends_removed", r.SessionEnds), slog.Int64("login_events_removed", r.LoginEvents),
		slog.Int64("login_histories_deleted", r.Deleted.LoginHistory))
	return r, nil
}
