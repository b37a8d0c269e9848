package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/store"
)

// FerretDB v1 finds, updates and deletes a document by _id with the SQL
// expression below; before the store indexed it, SQLite read the whole
// table for each (SCAN), so a page cost more with every seeker in the
// nation.
const ferretIDLookup = `EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM %q WHERE _ferretdb_sjson->'$._id' = ?`

func TestEmbeddedStoreFindsByIDThroughAnIndex(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir := t.TempDir()
	emb, err := store.StartEmbedded(ctx, dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer emb.Stop()
	st, err := store.Open(emb.URI(), "mypage")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())

	if err := st.EnsureIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	plans := func() map[string]string {
		db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "mypage.sqlite")+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rows, err := db.QueryContext(ctx, `SELECT name, table_name FROM _ferretdb_collections`)
		if err != nil {
			t.Fatal(err)
		}
		tables := map[string]string{}
		for rows.Next() {
			var name, table string
			if err := rows.Scan(&name, &table); err != nil {
				t.Fatal(err)
			}
			tables[name] = table
		}
		rows.Close()
		out := map[string]string{}
		for name, table := range tables {
			var id, parent, unused int
			var detail string
			if err := db.QueryRowContext(ctx, fmt.Sprintf(ferretIDLookup, table), `"x"`).Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			out[name] = detail
		}
		return out
	}

	before := plans()
	if len(before) < 18 {
		t.Fatalf("prepared store has %d collections, want every collection the store uses (18): %v", len(before), before)
	}
	if !strings.HasPrefix(before["sessions"], "SCAN") {
		t.Fatalf("without the index FerretDB's look-up by _id was expected to scan; plan: %s", before["sessions"])
	}

	if err := emb.IndexIDs(ctx, "mypage"); err != nil {
		t.Fatal(err)
	}
	if err := emb.IndexIDs(ctx, "mypage"); err != nil { // at every start: nothing to add the second time
		t.Fatal(err)
	}
	for name, plan := range plans() {
		if !strings.Contains(plan, "USING INDEX") || !strings.HasSuffix(strings.TrimSpace(plan), "(<expr>=?)") {
			t.Errorf("%s: a look-up by _id reads %q, want the _id index", name, plan)
		}
	}

	// FerretDB still finds, changes and deletes through the new index.
	sessions := st.Sessions()
	now := time.Now().UTC().Truncate(time.Millisecond)
	for i := range 50 {
		rec := auth.SessionRecord{ID: fmt.Sprintf("s%02d", i), PublicID: fmt.Sprintf("p%02d", i), SeekerID: "k", Via: "password",
			CreatedAt: now, LastSeenAt: now, IdleExpiresAt: now.Add(time.Hour), AbsoluteExpiresAt: now.Add(time.Hour)}
		if err := sessions.CreateSession(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := sessions.TouchSession(ctx, "s07", now.Add(time.Minute), now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := sessions.SessionByID(ctx, "s07")
	if err != nil || !got.IdleExpiresAt.Equal(now.Add(2*time.Hour)) {
		t.Fatalf("SessionByID after touch = %+v, %v", got, err)
	}
	if err := sessions.RemoveSession(ctx, "s07"); err != nil {
		t.Fatal(err)
	}
	if _, err := sessions.SessionByID(ctx, "s07"); err == nil {
		t.Fatal("a removed session is still found")
	}
	if _, err := sessions.SessionByID(ctx, "s08"); err != nil {
		t.Fatalf("another session: %v", err)
	}
}
