package store

import (
	"context"
	"errors"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// live is the guard of a seeker that exists for every purpose: not being
// deleted, and whatever else the change needs.
func live(guard ...bson.E) bson.D {
	return append(bson.D{{Key: "deleting", Value: bson.D{{Key: "$ne", Value: true}}}}, guard...)
}

// notDeleting is live without more.
var notDeleting = live()

// guardOf is the filter of a rule's conditions (domain.Condition). A
// NotEqual is $nor of an equality, not $ne: FerretDB v1 matches
// {"applying.jobID": {$ne: job}} when any element differs, so with two
// applications in progress the same job could be applied for again.
func guardOf(conds []domain.Condition) []bson.E {
	guard := make([]bson.E, 0, len(conds))
	for _, c := range conds {
		switch c.Op {
		case domain.Absent:
			guard = append(guard, bson.E{Key: c.Field, Value: bson.D{{Key: "$exists", Value: false}}})
		case domain.Equal:
			guard = append(guard, bson.E{Key: c.Field, Value: c.Value})
		case domain.NotEqual:
			guard = append(guard, bson.E{Key: "$nor", Value: bson.A{bson.D{{Key: c.Field, Value: c.Value}}}})
		}
	}
	return guard
}

// dueAtMost lowers the stored due time to what the rule makes of a seeker
// whose only ending is the change described by end (a validity that never
// ends otherwise), so the sweep's index finds the seeker in time.
func dueAtMost(end func(*domain.Seeker)) bson.E {
	sk := domain.Seeker{ValidUntil: time.Date(9000, 1, 1, 0, 0, 0, 0, domain.Tokyo)}
	end(&sk)
	return bson.E{Key: "$min", Value: bson.D{{Key: "deletionDueAt", Value: sk.DeletionDueTime()}}}
}

// Apply records an online self-application. The seeker's document decides,
// in one update guarded by domain.ApplicableWhen: the application joins
// Applying, ApplyingCount grows and the validity is what the rules made of
// it (readValidUntil is the value the caller read, so a change in between
// refuses rather than overwrites). The application's own document, for
// history, follows.
func (s *Store) Apply(ctx context.Context, seekerID string, readValidUntil, newValidUntil time.Time, a domain.Application) error {
	defer s.lock("seeker", seekerID)()
	ref := domain.ApplicationRef{ApplicationID: a.ID, JobID: a.JobID, JobTitle: a.JobTitle, Company: a.Company, AppliedAt: a.AppliedAt}
	guard := live(guardOf(domain.ApplicableWhen(a.JobID, readValidUntil))...)
	ok, err := s.updateWhere(ctx, s.seekers, seekerID, guard, bson.D{
		{Key: "$push", Value: bson.D{{Key: "applying", Value: ref}, {Key: "applicationIDs", Value: a.ID}}},
		{Key: "$inc", Value: bson.D{{Key: "applyingCount", Value: 1}}},
		{Key: "$set", Value: bson.D{{Key: "validUntil", Value: newValidUntil}}},
	})
	if err != nil {
		return err
	}
	if !ok {
		sk, err := s.SeekerByID(ctx, seekerID)
		if err != nil {
			return err
		}
		return sk.ApplyRefusal(a.JobID)
	}
	a.Status = domain.ApplicationInProgress
	return insert(ctx, s.applications, a)
}

// CancelApplication is 応募取消 of an application in progress. Crash-safe
// the way retention is: the application is marked first; then it leaves
// Applying and the count in one update guarded by the list as it was read
// (FerretDB v1's $pull matches whole elements only); then its own document
// says so. A cancel cut short after the mark is finished by FinishCancel,
// which the next read of 求職活動状況 calls.
func (s *Store) CancelApplication(ctx context.Context, seekerID, applicationID string) error {
	defer s.lock("seeker", seekerID)()
	if _, err := s.updateWhere(ctx, s.applications, applicationID,
		bson.D{{Key: "seekerID", Value: seekerID}, {Key: "status", Value: domain.ApplicationInProgress}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "cancelling", Value: true}}}}); err != nil {
		return err
	}
	return s.finishCancel(ctx, seekerID, applicationID)
}

