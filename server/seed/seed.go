// Package seed holds the demo data of My Page and puts it in an empty store.
package seed

import (
	"context"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
)

// SignIn is a demo sign-in printed at start.
type SignIn struct {
	Name, Email, Password string
}

// SignIns returns the demo sign-ins.
func SignIns() []SignIn {
	var out []SignIn
	for _, d := range DemoSeekers(time.Now()) {
		out = append(out, SignIn{Name: d.Seeker.Name, Email: d.Seeker.Email, Password: d.Password})
	}
	return out
}

// StoreOffices stores the HelloWork offices, the reference data every mode
// needs (registration offers them), leaving those already there.
func StoreOffices(ctx context.Context, st *store.Store, now time.Time) error {
	return st.Seed(ctx, store.SeedData{Offices: Offices()}, now, false)
}

// IfEmpty stores the demo data unless the store was seeded before. It
// reports whether it seeded.
func IfEmpty(ctx context.Context, st *store.Store, hasher *auth.Hasher, now time.Time) (bool, error) {
	done, err := st.Seeded(ctx)
	if err != nil || done {
		return false, err
	}
	data := store.SeedData{Offices: Offices(), Jobs: Jobs(now)}
	for _, d := range DemoSeekers(now) {
		hash, err := hasher.Hash(ctx, d.Password)
		if err != nil {
			return false, err
		}
		sk := d.Seeker
		sk.ValidUntil = domain.InitialValidUntil(sk.RegisteredAt)
		for i, ref := range sk.Applying {
			for _, a := range d.Applications {
				if a.ID == ref.ApplicationID {
					sk.Applying[i].Company, sk.Applying[i].AppliedAt = a.Company, a.AppliedAt
				}
			}
		}
		sk.ApplyingCount = len(sk.Applying)
		data.Seekers = append(data.Seekers, store.SeedSeeker{Seeker: sk, PasswordHash: hash})
		data.Applications = append(data.Applications, d.Applications...)
		data.Messages = append(data.Messages, d.Messages...)
	}
	return true, st.Seed(ctx, data, now, true)
}
