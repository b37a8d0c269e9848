package web_test

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"sync/atomic"
	"testing"

	"github.com/hellowork/mypage/server/store/storetest"
	"go.mongodb.org/mongo-driver/v2/event"
)

// The cost of the pages a signed-in seeker opens most, in what is
// deterministic: store round trips, counted by the driver's command monitor,
// and bytes on the wire. Speed itself is measured by `make bench`.

func TestStoreRoundTripsPerRequest(t *testing.T) {
	var commands atomic.Int64
	var last atomic.Value
	monitor := &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		commands.Add(1)
		last.Store(e.CommandName + " " + e.Command.Lookup(e.CommandName).String())
	}}
	a := startApp(t, storetest.NewMonitored(t, monitor))
	b := newBrowser(t, a)
	expectStatus(t, b.signIn(demoEmail, demoPassword), http.StatusSeeOther)

	seeker, err := a.Store.SeekerByID(context.Background(), demoSeekerID(t, a))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		path    string
		headers []string
		max     int64
	}{
		// The session by _id, the seeker by _id, the newest jobs (the
		// first home of this server reads them; the next ones do not).
		{"求職者マイページホーム", "/mypage", nil, 3},
		// The session by _id, the seeker by _id.
		{"a tab partial of 求職者情報・設定", "/mypage/settings/basic", []string{"HX-Request", "true"}, 2},
		{"another tab partial", "/mypage/settings/account", []string{"HX-Request", "true"}, 2},
		// The session and the seeker by _id, then the applications by the
		// _ids the seeker lists: one $in on MongoDB, one find by _id each
		// on FerretDB (which would read the whole collection for an $in).
		{"求職活動状況", "/mypage/activity", nil, 2 + int64(len(seeker.ApplicationIDs))},
		{"メッセージ一覧", "/mypage/messages", nil, 2 + int64(len(seeker.MessageIDs))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := commands.Load()
			r := b.get(tc.path, tc.headers...)
			expectStatus(t, r, http.StatusOK)
			n := commands.Load() - before
			t.Logf("GET %s: %d store round trips (last: %v)", tc.path, n, last.Load())
			if n > tc.max {
				t.Errorf("GET %s made %d store round trips, want at most %d", tc.path, n, tc.max)
			}
		})
	}
}

// demoSeekerID is the seeker of the demo sign-in.
func demoSeekerID(t *testing.T, a *app) string {
	t.Helper()
	login, err := a.Store.LoginByEmail(context.Background(), demoEmail)
	if err != nil {
		t.Fatal(err)
	}
	return login.SeekerID
}

// compressed fetches path as a browser does (Accept-Encoding: gzip) and
// returns the bytes that crossed the wire and the response.
func (b *browser) compressed(path string, headers ...string) (int, *http.Response) {
	b.t.Helper()
	req, _ := http.NewRequest("GET", b.Base+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := b.Client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		b.t.Fatalf("GET %s: status %d", path, res.StatusCode)
	}
	return len(body), res
}

var assetRef = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)

func TestPageWeight(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	expectStatus(t, b.signIn(demoEmail, demoPassword), http.StatusSeeOther)

	t.Run("the home's first load, with every asset it names, is at most 40 KB compressed", func(t *testing.T) {
		html := b.get("/mypage").Body
		n, res := b.compressed("/mypage")
		if enc := res.Header.Get("Content-Encoding"); enc != "gzip" {
			t.Errorf("home: Content-Encoding %q, want gzip", enc)
		}
		total := n
		t.Logf("GET /mypage: %d bytes", n)
		seen := map[string]bool{}
		for _, m := range assetRef.FindAllStringSubmatch(html, -1) {
			if seen[m[1]] {
				continue
			}
			seen[m[1]] = true
			size, res := b.compressed(m[1])
			if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
				t.Errorf("%s: Cache-Control %q, want a year, immutable", m[1], cc)
			}
			t.Logf("GET %s: %d bytes (%s)", m[1], size, res.Header.Get("Content-Encoding"))
			total += size
		}
		if len(seen) == 0 {
			t.Fatal("the home names no static asset")
		}
		t.Logf("home, first load: %d bytes in all", total)
		if total > 40*1024 {
			t.Errorf("home, first load: %d bytes compressed, want at most %d", total, 40*1024)
		}
	})

	t.Run("a tab partial is at most 4 KB compressed", func(t *testing.T) {
		for _, tab := range []string{"basic", "preferences", "workplace", "education", "career", "pr", "account"} {
			n, res := b.compressed("/mypage/settings/"+tab, "HX-Request", "true")
			t.Logf("GET /mypage/settings/%s (htmx): %d bytes (%s)", tab, n, res.Header.Get("Content-Encoding"))
			if n > 4*1024 {
				t.Errorf("tab %s: %d bytes, want at most %d", tab, n, 4*1024)
			}
		}
	})
}

// A sign-in reads ログイン履歴 once: the history it adds its event to also
// tells whether the device is new.
func TestSignInReadsItsLoginHistoryOnce(t *testing.T) {
	var reads atomic.Int64
	monitor := &event.CommandMonitor{Started: func(_ context.Context, e *event.CommandStartedEvent) {
		if e.CommandName == "find" && e.Command.Lookup("find").StringValue() == "login_history" {
			reads.Add(1)
		}
	}}
	a := startApp(t, storetest.NewMonitored(t, monitor))
	for i := range 3 {
		before := reads.Load()
		expectStatus(t, newBrowser(t, a).signIn(demoEmail, demoPassword), http.StatusSeeOther)
		if n := reads.Load() - before; n != 1 {
			t.Errorf("sign-in %d read ログイン履歴 %d times, want once", i+1, n)
		}
	}
}
