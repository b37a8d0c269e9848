package domain

// WithdrawableWhen is what rule 2 asks of a seeker who withdraws: not
// withdrawn already, and no self-application 応募中. CanWithdraw and the
// store's guard of the withdrawal both read it.
func WithdrawableWhen() []Condition {
	return []Condition{notWithdrawn(), nothingApplying()}
}

// CanWithdraw reports whether 「マイページを退会」 is open to the seeker
// (rule 2): refused while any self-application is 応募中.
func (s Seeker) CanWithdraw() bool { return allHold(s, WithdrawableWhen()) }

// WithdrawRefusal says why a withdrawal did not happen to the seeker as it
// is now: nil when it is withdrawn already (withdrawing twice is harmless),
// else ErrApplying.
func (s Seeker) WithdrawRefusal() error {
	if s.Withdrawn() {
		return nil
	}
	return ErrApplying
}
