package seed

import (
	"fmt"
	"time"

	"github.com/hellowork/mypage/server/domain"
)

// IDs the demo seekers refer to.
const (
	kaigoJobID  = "13010-28573041" // 介護福祉士, the manual's screenshot
	closedJobID = "13010-27419851" // 一般事務, a finished selection
)

// jst is Japan Standard Time; Japan has no daylight saving time, so a fixed
// zone is exact and needs no tzdata.
var jst = time.FixedZone("JST", 9*60*60)

// Offices returns the HelloWork offices of the demo.
func Offices() []domain.Office {
	return []domain.Office{
		{ID: "iidabashi", Name: "飯田橋公共職業安定所", Prefecture: "東京都", Address: "東京都文京区後楽1-9-20 飯田橋合同庁舎内", Phone: "03-3812-8609"},
		{ID: "shinjuku", Name: "新宿公共職業安定所", Prefecture: "東京都", Address: "東京都新宿区歌舞伎町2-42-10", Phone: "03-3200-8609"},
		{ID: "shibuya", Name: "渋谷公共職業安定所", Prefecture: "東京都", Address: "東京都渋谷区神南1-3-5", Phone: "03-3476-8609"},
		{ID: "ikebukuro", Name: "池袋公共職業安定所", Prefecture: "東京都", Address: "東京都豊島区東池袋3-5-13", Phone: "03-3987-8609"},
		{ID: "shinagawa", Name: "品川公共職業安定所", Prefecture: "東京都", Address: "東京都港区芝5-35-3", Phone: "03-5419-8609"},
		{ID: "yokohama", Name: "横浜公共職業安定所", Prefecture: "神奈川県", Address: "神奈川県横浜市中区山下町209 帝蚕関内ビル", Phone: "045-663-8609"},
		{ID: "osaka-higashi", Name: "大阪東公共職業安定所", Prefecture: "大阪府", Address: "大阪府大阪市中央区農人橋2-1-36 ピップビル1～3階", Phone: "06-6942-4771"},
		{ID: "umeda", Name: "梅田公共職業安定所", Prefecture: "大阪府", Address: "大阪府大阪市北区角田町8-47 阪急グランドビル18階", Phone: "06-6315-8609"},
		{ID: "nagoya-naka", Name: "名古屋中公共職業安定所", Prefecture: "愛知県", Address: "愛知県名古屋市中村区名駅4-2-28 名古屋第二埼玉ビル", Phone: "052-582-8171"},
		{ID: "sapporo", Name: "札幌公共職業安定所", Prefecture: "北海道", Address: "北海道札幌市中央区南10条西14丁目1-1", Phone: "011-562-0101"},
		{ID: "fukuoka-chuo", Name: "福岡中央公共職業安定所", Prefecture: "福岡県", Address: "福岡県福岡市中央区赤坂1-6-19", Phone: "092-712-8609"},
		{ID: "sendai", Name: "仙台公共職業安定所", Prefecture: "宮城県", Address: "宮城県仙台市宮城野区榴岡4-2-3 仙台MTビル3～5階", Phone: "022-299-8811"},
	}
}

// hoursAgo is now minus h hours.
func hoursAgo(now time.Time, h int) time.Time {
	return now.Add(-time.Duration(h) * time.Hour)
}

// daysAgo is now minus d whole days of 24 hours.
func daysAgo(now time.Time, d int) time.Time {
	return hoursAgo(now, 24*d)
}

