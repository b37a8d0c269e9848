package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// report is everything a run measured.
type report struct {
	Steps   []step
	Storm   stormResult
	PeakRSS int64 // the server's highest resident memory over the whole run (VmHWM)
	Store   string
	Seekers int      // generated seekers in the store (0: the demo data alone)
	Notes   []string // the fill, the sweep and the start-up, measured
	Started time.Time
	CPUs    int
	Load    [2]string // the machine's load averages before and after the run
	Search  searchFigures
}

// table is one section of the report, printed as text or as Markdown.
type table struct {
	Title  string
	Header []string
	Rows   [][]string
}

func (r report) tables() []table {
	return []table{r.stepTable(), r.summaryTable(), r.budgetTable(), r.stormTable(), r.searchTable()}
}

func (r report) stepTable() table {
	t := table{
		Title:  fmt.Sprintf("Each target alone at fixed rates (a ladder stops after its first step over budget, not before %d/s); CPU ms/req is the server's CPU time per request, the figure the machine's noise moves least", checkedRate),
		Header: []string{"target", "asked/s", "achieved/s", "p50 ms", "p95 ms", "p99 ms", "requests", "errors", "server CPU %", "CPU ms/req", "peak RSS MB", "verdict"},
	}
	for _, s := range r.Steps {
		t.Rows = append(t.Rows, []string{
			s.Target, fmt.Sprint(s.Rate), fmt.Sprintf("%.1f", s.Throughput),
			ms(s.P50), ms(s.P95), ms(s.P99), fmt.Sprint(s.Requests), fmt.Sprint(s.Errors), percent(s.Server.cores()), ms(s.Server.perRequest(s.Requests)), mb(s.Server.PeakRSS), verdict(s),
		})
	}
	return t
}

func verdict(s step) string {
	var why []string
	if s.P99 > budgetP99 {
		why = append(why, "p99 over budget")
	}
	if s.Errors > 0 {
		why = append(why, "errors: "+statuses(s.Statuses))
	}
	if len(why) == 0 {
		return "ok"
	}
	return strings.Join(why, ", ")
}

func (r report) summaryTable() table {
	ceiling := sustainable(r.Steps, "ceiling")
	t := table{
		Title:  fmt.Sprintf("Highest sustainable rate (p99 ≤ %s, no errors) against the ceiling (a static asset)", budgetP99),
		Header: []string{"target", "sustainable/s", "× ceiling"},
	}
	for _, name := range targetNames(r.Steps) {
		t.Rows = append(t.Rows, []string{name, fmt.Sprint(sustainable(r.Steps, name)), ratio(sustainable(r.Steps, name), ceiling)})
	}
	if ceiling == rates[len(rates)-1] {
		t.Title += "; the ceiling held the top rate, so its true value is higher and the ratios are upper bounds"
	}
	return t
}

// budgetTable checks the design's targets: home and tab at 100 requests/s
// within the latency budget, without errors, and the server under 500 MB;
// the search rows the same.
func (r report) budgetTable() table {
	t := table{
		Title:  fmt.Sprintf("Targets: p99 ≤ %s and no errors at %d requests/s; resident memory ≤ %s MB", budgetP99, checkedRate, mb(budgetRSS)),
		Header: []string{"what", "p99 ms", "errors", "peak RSS MB", "verdict"},
	}
	budgeted := []string{"home", "tab"}
	for _, t := range targetNames(r.Steps) {
		if strings.HasPrefix(t, "search ") {
			budgeted = append(budgeted, t)
		}
	}
	for _, name := range budgeted {
		i := slices.IndexFunc(r.Steps, func(s step) bool { return s.Target == name && s.Rate == checkedRate })
		if i < 0 {
			why := "not reached: failed at a lower rate"
			if !slices.Contains(rates, checkedRate) {
				why = "not measured: BENCH_RATES leaves this rate out"
			}
			t.Rows = append(t.Rows, []string{fmt.Sprintf("%s at %d/s", name, checkedRate), "—", "—", "—", why})
			continue
		}
		s := r.Steps[i]
		met := "met"
		if !s.ok() || s.Server.PeakRSS > budgetRSS {
			met = "missed"
		}
		t.Rows = append(t.Rows, []string{fmt.Sprintf("%s at %d/s", name, checkedRate), ms(s.P99), fmt.Sprint(s.Errors), mb(s.Server.PeakRSS), met})
	}
	t.Rows = append(t.Rows,
		[]string{"sign-in storm", ms(r.Storm.P99), fmt.Sprint(r.Storm.Failures()), mb(r.Storm.Server.PeakRSS), memVerdict(r.Storm.Server.PeakRSS)},
		[]string{"whole run (VmHWM)", "—", "—", mb(r.PeakRSS), memVerdict(r.PeakRSS)},
	)
	return t
}

