package form_test

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hellowork/mypage/server/web/form"
)

// maxClockMove is how far QA may move the test clock at once: a century.
const maxClockMove = 100 * 366 * 24 * time.Hour

func FuzzParseAdvance(f *testing.F) {
	for _, s := range []string{"31d", "2h", "45m", "0m", "", "d", "-1d", "+1d", "1.5h", "1w", "31D",
		"99999999999d", "52704000d", "52704000m", "1d\x00", "\xffd", "３１d", " 31d", strings.Repeat("9", 10000) + "m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		d, err := form.ParseAdvance(v)
		if d2, err2 := form.ParseAdvance(v); d2 != d || (err == nil) != (err2 == nil) {
			t.Fatalf("not deterministic: %v %v, then %v %v", d, err, d2, err2)
		}
		if err != nil {
			if d != 0 || err.Error() == "" {
				t.Errorf("refused with %v and %q", d, err)
			}
			return
		}
		if d < 0 || d > maxClockMove {
			t.Errorf("%q → %v: out of range", v, d)
		}
		unit := map[byte]time.Duration{'d': 24 * time.Hour, 'h': time.Hour, 'm': time.Minute}[v[len(v)-1]]
		n, err := strconv.Atoi(v[:len(v)-1])
		if unit == 0 || err != nil || strings.Trim(v[:len(v)-1], "0123456789") != "" || time.Duration(n)*unit != d {
			t.Errorf("%q → %v: not a number of days, hours or minutes", v, d)
		}
	})
}

func FuzzParseSet(f *testing.F) {
	for _, s := range []string{"2026-11-22T10:00:00+09:00", "2026-11-22T01:00:00Z", "2026-11-22T10:00:00.123456789+09:00",
		"2026-11-22", "2026-11-22 10:00:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1677-09-21T00:12:43Z",
		"2026-11-22T10:00:00+24:00", "2026-02-30T10:00:00Z", "2026-11-22T10:00:00Z\x00", "\xff", "",
		"２０２６-11-22T10:00:00Z", strings.Repeat("2", 10000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		at, err := form.ParseSet(v)
		if at2, err2 := form.ParseSet(v); !at2.Equal(at) || (err == nil) != (err2 == nil) {
			t.Fatalf("not deterministic: %v %v, then %v %v", at, err, at2, err2)
		}
		if err != nil {
			if !at.IsZero() || err.Error() == "" {
				t.Errorf("refused with %v and %q", at, err)
			}
			return
		}
		if !utf8.ValidString(v) {
			t.Errorf("%q accepted", v)
		}
		if back, err := time.Parse(time.RFC3339, v); err != nil || !back.Equal(at) {
			t.Errorf("%q → %v: not RFC 3339 (%v)", v, at, err)
		}
		// The clock keeps an offset from the real time: it must fit in a
		// Duration for any real time of this century.
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for _, real := range []time.Time{now, now.AddDate(74, 0, 0)} {
			if off := at.Sub(real); off <= -maxClockMove*2 || off >= maxClockMove*2 {
				t.Errorf("%q: %v from %v does not fit", v, off, real)
			}
		}
	})
}
