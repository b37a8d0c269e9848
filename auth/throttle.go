package auth

import (
	"context"
	"net/netip"
	"time"
)

// ThrottleBackend counts password attempts per key within a window. It is
// shared by every app server, so a limit holds however requests are spread.
type ThrottleBackend interface {
	// Reserve counts one attempt for key in the window that began at or
	// after since (or opens a new window at now) and returns the count
	// including this one. Counting and reading are one atomic step: parallel
	// attempts each get a count of their own.
	Reserve(ctx context.Context, key string, now, since time.Time) (int, error)
	// Release takes back one attempt of key that turned out not to count.
	Release(ctx context.Context, key string) error
}

// Throttle limits password attempts per account and per client address. It
// is one budget for every flow that checks a password: sign-in,
// re-registration and MyNaPortal linking. An attempt is reserved before the
// password is hashed, so parallel guesses cannot pass the limit, and the
// answer is the same whether or not the account exists.
type Throttle struct {
	Backend    ThrottleBackend
	Window     time.Duration
	PerAccount int
	PerAddress int
}

// NewThrottle returns the product's limits: 5 failed attempts per account
// and 30 per client address within 15 minutes.
func NewThrottle(b ThrottleBackend) *Throttle {
	return &Throttle{Backend: b, Window: 15 * time.Minute, PerAccount: 5, PerAddress: 30}
}

func accountKey(account string) string { return "account:" + account }
func addressKey(addr string) string    { return "address:" + addr }

// Attempt is a reserved password attempt. Exactly one of Succeeded, Failed
// or Cancel ends it.
type Attempt struct {
	t       *Throttle
	account string
	addr    string
}

// Reserve counts an attempt for account from addr before any password is
// checked. It returns ok=false, having counted nothing, when either budget
// is spent.
func (t *Throttle) Reserve(ctx context.Context, account, addr string, now time.Time) (*Attempt, bool, error) {
	since := now.Add(-t.Window)
	n, err := t.Backend.Reserve(ctx, accountKey(account), now, since)
	if err != nil {
		return nil, false, err
	}
	if n > t.PerAccount {
		return nil, false, t.Backend.Release(ctx, accountKey(account))
	}
	n, err = t.Backend.Reserve(ctx, addressKey(addr), now, since)
	if err != nil {
		_ = t.Backend.Release(context.WithoutCancel(ctx), accountKey(account))
		return nil, false, err
	}
	if n > t.PerAddress {
		err := t.Backend.Release(ctx, addressKey(addr))
		if rerr := t.Backend.Release(ctx, accountKey(account)); err == nil {
			err = rerr
		}
		return nil, false, err
	}
	return &Attempt{t: t, account: account, addr: addr}, true, nil
}

// Failed keeps the attempt counted against the account and the address.
func (a *Attempt) Failed() {}

// Succeeded gives the attempt back to the account and the address. The
// failures before it keep counting until their window ends: a success in
// between (the owner's, or a guess that was right) opens no new budget for
// the guesses still in flight, so at most the limit are ever checked.
func (a *Attempt) Succeeded(ctx context.Context) error {
	return a.Cancel(ctx)
}

// Cancel gives the attempt back when the password could not be checked at
// all (the server was too busy): it was not the user's guess.
func (a *Attempt) Cancel(ctx context.Context) error {
	err := a.t.Backend.Release(ctx, accountKey(a.account))
	if rerr := a.t.Backend.Release(ctx, addressKey(a.addr)); err == nil {
		err = rerr
	}
	return err
}

// ClientKey is the throttle's name for a client address: the address
// itself for IPv4, its /64 for IPv6 (one subscriber gets a whole /64).
func ClientKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, err := a.Prefix(64)
	if err != nil {
		return a.String()
	}
	return p.String()
}
