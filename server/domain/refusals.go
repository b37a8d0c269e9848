package domain

import "errors"

// The refusals of the rules: what a seeker may not do, and why. The store
// returns them when a guarded change finds the rule broken meanwhile; the
// HTTP layer tells the seeker.
var (
	// ErrInactive: the status is 無効 (switched off, expired or withdrawn),
	// so no application (rule 1).
	ErrInactive = errors.New("domain: job-seeking status is 無効")
	// ErrWithdrawn: the seeker withdrew from My Page (rule 2).
	ErrWithdrawn = errors.New("domain: seeker withdrawn")
	// ErrAlreadyApplied: an application to this job is 応募中 already.
	ErrAlreadyApplied = errors.New("domain: already applied to this job")
	// ErrApplying: withdrawal refused while an application is 応募中 (rule 2).
	ErrApplying = errors.New("domain: applications in progress")
	// ErrNotInProgress: 応募取消 of an application that is not 応募中.
	ErrNotInProgress = errors.New("domain: application not in progress")
	// ErrValidityChanged: the validity changed between reading the seeker
	// and the change, which would have overwritten it.
	ErrValidityChanged = errors.New("domain: validity changed meanwhile")
)
