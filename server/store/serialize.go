package store

import (
	"context"
	"hash/fnv"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// FerretDB v1 runs an update as a query followed by a write by _id, so two
// guarded updates of one document at the same moment can both pass their
// guard. MongoDB applies each single-document update atomically. On the
// embedded store, which serves only this process, the store therefore runs
// the guarded changes of one document one at a time; on MongoDB it does not
// need to, and does not. A FerretDB named by MONGODB_URI is the same case as
// the embedded one when a single app server uses it, so the store finds out
// what it talks to at start and serializes on any FerretDB.

// stripes is how many locks the documents share.
const stripes = 256

type serializer struct {
	on    bool
	locks [stripes]sync.Mutex
}

// serializeOnFerretDB makes the store run guarded changes of one document
// one at a time when the server says it is FerretDB, whoever started it.
func (s *Store) serializeOnFerretDB(ctx context.Context) error {
	var info bson.M
	if err := s.db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err != nil {
		return err
	}
	if _, ok := info["ferretdbVersion"]; ok {
		s.serial.on = true
	}
	return nil
}

// lock holds the lock of a document until the returned func is called.
func (s *Store) lock(kind, id string) func() {
	if !s.serial.on {
		return func() {}
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(kind + "\x00" + id))
	m := &s.serial.locks[h.Sum32()%stripes]
	m.Lock()
	return m.Unlock
}
