// Command loadtest measures My Page under load: it builds the server, runs
// it as a child process, attacks each page alone at rising fixed rates with
// vegeta, then storms the sign-in, and writes a table and a chart of what
// it measured to server/loadtest/out/. `make bench` runs it from the
// module's root.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/hellowork/mypage/server/fill"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

const outDir = "server/loadtest/out"

// The targets the design sets: a page at 100 requests/s answers within
// 100 ms at the 99th percentile, with the server under 500 MB (100,000
// generated postings are searched from memory).
const (
	budgetP99   = 100 * time.Millisecond
	budgetRSS   = 500 << 20
	checkedRate = 100
)

// rates is the ladder every target climbs, in requests/s; BENCH_RATES
// (e.g. "20,50") sets another, for long runs on large stores.
var rates = []int{50, 100, 200, 400, 800, 1600}

// parseRates reads BENCH_RATES: rising rates, comma-separated.
func parseRates(v string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 || (len(out) > 0 && n <= out[len(out)-1]) {
			return nil, fmt.Errorf("BENCH_RATES=%q: want rising rates, e.g. 20,50", v)
		}
		out = append(out, n)
	}
	return out, nil
}

// sessions is how many sign-ins the pages are read with, spread over the
// demo seekers.
const sessions = 8

// seekers are the demo accounts of server/seed.
var seekers = []account{
	{Email: "asu.yuki@example.jp", Password: "Asu-Yuki-2026"},
	{Email: "yamada.hanako@example.jp", Password: "Yamada-Hanako-2026"},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Getenv, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	started, loadBefore := time.Now(), loadAverage()
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "mypage-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	if v := getenv("BENCH_RATES"); v != "" {
		if rates, err = parseRates(v); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout, "building and starting the server…")
	fillSeekers := 0
	if v := getenv("SEEKERS"); v != "" {
		if fillSeekers, err = strconv.Atoi(v); err != nil || fillSeekers < 0 {
			return fmt.Errorf("SEEKERS=%q: want a number of seekers", v)
		}
	}
	if fillSeekers > 0 {
		fmt.Fprintf(stdout, "filling the store with %d seekers, then one retention sweep…\n", fillSeekers)
	}
	srv, err := startServer(ctx, tmp, filepath.Join(outDir, "server.log"), getenv, fillSeekers)
	if err != nil {
		return err
	}
	defer func() {
		if err := srv.stop(); err != nil {
			fmt.Fprintln(stdout, "server stop:", err)
		}
	}()
	fmt.Fprintf(stdout, "server %s (pid %d, %s)\n", srv.url, srv.pid, srv.store)

	for _, n := range srv.notes {
		fmt.Fprintln(stdout, n)
	}
	accounts := seekers
	if fillSeekers > 0 {
		// The generated seekers of one fixed shape, the same at any volume.
		accounts = nil
		for i := range min(fill.Probes, fillSeekers) {
			accounts = append(accounts, account{Email: fill.Email(i), Password: fill.Password})
		}
	}
	targets, err := prepareTargets(ctx, srv.url, accounts)
	if err != nil {
		return err
	}
	targets = append(targets, searchTargets(srv.url)...)
	figures := srv.search
	if err := indexFigures(srv.logPath, &figures); err != nil {
		return err
	}
	var steps []step
	for _, t := range targets {
		fmt.Fprintf(stdout, "attacking %s…\n", t.Name)
		ladder, err := climb(ctx, srv.pid, t)
		steps = append(steps, ladder...)
		if err := errors.Join(err, srv.gone()); err != nil {
			return err
		}
	}

	good, err := register(ctx, srv.url, "good", 8)
	if err != nil {
		return err
	}
	victims, err := register(ctx, srv.url, "victim", 4)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sign-in storm: %d requests/s for %s…\n", stormRate, stormDuration)
	st, err := signInStorm(ctx, srv.url, srv.pid, good, victims)
	if err := errors.Join(err, srv.gone()); err != nil {
		return err
	}
	hwm, _ := procStatusBytes(srv.pid, "VmHWM")

	r := report{Steps: steps, Storm: st, Search: figures, PeakRSS: hwm, Store: srv.store, Seekers: fillSeekers, Notes: srv.notes, Started: started, CPUs: runtime.NumCPU(),
		Load: [2]string{loadBefore, loadAverage()}}
	fmt.Fprintln(stdout)
	if err := r.writeText(stdout); err != nil {
		return err
	}
	md := filepath.Join(outDir, "results.md")
	if err := os.WriteFile(md, []byte(r.markdown()), 0o644); err != nil {
		return err
	}
	svg := filepath.Join(outDir, "latency.svg")
	if err := os.WriteFile(svg, []byte(latencySVG(steps, rates)), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nwrote %s, %s and the server's log %s\n", md, svg, filepath.Join(outDir, "server.log"))
	return nil
}

// prepareTargets signs in the sessions the pages are read with and finds
// the favicon's hashed name, then returns the targets in the order they
// are attacked: the ceiling first.
func prepareTargets(ctx context.Context, base string, accounts []account) ([]target, error) {
	var cookies []string
	for i := range sessions {
		c, err := signIn(ctx, base, accounts[i%len(accounts)])
		if err != nil {
			return nil, err
		}
		cookies = append(cookies, c)
	}
	favicon, err := faviconPath(ctx, base)
	if err != nil {
		return nil, err
	}
	return []target{
		{Name: "ceiling", Targets: []vegeta.Target{get(base+favicon, "")}},
		{Name: "home", Page: true, Targets: perSession(base+"/mypage", cookies, nil)},
		{Name: "tab", Page: true, Targets: perSession(base+"/mypage/settings/basic", cookies, http.Header{"HX-Request": {"true"}})},
		{Name: "activity", Page: true, Targets: perSession(base+"/mypage/activity", cookies, nil)},
		{Name: "messages", Page: true, Targets: perSession(base+"/mypage/messages", cookies, nil)},
	}, nil
}

// get is a browser's GET of url with the session cookie, when there is one.
func get(url, cookie string) vegeta.Target {
	h := http.Header{"Accept-Encoding": {"gzip"}}
	if cookie != "" {
		h.Set("Cookie", cookie)
	}
	return vegeta.Target{Method: http.MethodGet, URL: url, Header: h}
}

// perSession is one GET of url per session, so an attack spreads its
// requests round-robin over the sessions.
func perSession(url string, cookies []string, extra http.Header) []vegeta.Target {
	var ts []vegeta.Target
	for _, c := range cookies {
		t := get(url, c)
		for k, v := range extra {
			t.Header[k] = v
		}
		ts = append(ts, t)
	}
	return ts
}
