// Package gate bounds how much work of one kind a process does at once: a
// fixed number of holders, a bounded number of others waiting their turn
// for a bounded time, and the rest refused at once. Refusing early is what
// keeps memory and latency bounded under a load the process cannot serve:
// work that waits costs little, work that would wait too long costs
// nothing.
package gate

import (
	"context"
	"errors"
	"time"
)

// ErrFull reports that the work was refused: too many waiting already, or
// its turn did not come within the gate's wait.
var ErrFull = errors.New("gate: too much work waiting")

// Gate lets at most a fixed number of holders in at once.
type Gate struct {
	slots   chan struct{}
	waiting chan struct{}
	maxWait time.Duration
}

// New returns a gate of holders slots (at least 1), with at most waiting
// others waiting their turn, each for at most maxWait.
func New(holders, waiting int, maxWait time.Duration) *Gate {
	return &Gate{slots: make(chan struct{}, max(holders, 1)), waiting: make(chan struct{}, max(waiting, 0)), maxWait: maxWait}
}

// Enter takes a place, waiting for one if there is room to wait. It returns
// nil once in (call Leave when done), ErrFull when refused, or ctx's error
// when ctx ends first.
func (g *Gate) Enter(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
		return nil
	default:
	}
	select {
	case g.waiting <- struct{}{}:
		defer func() { <-g.waiting }()
	default:
		return ErrFull
	}
	wait := time.NewTimer(g.maxWait)
	defer wait.Stop()
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-wait.C:
		return ErrFull
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Leave gives back the place Enter took.
func (g *Gate) Leave() { <-g.slots }

// Holding is how many are in.
func (g *Gate) Holding() int { return len(g.slots) }

// Waiting is how many wait their turn.
func (g *Gate) Waiting() int { return len(g.waiting) }