// Jobs returns the demo job postings; PostedAt dates are set relative to now
// (within the last 30 days, all different).
func Jobs(now time.Time) []domain.Job {
	return []domain.Job{
		// 東京都
		{
			ID: kaigoJobID, Title: "介護福祉士", Company: "社会福祉法人 千代田やすらぎ会",
			Category: "フルタイム", Hours: []string{"(1)08時00分～18時00分"}, Holidays: "土日祝",
			Prefecture: "東京都", Location: "東京都千代田区",
			Description:    "グループホーム（2ユニット：18人定員）にて、ご利用者様に対する生活全般の介護サービスを提供いたします。",
			EmploymentType: "正社員", WageMin: 205000, WageMax: 290000, WageUnit: "月給",
			OfficeID: "iidabashi", PostedAt: hoursAgo(now, 96),
		},
		{
			ID: closedJobID, Title: "一般事務", Company: "株式会社 後楽商事",
			Category: "フルタイム", Hours: []string{"(1)09時00分～17時30分"}, Holidays: "土日祝",
			Prefecture: "東京都", Location: "東京都文京区",
			Description:    "事務用品の卸売を行う当社にて、受発注データの入力、電話・来客対応、書類のファイリングなどの一般事務を担当していただきます。パソコン（ワード・エクセル）の基本操作ができる方を歓迎します。",
			EmploymentType: "正社員", WageMin: 220000, WageMax: 260000, WageUnit: "月給",
			OfficeID: "iidabashi", PostedAt: hoursAgo(now, 430),
		},
		{
			ID: "13060-29031741", Title: "プログラマー", Company: "株式会社 西新宿ソフトウェア",
			Category: "フルタイム", Hours: []string{"(1)09時30分～18時30分"}, Holidays: "土日祝",
			Prefecture: "東京都", Location: "東京都新宿区",
			Description:    "自社で開発する業務管理システムのプログラミング、テスト、保守を担当していただきます。主な開発言語はGoおよびJavaです。チームでの開発となり、経験に応じて設計にも携わっていただきます。",
			EmploymentType: "正社員", WageMin: 260000, WageMax: 380000, WageUnit: "月給",
			OfficeID: "shinjuku", PostedAt: hoursAgo(now, 110),
		},
		{
			ID: "13060-26884521", Title: "ホールスタッフ・調理補助", Company: "有限会社 歌舞伎町食堂",
			Category: "パート", Hours: []string{"(1)10時00分～15時00分", "(2)17時00分～22時00分"}, Holidays: "シフト制（週休2日）",
			Prefecture: "東京都", Location: "東京都新宿区",
			Description:    "定食店でのお客様のご案内、配膳、下膳、食器洗浄、簡単な調理補助をお願いします。勤務日数・時間はご相談に応じます。",
			EmploymentType: "パート労働者", WageMin: 1300, WageMax: 1450, WageUnit: "時給",
			OfficeID: "shinjuku", PostedAt: hoursAgo(now, 135),
		},
		{
			ID: "13050-27763091", Title: "販売スタッフ（アパレル）", Company: "株式会社 神南リテール",
			Category: "フルタイム", Hours: []string{"(1)10時00分～19時00分", "(2)12時00分～21時00分"}, Holidays: "シフト制（週休2日）",
			Prefecture: "東京都", Location: "東京都渋谷区",
			Description:    "婦人服店での接客販売、レジ操作、商品の陳列、在庫管理を担当していただきます。契約期間は1年で、更新の可能性があります。",
			EmploymentType: "正社員以外", WageMin: 230000, WageMax: 260000, WageUnit: "月給",
			OfficeID: "shibuya", PostedAt: hoursAgo(now, 160),
		},
		{
			ID: "13050-28110461", Title: "ITヘルプデスク", Company: "株式会社 テクノスタッフ渋谷",
			Category: "フルタイム", Hours: []string{"(1)09時00分～18時00分"}, Holidays: "土日祝",
			Prefecture: "東京都", Location: "東京都渋谷区",
			Description:    "派遣先企業の社内ヘルプデスクにて、社員からのパソコンやネットワークに関する問い合わせに電話・メールで対応していただきます。パソコンのセットアップやアカウント管理もお願いします。",
			EmploymentType: "派遣", WageMin: 250000, WageMax: 280000, WageUnit: "月給",
			OfficeID: "shibuya", PostedAt: hoursAgo(now, 200),
		},
		{
			ID: "13090-27651231", Title: "保育士", Company: "社会福祉法人 みどりの森会",
			Category: "フルタイム", Hours: []string{"(1)07時30分～16時30分", "(2)09時30分～18時30分"}, Holidays: "日祝他",
			Prefecture: "東京都", Location: "東京都豊島区",
			Description:    "定員60名の認可保育園にて、0歳児から5歳児までの保育業務全般を担当していただきます。保育計画の作成、連絡帳の記入、行事の企画運営もお願いします。",
			EmploymentType: "正社員", WageMin: 240000, WageMax: 285000, WageUnit: "月給",
			OfficeID: "ikebukuro", PostedAt: hoursAgo(now, 226),
		},
		{
			ID: "13090-28406711", Title: "ビル清掃スタッフ", Company: "株式会社 東池袋ビルメンテナンス",
			Category: "パート", Hours: []string{"(1)06時00分～10時00分"}, Holidays: "土日祝",
			Prefecture: "東京都", Location: "東京都豊島区",
			Description:    "オフィスビルの共用部（エントランス、廊下、トイレ）の日常清掃をお願いします。掃除機やモップを使った作業で、未経験の方にも丁寧にお教えします。",
			EmploymentType: "パート労働者", WageMin: 1250, WageMax: 1300, WageUnit: "時給",
			OfficeID: "ikebukuro", PostedAt: hoursAgo(now, 250),
		},
		{
			ID: "13030-27235891", Title: "看護師", Company: "医療法人社団 高輪会",
			Category: "フルタイム", Hours: []string{"(1)08時30分～17時30分", "(2)16時30分～09時00分"}, Holidays: "シフト制（週休2日）",
			Prefecture: "東京都", Location: "東京都港区",
			Description:    "病床数120床の一般病院の病棟にて、入院患者様の看護業務全般を担当していただきます。夜勤は月4回程度です。",
			EmploymentType: "正社員", WageMin: 300000, WageMax: 380000, WageUnit: "月給",
			OfficeID: "shinagawa", PostedAt: hoursAgo(now, 275),
		},
		{
			ID: "13030-28842301", Title: "倉庫作業（ピッキング）", Company: "株式会社 湾岸ワークサポート",
			Category: "フルタイム", Hours: []string{"(1)08時00分～17時00分"}, Holidays: "土日",
			Prefecture: "東京都", Location: "東京都品川区",
			Description:    "物流倉庫にて、伝票をもとに商品を集めるピッキング作業、検品、梱包を担当していただきます。雇用期間は3か月で、更新の可能性があります。",
			EmploymentType: "有期雇用派遣", WageMin: 215000, WageMax: 235000, WageUnit: "月給",
			OfficeID: "shinagawa", PostedAt: hoursAgo(now, 300),
		},
		{
			ID: "13010-28963521", Title: "データ入力", Company: "株式会社 九段データサービス",
			Category: "パート(障)", Hours: []string{"(1)09時30分～15時30分"}, Holidays: "土日祝",
			Prefecture: "東京都", Location: "東京都千代田区",
			Description:    "アンケートや申込書の内容をパソコンで入力し、入力内容の確認を行っていただきます。障害者専用求人です。通院などへの配慮をいたします。",
			EmploymentType: "パート労働者", WageMin: 1230, WageMax: 1300, WageUnit: "時給",
			OfficeID: "iidabashi", PostedAt: hoursAgo(now, 322),
		},
		{
			ID: "13060-27902471", Title: "経理事務", Company: "株式会社 新宿フードサービス",
			Category: "フルタイム(障)", Hours: []string{"(1)09時00分～17時45分"}, Holidays: "土日祝",
			Prefecture: "東京都", Location: "東京都新宿区",
			Description:    "本社経理部にて、伝票の起票、経費精算のチェック、会計ソフトへの入力をお願いします。障害者専用求人です。",
			EmploymentType: "正社員", WageMin: 210000, WageMax: 250000, WageUnit: "月給",
			OfficeID: "shinjuku", PostedAt: hoursAgo(now, 350),
		},
		// 神奈川県
		{
			ID: "14010-27504261", Title: "法人営業", Company: "株式会社 みなとみらい商会",
			Category: "フルタイム", Hours: []string{"(1)09時00分～18時00分"}, Holidays: "土日祝",
			Prefecture: "神奈川県", Location: "神奈川県横浜市西区",
			Description:    "県内の企業を訪問し、オフィス機器や事務用品の提案営業を行っていただきます。既存のお客様へのルート営業が中心です。営業車を貸与します。",
			EmploymentType: "正社員", WageMin: 250000, WageMax: 320000, WageUnit: "月給",
			OfficeID: "yokohama", PostedAt: hoursAgo(now, 118),
		},
		{
			ID: "14010-28311981", Title: "調理師", Company: "株式会社 山下町ダイニング",
			Category: "フルタイム", Hours: []string{"(1)09時00分～18時00分", "(2)13時00分～22時00分"}, Holidays: "シフト制（週休2日）",
			Prefecture: "神奈川県", Location: "神奈川県横浜市中区",
			Description:    "中華料理店の厨房にて、仕込み、調理、盛り付け、厨房の清掃を担当していただきます。契約社員としての採用で、正社員登用制度があります。",
			EmploymentType: "正社員以外", WageMin: 230000, WageMax: 270000, WageUnit: "月給",
			OfficeID: "yokohama", PostedAt: hoursAgo(now, 147),
		},
		{
			ID: "14010-26987651", Title: "軽作業（検品）", Company: "株式会社 鶴見パッケージ",
			Category: "パート", Hours: []string{"(1)09時00分～14時00分"}, Holidays: "土日祝",
			Prefecture: "神奈川県", Location: "神奈川県横浜市鶴見区",
			Description:    "食品パッケージ工場にて、製品の目視検品と箱詰め作業をお願いします。座ってできる作業が中心です。",
			EmploymentType: "パート労働者", WageMin: 1230, WageMax: 1350, WageUnit: "時給",
			OfficeID: "yokohama", PostedAt: hoursAgo(now, 190),
		},
		{
			ID: "14010-28775401", Title: "コールセンターオペレーター", Company: "株式会社 ハマ・キャリアサポート",
			Category: "フルタイム", Hours: []string{"(1)09時00分～18時00分", "(2)11時00分～20時00分"}, Holidays: "シフト制（週休2日）",
			Prefecture: "神奈川県", Location: "神奈川県横浜市中区",
			Description:    "派遣先の通信会社のコールセンターにて、料金プランや手続きに関するお問い合わせに電話で対応していただきます。研修期間が2週間あります。",
			EmploymentType: "派遣", WageMin: 225000, WageMax: 245000, WageUnit: "月給",
			OfficeID: "yokohama", PostedAt: hoursAgo(now, 262),
		},
		// 大阪府
		{
			ID: "27020-28036171", Title: "ルート配送ドライバー", Company: "株式会社 なにわ物流",
			Category: "フルタイム", Hours: []string{"(1)07時00分～16時00分"}, Holidays: "日祝他",
			Prefecture: "大阪府", Location: "大阪府大阪市東成区",
			Description:    "2トントラックで、大阪市内のスーパーや飲食店へ食品を配送していただきます。決まったルートの配送で、積み込みは台車を使います。中型自動車免許（8トン限定可）が必要です。",
			EmploymentType: "正社員", WageMin: 250000, WageMax: 310000, WageUnit: "月給",
			OfficeID: "osaka-higashi", PostedAt: hoursAgo(now, 125),
		},
		{
			ID: "27020-27398421", Title: "医療事務", Company: "医療法人 谷町クリニック",
			Category: "パート", Hours: []string{"(1)08時45分～13時00分", "(2)15時00分～19時00分"}, Holidays: "木日祝",
			Prefecture: "大阪府", Location: "大阪府大阪市中央区",
			Description:    "内科クリニックの受付にて、患者様の受付、会計、レセプト業務をお願いします。医療事務の経験がある方を歓迎します。",
			EmploymentType: "パート労働者", WageMin: 1200, WageMax: 1300, WageUnit: "時給",
			OfficeID: "osaka-higashi", PostedAt: hoursAgo(now, 171),
		},
		{
			ID: "27110-28690531", Title: "Webデザイナー", Company: "株式会社 梅田クリエイティブ",
			Category: "フルタイム", Hours: []string{"(1)10時00分～19時00分"}, Holidays: "土日祝",
			Prefecture: "大阪府", Location: "大阪府大阪市北区",
			Description:    "企業のホームページやキャンペーンサイトのデザイン、コーディング、更新作業を担当していただきます。PhotoshopやIllustratorの実務経験がある方を歓迎します。",
			EmploymentType: "正社員", WageMin: 230000, WageMax: 300000, WageUnit: "月給",
			OfficeID: "umeda", PostedAt: hoursAgo(now, 215),
		},
		{
			ID: "27110-27180951", Title: "受付事務", Company: "株式会社 関西ヒューマンリンク",
			Category: "フルタイム", Hours: []string{"(1)08時45分～17時30分"}, Holidays: "土日祝",
			Prefecture: "大阪府", Location: "大阪府大阪市北区",
			Description:    "派遣先のオフィスビルの受付にて、来客対応、会議室の予約管理、電話の取次ぎをお願いします。雇用期間は6か月で、更新の可能性があります。",
			EmploymentType: "有期雇用派遣", WageMin: 210000, WageMax: 230000, WageUnit: "月給",
			OfficeID: "umeda", PostedAt: hoursAgo(now, 288),
		},
		{
			ID: "27020-28520361", Title: "清掃スタッフ", Company: "株式会社 大阪東クリーンサービス",
			Category: "フルタイム(障)", Hours: []string{"(1)08時00分～16時45分"}, Holidays: "土日祝",
			Prefecture: "大阪府", Location: "大阪府大阪市中央区",
			Description:    "官公庁の庁舎にて、事務室や会議室の清掃、ごみの回収を担当していただきます。障害者専用求人です。契約期間は1年で、更新の可能性があります。",
			EmploymentType: "正社員以外", WageMin: 195000, WageMax: 210000, WageUnit: "月給",
			OfficeID: "osaka-higashi", PostedAt: hoursAgo(now, 390),
		},
		// 愛知県
		{
			ID: "23010-28145791", Title: "機械組立", Company: "株式会社 中部精機製作所",
			Category: "フルタイム", Hours: []string{"(1)08時00分～17時00分"}, Holidays: "土日（会社カレンダーによる）",
			Prefecture: "愛知県", Location: "愛知県名古屋市港区",
			Description:    "工作機械の部品の組立、調整、動作確認を担当していただきます。未経験の方も先輩社員の指導のもとで技術を身につけていただけます。",
			EmploymentType: "正社員", WageMin: 240000, WageMax: 300000, WageUnit: "月給",
			OfficeID: "nagoya-naka", PostedAt: hoursAgo(now, 140),
		},
		{
			ID: "23010-27832651", Title: "販売（ドラッグストア）", Company: "株式会社 栄ドラッグ",
			Category: "パート", Hours: []string{"(1)09時00分～14時00分", "(2)17時00分～22時00分"}, Holidays: "シフト制（週休2日）",
			Prefecture: "愛知県", Location: "愛知県名古屋市中区",
			Description:    "ドラッグストアでのレジ対応、商品の品出し、陳列をお願いします。週3日からの勤務が可能です。",
			EmploymentType: "パート労働者", WageMin: 1150, WageMax: 1250, WageUnit: "時給",
			OfficeID: "nagoya-naka", PostedAt: hoursAgo(now, 238),
		},
		{
			ID: "23010-28907321", Title: "CADオペレーター", Company: "株式会社 名駅テクニカルスタッフ",
			Category: "フルタイム", Hours: []string{"(1)08時30分～17時30分"}, Holidays: "土日祝",
			Prefecture: "愛知県", Location: "愛知県名古屋市中村区",
			Description:    "派遣先の設計事務所にて、CADを使った建築図面の作成、修正をお願いします。AutoCADの使用経験がある方を歓迎します。",
			EmploymentType: "派遣", WageMin: 235000, WageMax: 260000, WageUnit: "月給",
			OfficeID: "nagoya-naka", PostedAt: hoursAgo(now, 410),
		},
		// 北海道
		{
			ID: "01010-27645181", Title: "介護職員", Company: "社会福祉法人 北の杜福祉会",
			Category: "フルタイム", Hours: []string{"(1)07時00分～16時00分", "(2)10時00分～19時00分"}, Holidays: "シフト制（週休2日）",
			Prefecture: "北海道", Location: "北海道札幌市北区",
			Description:    "特別養護老人ホームにて、入居者様の食事、入浴、排せつなどの介助をお願いします。契約職員としての採用で、正職員登用制度があります。",
			EmploymentType: "正社員以外", WageMin: 200000, WageMax: 235000, WageUnit: "月給",
			OfficeID: "sapporo", PostedAt: hoursAgo(now, 182),
		},
		{
			ID: "01010-28372901", Title: "ホテルフロント", Company: "株式会社 大通ホテルズ",
			Category: "パート", Hours: []string{"(1)07時00分～12時00分", "(2)16時00分～21時00分"}, Holidays: "シフト制（週休2日）",
			Prefecture: "北海道", Location: "北海道札幌市中央区",
			Description:    "ビジネスホテルのフロントにて、チェックイン・チェックアウトの手続き、予約電話への対応をお願いします。",
			EmploymentType: "パート労働者", WageMin: 1100, WageMax: 1200, WageUnit: "時給",
			OfficeID: "sapporo", PostedAt: hoursAgo(now, 455),
		},
		// 福岡県
		{
			ID: "40010-28218541", Title: "営業事務", Company: "株式会社 天神システム販売",
			Category: "フルタイム", Hours: []string{"(1)09時00分～18時00分"}, Holidays: "土日祝",
			Prefecture: "福岡県", Location: "福岡県福岡市中央区",
			Description:    "営業担当者のサポートとして、見積書・請求書の作成、受注データの入力、電話対応をお願いします。",
			EmploymentType: "正社員", WageMin: 205000, WageMax: 240000, WageUnit: "月給",
			OfficeID: "fukuoka-chuo", PostedAt: hoursAgo(now, 205),
		},
		{
			ID: "40010-27567311", Title: "調理補助", Company: "株式会社 博多給食センター",
			Category: "パート(障)", Hours: []string{"(1)08時00分～13時00分"}, Holidays: "土日祝",
			Prefecture: "福岡県", Location: "福岡県福岡市博多区",
			Description:    "給食センターにて、野菜の下処理、盛り付け、食器の洗浄をお願いします。障害者専用求人です。",
			EmploymentType: "パート労働者", WageMin: 1100, WageMax: 1150, WageUnit: "時給",
			OfficeID: "fukuoka-chuo", PostedAt: hoursAgo(now, 500),
		},
		// 宮城県
		{
			ID: "04010-28451671", Title: "看護助手", Company: "医療法人 青葉会 杜の都病院",
			Category: "フルタイム", Hours: []string{"(1)08時30分～17時15分"}, Holidays: "シフト制（週休2日）",
			Prefecture: "宮城県", Location: "宮城県仙台市青葉区",
			Description:    "病棟にて、看護師の指示のもとで患者様の食事介助、シーツ交換、検査室への搬送などをお願いします。資格は不要です。",
			EmploymentType: "正社員", WageMin: 195000, WageMax: 225000, WageUnit: "月給",
			OfficeID: "sendai", PostedAt: hoursAgo(now, 152),
		},
		{
			ID: "04010-27091831", Title: "倉庫作業（フォークリフト）", Company: "株式会社 東北ジョブパートナー",
			Category: "フルタイム", Hours: []string{"(1)08時30分～17時30分"}, Holidays: "土日",
			Prefecture: "宮城県", Location: "宮城県仙台市宮城野区",
			Description:    "派遣先の物流センターにて、フォークリフトによる荷物の積み降ろし、入出庫作業を担当していただきます。フォークリフト運転技能講習修了証が必要です。雇用期間は3か月で、更新の可能性があります。",
			EmploymentType: "有期雇用派遣", WageMin: 210000, WageMax: 240000, WageUnit: "月給",
			OfficeID: "sendai", PostedAt: hoursAgo(now, 560),
		},
	}
}

