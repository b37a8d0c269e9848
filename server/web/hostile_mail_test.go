package web_test

import (
	"net/url"
	"testing"

	"github.com/hellowork/mypage/server/store/storetest"
)

// The mail forms under hostile input: a 4xx page or a redirect, never a 500,
// and no password changed.
func TestHostileMailForms(t *testing.T) {
	a := startApp(t, storetest.New(t))
	expectRedirect(t, newBrowser(t, a).post("/password/forgot", url.Values{"email": {demoEmail}}), "/password/forgot/sent")
	tok := linkToken(t, a, a.lastMail(t, demoEmail).Body, "/password/reset")
	forms := []struct {
		path  string
		valid url.Values
		field string
	}{
		{"/password/forgot", url.Values{"email": {"hostile.forgot@example.jp"}}, "email"},
		{"/password/reset", url.Values{"token": {tok}, "password": {"x"}}, "token"},
		{"/password/reset", url.Values{"token": {"not-a-token"}, "password": {"Hostile-Pass-2026"}}, "password"},
		{"/register/confirm", url.Values{"token": {"not-a-token"}}, "token"},
	}
	for _, fm := range forms {
		for _, at := range attacksOn(fm.valid, fm.field) {
			t.Run(fm.path+" "+fm.field+": "+at.name, func(t *testing.T) {
				expectKind(t, newBrowser(t, a).send(fm.path, at))
			})
		}
	}
	for _, path := range []string{"/password/reset?token=%00%ff", "/register/confirm?token=" + url.QueryEscape(string(make([]byte, 5000)))} {
		expectKind(t, newBrowser(t, a).get(path))
	}
	expectRedirect(t, newBrowser(t, a).signIn(demoEmail, demoPassword), "/mypage")
}
