package domain

// Wages are given per month (月給) for フルタイム and per hour (時給) for
// パート. Where both meet in one list — 求人検索 sorted by wage without a
// 求人区分 — they are compared as the pay of a full-time month, so that the
// rate of pay decides and not the unit: 月給 as it is, 時給 times
// HoursPerMonth. (Compared as bare numbers, every 月給 would outrank every
// 時給: 180,000 is more than 2,000, yet 時給 2,000 pays more than 月給
// 180,000 for the same hours.)

// HoursPerMonth is a full-time month in hours: 40 hours a week (the
// statutory week, 労働基準法 第32条) times 52 weeks, divided by 12.
const HoursPerMonth = 40 * 52 / 12 // 173

// MonthlyWage is the posting's upper wage (WageMax) as the pay of a
// full-time month: 月給 as it is, 時給 × HoursPerMonth. A posting in any
// other unit has no comparable wage: 0, so it comes after every posting
// with one.
func (j Job) MonthlyWage() int64 {
	switch j.WageUnit {
	case "月給":
		return int64(j.WageMax)
	case "時給":
		return int64(j.WageMax) * HoursPerMonth
	}
	return 0
}
