package store

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Embedded is a FerretDB running in this process on a loopback port, with
// its SQLite files in a directory.
type Embedded struct {
	dir    string
	uri    string
	cancel context.CancelFunc
	done   chan struct{}
}

// StartEmbedded starts FerretDB with its files under dir on a free loopback
// port. Its own logs go to logger at error level only: it warns about
// routine driver commands it does not know, such as endSessions.
func StartEmbedded(ctx context.Context, dir string, logger *slog.Logger) (*Embedded, error) {
	return StartEmbeddedAt(ctx, dir, "127.0.0.1:0", logger)
}

// StartEmbeddedAt is StartEmbedded on a given address, so a store can be
// stopped and started again where its clients expect it.
func StartEmbeddedAt(ctx context.Context, dir, addr string, logger *slog.Logger) (*Embedded, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("embedded store: %w", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("embedded store: %w", err)
	}
	quiet := slog.New(&levelFilter{Handler: logger.Handler(), min: slog.LevelError}).With(slog.String("component", "ferretdb"))
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
		Logger:    quiet,
	})
	if err != nil {
		return nil, fmt.Errorf("embedded store: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	e := &Embedded{dir: abs, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(e.done)
		_ = f.Run(runCtx)
	}()
	e.uri = f.MongoDBURI()
	return e, nil
}

// URI is the MongoDB connection string of the embedded store.
func (e *Embedded) URI() string { return e.uri }

// Stop stops the embedded store and waits until its files are closed.
func (e *Embedded) Stop() {
	e.cancel()
	<-e.done
}

type levelFilter struct {
	slog.Handler
	min slog.Level
}

func (h *levelFilter) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}

func (h *levelFilter) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &levelFilter{Handler: h.Handler.WithAttrs(attrs), min: h.min}
}

func (h *levelFilter) WithGroup(name string) slog.Handler {
	return &levelFilter{Handler: h.Handler.WithGroup(name), min: h.min}
}
