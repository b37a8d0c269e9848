package auth

import (
	"context"
	"time"
)

// ThrottleBackend counts failed attempts per key within a window. It is
// shared by every app server, so a limit holds however requests are spread.
type ThrottleBackend interface {
	// FailuresSince returns the failures recorded for key in the window that
	// began at since.
	FailuresSince(ctx context.Context, key string, since time.Time) (int, error)
	// RecordFailure adds one failure for key at now, starting a new window
	// when the current one began before since.
	RecordFailure(ctx context.Context, key string, now, since time.Time) error
	// ResetFailures forgets the failures of key.
	ResetFailures(ctx context.Context, key string) error
}

// Throttle limits failed sign-in attempts per account and per client
// address. It answers the same way whether or not the account exists.
type Throttle struct {
	Backend    ThrottleBackend
	Window     time.Duration
	PerAccount int
	PerAddress int
}

// NewThrottle returns the limits of the design: 5 failures per account and
// 30 per client address within 15 minutes.
func NewThrottle(b ThrottleBackend) *Throttle {
	return &Throttle{Backend: b, Window: 15 * time.Minute, PerAccount: 5, PerAddress: 30}
}

func accountKey(scope, account string) string { return scope + ":account:" + account }
func addressKey(scope, addr string) string    { return scope + ":address:" + addr }

// Allowed reports whether another attempt in scope ("login", "reregister")
// for account from addr may be checked now.
func (t *Throttle) Allowed(ctx context.Context, scope, account, addr string, now time.Time) (bool, error) {
	since := now.Add(-t.Window)
	n, err := t.Backend.FailuresSince(ctx, accountKey(scope, account), since)
	if err != nil || n >= t.PerAccount {
		return false, err
	}
	n, err = t.Backend.FailuresSince(ctx, addressKey(scope, addr), since)
	if err != nil {
		return false, err
	}
	return n < t.PerAddress, nil
}

// Failed records a failed attempt against both the account and the address.
func (t *Throttle) Failed(ctx context.Context, scope, account, addr string, now time.Time) error {
	since := now.Add(-t.Window)
	if err := t.Backend.RecordFailure(ctx, accountKey(scope, account), now, since); err != nil {
		return err
	}
	return t.Backend.RecordFailure(ctx, addressKey(scope, addr), now, since)
}

// Succeeded clears the account's failures; the address keeps its count so
// one good account cannot launder guesses at others.
func (t *Throttle) Succeeded(ctx context.Context, scope, account string) error {
	return t.Backend.ResetFailures(ctx, accountKey(scope, account))
}
