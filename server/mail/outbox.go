// Package mail writes My Page's mails to the outbox in the store and sends
// them over SMTP, retrying with backoff for 24 hours.
package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
)

// Message is one mail to one address, in Japanese plain text.
type Message struct {
	Kind    string // what it is, for logs: confirm, registered, reset, …
	To      string
	Subject string
	Body    string
}

// Outbox writes mails to the store, where the sender finds them. It is the
// only way the application sends mail: a mail that is written is never lost,
// whatever the SMTP server does.
type Outbox struct {
	Store *store.Store
	// Base is MYPAGE_PUBLIC_URL without a trailing slash: every link in a
	// mail is absolute on it.
	Base string
	// Domain is the right-hand side of Message-IDs.
	Domain string
	wake   chan struct{}
}

// NewOutbox returns an outbox on st for links on base.
func NewOutbox(st *store.Store, base, domain string) *Outbox {
	return &Outbox{Store: st, Base: strings.TrimSuffix(base, "/"), Domain: domain, wake: make(chan struct{}, 1)}
}

// Send writes m to the outbox, due at once, and wakes this server's sender.
// Mails live on the wall clock: a test clock moves seekers, not the SMTP
// server.
func (o *Outbox) Send(ctx context.Context, m Message) error {
	now := time.Now()
	err := o.Store.EnqueueMail(ctx, store.OutboxMail{
		ID:        randomHex(16),
		Kind:      m.Kind,
		To:        domain.NormalizeEmail(m.To),
		Subject:   m.Subject,
		Body:      m.Body,
		MessageID: randomHex(16) + "@" + o.Domain,
		CreatedAt: now,
	})
	if err != nil {
		return err
	}
	select {
	case o.wake <- struct{}{}:
	default:
	}
	return nil
}

// Woken is signalled after each Send.
func (o *Outbox) Woken() <-chan struct{} { return o.wake }

// Link is an absolute link on the public URL.
func (o *Outbox) Link(path string) string { return o.Base + path }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
