package fault_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestFaultDoubleSubmittedApplicationAndWithdrawal sends the same POST
// several times at once and again in a row: one application per job and a
// counter to match; one withdrawal, never a 5xx, and the withdrawal date
// left as the first one set it.
func TestFaultDoubleSubmittedApplicationAndWithdrawal(t *testing.T) {
	t.Parallel()
	ts, db, st := newDB(t)
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
