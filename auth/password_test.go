package auth

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestHashAndVerify(t *testing.T) {
	h := NewHasher(2)
	ctx := context.Background()
	enc, err := h.Hash(ctx, "Asu-Yuki-2026")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("encoding = %s", enc)
	}
	for _, tt := range []struct {
		password string
		want     bool
	}{{"Asu-Yuki-2026", true}, {"asu-yuki-2026", false}, {"", false}, {"Asu-Yuki-2026 ", false}} {
		if ok, err := h.Verify(ctx, enc, tt.password); ok != tt.want || err != nil {
			t.Errorf("Verify(%q) = %v, %v; want %v", tt.password, ok, err, tt.want)
		}
	}
	other, _ := h.Hash(ctx, "Asu-Yuki-2026")
	if other == enc {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestVerifyUnknownAccountFails(t *testing.T) {
	h := NewHasher(1)
	for _, p := range []string{"", "dummy", "anything"} {
		if ok, err := h.Verify(context.Background(), "", p); ok || err != nil {
			t.Errorf("Verify with no hash and %q = %v, %v", p, ok, err)
		}
	}
}

func TestVerifyRejectsMalformedHashes(t *testing.T) {
	h := NewHasher(1)
	for _, enc := range []string{"x", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=99999999,t=1,p=1$AA$AA", "$argon2id$v=19$m=8,t=1,p=1$!!$AA"} {
		if _, err := h.Verify(context.Background(), enc, "p"); err != ErrMalformedHash {
			t.Errorf("Verify(%q) err = %v", enc, err)
		}
	}
}

func TestHashingConcurrencyIsBounded(t *testing.T) {
	h := NewHasher(2)
	var running, peak atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := h.acquire(context.Background()); err != nil {
				t.Error(err)
				return
			}
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(5 * time.Millisecond)
			running.Add(-1)
			h.release()
		})
	}
	wg.Wait()
	if peak.Load() > 2 {
		t.Errorf("%d hashes ran at once, want at most 2", peak.Load())
	}
}

func TestHashGivesUpWithItsRequest(t *testing.T) {
	h := NewHasher(1)
	if err := h.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer h.release()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.Hash(ctx, "password123"); err == nil {
		t.Error("Hash waited past its context")
	}
}

func TestLongPasswordsCostTheSame(t *testing.T) {
	h := NewHasher(1)
	ctx := context.Background()
	long := strings.Repeat("a1", 100_000)
	enc, err := h.Hash(ctx, long)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := h.Verify(ctx, enc, long); !ok {
		t.Error("a long password does not verify")
	}
}

func TestABusyHasherRefusesAtOnce(t *testing.T) {
	h := NewHasher(1)
	if err := h.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer h.release()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range waitingPerSlot {
		wg.Go(func() {
			if err := h.acquire(ctx); !errors.Is(err, context.Canceled) {
				t.Errorf("a waiting request ended with %v, want its context's end", err)
			}
		})
	}
	for h.gate.Waiting() < waitingPerSlot {
		runtime.Gosched()
	}
	if _, err := h.Verify(context.Background(), h.dummy, "password123"); !errors.Is(err, ErrBusy) {
		t.Errorf("with the waiting room full, Verify gave %v, want ErrBusy", err)
	}
	cancel()
	wg.Wait()
	if h.gate.Waiting() != 0 {
		t.Errorf("%d requests still counted as waiting", h.gate.Waiting())
	}
}