func memVerdict(rss int64) string {
	if rss > budgetRSS {
		return "memory missed"
	}
	return "memory met"
}

func (r report) stormTable() table {
	s := r.Storm
	return table{
		Title: fmt.Sprintf("Sign-in storm: %d POST /login per second for %s from %d client addresses (right password, wrong password, unknown e-mail in turn)",
			stormRate, stormDuration, stormAddresses),
		Header: []string{"requests", "303 signed in", "401 bad credentials", "429 throttled", "failures", "all statuses", "p50 ms", "p95 ms", "p99 ms", "max ms", "server CPU %", "CPU ms/req", "peak RSS MB"},
		Rows: [][]string{{
			fmt.Sprint(s.Requests), fmt.Sprint(s.SignedIn), fmt.Sprint(s.Refused), fmt.Sprint(s.Throttled), fmt.Sprint(s.Failures()),
			statuses(s.Statuses), ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max), percent(s.Server.cores()), ms(s.Server.perRequest(s.Requests)), mb(s.Server.PeakRSS),
		}},
	}
}

// sustainable is the highest rate the target held within budget, or 0.
func sustainable(steps []step, name string) int {
	best := 0
	for _, s := range steps {
		if s.Target == name && s.ok() {
			best = max(best, s.Rate)
		}
	}
	return best
}

func ratio(rate, ceiling int) string {
	if ceiling == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", float64(rate)/float64(ceiling))
}

// targetNames lists the targets of steps in the order they were attacked.
func targetNames(steps []step) []string {
	var names []string
	for _, s := range steps {
		if !slices.Contains(names, s.Target) {
			names = append(names, s.Target)
		}
	}
	return names
}

// statuses lists status counts in order of status, "0" being no answer.
func statuses(counts map[string]int) string {
	var parts []string
	for _, code := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%s×%d", code, counts[code]))
	}
	return strings.Join(parts, " ")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }
func mb(b int64) string         { return fmt.Sprintf("%.0f", float64(b)/(1<<20)) }
func percent(f float64) string  { return fmt.Sprintf("%.0f", f*100) }

// about says where and when the figures were taken.
func (r report) about() string {
	data := "the demo data"
	if r.Seekers > 0 {
		data = fmt.Sprintf("%d generated seekers (SEEKERS), pages read as the first %d, of one fixed shape", r.Seekers, min(r.Seekers, sessions))
	}
	s := fmt.Sprintf("%s, %d CPUs, store: %s holding %s, load average %s before the run and %s after. The runner shares the machine with the server.",
		r.Started.UTC().Format(time.RFC3339), r.CPUs, r.Store, data, r.Load[0], r.Load[1])
	for _, n := range r.Notes {
		s += "\n- " + n
	}
	return s
}

// writeText prints the report as aligned columns.
func (r report) writeText(w io.Writer) error {
	fmt.Fprintf(w, "%s\n\n", r.about())
	for _, t := range r.tables() {
		fmt.Fprintln(w, t.Title)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, strings.Join(t.Header, "\t")+"\t")
		for _, row := range t.Rows {
			fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
}

// markdown is the report as a Markdown document.
func (r report) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# make bench\n\n%s\n\n![p99 latency against the rate asked](latency.svg)\n", r.about())
	for _, t := range r.tables() {
		fmt.Fprintf(&b, "\n## %s\n\n| %s |\n| :--- |%s\n", t.Title, strings.Join(t.Header, " | "), strings.Repeat(" ---: |", len(t.Header)-1))
		for _, row := range t.Rows {
			fmt.Fprintf(&b, "| %s |\n", strings.Join(row, " | "))
		}
	}
	return b.String()
}
