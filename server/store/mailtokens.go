package store

import (
	"context"
	"errors"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// PendingRegistration is a registration waiting for its e-mail address to
// be proved: the link of the 仮登録 mail carries a token, and only the
// token's SHA-256 is kept, as the _id. The password is kept hashed.
type PendingRegistration struct {
	ID           string    `bson:"_id"`
	Email        string    `bson:"email"`
	PasswordHash string    `bson:"passwordHash"`
	Name         string    `bson:"name"`
	NameKana     string    `bson:"nameKana"`
	Birthdate    string    `bson:"birthdate"`
	Office       string    `bson:"office"`
	CreatedAt    time.Time `bson:"createdAt"`
	ExpiresAt    time.Time `bson:"expiresAt"`
	// Identity is the MyNaPortal identity that asked for the new My Page,
	// linked when the registration is confirmed.
	Identity *auth.Identity `bson:"identity,omitempty"`
	// ClockID is the test clock the registration was asked for under (test
	// mode): the new seeker is attached to it.
	ClockID string `bson:"clockID,omitempty"`
}

// PasswordReset is a パスワード再設定 in flight, kept by the SHA-256 of the
// token of its mail.
type PasswordReset struct {
	ID        string    `bson:"_id"`
	Email     string    `bson:"email"`
	SeekerID  string    `bson:"seekerID"`
	CreatedAt time.Time `bson:"createdAt"`
	ExpiresAt time.Time `bson:"expiresAt"`
}

func (s *Store) pendingRegistrations() *mongo.Collection {
	return s.db.Collection(collPendingRegistrations)
}
func (s *Store) passwordResets() *mongo.Collection { return s.db.Collection(collPasswordResets) }

// SavePendingRegistration stores a registration until its link is followed.
func (s *Store) SavePendingRegistration(ctx context.Context, p PendingRegistration) error {
	p.Email = domain.NormalizeEmail(p.Email)
	return insert(ctx, s.pendingRegistrations(), p)
}

// PendingRegistrationByID returns a live pending registration; it changes
// nothing (a GET of the link shows it).
func (s *Store) PendingRegistrationByID(ctx context.Context, id string, now time.Time) (PendingRegistration, error) {
	p, err := findOne[PendingRegistration](ctx, s.pendingRegistrations(), bson.D{{Key: "_id", Value: id}})
	if err == nil && !now.Before(p.ExpiresAt) {
		return p, ErrNotFound
	}
	return p, err
}

// TakePendingRegistration removes and returns a live pending registration:
// its link works once, on any app server.
func (s *Store) TakePendingRegistration(ctx context.Context, id string, now time.Time) (PendingRegistration, error) {
	defer s.lock("registration", id)()
	return takeLive[PendingRegistration](ctx, s.pendingRegistrations(), id, now, func(p PendingRegistration) time.Time { return p.ExpiresAt })
}

// RestorePendingRegistration puts back a registration taken by a
// confirmation that could not finish (the store failed half-way).
func (s *Store) RestorePendingRegistration(ctx context.Context, p PendingRegistration) error {
	err := insert(ctx, s.pendingRegistrations(), p)
	if errors.Is(err, ErrDuplicate) {
		return nil
	}
	return err
}

// SavePasswordReset stores a password reset until its link is followed.
func (s *Store) SavePasswordReset(ctx context.Context, r PasswordReset) error {
	r.Email = domain.NormalizeEmail(r.Email)
	return insert(ctx, s.passwordResets(), r)
}

// PasswordResetByID returns a live password reset without using it.
func (s *Store) PasswordResetByID(ctx context.Context, id string, now time.Time) (PasswordReset, error) {
	r, err := findOne[PasswordReset](ctx, s.passwordResets(), bson.D{{Key: "_id", Value: id}})
	if err == nil && !now.Before(r.ExpiresAt) {
		return r, ErrNotFound
	}
	return r, err
}

// TakePasswordReset removes and returns a live password reset: used once.
func (s *Store) TakePasswordReset(ctx context.Context, id string, now time.Time) (PasswordReset, error) {
	defer s.lock("reset", id)()
	return takeLive[PasswordReset](ctx, s.passwordResets(), id, now, func(r PasswordReset) time.Time { return r.ExpiresAt })
}

// SetPasswordHash replaces the password of a login, guarded on the login
// still belonging to seekerID.
func (s *Store) SetPasswordHash(ctx context.Context, email, seekerID, hash string) error {
	defer s.lock("login", domain.NormalizeEmail(email))()
	res, err := s.logins.UpdateOne(ctx,
		bson.D{{Key: "_id", Value: domain.NormalizeEmail(email)}, {Key: "seekerID", Value: seekerID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "passwordHash", Value: hash}}}})
	if err == nil && res.MatchedCount == 0 {
		err = ErrNotFound
	}
	return err
}

// RemoveExpiredMailTokens deletes pending registrations and password resets
// whose links have expired.
func (s *Store) RemoveExpiredMailTokens(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	for _, coll := range []*mongo.Collection{s.pendingRegistrations(), s.passwordResets()} {
		res, err := coll.DeleteMany(ctx, bson.D{{Key: "expiresAt", Value: bson.D{{Key: "$lte", Value: now}}}})
		if err != nil {
			return n, err
		}
		n += res.DeletedCount
	}
	return n, nil
}

func takeLive[T any](ctx context.Context, coll *mongo.Collection, id string, now time.Time, expires func(T) time.Time) (T, error) {
	var v T
	err := coll.FindOneAndDelete(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&v)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return v, ErrNotFound
	}
	if err != nil {
		return v, err
	}
	if !now.Before(expires(v)) {
		return v, ErrNotFound
	}
	return v, nil
}