// DemoSeeker is a seeded seeker with the password of its demo sign-in.
type DemoSeeker struct {
	Seeker       domain.Seeker
	Password     string
	Applications []domain.Application
	Messages     []domain.Message
}

// DemoSeekers returns the demo seekers; dates relative to now.
func DemoSeekers(now time.Time) []DemoSeeker {
	jobs := Jobs(now)
	kaigo := jobByID(jobs, kaigoJobID)
	closed := jobByID(jobs, closedJobID)

	const asuID = "demo-asu-yuki"
	inProgress := domain.Application{
		ID: "app-asu-1", SeekerID: asuID,
		JobID: kaigo.ID, JobTitle: kaigo.Title, Company: kaigo.Company,
		Status: domain.ApplicationInProgress, AppliedAt: daysAgo(now, 3),
	}
	finished := domain.Application{
		ID: "app-asu-2", SeekerID: asuID,
		JobID: closed.ID, JobTitle: closed.Title, Company: closed.Company,
		Status: domain.ApplicationClosed, AppliedAt: daysAgo(now, 15),
	}

	interview := japaneseDate(now.AddDate(0, 0, 7))
	seminar := japaneseDate(now.AddDate(0, 0, 10))

	asu := DemoSeeker{
		Seeker: domain.Seeker{
			ID:               asuID,
			Email:            "asu.yuki@example.jp",
			Name:             "明日 勇気",
			NameKana:         "アス ユウキ",
			Birthdate:        "1990-04-15",
			OfficeID:         "iidabashi",
			OfficeName:       "飯田橋公共職業安定所",
			RegistrationType: domain.RegisteredCounter,
			RegisteredAt:     daysAgo(now, 20),
			Disclosure:       "公開中",
			Profile: domain.Profile{
				Phone: "090-1234-5678", PostalCode: "112-0004", Address: "東京都文京区後楽1-9-20",
				ShareWithEmployers: true,
				DesiredJob:         "介護福祉士", DesiredEmploymentType: "正社員", DesiredHours: "08時00分～18時00分", DesiredHolidays: "土日祝",
				DesiredPrefecture: "東京都", DesiredCity: "千代田区", DesiredWageUnit: "月給", DesiredWageMin: 220000,
				Education:  []string{"2009年3月 東京都立後楽高等学校 普通科 卒業", "2011年3月 東京福祉専門学校 介護福祉学科 卒業"},
				Licenses:   []string{"介護福祉士（2011年4月取得）", "普通自動車第一種運転免許（2010年8月取得）"},
				Career:     []string{"2011年4月～2020年3月 社会福祉法人 文京あおば会（特別養護老人ホームでの介護業務）", "2020年4月～2026年9月 株式会社 ケアパートナー（訪問介護、サービス提供責任者）"},
				Disability: "なし",
				SelfPR:     "介護現場で15年の経験があります。利用者様一人ひとりに寄り添った介護を心がけてきました。グループホームでの勤務を希望しています。",
			},
			Applying: []domain.ApplicationRef{
				{ApplicationID: inProgress.ID, JobID: inProgress.JobID, JobTitle: inProgress.JobTitle},
			},
			UnreadMessages: 2,
		},
		Password:     "Asu-Yuki-2026",
		Applications: []domain.Application{inProgress, finished},
		Messages: []domain.Message{
			{
				ID: "msg-asu-1", SeekerID: asuID,
				From:    kaigo.Company,
				Subject: "面接日程のご案内（介護福祉士）",
				Body: "明日 勇気 様\n\n" +
					"このたびは当法人の「介護福祉士」の求人にご応募いただき、誠にありがとうございます。" +
					"書類選考の結果、ぜひ面接にお越しいただきたくご連絡いたしました。" +
					"面接は" + interview + " 14時00分より、当法人事務所（東京都千代田区）にて行います。" +
					"ご都合が悪い場合は、お手数ですが本メッセージへの返信にてお知らせください。",
				SentAt: daysAgo(now, 1),
				Read:   false,
			},
			{
				ID: "msg-asu-2", SeekerID: asuID,
				From:    "飯田橋公共職業安定所",
				Subject: "就職支援セミナーのご案内",
				Body: "飯田橋公共職業安定所からのお知らせです。" +
					seminar + " 10時00分より、応募書類の書き方と面接対策をテーマとした就職支援セミナーを開催いたします。" +
					"参加を希望される方は、窓口またはお電話（03-3812-8609）にてお申し込みください。" +
					"定員は20名で、先着順となりますのでご了承ください。",
				SentAt: daysAgo(now, 2),
				Read:   false,
			},
			{
				ID: "msg-asu-3", SeekerID: asuID,
				From:    "飯田橋公共職業安定所",
				Subject: "求職者マイページ開設のお知らせ",
				Body: "求職者マイページをご利用いただき、ありがとうございます。" +
					"登録された求職情報は、マイページの「求職情報」からご確認いただけます。" +
					"求人への応募や紹介状についてご不明な点がございましたら、飯田橋公共職業安定所の窓口までお気軽にお問い合わせください。",
				SentAt: daysAgo(now, 19),
				Read:   true,
			},
		},
	}

	yamada := DemoSeeker{
		Seeker: domain.Seeker{
			ID:               "demo-yamada-hanako",
			Email:            "yamada.hanako@example.jp",
			Name:             "山田 花子",
			NameKana:         "ヤマダ ハナコ",
			Birthdate:        "1985-11-03",
			OfficeID:         "osaka-higashi",
			OfficeName:       "大阪東公共職業安定所",
			RegistrationType: domain.RegisteredOnline,
			RegisteredAt:     daysAgo(now, 5),
			Disclosure:       "非公開",
			Profile:          domain.Profile{Disability: "なし", Licenses: []string{"日商簿記検定2級（2008年6月取得）"}},
		},
		Password: "Yamada-Hanako-2026",
	}

	return []DemoSeeker{asu, yamada}
}

// jobByID returns the job with the given ID; the demo data is fixed, so a
// missing ID is a programming error.
func jobByID(jobs []domain.Job, id string) domain.Job {
	for _, j := range jobs {
		if j.ID == id {
			return j
		}
	}
	panic("seed: no demo job " + id)
}

// japaneseDate formats t's date in JST as on a notice: 4月22日（水）.
func japaneseDate(t time.Time) string {
	t = t.In(jst)
	weekdays := [...]string{"日", "月", "火", "水", "木", "金", "土"}
	return fmt.Sprintf("%d月%d日（%s）", int(t.Month()), t.Day(), weekdays[t.Weekday()])
}
