package seed

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hellowork/mypage/server/domain"
)

var testNow = time.Date(2026, time.April, 15, 10, 30, 0, 0, time.FixedZone("JST", 9*60*60))

var (
	jobIDPattern = regexp.MustCompile(`^[0-9]{5}-[0-9]{8}$`)
	hoursPattern = regexp.MustCompile(`^\([1-9]\)[0-2][0-9]時[0-5][0-9]分～[0-2][0-9]時[0-5][0-9]分$`)
)

// prefectureCode is the JIS code of a prefecture, the first two digits of a 求人番号.
func prefectureCode(t *testing.T, pref string) string {
	t.Helper()
	i := slices.Index(domain.Prefectures, pref)
	if i < 0 {
		t.Fatalf("%q is not a prefecture", pref)
	}
	return fmt.Sprintf("%02d", i+1)
}

func officesByID(t *testing.T) map[string]domain.Office {
	t.Helper()
	m := map[string]domain.Office{}
	for _, o := range Offices() {
		if _, dup := m[o.ID]; dup {
			t.Errorf("duplicate office ID %q", o.ID)
		}
		m[o.ID] = o
	}
	return m
}

func TestOffices(t *testing.T) {
	offices := Offices()
	if len(offices) < 10 {
		t.Errorf("got %d offices, want about 12", len(offices))
	}
	officesByID(t)
	idPattern := regexp.MustCompile(`^[a-z][a-z-]*$`)
	for _, o := range offices {
		if !idPattern.MatchString(o.ID) {
			t.Errorf("office ID %q is not a short ascii slug", o.ID)
		}
		if !strings.HasSuffix(o.Name, "公共職業安定所") {
			t.Errorf("office %s: name %q", o.ID, o.Name)
		}
		if !slices.Contains(domain.Prefectures, o.Prefecture) {
			t.Errorf("office %s: prefecture %q", o.ID, o.Prefecture)
		}
		if !strings.HasPrefix(o.Address, o.Prefecture) {
			t.Errorf("office %s: address %q not in %s", o.ID, o.Address, o.Prefecture)
		}
		if o.Phone == "" {
			t.Errorf("office %s: no phone", o.ID)
		}
	}
	if o := officesByID(t)["iidabashi"]; o.Name != "飯田橋公共職業安定所" ||
		o.Address != "東京都文京区後楽1-9-20 飯田橋合同庁舎内" || o.Phone != "03-3812-8609" {
		t.Errorf("iidabashi = %+v", o)
	}
}

func TestJobs(t *testing.T) {
	jobs := Jobs(testNow)
	if len(jobs) != 30 {
		t.Fatalf("got %d jobs, want 30", len(jobs))
	}
	offices := officesByID(t)
	ids := map[string]bool{}
	posted := map[time.Time]string{}
	types := map[string]bool{}
	perPref := map[string]int{}
	categories := []string{"フルタイム", "パート", "フルタイム(障)", "パート(障)"}
	for _, j := range jobs {
		if !jobIDPattern.MatchString(j.ID) {
			t.Errorf("job ID %q is not a 求人番号", j.ID)
		}
		if ids[j.ID] {
			t.Errorf("duplicate job ID %q", j.ID)
		}
		ids[j.ID] = true
		if !slices.Contains(domain.Prefectures, j.Prefecture) {
			t.Errorf("job %s: prefecture %q", j.ID, j.Prefecture)
			continue
		}
		perPref[j.Prefecture]++
		if code := prefectureCode(t, j.Prefecture); !strings.HasPrefix(j.ID, code) {
			t.Errorf("job %s: ID does not start with %s of %s", j.ID, code, j.Prefecture)
		}
		if !strings.HasPrefix(j.Location, j.Prefecture) || len(j.Location) == len(j.Prefecture) {
			t.Errorf("job %s: location %q not in %s", j.ID, j.Location, j.Prefecture)
		}
		o, ok := offices[j.OfficeID]
		if !ok {
			t.Errorf("job %s: unknown office %q", j.ID, j.OfficeID)
		} else if o.Prefecture != j.Prefecture {
			t.Errorf("job %s in %s handled by office %s in %s", j.ID, j.Prefecture, o.ID, o.Prefecture)
		}
		if !slices.Contains(domain.EmploymentTypes, j.EmploymentType) {
			t.Errorf("job %s: employment type %q", j.ID, j.EmploymentType)
		}
		types[j.EmploymentType] = true
		if !slices.Contains(categories, j.Category) {
			t.Errorf("job %s: category %q", j.ID, j.Category)
		}
		part := strings.HasPrefix(j.Category, "パート")
		if part != (j.EmploymentType == "パート労働者") {
			t.Errorf("job %s: category %q with employment type %q", j.ID, j.Category, j.EmploymentType)
		}
		switch {
		case part && j.WageUnit != "時給", !part && j.WageUnit != "月給":
			t.Errorf("job %s: category %q paid %q", j.ID, j.Category, j.WageUnit)
		}
		if j.WageMin <= 0 || j.WageMin > j.WageMax {
			t.Errorf("job %s: wage %d–%d", j.ID, j.WageMin, j.WageMax)
		}
		if len(j.Hours) < 1 || len(j.Hours) > 2 {
			t.Errorf("job %s: %d shifts", j.ID, len(j.Hours))
		}
		for i, h := range j.Hours {
			if !hoursPattern.MatchString(h) || !strings.HasPrefix(h, fmt.Sprintf("(%d)", i+1)) {
				t.Errorf("job %s: hours %q", j.ID, h)
			}
		}
		if j.Title == "" || j.Company == "" || j.Holidays == "" || j.Description == "" {
			t.Errorf("job %s: empty field in %+v", j.ID, j)
		}
		if !j.PostedAt.Before(testNow) || testNow.Sub(j.PostedAt) > 30*24*time.Hour {
			t.Errorf("job %s: posted %v, not within the last 30 days of %v", j.ID, j.PostedAt, testNow)
		}
		if other, dup := posted[j.PostedAt]; dup {
			t.Errorf("jobs %s and %s posted at the same time", other, j.ID)
		}
		posted[j.PostedAt] = j.ID
	}
	for _, et := range domain.EmploymentTypes {
		if !types[et] {
			t.Errorf("employment type %q unused", et)
		}
	}
	if len(perPref) < 6 {
		t.Errorf("jobs in %d prefectures, want at least 6", len(perPref))
	}
	for pref, n := range perPref {
		if pref != "東京都" && n >= perPref["東京都"] {
			t.Errorf("%s has %d jobs, Tokyo only %d", pref, n, perPref["東京都"])
		}
	}
	if !reflect.DeepEqual(jobs, Jobs(testNow)) {
		t.Error("Jobs is not deterministic")
	}
}

