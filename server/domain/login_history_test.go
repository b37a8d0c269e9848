package domain

import (
	"testing"
	"time"
)

func TestKeptLoginHistory(t *testing.T) {
	now := jst("2026-06-30 12:00")
	at := func(days int) LoginEvent { return LoginEvent{At: now.AddDate(0, 0, -days), Via: "password", OK: true} }
	tests := []struct {
		name   string
		events []LoginEvent
		want   int
	}{
		{"nothing kept from nothing", nil, 0},
		{"a sign-in 90 days ago is kept", []LoginEvent{at(90)}, 1},
		{"one 91 days ago is not", []LoginEvent{at(91), at(1)}, 1},
		{"the newest 20 of 25", func() []LoginEvent {
			var es []LoginEvent
			for d := 25; d > 0; d-- {
				es = append(es, at(d))
			}
			return es
		}(), LoginHistorySize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := KeptLoginHistory(tt.events, now)
			if len(got) != tt.want {
				t.Fatalf("kept %d, want %d", len(got), tt.want)
			}
			if len(got) > 0 && len(tt.events) > 0 && !got[len(got)-1].At.Equal(tt.events[len(tt.events)-1].At) {
				t.Error("the newest event was dropped")
			}
		})
	}
	if got := KeptLoginHistory([]LoginEvent{at(1), {At: now.Add(-time.Minute)}}, now); got[0].At.After(got[1].At) {
		t.Error("the order changed")
	}
}

// A sign-in from a device and browser the account has not used within the
// kept 90 days is new; failed attempts and events past 90 days do not count
// as use; the first sign-in of an account is not new.
func TestFromNewDevice(t *testing.T) {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, Tokyo)
	pcChrome := LoginEvent{At: now.AddDate(0, 0, -3), Device: "Windows", Browser: "Chrome", OK: true}
	tests := []struct {
		name    string
		history []LoginEvent
		e       LoginEvent
		want    bool
	}{
		{"the first sign-in of the account", nil, LoginEvent{At: now, Device: "iPhone", Browser: "Safari", OK: true}, false},
		{"the same PC and browser again", []LoginEvent{pcChrome}, LoginEvent{At: now, Device: "Windows", Browser: "Chrome", OK: true}, false},
		{"a phone never used before", []LoginEvent{pcChrome}, LoginEvent{At: now, Device: "iPhone", Browser: "Safari", OK: true}, true},
		{"another browser on the same PC", []LoginEvent{pcChrome}, LoginEvent{At: now, Device: "Windows", Browser: "Edge", OK: true}, true},
		{"only a failed attempt from the phone before", []LoginEvent{pcChrome, {At: now.AddDate(0, 0, -1), Device: "iPhone", Browser: "Safari"}},
			LoginEvent{At: now, Device: "iPhone", Browser: "Safari", OK: true}, true},
		{"the phone used 91 days ago only", []LoginEvent{pcChrome, {At: now.AddDate(0, 0, -91), Device: "iPhone", Browser: "Safari", OK: true}},
			LoginEvent{At: now, Device: "iPhone", Browser: "Safari", OK: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FromNewDevice(tt.history, tt.e, now); got != tt.want {
				t.Errorf("FromNewDevice = %v, want %v", got, tt.want)
			}
		})
	}
}
