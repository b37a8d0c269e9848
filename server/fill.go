package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/fill"
	"github.com/hellowork/mypage/server/store"
)

// fillRun is `server fill --seekers N [--seed S]`: data of national shape
// for tests and benchmarks, refused in production.
func fillRun(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fill", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("seekers", 0, "how many seekers to generate")
	seedValue := fs.Uint64("seed", 1, "the seed: the same seed makes the same data")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 || *n <= 0 {
		return usageError("usage: server fill --seekers N [--seed S]")
	}
	if !cfg.Demo && !cfg.TestClock {
		return errors.New("fill makes synthetic seekers: it runs only in demo or test mode (MYPAGE_DEMO, MYPAGE_TEST_CLOCK), never in production")
	}
	hash, err := auth.NewHasher(1).Hash(ctx, fill.Password)
	if err != nil {
		return err
	}
	return withStore(ctx, cfg, stderr, func(st *store.Store) error {
		if err := st.EnsureIndexes(ctx); err != nil {
			return err
		}
		started := time.Now()
		last := started
		c, err := fill.Fill(ctx, st, fill.Options{Seekers: *n, Seed: *seedValue, Now: time.Now(), PasswordHash: hash,
			Progress: func(done int) {
				if time.Since(last) > 10*time.Second {
					last = time.Now()
					fmt.Fprintf(stderr, "fill: %d of %d seekers (%s)\n", done, *n, time.Since(started).Round(time.Second))
				}
			}})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "filled %d seekers in %s: %d 有効, %d switched to 無効, %d withdrawn; %d applications (%d in progress), %d messages, %d sessions, %d MyNaPortal links, %d throttle windows\n",
			c.Seekers, time.Since(started).Round(time.Millisecond), c.Active, c.Deactivated, c.Withdrawn, c.Applications, c.InProgress, c.Messages, c.Sessions, c.Links, c.Throttles)
		fmt.Fprintf(stdout, "sign in as %s … %s with the password %s\n", fill.Email(0), fill.Email(c.Seekers-1), fill.Password)
		return nil
	})
}
