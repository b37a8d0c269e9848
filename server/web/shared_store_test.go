package web_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/store/storetest"
)

func TestTwoServersShareSessions(t *testing.T) {
	st := storetest.New(t)
	one, two := startApp(t, st), startApp(t, st)
	b := newBrowser(t, one)
	expectRedirect(t, b.signIn(demoEmail, demoPassword), "/mypage")
	cookie := b.cookie()

	other := newBrowser(t, two)
	other.Client.Jar.SetCookies(mustURL(two.URL), []*http.Cookie{cookie})
	expectStatus(t, other.get("/mypage"), 200)

	expectRedirect(t, other.post("/logout", nil), "/")
	expectRedirect(t, b.get("/mypage"), "/login?next=%2Fmypage")
}

func TestStoreOutageGives503AndRecovers(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	emb, err := store.StartEmbeddedAt(context.Background(), dir, addr, logger)
	if err != nil {
		t.Fatal(err)
	}
	st := storetest.Open(t, emb.URI(), "outage")
	a := startApp(t, st)
	b := newBrowser(t, a)
	expectRedirect(t, b.signIn(demoEmail, demoPassword), "/mypage")

	emb.Stop()
	r := b.get("/mypage")
	expectStatus(t, r, http.StatusServiceUnavailable)
	expectBody(t, r, "ただいまシステムが一時的に利用できません")
	expectStatus(t, b.get("/readyz"), http.StatusServiceUnavailable)
	expectStatus(t, b.get("/healthz"), http.StatusOK)

	emb, err = store.StartEmbeddedAt(context.Background(), dir, addr, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emb.Stop)
	deadline := time.Now().Add(20 * time.Second)
	for {
		r = b.get("/mypage")
		if r.Status == http.StatusOK || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	expectStatus(t, r, http.StatusOK)
	expectBody(t, r, "明日 勇気 様")
	expectStatus(t, b.get("/readyz"), http.StatusOK)
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
