package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hellowork/mypage/server/store"
)

const cookieName = "mypage_session"

// child is the server under test, running as a process of its own.
type child struct {
	url     string
	pid     int
	store   string // "embedded" or the MongoDB database name
	logPath string
	logFrom int64         // where the server's own lines begin in logPath
	search  searchFigures // the generated postings

	cancel  context.CancelFunc
	exited  chan struct{}
	waitErr error
	dropDB  func(context.Context) error
	// notes say how the store was filled and swept before the run, and
	// how long the server took to answer /readyz.
	notes []string
}

// startServer builds the server into dir and starts it on free loopback
// ports with a fresh data dir, writing its log to logPath; with MONGODB_URI
// set it uses a fresh database there. It returns once /readyz answers 200.
func startServer(ctx context.Context, dir, logPath string, getenv func(string) string, fillSeekers int) (*child, error) {
	bin := filepath.Join(dir, "mypage")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./server")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("build: %w", err)
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	portalAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()

	c := &child{url: "http://" + addr, store: "embedded", logPath: logPath, exited: make(chan struct{}),
		dropDB: func(context.Context) error { return nil }}
	env := append(os.Environ(),
		"MYPAGE_ADDR="+addr,
		"MYPAGE_PUBLIC_URL="+c.url,
		"MYNAPORTAL_ADDR="+portalAddr,
		"MYPAGE_DATA_DIR="+filepath.Join(dir, "data"),
		"MYPAGE_TEST_CLOCK=off",
	)
	if uri := getenv("MONGODB_URI"); uri != "" {
		c.store = "mypage_bench_" + strings.ToLower(rand.Text()[:10])
		c.dropDB = func(ctx context.Context) error { return dropDatabase(ctx, uri, c.store) }
		env = append(env, "MONGODB_URI="+uri, "MONGODB_DATABASE="+c.store)
	}

	if fillSeekers > 0 {
		// The store of national shape, then one full retention sweep over
		// it, each in a process of its own, before the server starts.
		for _, args := range [][]string{{"fill", "--seekers", fmt.Sprint(fillSeekers)}, {"retention", "run"}} {
			note, err := runTimed(ctx, bin, args, env, logFile)
			if err != nil {
				c.dropDB(ctx)
				return nil, err
			}
			c.notes = append(c.notes, note)
		}
		if size, err := dirSize(filepath.Join(dir, "data")); err == nil && c.store == "embedded" {
			c.notes = append(c.notes, fmt.Sprintf("embedded store on disk: %.0f MB", float64(size)/(1<<20)))
		}
	}

	// Ctrl-C, which ends ctx, stops the server too, as does stop.
	n, err := benchJobs(getenv)
	if err != nil {
		return nil, err
	}
	if c.search.Generate, err = generateJobs(ctx, bin, env, n); err != nil {
		return nil, err
	}

	// What the server itself logs starts here (fill and retention run
	// wrote before it).
	if fi, err := logFile.Stat(); err == nil {
		c.logFrom = fi.Size()
	}
	runCtx, cancel := context.WithCancel(ctx)
	cmd := exec.CommandContext(runCtx, bin)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 30 * time.Second
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, err
	}
	c.pid, c.cancel = cmd.Process.Pid, cancel
	go func() {
		c.waitErr = cmd.Wait()
		close(c.exited)
	}()
	begun := time.Now()
	if err := c.waitReady(ctx); err != nil {
		return nil, errors.Join(err, c.stop())
	}
	c.notes = append(c.notes, fmt.Sprintf("start-up to /readyz: %s", time.Since(begun).Round(time.Millisecond)))
	// The server sweeps once in the background after it is ready: the
	// pages are measured after that sweep, which is reported on its own.
	rss, _ := procStatusBytes(c.pid, "VmRSS")
	begun = time.Now()
	if err := c.waitLog(ctx, `"msg":"retention sweep"`, 30*time.Minute); err != nil {
		return nil, errors.Join(err, c.stop())
	}
	hwm, _ := procStatusBytes(c.pid, "VmHWM")
	c.notes = append(c.notes, fmt.Sprintf("the server's own retention sweep at start: %s after /readyz; RSS %.0f MB before it, peak %.0f MB",
		time.Since(begun).Round(time.Millisecond), float64(rss)/(1<<20), float64(hwm)/(1<<20)))
	return c, nil
}

