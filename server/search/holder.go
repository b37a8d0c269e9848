package search

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hellowork/mypage/server/domain"
)

// Source is where the postings come from: the store.
type Source interface {
	// JobsVersion changes whenever the postings change.
	JobsVersion(ctx context.Context) (string, error)
	// AllJobs returns every posting.
	AllJobs(ctx context.Context) ([]domain.Job, error)
}

// Holder keeps the current index of a Source and replaces it when the
// postings change. Searches never wait for a rebuild: they use the index
// they find.
type Holder struct {
	src    Source
	logger *slog.Logger
	cur    atomic.Pointer[Index]
	mu     sync.Mutex // one build at a time
}

// NewHolder returns a Holder with no index yet: the first Index call, or
// Refresh, builds it.
func NewHolder(src Source, logger *slog.Logger) *Holder {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Holder{src: src, logger: logger}
}

// Index returns the current index, building it first if there is none.
func (h *Holder) Index(ctx context.Context) (*Index, error) {
	if x := h.cur.Load(); x != nil {
		return x, nil
	}
	if err := h.Refresh(ctx); err != nil {
		return nil, err
	}
	return h.cur.Load(), nil
}

// Refresh rebuilds the index when the store's postings changed since it was
// built (or there is none yet).
func (h *Holder) Refresh(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	version, err := h.src.JobsVersion(ctx)
	if err != nil {
		return err
	}
	if x := h.cur.Load(); x != nil && x.Version == version {
		return nil
	}
	start := time.Now()
	jobs, err := h.src.AllJobs(ctx)
	if err != nil {
		return err
	}
	read := time.Since(start)
	x := Build(jobs, version)
	h.cur.Store(x)
	st := x.Stats()
	h.logger.Info("search index built", slog.Int("postings", st.Postings), slog.Int("terms", st.Terms),
		slog.Int("posting_bytes", st.PostingBytes), slog.Duration("read", read), slog.Duration("build", x.BuildTime))
	return nil
}

// Run refreshes the index every interval until ctx ends, so a running
// server catches up with `jobs import` and `jobs generate`.
func (h *Holder) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		rctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		if err := h.Refresh(rctx); err != nil && ctx.Err() == nil {
			h.logger.Warn("search index refresh", slog.Any("err", err))
		}
		cancel()
	}
}
