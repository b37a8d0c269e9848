package fault_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/store"
)

// TestFaultServerKilledMidRequestAndRestarted kills the server with
// SIGKILL while registrations, applications and cancellations are in
// flight, and restarts it on the same store: every e-mail either signs in
// fully or can be registered again, and the seeker's 応募中 list, its
// counter and the withdrawal rule agree.
func TestFaultServerKilledMidRequestAndRestarted(t *testing.T) {
	t.Parallel()
	ts, db, st := newDB(t)
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
				if a.Status == http.StatusSeeOther && a.Location == "/mypage" {
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
			expect(t, "registration of "+email+" again", again, http.StatusSeeOther, "/mypage")
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
