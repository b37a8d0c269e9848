// Package jobgen makes realistic synthetic job postings for demos, tests
// and the load benchmark: `jobs generate --count N [--seed S]`.
package jobgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/hellowork/mypage/server/domain"
)

// Days is how far back the generated 受付年月日 reach.
const Days = 61

// Generate returns n postings, the same for the same seed and day.
// 求人番号 are unique: each office numbers its own postings, from numbers
// no hand-written demo posting uses.
func Generate(n int, seed uint64, now time.Time) []domain.Job {
	g := &gen{
		r:      rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		now:    now.In(domain.Tokyo),
		serial: map[string]int{},
	}
	for _, p := range prefectures {
		g.prefTotal += p.People
	}
	for _, in := range industries {
		g.indTotal += in.Weight
	}
	jobs := make([]domain.Job, n)
	for i := range jobs {
		jobs[i] = g.job()
	}
	return jobs
}

type gen struct {
	r         *rand.Rand
	now       time.Time
	serial    map[string]int // the last serial of each office
	prefTotal int
	indTotal  int
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *gen) prefecture() prefecture {
	k := g.r.IntN(g.prefTotal)
	for _, p := range prefectures {
		if k < p.People {
			return p
		}
		k -= p.People
	}
	return prefectures[len(prefectures)-1]
}

func (g *gen) industry() industry {
	k := g.r.IntN(g.indTotal)
	for _, in := range industries {
		if k < in.Weight {
			return in
		}
		k -= in.Weight
	}
	return industries[len(industries)-1]
}

// between is a random value in [lo, hi] rounded down to a multiple of step.
func (g *gen) between(lo, hi, step int) int {
	if hi <= lo {
		return lo / step * step
	}
	return (lo + g.r.IntN(hi-lo+1)) / step * step
}

func (g *gen) job() domain.Job {
	p := g.prefecture()
	in := g.industry()
	occ := in.Jobs[g.r.IntN(len(in.Jobs))]
	part := g.r.Float64() < occ.PartShare
	j := domain.Job{Title: occ.Title, Prefecture: p.Name}
	j.Company = fmt.Sprintf(g.pick(in.Employers), g.pick(names))
	city := g.pick(p.Cities)
	j.Location = p.Name + city
	// The office of the posting: a prefecture has about one office for
	// every 400,000 people.
	office := fmt.Sprintf("%02d%03d", p.Code, 10*(1+g.r.IntN(1+p.People/400)))
	j.OfficeID = office
	j.ID = g.number(office)

	// 仕事の内容: where, two or three tasks, one or two common phrases.
	var d strings.Builder
	d.WriteString(city + "の" + g.pick(in.Settings) + "での" + occ.Title + "のお仕事です。")
	tasks := g.r.Perm(len(in.Tasks))
	for _, t := range tasks[:2+g.r.IntN(2)] {
		d.WriteString(in.Tasks[t])
	}
	for range 1 + g.r.IntN(2) {
		d.WriteString(g.pick(common))
	}
	j.Description = d.String()

	handicap := g.r.IntN(40) == 0 // 障害者求人
	if part {
		j.Category = "パート"
		j.Hours = g.pickHours(partHours)
		j.EmploymentType = "パート労働者"
		if occ.Dispatched && g.r.IntN(6) == 0 {
			j.EmploymentType = "派遣"
		}
		lo, hi := occ.Hourly[0], occ.Hourly[1]
		j.WageMin = g.between(lo, lo+(hi-lo)/2, 10)
		j.WageMax = g.between(j.WageMin, hi, 10)
		j.WageUnit = "時給"
	} else {
		j.Category = "フルタイム"
		j.Hours = g.pickHours(fulltimeHours)
		j.EmploymentType = g.pick(fulltimeTypes)
		if occ.Dispatched && g.r.IntN(4) == 0 {
			j.EmploymentType = g.pick([]string{"派遣", "有期雇用派遣"})
		}
		lo, hi := occ.Monthly[0]*1000, occ.Monthly[1]*1000
		j.WageMin = g.between(lo, lo+(hi-lo)/2, 1000)
		j.WageMax = g.between(j.WageMin+10000, hi+10000, 1000)
		j.WageUnit = "月給"
	}
	if handicap {
		j.Category += "(障)"
	}
	j.Holidays = g.pick(holidays)
	j.PostedAt = g.postedAt()
	return j
}

func (g *gen) pickHours(list [][]string) []string {
	h := list[g.r.IntN(len(list))]
	return append([]string(nil), h...)
}

// number is the next 求人番号 of an office: its code, a hyphen, a serial of
// seven digits and a check digit.
func (g *gen) number(office string) string {
	s, ok := g.serial[office]
	if !ok {
		s = 5000000 + g.r.IntN(1000000)
	}
	s += 1 + g.r.IntN(3)
	g.serial[office] = s
	body := fmt.Sprintf("%s%07d", office, s)
	sum := 0
	for i, c := range body {
		sum += int(c-'0') * (i%2*2 + 1)
	}
	return fmt.Sprintf("%s-%07d%d", office, s, (10-sum%10)%10)
}

// postedAt is a 受付 time during office hours on one of the last Days
// days, never later than now.
func (g *gen) postedAt() time.Time {
	day := time.Date(g.now.Year(), g.now.Month(), g.now.Day(), 0, 0, 0, 0, domain.Tokyo).AddDate(0, 0, -g.r.IntN(Days))
	t := day.Add(8*time.Hour + 30*time.Minute + time.Duration(g.r.IntN(8*60+45))*time.Minute)
	if t.After(g.now) {
		t = g.now.Add(-time.Duration(g.r.IntN(60)) * time.Minute)
	}
	return t.Truncate(time.Minute)
}
