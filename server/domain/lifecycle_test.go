package domain

import (
	"testing"
	"time"
)

func TestExtendOnApplication(t *testing.T) {
	tests := []struct {
		name, validUntil, applied, want string
	}{
		{"applied in the last month → one month more", "2021-11-30 00:00", "2021-11-05 10:00", "2021-12-31"},
		{"applied on the last day", "2021-11-30 00:00", "2021-11-30 23:59", "2021-12-31"},
		{"applied the month before: no change", "2021-11-30 00:00", "2021-10-31 23:59", "2021-11-30"},
		{"applied after expiry: no change", "2021-11-30 00:00", "2021-12-01 00:00", "2021-11-30"},
		{"January → February of a leap year", "2024-01-31 00:00", "2024-01-10 09:00", "2024-02-29"},
		{"January → February of a common year", "2023-01-31 00:00", "2023-01-10 09:00", "2023-02-28"},
		{"December → January across the year", "2021-12-31 00:00", "2021-12-24 09:00", "2022-01-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ExtendOnApplication(jst(tt.validUntil), jst(tt.applied)).Format("2006-01-02")
			if got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestApplicationAtMidnightInJapan(t *testing.T) {
	// 2021-10-31 15:30 UTC is 2021-11-01 00:30 in Japan: the last month.
	applied := time.Date(2021, 10, 31, 15, 30, 0, 0, time.UTC)
	if got := ExtendOnApplication(jst("2021-11-30 00:00"), applied).Format("2006-01-02"); got != "2021-12-31" {
		t.Errorf("got %s", got)
	}
}

func TestInactiveSince(t *testing.T) {
	until := jst("2021-11-30 00:00")
	tests := []struct {
		name, deactivated, now, want string
	}{
		{"valid", "", "2021-11-30 23:59", ""},
		{"expired: from the day after the last day", "", "2021-12-01 00:00", "2021-12-01 00:00"},
		{"switched off by the seeker", "2021-10-10 09:00", "2021-10-11 00:00", "2021-10-10 09:00"},
		{"switched off, later expired: the earlier counts", "2021-10-10 09:00", "2022-01-01 00:00", "2021-10-10 09:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var off time.Time
			if tt.deactivated != "" {
				off = jst(tt.deactivated)
			}
			got := InactiveSince(until, off, jst(tt.now))
			if tt.want == "" {
				if !got.IsZero() {
					t.Errorf("got %v, want 有効", got)
				}
				return
			}
			if !got.Equal(jst(tt.want)) {
				t.Errorf("got %v, want %s", got, tt.want)
			}
		})
	}
}

func TestCanReactivate(t *testing.T) {
	until := jst("2021-11-30 00:00")
	if !CanReactivate(until, jst("2021-11-30 23:59")) {
		t.Error("refused on the last day")
	}
	if CanReactivate(until, jst("2021-12-01 00:00")) {
		t.Error("allowed after the validity period")
	}
}

func TestReregistrationWindow(t *testing.T) {
	tests := []struct {
		name, withdrawn, now string
		want                 bool
	}{
		{"withdrawn on 9/1 → allowed on 9/1", "2021-09-01 10:00", "2021-09-01 11:00", true},
		{"withdrawn on 9/1 → allowed on 10/1 (the 30th day)", "2021-09-01 10:00", "2021-10-01 23:59", true},
		{"withdrawn on 9/1 → refused on 10/2 (the 31st day)", "2021-09-01 10:00", "2021-10-02 00:00", false},
		{"withdrawn late at night counts that day", "2021-09-01 23:59", "2021-10-01 23:59", true},
		{"across February of a leap year", "2024-02-01 10:00", "2024-03-02 23:59", true},
		{"across February of a leap year, 31st day", "2024-02-01 10:00", "2024-03-03 00:00", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanReregister(jst(tt.withdrawn), jst(tt.now)); got != tt.want {
				t.Errorf("CanReregister = %v, want %v", got, tt.want)
			}
		})
	}
	// The 30th day ends at midnight in Japan, not in UTC: 10/1 23:30 JST is
	// 10/1 14:30 UTC.
	if !CanReregister(jst("2021-09-01 10:00"), time.Date(2021, 10, 1, 14, 30, 0, 0, time.UTC)) {
		t.Error("refused on the 30th day in Japan")
	}
	if CanReregister(jst("2021-09-01 10:00"), time.Date(2021, 10, 1, 15, 0, 0, 0, time.UTC)) {
		t.Error("allowed on the 31st day in Japan (15:00 UTC is midnight JST)")
	}
	if CanReregister(time.Time{}, jst("2021-09-01 10:00")) {
		t.Error("an account never withdrawn is not re-registered")
	}
}

func TestDeletionDue(t *testing.T) {
	if got := DeletionDue(jst("2021-12-01 00:00")); !got.Equal(jst("2026-12-01 00:00")) {
		t.Errorf("got %v", got)
	}
	if got := DeletionDue(jst("2020-02-29 00:00")); !got.Equal(jst("2025-03-01 00:00")) {
		t.Errorf("leap day: got %v", got)
	}
	if !DeletionDue(time.Time{}).IsZero() {
		t.Error("a valid seeker has a deletion date")
	}
}

// Rule 5 as the manual's seeker lives it: the 5 years start when 求職状態
// became 無効, never at withdrawal.
func TestSeekerDeletionDue(t *testing.T) {
	until := time.Date(2021, 11, 30, 0, 0, 0, 0, Tokyo) // 無効 from 2021-12-01
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, Tokyo)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		sk   Seeker
		now  string
		want string // "" for none yet
	}{
		{"有効: no day yet", Seeker{ValidUntil: until}, "2021-11-30 23:59", ""},
		{"validity ended 2021-11-30", Seeker{ValidUntil: until}, "2021-12-01 00:00", "2026-12-01 00:00"},
		{"switched to 無効 on 2021-10-10 09:00", Seeker{ValidUntil: until, DeactivatedAt: at("2021-10-10 09:00")}, "2021-10-11 00:00", "2026-10-10 09:00"},
		{"withdrawn while 有効: still no day", Seeker{ValidUntil: until, WithdrawnAt: at("2021-10-01 12:00")}, "2021-11-01 00:00", ""},
		{"withdrawn, then validity ended", Seeker{ValidUntil: until, WithdrawnAt: at("2021-10-01 12:00")}, "2022-01-01 00:00", "2026-12-01 00:00"},
		{"withdrawn, validity renewed by staff to 2027-01-31", Seeker{ValidUntil: time.Date(2027, 1, 31, 0, 0, 0, 0, Tokyo), WithdrawnAt: at("2021-10-01 12:00")}, "2026-12-01 00:00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.sk.DeletionDue(at(tt.now))
			if tt.want == "" {
				if !got.IsZero() {
					t.Errorf("DeletionDue = %v, want none", got)
				}
				return
			}
			if !got.Equal(at(tt.want)) {
				t.Errorf("DeletionDue = %v, want %s", got.In(Tokyo), tt.want)
			}
		})
	}
}
