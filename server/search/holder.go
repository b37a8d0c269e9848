package search

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
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
	file   string     // where the index is kept; "": in memory only
	onSwap func()     // called after a new index replaced the old one
}

// OnSwap makes the holder call f each time a new index has replaced the
// old one (the server fits its memory limit to the postings then). It
// returns h.
func (h *Holder) OnSwap(f func()) *Holder {
	h.onSwap = f
	return h
}

// swap makes x the current index.
func (h *Holder) swap(x *Index) {
	h.cur.Store(x)
	if h.onSwap != nil {
		h.onSwap()
	}
}

// FileName is the index file's name in the directory given to KeepIn.
const FileName = "postings.index"

// KeepIn makes the holder keep its index in a file under dir (created when
// missing): every index it builds is saved there, and when the store's
// postings are still those the file was built from, Refresh loads the file
// instead of reading every posting. It returns h.
func (h *Holder) KeepIn(dir string) *Holder {
	h.file = filepath.Join(dir, FileName)
	return h
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
	// An empty version (no postings were ever written through the store's
	// bulk paths) cannot tell a file's postings from the store's: memory
	// only then.
	keep := h.file != "" && version != ""
	if keep {
		if x := h.load(version); x != nil {
			h.swap(x)
			return nil
		}
	}
	start := time.Now()
	jobs, err := h.src.AllJobs(ctx)
	if err != nil {
		return err
	}
	read := time.Since(start)
	x := Build(jobs, version)
	h.swap(x)
	st := x.Stats()
	h.logger.Info("search index built", slog.Int("postings", st.Postings), slog.Int("terms", st.Terms),
		slog.Int("posting_bytes", st.PostingBytes), slog.Int("job_bytes", st.JobBytes), slog.Int("text_bytes", st.TextBytes),
		slog.Duration("read", read), slog.Duration("build", x.BuildTime))
	if keep {
		start := time.Now()
		if err := x.Save(h.file); err != nil {
			// Searches go on from memory; the next start rebuilds.
			h.logger.Warn("search index not saved", slog.String("file", h.file), slog.Any("err", err))
		} else {
			size := int64(0)
			if fi, err := os.Stat(h.file); err == nil {
				size = fi.Size()
			}
			h.logger.Info("search index saved", slog.String("file", h.file), slog.Int64("bytes", size), slog.Duration("took", time.Since(start)))
		}
	}
	return nil
}

// load returns the index in the file when it was built from the postings
// of version, else nil (and logs why).
func (h *Holder) load(version string) *Index {
	fv, err := FileVersion(h.file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		h.logger.Info("search index file missing: building it", slog.String("file", h.file))
		return nil
	case err != nil:
		h.logger.Warn("search index file unusable: rebuilding", slog.String("file", h.file), slog.Any("err", err))
		return nil
	case fv != version:
		h.logger.Info("search index file stale: rebuilding", slog.String("file", h.file))
		return nil
	}
	x, err := Load(h.file)
	if err != nil {
		h.logger.Warn("search index file unusable: rebuilding", slog.String("file", h.file), slog.Any("err", err))
		return nil
	}
	h.logger.Info("search index loaded", slog.String("file", h.file), slog.Int("postings", x.Len()), slog.Duration("took", x.BuildTime))
	return x
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
