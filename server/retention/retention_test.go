package retention

import (
	"testing"
	"time"

	"github.com/hellowork/mypage/server/domain"
)

func jst(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, domain.Tokyo)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDue(t *testing.T) {
	until := jst("2021-11-30 00:00") // 無効 from 2021-12-01
	tests := []struct {
		name string
		sk   domain.Seeker
		now  string
		want bool
	}{
		{"valid: never", domain.Seeker{ValidUntil: jst("2030-01-31 00:00")}, "2029-01-01 00:00", false},
		{"無効 for 5 years less a minute", domain.Seeker{ValidUntil: until}, "2026-11-30 23:59", false},
		{"無効 for 5 years", domain.Seeker{ValidUntil: until}, "2026-12-01 00:00", true},
		{"switched to 無効 by the seeker", domain.Seeker{ValidUntil: until, DeactivatedAt: jst("2021-10-10 09:00")}, "2026-10-10 09:00", true},
		// Withdrawal does not change 求職状態: the 5 years run from the end
		// of validity, not from the withdrawal day.
		{"withdrawn while valid: not 5 years after the withdrawal", domain.Seeker{ValidUntil: until, WithdrawnAt: jst("2021-10-01 12:00")}, "2026-10-01 12:00", false},
		{"withdrawn while valid: 5 years after the validity ended", domain.Seeker{ValidUntil: until, WithdrawnAt: jst("2021-10-01 12:00")}, "2026-12-01 00:00", true},
		{"withdrawn, validity renewed by staff: kept", domain.Seeker{ValidUntil: jst("2027-01-31 00:00"), WithdrawnAt: jst("2021-10-01 12:00")}, "2026-12-01 00:00", false},
		{"marked by a sweep that was killed", domain.Seeker{ValidUntil: jst("2030-01-31 00:00"), Deleting: true}, "2026-01-01 00:00", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Due(tt.sk, jst(tt.now)); got != tt.want {
				t.Errorf("Due = %v, want %v", got, tt.want)
			}
		})
	}
}
