package main

import (
	"context"
	"io"
	"strings"
	"testing"
)

func TestJobsGenerateIsRefusedInProduction(t *testing.T) {
	err := run(context.Background(), []string{"jobs", "generate", "--count", "10"},
		env("MYPAGE_DEMO", "0", "MYPAGE_SMTP_URL", "smtp://127.0.0.1:1", "MYPAGE_DATA_DIR", t.TempDir()), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "production") {
		t.Errorf("generate in production: %v", err)
	}
	for _, args := range [][]string{{"jobs"}, {"jobs", "generate"}, {"jobs", "generate", "--count", "0"},
		{"jobs", "generate", "--count", "5", "--seed", "x"}, {"jobs", "import"}, {"jobs", "nope"}} {
		err := run(context.Background(), args, env("MYPAGE_DATA_DIR", t.TempDir()), io.Discard, io.Discard)
		if _, ok := err.(usageError); !ok {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	if n, s, err := generateArgs([]string{"--count=20", "--seed", "7"}); n != 20 || s != 7 || err != nil {
		t.Errorf("generateArgs: %d %d %v", n, s, err)
	}
}

func TestReadJobLines(t *testing.T) {
	in := `{"_id":"13010-00000011","title":"介護職員","prefecture":"東京都","postedAt":"2026-04-01T09:00:00+09:00","wageUnit":"月給","wageMax":250000}

{"_id":"13010-00000012","title":"事務","prefecture":"大阪府","postedAt":"2026-04-01T09:00:00+09:00"}
{"_id":"13010-00000011","title":"介護福祉士","prefecture":"東京都","postedAt":"2026-04-02T09:00:00+09:00"}
{"_id":"13010-00000012","closed":true}
{"_id":"13010-00000099","closed":true}
`
	jobs, closed, err := readJobLines(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 1 || jobs[0].Title != "介護福祉士" {
		t.Errorf("jobs = %+v", jobs)
	}
	if strings.Join(closed, ",") != "13010-00000012,13010-00000099" {
		t.Errorf("closed = %v", closed)
	}
	for _, bad := range []string{
		`{"title":"no id"}`,
		`{"_id":"1","title":"x","prefecture":"火星","postedAt":"2026-04-01T09:00:00Z"}`,
		`{"_id":"1","title":"x","prefecture":"東京都"}`,
		`{"_id":"1","titel":"typo"}`,
		`not json`,
	} {
		if _, _, err := readJobLines(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
