package fault_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

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
