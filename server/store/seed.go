package store

import (
	"context"
	"errors"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
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
	if len(d.Jobs) > 0 {
		if err := s.bumpJobsVersion(ctx); err != nil {
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
	// Each seeker's document lists its applications and messages, which
	// are read by those ids.
	lists := map[string]*[2][]string{}
	listOf := func(id string) *[2][]string {
		if lists[id] == nil {
			lists[id] = &[2][]string{{}, {}}
		}
		return lists[id]
	}
	for _, a := range d.Applications {
		l := listOf(a.SeekerID)
		l[0] = append(l[0], a.ID)
	}
	for _, m := range d.Messages {
		l := listOf(m.SeekerID)
		l[1] = append(l[1], m.ID)
	}
	for id, l := range lists {
		if _, err := s.seekers.UpdateOne(ctx, byID(id), bson.D{{Key: "$addToSet", Value: bson.D{
			{Key: "applicationIDs", Value: bson.D{{Key: "$each", Value: l[0]}}},
			{Key: "messageIDs", Value: bson.D{{Key: "$each", Value: l[1]}}},
		}}}); err != nil {
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

// Generated is one batch of data of national shape (server/fill): tests
// and benchmarks only.
type Generated struct {
	Seekers      []SeedSeeker
	Applications []domain.Application
	Messages     []domain.Message
	Sessions     []any
	Links        []Link
	Throttles    []ThrottleWindow
}

// ThrottleWindow is a throttle window as stored.
type ThrottleWindow struct {
	Key         string    `bson:"_id"`
	Failures    int       `bson:"failures"`
	WindowStart time.Time `bson:"windowStart"`
}

// InsertGenerated stores a batch with one insert per collection. The
// seekers' documents must already list their applications and messages.
// Documents already there (a fill run again) are left as they are.
func (s *Store) InsertGenerated(ctx context.Context, g Generated) error {
	var seekers, logins, apps, msgs, links, throttles []any
	for _, sk := range g.Seekers {
		doc := newSeekerDoc(sk.Seeker)
		seekers = append(seekers, doc)
		logins = append(logins, Login{Email: doc.Email, SeekerID: doc.ID, PasswordHash: sk.PasswordHash})
	}
	for _, a := range g.Applications {
		apps = append(apps, a)
	}
	for _, m := range g.Messages {
		msgs = append(msgs, m)
	}
	for _, l := range g.Links {
		links = append(links, l)
	}
	for _, t := range g.Throttles {
		throttles = append(throttles, t)
	}
	// Documents that refer to a seeker go first, the seekers last: a fill
	// cut short leaves nothing a seeker's page lists but cannot find.
	for _, b := range []struct {
		coll *mongo.Collection
		docs []any
	}{
		{s.applications, apps}, {s.messages, msgs}, {s.sessions, g.Sessions}, {s.links(), links},
		{s.throttle, throttles}, {s.seekers, seekers}, {s.logins, logins},
	} {
		if len(b.docs) == 0 {
			continue
		}
		_, err := b.coll.InsertMany(ctx, b.docs, options.InsertMany().SetOrdered(false))
		if err != nil && !mongo.IsDuplicateKeyError(err) {
			return err
		}
	}
	return nil
}
