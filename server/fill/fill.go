// Package fill makes data of national shape for tests and benchmarks — never
// for production (the command that runs it refuses outside demo and test
// mode): seekers registered over five years, 有効 and 無効, switched off,
// withdrawn, with 0–20 applications in every state, messages, sessions,
// MyNaPortal links and throttle windows. It is deterministic for a seed, and
// every generated seeker shares one password hash, computed once.
package fill

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/seed"
	"github.com/hellowork/mypage/server/store"
)

// Password is the password of every generated seeker.
const Password = "Fill-Seeker-2026"

// Probes is how many seekers, the first ones, have the same fixed shape
// whatever the volume: a benchmark signs in as them, so its pages cost the
// same per seeker at 100 and at 1,000,000 seekers.
const Probes = 8

// Email is the e-mail address of generated seeker i.
func Email(i int) string { return fmt.Sprintf("fill%07d@example.jp", i) }

// ID is the _id of generated seeker i.
func ID(i int) string { return fmt.Sprintf("fill-%07d", i) }

// Options say what to generate.
type Options struct {
	Seekers      int
	Seed         uint64
	Now          time.Time
	PasswordHash string // of Password
	Batch        int    // seekers per insert; default 500
	Progress     func(done int)
}

// Counts says what a fill stored.
type Counts struct {
	Seekers, Active, Deactivated, Withdrawn, Applications, InProgress, Messages, Sessions, Links, Throttles int
}

var (
	surnames  = []string{"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田"}
	given     = []string{"勇気", "花子", "太郎", "陽菜", "蓮", "結衣", "大翔", "美咲", "健一", "由美"}
	titles    = []string{"一般事務", "介護職員", "営業", "倉庫内作業", "調理補助", "看護師", "保育士", "プログラマー", "販売スタッフ", "清掃スタッフ"}
	companies = []string{"株式会社ハローワークス", "社会福祉法人あおば会", "有限会社みどり商事", "医療法人さくら会", "株式会社東京物流"}
	senders   = []string{"ハローワーク飯田橋", "株式会社ハローワークス", "社会福祉法人あおば会"}
)

// Fill stores o.Seekers generated seekers, batch by batch.
func Fill(ctx context.Context, st *store.Store, o Options) (Counts, error) {
	if o.Batch <= 0 {
		o.Batch = 500
	}
	offices := seed.Offices()
	var c Counts
	for start := 0; start < o.Seekers; start += o.Batch {
		var g store.Generated
		for i := start; i < min(start+o.Batch, o.Seekers); i++ {
			r := rand.New(rand.NewPCG(o.Seed, uint64(i)))
			one(&g, &c, r, i, o, offices)
		}
		if err := st.InsertGenerated(ctx, g); err != nil {
			return c, err
		}
		if o.Progress != nil {
			o.Progress(min(start+o.Batch, o.Seekers))
		}
	}
	return c, nil
}

