// Command server runs 求職者マイページ, the job-seeker My Page of the HelloWork
// Internet Service.
//
//	go run ./server    My Page on MYPAGE_ADDR, embedded store under MYPAGE_DATA_DIR
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
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
	if len(args) > 0 {
		return usageError(fmt.Sprintf("unknown command %q (usage: server)", args[0]))
	}
	return serve(ctx, cfg, stdout, stderr)
}
