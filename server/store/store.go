package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"
)

// ErrNotFound is returned when no document matches.
var ErrNotFound = errors.New("store: not found")

// ErrDuplicate is returned when a document with the same _id exists.
var ErrDuplicate = errors.New("store: duplicate")

// Store is My Page's database.
type Store struct {
	client       *mongo.Client
	db           *mongo.Database
	meta         *mongo.Collection
	offices      *mongo.Collection
	jobs         *mongo.Collection
	seekers      *mongo.Collection
	logins       *mongo.Collection
	sessions     *mongo.Collection
	throttle     *mongo.Collection
	applications *mongo.Collection
	messages     *mongo.Collection
	serial       serializer
}

// Open connects to uri and uses database name. It does not wait for the
// server: a store that is down now may come up later, and /readyz tells.
func Open(uri, name string) (*Store, error) {
	opts := options.Client().ApplyURI(uri).
		SetServerSelectionTimeout(3 * time.Second).
		SetConnectTimeout(3 * time.Second).
		SetAppName("mypage")
	return OpenWith(opts, name)
}

// OpenWith connects with the given client options (tests add a monitor).
func OpenWith(opts *options.ClientOptions, name string) (*Store, error) {
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	db := client.Database(name)
	return &Store{
		client:       client,
		db:           db,
		meta:         db.Collection(collMeta),
		offices:      db.Collection(collOffices),
		jobs:         db.Collection(collJobs),
		seekers:      db.Collection(collSeekers),
		logins:       db.Collection(collLogins),
		sessions:     db.Collection(collSessions),
		throttle:     db.Collection(collThrottle),
		applications: db.Collection(collApplications),
		messages:     db.Collection(collMessages),
	}, nil
}

// Database is the name of the store's database.
func (s *Store) Database() string { return s.db.Name() }

// Close disconnects.
func (s *Store) Close(ctx context.Context) error { return s.client.Disconnect(ctx) }

// Ping reports whether the store answers.
func (s *Store) Ping(ctx context.Context) error {
	return s.db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err()
}

// Drop removes the whole database (tests only).
func (s *Store) Drop(ctx context.Context) error { return s.db.Drop(ctx) }

// EnsureIndexes prepares the store at start: it creates the secondary
// indexes (they serve MongoDB; FerretDB v1 accepts them and scans anyway,
// which the design allows for), and on FerretDB it serializes writes.
func (s *Store) EnsureIndexes(ctx context.Context) error {
	if err := s.serializeOnFerretDB(ctx); err != nil {
		return fmt.Errorf("store: buildInfo: %w", err)
	}
	if err := s.createCollections(ctx); err != nil {
		return err
	}
	// The sweep's filters each have an index on MongoDB: seekers by their
	// stored due time, the rest by their expiry; a deletion removes a
	// seeker's documents by seekerID.
	want := map[*mongo.Collection][]string{
		s.seekers:                              {"deletionDueAt"},
		s.sessions:                             {"seekerID", "idleExpiresAt", "absoluteExpiresAt"},
		s.logins:                               {"seekerID"},
		s.links():                              {"seekerID"},
		s.jobs:                                 {"postedAt"},
		s.applications:                         {"seekerID"},
		s.messages:                             {"seekerID"},
		s.throttle:                             {"windowStart"},
		s.db.Collection(collOidcChallenges):    {"expiresAt"},
		s.db.Collection(collPendingIdentities): {"expiresAt"},
		s.endedSessions():                      {"expiresAt"},
	}
	for coll, fields := range want {
		for _, f := range fields {
			_, err := coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: f, Value: 1}}})
			if err != nil {
				return fmt.Errorf("store: index %s.%s: %w", coll.Name(), f, err)
			}
		}
	}
	return nil
}

// IsUnavailable reports whether err means the store could not be reached,
// as opposed to a bad request: pages answer 503 for these.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var sel topology.ServerSelectionError
	var conn topology.ConnectionError
	var wait topology.WaitQueueTimeoutError
	var retry interface{ Retryable() bool } // the pool cleared while the store restarts
	var srv mongo.ServerError
	return mongo.IsNetworkError(err) || mongo.IsTimeout(err) || errors.As(err, &sel) ||
		errors.As(err, &conn) || errors.As(err, &wait) || (errors.As(err, &retry) && retry.Retryable()) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || errors.Is(err, mongo.ErrClientDisconnected) ||
		(errors.As(err, &srv) && (srv.HasErrorLabel("RetryableWriteError") || slices.ContainsFunc(unavailableCodes, srv.HasErrorCode)))
}

// unavailableCodes are the server errors of a member that is shutting down
// or of a replica set between primaries: they pass by themselves.
var unavailableCodes = []int{
	91,    // ShutdownInProgress
	189,   // PrimarySteppedDown
	10107, // NotWritablePrimary
	11600, // InterruptedAtShutdown
	11602, // InterruptedDueToReplStateChange
	13435, // NotPrimaryNoSecondaryOk
	13436, // NotPrimaryOrSecondary
}

func findOne[T any](ctx context.Context, coll *mongo.Collection, filter any) (T, error) {
	var v T
	err := coll.FindOne(ctx, filter).Decode(&v)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return v, ErrNotFound
	}
	return v, err
}

func findAll[T any](ctx context.Context, coll *mongo.Collection, filter any, opts ...options.Lister[options.FindOptions]) ([]T, error) {
	cur, err := coll.Find(ctx, filter, opts...)
	if err != nil {
		return nil, err
	}
	var out []T
	if err := cur.All(ctx, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func insert(ctx context.Context, coll *mongo.Collection, doc any) error {
	_, err := coll.InsertOne(ctx, doc)
	if mongo.IsDuplicateKeyError(err) {
		return ErrDuplicate
	}
	return err
}