func TestScreenshotJob(t *testing.T) {
	jobs := Jobs(testNow)
	i := slices.IndexFunc(jobs, func(j domain.Job) bool { return j.Title == "介護福祉士" })
	if i < 0 {
		t.Fatal("no 介護福祉士 job")
	}
	got := jobs[i]
	want := domain.Job{
		ID: got.ID, Title: "介護福祉士", Company: got.Company,
		Category: "フルタイム", Hours: []string{"(1)08時00分～18時00分"}, Holidays: "土日祝",
		Prefecture: "東京都", Location: "東京都千代田区",
		Description:    "グループホーム（2ユニット：18人定員）にて、ご利用者様に対する生活全般の介護サービスを提供いたします。",
		EmploymentType: "正社員", WageMin: 205000, WageMax: 290000, WageUnit: "月給",
		OfficeID: "iidabashi", PostedAt: got.PostedAt,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("介護福祉士 job\n got %+v\nwant %+v", got, want)
	}
	if got.ID != kaigoJobID {
		t.Errorf("介護福祉士 job ID %s, want %s", got.ID, kaigoJobID)
	}
	for _, j := range jobs {
		if j.ID != got.ID && !j.PostedAt.Before(got.PostedAt) {
			t.Errorf("job %s posted %v, not before the 介護福祉士 job %v", j.ID, j.PostedAt, got.PostedAt)
		}
	}
}

