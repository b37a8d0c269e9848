package store

import (
	"context"
	"errors"
	"slices"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// FerretDB v1 hands a filter to SQLite, which finds the row through the _id
// index (the one IndexIDs adds to the embedded store: FerretDB's own does
// not serve its queries), only when the filter is exactly {_id: <string>}. A guard beside the
// _id, an _id range, an $in or any other field makes it read every document
// of the collection and match them in Go (TestWhatFerretDBPushesDown shows
// it through FerretDB's explain). So every hot path of the store reaches its
// documents by _id alone:
//
//   - a guarded single-document change is, on MongoDB, one update whose
//     filter is the _id and the guard; on FerretDB, where the store already
//     runs the guarded changes of one document one at a time (serialize.go),
//     the guard is checked first by an aggregation whose first stage is the
//     _id alone (pushed down), and the change then names the _id alone;
//   - a seeker's applications and messages are read by the ids the seeker's
//     document lists, not by a seekerID filter.

// byID is the filter of one document.
func byID(id string) bson.D { return bson.D{{Key: "_id", Value: id}} }

// where returns the filter for a change of document id in coll that must
// happen only if guard holds, and false when, on FerretDB, it does not
// hold now. The caller holds the document's lock (s.lock).
func (s *Store) where(ctx context.Context, coll *mongo.Collection, id string, guard ...bson.E) (bson.D, bool, error) {
	if !s.serial.on || len(guard) == 0 {
		return append(byID(id), guard...), true, nil
	}
	cur, err := coll.Aggregate(ctx, mongo.Pipeline{
		{{Key: "$match", Value: byID(id)}},
		{{Key: "$match", Value: bson.D(guard)}},
		{{Key: "$project", Value: bson.D{{Key: "_id", Value: 1}}}},
	})
	if err != nil {
		return nil, false, err
	}
	defer cur.Close(ctx)
	if cur.Next(ctx) {
		return byID(id), true, nil
	}
	return nil, false, cur.Err()
}

// updateWhere is a guarded single-document update of id; it reports whether
// the document matched.
func (s *Store) updateWhere(ctx context.Context, coll *mongo.Collection, id string, guard bson.D, update any) (bool, error) {
	filter, ok, err := s.where(ctx, coll, id, guard...)
	if err != nil || !ok {
		return false, err
	}
	res, err := coll.UpdateOne(ctx, filter, update)
	if err != nil {
		return false, err
	}
	return res.MatchedCount == 1, nil
}

// deleteWhere is a guarded single-document delete of id.
func (s *Store) deleteWhere(ctx context.Context, coll *mongo.Collection, id string, guard bson.D) (int64, error) {
	filter, ok, err := s.where(ctx, coll, id, guard...)
	if err != nil || !ok {
		return 0, err
	}
	res, err := coll.DeleteOne(ctx, filter)
	if err != nil {
		return 0, err
	}
	return res.DeletedCount, nil
}

// byIDsParallel is how many finds by _id run at once on FerretDB.
const byIDsParallel = 4

// findByIDs returns the documents of ids that exist, in no given order. On
// MongoDB it is one find with $in (served by the _id index); on FerretDB,
// which would scan for an $in, one find by _id per document, a few at once.
func findByIDs[T any](ctx context.Context, s *Store, coll *mongo.Collection, ids []string) ([]T, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) == 0 {
		return nil, nil
	}
	if !s.serial.on {
		return findAll[T](ctx, coll, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}, options.Find())
	}
	out := make([]T, len(ids))
	found := make([]bool, len(ids))
	errs := make([]error, len(ids))
	sem := make(chan struct{}, byIDsParallel)
	var wg sync.WaitGroup
	for i, id := range ids {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			err := coll.FindOne(ctx, byID(id)).Decode(&out[i])
			switch {
			case err == nil:
				found[i] = true
			case !errors.Is(err, mongo.ErrNoDocuments):
				errs[i] = err
			}
		})
	}
	wg.Wait()
	res := out[:0]
	for i := range ids {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if found[i] {
			res = append(res, out[i])
		}
	}
	return res, nil
}

// removeMatching deletes the documents of coll that match filter. On
// MongoDB it is one DeleteMany, served by an index on the filter's field. On
// FerretDB v1 one DeleteMany collects the _ids of every match and deletes
// them in one SQL statement, which SQLite refuses beyond 32,766 of them; so
// there one query reads the _ids of the matches (nothing else: the memory
// follows the due documents, not the collection), and each is then deleted
// by _id if it still matches. One query, not a batch at a time: FerretDB
// cannot seek past the last batch, so each batch scanned the collection
// from its start again, and M matches cost M/256 scans.
func (s *Store) removeMatching(ctx context.Context, coll *mongo.Collection, kind string, filter bson.D) (int64, error) {
	if !s.serial.on {
		res, err := coll.DeleteMany(ctx, filter)
		if err != nil {
			return 0, err
		}
		return res.DeletedCount, nil
	}
	ids, err := idsMatching(ctx, coll, filter, nil)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, id := range ids {
		unlock := s.lock(kind, id)
		k, err := s.deleteWhere(ctx, coll, id, filter)
		unlock()
		if err != nil {
			return n, err
		}
		n += k
	}
	return n, nil
}

// idsMatching returns the _ids of the documents of coll that match filter,
// in the order and number opts set (nil: every match).
func idsMatching(ctx context.Context, coll *mongo.Collection, filter bson.D, opts *options.FindOptionsBuilder) ([]string, error) {
	if opts == nil {
		opts = options.Find()
	}
	docs, err := findAll[struct {
		ID string `bson:"_id"`
	}](ctx, coll, filter, opts.SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return ids, nil
}
