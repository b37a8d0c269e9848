// Package fault_test is the fault suite: the real server binary, run as
// child processes on loopback, with its store stopped and restarted, its
// processes killed in the middle of work, two of them sharing one store, and
// the same form sent twice. Every wait is bounded; every assertion is about
// what the seeker and the store see afterwards, never about timing.
package fault_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hellowork/mypage/internal/testkit"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

const (
	asuEmail        = "asu.yuki@example.jp"
	asuPassword     = "Asu-Yuki-2026"
	asuJobID        = "13010-28573041" // 介護福祉士, 応募中 in the demo data
	yamadaEmail     = "yamada.hanako@example.jp"
	yamadaPassword  = "Yamada-Hanako-2026"
	sessionSecret   = "fault-suite-session-secret-0123456789abcdef"
	msgStoreDown    = "ただいまシステムが一時的に利用できません"
	msgWithdrawDeny = "退会できません"
)

var (
	buildOnce sync.Once
	buildDir  string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		_ = os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// binary builds the server once per test binary.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if buildDir, buildErr = os.MkdirTemp("", "mypage-fault-"); buildErr != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		binPath = filepath.Join(buildDir, "mypage")
		// Without symbols: the link is the slow part of the build.
		cmd := exec.CommandContext(ctx, "go", "build", "-ldflags=-s -w", "-o", binPath, "./server")
		cmd.Dir = filepath.Join("..", "..")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./server: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// testStore is the MongoDB the servers share: a FerretDB this process runs,
// so it can be stopped and started again on the same address and files, or
// the MongoDB of TEST_MONGODB_URI.
type testStore struct {
	uri, addr, dir string
	emb            *store.Embedded
}

func newStore(t *testing.T) *testStore {
	t.Helper()
	if uri := os.Getenv("TEST_MONGODB_URI"); uri != "" {
		return &testStore{uri: uri}
	}
	return newStoreIn(t, t.TempDir())
}

// newStoreIn is an embedded store of the test's own with its files in dir.
func newStoreIn(t *testing.T, dir string) *testStore {
	t.Helper()
	s := &testStore{dir: dir}
	// A free port can be taken by another process before the store binds it.
	for attempt := 0; ; attempt++ {
		s.addr = freeAddr(t)
		err := s.tryStart()
		if err == nil {
			break
		}
		if attempt == 4 || !strings.Contains(err.Error(), "address already in use") {
			t.Fatal(err)
		}
	}
	t.Cleanup(s.stop)
	return s
}

// external reports whether the store is one this process does not control.
func (s *testStore) external() bool { return s.dir == "" }

// startMu: ferretdb.New writes package state, so stores start one at a time.
var startMu sync.Mutex

func (s *testStore) start(t *testing.T) {
	t.Helper()
	if err := s.tryStart(); err != nil {
		t.Fatal(err)
	}
}

func (s *testStore) tryStart() error {
	startMu.Lock()
	defer startMu.Unlock()
	emb, err := store.StartEmbeddedAt(context.Background(), s.dir, s.addr, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	s.emb, s.uri = emb, emb.URI()
	return nil
}

func (s *testStore) stop() {
	if s.emb != nil {
		s.emb.Stop()
		s.emb = nil
	}
}

// open opens database db from the test, to read what the servers wrote, and
// drops it at the end.
func (s *testStore) open(t *testing.T, db string) *store.Store {
	t.Helper()
	st, err := store.Open(s.uri, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if s.external() || s.emb != nil {
			_ = st.Drop(ctx)
		}
		_ = st.Close(ctx)
	})
	return st
}

// raw is the database db through the driver itself, for counting documents
// of every collection.
func (s *testStore) raw(t *testing.T, db string) *mongo.Database {
	t.Helper()
	client, err := mongo.Connect(options.Client().ApplyURI(s.uri).SetServerSelectionTimeout(5 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = client.Disconnect(ctx)
	})
	return client.Database(db)
}

// newDB is a store of the test's own, a database of its own in it, and that
// database opened (and dropped at the end).
func newDB(t *testing.T) (*testStore, string, *store.Store) {
	t.Helper()
	ts := newStore(t)
	db := dbName()
	return ts, db, ts.open(t, db)
}

func dbName() string { return "fault" + randHex(5) }

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// proc is a server process.
type proc struct {
	URL  string
	addr string
	env  []string
	args []string
	cmd  *exec.Cmd
	logs *testkit.SyncBuffer
	done chan struct{}
}

type serverOptions struct {
	store *testStore
	db    string
	addr  string // empty: a free port
	args  []string
}

// childEnv is this process's environment without any of the program's
// settings, plus the given ones.
func childEnv(settings ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "MYPAGE_") || strings.HasPrefix(name, "MONGODB_") ||
			strings.HasPrefix(name, "OIDC_") || strings.HasPrefix(name, "MYNAPORTAL_") {
			continue
		}
		env = append(env, kv)
	}
	for i := 0; i+1 < len(settings); i += 2 {
		env = append(env, settings[i]+"="+settings[i+1])
	}
	return env
}

