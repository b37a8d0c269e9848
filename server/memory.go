package main

import (
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/metrics"
)

// memoryHeadroom is the least room the serving process's soft memory limit
// leaves above what it always holds. Every argon2id hash leaves 19 MiB of
// garbage, and under a storm of sign-ins the collector must reclaim it
// before it piles up; but a limit close to what is held (the searched
// postings are kept in memory: about 140 MB for 100,000, 1.5 GB for
// 1,000,000) makes the collector run back to back and take most of the
// CPU. Until the search index is loaded, and in the other commands (fill,
// jobs generate, which hold what they write), only GOGC paces the
// collector. GOMEMLIMIT, when set, is used as it is.
const memoryHeadroom = 128 << 20

// limitFromEnv reports whether GOMEMLIMIT sets the limit.
func limitFromEnv() bool { return os.Getenv("GOMEMLIMIT") != "" }

// fitMemoryLimit sets the soft memory limit to what the process holds once
// its garbage is collected and returned, plus the larger of memoryHeadroom
// and half the live heap (so the collector runs at most once per that much
// allocation, however large the index), and returns the live heap and the
// limit. The limit counts everything the Go runtime maps (the heap with its
// fragmentation and metadata, stacks), not only live objects: fitted to the
// live heap alone, a large index left the process over its limit for good,
// collecting without pause. Call it after what stays in memory is loaded
// (the search index), never on a hot path: it collects twice.
func fitMemoryLimit(logger *slog.Logger) (live, limit uint64) {
	if limitFromEnv() {
		return 0, 0
	}
	debug.FreeOSMemory()
	sample := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	metrics.Read(sample)
	live = sample[0].Value.Uint64()
	held := sample[1].Value.Uint64() - sample[2].Value.Uint64()
	limit = held + max(memoryHeadroom, live/2)
	debug.SetMemoryLimit(int64(limit))
	logger.Info("memory limit", slog.Uint64("live_heap", live), slog.Uint64("held", held), slog.Uint64("limit", limit))
	return live, limit
}