// waitLog waits until the server's own log has a line containing s.
func (c *child) waitLog(ctx context.Context, s string, limit time.Duration) error {
	return c.poll(ctx, limit, 500*time.Millisecond, "no "+s+" in the server's log", func() (bool, error) {
		b, err := os.ReadFile(c.logPath)
		return int64(len(b)) > c.logFrom && strings.Contains(string(b[c.logFrom:]), s), err
	})
}

// poll calls done every interval until it reports true or an error, the
// server exits, ctx ends or limit passes (an error saying what failed).
func (c *child) poll(ctx context.Context, limit, every time.Duration, failed string, done func() (bool, error)) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if ok, err := done(); ok || err != nil {
			return err
		}
		if err := c.gone(); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(every):
		}
	}
	return fmt.Errorf("%s after %s", failed, limit)
}

// stop sends the server SIGTERM and waits for it to finish, then drops the
// MongoDB database it used.
func (c *child) stop() error {
	c.cancel()
	<-c.exited
	err := c.waitErr
	if errors.Is(err, context.Canceled) {
		err = nil // it exited 0 after the SIGTERM it was sent
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return errors.Join(err, c.dropDB(ctx))
}

// gone returns an error once the server has exited by itself.
func (c *child) gone() error {
	select {
	case <-c.exited:
		if errors.Is(c.waitErr, context.Canceled) {
			return nil // stopped by the runner
		}
		return fmt.Errorf("server exited: %v (its log: %s)", c.waitErr, c.logPath)
	default:
		return nil
	}
}

// waitReady polls /readyz until it answers 200, the server exits, or ten
// minutes pass (a first start may build the search index).
func (c *child) waitReady(ctx context.Context) error {
	return c.poll(ctx, 10*time.Minute, 100*time.Millisecond, "server not ready", func() (bool, error) {
		resp, err := http.Get(c.url + "/readyz")
		if err != nil {
			return false, nil // not listening yet
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK, nil
	})
}

func dropDatabase(ctx context.Context, uri, name string) error {
	st, err := store.Open(uri, name)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	return st.Drop(ctx)
}

// freeAddr returns a loopback address with a port free at the moment.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// procStatusBytes reads a memory figure (VmRSS, VmHWM) of process pid.
func procStatusBytes(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return statusBytes(f, field)
}

// statusBytes finds field in the text of /proc/<pid>/status, where memory
// is given in kB ("VmRSS:	  123456 kB").
func statusBytes(r io.Reader, field string) (int64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		return kb << 10, err
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("%s not in /proc status", field)
}

// usage is what the server process used over a stretch of time.
type usage struct {
	PeakRSS int64         // highest resident memory sampled, bytes
	CPU     time.Duration // user and system time
	Wall    time.Duration
}

// cores is the CPU time over the wall time: 1 is one core busy.
func (u usage) cores() float64 {
	if u.Wall <= 0 {
		return 0
	}
	return u.CPU.Seconds() / u.Wall.Seconds()
}

// perRequest is the CPU time the server spent on each of n requests.
func (u usage) perRequest(n uint64) time.Duration {
	if n == 0 {
		return 0
	}
	return u.CPU / time.Duration(n)
}

// watch samples the resident memory of process pid and counts its CPU
// time until the returned function is called.
func watch(pid int) (stop func() usage) {
	done := make(chan struct{})
	result := make(chan usage)
	go func() {
		began, ticks0 := time.Now(), cpuTicks(pid)
		var u usage
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			if rss, err := procStatusBytes(pid, "VmRSS"); err == nil {
				u.PeakRSS = max(u.PeakRSS, rss)
			}
			select {
			case <-done:
				u.CPU = time.Duration(cpuTicks(pid)-ticks0) * time.Second / clockTicks
				u.Wall = time.Since(began)
				result <- u
				return
			case <-tick.C:
			}
		}
	}()
	return func() usage {
		close(done)
		return <-result
	}
}

// clockTicks is Linux's USER_HZ, the unit of CPU times in /proc.
const clockTicks = 100

// cpuTicks is the CPU time process pid has used, user and system, or 0
// when it cannot be read.
func cpuTicks(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	n, _ := statTicks(string(b))
	return n
}

// statTicks adds utime and stime, fields 14 and 15 of /proc/<pid>/stat,
// counted after the command name, which may hold spaces and parentheses.
func statTicks(stat string) (int64, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, errors.New("no command name in /proc stat")
	}
	fields := strings.Fields(stat[i+1:])
	if len(fields) < 13 {
		return 0, errors.New("short /proc stat")
	}
	utime, err := strconv.ParseInt(fields[11], 10, 64)
	if err != nil {
		return 0, err
	}
	stime, err := strconv.ParseInt(fields[12], 10, 64)
	return utime + stime, err
}

