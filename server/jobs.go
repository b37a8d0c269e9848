package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/jobgen"
	"github.com/hellowork/mypage/server/store"
)

const jobsUsage = `usage:
  server jobs generate --count N [--seed S]   write N synthetic postings (demo and test mode only), replacing earlier generated ones
  server jobs import FILE                     read postings as JSON Lines (upsert by "_id", the 求人番号; "closed": true removes one)`

// maxGenerated bounds jobs generate.
const maxGenerated = 2_000_000

// jobsCommand is `jobs generate` and `jobs import`. Like the staff
// commands, they open the store as the server does: on the embedded store,
// run them while the server is stopped. Both give the postings a new
// version: a running server's search index catches up within a minute, and
// at the next start the index file in the data dir is stale and rebuilt.
func jobsCommand(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError(jobsUsage)
	}
	switch args[0] {
	case "generate":
		count, seed, err := generateArgs(args[1:])
		if err != nil {
			return err
		}
		if !cfg.Demo && !cfg.TestClock {
			return usageError("jobs generate makes synthetic postings: refused in production mode (set MYPAGE_DEMO=1 for a demo)")
		}
		start := time.Now()
		jobs := jobgen.Generate(count, seed, time.Now())
		return withStore(ctx, cfg, stderr, func(st *store.Store) error {
			removed, err := st.ReplaceGeneratedJobs(ctx, jobs)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "generated %d postings (seed %d) in %s, replacing %d generated before\n",
				count, seed, time.Since(start).Round(time.Millisecond), removed)
			return nil
		})
	case "import":
		if len(args) != 2 {
			return usageError(jobsUsage)
		}
		f, err := os.Open(args[1])
		if err != nil {
			return err
		}
		defer f.Close()
		jobs, closed, err := readJobLines(f)
		if err != nil {
			return fmt.Errorf("%s: %w", args[1], err)
		}
		return withStore(ctx, cfg, stderr, func(st *store.Store) error {
			removed, err := st.ImportJobs(ctx, jobs, closed)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "imported %d postings; %d closed, %d of them were here and are removed\n", len(jobs), len(closed), removed)
			return nil
		})
	}
	return usageError(jobsUsage)
}

func generateArgs(args []string) (count int, seed uint64, err error) {
	seed = 1
	for i := 0; i < len(args); i++ {
		name, value, ok := strings.Cut(args[i], "=")
		if !ok && i+1 < len(args) {
			i++
			value = args[i]
		}
		switch name {
		case "--count", "-count":
			count, err = strconv.Atoi(value)
			if err != nil || count < 1 || count > maxGenerated {
				return 0, 0, usageError(fmt.Sprintf("--count must be 1 to %d", maxGenerated))
			}
		case "--seed", "-seed":
			if seed, err = strconv.ParseUint(value, 10, 64); err != nil {
				return 0, 0, usageError("--seed must be a number")
			}
		default:
			return 0, 0, usageError(jobsUsage)
		}
	}
	if count == 0 {
		return 0, 0, usageError(jobsUsage)
	}
	return count, seed, nil
}

// jobLine is one line of `jobs import`: a posting in the store's schema,
// or a closed one.
type jobLine struct {
	ID             string    `json:"_id"`
	Title          string    `json:"title"`
	Company        string    `json:"company"`
	Category       string    `json:"category"`
	Hours          []string  `json:"hours"`
	Holidays       string    `json:"holidays"`
	Prefecture     string    `json:"prefecture"`
	Location       string    `json:"location"`
	Description    string    `json:"description"`
	EmploymentType string    `json:"employmentType"`
	WageMin        int       `json:"wageMin"`
	WageMax        int       `json:"wageMax"`
	WageUnit       string    `json:"wageUnit"`
	OfficeID       string    `json:"officeID"`
	PostedAt       time.Time `json:"postedAt"`
	Closed         bool      `json:"closed"`
}

// readJobLines reads JSON Lines; the last line of a 求人番号 wins.
func readJobLines(r io.Reader) (jobs []domain.Job, closed []string, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	last := map[string]int{} // 求人番号 → index in jobs, or -1 when closed
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var l jobLine
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			return nil, nil, fmt.Errorf("line %d: %w", n, err)
		}
		if l.ID == "" {
			return nil, nil, fmt.Errorf("line %d: no \"_id\" (求人番号)", n)
		}
		if l.Closed {
			last[l.ID] = -1
			closed = append(closed, l.ID)
			continue
		}
		if l.Title == "" || l.Prefecture == "" || l.PostedAt.IsZero() {
			return nil, nil, fmt.Errorf("line %d: \"title\", \"prefecture\" and \"postedAt\" are required", n)
		}
		if !contains(domain.Prefectures, l.Prefecture) {
			return nil, nil, fmt.Errorf("line %d: unknown prefecture %q", n, l.Prefecture)
		}
		last[l.ID] = len(jobs)
		jobs = append(jobs, domain.Job{ID: l.ID, Title: l.Title, Company: l.Company, Category: l.Category, Hours: l.Hours,
			Holidays: l.Holidays, Prefecture: l.Prefecture, Location: l.Location, Description: l.Description,
			EmploymentType: l.EmploymentType, WageMin: l.WageMin, WageMax: l.WageMax, WageUnit: l.WageUnit,
			OfficeID: l.OfficeID, PostedAt: l.PostedAt})
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	// Keep the last word on each 求人番号.
	var kept []domain.Job
	for i, j := range jobs {
		if last[j.ID] == i {
			kept = append(kept, j)
		}
	}
	var stillClosed []string
	for _, id := range closed {
		if last[id] == -1 {
			stillClosed = append(stillClosed, id)
		}
	}
	return kept, stillClosed, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