func one(g *store.Generated, c *Counts, r *rand.Rand, i int, o Options, offices []domain.Office) {
	now := o.Now
	probe := i < Probes
	// Registered at any moment of the last five years.
	reg := now.Add(-time.Duration(r.Int64N(int64(5 * 365 * 24 * time.Hour))))
	if probe {
		reg = now.AddDate(0, -1, 0)
	}
	valid := domain.InitialValidUntil(reg)
	// Counter users are renewed by staff: about a third still 有効 today.
	kind := domain.RegisteredOnline
	if r.IntN(5) < 2 {
		kind = domain.RegisteredCounter
	}
	if !probe && r.IntN(3) == 0 && valid.Before(now) {
		valid = domain.InitialValidUntil(now.AddDate(0, -r.IntN(2), 0))
	}
	office := offices[r.IntN(len(offices))]
	sk := domain.Seeker{
		ID: ID(i), Email: Email(i), Name: surnames[r.IntN(len(surnames))] + " " + given[r.IntN(len(given))],
		NameKana: "ジュンビ タロウ", Birthdate: fmt.Sprintf("%d-%02d-%02d", 1960+r.IntN(45), 1+r.IntN(12), 1+r.IntN(28)),
		OfficeID: office.ID, OfficeName: office.Name, RegistrationType: kind, RegisteredAt: reg, ValidUntil: valid,
		Disclosure: "非公開", ActivityListed: true, SessionsListed: true,
	}
	if r.IntN(2) == 0 {
		sk.Disclosure = "公開中"
	}
	active := domain.IsValid(valid, now)
	if !probe && r.IntN(10) == 0 {
		// Switched to 無効 some time between registration and the end of
		// validity (or today).
		end := domain.Date(valid).AddDate(0, 0, 1)
		if now.Before(end) {
			end = now
		}
		sk.DeactivatedAt = reg.Add(time.Duration(r.Int64N(int64(end.Sub(reg)) + 1)))
		active = false
		c.Deactivated++
	}
	withdrawn := !probe && r.IntN(20) == 0
	if withdrawn {
		sk.WithdrawnAt = reg.Add(time.Duration(r.Int64N(int64(now.Sub(reg)) + 1)))
		c.Withdrawn++
	}
	if active && !withdrawn {
		c.Active++
	}

	// 0–20 applications, most seekers few; in progress only while 有効 and
	// not withdrawn (withdrawal needs none in progress).
	nApps := []int{0, 0, 1, 1, 2, 3, 4, 5, 7, 10, 14, 20}[r.IntN(12)]
	nMsgs := r.IntN(21)
	if probe {
		nApps, nMsgs = 10, 10
	}
	for k := range nApps {
		at := reg.Add(time.Duration(r.Int64N(int64(now.Sub(reg)) + 1)))
		a := domain.Application{ID: fmt.Sprintf("%s-a%02d", sk.ID, k), SeekerID: sk.ID,
			JobID: fmt.Sprintf("13010-%08d", r.IntN(100_000_000)), JobTitle: titles[r.IntN(len(titles))],
			Company: companies[r.IntN(len(companies))], AppliedAt: at, Status: domain.ApplicationClosed}
		switch {
		case active && !withdrawn && (k%3 == 0):
			a.Status = domain.ApplicationInProgress
			sk.Applying = append(sk.Applying, domain.ApplicationRef{ApplicationID: a.ID, JobID: a.JobID, JobTitle: a.JobTitle, Company: a.Company, AppliedAt: a.AppliedAt})
			c.InProgress++
		case k%2 == 0:
			a.Status = domain.ApplicationCancelled
		}
		sk.ApplicationIDs = append(sk.ApplicationIDs, a.ID)
		g.Applications = append(g.Applications, a)
	}
	for k := range nMsgs {
		m := domain.Message{ID: fmt.Sprintf("%s-m%02d", sk.ID, k), SeekerID: sk.ID, From: senders[r.IntN(len(senders))],
			Subject: "応募書類の受付について", Body: "このたびはご応募いただきありがとうございます。書類選考の結果は追ってご連絡いたします。",
			SentAt: reg.Add(time.Duration(r.Int64N(int64(now.Sub(reg)) + 1))), Read: r.IntN(4) != 0}
		if !m.Read {
			sk.UnreadMessages++
		}
		sk.MessageIDs = append(sk.MessageIDs, m.ID)
		g.Messages = append(g.Messages, m)
	}
	c.Applications += nApps
	c.Messages += nMsgs

	// About one session per seeker: the 有効 sign in. The hourly sweep
	// removes sessions a day after they expired, so a live store holds
	// those of the last 25 hours or so: the sign-ins spread over the last
	// 26 hours, the oldest of them due to the sweep.
	if !withdrawn && !probe {
		for k := range r.IntN(3) {
			at := now.Add(-time.Duration(r.Int64N(int64(26 * time.Hour))))
			sum := sha256.Sum256(fmt.Appendf(nil, "fill-session|%d|%d|%d", o.Seed, i, k))
			id := hex.EncodeToString(sum[:])
			g.Sessions = append(g.Sessions, auth.SessionRecord{ID: id, SeekerID: sk.ID, Via: auth.ViaPassword,
				CreatedAt: at, LastSeenAt: at, IdleExpiresAt: at.Add(30 * time.Minute), AbsoluteExpiresAt: at.Add(8 * time.Hour)})
			sk.SessionIDs = append(sk.SessionIDs, id)
			c.Sessions++
		}
	}
	if !probe && r.IntN(4) == 0 {
		l := store.Link{ID: fmt.Sprintf("https://mynaportal.example|fill-sub-%07d", i), SeekerID: sk.ID, LinkedAt: reg}
		sk.MyNaPortalLinkID, sk.MyNaPortalLinkedAt = l.ID, l.LinkedAt
		g.Links = append(g.Links, l)
		c.Links++
	}
	if !probe && r.IntN(20) == 0 {
		g.Throttles = append(g.Throttles, store.ThrottleWindow{Key: "account:" + sk.Email, Failures: 1 + r.IntN(5),
			WindowStart: now.Add(-time.Duration(r.Int64N(int64(48 * time.Hour))))})
		c.Throttles++
	}
	g.Seekers = append(g.Seekers, store.SeedSeeker{Seeker: sk, PasswordHash: o.PasswordHash})
	c.Seekers++
}
