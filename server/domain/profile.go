package domain

// Profile is what the seeker registers on 求職者情報・設定, tab by tab.
type Profile struct {
	// 基本情報
	Phone      string `bson:"phone,omitempty"`
	PostalCode string `bson:"postalCode,omitempty"`
	Address    string `bson:"address,omitempty"`
	// 求職情報提供等: whether employers may see the seeker's information.
	ShareWithEmployers bool `bson:"shareWithEmployers"`
	// 希望職種・時間等
	DesiredJob            string `bson:"desiredJob,omitempty"`
	DesiredEmploymentType string `bson:"desiredEmploymentType,omitempty"`
	DesiredHours          string `bson:"desiredHours,omitempty"`
	DesiredHolidays       string `bson:"desiredHolidays,omitempty"`
	// 希望勤務地・賃金
	DesiredPrefecture string `bson:"desiredPrefecture,omitempty"`
	DesiredCity       string `bson:"desiredCity,omitempty"`
	DesiredWageUnit   string `bson:"desiredWageUnit,omitempty"` // 月給 or 時給
	DesiredWageMin    int    `bson:"desiredWageMin,omitempty"`
	// 学歴/資格, 経歴, 障害情報: registered at a HelloWork counter; shown here.
	Education  []string `bson:"education,omitempty"`
	Licenses   []string `bson:"licenses,omitempty"`
	Career     []string `bson:"career,omitempty"`
	Disability string   `bson:"disability,omitempty"`
	// 自己PR
	SelfPR string `bson:"selfPR,omitempty"`
	// ブロック一覧: employers whose messages and offers the seeker refuses.
	Blocked []string `bson:"blocked,omitempty"`
}

// WageUnits are the units a desired wage is given in.
var WageUnits = []string{"月給", "時給"}
