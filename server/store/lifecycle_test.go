package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/store/storetest"
)

var t0 = time.Date(2026, 4, 10, 9, 0, 0, 0, domain.Tokyo)

func newSeeker(t *testing.T, st *store.Store, id string) domain.Seeker {
	t.Helper()
	sk := domain.Seeker{ID: id, Email: id + "@example.jp", Name: "明日 勇気", RegisteredAt: t0, ValidUntil: domain.InitialValidUntil(t0)}
	if err := st.CreateSeeker(context.Background(), sk, "hash"); err != nil {
		t.Fatal(err)
	}
	return sk
}

func app(id, job string) domain.Application {
	return domain.Application{ID: id, SeekerID: "s", JobID: job, JobTitle: "介護福祉士", Company: "社会福祉法人", AppliedAt: t0}
}

func TestApplyCancelWithdraw(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	sk := newSeeker(t, st, "s")
	if err := st.Apply(ctx, "s", sk.ValidUntil, sk.ValidUntil, app("a1", "j1")); err != nil {
		t.Fatal(err)
	}
	if err := st.Apply(ctx, "s", sk.ValidUntil, sk.ValidUntil, app("a2", "j1")); !errors.Is(err, domain.ErrAlreadyApplied) {
		t.Errorf("second application to one job: %v", err)
	}
	if err := st.Withdraw(ctx, "s", t0); !errors.Is(err, domain.ErrApplying) {
		t.Errorf("withdraw while applying: %v", err)
	}
	got, _ := st.SeekerByID(ctx, "s")
	if got.ApplyingCount != 1 || len(got.Applying) != 1 || got.Applying[0].ApplicationID != "a1" {
		t.Fatalf("after apply: %+v", got)
	}
	if err := st.CancelApplication(ctx, "s", "a1"); err != nil {
		t.Fatal(err)
	}
	if err := st.CancelApplication(ctx, "s", "a1"); !errors.Is(err, domain.ErrNotInProgress) {
		t.Errorf("second cancel: %v", err)
	}
	apps, _ := st.ApplicationsOfSeeker(ctx, "s")
	if len(apps) != 1 || apps[0].Status != domain.ApplicationCancelled {
		t.Errorf("applications: %+v", apps)
	}
	for range 2 {
		if err := st.Withdraw(ctx, "s", t0); err != nil {
			t.Fatalf("withdraw: %v", err)
		}
	}
	got, _ = st.SeekerByID(ctx, "s")
	if !got.WithdrawnAt.Equal(t0) || got.ApplyingCount != 0 {
		t.Errorf("after withdraw: %+v", got)
	}
	if err := st.Apply(ctx, "s", got.ValidUntil, got.ValidUntil, app("a3", "j2")); !errors.Is(err, domain.ErrWithdrawn) {
		t.Errorf("apply after withdrawal: %v", err)
	}
	if err := st.Restore(ctx, "s", got.WithdrawnAt); err != nil {
		t.Fatal(err)
	}
	if got, _ = st.SeekerByID(ctx, "s"); !got.WithdrawnAt.IsZero() {
		t.Error("not restored")
	}
}

// TestApplyRefusesAJobInProgressAmongOthers applies for a job again while
// two applications are in progress: FerretDB v1 matched the old guard
// ($ne on applying.jobID) as soon as one element differed.
func TestApplyRefusesAJobInProgressAmongOthers(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	sk := newSeeker(t, st, "s")
	for i, job := range []string{"j1", "j2"} {
		if err := st.Apply(ctx, "s", sk.ValidUntil, sk.ValidUntil, app(fmt.Sprint("a", i), job)); err != nil {
			t.Fatal(err)
		}
	}
	for _, job := range []string{"j1", "j2"} {
		if err := st.Apply(ctx, "s", sk.ValidUntil, sk.ValidUntil, app("again-"+job, job)); !errors.Is(err, domain.ErrAlreadyApplied) {
			t.Errorf("second application to %s with two in progress: %v", job, err)
		}
	}
	if got, _ := st.SeekerByID(ctx, "s"); got.ApplyingCount != 2 || len(got.Applying) != 2 {
		t.Errorf("count %d, refs %d, want 2", got.ApplyingCount, len(got.Applying))
	}
}

