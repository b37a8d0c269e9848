package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/hellowork/mypage/server/store/storetest"
)

func TestSettingsTabsShowTheSeekersData(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	b.signIn(demoEmail, demoPassword)
	for tab, want := range map[string][]string{
		"basic":       {"明日 勇気", "090-1234-5678", "基本情報を編集する"},
		"disclosure":  {"公開中", "提供する"},
		"preferences": {"介護福祉士", "正社員", "希望職種・時間等を編集する"},
		"workplace":   {"東京都千代田区", "月給 220,000円以上"},
		"education":   {"東京福祉専門学校", "介護福祉士（2011年4月取得）"},
		"career":      {"社会福祉法人 文京あおば会"},
		"disability":  {"なし"},
		"pr":          {"介護現場で15年の経験があります。"},
		"blocklist":   {"ブロックしている事業所はありません。"},
	} {
		full := b.get("/mypage/settings/" + tab)
		expectStatus(t, full, 200)
		expectBody(t, full, want...)
		expectBody(t, full, "登録日", "求職情報を編集")
		part := b.get("/mypage/settings/"+tab, "HX-Request", "true", "HX-Request-Type", "partial")
		expectBody(t, part, want...)
		if strings.Contains(part.Body, "<html") {
			t.Errorf("%s: the partial is a whole page", tab)
		}
	}
}

func TestSettingsEditing(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	b.signIn(hanakoEmail, hanakoPassword)
	expectBody(t, b.get("/mypage/settings/basic?edit=1"), `name="phone"`, "保存する")

	bad := b.post("/mypage/settings/basic", url.Values{"name": {"山田 花子"}, "phone": {"12345"}, "address": {"大阪府大阪市"}})
	expectStatus(t, bad, 422)
	expectBody(t, bad, "電話番号は「090-1234-5678」の形式で入力してください。", `value="大阪府大阪市"`, `value="12345"`)

	expectRedirect(t, b.post("/mypage/settings/basic", url.Values{"name": {"山田 花子"}, "name_kana": {"ヤマダ ハナコ"}, "phone": {"06-1234-5678"}}),
		"/mypage/settings/basic")
	expectBody(t, b.get("/mypage/settings/basic"), "保存しました。", "06-1234-5678")
	expectNoBody(t, b.get("/mypage/settings/basic"), "保存しました。")

	part := b.post("/mypage/settings/pr", url.Values{"self_pr": {"経理の経験を活かしたいです。"}}, "HX-Request", "true", "HX-Request-Type", "partial")
	expectStatus(t, part, 200)
	expectBody(t, part, `id="settings-panel"`, "保存しました。", "経理の経験を活かしたいです。")
	if part.Header.Get("HX-Push-Url") != "/mypage/settings/pr" {
		t.Errorf("HX-Push-Url = %q", part.Header.Get("HX-Push-Url"))
	}
	long := b.post("/mypage/settings/pr", url.Values{"self_pr": {strings.Repeat("あ", 1001)}}, "HX-Request", "true", "HX-Request-Type", "partial")
	expectStatus(t, long, 422)
	expectBody(t, long, "自己PRは1,000文字以内で入力してください。")

	expectRedirect(t, b.post("/mypage/settings/preferences", url.Values{"desired_job": {"経理事務"}, "desired_employment_type": {"正社員"}}), "/mypage/settings/preferences")
	expectRedirect(t, b.post("/mypage/settings/workplace", url.Values{"desired_prefecture": {"大阪府"}, "desired_wage_unit": {"月給"}, "desired_wage_min": {"250,000"}}), "/mypage/settings/workplace")
	expectBody(t, b.get("/mypage/settings/workplace"), "大阪府", "月給 250,000円以上")
	// The other tabs keep what they had.
	expectBody(t, b.get("/mypage/settings/pr"), "経理の経験を活かしたいです。")
	expectBody(t, b.get("/mypage/settings/basic"), "06-1234-5678")

	expectStatus(t, b.post("/mypage/settings/education", url.Values{}), 404)
	expectStatus(t, b.post("/mypage/settings/nope", url.Values{}), 404)
}