// startServer runs the server binary and waits until /readyz answers 200.
func startServer(t *testing.T, o serverOptions) *proc {
	t.Helper()
	addr := o.addr
	if addr == "" {
		addr = freeAddr(t)
	}
	p := &proc{URL: "http://" + addr, addr: addr, args: o.args, env: childEnv(
		"MYPAGE_ADDR", addr,
		"MYPAGE_PUBLIC_URL", "http://"+addr,
		"MYNAPORTAL_ADDR", "127.0.0.1:0",
		"MYPAGE_DATA_DIR", t.TempDir(),
		"MYPAGE_SESSION_SECRET", sessionSecret,
		"MONGODB_URI", o.store.uri,
		"MONGODB_DATABASE", o.db,
		// Registrations say which client they come from (see register).
		"MYPAGE_TRUSTED_PROXIES", "127.0.0.1/32",
	)}
	p.run(t)
	return p
}

// run starts the process; a server (no arguments) is waited for until ready,
// a command is not.
func (p *proc) run(t *testing.T) {
	t.Helper()
	p.logs = &testkit.SyncBuffer{}
	p.done = make(chan struct{})
	p.cmd = exec.Command(binary(t), p.args...)
	p.cmd.Env = p.env
	p.cmd.Stdout = p.logs
	p.cmd.Stderr = p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := p.done
	cmd := p.cmd
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	logs := p.logs
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Errorf("server pid %d did not exit after SIGKILL", cmd.Process.Pid)
		}
		if t.Failed() {
			t.Logf("process %s pid %d: errors logged:\n%s\noutput (tail):\n%s", p.addr, cmd.Process.Pid,
				errorLines(logs.String()), tail(logs.String(), 20))
		}
	})
	if len(p.args) == 0 {
		p.waitReady(t)
	}
}

// restart runs the same server again, on the same address and store.
func (p *proc) restart(t *testing.T) {
	t.Helper()
	p.run(t)
}

func (p *proc) waitReady(t *testing.T) {
	t.Helper()
	c := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(45 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			t.Fatalf("server exited before it was ready:\n%s", tail(p.logs.String(), 40))
		default:
		}
		if res, err := c.Get(p.URL + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server not ready within 45s:\n%s", tail(p.logs.String(), 40))
}

// kill sends SIGKILL and waits until the process is gone.
func (p *proc) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		t.Fatal("server did not exit after SIGKILL")
	}
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// browser is one HTTP client with its cookies; redirects are not followed,
// so each answer can be checked.
type browser struct{ *testkit.Browser }

type answer = testkit.Response

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	b := testkit.NewBrowser(base)
	b.Client.Timeout = 20 * time.Second
	return &browser{b}
}

// on is a browser for another server holding the same session cookie.
func (b *browser) on(t *testing.T, base string) *browser {
	t.Helper()
	o := newBrowser(t, base)
	if c := b.cookie(); c != nil {
		o.Client.Jar.SetCookies(mustURL(t, base), []*http.Cookie{{Name: c.Name, Value: c.Value, Path: "/"}})
	}
	return o
}

func (b *browser) cookie() *http.Cookie { return b.Cookie("mypage_session") }

func (b *browser) do(method, path string, form url.Values) (answer, error) {
	return b.Do(method, path, form)
}