// loadAverage is the machine's load over the last 1, 5 and 15 minutes.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}

// noRedirects is a client that shows redirects rather than follows them.
var noRedirects = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// postForm posts a form and expects the 303 of a sign-in; it returns the
// new session's cookie as a Cookie header value.
func postForm(ctx context.Context, u string, form url.Values) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := noRedirects.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("POST %s as %s: status %d", u, form.Get("email"), resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if c.Name == cookieName {
			return (&http.Cookie{Name: c.Name, Value: c.Value}).String(), nil
		}
	}
	return "", fmt.Errorf("POST %s as %s: no %s cookie", u, form.Get("email"), cookieName)
}

// account is an e-mail and its password.
type account struct {
	Email    string
	Password string
}

// signIn signs a seeker in and returns the session's Cookie header value.
// A right password never counts towards the sign-in throttle.
func signIn(ctx context.Context, base string, a account) (string, error) {
	return postForm(ctx, base+"/login", url.Values{"email": {a.Email}, "password": {a.Password}})
}

// register opens n My Pages named after kind, each through its 仮登録
// mail, read from the development mailbox of the demo-mode server.
func register(ctx context.Context, base, kind string, n int) ([]account, error) {
	var accounts []account
	for i := range n {
		a := account{Email: fmt.Sprintf("bench-%s-%02d@example.jp", kind, i), Password: "Bench-Pass-2026"}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/register", strings.NewReader(url.Values{
			"email": {a.Email}, "password": {a.Password}, "name": {"負荷 試験"},
			"name_kana": {"フカシケン"}, "birthdate": {"1990-04-01"}, "agree": {"on"},
		}.Encode()))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		token, err := confirmToken(ctx, base, a.Email)
		if err != nil {
			return nil, err
		}
		if _, err := postForm(ctx, base+"/register/confirm", url.Values{"token": {token}}); err != nil {
			return nil, err
		}
		accounts = append(accounts, a)
	}
	return accounts, nil
}

var confirmRE = regexp.MustCompile(`/register/confirm\?token=([0-9A-Za-z_-]+)`)

// confirmToken reads the token of the newest 仮登録 mail to email from the
// development mailbox.
func confirmToken(ctx context.Context, base, email string) (string, error) {
	body, status, err := getPage(ctx, base+"/dev/mailbox")
	if err != nil {
		return "", err
	}
	for _, mail := range strings.Split(string(body), "<article") {
		if strings.Contains(mail, "<dd>"+email+"</dd>") {
			if m := confirmRE.FindStringSubmatch(mail); m != nil {
				return m[1], nil
			}
		}
	}
	return "", fmt.Errorf("no 仮登録 mail to %s in /dev/mailbox (%d)", email, status)
}

// getPage reads the page at u whole.
func getPage(ctx context.Context, u string) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return body, resp.StatusCode, err
}

var faviconRE = regexp.MustCompile(`/static/img/favicon\.[0-9a-zA-Z_-]+\.svg`)

// faviconPath finds the favicon's content-hashed path in the top page.
func faviconPath(ctx context.Context, base string) (string, error) {
	body, _, err := getPage(ctx, base+"/")
	if err != nil {
		return "", err
	}
	p := faviconRE.Find(body)
	if p == nil {
		return "", errors.New("no hashed favicon link in the top page")
	}
	return string(p), nil
}

// runTimed runs the server's binary with args to its end and returns what
// it printed first, its duration and its peak resident memory.
func runTimed(ctx context.Context, bin string, args, env []string, log io.Writer) (string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = io.MultiWriter(&out, log), log
	started := time.Now()
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s: %w", strings.Join(args, " "), err)
	}
	took := time.Since(started)
	var peak int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		peak = ru.Maxrss << 10
	}
	first, _, _ := strings.Cut(strings.TrimSpace(out.String()), "\n")
	return fmt.Sprintf("`%s`: %s, peak RSS %.0f MB — %s", strings.Join(args, " "), took.Round(time.Millisecond), float64(peak)/(1<<20), first), nil
}

func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n, err
}
