package domain

import (
	"errors"
	"testing"
)

func TestApply(t *testing.T) {
	job := Job{ID: "13010-12345671", Title: "介護福祉士", Company: "飯田橋ケアセンター"}
	valid := Seeker{ID: "s", ValidUntil: jst("2021-11-30 00:00"), Applying: applyingTo()}
	tests := []struct {
		name      string
		seeker    func(Seeker) Seeker
		at        string
		wantErr   error
		wantUntil string
	}{
		{"有効, applied in October → 応募中, validity unchanged", nil, "2021-10-05 10:00", nil, "2021-11-30"},
		{"有効, applied in the last month → one month more", nil, "2021-11-05 10:00", nil, "2021-12-31"},
		{"applied on the last day → one month more", nil, "2021-11-30 23:59", nil, "2021-12-31"},
		{"the day after the last day → 無効: refused", nil, "2021-12-01 00:00", ErrInactive, ""},
		{"switched to 無効 → refused", func(s Seeker) Seeker { s.DeactivatedAt = jst("2021-10-01 09:00"); return s }, "2021-10-05 10:00", ErrInactive, ""},
		{"withdrawn → refused", func(s Seeker) Seeker { s.WithdrawnAt = jst("2021-10-01 09:00"); return s }, "2021-10-05 10:00", ErrInactive, ""},
		{"this job 応募中 already → 応募済み", func(s Seeker) Seeker { s.Applying = applyingTo(job.ID); return s }, "2021-10-05 10:00", ErrAlreadyApplied, ""},
		{"another job 応募中 → this one too", func(s Seeker) Seeker { s.Applying = applyingTo("13010-99999991"); return s }, "2021-10-05 10:00", nil, "2021-11-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sk := valid
			if tt.seeker != nil {
				sk = tt.seeker(sk)
			}
			now := jst(tt.at)
			app, until, err := sk.Apply(job, "a1", now)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got := until.Format("2006-01-02"); got != tt.wantUntil {
				t.Errorf("有効期限 %s, want %s", got, tt.wantUntil)
			}
			want := Application{ID: "a1", SeekerID: "s", JobID: job.ID, JobTitle: job.Title, Company: job.Company, Status: ApplicationInProgress, AppliedAt: now}
			if app != want {
				t.Errorf("application %+v, want %+v", app, want)
			}
		})
	}
}

func TestApplyRefusal(t *testing.T) {
	tests := []struct {
		name   string
		seeker Seeker
		want   error
	}{
		{"withdrawn meanwhile", Seeker{WithdrawnAt: jst("2021-10-01 09:00")}, ErrWithdrawn},
		{"the same job applied for meanwhile (a double submit)", Seeker{Applying: applyingTo("j1")}, ErrAlreadyApplied},
		{"otherwise the validity changed meanwhile", Seeker{Applying: applyingTo("j2")}, ErrValidityChanged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.seeker.ApplyRefusal("j1"); !errors.Is(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestApplicableWhen(t *testing.T) {
	read := jst("2021-11-30 00:00")
	base := Seeker{ValidUntil: read, Applying: applyingTo("j2")}
	tests := []struct {
		name   string
		seeker func(Seeker) Seeker
		want   bool
	}{
		{"as read → recorded", nil, true},
		{"withdrawn meanwhile → not", func(s Seeker) Seeker { s.WithdrawnAt = jst("2021-10-01 09:00"); return s }, false},
		{"the job applied for meanwhile → not", func(s Seeker) Seeker { s.Applying = applyingTo("j2", "j1"); return s }, false},
		{"validity renewed meanwhile → not", func(s Seeker) Seeker { s.ValidUntil = read.AddDate(0, 1, 0); return s }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sk := base
			if tt.seeker != nil {
				sk = tt.seeker(sk)
			}
			if got := allHold(sk, ApplicableWhen("j1", read)); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"asu.yuki@example.jp", "asu.yuki@example.jp"},
		{"Asu.Yuki@Example.JP", "asu.yuki@example.jp"},
		{"  asu.yuki@example.jp \t", "asu.yuki@example.jp"},
	}
	for _, tt := range tests {
		if got := NormalizeEmail(tt.in); got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestApplyingWithout(t *testing.T) {
	sk := Seeker{Applying: applyingTo("j1", "j2")}
	if got := sk.ApplyingWithout("a-j1"); len(got) != 1 || got[0].JobID != "j2" {
		t.Errorf("応募取消 of j1 leaves %v, want j2 only", got)
	}
	if got := sk.ApplyingWithout("a-j9"); len(got) != 2 {
		t.Errorf("an application not 応募中 changes the list: %v", got)
	}
	if got := (Seeker{}).ApplyingWithout("a-j1"); got == nil {
		t.Error("nil list, want an empty one")
	}
}
