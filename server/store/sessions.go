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

// Sessions returns the store as the backend of My Page's sessions.
func (s *Store) Sessions() auth.SessionBackend { return sessionBackend{s} }

type sessionBackend struct{ s *Store }

// CreateSession stores the session and lists it on its seeker. A seeker
// whose list has grown (sessions that expired or ended linger in it) has
// it pruned to the sessions that still exist.
func (b sessionBackend) CreateSession(ctx context.Context, rec auth.SessionRecord) error {
	if err := insert(ctx, b.s.sessions, rec); err != nil {
		return err
	}
	var sk struct {
		SessionIDs []string `bson:"sessionIDs"`
	}
	// (FerretDB v1 takes no projection here: the whole seeker comes back.)
	// FerretDB writes the whole document back: the seeker's lock keeps a
	// guarded change of the seeker from being lost under this one.
	unlock := b.s.lock("seeker", rec.SeekerID)
	err := b.s.seekers.FindOneAndUpdate(ctx, byID(rec.SeekerID),
		bson.D{{Key: "$addToSet", Value: bson.D{{Key: "sessionIDs", Value: rec.ID}}}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&sk)
	unlock()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil // a seeker deleted meanwhile: the session dies at its next use
	}
	if err != nil || len(sk.SessionIDs) <= sessionListPrune {
		return err
	}
	_, err = b.s.sessionsOf(ctx, rec.SeekerID, sk.SessionIDs)
	return err
}

// sessionListPrune is the length of a seeker's session list beyond which
// a sign-in drops the sessions that no longer exist from it.
const sessionListPrune = 16

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

// RemoveSessionsOfSeeker deletes every session of the seeker, reached by
// _id through the seeker's list.
func (b sessionBackend) RemoveSessionsOfSeeker(ctx context.Context, seekerID string) (int64, error) {
	recs, err := b.s.sessionsOfSeeker(ctx, seekerID)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, rec := range recs {
		res, err := b.s.sessions.DeleteOne(ctx, byID(rec.ID))
		if err != nil {
			return n, err
		}
		n += res.DeletedCount
	}
	return n, b.s.unlistSessions(ctx, seekerID, recs)
}

// sessionsOfSeeker returns the stored sessions of a seeker, expired ones
// included, by _id from the seeker's list. A seeker stored before the list
// existed is listed first, by one read of the sessions by seekerID (a scan
// on FerretDB v1, once per such seeker).
func (s *Store) sessionsOfSeeker(ctx context.Context, seekerID string) ([]auth.SessionRecord, error) {
	var sk struct {
		SessionIDs     []string `bson:"sessionIDs"`
		SessionsListed bool     `bson:"sessionsListed"`
	}
	err := s.seekers.FindOne(ctx, byID(seekerID), options.FindOne().SetProjection(bson.D{
		{Key: "sessionIDs", Value: 1}, {Key: "sessionsListed", Value: 1}})).Decode(&sk)
	if errors.Is(err, mongo.ErrNoDocuments) {
		// No seeker (any more): whatever sessions name it are found the
		// slow way, so ending them all still ends them all.
		return findAll[auth.SessionRecord](ctx, s.sessions, bson.D{{Key: "seekerID", Value: seekerID}})
	}
	if err != nil {
		return nil, err
	}
	if !sk.SessionsListed {
		recs, err := findAll[auth.SessionRecord](ctx, s.sessions, bson.D{{Key: "seekerID", Value: seekerID}})
		if err != nil {
			return nil, err
		}
		defer s.lock("seeker", seekerID)()
		_, err = s.seekers.UpdateOne(ctx, byID(seekerID), bson.D{
			{Key: "$addToSet", Value: bson.D{{Key: "sessionIDs", Value: bson.D{{Key: "$each", Value: idsOfSessions(recs)}}}}},
			{Key: "$set", Value: bson.D{{Key: "sessionsListed", Value: true}}}})
		return recs, err
	}
	return s.sessionsOf(ctx, seekerID, sk.SessionIDs)
}

// sessionsOf reads the sessions of ids that exist and belong to seekerID,
// and drops the others from the seeker's list.
func (s *Store) sessionsOf(ctx context.Context, seekerID string, ids []string) ([]auth.SessionRecord, error) {
	found, err := findByIDs[auth.SessionRecord](ctx, s, s.sessions, ids)
	if err != nil {
		return nil, err
	}
	own := found[:0]
	alive := map[string]bool{}
	for _, r := range found {
		if r.SeekerID == seekerID {
			own = append(own, r)
			alive[r.ID] = true
		}
	}
	var gone []string
	for _, id := range ids {
		if !alive[id] {
			gone = append(gone, id)
		}
	}
	if len(gone) > 0 {
		defer s.lock("seeker", seekerID)()
		if _, err := s.seekers.UpdateOne(ctx, byID(seekerID),
			bson.D{{Key: "$pullAll", Value: bson.D{{Key: "sessionIDs", Value: gone}}}}); err != nil {
			return nil, err
		}
	}
	return own, nil
}

// unlistSessions drops recs from their seeker's list.
func (s *Store) unlistSessions(ctx context.Context, seekerID string, recs []auth.SessionRecord) error {
	if len(recs) == 0 {
		return nil
	}
	defer s.lock("seeker", seekerID)()
	_, err := s.seekers.UpdateOne(ctx, byID(seekerID), bson.D{{Key: "$pullAll", Value: bson.D{{Key: "sessionIDs", Value: idsOfSessions(recs)}}}})
	return err
}

func idsOfSessions(recs []auth.SessionRecord) []string {
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	return ids
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
