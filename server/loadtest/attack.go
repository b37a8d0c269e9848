package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

const (
	stepDuration   = 5 * time.Second
	warmupDuration = 2 * time.Second
	stepPause      = time.Second
	quietCPU       = 0.05 // of one core: the server is idle
	quietLimit     = 2 * time.Minute
	requestTimeout = 10 * time.Second

	stormRate      = 40
	stormDuration  = 10 * time.Second
	stormTimeout   = 30 * time.Second
	stormAddresses = 16
)

// target is what one ladder attacks: its requests, taken round-robin.
type target struct {
	Name    string
	Page    bool // compared with the ceiling
	Targets []vegeta.Target
}

// step is the outcome of one attack at a fixed rate.
type step struct {
	Target        string
	Rate          int     // requests/s asked
	Throughput    float64 // successful requests/s achieved
	P50, P95, P99 time.Duration
	Requests      uint64
	Errors        uint64         // answers other than 200, and requests that got none
	Statuses      map[string]int // "0" counts requests that got no answer
	Server        usage          // what the server process used meanwhile
}

// ok reports whether the step stayed within the latency budget, without errors.
func (s step) ok() bool { return s.Errors == 0 && s.P99 <= budgetP99 }

// climbRates runs attack at each rate in turn and stops after the first
// step over budget, though not before the rate the targets are checked at.
func climbRates(rates []int, through int, attack func(rate int) (step, error)) ([]step, error) {
	var steps []step
	for _, rate := range rates {
		s, err := attack(rate)
		if err != nil {
			return steps, err
		}
		steps = append(steps, s)
		if !s.ok() && rate >= through {
			break
		}
	}
	return steps, nil
}

// climb attacks t up the ladder of rates, after a warm-up that is not
// counted; every step, and the warm-up, starts from a quiet server (see
// waitQuiet), so what an overloaded step left queued is not billed to the
// next.
func climb(ctx context.Context, pid int, t target) ([]step, error) {
	if err := waitQuiet(ctx, pid); err != nil {
		return nil, err
	}
	attack(ctx, pid, t, rates[0], warmupDuration)
	return climbRates(rates, checkedRate, func(rate int) (step, error) {
		if err := waitQuiet(ctx, pid); err != nil {
			return step{}, err
		}
		s := attack(ctx, pid, t, rate, stepDuration)
		return s, ctx.Err()
	})
}

// waitQuiet waits for stepPause, then until the server has used under
// quietCPU of one core over a stepPause (it finishes requests its clients
// gave up on), or quietLimit passes.
func waitQuiet(ctx context.Context, pid int) error {
	deadline := time.Now().Add(quietLimit)
	for {
		before := cpuTicks(pid)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(stepPause):
		}
		used := time.Duration(cpuTicks(pid)-before) * time.Second / clockTicks
		if float64(used) <= quietCPU*float64(stepPause) || time.Now().After(deadline) {
			return nil
		}
	}
}

// attack sends t's requests at rate for d, watching the server's memory
// and CPU meanwhile.
func attack(ctx context.Context, pid int, t target, rate int, d time.Duration) step {
	a := vegeta.NewAttacker(vegeta.Redirects(vegeta.NoFollow), vegeta.Timeout(requestTimeout), vegeta.MaxBody(0))
	defer context.AfterFunc(ctx, func() { a.Stop() })()
	used := watch(pid)
	var m vegeta.Metrics
	for r := range a.Attack(vegeta.NewStaticTargeter(t.Targets...), vegeta.Rate{Freq: rate, Per: time.Second}, d, t.Name) {
		m.Add(r)
	}
	m.Close()
	return step{
		Target:     t.Name,
		Rate:       rate,
		Throughput: m.Throughput,
		P50:        m.Latencies.P50,
		P95:        m.Latencies.P95,
		P99:        m.Latencies.P99,
		Requests:   m.Requests,
		Errors:     m.Requests - uint64(m.StatusCodes["200"]),
		Statuses:   m.StatusCodes,
		Server:     used(),
	}
}

