package store

import (
	"context"
	"errors"
	"time"

	"github.com/hellowork/mypage/auth"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// Sessions returns the store as the backend of My Page's sessions.
func (s *Store) Sessions() auth.SessionBackend { return sessionBackend{s} }

type sessionBackend struct{ s *Store }

func (b sessionBackend) CreateSession(ctx context.Context, rec auth.SessionRecord) error {
	return insert(ctx, b.s.sessions, rec)
}

func (b sessionBackend) SessionByID(ctx context.Context, id string) (auth.SessionRecord, error) {
	rec, err := findOne[auth.SessionRecord](ctx, b.s.sessions, bson.D{{Key: "_id", Value: id}})
	if errors.Is(err, ErrNotFound) {
		return rec, auth.ErrSessionNotFound
	}
	return rec, err
}

func (b sessionBackend) TouchSession(ctx context.Context, id string, lastSeen, idleExpires time.Time) error {
	_, err := b.s.sessions.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "lastSeenAt", Value: lastSeen}, {Key: "idleExpiresAt", Value: idleExpires}}}})
	return err
}

func (b sessionBackend) UpdateSessionValues(ctx context.Context, id string, values map[string]string) error {
	_, err := b.s.sessions.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "values", Value: values}}}})
	return err
}

func (b sessionBackend) RemoveSession(ctx context.Context, id string) error {
	_, err := b.s.sessions.DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	return err
}

func (b sessionBackend) RemoveSessionsOfSeeker(ctx context.Context, seekerID string) (int64, error) {
	res, err := b.s.sessions.DeleteMany(ctx, bson.D{{Key: "seekerID", Value: seekerID}})
	if err != nil {
		return 0, err
	}
	return res.DeletedCount, nil
}

// RemoveExpiredSessions deletes sessions that expired before cutoff. The
// sweeper passes a cutoff some time in the past, so a seeker coming back
// soon after expiry is still told why they were signed out.
func (s *Store) RemoveExpiredSessions(ctx context.Context, cutoff time.Time) (int64, error) {
	// Sessions on a test clock live on its time, not the wall clock's.
	return s.removeMatching(ctx, s.sessions, "session", bson.D{{Key: "clockID", Value: bson.D{{Key: "$exists", Value: false}}}, {Key: "$or", Value: bson.A{
		bson.D{{Key: "idleExpiresAt", Value: bson.D{{Key: "$lt", Value: cutoff}}}},
		bson.D{{Key: "absoluteExpiresAt", Value: bson.D{{Key: "$lt", Value: cutoff}}}},
	}}})
}
