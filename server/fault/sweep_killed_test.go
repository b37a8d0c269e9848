package fault_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// TestFaultKilledRetentionSweepIsFinishedByTheNext kills `mypage retention
// run` while it deletes many due seekers, runs it again, and checks that
// nothing of the due seekers remains and nothing of anyone else was touched.
func TestFaultKilledRetentionSweepIsFinishedByTheNext(t *testing.T) {
	t.Parallel()
	ts, db, st := newDB(t)
	raw := ts.raw(t, db)
	srv := startServer(t, serverOptions{store: ts, db: db}) // seeds the demo data
	srv.kill(t)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	now := time.Now()
	due := map[string]bool{}
	var keep []string
	add := func(id string, validUntil time.Time) {
		sk := domain.Seeker{ID: id, Email: id + "@example.jp", Name: "保存 試験", Birthdate: "1980-01-01",
			RegistrationType: domain.RegisteredOnline, RegisteredAt: validUntil.AddDate(0, -2, 0), ValidUntil: validUntil}
		if err := st.CreateSeeker(ctx, sk, "not-a-hash"); err != nil {
			t.Fatal(err)
		}
		a := domain.Application{ID: id + "-a", SeekerID: id, JobID: "13060-29031741", JobTitle: "プログラマー", AppliedAt: sk.RegisteredAt}
		if err := st.Apply(ctx, id, validUntil, validUntil, a); err != nil {
			t.Fatal(err)
		}
		if err := st.Sessions().CreateSession(ctx, auth.SessionRecord{ID: id + "-s", SeekerID: id, Via: auth.ViaPassword,
			CreatedAt: now, LastSeenAt: now, IdleExpiresAt: now.Add(time.Hour), AbsoluteExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Collection("messages").InsertOne(ctx, domain.Message{ID: id + "-m", SeekerID: id, From: "飯田橋公共職業安定所",
			Subject: "お知らせ", Body: "保存期間の試験", SentAt: sk.RegisteredAt}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 60 {
		id := fmt.Sprintf("due-%03d", i)
		add(id, now.AddDate(-6, 0, 0)) // 無効 for six years
		due[id] = true
	}
	for i := range 10 {
		id := fmt.Sprintf("keep-%02d", i)
		add(id, now.AddDate(-4, 0, 0)) // 無効 for four years: not yet
		keep = append(keep, id)
	}
	collections := []string{"seekers", "logins", "sessions", "applications", "messages", "mynaportal_links"}
	before := countOthers(t, ctx, raw, collections, due)

	sweep := &proc{args: []string{"retention", "run"}, env: childEnv(
		"MYPAGE_DATA_DIR", t.TempDir(), "MONGODB_URI", ts.uri, "MONGODB_DATABASE", db,
		"MYPAGE_SESSION_SECRET", sessionSecret)}
	sweep.run(t)
	remaining := func() int {
		n, err := raw.Collection("seekers").CountDocuments(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$regex", Value: "^due-"}}}})
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	eventually(t, 30*time.Second, "the first sweep deleting", func() bool { return remaining() < len(due) || sweep.exited() })
	if sweep.exited() {
		t.Log("the first sweep got to the end before SIGKILL; the second then has nothing to finish")
	} else {
		sweep.kill(t)
	}
	t.Logf("killed the first sweep with %d of %d due seekers left", remaining(), len(due))
	// Half-way, a seeker the sweep had begun on is already invisible.
	seekers, err := st.AllSeekers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sk := range seekers {
		if !sk.Deleting {
			continue
		}
		if !due[sk.ID] {
			t.Errorf("seeker %s marked for deletion but not due", sk.ID)
		}
		if _, err := st.SeekerByID(ctx, sk.ID); err != store.ErrNotFound {
			t.Errorf("seeker %s, marked by the killed sweep, is visible: %v", sk.ID, err)
		}
	}

	again := &proc{args: sweep.args, env: sweep.env}
	again.run(t)
	select {
	case <-again.done:
	case <-time.After(30 * time.Second):
		t.Fatal("the second sweep did not finish within 30s")
	}
	if !again.cmd.ProcessState.Success() || !strings.Contains(again.logs.String(), "retention sweep at ") {
		t.Fatalf("second sweep: %v\n%s", again.cmd.ProcessState, again.logs.String())
	}
	for _, c := range collections {
		field := "seekerID"
		if c == "seekers" {
			field = "_id"
		}
		n, err := raw.Collection(c).CountDocuments(ctx, bson.D{{Key: field, Value: bson.D{{Key: "$regex", Value: "^due-"}}}})
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d documents of due seekers left in %s", n, c)
		}
	}
	for id := range due {
		if _, err := st.LoginByEmail(ctx, id+"@example.jp"); err != store.ErrNotFound {
			t.Errorf("login of %s: %v", id, err)
		}
	}
	after := countOthers(t, ctx, raw, collections, due)
	for c, n := range before {
		if after[c] != n {
			t.Errorf("%s: %d documents of other seekers before the sweeps, %d after", c, n, after[c])
		}
	}
	for _, id := range keep {
		if _, err := st.SeekerByID(ctx, id); err != nil {
			t.Errorf("seeker %s not due: %v", id, err)
		}
	}
	for _, email := range []string{asuEmail, yamadaEmail} {
		seekerOf(t, st, email)
	}
}

// countOthers counts, per collection, the documents that do not belong to a
// due seeker.
func countOthers(t *testing.T, ctx context.Context, raw *mongo.Database, collections []string, due map[string]bool) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, c := range collections {
		cur, err := raw.Collection(c).Find(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		var docs []bson.M
		if err := cur.All(ctx, &docs); err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			owner, _ := d["seekerID"].(string)
			if c == "seekers" {
				owner, _ = d["_id"].(string)
			}
			if !due[owner] {
				out[c]++
			}
		}
	}
	return out
}
