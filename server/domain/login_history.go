package domain

import "time"

// ログイン履歴 keeps the last LoginHistorySize sign-ins and failed attempts
// of an account, none older than LoginHistoryDays, so a seeker can notice
// someone else's attempts.
const (
	LoginHistorySize = 20
	LoginHistoryDays = 90
)

// LoginEvent is one sign-in or failed attempt. Device and Browser are names
// a person recognises ("iPhone", "Safari"), never the raw User-Agent; no
// place is kept.
type LoginEvent struct {
	At      time.Time `bson:"at"`
	Via     string    `bson:"via"` // as a session's: password or mynaportal
	Device  string    `bson:"device,omitempty"`
	Browser string    `bson:"browser,omitempty"`
	OK      bool      `bson:"ok"`
}

// LoginHistoryCutoff is the oldest moment whose events are kept at now.
func LoginHistoryCutoff(now time.Time) time.Time {
	return now.AddDate(0, 0, -LoginHistoryDays)
}

// KeptLoginHistory returns what of events (oldest first) is kept at now:
// nothing from before the cutoff, and only the newest LoginHistorySize.
func KeptLoginHistory(events []LoginEvent, now time.Time) []LoginEvent {
	cutoff := LoginHistoryCutoff(now)
	kept := make([]LoginEvent, 0, len(events))
	for _, e := range events {
		if !e.At.Before(cutoff) {
			kept = append(kept, e)
		}
	}
	if len(kept) > LoginHistorySize {
		kept = kept[len(kept)-LoginHistorySize:]
	}
	return kept
}

// FromNewDevice reports whether a successful sign-in e comes from a device
// and browser the account has not signed in from within the kept history:
// the seeker is then told by mail. The very first sign-in of an account
// (no successful one before) is not new: it is the one that opened it.
func FromNewDevice(history []LoginEvent, e LoginEvent, now time.Time) bool {
	seen := false
	for _, h := range KeptLoginHistory(history, now) {
		if !h.OK {
			continue
		}
		seen = true
		if h.Device == e.Device && h.Browser == e.Browser {
			return false
		}
	}
	return seen
}
