package main

import (
	"log/slog"
	"runtime"
	"runtime/debug"
	"testing"
)

// The memory limit follows what stays in memory: headroom above the live
// heap, so a large index does not leave the collector running back to back.
func TestMemoryLimitFitsTheLiveHeap(t *testing.T) {
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
	runtime.KeepAlive(kept)
	if live < 64<<20 {
		t.Errorf("live heap %d: want at least the 64 MiB kept", live)
	}
	if limit != live+memoryHeadroom || debug.SetMemoryLimit(-1) != int64(limit) {
		t.Errorf("limit %d (set %d): want the live heap %d plus %d", limit, debug.SetMemoryLimit(-1), live, memoryHeadroom)
	}
}
