package domain

import "time"

// Condition is one field of a stored Seeker that a rule needs, as data, so
// that a rule is written once: the domain checks it against a Seeker it
// holds, and the store turns it into the guard of the single-document
// update that makes the change (a rule can be broken between the read and
// the write; the guard decides).
type Condition struct {
	// Field is the stored field (the bson key of Seeker), "applying.jobID"
	// for the jobs of the applications in progress.
	Field string
	Op    Op
	// Value is what Equal and NotEqual compare with.
	Value any
	// holds is the same condition on a Seeker in hand.
	holds func(Seeker) bool
}

// Op is how a Condition compares its field.
type Op int

const (
	// Absent: the field is not set.
	Absent Op = iota
	// Equal: the field is Value.
	Equal
	// NotEqual: the field is not Value; on a list, no element is.
	NotEqual
)

// Holds reports whether the seeker meets the condition.
func (c Condition) Holds(s Seeker) bool { return c.holds(s) }

// allHold reports whether s meets every condition.
func allHold(s Seeker, conds []Condition) bool {
	for _, c := range conds {
		if !c.Holds(s) {
			return false
		}
	}
	return true
}

func notWithdrawn() Condition {
	return Condition{Field: "withdrawnAt", Op: Absent, holds: func(s Seeker) bool { return !s.Withdrawn() }}
}

func nothingApplying() Condition {
	return Condition{Field: "applyingCount", Op: Equal, Value: 0, holds: func(s Seeker) bool { return s.ApplyingCount == 0 }}
}

func notAppliedTo(jobID string) Condition {
	return Condition{Field: "applying.jobID", Op: NotEqual, Value: jobID, holds: func(s Seeker) bool { return !s.HasApplied(jobID) }}
}

func validUntilIs(t time.Time) Condition {
	return Condition{Field: "validUntil", Op: Equal, Value: t, holds: func(s Seeker) bool { return s.ValidUntil.Equal(t) }}
}
