package domain

import (
	"errors"
	"testing"
)

func applyingTo(jobIDs ...string) []ApplicationRef {
	refs := []ApplicationRef{}
	for _, j := range jobIDs {
		refs = append(refs, ApplicationRef{ApplicationID: "a-" + j, JobID: j})
	}
	return refs
}

func TestCanWithdraw(t *testing.T) {
	tests := []struct {
		name   string
		seeker Seeker
		want   bool
	}{
		{"no application 応募中 → 「マイページを退会」 open", Seeker{}, true},
		{"one application 応募中 → refused", Seeker{Applying: applyingTo("j1"), ApplyingCount: 1}, false},
		{"two applications 応募中 → refused", Seeker{Applying: applyingTo("j1", "j2"), ApplyingCount: 2}, false},
		{"applications cancelled or closed → open", Seeker{Applying: applyingTo(), ApplyingCount: 0}, true},
		{"switched to 無効, nothing 応募中 → open: withdrawal does not ask the status", Seeker{DeactivatedAt: jst("2021-10-10 09:00")}, true},
		{"withdrawn already → nothing to withdraw", Seeker{WithdrawnAt: jst("2021-10-10 09:00")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.seeker.CanWithdraw(); got != tt.want {
				t.Errorf("CanWithdraw() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWithdrawRefusal(t *testing.T) {
	tests := []struct {
		name   string
		seeker Seeker
		want   error
	}{
		{"an application 応募中 → refused: ErrApplying", Seeker{Applying: applyingTo("j1"), ApplyingCount: 1}, ErrApplying},
		{"withdrawn by a double submit → harmless", Seeker{WithdrawnAt: jst("2021-10-10 09:00")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.seeker.WithdrawRefusal(); !errors.Is(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// The conditions the store guards the withdrawal with say what CanWithdraw
// says: one rule, written once.
func TestWithdrawableWhenNamesStoredFields(t *testing.T) {
	got := map[string]Op{}
	for _, c := range WithdrawableWhen() {
		got[c.Field] = c.Op
	}
	if len(got) != 2 || got["withdrawnAt"] != Absent || got["applyingCount"] != Equal {
		t.Errorf("conditions %v, want withdrawnAt absent and applyingCount equal", got)
	}
}

func TestKeepsLogin(t *testing.T) {
	tests := []struct {
		name, withdrawn, now string
		want                 bool
	}{
		{"not withdrawn → the login is the account's", "", "2027-04-01 09:00", true},
		{"withdrawn 9/1, on 10/1 (the 30th day) → still the account's", "2021-09-01 10:00", "2021-10-01 23:59", true},
		{"withdrawn 9/1, on 10/2 (the 31st day) → free for a new My Page", "2021-09-01 10:00", "2021-10-02 00:00", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sk Seeker
			if tt.withdrawn != "" {
				sk.WithdrawnAt = jst(tt.withdrawn)
			}
			if got := sk.KeepsLogin(jst(tt.now)); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
