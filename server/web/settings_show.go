package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/web/form"
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

func findTab(slug string) (settingsTab, bool) {
	for _, t := range settingsTabs {
		if t.Slug == slug {
			return t, true
		}
	}
	return settingsTab{}, false
}

type settingsPage struct {
	basePage
	Seeker domain.Seeker
	Tabs   []settingsTab
	Tab    settingsTab
	Valid  bool
	// CanReactivate: switched to 無効 by the seeker, within validity.
	CanReactivate bool
	// CanWithdraw is rule 2: 「マイページを退会」 is disabled while an
	// application is 応募中.
	CanWithdraw bool
	// Editable tabs show Form when Edit is set.
	Editable        bool
	Edit            bool
	Form            form.Profile
	Prefectures     []string
	EmploymentTypes []string
	WageUnits       []string
	// PanelNotice is said inside the panel, so htmx swaps it in too.
	PanelNotice string
}

func (s *server) settingsPage(c *gin.Context, seeker domain.Seeker, tab settingsTab) settingsPage {
	now := s.now(c)
	return settingsPage{basePage: s.base(c, "求職者情報・設定", "settings"), Seeker: seeker, Tabs: settingsTabs, Tab: tab,
		Valid: seeker.Active(now), CanReactivate: domain.CanReactivate(seeker.ValidUntil, now), CanWithdraw: seeker.CanWithdraw(),
		Editable: editableTabs[tab.Slug], Form: profileForm(seeker, tab.Slug),
		Prefectures: domain.Prefectures, EmploymentTypes: domain.EmploymentTypes, WageUnits: domain.WageUnits}
}

// settingsShow is 求職者情報・設定 with one tab open; htmx swaps only the tab
// panel and pushes the tab's URL. ?edit=1 opens the tab's edit form.
func (s *server) settingsShow(c *gin.Context) {
	slug := c.Param("tab")
	if slug == "" {
		slug = "basic"
	}
	tab, ok := findTab(slug)
	if !ok {
		s.notFound(c)
		return
	}
	seeker, ok := s.currentSeeker(c)
	if !ok {
		return
	}
	p := s.settingsPage(c, seeker, tab)
	p.Edit = p.Editable && c.Query("edit") == "1"
	saved, err := s.takeFlash(c, noticeSaved)
	if err != nil {
		s.serverError(c, err)
		return
	}
	switch {
	case c.Query("unlinked") == "1":
		p.PanelNotice = "マイナポータルとの連携を解除しました。"
	case c.Query("status") == "1":
		p.PanelNotice = "求職状態を変更しました。"
	case saved == noticeSaved:
		p.PanelNotice = "保存しました。"
	}
	s.render(c, http.StatusOK, "settings", "settings-panel", p)
}
