package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	// The SQLite driver FerretDB itself uses: the embedded store's files
	// are opened beside it only to add the index below.
	_ "modernc.org/sqlite"
)

// FerretDB v1 keeps each collection in a SQLite table of JSON documents
// with a unique index on the expression _ferretdb_sjson->"_id", but it
// looks documents up by _id (a find, an update, a delete) with the
// expression _ferretdb_sjson->'$._id'. SQLite uses an index on an
// expression only for the same expression, so every look-up by _id read
// the whole table: about 1 s per find, update or delete in a table of
// 100,000 sessions, 3 s in one of 560,000 applications.
//
// IndexIDs gives every table of the embedded store an index on the
// expression FerretDB queries with, so a document is found by _id through
// an index, as on MongoDB. The index lives in the SQLite file beside
// FerretDB's own (FerretDB lists only the indexes of its metadata, so it
// neither sees nor drops this one; dropping a collection drops its table
// and the index with it). It is created once per table and kept; a table
// made later gets it at the next start, which is why the store creates
// every collection it uses when it is prepared (EnsureIndexes).
const idPathIndexSuffix = "__id_path"

// IndexIDs adds the _id look-up index to every collection table of the
// embedded store's database that lacks it (FerretDB keeps each database in
// a file of its own).
func (e *Embedded) IndexIDs(ctx context.Context, database string) error {
	f := filepath.Join(e.dir, database+".sqlite")
	if _, err := os.Stat(f); errors.Is(err, fs.ErrNotExist) {
		return nil // nothing written yet: no tables to index
	}
	if err := indexIDsIn(ctx, f); err != nil {
		return fmt.Errorf("embedded store: %s: %w", database, err)
	}
	return nil
}

func indexIDsIn(ctx context.Context, file string) (err error) {
	// FerretDB holds the same file open; wait for its writes rather than
	// fail on a busy database.
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	tables, err := collectionTables(ctx, db)
	if err != nil {
		return err
	}
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (_ferretdb_sjson->'$._id')`,
			quoteIdent(t+idPathIndexSuffix), quoteIdent(t))
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// collectionTables lists the tables FerretDB keeps collections in.
func collectionTables(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil, nil // a database FerretDB has not written to yet
		}
		return nil, err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return tables, rows.Err()
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// The collections of the store, each named once here.
const (
	collApplications         = "applications"
	collEndedSessions        = "ended_sessions"
	collJobs                 = "jobs"
	collLoginHistory         = "login_history"
	collLogins               = "logins"
	collMessages             = "messages"
	collMeta                 = "meta"
	collMynaportalLinks      = "mynaportal_links"
	collOffices              = "offices"
	collOidcChallenges       = "oidc_challenges"
	collOutbox               = "outbox"
	collPasswordResets       = "password_resets"
	collPendingIdentities    = "pending_identities"
	collPendingRegistrations = "pending_registrations"
	collSeekers              = "seekers"
	collSessions             = "sessions"
	collTestClocks           = "test_clocks"
	collThrottle             = "throttle"
)

// collectionNames are every collection the store uses. EnsureIndexes
// creates the missing ones, so the embedded store's tables all exist (and
// get their _id index) at start rather than at their first write.
var collectionNames = []string{collApplications, collEndedSessions, collJobs, collLoginHistory, collLogins, collMessages, collMeta, collMynaportalLinks, collOffices, collOidcChallenges, collOutbox, collPasswordResets, collPendingIdentities, collPendingRegistrations, collSeekers, collSessions, collTestClocks, collThrottle}

// createCollections creates the collections of collectionNames that do not
// exist yet; another server creating one at the same moment is no error.
func (s *Store) createCollections(ctx context.Context) error {
	have, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return err
	}
	for _, n := range collectionNames {
		if slices.Contains(have, n) {
			continue
		}
		if err := s.db.CreateCollection(ctx, n); err != nil {
			var ce mongo.CommandError
			if errors.As(err, &ce) && ce.Code == 48 { // NamespaceExists
				continue
			}
			return fmt.Errorf("store: create %s: %w", n, err)
		}
	}
	return nil
}
