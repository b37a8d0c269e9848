package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/web/form"
)

// editableTabs are the tabs the seeker edits here; the others are
// registered at a HelloWork counter and only shown.
var editableTabs = map[string]bool{"basic": true, "preferences": true, "workplace": true, "pr": true}

// profileForm is the edit form of a tab filled with what is stored.
func profileForm(sk domain.Seeker, tab string) form.Profile {
	p := sk.Profile
	v := map[string]string{}
	switch tab {
	case "basic":
		v = map[string]string{"name": sk.Name, "name_kana": sk.NameKana, "phone": p.Phone, "postal_code": p.PostalCode, "address": p.Address}
	case "preferences":
		v = map[string]string{"desired_job": p.DesiredJob, "desired_employment_type": p.DesiredEmploymentType, "desired_hours": p.DesiredHours, "desired_holidays": p.DesiredHolidays}
	case "workplace":
		v = map[string]string{"desired_prefecture": p.DesiredPrefecture, "desired_city": p.DesiredCity, "desired_wage_unit": p.DesiredWageUnit}
		if p.DesiredWageMin > 0 {
			v["desired_wage_min"] = strconv.Itoa(p.DesiredWageMin)
		}
	case "pr":
		v = map[string]string{"self_pr": p.SelfPR}
	}
	return form.Profile{Values: v, Errors: form.Errors{}}
}

// settingsSave saves the edit form of a tab. Invalid input shows the form
// again, in place under htmx, with a message per field.
func (s *server) settingsSave(c *gin.Context) {
	tab, ok := findTab(c.Param("tab"))
	if !ok || !editableTabs[tab.Slug] {
		s.notFound(c)
		return
	}
	seeker, ok := s.currentSeeker(c)
	if !ok {
		return
	}
	v := c.Request.PostForm
	var f form.Profile
	name, kana, p := seeker.Name, seeker.NameKana, seeker.Profile
	switch tab.Slug {
	case "basic":
		f = form.ParseBasic(v)
		name, kana, p.Phone, p.PostalCode, p.Address = f.Get("name"), f.Get("name_kana"), f.Get("phone"), f.Get("postal_code"), f.Get("address")
	case "preferences":
		f = form.ParsePreferences(v, domain.EmploymentTypes)
		p.DesiredJob, p.DesiredEmploymentType, p.DesiredHours, p.DesiredHolidays = f.Get("desired_job"), f.Get("desired_employment_type"), f.Get("desired_hours"), f.Get("desired_holidays")
	case "workplace":
		f = form.ParseWorkplace(v, domain.Prefectures, domain.WageUnits)
		p.DesiredPrefecture, p.DesiredCity, p.DesiredWageUnit, p.DesiredWageMin = f.Get("desired_prefecture"), f.Get("desired_city"), f.Get("desired_wage_unit"), f.Int("desired_wage_min")
	case "pr":
		f = form.ParsePR(v)
		p.SelfPR = f.Get("self_pr")
	}
	page := s.settingsPage(c, seeker, tab)
	if f.Errors.Any() {
		page.Edit, page.Form = true, f
		s.render(c, http.StatusUnprocessableEntity, "settings", "settings-panel", page)
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	if err := s.Store.UpdateProfile(ctx, seeker.ID, name, kana, p); err != nil {
		s.serverError(c, err)
		return
	}
	target := "/mypage/settings/" + tab.Slug
	if !isPartial(c.Request) {
		if err := s.flash(c, noticeSaved); err != nil {
			s.serverError(c, err)
			return
		}
		s.redirect(c, target)
		return
	}
	seeker.Name, seeker.NameKana, seeker.Profile = name, kana, p
	page = s.settingsPage(c, seeker, tab)
	page.PanelNotice = "保存しました。"
	c.Header("HX-Push-Url", target)
	s.render(c, http.StatusOK, "settings", "settings-panel", page)
}
