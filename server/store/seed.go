package store

import (
	"context"
	"errors"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// SeedData is what the demo puts in an empty store.
type SeedData struct {
	Offices      []domain.Office
	Jobs         []domain.Job
	Seekers      []SeedSeeker
	Applications []domain.Application
	Messages     []domain.Message
}

// SeedSeeker is a demo seeker with the hash of their password.
type SeedSeeker struct {
	Seeker       domain.Seeker
	PasswordHash string
}

type seedMark struct {
	ID       string    `bson:"_id"`
	SeededAt time.Time `bson:"seededAt"`
}

// Seeded reports whether the demo data was stored already.
func (s *Store) Seeded(ctx context.Context) (bool, error) {
	_, err := findOne[seedMark](ctx, s.meta, bson.D{{Key: "_id", Value: "seed"}})
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Seed stores data and, when mark is set, marks the store as seeded with
// the demo data. Documents already there (from a seed cut short) are left
// as they are.
func (s *Store) Seed(ctx context.Context, d SeedData, now time.Time, mark bool) error {
	for _, o := range d.Offices {
		if err := insertIfAbsent(ctx, s.offices.Name(), s, o); err != nil {
			return err
		}
	}
	for _, j := range d.Jobs {
		if err := insertIfAbsent(ctx, s.jobs.Name(), s, j); err != nil {
			return err
		}
	}
	for _, a := range d.Applications {
		if err := insertIfAbsent(ctx, s.applications.Name(), s, a); err != nil {
			return err
		}
	}
	for _, m := range d.Messages {
		if err := insertIfAbsent(ctx, s.messages.Name(), s, m); err != nil {
			return err
		}
	}
	for _, sk := range d.Seekers {
		sk.Seeker = newSeekerDoc(sk.Seeker)
		if err := insertIfAbsent(ctx, s.seekers.Name(), s, sk.Seeker); err != nil {
			return err
		}
		login := Login{Email: sk.Seeker.Email, SeekerID: sk.Seeker.ID, PasswordHash: sk.PasswordHash}
		if err := insertIfAbsent(ctx, s.logins.Name(), s, login); err != nil {
			return err
		}
	}
	if !mark {
		return nil
	}
	return insertIfAbsent(ctx, s.meta.Name(), s, seedMark{ID: "seed", SeededAt: now})
}

func insertIfAbsent(ctx context.Context, coll string, s *Store, doc any) error {
	err := insert(ctx, s.db.Collection(coll), doc)
	if errors.Is(err, ErrDuplicate) {
		return nil
	}
	return err
}