func TestApplyExtendsOnlyFromWhatWasRead(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	sk := newSeeker(t, st, "s")
	later := sk.ValidUntil.AddDate(0, 1, 0)
	if err := st.Apply(ctx, "s", sk.ValidUntil, later, app("a1", "j1")); err != nil {
		t.Fatal(err)
	}
	if err := st.Apply(ctx, "s", sk.ValidUntil, later, app("a2", "j2")); !errors.Is(err, domain.ErrValidityChanged) {
		t.Errorf("stale validity: %v", err)
	}
	got, _ := st.SeekerByID(ctx, "s")
	if !got.ValidUntil.Equal(later) {
		t.Errorf("validUntil = %v", got.ValidUntil)
	}
}

// TestApplyAndWithdrawNeverBothSucceed races many applications against a
// withdrawal, many times: either the withdrawal wins and no application is
// recorded, or it is refused and every success is counted.
func TestApplyAndWithdrawNeverBothSucceed(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	for round := range 10 {
		id := fmt.Sprint("race", round)
		sk := newSeeker(t, st, id)
		var wg sync.WaitGroup
		var mu sync.Mutex
		applied := 0
		var withdrawErr error
		for i := range 8 {
			wg.Go(func() {
				a := app(fmt.Sprintf("%s-a%d", id, i), fmt.Sprint("job", i))
				a.SeekerID = id
				if err := st.Apply(ctx, id, sk.ValidUntil, sk.ValidUntil, a); err == nil {
					mu.Lock()
					applied++
					mu.Unlock()
				} else if !errors.Is(err, domain.ErrWithdrawn) {
					t.Error(err)
				}
			})
		}
		wg.Go(func() { withdrawErr = st.Withdraw(ctx, id, t0) })
		wg.Wait()
		got, err := st.SeekerByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		withdrawn := withdrawErr == nil
		if withdrawn && applied > 0 {
			t.Fatalf("round %d: withdrawn and %d applications succeeded", round, applied)
		}
		if !withdrawn && !errors.Is(withdrawErr, domain.ErrApplying) {
			t.Fatalf("round %d: withdraw: %v", round, withdrawErr)
		}
		if got.ApplyingCount != applied || len(got.Applying) != applied || withdrawn != !got.WithdrawnAt.IsZero() {
			t.Fatalf("round %d: count %d, refs %d, applied %d, withdrawn %v / %v", round, got.ApplyingCount, len(got.Applying), applied, withdrawn, got.WithdrawnAt)
		}
	}
}

