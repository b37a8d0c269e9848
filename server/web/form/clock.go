package form

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The test clocks' forms: POST /__test/clocks (time=RFC3339) and
// POST /__test/clocks/{id}/advance (by=31d).

// maxAdvance is how far the clock moves at once: a century, far inside what
// a time.Duration holds.
const maxAdvance = 100 * 366 * 24 * time.Hour

// ParseAdvance reads "31d", "2h" or "45m": digits and a unit.
func ParseAdvance(v string) (time.Duration, error) {
	if len(v) < 2 {
		return 0, fmt.Errorf("by: want a number and a unit d, h or m")
	}
	var unit time.Duration
	switch v[len(v)-1] {
	case 'd':
		unit = 24 * time.Hour
	case 'h':
		unit = time.Hour
	case 'm':
		unit = time.Minute
	default:
		return 0, fmt.Errorf("by: want a unit d, h or m")
	}
	digits := v[:len(v)-1]
	n, err := strconv.Atoi(digits)
	if err != nil || strings.Trim(digits, "0123456789") != "" || time.Duration(n) > maxAdvance/unit {
		return 0, fmt.Errorf("by: want a number of at most a century and a unit d, h or m")
	}
	return time.Duration(n) * unit, nil
}

// ParseSet reads an RFC 3339 time from 2000 to 2099.
func ParseSet(v string) (time.Time, error) {
	at, err := time.Parse(time.RFC3339, v)
	if err != nil || at.Year() < 2000 || at.Year() > 2099 {
		return time.Time{}, fmt.Errorf("time: want an RFC 3339 time from 2000 to 2099")
	}
	return at, nil
}
