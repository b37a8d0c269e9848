// Package clock is where My Page reads the time. Outside test mode every
// rule reads the wall clock. In test mode QA makes test clocks, after
// Stripe's: a clock is an object with a time of its own, moved only by
// QA; a request names one by the cookie mypage_test_clock, and a seeker
// registered under a clock is attached to it for good, so its sessions,
// validity, withdrawal window, throttles and retention all live on that
// clock, whichever request touches it. Nothing else moves.
package clock

import (
	"context"
	"errors"
	"time"
)

// ErrUnknown is returned for a test clock that does not exist.
var ErrUnknown = errors.New("clock: unknown test clock")

// Store keeps test clocks; every app server sharing it agrees on them.
type Store interface {
	TestClockTime(ctx context.Context, id string) (time.Time, error)
}

// Clocks tells the time for a request.
type Clocks struct {
	// Wall is the time outside test clocks: time.Now in production.
	Wall func() time.Time
	// Tests are the test clocks, nil outside test mode.
	Tests Store
}

type key struct{}

// With returns ctx on test clock id ("" for none).
func With(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, key{}, id)
}

// ID is the test clock of ctx, or "".
func ID(ctx context.Context) string {
	id, _ := ctx.Value(key{}).(string)
	return id
}

// Now is the time for ctx: its test clock's, or the wall clock's.
func (c *Clocks) Now(ctx context.Context) (time.Time, error) {
	if id := ID(ctx); id != "" && c.Tests != nil {
		return c.Tests.TestClockTime(ctx, id)
	}
	return c.Wall(), nil
}

// NowOf is the time of test clock id ("" for the wall clock).
func (c *Clocks) NowOf(ctx context.Context, id string) (time.Time, error) {
	return c.Now(With(ctx, id))
}

// TestMode reports whether test clocks are served.
func (c *Clocks) TestMode() bool { return c.Tests != nil }
