package web

import (
	"net/http"
	"regexp"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/store"
)

type devMailboxPage struct {
	basePage
	Mails []devMail
}

type devMail struct {
	store.OutboxMail
	Links []string
}

var linkPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// devMailbox is the development mailbox of demo mode without
// MYPAGE_SMTP_URL: every mail My Page wrote, newest first, with its links.
// Nothing here is sent anywhere.
func (s *server) devMailbox(c *gin.Context) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	mails, err := s.Store.RecentMails(ctx, 100)
	if err != nil {
		s.serverError(c, err)
		return
	}
	p := devMailboxPage{basePage: s.base(c, "開発用メールボックス", "")}
	for _, m := range mails {
		p.Mails = append(p.Mails, devMail{OutboxMail: m, Links: linkPattern.FindAllString(m.Body, -1)})
	}
	c.Header("X-Robots-Tag", "noindex")
	s.render(c, http.StatusOK, "dev_mailbox", "", p)
}