func TestDemoSeekers(t *testing.T) {
	seekers := DemoSeekers(testNow)
	if len(seekers) != 2 {
		t.Fatalf("got %d demo seekers, want 2", len(seekers))
	}
	jobs := map[string]domain.Job{}
	for _, j := range Jobs(testNow) {
		jobs[j.ID] = j
	}
	offices := officesByID(t)
	appIDs := map[string]bool{}
	msgIDs := map[string]bool{}
	emails := map[string]bool{}
	for _, d := range seekers {
		s := d.Seeker
		if emails[s.Email] {
			t.Errorf("duplicate e-mail %s", s.Email)
		}
		emails[s.Email] = true
		if d.Password == "" {
			t.Errorf("%s: no password", s.ID)
		}
		if o, ok := offices[s.OfficeID]; !ok || o.Name != s.OfficeName {
			t.Errorf("%s: office %q %q does not match the offices", s.ID, s.OfficeID, s.OfficeName)
		}
		if _, err := time.Parse(time.DateOnly, s.Birthdate); err != nil {
			t.Errorf("%s: birthdate %q: %v", s.ID, s.Birthdate, err)
		}
		if !s.ValidUntil.IsZero() {
			t.Errorf("%s: ValidUntil set; the seeder computes it", s.ID)
		}
		if s.Disclosure != "公開中" && s.Disclosure != "非公開" {
			t.Errorf("%s: disclosure %q", s.ID, s.Disclosure)
		}

		var inProgress []domain.ApplicationRef
		for _, a := range d.Applications {
			if appIDs[a.ID] || a.ID == "" {
				t.Errorf("application ID %q empty or duplicate", a.ID)
			}
			appIDs[a.ID] = true
			if a.SeekerID != s.ID {
				t.Errorf("application %s: seeker %q, want %q", a.ID, a.SeekerID, s.ID)
			}
			j, ok := jobs[a.JobID]
			if !ok {
				t.Errorf("application %s: unknown job %q", a.ID, a.JobID)
				continue
			}
			if a.JobTitle != j.Title || a.Company != j.Company {
				t.Errorf("application %s: %q at %q, job is %q at %q", a.ID, a.JobTitle, a.Company, j.Title, j.Company)
			}
			if !a.AppliedAt.After(j.PostedAt) || !a.AppliedAt.After(s.RegisteredAt) || !a.AppliedAt.Before(testNow) {
				t.Errorf("application %s: applied %v, job posted %v, registered %v", a.ID, a.AppliedAt, j.PostedAt, s.RegisteredAt)
			}
			switch a.Status {
			case domain.ApplicationInProgress:
				inProgress = append(inProgress, domain.ApplicationRef{ApplicationID: a.ID, JobID: a.JobID, JobTitle: a.JobTitle})
			case domain.ApplicationClosed:
			default:
				t.Errorf("application %s: status %q", a.ID, a.Status)
			}
		}
		if !reflect.DeepEqual(s.Applying, inProgress) {
			t.Errorf("%s: Applying %+v, in-progress applications %+v", s.ID, s.Applying, inProgress)
		}

		unread := 0
		for _, m := range d.Messages {
			if msgIDs[m.ID] || m.ID == "" {
				t.Errorf("message ID %q empty or duplicate", m.ID)
			}
			msgIDs[m.ID] = true
			if m.SeekerID != s.ID {
				t.Errorf("message %s: seeker %q, want %q", m.ID, m.SeekerID, s.ID)
			}
			if m.From == "" || m.Subject == "" || m.Body == "" {
				t.Errorf("message %s: empty field", m.ID)
			}
			if !m.SentAt.Before(testNow) || m.SentAt.Before(s.RegisteredAt) {
				t.Errorf("message %s: sent %v", m.ID, m.SentAt)
			}
			if !m.Read {
				unread++
			}
		}
		if s.UnreadMessages != unread {
			t.Errorf("%s: UnreadMessages %d, %d unread messages", s.ID, s.UnreadMessages, unread)
		}
	}

	asu, yamada := seekers[0], seekers[1]
	if s := asu.Seeker; s.ID != "demo-asu-yuki" || s.Name != "明日 勇気" || s.NameKana != "アス ユウキ" ||
		s.Email != "asu.yuki@example.jp" || asu.Password != "Asu-Yuki-2026" || s.Birthdate != "1990-04-15" ||
		s.OfficeID != "iidabashi" || s.RegistrationType != domain.RegisteredCounter ||
		!s.RegisteredAt.Equal(testNow.Add(-20*24*time.Hour)) || s.Disclosure != "公開中" || s.UnreadMessages != 2 {
		t.Errorf("明日 勇気 = %+v", asu)
	}
	if len(asu.Applications) != 2 || len(asu.Seeker.Applying) != 1 || asu.Seeker.Applying[0].JobID != kaigoJobID {
		t.Errorf("明日 勇気 applications %+v, applying %+v", asu.Applications, asu.Seeker.Applying)
	}
	if len(asu.Messages) != 3 {
		t.Errorf("明日 勇気 has %d messages, want 3", len(asu.Messages))
	}
	if s := yamada.Seeker; s.ID != "demo-yamada-hanako" || s.Name != "山田 花子" || s.NameKana != "ヤマダ ハナコ" ||
		s.Email != "yamada.hanako@example.jp" || yamada.Password != "Yamada-Hanako-2026" || s.Birthdate != "1985-11-03" ||
		offices[s.OfficeID].Prefecture != "大阪府" || s.RegistrationType != domain.RegisteredOnline ||
		!s.RegisteredAt.Equal(testNow.Add(-5*24*time.Hour)) || s.Disclosure != "非公開" ||
		s.UnreadMessages != 0 || s.Applying != nil || len(yamada.Applications) != 0 || len(yamada.Messages) != 0 {
		t.Errorf("山田 花子 = %+v", yamada)
	}
	if !reflect.DeepEqual(seekers, DemoSeekers(testNow)) {
		t.Error("DemoSeekers is not deterministic")
	}
}

func TestJapaneseDate(t *testing.T) {
	// 2026-04-22 is a Wednesday; 23:30 UTC on the 21st is already the 22nd in JST.
	if got := japaneseDate(time.Date(2026, time.April, 21, 23, 30, 0, 0, time.UTC)); got != "4月22日（水）" {
		t.Errorf("japaneseDate = %q", got)
	}
}
