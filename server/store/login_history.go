package store

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// ログイン履歴 is one document per seeker, found by _id (the seeker's ID),
// holding the kept events oldest first. FerretDB v1 ignores $push's $slice,
// so an event is added by a read and a write guarded by the version read.

func (s *Store) loginHistory() *mongo.Collection { return s.db.Collection(collLoginHistory) }

type loginHistoryDoc struct {
	ID string `bson:"_id"`
	// SeekerID repeats _id so that deleting a seeker's data finds it like
	// every other document of the seeker.
	SeekerID string              `bson:"seekerID"`
	Version  int                 `bson:"version"`
	Events   []domain.LoginEvent `bson:"events"`
}

// ErrHistoryBusy is returned when an event could not be added for writes
// racing it.
var ErrHistoryBusy = errors.New("store: login history changed meanwhile")

// AddLoginEvent records a sign-in or a failed attempt of a seeker, keeping
// what the rules keep at now, and returns the events kept before it, oldest
// first (a sign-in tells from them whether its device is new: one read).
func (s *Store) AddLoginEvent(ctx context.Context, seekerID string, e domain.LoginEvent, now time.Time) ([]domain.LoginEvent, error) {
	defer s.lock("login_history", seekerID)()
	for range 5 {
		doc, err := findOne[loginHistoryDoc](ctx, s.loginHistory(), bson.D{{Key: "_id", Value: seekerID}})
		if errors.Is(err, ErrNotFound) {
			err = insert(ctx, s.loginHistory(), loginHistoryDoc{ID: seekerID, SeekerID: seekerID, Version: 1,
				Events: domain.KeptLoginHistory([]domain.LoginEvent{e}, now)})
			if errors.Is(err, ErrDuplicate) {
				continue
			}
			return nil, err
		}
		if err != nil {
			return nil, err
		}
		before := domain.KeptLoginHistory(doc.Events, now)
		events := domain.KeptLoginHistory(append(slices.Clip(doc.Events), e), now)
		ok, err := s.updateWhere(ctx, s.loginHistory(), seekerID, bson.D{{Key: "version", Value: doc.Version}},
			bson.D{{Key: "$set", Value: bson.D{{Key: "events", Value: events}, {Key: "version", Value: doc.Version + 1}}}})
		if err != nil {
			return nil, err
		}
		if ok {
			return before, nil
		}
	}
	return nil, ErrHistoryBusy
}

// LoginHistoryOf returns a seeker's kept events at now, newest first.
func (s *Store) LoginHistoryOf(ctx context.Context, seekerID string, now time.Time) ([]domain.LoginEvent, error) {
	doc, err := findOne[loginHistoryDoc](ctx, s.loginHistory(), bson.D{{Key: "_id", Value: seekerID}})
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	kept := domain.KeptLoginHistory(doc.Events, now)
	for i, j := 0, len(kept)-1; i < j; i, j = i+1, j-1 {
		kept[i], kept[j] = kept[j], kept[i]
	}
	return kept, nil
}

// PruneLoginHistory removes the events no longer kept at now, for the
// retention sweep, and a seeker's document once nothing is left in it. It
// returns how many events it removed.
func (s *Store) PruneLoginHistory(ctx context.Context, now time.Time) (int64, error) {
	// The _ids alone: each document is read again by _id as it is pruned.
	old, err := idsMatching(ctx, s.loginHistory(),
		bson.D{{Key: "events.at", Value: bson.D{{Key: "$lt", Value: domain.LoginHistoryCutoff(now)}}}}, nil)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, id := range old {
		removed, err := s.pruneLoginHistoryOf(ctx, id, now)
		if err != nil {
			return n, err
		}
		n += removed
	}
	return n, nil
}

func (s *Store) pruneLoginHistoryOf(ctx context.Context, seekerID string, now time.Time) (int64, error) {
	defer s.lock("login_history", seekerID)()
	doc, err := findOne[loginHistoryDoc](ctx, s.loginHistory(), bson.D{{Key: "_id", Value: seekerID}})
	if errors.Is(err, ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	kept := domain.KeptLoginHistory(doc.Events, now)
	guard := bson.D{{Key: "version", Value: doc.Version}}
	if len(kept) == 0 {
		_, err = s.deleteWhere(ctx, s.loginHistory(), seekerID, guard)
	} else {
		_, err = s.updateWhere(ctx, s.loginHistory(), seekerID, guard,
			bson.D{{Key: "$set", Value: bson.D{{Key: "events", Value: kept}, {Key: "version", Value: doc.Version + 1}}}})
	}
	// A sign-in racing the sweep wins; the next sweep prunes again.
	return int64(len(doc.Events) - len(kept)), err
}
