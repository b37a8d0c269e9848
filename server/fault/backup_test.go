package fault_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestFaultBackupWhileServing backs the embedded store up while a server
// writes to it without pause (registrations, each followed by an
// application), restores the backup into an empty data directory, and
// checks that everything acknowledged before the backup began is there,
// that nothing is there by half (a login without its seeker, an application
// without its seeker), and that a server started on the restored directory
// serves it to a session opened before the backup. A damaged file and a
// data directory that is not empty are refused and leave nothing behind.
func TestFaultBackupWhileServing(t *testing.T) {
	if testing.Short() {
		t.Skip("fault suite")
	}
	if os.Getenv("TEST_MONGODB_URI") != "" {
		t.Skip("backup copies the embedded store; MongoDB has its own tools")
	}
	live := filepath.Join(t.TempDir(), "data")
	ts := newStoreIn(t, filepath.Join(live, "ferretdb"))
	db := dbName()
	st := ts.open(t, db)
	srv := startServer(t, serverOptions{store: ts, db: db})
	jobs := jobIDs(t, newBrowser(t, srv.URL))

	type acked struct {
		email string
		at    time.Time
		b     *browser
	}
	var (
		mu           sync.Mutex
		registered   []acked
		applied      = map[string]time.Time{} // email → when its application was acknowledged
		stop         atomic.Bool
		wg           sync.WaitGroup
		writeFailure atomic.Value
	)
	for g := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				email := fmt.Sprintf("backup-%d-%d-%s@example.jp", g, i, randHex(3))
				b := newBrowser(t, srv.URL)
				a, err := registerConfirmed(b, st, url.Values{"email": {email}, "password": {"Backup-Suite-2026"},
					"name": {"控え 試験"}, "birthdate": {"1988-05-06"}, "agree": {"on"}})
				if err != nil || a.Status != http.StatusSeeOther || a.Location != "/mypage" {
					writeFailure.Store(fmt.Sprintf("register %s: %v %d %q", email, err, a.Status, a.Location))
					return
				}
				mu.Lock()
				registered = append(registered, acked{email, time.Now(), b})
				mu.Unlock()
				job := jobs[(g*7+i)%len(jobs)]
				a, err = b.do(http.MethodPost, "/jobs/"+job+"/apply", url.Values{"motivation": {"バックアップ中の応募です。"}, "confirm": {"1"}})
				if err != nil || a.Status != http.StatusSeeOther {
					writeFailure.Store(fmt.Sprintf("apply %s as %s: %v %d %q", job, email, err, a.Status, a.Location))
					return
				}
				mu.Lock()
				applied[email] = time.Now()
				mu.Unlock()
			}
		}()
	}
	stopWriters := func() {
		stop.Store(true)
		wg.Wait()
		if f := writeFailure.Load(); f != nil {
			t.Fatalf("a write failed while the store was being backed up: %v", f)
		}
	}
	defer stopWriters()

	// Let the stream run, then back up in the middle of it.
	eventually(t, 60*time.Second, "ten registrations before the backup", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(registered) >= 10
	})
	file := filepath.Join(t.TempDir(), "mypage.backup")
	began := time.Now()
	out := command(t, "backup", file, "MYPAGE_DATA_DIR", live, "MONGODB_DATABASE", db)
	if !strings.Contains(out, "backup of database "+db) {
		t.Fatalf("backup said:\n%s", out)
	}
	// Writes go on after the backup too: they must not be in it, and must
	// not have been held up by it.
	time.Sleep(500 * time.Millisecond)
	stopWriters()
	mu.Lock()
	var before []acked
	for _, r := range registered {
		if r.at.Before(began) {
			before = append(before, r)
		}
	}
	appliedBefore := map[string]bool{}
	for e, at := range applied {
		appliedBefore[e] = at.Before(began)
	}
	total := len(registered)
	mu.Unlock()
	t.Logf("%d registrations in all, %d acknowledged before the backup began", total, len(before))

	// A damaged copy is refused and leaves the directory empty.
	damaged := filepath.Join(t.TempDir(), "damaged.backup")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x5a
	if err := os.WriteFile(damaged, b, 0o600); err != nil {
		t.Fatal(err)
	}
	refusedDir := filepath.Join(t.TempDir(), "refused")
	if out, ok := tryCommand(t, "restore", damaged, "MYPAGE_DATA_DIR", refusedDir, "MONGODB_DATABASE", db); ok || !strings.Contains(out, "damaged") {
		t.Fatalf("restore of a damaged file: ok=%v\n%s", ok, out)
	}
	if entries, _ := os.ReadDir(refusedDir); len(entries) != 0 {
		t.Fatalf("a refused restore left %d entries in the data directory", len(entries))
	}
	// A directory that holds something is refused.
	if out, ok := tryCommand(t, "restore", file, "MYPAGE_DATA_DIR", live, "MONGODB_DATABASE", db); ok || !strings.Contains(out, "not empty") {
		t.Fatalf("restore into a data directory in use: ok=%v\n%s", ok, out)
	}

	restored := filepath.Join(t.TempDir(), "restored")
	out = command(t, "restore", file, "MYPAGE_DATA_DIR", restored, "MONGODB_DATABASE", db)
	if !strings.Contains(out, "restored database "+db) {
		t.Fatalf("restore said:\n%s", out)
	}

	// What the restored store holds, read through a store of the test's own.
	rs := newStoreIn(t, filepath.Join(restored, "ferretdb"))
	rst := rs.open(t, db)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for _, r := range before {
		sk := seekerOf(t, rst, r.email)
		apps, err := rst.ApplicationsOfSeeker(ctx, sk.ID)
		if err != nil {
			t.Fatal(err)
		}
		if appliedBefore[r.email] && len(apps) != 1 {
			t.Errorf("%s applied before the backup began, but the restored store has %d applications", r.email, len(apps))
		}
	}
	raw := rs.raw(t, db)
	logins, err := raw.Collection("logins").Find(ctx, map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	var ls []struct {
		ID       string `bson:"_id"`
		SeekerID string `bson:"seekerID"`
	}
	if err := logins.All(ctx, &ls); err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if _, err := rst.SeekerByID(ctx, l.SeekerID); err != nil {
			t.Errorf("login %s in the backup has no seeker %s: %v", l.ID, l.SeekerID, err)
		}
	}
	apps, err := raw.Collection("applications").Find(ctx, map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	var as []struct {
		ID       string `bson:"_id"`
		SeekerID string `bson:"seekerID"`
	}
	if err := apps.All(ctx, &as); err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if _, err := rst.SeekerByID(ctx, a.SeekerID); err != nil {
			t.Errorf("application %s in the backup has no seeker %s: %v", a.ID, a.SeekerID, err)
		}
	}
	if len(ls) < len(before) {
		t.Errorf("the backup holds %d logins; %d were acknowledged before it began", len(ls), len(before))
	}
	rs.stop()

	// A server on the restored directory serves a session opened before
	// the backup.
	addr := freeAddr(t)
	p := &proc{URL: "http://" + addr, addr: addr, env: childEnv(
		"MYPAGE_ADDR", addr,
		"MYPAGE_PUBLIC_URL", "http://"+addr,
		"MYNAPORTAL_ADDR", "127.0.0.1:0",
		"MYPAGE_DATA_DIR", restored,
		"MYPAGE_SESSION_SECRET", sessionSecret,
		"MONGODB_DATABASE", db,
	)}
	p.run(t)
	first := before[0]
	home := first.b.on(t, p.URL).get(t, "/mypage")
	if home.Status != http.StatusOK || !strings.Contains(home.Body, "控え 試験") {
		t.Fatalf("the restored server's home for %s: %d %q\n%s", first.email, home.Status, home.Location, excerpt(home.Body))
	}
}

// command runs the server binary with a command and settings, and fails the
// test unless it succeeds.
func command(t *testing.T, verb, file string, settings ...string) string {
	t.Helper()
	out, ok := tryCommand(t, verb, file, settings...)
	if !ok {
		t.Fatalf("%s %s failed:\n%s", verb, file, out)
	}
	return out
}

func tryCommand(t *testing.T, verb, file string, settings ...string) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary(t), verb, file)
	cmd.Env = childEnv(append([]string{"MYPAGE_SESSION_SECRET", sessionSecret}, settings...)...)
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}
