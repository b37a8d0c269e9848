// Package staff holds what counter staff (窓口) do to an account or a card:
// the `server staff` command line calls it, and so do the test-mode routes
// under /__test/staff that the browser suite uses against a running server.
package staff

import (
	"context"
	"errors"
	"fmt"

	"github.com/hellowork/mypage/auth/mynaportal"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
)

var (
	// ErrNoAccount: no account signs in with the e-mail.
	ErrNoAccount = errors.New("no account")
	// ErrNoWithdrawnAccount: no withdrawn account has the e-mail on record.
	ErrNoWithdrawnAccount = errors.New("no withdrawn account")
	// ErrRegistrationType: the type is neither counter nor online.
	ErrRegistrationType = errors.New("registration-type: counter or online")
)

// Seeker finds the account of an e-mail: the one signing in with it, or
// with withdrawn the most recently withdrawn one on record.
func Seeker(ctx context.Context, st *store.Store, email string, withdrawn bool) (domain.Seeker, error) {
	list, err := st.SeekersByEmail(ctx, email)
	if err != nil {
		return domain.Seeker{}, err
	}
	var found *domain.Seeker
	for i := range list {
		if list[i].Withdrawn() == withdrawn {
			found = &list[i]
		}
	}
	if found == nil {
		if withdrawn {
			return domain.Seeker{}, fmt.Errorf("%s: %w", email, ErrNoWithdrawnAccount)
		}
		return domain.Seeker{}, fmt.Errorf("%s: %w", email, ErrNoAccount)
	}
	return *found, nil
}

// SetRegistrationType makes the account of an e-mail a 利用登録者 (counter)
// or an オンライン登録者 (online), and returns it as it was found.
func SetRegistrationType(ctx context.Context, st *store.Store, email string, t domain.RegistrationType) (domain.Seeker, error) {
	if t != domain.RegisteredCounter && t != domain.RegisteredOnline {
		return domain.Seeker{}, ErrRegistrationType
	}
	seeker, err := Seeker(ctx, st, email, false)
	if err != nil {
		return domain.Seeker{}, err
	}
	return seeker, st.SetRegistrationType(ctx, seeker.ID, t)
}

// ErrUnknownCard: the simulator has no card of the number.
var ErrUnknownCard = mynaportal.ErrUnknownCard

// UnlockCard clears the wrong-PIN count and the lock of a simulated
// MyNaPortal card; cardsDir is the simulator's data directory. It works
// while the simulator runs.
func UnlockCard(cardsDir, card string) error {
	return mynaportal.UnlockCard(cardsDir, card)
}
