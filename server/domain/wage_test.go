package domain

import "testing"

func TestMonthlyWage(t *testing.T) {
	for _, c := range []struct {
		unit string
		max  int
		want int64
	}{
		{"月給", 250000, 250000},
		{"時給", 1000, 173000},
		{"時給", 1500, 259500},
		{"月給", 0, 0},
		{"日給", 12000, 0},
		{"", 300000, 0},
	} {
		if got := (Job{WageUnit: c.unit, WageMax: c.max}).MonthlyWage(); got != c.want {
			t.Errorf("%s %d: MonthlyWage() = %d, want %d", c.unit, c.max, got, c.want)
		}
	}
	if HoursPerMonth != 173 {
		t.Errorf("HoursPerMonth = %d, want 173 (40 h × 52 weeks ÷ 12)", HoursPerMonth)
	}
}
