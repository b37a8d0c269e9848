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

// Throttle returns the store as the backend of sign-in throttling.
func (s *Store) Throttle() auth.ThrottleBackend { return throttleBackend{s} }

type throttleBackend struct{ s *Store }

func (b throttleBackend) FailuresSince(ctx context.Context, key string, since time.Time) (int, error) {
	d, err := findOne[throttleDoc](ctx, b.s.throttle, bson.D{{Key: "_id", Value: key}})
	if errors.Is(err, ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if d.WindowStart.Before(since) {
		return 0, nil
	}
	return d.Failures, nil
}

// RecordFailure counts within the current window with one guarded update;
// when the window is over (or there is none) it starts a new one.
func (b throttleBackend) RecordFailure(ctx context.Context, key string, now, since time.Time) error {
	defer b.s.lock("throttle", key)()
	res, err := b.s.throttle.UpdateOne(ctx,
		bson.D{{Key: "_id", Value: key}, {Key: "windowStart", Value: bson.D{{Key: "$gte", Value: since}}}},
		bson.D{{Key: "$inc", Value: bson.D{{Key: "failures", Value: 1}}}})
	if err != nil || res.MatchedCount == 1 {
		return err
	}
	_, err = b.s.throttle.ReplaceOne(ctx, bson.D{{Key: "_id", Value: key}},
		throttleDoc{Key: key, Failures: 1, WindowStart: now}, options.Replace().SetUpsert(true))
	if mongo.IsDuplicateKeyError(err) {
		// Another server opened the window at the same moment; count in it.
		_, err = b.s.throttle.UpdateOne(ctx, bson.D{{Key: "_id", Value: key}},
			bson.D{{Key: "$inc", Value: bson.D{{Key: "failures", Value: 1}}}})
	}
	return err
}

func (b throttleBackend) ResetFailures(ctx context.Context, key string) error {
	_, err := b.s.throttle.DeleteOne(ctx, bson.D{{Key: "_id", Value: key}})
	return err
}

// RemoveOldThrottles deletes throttle windows that began before cutoff.
func (s *Store) RemoveOldThrottles(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.throttle.DeleteMany(ctx, bson.D{{Key: "windowStart", Value: bson.D{{Key: "$lt", Value: cutoff}}}})
	if err != nil {
		return 0, err
	}
	return res.DeletedCount, nil
}
