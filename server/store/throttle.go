package store

import (
	"context"
	"errors"
	"time"

	"github.com/hellowork/mypage/auth"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

type throttleDoc struct {
	Key         string    `bson:"_id"`
	Failures    int       `bson:"failures"`
	WindowStart time.Time `bson:"windowStart"`
}

// Throttle returns the store as the backend of password throttling.
func (s *Store) Throttle() auth.ThrottleBackend { return throttleBackend{s} }

type throttleBackend struct{ s *Store }

// Reserve counts within the current window with one single-document update
// that returns the new count. When the window is over (or there is none) it
// replaces the document by a new window, guarded on the old one having
// ended: two servers opening a window at once collide on the _id, and the
// loser counts in the winner's window.
func (b throttleBackend) Reserve(ctx context.Context, key string, now, since time.Time) (int, error) {
	defer b.s.lock("throttle", key)()
	for range 3 {
		filter, current, err := b.s.where(ctx, b.s.throttle, key, bson.E{Key: "windowStart", Value: bson.D{{Key: "$gte", Value: since}}})
		if err != nil {
			return 0, err
		}
		if current {
			var d throttleDoc
			err := b.s.throttle.FindOneAndUpdate(ctx, filter,
				bson.D{{Key: "$inc", Value: bson.D{{Key: "failures", Value: 1}}}},
				options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&d)
			if err == nil {
				return d.Failures, nil
			}
			if !errors.Is(err, mongo.ErrNoDocuments) {
				return 0, err
			}
		}
		// No window, or an old one. On FerretDB the lock held since the
		// check above keeps it so, and the _id alone names it.
		old := bson.D{{Key: "_id", Value: key}, {Key: "windowStart", Value: bson.D{{Key: "$lt", Value: since}}}}
		if b.s.serial.on {
			old = byID(key)
		}
		_, err = b.s.throttle.ReplaceOne(ctx, old,
			throttleDoc{Key: key, Failures: 1, WindowStart: now}, options.Replace().SetUpsert(true))
		if err == nil {
			return 1, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return 0, err
		}
		// Another server opened the window first: count in it.
	}
	return 0, errors.New("store: throttle window kept changing")
}

// Release takes one attempt back, never below zero.
func (b throttleBackend) Release(ctx context.Context, key string) error {
	defer b.s.lock("throttle", key)()
	_, err := b.s.updateWhere(ctx, b.s.throttle, key,
		bson.D{{Key: "failures", Value: bson.D{{Key: "$gt", Value: 0}}}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "failures", Value: -1}}}})
	return err
}

// RemoveOldThrottles deletes throttle windows that began before cutoff.
func (s *Store) RemoveOldThrottles(ctx context.Context, cutoff time.Time) (int64, error) {
	return s.removeMatching(ctx, s.throttle, "throttle", bson.D{{Key: "windowStart", Value: bson.D{{Key: "$lt", Value: cutoff}}}})
}
