package domain

import "time"

// HasApplied reports whether an application to jobID is 応募中.
func (s Seeker) HasApplied(jobID string) bool {
	for _, r := range s.Applying {
		if r.JobID == jobID {
			return true
		}
	}
	return false
}

// Apply is オンライン自主応募 of job at now (rule 1): the application, 応募中,
// and the last day of validity it makes (one month more when applied in the
// last month), or why it is refused — ErrInactive while the status is 無効,
// ErrAlreadyApplied when this job has an application 応募中.
func (s Seeker) Apply(job Job, applicationID string, now time.Time) (Application, time.Time, error) {
	switch {
	case !s.Active(now):
		return Application{}, time.Time{}, ErrInactive
	case s.HasApplied(job.ID):
		return Application{}, time.Time{}, ErrAlreadyApplied
	}
	a := Application{ID: applicationID, SeekerID: s.ID, JobID: job.ID, JobTitle: job.Title, Company: job.Company,
		Status: ApplicationInProgress, AppliedAt: now}
	return a, ExtendOnApplication(s.ValidUntil, now), nil
}

// ApplicableWhen is what an application to jobID asks of the stored seeker
// at the moment it is recorded: not withdrawn, not applied to this job, and
// the validity still what it was read as (readValidUntil), so the extension
// never overwrites a change made in between.
func ApplicableWhen(jobID string, readValidUntil time.Time) []Condition {
	return []Condition{notWithdrawn(), notAppliedTo(jobID), validUntilIs(readValidUntil)}
}

// ApplyRefusal says why an application to jobID did not pass
// ApplicableWhen, from the seeker as it is now.
func (s Seeker) ApplyRefusal(jobID string) error {
	switch {
	case s.Withdrawn():
		return ErrWithdrawn
	case s.HasApplied(jobID):
		return ErrAlreadyApplied
	}
	return ErrValidityChanged
}

// ApplyingWithout is the seeker's applications 応募中 once applicationID
// leaves them (応募取消): never nil, so the stored list stays a list.
func (s Seeker) ApplyingWithout(applicationID string) []ApplicationRef {
	rest := []ApplicationRef{}
	for _, r := range s.Applying {
		if r.ApplicationID != applicationID {
			rest = append(rest, r)
		}
	}
	return rest
}
