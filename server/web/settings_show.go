package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
)

// settingsTab is one tab of 求職者情報・設定.
type settingsTab struct {
	Slug, Label string
}

var settingsTabs = []settingsTab{
	{"basic", "基本情報"},
	{"disclosure", "求職情報提供等"},
	{"preferences", "希望職種・時間等"},
	{"workplace", "希望勤務地・賃金"},
	{"education", "学歴/資格"},
	{"career", "経歴"},
	{"disability", "障害情報"},
	{"pr", "自己PR"},
	{"account", "各種設定"},
	{"blocklist", "ブロック一覧"},
}

type settingsPage struct {
	basePage
	Seeker domain.Seeker
	Tabs   []settingsTab
	Tab    settingsTab
	Valid  bool
	// CanReactivate: switched to 無効 by the seeker, within validity.
	CanReactivate bool
}

// settingsShow is 求職者情報・設定 with one tab open; htmx swaps only the tab
// panel and pushes the tab's URL.
func (s *server) settingsShow(c *gin.Context) {
	slug := c.Param("tab")
	if slug == "" {
		slug = "basic"
	}
	var tab settingsTab
	for _, t := range settingsTabs {
		if t.Slug == slug {
			tab = t
		}
	}
	if tab.Slug == "" {
		s.notFound(c)
		return
	}
	seeker, ok := s.currentSeeker(c)
	if !ok {
		return
	}
	p := settingsPage{basePage: s.base(c, "求職者情報・設定", "settings"), Seeker: seeker, Tabs: settingsTabs, Tab: tab,
		Valid: seeker.Active(s.Now()), CanReactivate: domain.CanReactivate(seeker.ValidUntil, s.Now())}
	switch {
	case c.Query("unlinked") == "1":
		p.Notice = "マイナポータルとの連携を解除しました。"
	case c.Query("status") == "1":
		p.Notice = "求職状態を変更しました。"
	}
	s.render(c, http.StatusOK, "settings", "settings-panel", p)
}
