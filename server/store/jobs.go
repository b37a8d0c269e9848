package store

import (
	"context"

	"github.com/hellowork/mypage/server/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// sortedBy sorts on field, then on _id so the order is total and pages
// never overlap.
func sortedBy(field string, dir int) *options.FindOptionsBuilder {
	sort := bson.D{{Key: field, Value: dir}}
	if field != "_id" {
		sort = append(sort, bson.E{Key: "_id", Value: 1})
	}
	return options.Find().SetSort(sort)
}

// LatestJobs returns the n newest jobs.
func (s *Store) LatestJobs(ctx context.Context, n int) ([]domain.Job, error) {
	return findAll[domain.Job](ctx, s.jobs, bson.D{}, sortedBy("postedAt", -1).SetLimit(int64(n)))
}

// JobByID returns a job by its 求人番号.
func (s *Store) JobByID(ctx context.Context, id string) (domain.Job, error) {
	return findOne[domain.Job](ctx, s.jobs, bson.D{{Key: "_id", Value: id}})
}

// Offices returns the HelloWork offices, by _id.
func (s *Store) Offices(ctx context.Context) ([]domain.Office, error) {
	return findAll[domain.Office](ctx, s.offices, bson.D{}, sortedBy("_id", 1))
}