func TestDeleteSeekerEverywhere(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	old := newSeeker(t, st, "old")
	keep := newSeeker(t, st, "keep")
	for _, sk := range []domain.Seeker{old, keep} {
		a := app(sk.ID+"-a", "j1")
		a.SeekerID = sk.ID
		if err := st.Apply(ctx, sk.ID, sk.ValidUntil, sk.ValidUntil, a); err != nil {
			t.Fatal(err)
		}
		if err := st.Sessions().CreateSession(ctx, auth.SessionRecord{ID: sk.ID + "-sess", SeekerID: sk.ID}); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateLink(ctx, store.Link{ID: "iss|" + sk.ID, SeekerID: sk.ID, LinkedAt: t0}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Seed(ctx, store.SeedData{Messages: []domain.Message{{ID: "m1", SeekerID: "old"}, {ID: "m2", SeekerID: "keep"}}}, t0, true); err != nil {
		t.Fatal(err)
	}
	n, err := st.DeleteSeekerEverywhere(ctx, "old")
	if err != nil {
		t.Fatal(err)
	}
	if n != (store.DeletedCounts{Seekers: 1, Logins: 1, Sessions: 1, Applications: 1, Messages: 1, Links: 1}) {
		t.Errorf("deleted %+v", n)
	}
	if _, err := st.SeekerByID(ctx, "old"); !errors.Is(err, store.ErrNotFound) {
		t.Error("the seeker is still there")
	}
	if _, err := st.LoginByEmail(ctx, "old@example.jp"); !errors.Is(err, store.ErrNotFound) {
		t.Error("the login is still there")
	}
	if _, err := st.LinkByID(ctx, "iss|old"); !errors.Is(err, store.ErrNotFound) {
		t.Error("the link is still there")
	}
	again, err := st.DeleteSeekerEverywhere(ctx, "old")
	if err != nil || again != (store.DeletedCounts{}) {
		t.Errorf("a second run: %+v %v", again, err)
	}
	if _, err := st.SeekerByID(ctx, "keep"); err != nil {
		t.Error("the other seeker went too")
	}
	if msgs, _ := st.MessagesOfSeeker(ctx, "keep"); len(msgs) != 1 {
		t.Error("the other seeker's messages went too")
	}
	if _, err := st.LinkByID(ctx, "iss|keep"); err != nil {
		t.Error("the other seeker's link went too")
	}
}

func TestAMarkedSeekerIsGone(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	sk := newSeeker(t, st, "s")
	// A sweep killed right after marking: the seeker is invisible already.
	if err := st.Withdraw(ctx, "s", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DeleteSeekerEverywhere(ctx, "s"); err != nil {
		t.Fatal(err)
	}
	_ = sk
	if _, err := st.SeekerByID(ctx, "s"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("err = %v", err)
	}
}

// An 応募取消 cut short after the seeker's update is finished by
// FinishCancel, once; a cancel never begun is not.
func TestCancelCutShortIsFinished(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	sk := newSeeker(t, st, "s")
	for _, a := range []domain.Application{app("a1", "j1"), app("a2", "j2")} {
		if err := st.Apply(ctx, "s", sk.ValidUntil, sk.ValidUntil, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.CancelCutShort(ctx, "s", "a1"); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishCancel(ctx, "s", "a1"); err != nil {
		t.Fatal(err)
	}
	if err := st.FinishCancel(ctx, "s", "a1"); !errors.Is(err, domain.ErrNotInProgress) {
		t.Errorf("finishing twice: %v", err)
	}
	apps, _ := st.ApplicationsOfSeeker(ctx, "s")
	status := map[string]string{}
	for _, a := range apps {
		status[a.ID] = a.Status
	}
	if status["a1"] != domain.ApplicationCancelled || status["a2"] != domain.ApplicationInProgress {
		t.Errorf("statuses: %v", status)
	}
	got, _ := st.SeekerByID(ctx, "s")
	if got.ApplyingCount != 1 || len(got.Applying) != 1 || got.Applying[0].ApplicationID != "a2" {
		t.Errorf("seeker: %+v", got)
	}
}

// TestASeekerStoredBeforeTheListsIsReadAllTheSame: a record from before
// seekers listed their applications and messages gets its lists on its
// first read, and an application made after that joins them.
func TestASeekerStoredBeforeTheListsIsReadAllTheSame(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	sk := newSeeker(t, st, "old")
	a := app("old-a", "j1")
	a.SeekerID = "old"
	if err := st.Apply(ctx, "old", sk.ValidUntil, sk.ValidUntil, a); err != nil {
		t.Fatal(err)
	}
	if err := st.Seed(ctx, store.SeedData{Messages: []domain.Message{{ID: "m1", SeekerID: "old"}}}, t0, false); err != nil {
		t.Fatal(err)
	}
	if err := st.Unlist(ctx, "old"); err != nil {
		t.Fatal(err)
	}
	apps, err := st.ApplicationsOfSeeker(ctx, "old")
	if err != nil || len(apps) != 1 || apps[0].ID != "old-a" {
		t.Fatalf("applications of an old record: %+v, %v", apps, err)
	}
	got, _ := st.SeekerByID(ctx, "old")
	if !got.ActivityListed || len(got.ApplicationIDs) != 1 || len(got.MessageIDs) != 1 {
		t.Fatalf("the lists were not filled in: %+v", got)
	}
	b := app("old-b", "j2")
	b.SeekerID = "old"
	if err := st.Apply(ctx, "old", got.ValidUntil, got.ValidUntil, b); err != nil {
		t.Fatal(err)
	}
	if apps, _ := st.ApplicationsOfSeeker(ctx, "old"); len(apps) != 2 {
		t.Errorf("after a new application: %d applications, want 2", len(apps))
	}
	if msgs, _ := st.MessagesOfSeeker(ctx, "old"); len(msgs) != 1 {
		t.Errorf("messages: %d, want 1", len(msgs))
	}
}
