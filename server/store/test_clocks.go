package store

import (
	"context"
	"errors"
	"time"

	"github.com/hellowork/mypage/server/clock"
	"github.com/hellowork/mypage/server/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// TestClock is a test clock (test mode only): a time of its own that only
// QA moves. It lives in the store, so every app server agrees on it.
type TestClock struct {
	ID  string    `bson:"_id" json:"id"`
	Now time.Time `bson:"now" json:"now"`
}

func (s *Store) testClocks() *mongo.Collection { return s.db.Collection(collTestClocks) }

// CreateTestClock stores a new test clock.
func (s *Store) CreateTestClock(ctx context.Context, c TestClock) error {
	return insert(ctx, s.testClocks(), c)
}

// TestClockByID returns a test clock.
func (s *Store) TestClockByID(ctx context.Context, id string) (TestClock, error) {
	return findOne[TestClock](ctx, s.testClocks(), bson.D{{Key: "_id", Value: id}})
}

// TestClockTime is the time of test clock id: clock.ErrUnknown when there
// is no such clock.
func (s *Store) TestClockTime(ctx context.Context, id string) (time.Time, error) {
	c, err := s.TestClockByID(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return time.Time{}, clock.ErrUnknown
	}
	return c.Now, err
}

// AdvanceTestClock moves a test clock forward by d, in one update that
// returns the clock as it now is.
func (s *Store) AdvanceTestClock(ctx context.Context, id string, d time.Duration) (TestClock, error) {
	defer s.lock("test_clock", id)()
	c, err := s.TestClockByID(ctx, id)
	if err != nil {
		return c, err
	}
	var out TestClock
	err = s.testClocks().FindOneAndUpdate(ctx, bson.D{{Key: "_id", Value: id}, {Key: "now", Value: c.Now}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "now", Value: c.Now.Add(d)}}}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&out)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return out, errors.New("store: test clock moved by another request at the same moment; try again")
	}
	return out, err
}

// SeekersOnTestClock returns the seekers attached to a test clock (test
// mode only: it scans on the embedded store).
func (s *Store) SeekersOnTestClock(ctx context.Context, id string) ([]domain.Seeker, error) {
	return findAll[domain.Seeker](ctx, s.seekers, bson.D{{Key: "testClockID", Value: id}}, options.Find())
}
