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

// A session a seeker ended from another device (ログイン中の端末) is deleted
// like any other; what survives it is a small marker under the same _id
// (the SHA-256 of the token), so the ended browser's next request can be
// told why it was signed out. The marker grants nothing and is swept when
// the session would have expired anyway.

func (s *Store) endedSessions() *mongo.Collection { return s.db.Collection(collEndedSessions) }

type endedSessionDoc struct {
	ID        string    `bson:"_id"`
	SeekerID  string    `bson:"seekerID"`
	EndedAt   time.Time `bson:"endedAt"`
	ExpiresAt time.Time `bson:"expiresAt"`
}

// SessionsOfSeeker lists a seeker's sessions, by _id from the seeker's
// list of them.
func (b sessionBackend) SessionsOfSeeker(ctx context.Context, seekerID string) ([]auth.SessionRecord, error) {
	return b.s.sessionsOfSeeker(ctx, seekerID)
}

// EndSession deletes the session, guarded by its seeker, and then leaves
// the marker, both by _id. A failure in between costs only the notice: the
// browser is then told that its session ended, not where.
func (b sessionBackend) EndSession(ctx context.Context, id, seekerID string, endedAt, keepUntil time.Time) error {
	unlock := b.s.lock("session", id)
	deleted, err := b.s.deleteWhere(ctx, b.s.sessions, id, bson.D{{Key: "seekerID", Value: seekerID}})
	unlock()
	if err != nil || deleted == 0 {
		return err
	}
	if err := b.s.unlistSessions(ctx, seekerID, []auth.SessionRecord{{ID: id}}); err != nil {
		return err
	}
	_, err = b.s.endedSessions().UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "seekerID", Value: seekerID}, {Key: "endedAt", Value: endedAt}, {Key: "expiresAt", Value: keepUntil}}}},
		options.UpdateOne().SetUpsert(true))
	return err
}

func (b sessionBackend) SessionEndedElsewhere(ctx context.Context, id string) (bool, error) {
	_, err := findOne[endedSessionDoc](ctx, b.s.endedSessions(), bson.D{{Key: "_id", Value: id}})
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// RemoveOldSessionEnds deletes the markers of ended sessions whose session
// would have expired before cutoff.
func (s *Store) RemoveOldSessionEnds(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.endedSessions().DeleteMany(ctx, bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lt", Value: cutoff}}}})
	if err != nil {
		return 0, err
	}
	return res.DeletedCount, nil
}
