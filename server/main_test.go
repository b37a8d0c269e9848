package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestRunServesAndShutsDown starts the whole program on the embedded store,
// waits for its banner, asks it a few questions and stops it like SIGTERM.
func TestRunServesAndShutsDown(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		done <- run(ctx, nil, env("MYPAGE_ADDR", "127.0.0.1:0", "MYNAPORTAL_ADDR", "127.0.0.1:0", "MYPAGE_DATA_DIR", dir), outW, io.Discard)
		outW.Close()
	}()
	lines := bufio.NewScanner(outR)
	var addr string
	var banner []string
	for lines.Scan() {
		banner = append(banner, lines.Text())
		if m := regexp.MustCompile(`listening on ([0-9.:]+)`).FindStringSubmatch(lines.Text()); m != nil {
			addr = m[1]
		}
		if strings.Contains(lines.Text(), "Yamada-Hanako-2026") {
			break
		}
	}
	if addr == "" {
		cancel()
		t.Fatalf("no address in the banner: %v (run: %v)", banner, <-done)
	}
	t.Logf("start to ready on the embedded store: %v", time.Since(start))
	go func() { _, _ = io.Copy(io.Discard, outR) }()
	for _, want := range []string{"asu.yuki@example.jp / Asu-Yuki-2026", "http://localhost:8080"} {
		if !strings.Contains(strings.Join(banner, "\n"), want) {
			t.Errorf("banner lacks %q:\n%s", want, strings.Join(banner, "\n"))
		}
	}
	res, err := http.Get("http://" + addr + "/readyz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("readyz: %v %v", res, err)
	}
	res.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v after shutdown", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no graceful shutdown within 30s")
	}
}

func TestRunRefusesBadConfigAndCommands(t *testing.T) {
	err := run(context.Background(), nil, env("MYPAGE_ADDR", "nope"), io.Discard, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "MYPAGE_ADDR:") {
		t.Errorf("bad addr: %v", err)
	}
	err = run(context.Background(), []string{"frobnicate"}, env(), io.Discard, io.Discard)
	if _, ok := err.(usageError); !ok {
		t.Errorf("unknown command: %v", err)
	}
}
