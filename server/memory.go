package main

import (
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/metrics"
)

// memoryHeadroom is the least room the serving process's soft memory limit
// leaves above what it holds once the search index is loaded (about 150 MB
// for 100,000 postings, 1.8 GB for 1,000,000); a large heap gets half of
// itself again. Below the limit GOGC paces the collector; the limit binds
// only when the heap grows well past what is held, and then it makes the
// runtime collect and return memory to the system, so a burst does not
// leave the process's resident memory high for minutes after it. What
// keeps a burst from filling the headroom is the server's admission (a
// bounded number of requests worked on and waiting at once) and the
// password hasher's: with the heap free to grow under an unbounded number
// of requests, a limit this close made the collector run back to back.
// Until the index is loaded, and in the other commands, there is no limit.
// GOMEMLIMIT, when set, is used as it is.
const memoryHeadroom = 256 << 20

// limitFromEnv reports whether GOMEMLIMIT sets the limit.
func limitFromEnv() bool { return os.Getenv("GOMEMLIMIT") != "" }

// fitMemoryLimit sets the soft memory limit to what the process holds once
// its garbage is collected and returned, plus the larger of memoryHeadroom
// and half the live heap, and returns the live heap and the limit. The limit
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
	limit = held + max(memoryHeadroom, live/2)
	debug.SetMemoryLimit(int64(limit))
	logger.Info("memory limit", slog.Uint64("live_heap", live), slog.Uint64("held", held), slog.Uint64("limit", limit))
	return live, limit
}
