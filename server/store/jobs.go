package store

import (
	"context"
	"regexp"

	"github.com/hellowork/mypage/server/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// JobQuery is a job search. Empty fields do not filter.
type JobQuery struct {
	Keyword        string
	Prefecture     string
	EmploymentType string
	Offset, Limit  int
}

// sortedBy sorts on field, then on _id so the order is total and pages
// never overlap.
func sortedBy(field string, dir int) *options.FindOptionsBuilder {
	sort := bson.D{{Key: field, Value: dir}}
	if field != "_id" {
		sort = append(sort, bson.E{Key: "_id", Value: 1})
	}
	return options.Find().SetSort(sort)
}

// SearchJobs returns one page of the jobs matching q, newest first, and how
// many match in all.
func (s *Store) SearchJobs(ctx context.Context, q JobQuery) ([]domain.Job, int64, error) {
	filter := bson.D{}
	if q.Prefecture != "" {
		filter = append(filter, bson.E{Key: "prefecture", Value: q.Prefecture})
	}
	if q.EmploymentType != "" {
		filter = append(filter, bson.E{Key: "employmentType", Value: q.EmploymentType})
	}
	if q.Keyword != "" {
		re := bson.Regex{Pattern: regexp.QuoteMeta(q.Keyword), Options: "i"}
		or := bson.A{}
		for _, f := range []string{"title", "company", "description", "location", "_id"} {
			or = append(or, bson.D{{Key: f, Value: re}})
		}
		filter = append(filter, bson.E{Key: "$or", Value: or})
	}
	total, err := s.jobs.CountDocuments(ctx, filter)
	if err != nil {
		return nil, 0, err
	}
	jobs, err := findAll[domain.Job](ctx, s.jobs, filter,
		sortedBy("postedAt", -1).SetSkip(int64(q.Offset)).SetLimit(int64(q.Limit)))
	return jobs, total, err
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
