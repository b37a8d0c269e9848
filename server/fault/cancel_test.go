package fault_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"go.mongodb.org/mongo-driver/v2/bson"
)

// TestFaultCancelCutShortIsFinishedByTheNextRead leaves the store as a
// server killed in the middle of 応募取消 would — the application marked,
// the seeker's 応募中 list updated, the application's own status not yet —
// and restarts the server: 求職活動状況 lists the application as 応募取消
// (not off both lists), its document says so, and withdrawal is allowed.
func TestFaultCancelCutShortIsFinishedByTheNextRead(t *testing.T) {
	t.Parallel()
	ts, db, st := newDB(t)
	raw := ts.raw(t, db)
	srv := startServer(t, serverOptions{store: ts, db: db})
	b := newBrowser(t, srv.URL)
	b.signIn(t, yamadaEmail, yamadaPassword)
	job := jobIDs(t, b, asuJobID)[0]
	expect(t, "apply", b.post(t, "/jobs/"+job+"/apply", nil), http.StatusSeeOther, "/mypage/activity?applied=1")
	ids, _ := inProgress(t, b)
	if len(ids) != 1 {
		t.Fatalf("応募中: %v", ids)
	}
	srv.kill(t)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sk := seekerOf(t, st, yamadaEmail)
	if _, err := raw.Collection("applications").UpdateOne(ctx, bson.D{{Key: "_id", Value: ids[0]}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "cancelling", Value: true}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Collection("seekers").UpdateOne(ctx, bson.D{{Key: "_id", Value: sk.ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "applying", Value: bson.A{}}, {Key: "applyingCount", Value: 0}}}}); err != nil {
		t.Fatal(err)
	}

	srv.restart(t)
	left, page := inProgress(t, b)
	if len(left) != 0 {
		t.Errorf("still 応募中: %v", left)
	}
	if !strings.Contains(page, job) || !strings.Contains(page, domain.ApplicationCancelled) {
		t.Errorf("求職活動状況 does not list %s as 応募取消:\n%s", job, excerpt(page))
	}
	apps, err := st.ApplicationsOfSeeker(ctx, sk.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range apps {
		if a.ID == ids[0] && a.Status != domain.ApplicationCancelled {
			t.Errorf("the application's own status is %q", a.Status)
		}
	}
	expect(t, "withdraw", b.post(t, "/mypage/withdraw", nil), http.StatusSeeOther, "/withdrawn")
}