// FinishCancel completes an 応募取消 that was cut short after its mark.
func (s *Store) FinishCancel(ctx context.Context, seekerID, applicationID string) error {
	defer s.lock("seeker", seekerID)()
	return s.finishCancel(ctx, seekerID, applicationID)
}

func (s *Store) finishCancel(ctx context.Context, seekerID, applicationID string) error {
	for range 5 {
		sk, err := s.SeekerByID(ctx, seekerID)
		if err != nil {
			return err
		}
		rest := sk.ApplyingWithout(applicationID)
		if len(rest) == len(sk.Applying) {
			// Not in progress any more: a marked cancel cut short after the
			// seeker's update only needs its last step.
			ok, err := s.updateWhere(ctx, s.applications, applicationID,
				bson.D{{Key: "seekerID", Value: seekerID},
					{Key: "status", Value: domain.ApplicationInProgress}, {Key: "cancelling", Value: true}},
				bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: domain.ApplicationCancelled}}}})
			if err != nil {
				return err
			}
			if ok {
				return nil
			}
			return domain.ErrNotInProgress
		}
		ok, err := s.updateWhere(ctx, s.seekers, seekerID,
			live(bson.E{Key: "applying", Value: sk.Applying}, bson.E{Key: "applyingCount", Value: sk.ApplyingCount}),
			bson.D{{Key: "$set", Value: bson.D{{Key: "applying", Value: rest}, {Key: "applyingCount", Value: len(rest)}}}})
		if err != nil {
			return err
		}
		if ok {
			return s.closeApplication(ctx, seekerID, applicationID)
		}
	}
	return domain.ErrValidityChanged
}

func (s *Store) closeApplication(ctx context.Context, seekerID, applicationID string) error {
	_, err := s.updateWhere(ctx, s.applications, applicationID, bson.D{{Key: "seekerID", Value: seekerID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "status", Value: domain.ApplicationCancelled}}}})
	return err
}

// Withdraw is 退会 (rule 2), in one update guarded by
// domain.WithdrawableWhen. Withdrawing twice is harmless: the second finds
// it done.
func (s *Store) Withdraw(ctx context.Context, seekerID string, now time.Time) error {
	defer s.lock("seeker", seekerID)()
	ok, err := s.updateWhere(ctx, s.seekers, seekerID,
		live(guardOf(domain.WithdrawableWhen())...),
		// Withdrawal does not change 求職状態, so not the due time either.
		bson.D{{Key: "$set", Value: bson.D{{Key: "withdrawnAt", Value: now}}}})
	if err != nil || ok {
		return err
	}
	sk, err := s.SeekerByID(ctx, seekerID)
	if err != nil {
		return err
	}
	return sk.WithdrawRefusal()
}

// Restore undoes a withdrawal made at withdrawnAt (アカウント再登録).
func (s *Store) Restore(ctx context.Context, seekerID string, withdrawnAt time.Time) error {
	defer s.lock("seeker", seekerID)()
	ok, err := s.updateWhere(ctx, s.seekers, seekerID, live(bson.E{Key: "withdrawnAt", Value: withdrawnAt}),
		bson.D{{Key: "$unset", Value: bson.D{{Key: "withdrawnAt", Value: ""}}}})
	if err == nil && !ok {
		err = ErrNotFound
	}
	return err
}

// ReleaseLogin frees the e-mail of a withdrawn account for a new My Page;
// the old record stays, unreachable, until the retention sweep.
func (s *Store) ReleaseLogin(ctx context.Context, email, seekerID string) error {
	defer s.lock("login", domain.NormalizeEmail(email))()
	_, err := s.deleteWhere(ctx, s.logins, domain.NormalizeEmail(email), bson.D{{Key: "seekerID", Value: seekerID}})
	return err
}

