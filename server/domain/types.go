package domain

import "time"

// Office is a HelloWork public employment security office (公共職業安定所).
type Office struct {
	ID         string `bson:"_id"`
	Name       string `bson:"name"`       // 飯田橋公共職業安定所
	Prefecture string `bson:"prefecture"` // 東京都
	Address    string `bson:"address"`
	Phone      string `bson:"phone"`
}

// Job is a job posting (求人) with the fields the manual's screenshot shows.
type Job struct {
	ID             string    `bson:"_id"`      // 求人番号, e.g. 13010-12345671
	Title          string    `bson:"title"`    // 職種
	Company        string    `bson:"company"`  // 事業所名
	Category       string    `bson:"category"` // 求人区分: フルタイム, パート, フルタイム(障) …
	Hours          []string  `bson:"hours"`
	Holidays       string    `bson:"holidays"` // 休日
	Prefecture     string    `bson:"prefecture"`
	Location       string    `bson:"location"`       // 就業場所
	Description    string    `bson:"description"`    // 仕事の内容
	EmploymentType string    `bson:"employmentType"` // 雇用形態, one of EmploymentTypes
	WageMin        int       `bson:"wageMin"`        // 賃金 (手当等を含む), yen
	WageMax        int       `bson:"wageMax"`
	WageUnit       string    `bson:"wageUnit"` // 月給 or 時給
	OfficeID       string    `bson:"officeID"`
	PostedAt       time.Time `bson:"postedAt"`
}

// EmploymentTypes are the 雇用形態 a search can filter on, in display order.
var EmploymentTypes = []string{"正社員", "正社員以外", "パート労働者", "派遣", "有期雇用派遣"}

// Prefectures lists the 47 prefectures in the conventional order.
var Prefectures = []string{
	"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
	"茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
	"新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
	"静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
	"奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
	"徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
	"熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
}

// RegistrationType tells how a seeker came to HelloWork; the manual's
// guidance after withdrawal differs between the two.
type RegistrationType string

const (
	RegisteredOnline  RegistrationType = "online"  // オンライン登録者
	RegisteredCounter RegistrationType = "counter" // 利用登録者 (uses a HelloWork counter)
)

// Seeker is a job seeker's account and profile summary. The fields the home
// screen needs live here so that the home costs one read of this document.
type Seeker struct {
	ID               string           `bson:"_id"`
	Email            string           `bson:"email"`
	Name             string           `bson:"name"` // 明日 勇気
	NameKana         string           `bson:"nameKana"`
	Birthdate        string           `bson:"birthdate"` // YYYY-MM-DD
	OfficeID         string           `bson:"officeID"`
	OfficeName       string           `bson:"officeName"`
	RegistrationType RegistrationType `bson:"registrationType"`
	RegisteredAt     time.Time        `bson:"registeredAt"` // 登録日
	ValidUntil       time.Time        `bson:"validUntil"`   // 有効期限: the last day of validity, 00:00 JST
	Disclosure       string           `bson:"disclosure"`   // 求職公開状況: 公開中 or 非公開
	Profile          Profile          `bson:"profile"`
	Applying         []ApplicationRef `bson:"applying"`
	// ApplyingCount is len(Applying), kept beside it so that withdrawal can
	// guard on it in the same single-document update that applying changes.
	ApplyingCount int `bson:"applyingCount"`
	// DeactivatedAt is when the seeker switched the status to 無効 (zero when
	// they did not); WithdrawnAt when they withdrew from My Page.
	DeactivatedAt time.Time `bson:"deactivatedAt,omitempty"`
	WithdrawnAt   time.Time `bson:"withdrawnAt,omitempty"`
	// Deleting marks a seeker the retention sweep has begun to delete: it is
	// gone for every purpose from that moment.
	Deleting bool `bson:"deleting,omitempty"`
	// MyNaPortalLinkID names the MyNaPortal identity linked to this account
	// (issuer|sub), empty when none is.
	MyNaPortalLinkID   string    `bson:"myNaPortalLinkID,omitempty"`
	MyNaPortalLinkedAt time.Time `bson:"myNaPortalLinkedAt,omitempty"`
	UnreadMessages     int       `bson:"unreadMessages"`
	// TestClockID is the test clock the seeker was registered under (test
	// mode only): every rule about this seeker reads that clock.
	TestClockID string `bson:"testClockID,omitempty"`
	// ApplicationIDs and MessageIDs list the _ids of every application and
	// message of the seeker, so 求職活動状況 and the message list read them
	// by _id. ActivityListed says the lists are complete: a record stored
	// before they existed gets them on its first read.
	ApplicationIDs []string `bson:"applicationIDs,omitempty"`
	MessageIDs     []string `bson:"messageIDs,omitempty"`
	ActivityListed bool     `bson:"activityListed,omitempty"`
	// SessionIDs lists the _ids of the seeker's sessions (a session that
	// ended may linger until the list is next read), so ログイン中の端末,
	// ending every session and deleting the seeker reach them by _id.
	// SessionsListed says the list is complete: a record stored before it
	// existed gets it on its first read.
	SessionIDs     []string `bson:"sessionIDs,omitempty"`
	SessionsListed bool     `bson:"sessionsListed,omitempty"`
	// DeletionDueAt is kept at or before DeletionDueTime(), so the retention
	// sweep finds the seekers it may have to delete through an index on it
	// instead of reading every seeker. Changes that can bring the deletion
	// nearer lower it; the sweep moves a stale one forward.
	DeletionDueAt time.Time `bson:"deletionDueAt,omitempty"`
}

// ApplicationRef is an application in progress as the seeker's document
// keeps it: the home and 求職活動状況 read it from there.
type ApplicationRef struct {
	ApplicationID string    `bson:"applicationID"`
	JobID         string    `bson:"jobID"`
	JobTitle      string    `bson:"jobTitle"`
	Company       string    `bson:"company,omitempty"`
	AppliedAt     time.Time `bson:"appliedAt,omitempty"`
}

// Application statuses shown on 求職活動状況.
const (
	ApplicationInProgress = "応募中"
	ApplicationClosed     = "選考終了"
	ApplicationCancelled  = "応募取消"
)

// Application is an online self-application (オンライン自主応募).
type Application struct {
	ID        string    `bson:"_id"`
	SeekerID  string    `bson:"seekerID"`
	JobID     string    `bson:"jobID"`
	JobTitle  string    `bson:"jobTitle"`
	Company   string    `bson:"company"`
	Status    string    `bson:"status"`
	AppliedAt time.Time `bson:"appliedAt"`
	// Cancelling marks an 応募取消 begun: if it was cut short, the next
	// read of 求職活動状況 finishes it.
	Cancelling bool `bson:"cancelling,omitempty"`
}

// Message is a message to the seeker from HelloWork or an employer.
type Message struct {
	ID       string    `bson:"_id"`
	SeekerID string    `bson:"seekerID"`
	From     string    `bson:"from"`
	Subject  string    `bson:"subject"`
	Body     string    `bson:"body"`
	SentAt   time.Time `bson:"sentAt"`
	Read     bool      `bson:"read"`
}
