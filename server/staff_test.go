package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
)

// seededDataDir runs the server once so its data dir holds the demo data.
func seededDataDir(t *testing.T) string {
	dir := t.TempDir()
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, nil, env("MYPAGE_ADDR", "127.0.0.1:"+port, "MYNAPORTAL_ADDR", "127.0.0.1:0", "MYPAGE_DATA_DIR", dir), io.Discard, io.Discard)
	}()
	waitReady(t, "http://127.0.0.1:"+port)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	return dir
}

func runStaff(t *testing.T, dir string, args ...string) (string, error) {
	var out bytes.Buffer
	err := run(context.Background(), args, env("MYPAGE_DATA_DIR", dir), &out, io.Discard)
	return out.String(), err
}

func TestStaffCommands(t *testing.T) {
	dir := seededDataDir(t)
	out, err := runStaff(t, dir, "staff", "registration-type", "yamada.hanako@example.jp", "counter")
	if err != nil || !strings.Contains(out, "is now counter") {
		t.Fatalf("registration-type: %q %v", out, err)
	}
	out, err = runStaff(t, dir, "staff", "renew", "yamada.hanako@example.jp", "2099-12-31")
	if err != nil || !strings.Contains(out, "有効 until 2099-12-31") {
		t.Fatalf("renew: %q %v", out, err)
	}
	if _, err := runStaff(t, dir, "staff", "reopen", "yamada.hanako@example.jp"); err == nil || !strings.Contains(err.Error(), "no withdrawn account") {
		t.Errorf("reopen of an active account: %v", err)
	}
	// Withdraw her long ago, then reopen past the 30 days.
	cfg, _ := loadConfig(env("MYPAGE_DATA_DIR", dir))
	err = withStore(context.Background(), cfg, io.Discard, func(st *store.Store) error {
		return st.Withdraw(context.Background(), "demo-yamada-hanako", time.Now().AddDate(0, -3, 0))
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err = runStaff(t, dir, "staff", "reopen", "yamada.hanako@example.jp")
	if err != nil || !strings.Contains(out, "reopened yamada.hanako@example.jp") {
		t.Fatalf("reopen: %q %v", out, err)
	}
	err = withStore(context.Background(), cfg, io.Discard, func(st *store.Store) error {
		sk, err := st.SeekerByID(context.Background(), "demo-yamada-hanako")
		if err == nil && (sk.Withdrawn() || sk.RegistrationType != domain.RegisteredCounter || domain.Date(sk.ValidUntil).Format("2006-01-02") != "2099-12-31") {
			t.Errorf("after the commands: %+v", sk)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err = runStaff(t, dir, "retention", "run")
	if err != nil || !strings.Contains(out, "retention sweep at") || !strings.Contains(out, "0 deleted") {
		t.Errorf("retention run: %q %v", out, err)
	}
	if out, err := runStaff(t, dir, "staff", "unlock-card", "456789012345"); err != nil || !strings.Contains(out, "unlocked") {
		t.Errorf("unlock-card: %q %v", out, err)
	}
	for _, bad := range [][]string{{"staff"}, {"staff", "renew"}, {"staff", "registration-type", "a@example.jp", "vip"}, {"staff", "fly"}} {
		if _, err := runStaff(t, dir, bad...); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
	if _, err := runStaff(t, dir, "staff", "renew", "nobody@example.jp"); err == nil || !strings.Contains(err.Error(), "no account") {
		t.Errorf("unknown e-mail: %v", err)
	}
}
