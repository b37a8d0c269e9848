package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/hellowork/mypage/server/store"
)

// SMTP hands mails to an SMTP server named by MYPAGE_SMTP_URL:
// smtp://[user:pass@]host:port (STARTTLS when the server offers it) or
// smtps://… (TLS from the start).
type SMTP struct {
	URL  *url.URL
	From string
	// TLSConfig, when set, replaces the default (tests trust their own CA).
	TLSConfig *tls.Config
}

// ParseSMTPURL checks MYPAGE_SMTP_URL.
func ParseSMTPURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("must be smtp://[user:pass@]host:port or smtps://[user:pass@]host:port")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("has an invalid port")
		}
	}
	return u, nil
}

func (t *SMTP) port() int {
	if p, err := strconv.Atoi(t.URL.Port()); err == nil {
		return p
	}
	if t.URL.Scheme == "smtps" {
		return 465
	}
	return 25
}

// Message builds the MIME message of an outbox mail: UTF-8 plain text,
// quoted-printable, the Subject MIME-encoded, Date and Message-ID as stored.
func (t *SMTP) Message(m store.OutboxMail) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	if err := msg.From(t.From); err != nil {
		return nil, fmt.Errorf("from %q: %w", t.From, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, fmt.Errorf("to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(m.MessageID)
	msg.SetDateWithValue(m.CreatedAt)
	msg.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	msg.SetBodyString(gomail.TypeTextPlain, m.Body)
	return msg, nil
}

// Deliver sends one mail over a connection of its own.
func (t *SMTP) Deliver(ctx context.Context, m store.OutboxMail) error {
	msg, err := t.Message(m)
	if err != nil {
		return err
	}
	timeout := 30 * time.Second
	if d, ok := ctx.Deadline(); ok {
		timeout = time.Until(d)
	}
	opts := []gomail.Option{gomail.WithPort(t.port()), gomail.WithTimeout(timeout)}
	if t.URL.Scheme == "smtps" {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if t.TLSConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(t.TLSConfig))
	}
	if user := t.URL.User; user != nil {
		pass, _ := user.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(user.Username()), gomail.WithPassword(pass))
	}
	client, err := gomail.NewClient(t.URL.Hostname(), opts...)
	if err != nil {
		return err
	}
	return client.DialAndSendWithContext(ctx, msg)
}

// KeepsBody is false: once the SMTP server has a mail, the store forgets
// its body (links in it carry tokens).
func (t *SMTP) KeepsBody() bool { return false }
