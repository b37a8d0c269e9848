package store

import (
	"hash/fnv"
	"sync"
)

// FerretDB v1 runs an update as a query followed by a write by _id, so two
// guarded updates of one document at the same moment can both pass their
// guard. MongoDB applies each single-document update atomically. On the
// embedded store, which serves only this process, the store therefore runs
// the guarded changes of one document one at a time; on MongoDB it does not
// need to, and does not.

// stripes is how many locks the documents share.
const stripes = 256

type serializer struct {
	on    bool
	locks [stripes]sync.Mutex
}

// SerializeWrites makes the store run guarded changes of one document one at
// a time. Call it when the store is the embedded FerretDB.
func (s *Store) SerializeWrites() { s.serial.on = true }

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
