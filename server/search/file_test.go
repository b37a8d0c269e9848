package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/jobgen"
)

// countingSource is a store of postings that counts how often every
// posting is read.
type countingSource struct {
	version string
	jobs    []domain.Job
	reads   atomic.Int32
}

func (s *countingSource) JobsVersion(context.Context) (string, error) { return s.version, nil }

func (s *countingSource) AllJobs(context.Context) ([]domain.Job, error) {
	s.reads.Add(1)
	return slices.Clone(s.jobs), nil
}

func fileCorpus() []domain.Job {
	now := time.Date(2025, 6, 10, 12, 0, 0, 0, domain.Tokyo)
	return append(jobgen.Generate(800, 7, now), tricky(now)...)
}

// fileQueries cover words of one, two and more characters, text whose NFKC
// differs from it, exclusions, filters and both sorts.
func fileQueries() []Query {
	var qs []Query
	for _, typed := range []string{"", "介護", "介", "介護 夜勤", "go言語", "ｶｲｺﾞ", "ｅｘｃｅｌ", "①", "straße", "東京都", "13"} {
		for _, sort := range []string{SortNew, SortWage} {
			qs = append(qs, Query{Words: Words(typed), Sort: sort, Per: 50},
				Query{Words: Words(typed), Not: Words("夜勤"), Kind: KindParttime, Wage: 1100, Sort: sort, Per: 10, Page: 2},
				Query{Words: Words(typed), Prefecture: "東京都", Type: "正社員", Sort: sort, Per: 30})
		}
	}
	return qs
}

// sameResults fails unless a and b answer every query alike.
func sameResults(t *testing.T, a, b *Index) {
	t.Helper()
	if a.Len() != b.Len() || a.Version != b.Version {
		t.Fatalf("%d postings of %q against %d of %q", a.Len(), a.Version, b.Len(), b.Version)
	}
	for _, q := range fileQueries() {
		ra, rb := a.Search(q), b.Search(q)
		ids := func(r Result) (out []string) {
			for _, j := range r.Jobs {
				out = append(out, j.ID+"@"+j.PostedAt.UTC().Format(time.RFC3339)+j.Description)
			}
			return out
		}
		if ra.Total != rb.Total || ra.Page != rb.Page || !slices.Equal(ids(ra), ids(rb)) {
			t.Fatalf("query %+v: %d found against %d", q, ra.Total, rb.Total)
		}
	}
	if a.Stats() != b.Stats() {
		t.Errorf("stats %+v against %+v", a.Stats(), b.Stats())
	}
}

func TestSavedIndexLoadsAsBuilt(t *testing.T) {
	built := Build(fileCorpus(), "v1")
	path := filepath.Join(t.TempDir(), "search", FileName)
	if err := built.Save(path); err != nil {
		t.Fatal(err)
	}
	if v, err := FileVersion(path); err != nil || v != "v1" {
		t.Fatalf("FileVersion = %q, %v", v, err)
	}
	loaded, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	sameResults(t, built, loaded)
	// No temporary file is left beside it.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the directory holds %d files", len(entries))
	}
}

