package web_test

import (
	"context"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/hellowork/mypage/internal/gate"
	"github.com/hellowork/mypage/server/store/storetest"
)

// A server with no room answers at once with the busy page and a time to
// come back; a request that finds room waits its turn and is served; the
// health probes never wait.
func TestABusyServerSaysSoAndServesInTurn(t *testing.T) {
	g := gate.New(1, 1, time.Minute)
	a := startAppOpts(t, storetest.New(t), appOpts{Admission: g})
	if err := g.Enter(context.Background()); err != nil { // the one place, taken
		t.Fatal(err)
	}

	waited := make(chan response, 1)
	go func() { waited <- newBrowser(t, a).get("/jobs?q=介護") }()
	for g.Waiting() < 1 {
		runtime.Gosched()
	}

	r := newBrowser(t, a).get("/mypage")
	expectStatus(t, r, http.StatusServiceUnavailable)
	expectBody(t, r, "ただいま混み合っています", "しばらく時間をおいてから、もう一度お試しください。")
	if r.Header.Get("Retry-After") != "5" {
		t.Errorf("Retry-After %q, want 5", r.Header.Get("Retry-After"))
	}
	expectStatus(t, newBrowser(t, a).get("/healthz"), http.StatusOK)

	select {
	case r := <-waited:
		t.Fatalf("the waiting request was answered %d before a place was free", r.Status)
	default:
	}
	g.Leave()
	r = <-waited
	expectStatus(t, r, http.StatusOK)
	expectBody(t, r, "求人検索")
	if g.Holding() != 0 || g.Waiting() != 0 {
		t.Errorf("holding %d, waiting %d after every request ended", g.Holding(), g.Waiting())
	}
}
