package web_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/fill"
	"github.com/hellowork/mypage/server/store/storetest"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// TestPagesExamineNoMoreDocumentsWithMoreSeekers opens each signed-in page
// and action of one seeker in a store holding that seeker alone, then again
// after hundreds of other seekers with their applications, messages and
// sessions joined it, and asks the store, through explain, how many
// documents each command the page sent had to examine: the numbers must be
// the same. FerretDB's explain says whether SQLite got the filter (then the
// _id index finds at most one document) or FerretDB reads the collection
// (then it examines every document); MongoDB's says totalDocsExamined.
func TestPagesExamineNoMoreDocumentsWithMoreSeekers(t *testing.T) {
	var recording atomic.Bool
	var mu sync.Mutex
	var sent []sentCommand
	monitor := &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		if recording.Load() {
			mu.Lock()
			sent = append(sent, sentCommand{db: e.DatabaseName, name: e.CommandName, cmd: append(bson.Raw(nil), e.Command...)})
			mu.Unlock()
		}
	}}
	st := storetest.NewMonitored(t, monitor)
	ctx := context.Background()
	hash, err := hasher.Hash(ctx, fill.Password)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	a := startApp(t, st)
	client, err := mongo.Connect(options.Client().ApplyURI(storetest.URI(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(ctx)

	measure := func(round int) map[string]int64 {
		b := newBrowser(t, a)
		pages := []struct {
			name string
			do   func() response
			want int
		}{
			{"sign-in", func() response {
				return b.post("/login", url.Values{"email": {fill.Email(0)}, "password": {fill.Password}})
			}, http.StatusSeeOther},
			{"home", func() response { return b.get("/mypage") }, http.StatusOK},
			{"tab", func() response { return b.get("/mypage/settings/basic", "HX-Request", "true") }, http.StatusOK},
			{"求職活動状況", func() response { return b.get("/mypage/activity") }, http.StatusOK},
			{"messages", func() response { return b.get("/mypage/messages") }, http.StatusOK},
			{"ログイン中の端末", func() response { return b.get("/mypage/sessions") }, http.StatusOK},
			{"apply", func() response {
				return b.post("/jobs/"+[]string{"13010-28963521", "13010-28573041"}[round]+"/apply", url.Values{})
			}, http.StatusSeeOther},
			{"cancel", func() response {
				return b.post("/mypage/applications/"+fill.ID(0)+[]string{"-a00", "-a03"}[round]+"/cancel", url.Values{})
			}, http.StatusSeeOther},
		}
		out := map[string]int64{}
		for _, p := range pages {
			mu.Lock()
			sent = nil
			mu.Unlock()
			recording.Store(true)
			r := p.do()
			recording.Store(false)
			expectStatus(t, r, p.want)
			mu.Lock()
			cmds := sent
			mu.Unlock()
			var total int64
			for _, c := range cmds {
				n, what := examined(t, client, c)
				if what != "" {
					t.Logf("round %d, %s: %s examined %d", round, p.name, what, n)
				}
				total += n
			}
			out[p.name] = total
		}
		return out
	}

	// The first home of a server reads the newest jobs once; not measured.
	warm := newBrowser(t, a)
	expectStatus(t, warm.signIn(demoEmail, demoPassword), http.StatusSeeOther)
	expectStatus(t, warm.get("/mypage"), http.StatusOK)
	if _, err := fill.Fill(ctx, st, fill.Options{Seekers: 1, Seed: 1, Now: now, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	// A first sign-in opens the seeker's ログイン履歴; measured sign-ins add to it.
	expectStatus(t, newBrowser(t, a).post("/login", url.Values{"email": {fill.Email(0)}, "password": {fill.Password}}), http.StatusSeeOther)
	alone := measure(0)
	if _, err := fill.Fill(ctx, st, fill.Options{Seekers: 400, Seed: 1, Now: now, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	crowded := measure(1)
	// Between the rounds the seeker applied once and signed in once more:
	// 求職活動状況 has one application more to read, ログイン中の端末 one
	// session more. Nothing else may change.
	own := map[string]int64{"求職活動状況": 1, "ログイン中の端末": 1}
	for page, n := range alone {
		t.Logf("%s: %d documents examined alone, %d among 400 seekers", page, n, crowded[page])
		if crowded[page] != n+own[page] {
			t.Errorf("%s examined %d documents with 400 seekers in the store, %d with one (the seeker's own growth: %d)", page, crowded[page], n, own[page])
		}
	}
}

type sentCommand struct {
	db, name string
	cmd      bson.Raw
}

// examined asks the store how many documents c examines, with c's filter
// explained as a find (FerretDB v1 and MongoDB read the documents of an
// update, a delete and a findAndModify as the find of its filter does).
func examined(t *testing.T, client *mongo.Client, c sentCommand) (int64, string) {
	t.Helper()
	var coll string
	var explain bson.D
	lookup := func(path ...string) bson.RawValue { return c.cmd.Lookup(path...) }
	switch c.name {
	case "find", "aggregate":
		coll = lookup(c.name).StringValue()
		explain = bson.D{}
		elems, _ := c.cmd.Elements()
		for _, e := range elems {
			switch e.Key() {
			case "find", "aggregate", "filter", "pipeline", "sort", "projection", "cursor":
				explain = append(explain, bson.E{Key: e.Key(), Value: e.Value()})
			}
		}
	case "update", "delete", "findAndModify":
		coll = lookup(c.name).StringValue()
		var q bson.RawValue
		switch c.name {
		case "update":
			q = lookup("updates", "0", "q")
		case "delete":
			q = lookup("deletes", "0", "q")
		default:
			q = lookup("query")
		}
		explain = bson.D{{Key: "find", Value: coll}, {Key: "filter", Value: q}}
	default:
		return 0, "" // inserts, cursors, handshakes: no search
	}
	db := client.Database(c.db)
	var res bson.Raw
	if err := db.RunCommand(context.Background(), bson.D{{Key: "explain", Value: explain}, {Key: "verbosity", Value: "executionStats"}}).Decode(&res); err != nil {
		t.Fatalf("explain %s: %v", c.cmd, err)
	}
	what := c.name + " " + coll
	if os.Getenv("TEST_MONGODB_URI") != "" {
		n, _ := res.Lookup("executionStats", "totalDocsExamined").AsInt64OK()
		return n, what
	}
	if pushed, _ := res.Lookup("filterPushdown").BooleanOK(); pushed {
		return 1, what + " (by _id)"
	}
	n, err := db.Collection(coll).EstimatedDocumentCount(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n, what + " (reads the collection)"
}