// SetDeactivated switches the status to 無効 at at, or back to 有効 with a
// zero at.
func (s *Store) SetDeactivated(ctx context.Context, seekerID string, at time.Time) error {
	defer s.lock("seeker", seekerID)()
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "deactivatedAt", Value: at}}},
		dueAtMost(func(sk *domain.Seeker) { sk.DeactivatedAt = at })}
	if at.IsZero() {
		update = bson.D{{Key: "$unset", Value: bson.D{{Key: "deactivatedAt", Value: ""}}}}
	}
	_, err := s.updateWhere(ctx, s.seekers, seekerID, notDeleting, update)
	return err
}

// SetValidUntil renews validity (counter staff).
func (s *Store) SetValidUntil(ctx context.Context, seekerID string, until time.Time) error {
	defer s.lock("seeker", seekerID)()
	ok, err := s.updateWhere(ctx, s.seekers, seekerID, notDeleting, bson.D{
		{Key: "$set", Value: bson.D{{Key: "validUntil", Value: until}}},
		{Key: "$unset", Value: bson.D{{Key: "deactivatedAt", Value: ""}}},
	})
	if err == nil && !ok {
		err = ErrNotFound
	}
	return err
}

// SetRegistrationType changes 利用登録者 / オンライン登録者 (counter staff).
func (s *Store) SetRegistrationType(ctx context.Context, seekerID string, t domain.RegistrationType) error {
	defer s.lock("seeker", seekerID)()
	ok, err := s.updateWhere(ctx, s.seekers, seekerID, notDeleting, bson.D{{Key: "$set", Value: bson.D{{Key: "registrationType", Value: t}}}})
	if err == nil && !ok {
		err = ErrNotFound
	}
	return err
}

// SeekerByEmail finds a seeker by the e-mail on their record, for counter
// staff: a full scan, which is fine for a command line.
func (s *Store) SeekersByEmail(ctx context.Context, email string) ([]domain.Seeker, error) {
	return findAll[domain.Seeker](ctx, s.seekers, bson.D{{Key: "email", Value: domain.NormalizeEmail(email)}}, sortedBy("registeredAt", 1))
}

// AllSeekers returns every seeker, whole: for tests and checks on small
// stores only (the sweep streams EachSeekerDue instead).
func (s *Store) AllSeekers(ctx context.Context) ([]domain.Seeker, error) {
	return findAll[domain.Seeker](ctx, s.seekers, bson.D{}, options.Find())
}

// dueFields are the fields of a seeker the retention rule reads: the sweep
// projects its candidates to them.
var dueFields = bson.D{
	{Key: "validUntil", Value: 1}, {Key: "deactivatedAt", Value: 1}, {Key: "withdrawnAt", Value: 1},
	{Key: "deleting", Value: 1}, {Key: "deletionDueAt", Value: 1},
}

// sweepBatch is how many candidates one round trip of the sweep's cursor
// brings: what the sweep holds at once.
const sweepBatch = 256

// EachSeekerDue streams to fn, through a cursor, the seekers whose stored
// due time has come (or who have none yet: stored before it existed), with
// only the fields the rule reads. On MongoDB the index on deletionDueAt
// makes its cost follow those seekers; FerretDB v1 reads every seeker to
// answer it, a batch at a time. It returns how many it passed to fn.
func (s *Store) EachSeekerDue(ctx context.Context, now time.Time, fn func(domain.Seeker) error) (int, error) {
	filter := bson.D{{Key: "$or", Value: bson.A{
		bson.D{{Key: "deletionDueAt", Value: bson.D{{Key: "$lte", Value: now}}}},
		bson.D{{Key: "deletionDueAt", Value: nil}},
	}}}
	cur, err := s.seekers.Find(ctx, filter, options.Find().SetProjection(dueFields).SetBatchSize(sweepBatch))
	if err != nil {
		return 0, err
	}
	defer cur.Close(context.WithoutCancel(ctx))
	n := 0
	for cur.Next(ctx) {
		var sk domain.Seeker
		if err := cur.Decode(&sk); err != nil {
			return n, err
		}
		n++
		if err := fn(sk); err != nil {
			return n, err
		}
	}
	return n, cur.Err()
}

