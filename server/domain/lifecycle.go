package domain

import "time"

// ReregistrationDays is how many days after the withdrawal day the old
// e-mail and password still restore the account (rule 3).
const ReregistrationDays = 30

// RetentionYears is how long a seeker's data is kept after the status
// became 無効 (rule 5).
const RetentionYears = 5

// dayAfter is the first instant of the day after d's day in Japan.
func dayAfter(d time.Time) time.Time { return Date(d).AddDate(0, 0, 1) }

// ExtendOnApplication is rule 1's extension: an online self-application made
// in the last month of validity (the calendar month of the last day) moves
// the last day to the end of the following month.
func ExtendOnApplication(validUntil, appliedAt time.Time) time.Time {
	last := Date(validUntil)
	applied := Date(appliedAt)
	if !IsValid(validUntil, appliedAt) || applied.Year() != last.Year() || applied.Month() != last.Month() {
		return validUntil
	}
	return time.Date(last.Year(), last.Month()+2, 0, 0, 0, 0, 0, Tokyo)
}

// InactiveSince is when the status became 無効, or the zero time while it
// is 有効 at now: the moment the seeker switched it off, or the day after the
// last day of validity, whichever came first.
func InactiveSince(validUntil, deactivatedAt, now time.Time) time.Time {
	expired := dayAfter(validUntil)
	switch {
	case !deactivatedAt.IsZero() && deactivatedAt.Before(expired):
		return deactivatedAt
	case !now.Before(expired):
		return expired
	}
	return time.Time{}
}

// CanReactivate tells whether a seeker who switched to 無効 may switch back
// to 有効 at now: only while the validity period has not ended.
func CanReactivate(validUntil, now time.Time) bool { return IsValid(validUntil, now) }

// ReregistrationEnds is the first instant re-registration is refused: the
// day after the 30th day after the withdrawal day (withdrawn 9/1 → allowed
// through 10/1, refused from 10/2).
func ReregistrationEnds(withdrawnAt time.Time) time.Time {
	return Date(withdrawnAt).AddDate(0, 0, ReregistrationDays+1)
}

// CanReregister tells whether the old login restores a withdrawn account at
// now.
func CanReregister(withdrawnAt, now time.Time) bool {
	return !withdrawnAt.IsZero() && now.Before(ReregistrationEnds(withdrawnAt))
}

// DeletionDue is when all of a seeker's data is deleted: 5 years after the
// status became 無効. Zero while the status is 有効.
func DeletionDue(inactiveSince time.Time) time.Time {
	if inactiveSince.IsZero() {
		return time.Time{}
	}
	return inactiveSince.AddDate(RetentionYears, 0, 0)
}

// DeletionDueTime is when rule 5 deletes the seeker's data, as far as the
// record tells: 5 years after the status became, or will become, 無効 —
// the moment the seeker switched it off, or the day after the last day of
// validity, whichever is first. Withdrawal does not change the status, so
// it does not start the 5 years; a renewal by counter staff moves the day
// later. This is the one place the rule is written: the retention sweep and
// the stored due time both read it.
func (s Seeker) DeletionDueTime() time.Time {
	return DeletionDue(InactiveSince(s.ValidUntil, s.DeactivatedAt, dayAfter(s.ValidUntil)))
}

// DeletionDue is DeletionDueTime once the status is 無効 at now; zero while
// it is 有効.
func (s Seeker) DeletionDue(now time.Time) time.Time {
	if InactiveSince(s.ValidUntil, s.DeactivatedAt, now).IsZero() {
		return time.Time{}
	}
	return s.DeletionDueTime()
}

// Active reports whether the seeker's job-seeking status is 有効 at now: not
// switched off, not withdrawn, within validity.
func (s Seeker) Active(now time.Time) bool {
	return s.DeactivatedAt.IsZero() && s.WithdrawnAt.IsZero() && IsValid(s.ValidUntil, now)
}

// Withdrawn reports whether the seeker withdrew from My Page.
func (s Seeker) Withdrawn() bool { return !s.WithdrawnAt.IsZero() }

// KeepsLogin reports whether the seeker's e-mail and password still belong
// to this account at now (rule 3): while it is not withdrawn, and through
// the 30th day after the withdrawal day, when アカウント再登録 can restore it.
// From the 31st day the e-mail is free for a new My Page.
func (s Seeker) KeepsLogin(now time.Time) bool {
	return !s.Withdrawn() || CanReregister(s.WithdrawnAt, now)
}