// stormResult is the outcome of the sign-in storm.
type stormResult struct {
	Requests                     uint64
	Statuses                     map[string]int // "0" counts requests that got no answer
	P50, P95, P99, Max           time.Duration
	Server                       usage // what the server process used meanwhile
	SignedIn, Refused, Throttled int   // 303, 401, 429
}

// Failures counts the answers that are neither a sign-in, a refusal of
// bad credentials nor the throttle: 5xx, timeouts, anything else.
func (r stormResult) Failures() int {
	return int(r.Requests) - r.SignedIn - r.Refused - r.Throttled
}

// signInStorm posts sign-ins at stormRate for stormDuration: right
// passwords of good accounts, wrong passwords of victim accounts, and
// unknown e-mails, in turn.
func signInStorm(ctx context.Context, base string, pid int, good, victims []account) (stormResult, error) {
	a := vegeta.NewAttacker(vegeta.Client(stormClient()), vegeta.Redirects(vegeta.NoFollow),
		vegeta.Timeout(stormTimeout), vegeta.MaxBody(0))
	defer context.AfterFunc(ctx, func() { a.Stop() })()
	used := watch(pid)
	var m vegeta.Metrics
	for r := range a.Attack(stormTargeter(base, good, victims), vegeta.Rate{Freq: stormRate, Per: time.Second}, stormDuration, "storm") {
		m.Add(r)
	}
	m.Close()
	return stormResult{
		Requests:  m.Requests,
		Statuses:  m.StatusCodes,
		P50:       m.Latencies.P50,
		P95:       m.Latencies.P95,
		P99:       m.Latencies.P99,
		Max:       m.Latencies.Max,
		Server:    used(),
		SignedIn:  m.StatusCodes[strconv.Itoa(http.StatusSeeOther)],
		Refused:   m.StatusCodes[strconv.Itoa(http.StatusUnauthorized)],
		Throttled: m.StatusCodes[strconv.Itoa(http.StatusTooManyRequests)],
	}, ctx.Err()
}

// stormClient connects from a different loopback address each time. The
// server trusts no proxy headers, so each source address is a client of
// its own to the throttle (30 failures per address in 15 minutes): spread
// over stormAddresses, the storm's failures stay under that limit and its
// sign-ins reach the password hashing, as a botnet's would.
func stormClient() *http.Client {
	var next atomic.Uint32
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		ip := net.IPv4(127, 0, 0, byte(2+next.Add(1)%stormAddresses))
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}}
		return d.DialContext(ctx, network, addr)
	}
	return &http.Client{Transport: &http.Transport{DialContext: dial, DisableKeepAlives: true}}
}

func stormTargeter(base string, good, victims []account) vegeta.Targeter {
	var n atomic.Uint64
	return func(t *vegeta.Target) error {
		form := stormForm(n.Add(1)-1, good, victims)
		*t = vegeta.Target{
			Method: http.MethodPost,
			URL:    base + "/login",
			Body:   []byte(form.Encode()),
			Header: http.Header{
				"Content-Type":    {"application/x-www-form-urlencoded"},
				"Accept-Encoding": {"gzip"},
			},
		}
		return nil
	}
}

// stormForm is the i-th sign-in of the storm: in turn a right password of
// a good account, a wrong password of a victim account, and an unknown
// e-mail.
func stormForm(i uint64, good, victims []account) url.Values {
	n := i / 3
	switch i % 3 {
	case 0:
		a := good[n%uint64(len(good))]
		return url.Values{"email": {a.Email}, "password": {a.Password}}
	case 1:
		a := victims[n%uint64(len(victims))]
		return url.Values{"email": {a.Email}, "password": {fmt.Sprintf("Wrong-Pass-%d", n)}}
	default:
		return url.Values{"email": {fmt.Sprintf("nobody-%d@example.jp", n)}, "password": {"Guess-Pass-2026"}}
	}
}