// SetDeletionDue stores the due time the rule makes of sk as read, unless
// a field it depends on changed meanwhile (the change then set its own).
func (s *Store) SetDeletionDue(ctx context.Context, sk domain.Seeker) error {
	defer s.lock("seeker", sk.ID)()
	same := func(field string, t time.Time) bson.E {
		if t.IsZero() {
			return bson.E{Key: field, Value: bson.D{{Key: "$exists", Value: false}}}
		}
		return bson.E{Key: field, Value: t}
	}
	_, err := s.updateWhere(ctx, s.seekers, sk.ID,
		live(bson.E{Key: "validUntil", Value: sk.ValidUntil}, same("deactivatedAt", sk.DeactivatedAt), same("withdrawnAt", sk.WithdrawnAt)),
		bson.D{{Key: "$set", Value: bson.D{{Key: "deletionDueAt", Value: sk.DeletionDueTime()}}}})
	return err
}

// DeletedCounts says what a deletion removed, per kind.
type DeletedCounts struct {
	Seekers, Logins, Sessions, Applications, Messages, Links int64
	// LoginHistory counts the seeker's ログイン履歴 document.
	LoginHistory int64
}

// DeleteSeekerEverywhere removes all of a seeker's data (rule 5). It marks
// the seeker first, so nothing of it is visible from then on, deletes the
// documents that refer to it, and removes the seeker's own document last: a
// sweep killed half-way leaves a marked seeker the next sweep finishes.
func (s *Store) DeleteSeekerEverywhere(ctx context.Context, seekerID string) (DeletedCounts, error) {
	var n DeletedCounts
	defer s.lock("seeker", seekerID)()
	if err := s.markDeleting(ctx, seekerID); err != nil {
		return n, err
	}
	sk, err := findOne[domain.Seeker](ctx, s.seekers, byID(seekerID))
	if errors.Is(err, ErrNotFound) {
		return n, nil
	}
	if err != nil {
		return n, err
	}
	by := bson.D{{Key: "seekerID", Value: seekerID}}
	// Each kind of document of the seeker: where the seeker's document
	// names them (listed), FerretDB deletes them by _id, each guarded by
	// its seekerID; otherwise, and on MongoDB (an index on seekerID), one
	// delete by seekerID.
	var link []string
	if sk.MyNaPortalLinkID != "" {
		link = []string{sk.MyNaPortalLinkID}
	}
	steps := []struct {
		coll   *mongo.Collection
		ids    []string
		listed bool
		count  *int64
	}{
		{s.sessions, sk.SessionIDs, sk.SessionsListed, &n.Sessions},
		{s.logins, []string{domain.NormalizeEmail(sk.Email)}, true, &n.Logins},
		// A seeker without a listed application or message is read the
		// slow way: documents written beside the store's own paths are
		// not listed, and still are the seeker's.
		{s.applications, sk.ApplicationIDs, sk.ActivityListed && sk.ApplicationIDs != nil, &n.Applications},
		{s.messages, sk.MessageIDs, sk.ActivityListed && sk.MessageIDs != nil, &n.Messages},
		{s.links(), link, true, &n.Links},
		{s.endedSessions(), sk.SessionIDs, sk.SessionsListed, &n.Sessions},
		{s.loginHistory(), []string{seekerID}, true, &n.LoginHistory},
	}
	for _, st := range steps {
		if st.listed && s.serial.on {
			for _, id := range st.ids {
				d, err := s.deleteWhere(ctx, st.coll, id, by)
				if err != nil {
					return n, err
				}
				*st.count += d
			}
			continue
		}
		res, err := st.coll.DeleteMany(ctx, by)
		if err != nil {
			return n, err
		}
		*st.count += res.DeletedCount
	}
	res, err := s.seekers.DeleteOne(ctx, bson.D{{Key: "_id", Value: seekerID}})
	if err != nil {
		return n, err
	}
	n.Seekers = res.DeletedCount
	return n, nil
}

func (s *Store) markDeleting(ctx context.Context, seekerID string) error {
	_, err := s.seekers.UpdateOne(ctx, byID(seekerID),
		bson.D{{Key: "$set", Value: bson.D{{Key: "deleting", Value: true}, {Key: "deletionDueAt", Value: time.Unix(0, 0)}}}})
	return err
}
