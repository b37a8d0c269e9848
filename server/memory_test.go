package main

import (
	"log/slog"
	"runtime"
	"runtime/debug"
	"testing"
)

// The memory limit leaves room above all the runtime holds, in proportion
// to a large heap, so the collector is paced by GOGC until a burst grows
// the heap well past what stays in memory.
func TestMemoryLimitFitsWhatIsHeld(t *testing.T) {
	if limitFromEnv() {
		t.Skip("GOMEMLIMIT is set: the limit is the environment's")
	}
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })

	kept := make([][]byte, 64)
	for i := range kept {
		kept[i] = make([]byte, 1<<20) // 64 MiB that stay live
	}
	live, limit := fitMemoryLimit(slog.New(slog.DiscardHandler))
	if live < 64<<20 {
		t.Errorf("live heap %d: want at least the 64 MiB kept", live)
	}
	if debug.SetMemoryLimit(-1) != int64(limit) {
		t.Errorf("limit %d returned, %d set", limit, debug.SetMemoryLimit(-1))
	}
	// Room above everything held: the live heap and the runtime's own
	// memory, plus the headroom.
	if limit < live+memoryHeadroom {
		t.Errorf("limit %d: want at least the live heap %d plus %d", limit, live, memoryHeadroom)
	}

	// A large heap gets room in proportion: half as much again.
	more := make([][]byte, 512)
	for i := range more {
		more[i] = make([]byte, 1<<20) // 512 MiB more that stay live
	}
	live, limit = fitMemoryLimit(slog.New(slog.DiscardHandler))
	runtime.KeepAlive(more)
	runtime.KeepAlive(kept)
	if limit < live+live/2 {
		t.Errorf("limit %d over a live heap of %d: want room of at least half as much again", limit, live)
	}
}
