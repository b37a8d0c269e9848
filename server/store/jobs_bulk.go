package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The postings change only through the demo seed, `jobs generate` and
// `jobs import`; each change gives them a new version, by which every app
// server's search index knows it must be rebuilt.

// jobsVersion is the meta document of the postings' version.
type jobsVersion struct {
	ID        string    `bson:"_id"`
	Version   string    `bson:"version"`
	ChangedAt time.Time `bson:"changedAt"`
}

// generatedJob is a posting made by `jobs generate`, marked so that the
// next run replaces it.
type generatedJob struct {
	domain.Job `bson:",inline"`
	Generated  bool `bson:"generated"`
}

// bulkSize is how many postings go in one write.
const bulkSize = 1000

// JobsVersion returns the version of the postings: it changes whenever a
// posting is added, changed or removed.
func (s *Store) JobsVersion(ctx context.Context) (string, error) {
	v, err := findOne[jobsVersion](ctx, s.meta, bson.D{{Key: "_id", Value: "jobs"}})
	if errors.Is(err, ErrNotFound) {
		return "", nil
	}
	return v.Version, err
}

func (s *Store) bumpJobsVersion(ctx context.Context) error {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	_, err := s.meta.UpdateOne(ctx, bson.D{{Key: "_id", Value: "jobs"}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "version", Value: hex.EncodeToString(b)}, {Key: "changedAt", Value: time.Now()}}}},
		options.UpdateOne().SetUpsert(true))
	return err
}

// AllJobs returns every posting.
func (s *Store) AllJobs(ctx context.Context) ([]domain.Job, error) {
	cur, err := s.jobs.Find(ctx, bson.D{}, options.Find().SetBatchSize(2000))
	if err != nil {
		return nil, err
	}
	defer cur.Close(ctx)
	var out []domain.Job
	for cur.Next(ctx) {
		var j domain.Job
		if err := cur.Decode(&j); err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, cur.Err()
}

// ReplaceGeneratedJobs removes the postings an earlier `jobs generate` made
// and stores jobs in their place, marked as generated. It returns how many
// it removed.
func (s *Store) ReplaceGeneratedJobs(ctx context.Context, jobs []domain.Job) (int64, error) {
	res, err := s.jobs.DeleteMany(ctx, bson.D{{Key: "generated", Value: true}})
	if err != nil {
		return 0, err
	}
	// The version changes first, so that an index built from a write cut
	// short is rebuilt all the same.
	if err := s.bumpJobsVersion(ctx); err != nil {
		return res.DeletedCount, err
	}
	for from := 0; from < len(jobs); from += bulkSize {
		batch := make([]any, 0, bulkSize)
		for _, j := range jobs[from:min(from+bulkSize, len(jobs))] {
			batch = append(batch, generatedJob{Job: j, Generated: true})
		}
		if _, err := s.jobs.InsertMany(ctx, batch, options.InsertMany().SetOrdered(false)); err != nil {
			return res.DeletedCount, err
		}
	}
	return res.DeletedCount, s.bumpJobsVersion(ctx)
}

// ImportJobs stores postings by their 求人番号, replacing one there already
// (a generated one becomes an imported one), and removes the postings of
// closed. It returns how many postings were removed.
func (s *Store) ImportJobs(ctx context.Context, jobs []domain.Job, closed []string) (int64, error) {
	if err := s.bumpJobsVersion(ctx); err != nil {
		return 0, err
	}
	for from := 0; from < len(jobs); from += bulkSize {
		var models []mongo.WriteModel
		for _, j := range jobs[from:min(from+bulkSize, len(jobs))] {
			models = append(models, mongo.NewReplaceOneModel().SetFilter(bson.D{{Key: "_id", Value: j.ID}}).SetReplacement(j).SetUpsert(true))
		}
		if _, err := s.jobs.BulkWrite(ctx, models, options.BulkWrite().SetOrdered(false)); err != nil {
			return 0, err
		}
	}
	var removed int64
	for from := 0; from < len(closed); from += bulkSize {
		res, err := s.jobs.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: closed[from:min(from+bulkSize, len(closed))]}}}})
		if err != nil {
			return removed, err
		}
		removed += res.DeletedCount
	}
	return removed, s.bumpJobsVersion(ctx)
}
