// Package storetest gives tests a real store: the embedded FerretDB, started
// once per test binary, or the MongoDB named by TEST_MONGODB_URI. Every test
// gets a database of its own, dropped when it ends.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/store"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

var (
	once     sync.Once
	uri      string
	embedded *store.Embedded // nil on TEST_MONGODB_URI
	initErr  error
)

// URI returns the connection string of the test store.
func URI(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		if v := os.Getenv("TEST_MONGODB_URI"); v != "" {
			uri = v
			return
		}
		dir, err := os.MkdirTemp("", "mypage-store-test-")
		if err != nil {
			initErr = err
			return
		}
		// The embedded store lives as long as the test binary.
		emb, err := store.StartEmbedded(context.Background(), dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			initErr = err
			return
		}
		uri, embedded = emb.URI(), emb
	})
	if initErr != nil {
		t.Fatalf("test store: %v", initErr)
	}
	return uri
}

// DBName returns a fresh database name.
func DBName() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "t" + hex.EncodeToString(b)
}

// New returns a store on a fresh database with its indexes.
func New(t testing.TB) *store.Store {
	t.Helper()
	return Open(t, URI(t), DBName())
}

// Open opens database name at uri with its indexes, and drops it at cleanup.
func Open(t testing.TB, uri, name string) *store.Store {
	t.Helper()
	st, err := store.Open(uri, name)
	if err != nil {
		t.Fatal(err)
	}
	return prepare(t, st)
}

// NewMonitored is New with a command monitor on the store's client, so a
// test can count the store's round trips.
func NewMonitored(t testing.TB, monitor *event.CommandMonitor) *store.Store {
	t.Helper()
	st, err := store.OpenWith(options.Client().ApplyURI(URI(t)).SetMonitor(monitor), DBName())
	if err != nil {
		t.Fatal(err)
	}
	return prepare(t, st)
}

// prepare readies the store as the server does (indexes, and serialized
// writes on FerretDB) and drops the database at cleanup.
func prepare(t testing.TB, st *store.Store) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := st.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	if embedded != nil { // a store elsewhere has no file here: nothing to do
		if err := embedded.IndexIDs(ctx, st.Database()); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = st.Drop(ctx)
		_ = st.Close(ctx)
	})
	return st
}
