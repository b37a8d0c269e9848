package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/retention"
	staffops "github.com/hellowork/mypage/server/staff"
	"github.com/hellowork/mypage/server/store"
)

const staffUsage = `usage:
  server staff reopen EMAIL                        reopen a withdrawn account (also after the 30 days)
  server staff renew EMAIL [YYYY-MM-DD]            renew validity (default: to the end of the month after next)
  server staff registration-type EMAIL counter|online
  server staff unlock-card CARD_NUMBER             unlock a simulated MyNaPortal card
  server retention run                             run the retention sweep now and print what it deleted`

// staff is the counter staff's command line (窓口). Commands that change
// accounts open the store like the server does: on the embedded store, run
// them while the server is stopped. (In test mode the running server does
// the same under /__test/staff, for the browser suite.)
func staff(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError(staffUsage)
	}
	if args[0] == "unlock-card" {
		if len(args) != 2 {
			return usageError(staffUsage)
		}
		if err := staffops.UnlockCard(filepath.Join(cfg.DataDir, "mynaportal"), args[1]); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "card %s unlocked\n", args[1])
		return nil
	}
	want := map[string]int{"reopen": 2, "renew": 2, "registration-type": 3}
	n, ok := want[args[0]]
	if !ok || (len(args) != n && !(args[0] == "renew" && len(args) == 3)) {
		return usageError(staffUsage)
	}
	return withStore(ctx, cfg, stderr, func(st *store.Store) error {
		if args[0] == "registration-type" {
			seeker, err := staffops.SetRegistrationType(ctx, st, args[1], domain.RegistrationType(args[2]))
			if errors.Is(err, staffops.ErrRegistrationType) {
				return usageError(err.Error())
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s (%s) is now %s\n", seeker.Email, seeker.Name, args[2])
			return nil
		}
		seeker, err := staffops.Seeker(ctx, st, args[1], args[0] == "reopen")
		if err != nil {
			return err
		}
		switch args[0] {
		case "reopen":
			if _, err := st.LoginByEmail(ctx, seeker.Email); err != nil {
				return fmt.Errorf("%s: the e-mail now belongs to another My Page; the seeker must register anew", args[1])
			}
			if err := st.Restore(ctx, seeker.ID, seeker.WithdrawnAt); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "reopened %s (%s), withdrawn on %s\n", seeker.Email, seeker.Name, seeker.WithdrawnAt.In(domain.Tokyo).Format("2006-01-02"))
		case "renew":
			until := domain.InitialValidUntil(time.Now())
			if len(args) == 3 {
				d, err := time.ParseInLocation("2006-01-02", args[2], domain.Tokyo)
				if err != nil || d.Before(domain.Date(time.Now())) {
					return usageError("renew: the date must be YYYY-MM-DD, today or later")
				}
				until = d
			}
			if err := st.SetValidUntil(ctx, seeker.ID, until); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "renewed %s (%s): 有効 until %s\n", seeker.Email, seeker.Name, until.Format("2006-01-02"))
		}
		return nil
	})
}

// retentionRun is `server retention run`.
func retentionRun(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	return withStore(ctx, cfg, stderr, func(st *store.Store) error {
		rssBefore := procStatusMB("VmRSS")
		started := time.Now()
		r, err := retention.Sweep(ctx, st, time.Now(), slog.New(slog.NewJSONHandler(stderr, nil)))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "retention sweep at %s: %d seekers seen, %d deleted, in %s; resident memory %d MB before, %d MB at the peak\n",
			r.SweptAt.In(domain.Tokyo).Format(time.RFC3339), r.SeekersSeen, len(r.Seekers), time.Since(started).Round(time.Millisecond), rssBefore, procStatusMB("VmHWM"))
		fmt.Fprintf(stdout, "  deleted: %d accounts, %d logins, %d sessions, %d applications, %d messages, %d MyNaPortal links\n",
			r.Deleted.Seekers, r.Deleted.Logins, r.Deleted.Sessions, r.Deleted.Applications, r.Deleted.Messages, r.Deleted.Links)
		fmt.Fprintf(stdout, "  removed: %d expired sessions, %d throttle windows, %d sign-ins in flight\n", r.Sessions, r.Throttles, r.SignIns)
		return nil
	})
}

// withStore opens the store as the server would and runs f.
func withStore(ctx context.Context, cfg config, stderr io.Writer, f func(*store.Store) error) error {
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, closeStore, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeStore()
	err = f(st)
	if errors.Is(err, store.ErrNotFound) {
		return errors.New("the account changed meanwhile; try again")
	}
	return err
}

// procStatusMB reads a memory figure of this process from /proc (Linux),
// in MB; 0 where there is none.
func procStatusMB(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
			return kb >> 10
		}
	}
	return 0
}