// A file that is cut short, altered, empty, of another format, or whose
// checksum holds over content that does not make sense, is refused with
// ErrBadFile: never a panic, never a wrong index.
func TestBadIndexFilesAreRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := Build(fileCorpus(), "v1").Save(path); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	cases := map[string][]byte{
		"empty":         {},
		"magic only":    []byte(fileMagic),
		"head only":     good[:len(fileMagic)+6+2],
		"half":          good[:len(good)/2],
		"all but one":   good[:len(good)-1],
		"one byte more": append(slices.Clone(good), 0),
		"another format": func() []byte {
			b := slices.Clone(good)
			b[len(fileMagic)]++
			return b
		}(),
	}
	for _, at := range []int{len(fileMagic) + 7, len(good) / 3, len(good) / 2, len(good) - 5} {
		b := slices.Clone(good)
		b[at] ^= 0x5a
		cases[fmt.Sprint("a byte altered at ", at)] = b
	}
	// Checksums that hold over nonsense: a posting list that names
	// documents past the end, a list that does not decode.
	for name, data := range map[string][]byte{"past the end": {0x90, 0x4e}, "not a varint": {0xff, 0xff}} {
		x := Build(fileCorpus(), "v1")
		x.postings[0].data = data
		p := filepath.Join(dir, "nonsense")
		if err := x.Save(p); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(p)
		cases["posting list "+name] = b
	}
	for name, b := range cases {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		x, err := Load(path)
		if !errors.Is(err, ErrBadFile) || x != nil {
			t.Errorf("%s: Load = %v, %v; want ErrBadFile", name, x != nil, err)
		}
	}
	if _, err := Load(filepath.Join(dir, "none")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

// The holder's index file: missing → built and written; fresh → loaded
// without reading a posting; stale → rebuilt and rewritten; corrupt or
// truncated → rebuilt, never a crash.
func TestHolderKeepsItsIndexInAFile(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "search")
	path := filepath.Join(dir, FileName)
	src := &countingSource{version: "v1", jobs: fileCorpus()}
	logs := &bytes.Buffer{}
	logger := slog.New(slog.NewTextHandler(logs, nil))

	// Missing: built from the store and written.
	h := NewHolder(src, logger).KeepIn(dir)
	x1, err := h.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if src.reads.Load() != 1 {
		t.Fatalf("%d reads of every posting", src.reads.Load())
	}
	if v, err := FileVersion(path); err != nil || v != "v1" {
		t.Fatalf("no index file of v1 was written: %q, %v", v, err)
	}

	// Fresh: a new holder (the next start) loads it, reading no posting.
	h2 := NewHolder(src, logger).KeepIn(dir)
	x2, err := h2.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if src.reads.Load() != 1 {
		t.Fatalf("the fresh file was not used: %d reads", src.reads.Load())
	}
	sameResults(t, x1, x2)
	// A refresh with nothing changed reads nothing either.
	if err := h2.Refresh(ctx); err != nil || src.reads.Load() != 1 {
		t.Fatalf("refresh: %v, %d reads", err, src.reads.Load())
	}

	// Stale: the postings changed (jobs import); the next start, and the
	// running holder's refresh, rebuild and rewrite.
	src.version = "v2"
	src.jobs = src.jobs[100:]
	h3 := NewHolder(src, logger).KeepIn(dir)
	x3, err := h3.Index(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if src.reads.Load() != 2 || x3.Version != "v2" || x3.Len() != len(src.jobs) {
		t.Fatalf("stale file: %d reads, version %q, %d postings", src.reads.Load(), x3.Version, x3.Len())
	}
	if v, _ := FileVersion(path); v != "v2" {
		t.Fatalf("the file is of %q", v)
	}
	// The running holder of v1 catches up, from the file h3 wrote (same
	// data dir), without reading the store.
	if err := h2.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if x, _ := h2.Index(ctx); x.Version != "v2" || src.reads.Load() != 2 {
		t.Fatalf("refresh: version %q, %d reads", x.Version, src.reads.Load())
	}

	// Corrupt and truncated: rebuilt and rewritten, never a crash.
	good, _ := os.ReadFile(path)
	for i, bad := range [][]byte{good[:len(good)/2], {}, append(slices.Clone(good[:len(good)-20]), make([]byte, 20)...)} {
		if err := os.WriteFile(path, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		before := src.reads.Load()
		x, err := NewHolder(src, logger).KeepIn(dir).Index(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if src.reads.Load() != before+1 || x.Len() != len(src.jobs) {
			t.Fatalf("bad file %d: %d reads, %d postings", i, src.reads.Load()-before, x.Len())
		}
		if _, err := Load(path); err != nil {
			t.Fatalf("bad file %d was not rewritten: %v", i, err)
		}
	}

	// A file that cannot be written: searches go on from memory.
	ro := filepath.Join(t.TempDir(), "file-not-dir")
	if err := os.WriteFile(ro, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if x, err := NewHolder(src, logger).KeepIn(ro).Index(ctx); err != nil || x.Len() != len(src.jobs) {
		t.Fatalf("unwritable dir: %v", err)
	}
	if !bytes.Contains(logs.Bytes(), []byte("search index not saved")) {
		t.Error("the failed save was not logged")
	}
}

// A store that never versioned its postings cannot be matched to a file:
// the index stays in memory.
func TestHolderWithoutAVersionKeepsNoFile(t *testing.T) {
	dir := t.TempDir()
	src := &countingSource{jobs: fileCorpus()}
	for range 2 {
		if _, err := NewHolder(src, nil).KeepIn(dir).Index(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if src.reads.Load() != 2 {
		t.Errorf("%d reads", src.reads.Load())
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file was written: %v", err)
	}
}

// OnSwap is told of every new index, built or loaded, and of no refresh
// that changed nothing.
func TestHolderTellsOfEachNewIndex(t *testing.T) {
	ctx := context.Background()
	src := &countingSource{version: "v1", jobs: fileCorpus()}
	swaps := 0
	h := NewHolder(src, nil).KeepIn(t.TempDir()).OnSwap(func() { swaps++ })
	if _, err := h.Index(ctx); err != nil || swaps != 1 {
		t.Fatalf("first build: %v, %d swaps", err, swaps)
	}
	if err := h.Refresh(ctx); err != nil || swaps != 1 {
		t.Fatalf("nothing changed: %v, %d swaps", err, swaps)
	}
	src.version, src.jobs = "v2", src.jobs[10:]
	if err := h.Refresh(ctx); err != nil || swaps != 2 {
		t.Fatalf("postings changed: %v, %d swaps", err, swaps)
	}
}
