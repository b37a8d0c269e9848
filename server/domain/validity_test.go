package domain

import (
	"testing"
	"time"
)

func jst(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Tokyo)
	if err != nil {
		panic(err)
	}
	return t
}

func TestInitialValidUntil(t *testing.T) {
	tests := []struct {
		name       string
		registered string
		want       string
	}{
		{"the manual: registered 2021-09-21 → valid until 2021-11-30", "2021-09-21 10:00", "2021-11-30"},
		{"registered on the first of a month", "2021-09-01 00:00", "2021-11-30"},
		{"registered on the last of a month", "2021-09-30 23:59", "2021-11-30"},
		{"across the year end", "2021-11-15 12:00", "2022-01-31"},
		{"December → February of a common year", "2022-12-10 09:00", "2023-02-28"},
		{"December → February of a leap year", "2023-12-10 09:00", "2024-02-29"},
		{"January → March", "2024-01-31 09:00", "2024-03-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := InitialValidUntil(jst(tt.registered)).Format("2006-01-02")
			if got != tt.want {
				t.Errorf("InitialValidUntil(%s) = %s, want %s", tt.registered, got, tt.want)
			}
		})
	}
}

func TestInitialValidUntilUsesJapaneseDate(t *testing.T) {
	// 2021-09-30 20:00 UTC is already 2021-10-01 in Japan.
	registered := time.Date(2021, 9, 30, 20, 0, 0, 0, time.UTC)
	if got := InitialValidUntil(registered).Format("2006-01-02"); got != "2021-12-31" {
		t.Errorf("got %s, want 2021-12-31 (registered on 10/1 in Japan)", got)
	}
}

func TestIsValid(t *testing.T) {
	until := jst("2021-11-30 00:00")
	tests := []struct {
		now  string
		want bool
	}{
		{"2021-11-29 12:00", true},
		{"2021-11-30 00:00", true},
		{"2021-11-30 23:59", true},
		{"2021-12-01 00:00", false},
		{"2022-01-01 00:00", false},
	}
	for _, tt := range tests {
		if got := IsValid(until, jst(tt.now)); got != tt.want {
			t.Errorf("valid until 2021-11-30, at %s: IsValid = %v, want %v", tt.now, got, tt.want)
		}
	}
}
