package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/web/form"
)

type loginPage struct {
	basePage
	Form  form.Login
	Next  string
	Error string
	// MyNaPortal is what the page offers for MyNaPortal sign-in.
	MyNaPortal myNaPortalOffer
}

// myNaPortalOffer is whether 「マイナポータルでログイン」 is offered.
type myNaPortalOffer string

const (
	myNaPortalNone myNaPortalOffer = ""     // no provider configured
	myNaPortalOn   myNaPortalOffer = "on"   // offered
	myNaPortalDown myNaPortalOffer = "down" // configured, but its discovery fails: explained, not offered
)

// myNaPortalOffer tells the login page whether MyNaPortal sign-in can be
// offered now.
func (s *server) myNaPortalOffer() myNaPortalOffer {
	switch {
	case s.RP == nil:
		return myNaPortalNone
	case !s.RP.Available():
		return myNaPortalDown
	}
	return myNaPortalOn
}

// Notices a redirect to /login may carry.
var loginNotices = map[string]string{
	"timeout":        "一定時間操作がなかったため、自動的にログアウトしました。お手数ですが、再度ログインしてください。",
	"password_reset": "パスワードを再設定しました。新しいパスワードでログインしてください。",
	"link_cancelled": "マイナポータルとの連携をキャンセルしました。マイナポータルから提供された情報は消去されました。",
	"ended":          "この端末は、別の端末の「ログイン中の端末」からログアウトされました。引き続きご利用になる場合は、再度ログインしてください。",
}

// loginShow is ログイン. A signed-in seeker goes straight to My Page.
func (s *server) loginShow(c *gin.Context) {
	next := safeNext(c.Query("next"))
	if s.seekerID(c) != "" {
		s.redirect(c, orDefault(next, "/mypage"))
		return
	}
	p := loginPage{basePage: s.base(c, "ログイン", ""), Next: next, MyNaPortal: s.myNaPortalOffer()}
	p.Notice = loginNotices[c.Query("notice")]
	s.render(c, http.StatusOK, "login", "", p)
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
