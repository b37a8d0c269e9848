package main

import (
	"strings"
	"testing"
)

func TestMailConfig(t *testing.T) {
	// Production needs an SMTP server; the error names the variable.
	_, err := loadConfig(env("MYPAGE_PUBLIC_URL", "https://mypage.hellowork.example.jp"))
	if err == nil || !strings.HasPrefix(err.Error(), "MYPAGE_SMTP_URL: ") {
		t.Errorf("production without MYPAGE_SMTP_URL: %v", err)
	}
	c, err := loadConfig(env("MYPAGE_PUBLIC_URL", "https://mypage.hellowork.example.jp", "MYPAGE_SMTP_URL", "smtps://user:pw@smtp.example.jp:465"))
	if err != nil || c.SMTPURL.Scheme != "smtps" || c.MailFrom != "noreply@mypage.hellowork.example.jp" {
		t.Errorf("production with smtps: %+v %v", c.SMTPURL, err)
	}
	// Demo without it: the development mailbox.
	if c, err := loadConfig(env()); err != nil || c.SMTPURL != nil || c.MailFrom != "noreply@localhost" {
		t.Errorf("demo: %v %q %v", c.SMTPURL, c.MailFrom, err)
	}
	for _, tt := range [][2]string{
		{"MYPAGE_SMTP_URL", "http://smtp.example.jp"},
		{"MYPAGE_SMTP_URL", "smtp://"},
		{"MYPAGE_SMTP_URL", "smtp://smtp.example.jp:99999"},
		{"MYPAGE_MAIL_FROM", "not an address"},
		{"MYPAGE_MAIL_FROM", "My Page <noreply@example.jp>"},
		{"MYPAGE_MAIL_RETRY", "0s"},
	} {
		_, err := loadConfig(env(tt[0], tt[1]))
		if err == nil || !strings.HasPrefix(err.Error(), tt[0]+": ") {
			t.Errorf("%s=%q: %v", tt[0], tt[1], err)
		}
	}
}
