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
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
	"go.mongodb.org/mongo-driver/v2/bson"
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
	s := &testStore{dir: t.TempDir()}
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
	logs *syncBuffer
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
	p.logs = &syncBuffer{}
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
type browser struct {
	base string
	c    *http.Client
}

type answer struct {
	Status   int
	Location string
	Body     string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &browser{base: base, c: &http.Client{
		Jar:           jar,
		Timeout:       20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// on is a browser for another server holding the same session cookie.
func (b *browser) on(t *testing.T, base string) *browser {
	t.Helper()
	o := newBrowser(t, base)
	if c := b.cookie(); c != nil {
		o.c.Jar.SetCookies(mustURL(t, base), []*http.Cookie{{Name: c.Name, Value: c.Value, Path: "/"}})
	}
	return o
}

func (b *browser) cookie() *http.Cookie {
	u, _ := url.Parse(b.base)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == "mypage_session" {
			return c
		}
	}
	return nil
}

func (b *browser) do(method, path string, form url.Values) (answer, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		return answer{}, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := b.c.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer res.Body.Close()
	text, err := io.ReadAll(res.Body)
	if err != nil {
		return answer{}, err
	}
	return answer{Status: res.StatusCode, Location: res.Header.Get("Location"), Body: string(text)}, nil
}

// registerConfirmed asks for a My Page, each time from another client
// address (through the trusted proxy), so the per-address throttle does not
// count the suite's registrations together, and follows the link of the
// 仮登録 mail, read from the outbox. It returns the answer to the
// confirmation (303 /mypage?welcome=1), or the refused request's.
func registerConfirmed(b *browser, st *store.Store, form url.Values) (answer, error) {
	req, err := http.NewRequest(http.MethodPost, b.base+"/register", strings.NewReader(form.Encode()))
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", "198.51.100."+randDigits())
	res, err := b.c.Do(req)
	if err != nil {
		return answer{}, err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/register/sent" {
		return answer{Status: res.StatusCode, Location: res.Header.Get("Location")}, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	mails, err := st.RecentMails(ctx, 100)
	if err != nil {
		return answer{}, err
	}
	for _, m := range mails {
		if m.To != store.NormalizeEmail(form.Get("email")) {
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

// TestFaultStoreStoppedAndRestartedUnderLoad stops the store while
// requests keep coming: pages and /readyz answer 503 (a friendly page),
// never 500, and the process stays up; with the store back every session is
// still there, and so is the application made before.
func TestFaultStoreStoppedAndRestartedUnderLoad(t *testing.T) {
	t.Parallel()
	ts := newStore(t)
	if ts.external() {
		t.Skip("TEST_MONGODB_URI is set: this test needs a store it can stop and start")
	}
	db := dbName()
	ts.open(t, db)
	srv := startServer(t, serverOptions{store: ts, db: db})
	b := newBrowser(t, srv.URL)
	b.signIn(t, asuEmail, asuPassword)
	job := jobIDs(t, b, asuJobID)[0]
	expect(t, "apply", b.post(t, "/jobs/"+job+"/apply", nil), http.StatusSeeOther, "/mypage/activity?applied=1")

	var (
		mu       sync.Mutex
		statuses = map[string]map[int]int{}
		failures []string
		wg       sync.WaitGroup
		stop     = make(chan struct{})
	)
	load := func(path string) {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			a, err := b.do(http.MethodGet, path, nil)
			mu.Lock()
			if err != nil {
				failures = append(failures, fmt.Sprintf("GET %s: %v", path, err))
			} else {
				if statuses[path] == nil {
					statuses[path] = map[int]int{}
				}
				statuses[path][a.Status]++
				if a.Status == http.StatusServiceUnavailable && path != "/readyz" && !strings.Contains(a.Body, msgStoreDown) {
					failures = append(failures, "503 without the friendly page: "+excerpt(a.Body))
				}
			}
			mu.Unlock()
			time.Sleep(10 * time.Millisecond)
		}
	}
	for _, path := range []string{"/mypage", "/mypage", "/mypage/activity", "/readyz"} {
		wg.Add(1)
		go load(path)
	}
	stopLoad := sync.OnceFunc(func() { close(stop); wg.Wait() })
	t.Cleanup(stopLoad)
	count := func(path string, status int) int {
		mu.Lock()
		defer mu.Unlock()
		return statuses[path][status]
	}
	eventually(t, 10*time.Second, "load served while the store is up", func() bool {
		return count("/mypage", 200) > 0 && count("/readyz", 200) > 0
	})

	ts.stop()
	eventually(t, 20*time.Second, "503 from /readyz, /mypage and /mypage/activity while the store is down", func() bool {
		return count("/readyz", 503) >= 2 && count("/mypage", 503) >= 2 && count("/mypage/activity", 503) >= 1
	})
	a := b.get(t, "/mypage")
	if a.Status != http.StatusServiceUnavailable || !strings.Contains(a.Body, msgStoreDown) || !strings.Contains(a.Body, "<html") {
		t.Errorf("/mypage with the store down: %d\n%s", a.Status, excerpt(a.Body))
	}
	if a := b.get(t, "/healthz"); a.Status != http.StatusOK {
		t.Errorf("/healthz with the store down: %d", a.Status)
	}

	ts.start(t)
	eventually(t, 30*time.Second, "/readyz and /mypage 200 again after the store is back", func() bool {
		return b.get(t, "/readyz").Status == http.StatusOK && b.get(t, "/mypage").Status == http.StatusOK
	})
	stopLoad()

	if srv.exited() {
		t.Fatal("the server exited during the outage")
	}
	for path, byStatus := range statuses {
		for status, n := range byStatus {
			if status != http.StatusOK && status != http.StatusServiceUnavailable {
				t.Errorf("GET %s answered %d %d times (only 200 and 503 are right)", path, status, n)
			}
		}
	}
	for _, f := range failures {
		t.Error(f)
	}
	t.Logf("answers during the run: %v", statuses)

	home := b.get(t, "/mypage")
	if home.Status != http.StatusOK || !strings.Contains(home.Body, "明日 勇気") {
		t.Errorf("the same session after the outage: %d %q", home.Status, home.Location)
	}
	ids, page := inProgress(t, b)
	if len(ids) != 2 || !strings.Contains(page, `data-label="求人番号">`+job+"</td>") || !strings.Contains(page, `data-label="求人番号">`+asuJobID+"</td>") {
		t.Errorf("求職活動状況 after the outage lists %d 応募中, want the demo one and %s", len(ids), job)
	}
}

// TestFaultServerKilledMidRequestAndRestarted kills the server with
// SIGKILL while registrations, applications and cancellations are in
// flight, and restarts it on the same store: every e-mail either signs in
// fully or can be registered again, and the seeker's 応募中 list, its
// counter and the withdrawal rule agree.
func TestFaultServerKilledMidRequestAndRestarted(t *testing.T) {
	t.Parallel()
	ts := newStore(t)
	db := dbName()
	st := ts.open(t, db)
	srv := startServer(t, serverOptions{store: ts, db: db})

	yamada := newBrowser(t, srv.URL)
	yamada.signIn(t, yamadaEmail, yamadaPassword)
	jobs := jobIDs(t, yamada, asuJobID)
	for _, j := range jobs[:3] {
		expect(t, "apply before the kill", yamada.post(t, "/jobs/"+j+"/apply", nil), http.StatusSeeOther, "/mypage/activity?applied=1")
	}

	var (
		mu        sync.Mutex
		emails    []string
		confirmed = map[string]bool{} // registrations answered before the kill
		stop      atomic.Bool
		wg        sync.WaitGroup
		answered  atomic.Int32 // state-changing requests answered
		changes   atomic.Int32 // of which applications and cancellations
	)
	register := func(email string) url.Values {
		return url.Values{"email": {email}, "password": {"Fault-Suite-2026"}, "name": {"障害 試験"},
			"birthdate": {"1990-04-01"}, "agree": {"on"}}
	}
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				email := fmt.Sprintf("fault-%d-%d-%s@example.jp", g, i, randHex(3))
				mu.Lock()
				emails = append(emails, email)
				mu.Unlock()
				a, err := registerConfirmed(newBrowser(t, srv.URL), st, register(email))
				if err != nil {
					return
				}
				answered.Add(1)
				if a.Status == http.StatusSeeOther && a.Location == "/mypage?welcome=1" {
					mu.Lock()
					confirmed[email] = true
					mu.Unlock()
				}
			}
		}()
	}
	// Each job in turn is applied for and cancelled, over and over, by one
	// goroutine; the three jobs applied for above are cancelled first.
	for g, j := range jobs[:6] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			applied := g < 3
			for !stop.Load() {
				if !applied {
					if _, err := yamada.do(http.MethodPost, "/jobs/"+j+"/apply", url.Values{}); err != nil {
						return
					}
					answered.Add(1)
					changes.Add(1)
				}
				applied = false
				a, err := yamada.do(http.MethodGet, "/mypage/activity", nil)
				if err != nil {
					return
				}
				id := applicationFor(a.Body, j)
				if id == "" {
					continue
				}
				if _, err := yamada.do(http.MethodPost, "/mypage/applications/"+id+"/cancel", url.Values{}); err != nil {
					return
				}
				answered.Add(1)
				changes.Add(1)
			}
		}()
	}
	eventually(t, 20*time.Second, "some state-changing requests answered", func() bool {
		return answered.Load() >= 12 && changes.Load() >= 6
	})
	srv.kill(t)
	stop.Store(true)
	wg.Wait()
	t.Logf("killed after %d answers (%d applications and cancellations); %d registrations attempted, %d confirmed",
		answered.Load(), changes.Load(), len(emails), len(confirmed))

	srv.restart(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var signedIn, registeredAgain int
	for _, email := range emails {
		login, err := st.LoginByEmail(ctx, email)
		b := newBrowser(t, srv.URL)
		switch {
		case err == nil:
			if _, err := st.SeekerByID(ctx, login.SeekerID); err != nil {
				t.Errorf("%s: a login without its seeker (%v)", email, err)
				continue
			}
			b.signIn(t, email, "Fault-Suite-2026")
			signedIn++
		case err == store.ErrNotFound:
			if confirmed[email] {
				t.Errorf("%s: registration was answered 303 before the kill, but the account is gone", email)
			}
			again, err := registerConfirmed(b, st, register(email))
			if err != nil {
				t.Fatal(err)
			}
			expect(t, "registration of "+email+" again", again, http.StatusSeeOther, "/mypage?welcome=1")
			registeredAgain++
		default:
			t.Fatal(err)
		}
		if home := b.get(t, "/mypage"); home.Status != http.StatusOK || !strings.Contains(home.Body, "障害 試験") {
			t.Errorf("%s: home page %d %q", email, home.Status, home.Location)
		}
	}
	t.Logf("after the restart: %d accounts signed in, %d registered again", signedIn, registeredAgain)

	// The same cookie works across the restart: sessions live in the store.
	ids, _ := inProgress(t, yamada)
	sk := seekerOf(t, st, yamadaEmail)
	if len(ids) != sk.ApplyingCount || len(sk.Applying) != sk.ApplyingCount {
		t.Fatalf("求職活動状況 lists %d 応募中; the seeker's counter says %d, its list %d", len(ids), sk.ApplyingCount, len(sk.Applying))
	}
	if len(ids) == 0 {
		expect(t, "apply after the restart", yamada.post(t, "/jobs/"+jobs[7]+"/apply", nil), http.StatusSeeOther, "/mypage/activity?applied=1")
		ids, _ = inProgress(t, yamada)
	}
	a := yamada.post(t, "/mypage/withdraw", nil)
	if a.Status != http.StatusConflict || !strings.Contains(a.Body, msgWithdrawDeny) {
		t.Fatalf("withdrawal with %d 応募中: %d %q", len(ids), a.Status, a.Location)
	}
	for _, id := range ids {
		expect(t, "cancel "+id, yamada.post(t, "/mypage/applications/"+id+"/cancel", nil), http.StatusSeeOther, "/mypage/activity?cancelled=1")
	}
	if ids, _ := inProgress(t, yamada); len(ids) != 0 {
		t.Fatalf("%d still 応募中 after cancelling all", len(ids))
	}
	if sk := seekerOf(t, st, yamadaEmail); sk.ApplyingCount != 0 || len(sk.Applying) != 0 {
		t.Fatalf("after cancelling all: counter %d, list %d", sk.ApplyingCount, len(sk.Applying))
	}
	expect(t, "withdrawal with none 応募中", yamada.post(t, "/mypage/withdraw", nil), http.StatusSeeOther, "/withdrawn")
}

// applicationFor finds, on 求職活動状況, the application 応募中 for job.
func applicationFor(page, job string) string {
	for _, row := range strings.Split(page, "<tr>") {
		if strings.Contains(row, `data-label="求人番号">`+job+"</td>") {
			if m := cancelForm.FindStringSubmatch(row); m != nil {
				return m[1]
			}
		}
	}
	return ""
}

// TestFaultKilledRetentionSweepIsFinishedByTheNext kills `mypage retention
// run` while it deletes many due seekers, runs it again, and checks that
// nothing of the due seekers remains and nothing of anyone else was touched.
func TestFaultKilledRetentionSweepIsFinishedByTheNext(t *testing.T) {
	t.Parallel()
	ts := newStore(t)
	db := dbName()
	st := ts.open(t, db)
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

// TestFaultTwoServersOnOneStore runs two server processes on one store with
// one session secret: a session made on one works on the other, a logout
// on either ends it on both at once, and so does a withdrawal, after which
// neither signs the seeker in.
func TestFaultTwoServersOnOneStore(t *testing.T) {
	t.Parallel()
	ts := newStore(t)
	db := dbName()
	ts.open(t, db)
	a := startServer(t, serverOptions{store: ts, db: db}) // seeds first
	b := startServer(t, serverOptions{store: ts, db: db})

	onA := newBrowser(t, a.URL)
	onA.signIn(t, yamadaEmail, yamadaPassword)
	onB := onA.on(t, b.URL)
	if home := onB.get(t, "/mypage"); home.Status != http.StatusOK || !strings.Contains(home.Body, "山田 花子") {
		t.Fatalf("A's session on B: %d %q", home.Status, home.Location)
	}
	expect(t, "logout on B", onB.post(t, "/logout", nil), http.StatusSeeOther, "/")
	expect(t, "A after the logout on B", onA.get(t, "/mypage"), http.StatusSeeOther, "/login?next=%2Fmypage")

	onA = newBrowser(t, a.URL)
	onA.signIn(t, yamadaEmail, yamadaPassword)
	sameOnB := onA.on(t, b.URL)
	expect(t, "A's new session on B", sameOnB.get(t, "/mypage"), http.StatusOK, "")
	ownOnB := newBrowser(t, b.URL)
	ownOnB.signIn(t, yamadaEmail, yamadaPassword)

	expect(t, "withdrawal on A", onA.post(t, "/mypage/withdraw", nil), http.StatusSeeOther, "/withdrawn")
	expect(t, "A's session on B after the withdrawal", sameOnB.get(t, "/mypage"), http.StatusSeeOther, "/login?next=%2Fmypage")
	expect(t, "B's own session after the withdrawal on A", ownOnB.get(t, "/mypage"), http.StatusSeeOther, "/login?next=%2Fmypage")
	for _, srv := range []*proc{b, a} {
		fresh := newBrowser(t, srv.URL)
		r := fresh.post(t, "/login", url.Values{"email": {yamadaEmail}, "password": {yamadaPassword}})
		if r.Status != http.StatusForbidden || fresh.cookie() != nil || fresh.get(t, "/mypage").Status != http.StatusSeeOther {
			t.Errorf("sign-in on %s after the withdrawal: %d %q", srv.URL, r.Status, r.Location)
		}
	}
}

// TestFaultDoubleSubmittedApplicationAndWithdrawal sends the same POST
// several times at once and again in a row: one application per job and a
// counter to match; one withdrawal, never a 5xx, and the withdrawal date
// left as the first one set it.
func TestFaultDoubleSubmittedApplicationAndWithdrawal(t *testing.T) {
	t.Parallel()
	ts := newStore(t)
	db := dbName()
	st := ts.open(t, db)
	srv := startServer(t, serverOptions{store: ts, db: db})
	b := newBrowser(t, srv.URL)
	b.signIn(t, yamadaEmail, yamadaPassword)
	jobs := jobIDs(t, b, asuJobID)[:3]

	// Three copies of each job's application, all released at once.
	const copies = 3
	answers := make([][]answer, len(jobs))
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, len(jobs)*copies)
	for i, j := range jobs {
		answers[i] = make([]answer, copies)
		for k := range copies {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				a, err := b.do(http.MethodPost, "/jobs/"+j+"/apply", url.Values{})
				if err != nil {
					errs <- err
				}
				answers[i][k] = a
			}()
		}
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for i, j := range jobs {
		var ok int
		for _, a := range answers[i] {
			switch {
			case a.Status == http.StatusSeeOther && a.Location == "/mypage/activity?applied=1":
				ok++
			case a.Status == http.StatusConflict && strings.Contains(a.Body, "応募済みです"):
			default:
				t.Errorf("apply %s at once: %d %q\n%s", j, a.Status, a.Location, excerpt(a.Body))
			}
		}
		if ok != 1 {
			t.Errorf("apply %s sent %d times at once: %d accepted, want 1", j, copies, ok)
		}
		for range 2 {
			a := b.post(t, "/jobs/"+j+"/apply", nil)
			if a.Status != http.StatusConflict || !strings.Contains(a.Body, "応募済みです") {
				t.Errorf("apply %s again: %d %q", j, a.Status, a.Location)
			}
		}
	}
	sk := seekerOf(t, st, yamadaEmail)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	apps, err := st.ApplicationsOfSeeker(ctx, sk.ID)
	if err != nil {
		t.Fatal(err)
	}
	perJob := map[string]int{}
	for _, a := range apps {
		perJob[a.JobID]++
	}
	for _, j := range jobs {
		if perJob[j] != 1 {
			t.Errorf("job %s: %d application documents, want 1", j, perJob[j])
		}
	}
	if sk.ApplyingCount != len(jobs) || len(sk.Applying) != len(jobs) {
		t.Errorf("counter %d, list %d, want %d", sk.ApplyingCount, len(sk.Applying), len(jobs))
	}
	ids, _ := inProgress(t, b)
	if len(ids) != len(jobs) {
		t.Errorf("求職活動状況 lists %d 応募中, want %d", len(ids), len(jobs))
	}
	for _, id := range ids {
		expect(t, "cancel", b.post(t, "/mypage/applications/"+id+"/cancel", nil), http.StatusSeeOther, "/mypage/activity?cancelled=1")
	}

	// Withdrawal: a second browser holds a second session of the same seeker.
	other := newBrowser(t, srv.URL)
	other.signIn(t, yamadaEmail, yamadaPassword)
	both := make([]answer, 4)
	start = make(chan struct{})
	errs = make(chan error, len(both))
	for i := range both {
		who := b
		if i%2 == 1 {
			who = other
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			a, err := who.do(http.MethodPost, "/mypage/withdraw", url.Values{})
			if err != nil {
				errs <- err
			}
			both[i] = a
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var withdrawn int
	for _, a := range both {
		switch {
		case a.Status == http.StatusSeeOther && a.Location == "/withdrawn":
			withdrawn++
		case a.Status == http.StatusSeeOther && strings.HasPrefix(a.Location, "/login"):
		default:
			t.Errorf("withdrawal sent at once: %d %q\n%s", a.Status, a.Location, excerpt(a.Body))
		}
	}
	if withdrawn == 0 {
		t.Error("no withdrawal landed on 退会完了")
	}
	first, err := st.SeekerByID(ctx, sk.ID)
	if err != nil || first.WithdrawnAt.IsZero() {
		t.Fatalf("after the withdrawal: %v %+v", err, first.WithdrawnAt)
	}
	if page := b.get(t, "/withdrawn"); page.Status != http.StatusOK || !strings.Contains(page.Body, "退会手続きを完了しました") {
		t.Errorf("退会完了: %d", page.Status)
	}
	time.Sleep(20 * time.Millisecond) // a later withdrawal would carry a later date
	for _, who := range []*browser{b, other, b} {
		a := who.post(t, "/mypage/withdraw", nil)
		if a.Status >= 500 || (a.Location != "/withdrawn" && !strings.HasPrefix(a.Location, "/login")) {
			t.Errorf("withdrawal again: %d %q", a.Status, a.Location)
		}
	}
	again, err := st.SeekerByID(ctx, sk.ID)
	if err != nil || !again.WithdrawnAt.Equal(first.WithdrawnAt) {
		t.Errorf("withdrawal date moved: %v → %v (%v)", first.WithdrawnAt, again.WithdrawnAt, err)
	}
	r := newBrowser(t, srv.URL).post(t, "/login", url.Values{"email": {yamadaEmail}, "password": {yamadaPassword}})
	if r.Status != http.StatusForbidden {
		t.Errorf("sign-in after the withdrawal: %d %q", r.Status, r.Location)
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

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// randDigits is a random last octet, 1 to 250.
func randDigits() string {
	b := make([]byte, 1)
	_, _ = rand.Read(b)
	return fmt.Sprint(int(b[0])%250 + 1)
}
