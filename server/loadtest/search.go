package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// defaultBenchJobs is how many generated postings the server searches
// (MYPAGE_BENCH_JOBS sets another number; 0: the demo's 30 alone).
const defaultBenchJobs = 100_000

// searchFigures are what the index cost: generating the postings into the
// store, and the server reading and indexing them at start.
type searchFigures struct {
	Postings     int
	Generate     time.Duration
	Read         time.Duration
	Build        time.Duration
	Terms        int
	PostingBytes int64
	FileBytes    int64         // the index file saved under the data dir
	Save         time.Duration // writing it
}

func benchJobs(getenv func(string) string) (int, error) {
	v := getenv("MYPAGE_BENCH_JOBS")
	if v == "" {
		return defaultBenchJobs, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("MYPAGE_BENCH_JOBS must be a count")
	}
	return n, nil
}

// generateJobs runs `jobs generate` with the server's environment, before
// the server starts.
func generateJobs(ctx context.Context, bin string, env []string, n int) (time.Duration, error) {
	if n == 0 {
		return 0, nil
	}
	start := time.Now()
	cmd := exec.CommandContext(ctx, bin, "jobs", "generate", "--count", strconv.Itoa(n), "--seed", "1")
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("jobs generate: %w", err)
	}
	return time.Since(start), nil
}

// indexFigures reads the server's log line of the index built at start.
func indexFigures(logPath string, f *searchFigures) error {
	file, err := os.Open(logPath)
	if err != nil {
		return err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	built := false
	for sc.Scan() {
		var line struct {
			Msg          string `json:"msg"`
			Postings     int    `json:"postings"`
			Terms        int    `json:"terms"`
			PostingBytes int64  `json:"posting_bytes"`
			Read         int64  `json:"read"`
			Build        int64  `json:"build"`
			Bytes        int64  `json:"bytes"`
			Took         int64  `json:"took"`
		}
		text := sc.Text()
		if !strings.Contains(text, `"search index built"`) && !strings.Contains(text, `"search index saved"`) {
			continue
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return err
		}
		switch line.Msg {
		case "search index built":
			built = true
			f.Postings, f.Terms, f.PostingBytes = line.Postings, line.Terms, line.PostingBytes
			f.Read, f.Build = time.Duration(line.Read), time.Duration(line.Build)
		case "search index saved":
			f.FileBytes, f.Save = line.Bytes, time.Duration(line.Took)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if !built {
		return fmt.Errorf("no index in %s", logPath)
	}
	return nil
}

// searchTargets are the search rows: a common word, a rare word, two
// words, a word with filters, every posting by wage, a deep page.
func searchTargets(base string) []target {
	row := func(name string, q url.Values) target {
		return target{Name: name, Page: true, Targets: []vegeta.Target{get(base+"/jobs?"+q.Encode(), "")}}
	}
	return []target{
		row("search 介護", url.Values{"q": {"介護"}}),
		row("search 四万十市", url.Values{"q": {"四万十市"}}),
		row("search 介護 夜勤", url.Values{"q": {"介護　夜勤"}}),
		row("search 事務+filters", url.Values{"q": {"事務"}, "pref": {"東京都"}, "kind": {"fulltime"}, "wage": {"250000"}, "new": {"1"}}),
		row("search sort=wage", url.Values{"sort": {"wage"}}),
		row("search deep page", url.Values{"q": {"介護"}, "page": {"400"}}),
	}
}

func (r report) searchTable() table {
	f := r.Search
	return table{
		Title:  "Search index (built at the first start from the postings in the store, then saved under the data dir)",
		Header: []string{"postings", "jobs generate s", "read from store s", "index build s", "terms", "posting lists MB", "index file MB", "file written s"},
		Rows: [][]string{{fmt.Sprint(f.Postings), fmt.Sprintf("%.1f", f.Generate.Seconds()), fmt.Sprintf("%.1f", f.Read.Seconds()),
			fmt.Sprintf("%.1f", f.Build.Seconds()), fmt.Sprint(f.Terms), mb(f.PostingBytes), mb(f.FileBytes), fmt.Sprintf("%.1f", f.Save.Seconds())}},
	}
}
