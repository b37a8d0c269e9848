// Package domain owns the records of My Page and the rules of the manual about
// them: validity of the job-seeking status, what a seeker may do and when.
// It imports neither HTTP nor the store, and every rule takes the time it is
// asked about, so tests can walk the calendar.
package domain
