package main

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func okStep(name string, rate int) step {
	return step{Target: name, Rate: rate, P99: 20 * time.Millisecond}
}

func TestClimbRatesStopsAfterFirstStepOverBudget(t *testing.T) {
	slowAt := map[int]bool{400: true}
	var asked []int
	steps, err := climbRates([]int{50, 100, 200, 400, 800}, 100, func(rate int) (step, error) {
		asked = append(asked, rate)
		s := okStep("home", rate)
		if slowAt[rate] {
			s.P99 = 150 * time.Millisecond
		}
		return s, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{50, 100, 200, 400}; !equalInts(asked, want) {
		t.Errorf("asked %v, want %v", asked, want)
	}
	if len(steps) != 4 || steps[3].ok() {
		t.Errorf("steps = %+v, want four, the last over budget", steps)
	}
}

func TestClimbRatesStopsOnErrorsButNotBeforeTheCheckedRate(t *testing.T) {
	steps, _ := climbRates([]int{50, 100, 200}, 100, func(rate int) (step, error) {
		s := okStep("tab", rate)
		s.Errors = 1
		return s, nil
	})
	if len(steps) != 2 || steps[1].Rate != 100 {
		t.Errorf("got %+v, want the steps at 50 and 100", steps)
	}
}

func TestStepOK(t *testing.T) {
	tests := []struct {
		name   string
		p99    time.Duration
		errors uint64
		want   bool
	}{
		{"within budget", 99 * time.Millisecond, 0, true},
		{"on the budget", 100 * time.Millisecond, 0, true},
		{"over the budget", 101 * time.Millisecond, 0, false},
		{"fast but one error", time.Millisecond, 1, false},
	}
	for _, tt := range tests {
		if got := (step{P99: tt.p99, Errors: tt.errors}).ok(); got != tt.want {
			t.Errorf("%s: ok() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSustainableIsTheHighestRateWithinBudget(t *testing.T) {
	over := okStep("home", 400)
	over.P99 = time.Second
	fluke := okStep("ceiling", 50)
	fluke.Errors = 1
	steps := []step{fluke, okStep("home", 50), okStep("home", 100), okStep("ceiling", 100), okStep("home", 200), over}
	if got := sustainable(steps, "home"); got != 200 {
		t.Errorf("home: %d, want 200", got)
	}
	if got := sustainable(steps, "ceiling"); got != 100 {
		t.Errorf("ceiling: %d, want 100", got)
	}
	if got := sustainable(steps, "jobs"); got != 0 {
		t.Errorf("jobs, never attacked: %d, want 0", got)
	}
	if got := ratio(200, 800); got != "0.25" {
		t.Errorf("ratio(200, 800) = %q", got)
	}
	if got := ratio(200, 0); got != "—" {
		t.Errorf("ratio against no ceiling = %q", got)
	}
}

func TestStormForm(t *testing.T) {
	good := []account{{"a@example.jp", "Right-1"}, {"b@example.jp", "Right-2"}}
	victims := []account{{"v@example.jp", "Victim-1"}}
	tests := []struct {
		i               uint64
		email, password string
	}{
		{0, "a@example.jp", "Right-1"},
		{1, "v@example.jp", "Wrong-Pass-0"},
		{2, "nobody-0@example.jp", "Guess-Pass-2026"},
		{3, "b@example.jp", "Right-2"},
		{4, "v@example.jp", "Wrong-Pass-1"},
		{6, "a@example.jp", "Right-1"},
	}
	for _, tt := range tests {
		f := stormForm(tt.i, good, victims)
		if f.Get("email") != tt.email || f.Get("password") != tt.password {
			t.Errorf("stormForm(%d) = %v, want %s / %s", tt.i, f, tt.email, tt.password)
		}
	}
}

func TestStormFailuresAreWhatIsNeitherSignInRefusalNorThrottle(t *testing.T) {
	r := stormResult{Requests: 10, SignedIn: 3, Refused: 4, Throttled: 1}
	if got := r.Failures(); got != 2 {
		t.Errorf("Failures() = %d, want 2", got)
	}
}

func TestVerdictNamesTheStatuses(t *testing.T) {
	s := step{P99: time.Second, Errors: 3, Statuses: map[string]int{"200": 7, "503": 2, "0": 1}}
	if got, want := verdict(s), "p99 over budget, errors: 0×1 200×7 503×2"; got != want {
		t.Errorf("verdict = %q, want %q", got, want)
	}
	if got := verdict(okStep("home", 50)); got != "ok" {
		t.Errorf("verdict of a good step = %q", got)
	}
}

func TestStatTicks(t *testing.T) {
	stat := "31328 (my (page)) S 1 31328 31328 0 -1 4194560 9 0 0 0 250 75 0 0 20 0 9 0 1234 0 0"
	if got, err := statTicks(stat); err != nil || got != 325 {
		t.Errorf("statTicks = %d, %v; want 325", got, err)
	}
	if _, err := statTicks("31328 (mypage) S 1"); err == nil {
		t.Error("a short stat gave no error")
	}
}

func TestUsage(t *testing.T) {
	u := usage{CPU: 3 * time.Second, Wall: 2 * time.Second}
	if got := u.cores(); got != 1.5 {
		t.Errorf("cores() = %g, want 1.5", got)
	}
	if got := u.perRequest(300); got != 10*time.Millisecond {
		t.Errorf("perRequest(300) = %s, want 10ms", got)
	}
	if (usage{}).cores() != 0 || (usage{}).perRequest(0) != 0 {
		t.Error("an empty usage divides by zero")
	}
}

func TestStatusBytes(t *testing.T) {
	status := "Name:\tmypage\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t9\n"
	got, err := statusBytes(strings.NewReader(status), "VmRSS")
	if err != nil || got != 100<<20 {
		t.Errorf("VmRSS = %d, %v; want %d", got, err, 100<<20)
	}
	if _, err := statusBytes(strings.NewReader(status), "VmSwap"); err == nil {
		t.Error("a missing field gave no error")
	}
}

func TestMarkdownHasATablePerSection(t *testing.T) {
	r := report{Steps: []step{okStep("ceiling", 50), okStep("home", 50)}, Storm: stormResult{Statuses: map[string]int{"303": 1}}}
	md := r.markdown()
	for _, want := range []string{"| target | asked/s |", "| home | 50 |", "| home | 50 | 1.00 |", "303×1"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if got := strings.Count(md, "\n## "); got != len(r.tables()) {
		t.Errorf("%d sections, want %d", got, len(r.tables()))
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseRates(t *testing.T) {
	if got, err := parseRates("20, 50,100"); err != nil || !slices.Equal(got, []int{20, 50, 100}) {
		t.Errorf("parseRates = %v, %v", got, err)
	}
	for _, bad := range []string{"", "50,20", "0", "a", "20,20"} {
		if _, err := parseRates(bad); err == nil {
			t.Errorf("parseRates(%q) accepted", bad)
		}
	}
}
