package search_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/jobgen"
	"github.com/hellowork/mypage/server/search"
	"github.com/hellowork/mypage/server/store/storetest"
	"go.mongodb.org/mongo-driver/v2/event"
)

// On the real store, counting its round trips: a start with a fresh index
// file asks the store for the postings' version (one find by _id in meta)
// and reads no posting; after `jobs import` the file is stale and the
// next start reads them all and rewrites it.
func TestIndexFileSparesTheStore(t *testing.T) {
	var mu sync.Mutex
	finds := map[string]int{} // collection → find commands
	monitor := &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		if e.CommandName != "find" {
			return
		}
		coll, _ := e.Command.Lookup("find").StringValueOK()
		mu.Lock()
		finds[coll]++
		mu.Unlock()
	}}
	st := storetest.NewMonitored(t, monitor)
	ctx := context.Background()
	now := time.Now()
	if _, err := st.ImportJobs(ctx, jobgen.Generate(300, 3, now), nil); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "search")
	start := func() *search.Index {
		t.Helper()
		mu.Lock()
		clear(finds)
		mu.Unlock()
		x, err := search.NewHolder(st, nil).KeepIn(dir).Index(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	counts := func() (meta, jobs int) {
		mu.Lock()
		defer mu.Unlock()
		return finds["meta"], finds["jobs"]
	}

	// Missing: built from the store, written.
	if x := start(); x.Len() != 300 {
		t.Fatalf("%d postings", x.Len())
	}
	if _, jobs := counts(); jobs == 0 {
		t.Fatal("the first start read no posting")
	}
	if _, err := os.Stat(filepath.Join(dir, search.FileName)); err != nil {
		t.Fatal(err)
	}

	// Fresh: one look at the version, no posting read.
	if x := start(); x.Len() != 300 {
		t.Fatalf("%d postings", x.Len())
	}
	if meta, jobs := counts(); meta != 1 || jobs != 0 {
		t.Fatalf("a start with a fresh file sent %d finds to meta and %d to jobs", meta, jobs)
	}

	// Stale: an import changes the postings; the next start reads them.
	more := jobgen.Generate(310, 4, now)[300:]
	for i := range more {
		more[i].ID = "99999-" + more[i].ID[6:]
	}
	if _, err := st.ImportJobs(ctx, more, nil); err != nil {
		t.Fatal(err)
	}
	x := start()
	if x.Len() != 310 {
		t.Fatalf("after the import: %d postings", x.Len())
	}
	if _, jobs := counts(); jobs == 0 {
		t.Fatal("a stale file was used")
	}
	if r := x.Search(search.Query{Words: search.Words(more[0].ID)}); r.Total != 1 {
		t.Errorf("the imported posting is not found: %d", r.Total)
	}
	// And that start's file serves the one after.
	if x := start(); x.Len() != 310 {
		t.Fatalf("%d postings", x.Len())
	}
	if _, jobs := counts(); jobs != 0 {
		t.Fatalf("%d finds to jobs with a fresh file", jobs)
	}
}
