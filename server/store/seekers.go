package store

import (
	"context"
	"errors"
	"strings"

	"github.com/hellowork/mypage/server/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// Login is the credential of a My Page account, found by the normalised
// e-mail address as its _id.
type Login struct {
	Email        string `bson:"_id"`
	SeekerID     string `bson:"seekerID"`
	PasswordHash string `bson:"passwordHash"`
}

// NormalizeEmail is the form of an address used as a login's _id.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// CreateSeeker stores a new seeker and their login. The seeker goes first:
// if the e-mail is taken the seeker is removed again, and a crash in between
// leaves only a seeker nobody can sign in as, never a login without one.
// Only a refused login removes the seeker: after a timeout or a lost
// connection the login may have been written all the same.
func (s *Store) CreateSeeker(ctx context.Context, seeker domain.Seeker, passwordHash string) error {
	seeker = newSeekerDoc(seeker)
	if err := insert(ctx, s.seekers, seeker); err != nil {
		return err
	}
	err := insert(ctx, s.logins, Login{Email: seeker.Email, SeekerID: seeker.ID, PasswordHash: passwordHash})
	if errors.Is(err, ErrDuplicate) {
		_, _ = s.seekers.DeleteOne(context.WithoutCancel(ctx), bson.D{{Key: "_id", Value: seeker.ID}})
	}
	return err
}

// newSeekerDoc is a seeker as first stored: Applying is an array from the
// start, so $push and $pull always find one.
func newSeekerDoc(sk domain.Seeker) domain.Seeker {
	sk.Email = NormalizeEmail(sk.Email)
	if sk.Applying == nil {
		sk.Applying = []domain.ApplicationRef{}
	}
	sk.ApplyingCount = len(sk.Applying)
	return sk
}

// LoginByEmail returns the login of an e-mail address.
func (s *Store) LoginByEmail(ctx context.Context, email string) (Login, error) {
	return findOne[Login](ctx, s.logins, bson.D{{Key: "_id", Value: NormalizeEmail(email)}})
}

// SeekerByID returns a seeker; one being deleted is not found.
func (s *Store) SeekerByID(ctx context.Context, id string) (domain.Seeker, error) {
	return findOne[domain.Seeker](ctx, s.seekers, live(id))
}

// ApplicationsOfSeeker returns a seeker's applications, newest first.
func (s *Store) ApplicationsOfSeeker(ctx context.Context, seekerID string) ([]domain.Application, error) {
	return findAll[domain.Application](ctx, s.applications, bson.D{{Key: "seekerID", Value: seekerID}},
		sortedBy("appliedAt", -1))
}

// MessagesOfSeeker returns a seeker's messages, newest first.
func (s *Store) MessagesOfSeeker(ctx context.Context, seekerID string) ([]domain.Message, error) {
	return findAll[domain.Message](ctx, s.messages, bson.D{{Key: "seekerID", Value: seekerID}},
		sortedBy("sentAt", -1))
}

// UpdateProfile saves what the seeker edited on 求職者情報・設定.
func (s *Store) UpdateProfile(ctx context.Context, seekerID, name, nameKana string, p domain.Profile) error {
	defer s.lock("seeker", seekerID)()
	res, err := s.seekers.UpdateOne(ctx, live(seekerID), bson.D{{Key: "$set", Value: bson.D{
		{Key: "name", Value: name}, {Key: "nameKana", Value: nameKana}, {Key: "profile", Value: p},
	}}})
	if err == nil && res.MatchedCount == 0 {
		err = ErrNotFound
	}
	return err
}
