package store

import (
	"context"
	"errors"
	"time"

	"github.com/hellowork/mypage/auth"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// ErrAlreadyLinked is returned when a seeker already has a MyNaPortal link.
var ErrAlreadyLinked = errors.New("store: seeker already linked")

// Challenge is one MyNaPortal sign-in in flight, kept by the SHA-256 of its
// state until the callback takes it, once.
type Challenge struct {
	ID        string    `bson:"_id"`
	Nonce     string    `bson:"nonce"`
	Verifier  string    `bson:"verifier"`
	Next      string    `bson:"next,omitempty"`
	ExpiresAt time.Time `bson:"expiresAt"`
}

// SaveChallenge stores a sign-in in flight.
func (s *Store) SaveChallenge(ctx context.Context, c Challenge) error {
	return insert(ctx, s.db.Collection(collOidcChallenges), c)
}

// TakeChallenge removes and returns a live challenge: a second take of the
// same one, on any app server, finds nothing.
func (s *Store) TakeChallenge(ctx context.Context, id string, now time.Time) (Challenge, error) {
	defer s.lock("challenge", id)()
	var c Challenge
	err := s.db.Collection(collOidcChallenges).FindOneAndDelete(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, err
	}
	if !now.Before(c.ExpiresAt) {
		return c, ErrNotFound
	}
	return c, nil
}

// PendingIdentity is a verified MyNaPortal identity waiting to be linked.
type PendingIdentity struct {
	ID        string        `bson:"_id"`
	Identity  auth.Identity `bson:"identity"`
	Next      string        `bson:"next,omitempty"`
	ExpiresAt time.Time     `bson:"expiresAt"`
}

// SavePendingIdentity stores an identity to link.
func (s *Store) SavePendingIdentity(ctx context.Context, p PendingIdentity) error {
	return insert(ctx, s.db.Collection(collPendingIdentities), p)
}

// PendingIdentityByID returns a live pending identity.
func (s *Store) PendingIdentityByID(ctx context.Context, id string, now time.Time) (PendingIdentity, error) {
	p, err := findOne[PendingIdentity](ctx, s.db.Collection(collPendingIdentities), bson.D{{Key: "_id", Value: id}})
	if err == nil && !now.Before(p.ExpiresAt) {
		return p, ErrNotFound
	}
	return p, err
}

// TakePendingIdentity removes and returns a live pending identity: it is
// used at most once, and a second take, on any app server, finds nothing.
func (s *Store) TakePendingIdentity(ctx context.Context, id string, now time.Time) (PendingIdentity, error) {
	defer s.lock("pending", id)()
	var p PendingIdentity
	err := s.db.Collection(collPendingIdentities).FindOneAndDelete(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&p)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, err
	}
	if !now.Before(p.ExpiresAt) {
		return p, ErrNotFound
	}
	return p, nil
}

// RemovePendingIdentity forgets a pending identity.
func (s *Store) RemovePendingIdentity(ctx context.Context, id string) error {
	defer s.lock("pending", id)()
	_, err := s.db.Collection(collPendingIdentities).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	return err
}

// Link ties a MyNaPortal identity (its _id is issuer|sub) to a seeker.
type Link struct {
	ID       string    `bson:"_id"`
	SeekerID string    `bson:"seekerID"`
	LinkedAt time.Time `bson:"linkedAt"`
}

// LinkID names the link of an identity.
func LinkID(id auth.Identity) string { return id.Issuer + "|" + id.Subject }

// LinkByID returns the link of an identity.
func (s *Store) LinkByID(ctx context.Context, id string) (Link, error) {
	return findOne[Link](ctx, s.links(), bson.D{{Key: "_id", Value: id}})
}

func (s *Store) links() *mongo.Collection { return s.db.Collection(collMynaportalLinks) }

// CreateLink links an identity to a seeker who has none. The link document
// decides (its _id is the identity); the seeker's guarded update keeps one
// identity per seeker, and a refused update removes the link again.
func (s *Store) CreateLink(ctx context.Context, l Link) error {
	defer s.lock("seeker", l.SeekerID)()
	if err := insert(ctx, s.links(), l); err != nil {
		return err
	}
	ok, err := s.updateWhere(ctx, s.seekers, l.SeekerID,
		bson.D{{Key: "myNaPortalLinkID", Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "myNaPortalLinkID", Value: l.ID}, {Key: "myNaPortalLinkedAt", Value: l.LinkedAt}}}})
	if err == nil && !ok {
		err = ErrAlreadyLinked
	}
	if err != nil {
		_, _ = s.deleteWhere(context.WithoutCancel(ctx), s.links(), l.ID, bson.D{{Key: "seekerID", Value: l.SeekerID}})
	}
	return err
}

// RemoveLink unlinks a seeker's identity: the link goes first, so from that
// moment the identity no longer signs in.
func (s *Store) RemoveLink(ctx context.Context, seekerID, linkID string) error {
	defer s.lock("seeker", seekerID)()
	if _, err := s.deleteWhere(ctx, s.links(), linkID, bson.D{{Key: "seekerID", Value: seekerID}}); err != nil {
		return err
	}
	_, err := s.updateWhere(ctx, s.seekers, seekerID, bson.D{{Key: "myNaPortalLinkID", Value: linkID}},
		bson.D{{Key: "$unset", Value: bson.D{{Key: "myNaPortalLinkID", Value: ""}, {Key: "myNaPortalLinkedAt", Value: ""}}}})
	return err
}

// RemoveExpiredSignIns deletes challenges and pending identities past their
// expiry.
func (s *Store) RemoveExpiredSignIns(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	for c, lock := range map[string]string{"oidc_challenges": "challenge", "pending_identities": "pending"} {
		k, err := s.removeMatching(ctx, s.db.Collection(c), lock, bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lt", Value: now}}}})
		if err != nil {
			return n, err
		}
		n += k
	}
	return n, nil
}