// registerConfirmed asks for a My Page, each time from another client
// address (through the trusted proxy), so the per-address throttle does not
// count the suite's registrations together, and follows the link of the
// 仮登録 mail, read from the outbox. It returns the answer to the
// confirmation (303 /mypage), or the refused request's.
func registerConfirmed(b *browser, st *store.Store, form url.Values) (answer, error) {
	res, err := b.Do(http.MethodPost, "/register", form, "X-Forwarded-For", "198.51.100."+randDigits())
	if err != nil {
		return answer{}, err
	}
	if res.Status != http.StatusSeeOther || res.Location != "/register/sent" {
		return res, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	mails, err := st.RecentMails(ctx, 100)
	if err != nil {
		return answer{}, err
	}
	for _, m := range mails {
		if m.To != domain.NormalizeEmail(form.Get("email")) {
			continue
		}
		i := strings.Index(m.Body, "/register/confirm?token=")
		if i < 0 {
			break
		}
		token := strings.Fields(m.Body[i+len("/register/confirm?token="):])[0]
		return b.do(http.MethodPost, "/register/confirm", url.Values{"token": {token}})
	}
	return answer{}, fmt.Errorf("no 仮登録 mail to %s", form.Get("email"))
}

func (b *browser) get(t *testing.T, path string) answer {
	t.Helper()
	a, err := b.do(http.MethodGet, path, nil)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return a
}

func (b *browser) post(t *testing.T, path string, form url.Values) answer {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	a, err := b.do(http.MethodPost, path, form)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	return a
}

func (b *browser) signIn(t *testing.T, email, password string) {
	t.Helper()
	a := b.post(t, "/login", url.Values{"email": {email}, "password": {password}})
	if a.Status != http.StatusSeeOther || a.Location != "/mypage" {
		t.Fatalf("sign-in of %s: %d %q\n%s", email, a.Status, a.Location, excerpt(a.Body))
	}
}

var jobLink = regexp.MustCompile(`href="/jobs/([0-9]{5}-[0-9]+)"`)

// jobIDs returns the jobs of the search page, except the ones in skip.
func jobIDs(t *testing.T, b *browser, skip ...string) []string {
	t.Helper()
	a := b.get(t, "/jobs")
	if a.Status != http.StatusOK {
		t.Fatalf("GET /jobs: %d", a.Status)
	}
	seen := map[string]bool{}
	for _, s := range skip {
		seen[s] = true
	}
	var ids []string
	for _, m := range jobLink.FindAllStringSubmatch(a.Body, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			ids = append(ids, m[1])
		}
	}
	if len(ids) < 8 {
		t.Fatalf("only %d jobs on /jobs", len(ids))
	}
	return ids
}

var cancelForm = regexp.MustCompile(`action="/mypage/applications/([^"/]+)/cancel"`)

// inProgress reads 求職活動状況: the application IDs listed 応募中, and the
// page itself.
func inProgress(t *testing.T, b *browser) ([]string, string) {
	t.Helper()
	a := b.get(t, "/mypage/activity")
	if a.Status != http.StatusOK {
		t.Fatalf("GET /mypage/activity: %d %q", a.Status, a.Location)
	}
	var ids []string
	for _, m := range cancelForm.FindAllStringSubmatch(a.Body, -1) {
		ids = append(ids, m[1])
	}
	if rows := strings.Count(a.Body, `data-label="状況">応募中</td>`); rows != len(ids) {
		t.Fatalf("求職活動状況 lists %d rows 応募中 but %d 応募取消 buttons", rows, len(ids))
	}
	return ids, a.Body
}

func seekerOf(t *testing.T, st *store.Store, email string) domain.Seeker {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	login, err := st.LoginByEmail(ctx, email)
	if err != nil {
		t.Fatalf("login of %s: %v", email, err)
	}
	sk, err := st.SeekerByID(ctx, login.SeekerID)
	if err != nil {
		t.Fatalf("seeker of %s: %v", email, err)
	}
	return sk
}

func expect(t *testing.T, what string, a answer, status int, location string) {
	t.Helper()
	if a.Status != status || (location != "" && a.Location != location) {
		t.Fatalf("%s: got %d %q, want %d %q\n%s", what, a.Status, a.Location, status, location, excerpt(a.Body))
	}
}

// eventually polls f until it is true or the deadline passes.
func eventually(t *testing.T, within time.Duration, what string, f func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !f() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func excerpt(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 600 {
		body = body[:600] + "…"
	}
	return body
}

// errorLines are the lines of a server's log at level ERROR.
func errorLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, `"level":"ERROR"`) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func tail(s string, lines int) string {
	all := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// randDigits is a random last octet, 1 to 250.
func randDigits() string {
	b := make([]byte, 1)
	_, _ = rand.Read(b)
	return fmt.Sprint(int(b[0])%250 + 1)
}
