package domain

import "time"

// Tokyo is Japan Standard Time. Japan keeps no daylight saving time, so a
// fixed zone is exact and needs no tz database on the machine.
var Tokyo = time.FixedZone("JST", 9*60*60)

// Date returns the calendar day of t in Japan, as midnight JST.
func Date(t time.Time) time.Time {
	y, m, d := t.In(Tokyo).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Tokyo)
}

// InitialValidUntil is the last day of validity of a registration made at
// registered: the last day of the month after next
// (登録日 2021-09-21 → 有効期限 2021-11-30).
func InitialValidUntil(registered time.Time) time.Time {
	y, m, _ := registered.In(Tokyo).Date()
	// Day 0 of the month three months on is the last day of the month after next.
	return time.Date(y, m+3, 0, 0, 0, 0, 0, Tokyo)
}

// IsValid reports whether the job-seeking status is 有効 at now: through the
// whole of the last day, and 無効 from the day after.
func IsValid(validUntil, now time.Time) bool {
	return now.Before(Date(validUntil).AddDate(0, 0, 1))
}
