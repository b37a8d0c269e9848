package store

import (
	"cmp"
	"context"
	"errors"
	"slices"

	"github.com/hellowork/mypage/server/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Login is the credential of a My Page account, found by the normalised
// e-mail address as its _id.
type Login struct {
	Email        string `bson:"_id"`
	SeekerID     string `bson:"seekerID"`
	PasswordHash string `bson:"passwordHash"`
}

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
	sk.Email = domain.NormalizeEmail(sk.Email)
	if sk.Applying == nil {
		sk.Applying = []domain.ApplicationRef{}
	}
	sk.ApplyingCount = len(sk.Applying)
	sk.ActivityListed = true
	sk.SessionsListed = true
	sk.DeletionDueAt = sk.DeletionDueTime()
	return sk
}

// LoginByEmail returns the login of an e-mail address.
func (s *Store) LoginByEmail(ctx context.Context, email string) (Login, error) {
	return findOne[Login](ctx, s.logins, bson.D{{Key: "_id", Value: domain.NormalizeEmail(email)}})
}

// SeekerByID returns a seeker; one being deleted is not found. The filter
// is the _id alone, which FerretDB reads through its index; the mark is
// checked here.
func (s *Store) SeekerByID(ctx context.Context, id string) (domain.Seeker, error) {
	sk, err := findOne[domain.Seeker](ctx, s.seekers, byID(id))
	if err == nil && sk.Deleting {
		return domain.Seeker{}, ErrNotFound
	}
	return sk, err
}

// ApplicationsOfSeeker returns a seeker's applications, newest first.
func (s *Store) ApplicationsOfSeeker(ctx context.Context, seekerID string) ([]domain.Application, error) {
	sk, err := s.SeekerByID(ctx, seekerID)
	if err != nil {
		return nil, err
	}
	return s.ApplicationsOf(ctx, sk)
}

// ApplicationsOf returns the applications of a seeker as read, newest
// first, by the _ids the seeker's document lists.
func (s *Store) ApplicationsOf(ctx context.Context, sk domain.Seeker) ([]domain.Application, error) {
	if !sk.ActivityListed {
		var err error
		if sk, err = s.listActivity(ctx, sk.ID); err != nil {
			return nil, err
		}
	}
	apps, err := findByIDs[domain.Application](ctx, s, s.applications, sk.ApplicationIDs)
	if err != nil {
		return nil, err
	}
	mine := apps[:0]
	for _, a := range apps {
		if a.SeekerID == sk.ID {
			mine = append(mine, a)
		}
	}
	slices.SortFunc(mine, func(a, b domain.Application) int {
		return cmp.Or(b.AppliedAt.Compare(a.AppliedAt), cmp.Compare(a.ID, b.ID))
	})
	return mine, nil
}

// MessagesOfSeeker returns a seeker's messages, newest first.
func (s *Store) MessagesOfSeeker(ctx context.Context, seekerID string) ([]domain.Message, error) {
	sk, err := s.SeekerByID(ctx, seekerID)
	if err != nil {
		return nil, err
	}
	return s.MessagesOf(ctx, sk)
}

// MessagesOf returns the messages of a seeker as read, newest first, by the
// _ids the seeker's document lists.
func (s *Store) MessagesOf(ctx context.Context, sk domain.Seeker) ([]domain.Message, error) {
	if !sk.ActivityListed {
		var err error
		if sk, err = s.listActivity(ctx, sk.ID); err != nil {
			return nil, err
		}
	}
	msgs, err := findByIDs[domain.Message](ctx, s, s.messages, sk.MessageIDs)
	if err != nil {
		return nil, err
	}
	mine := msgs[:0]
	for _, m := range msgs {
		if m.SeekerID == sk.ID {
			mine = append(mine, m)
		}
	}
	slices.SortFunc(mine, func(a, b domain.Message) int {
		return cmp.Or(b.SentAt.Compare(a.SentAt), cmp.Compare(a.ID, b.ID))
	})
	return mine, nil
}

// listActivity fills in the lists of a seeker stored before they existed:
// once per such seeker, by the seekerID filter (a scan on FerretDB). The
// ids join what the lists hold already ($addToSet), so an application made
// meanwhile, which pushes its id, is not lost.
func (s *Store) listActivity(ctx context.Context, seekerID string) (domain.Seeker, error) {
	idsOf := func(coll *mongo.Collection) ([]string, error) {
		docs, err := findAll[struct {
			ID string `bson:"_id"`
		}](ctx, coll, bson.D{{Key: "seekerID", Value: seekerID}}, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
		ids := make([]string, 0, len(docs))
		for _, d := range docs {
			ids = append(ids, d.ID)
		}
		return ids, err
	}
	apps, err := idsOf(s.applications)
	if err != nil {
		return domain.Seeker{}, err
	}
	msgs, err := idsOf(s.messages)
	if err != nil {
		return domain.Seeker{}, err
	}
	unlock := s.lock("seeker", seekerID)
	_, err = s.seekers.UpdateOne(ctx, byID(seekerID), bson.D{
		{Key: "$addToSet", Value: bson.D{
			{Key: "applicationIDs", Value: bson.D{{Key: "$each", Value: apps}}},
			{Key: "messageIDs", Value: bson.D{{Key: "$each", Value: msgs}}},
		}},
		{Key: "$set", Value: bson.D{{Key: "activityListed", Value: true}}},
	})
	unlock()
	if err != nil {
		return domain.Seeker{}, err
	}
	return s.SeekerByID(ctx, seekerID)
}

// UpdateProfile saves what the seeker edited on 求職者情報・設定.
func (s *Store) UpdateProfile(ctx context.Context, seekerID, name, nameKana string, p domain.Profile) error {
	defer s.lock("seeker", seekerID)()
	ok, err := s.updateWhere(ctx, s.seekers, seekerID, notDeleting, bson.D{{Key: "$set", Value: bson.D{
		{Key: "name", Value: name}, {Key: "nameKana", Value: nameKana}, {Key: "profile", Value: p},
	}}})
	if err == nil && !ok {
		err = ErrNotFound
	}
	return err
}
