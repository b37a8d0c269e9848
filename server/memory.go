package main

import (
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// memoryHeadroom is how far the serving process's soft memory limit stays
// above what is always live. Every argon2id hash leaves 19 MiB of garbage,
// and under a storm of sign-ins the collector must reclaim it before it
// piles up; but a limit close to the live heap (the searched postings are
// kept in memory: about 140 MB for 100,000) makes the collector run back
// to back and take most of the CPU. Until the search index is loaded, and
// in the other commands (fill, jobs generate, which hold what they write),
// only GOGC paces the collector. GOMEMLIMIT, when set, is used as it is.
const memoryHeadroom = 128 << 20

// limitFromEnv reports whether GOMEMLIMIT sets the limit.
func limitFromEnv() bool { return os.Getenv("GOMEMLIMIT") != "" }

// fitMemoryLimit sets the soft memory limit to the live heap plus
// memoryHeadroom, and returns the live heap and the limit. It collects
// first, so the live heap is what survives: call it after what stays in
// memory is loaded (the search index), not on a hot path.
func fitMemoryLimit(logger *slog.Logger) (live, limit uint64) {
	if limitFromEnv() {
		return 0, 0
	}
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		live = sample[0].Value.Uint64()
	}
	limit = live + memoryHeadroom
	debug.SetMemoryLimit(int64(limit))
	logger.Info("memory limit", slog.Uint64("live_heap", live), slog.Uint64("limit", limit))
	return live, limit
}
