// Command server runs 求職者マイページ, the job-seeker My Page of the HelloWork
// Internet Service.
//
//	go run ./server                                My Page (and the MyNaPortal simulator unless OIDC_ISSUER is set)
//	go run ./server mynaportal                     the MyNaPortal simulator alone
//	go run ./server staff ...                      counter staff (reopen, renew, registration-type, unlock-card)
//	go run ./server retention run                  the retention sweep, now
//	go run ./server fill --seekers N [--seed S]    data of national shape (demo or test mode only)
//	go run ./server jobs generate|import ...        synthetic postings, or postings from JSON Lines
//	go run ./server backup FILE                    a consistent copy of the embedded store, while it serves
//	go run ./server restore FILE                   an empty data directory filled from a backup
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mypage:", err)
		var ce *configError
		var ue usageError
		if errors.As(err, &ce) || errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

type usageError string

func (e usageError) Error() string { return string(e) }

// run is the whole program: main only adds the process around it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	switch {
	case len(args) == 0:
		return serve(ctx, cfg, stdout, stderr)
	case args[0] == "mynaportal" && len(args) == 1:
		return serveSimulator(ctx, cfg, stdout, stderr)
	case args[0] == "staff":
		return staff(ctx, cfg, args[1:], stdout, stderr)
	case args[0] == "jobs":
		return jobsCommand(ctx, cfg, args[1:], stdout, stderr)
	case len(args) == 2 && args[0] == "retention" && args[1] == "run":
		return retentionRun(ctx, cfg, stdout, stderr)
	case args[0] == "backup":
		return backupCommand(ctx, cfg, args[1:], stdout)
	case args[0] == "restore":
		return restoreCommand(ctx, cfg, args[1:], stdout)
	case args[0] == "fill":
		return fillRun(ctx, cfg, args[1:], stdout, stderr)
	}
	return usageError(fmt.Sprintf("unknown command %q (usage: server [mynaportal | staff ... | retention run | fill --seekers N | jobs ... | backup FILE | restore FILE])", strings.Join(args, " ")))
}
