package web_test

import (
	"net/url"
	"testing"

	"github.com/hellowork/mypage/server/store/storetest"
)

// A notice is said once: on the page the action lands on, at a URL without
// a switch, and not after a reload; a notice for the home waits there
// rather than being said, or lost, on another page.
func TestNoticesShowOnce(t *testing.T) {
	a := startApp(t, storetest.New(t))
	b := newBrowser(t, a)
	b.register(a, url.Values{"email": {"once@example.jp"}, "password": {"Ichido-Dake-2026"}, "name": {"一度 だけ"},
		"birthdate": {"1990-04-01"}, "agree": {"on"}})
	expectNoBody(t, b.get("/mypage/settings/basic"), "求職者マイページを開設しました。", "保存しました。")
	expectBody(t, b.get("/mypage"), "求職者マイページを開設しました。", "一度 だけ 様")
	expectNoBody(t, b.get("/mypage"), "求職者マイページを開設しました。")

	expectRedirect(t, b.post("/mypage/settings/basic", url.Values{"name": {"一度 だけ"}, "phone": {"06-1234-5678"}}), "/mypage/settings/basic")
	expectNoBody(t, b.get("/mypage"), "保存しました。")
	expectBody(t, b.get("/mypage/settings/basic"), "保存しました。")
	expectNoBody(t, b.get("/mypage/settings/basic"), "保存しました。")
}
