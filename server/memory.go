package main

import (
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/metrics"
)

// memoryHeadroom is the least room the serving process's soft memory limit
// leaves above what it holds once the search index is loaded (about 140 MB
// for 100,000 postings, 1.5 GB for 1,000,000). The limit is a ceiling for
// the pathological, not the pace: GOGC paces the collector (a collection
// each time the heap doubles), argon2id's 19 MiB of garbage per hash
// included. A limit close to what is held made the collector run back to
// back whenever the heap grew a little after start (connections opened
// under a burst, fragmentation), taking most of the CPU for minutes. Until
// the index is loaded, and in the other commands, there is no limit.
// GOMEMLIMIT, when set, is used as it is.
const memoryHeadroom = 512 << 20

// limitFromEnv reports whether GOMEMLIMIT sets the limit.
func limitFromEnv() bool { return os.Getenv("GOMEMLIMIT") != "" }

// fitMemoryLimit sets the soft memory limit to what the process holds once
// its garbage is collected and returned, plus the larger of memoryHeadroom
// and the live heap, and returns the live heap and the limit. The limit
// counts everything the Go runtime maps (the heap with its fragmentation
// and metadata, stacks), not only live objects. Call it after what stays in
// memory is loaded (the search index), never on a hot path: it collects.
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
	limit = held + max(memoryHeadroom, live)
	debug.SetMemoryLimit(int64(limit))
	logger.Info("memory limit", slog.Uint64("live_heap", live), slog.Uint64("held", held), slog.Uint64("limit", limit))
	return live, limit
}
