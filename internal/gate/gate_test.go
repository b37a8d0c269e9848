package gate

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestAFullGateLetsOthersWaitTheirTurn(t *testing.T) {
	g := New(1, 1, time.Minute)
	if err := g.Enter(context.Background()); err != nil {
		t.Fatal(err)
	}
	entered := make(chan error)
	go func() { entered <- g.Enter(context.Background()) }()
	for g.Waiting() < 1 {
		runtime.Gosched()
	}
	g.Leave()
	if err := <-entered; err != nil {
		t.Fatalf("the one waiting: %v, want in once a place was free", err)
	}
	if g.Holding() != 1 || g.Waiting() != 0 {
		t.Errorf("holding %d, waiting %d: want 1 and 0", g.Holding(), g.Waiting())
	}
	g.Leave()
}

func TestAFullWaitingRoomRefusesAtOnce(t *testing.T) {
	g := New(1, 2, time.Minute)
	if err := g.Enter(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if err := g.Enter(ctx); !errors.Is(err, context.Canceled) {
				t.Errorf("a waiting one ended with %v, want its context's end", err)
			}
		})
	}
	for g.Waiting() < 2 {
		runtime.Gosched()
	}
	if err := g.Enter(context.Background()); !errors.Is(err, ErrFull) {
		t.Errorf("with the waiting room full: %v, want ErrFull", err)
	}
	cancel()
	wg.Wait()
	if g.Waiting() != 0 || g.Holding() != 1 {
		t.Errorf("holding %d, waiting %d: want 1 and 0", g.Holding(), g.Waiting())
	}
}

func TestATurnThatDoesNotComeInTimeIsRefused(t *testing.T) {
	g := New(1, 1, 10*time.Millisecond)
	if err := g.Enter(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := g.Enter(context.Background()); !errors.Is(err, ErrFull) {
		t.Errorf("after the wait: %v, want ErrFull", err)
	}
	if g.Waiting() != 0 {
		t.Errorf("%d still counted as waiting", g.Waiting())
	}
}

// Under real concurrency no more than the holders are ever in at once, and
// every one is either let in or refused.
func TestNeverMoreInThanItsHolders(t *testing.T) {
	const holders = 3
	g := New(holders, 8, time.Second)
	var in, most, done, refused atomic.Int64
	var wg sync.WaitGroup
	for range 200 {
		wg.Go(func() {
			err := g.Enter(context.Background())
			if errors.Is(err, ErrFull) {
				refused.Add(1)
				return
			}
			if err != nil {
				t.Error(err)
				return
			}
			n := in.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			runtime.Gosched()
			in.Add(-1)
			done.Add(1)
			g.Leave()
		})
	}
	wg.Wait()
	if most.Load() > holders {
		t.Errorf("%d in at once: want at most %d", most.Load(), holders)
	}
	if done.Load()+refused.Load() != 200 {
		t.Errorf("%d done and %d refused of 200", done.Load(), refused.Load())
	}
	if g.Holding() != 0 || g.Waiting() != 0 {
		t.Errorf("holding %d, waiting %d after all left", g.Holding(), g.Waiting())
	}
}
