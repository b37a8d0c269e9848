package mail

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/hellowork/mypage/server/store"
)

// Transport hands a mail over: to an SMTP server, or to the development
// mailbox.
type Transport interface {
	Deliver(ctx context.Context, m store.OutboxMail) error
	// KeepsBody says whether a sent mail keeps its body in the store (the
	// development mailbox shows it; after SMTP it is removed).
	KeepsBody() bool
}

// Sender sends what the outbox holds. Every app server runs one; a mail is
// claimed by one of them with a guarded single-document update, so it is
// handed over once. When the hand-over fails the mail waits Backoff, then
// twice as long each time up to MaxBackoff, and after GiveUpAfter it is
// marked failed and logged.
type Sender struct {
	Store     *store.Store
	Transport Transport
	Outbox    *Outbox
	Logger    *slog.Logger
	// Backoff is the wait before the first retry; MaxBackoff caps the
	// doubling.
	Backoff     time.Duration
	MaxBackoff  time.Duration
	GiveUpAfter time.Duration
	// Poll is how often the outbox is read for retries and for mails
	// written by other servers.
	Poll time.Duration
	// Lease is how long a claim holds before another sender may take the
	// mail (a sender that died holding it). Longer than Timeout.
	Lease   time.Duration
	Timeout time.Duration
	// claim names this sender in the claims it makes.
	claim string
}

// NewSender returns a sender with the product's timings: retries after 30
// seconds, doubling up to 5 minutes, for 24 hours.
func NewSender(st *store.Store, t Transport, o *Outbox, logger *slog.Logger) *Sender {
	return &Sender{Store: st, Transport: t, Outbox: o, Logger: logger,
		Backoff: 30 * time.Second, MaxBackoff: 5 * time.Minute, GiveUpAfter: 24 * time.Hour,
		Poll: 5 * time.Second, Lease: 2 * time.Minute, Timeout: 30 * time.Second}
}

// Run sends due mails until ctx ends: at once after each Send of this
// server's outbox, and every Poll; every hour it tidies the outbox.
func (s *Sender) Run(ctx context.Context) {
	tick := time.NewTicker(s.Poll)
	defer tick.Stop()
	var wake <-chan struct{}
	if s.Outbox != nil {
		wake = s.Outbox.Woken()
	}
	var tidied time.Time
	for {
		s.SendDue(ctx)
		if time.Since(tidied) > time.Hour {
			tidied = time.Now()
			tctx, cancel := context.WithTimeout(ctx, time.Minute)
			if err := Tidy(tctx, s.Store, tidied); err != nil && ctx.Err() == nil {
				s.Logger.Warn("outbox tidy", slog.Any("err", err))
			}
			cancel()
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-tick.C:
		}
	}
}

// SendDue sends every mail that is due now; it returns how many went out.
func (s *Sender) SendDue(ctx context.Context) int {
	if s.claim == "" {
		s.claim = randomHex(8)
	}
	sent := 0
	for ctx.Err() == nil {
		ids, err := s.Store.DueMails(ctx, time.Now(), 50)
		if err != nil {
			if ctx.Err() == nil {
				s.Logger.Warn("outbox not readable", slog.Any("err", err))
			}
			return sent
		}
		progress := false
		for _, id := range ids {
			ok, err := s.sendOne(ctx, id)
			if err != nil && ctx.Err() == nil {
				s.Logger.Warn("outbox", slog.String("mail", id), slog.Any("err", err))
			}
			if ok {
				sent++
				progress = true
			}
		}
		if !progress || len(ids) < 50 {
			return sent
		}
	}
	return sent
}

// sendOne claims a mail and hands it over; true when it went out.
func (s *Sender) sendOne(ctx context.Context, id string) (bool, error) {
	now := time.Now()
	m, err := s.Store.ClaimMail(ctx, id, s.claim, now, s.Lease)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil // another server took it, or it is no longer due
	}
	if err != nil {
		return false, err
	}
	dctx, cancel := context.WithTimeout(ctx, s.Timeout)
	err = s.Transport.Deliver(dctx, m)
	cancel()
	// The outcome is recorded even when ctx ends now: the hand-over happened.
	rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer rcancel()
	if err == nil {
		s.Logger.Info("mail sent", slog.String("mail", m.ID), slog.String("kind", m.Kind),
			slog.Int("attempt", m.Attempts+1), slog.Duration("after", time.Since(m.CreatedAt)))
		return true, s.Store.MailSent(rctx, m.ID, s.claim, time.Now(), s.Transport.KeepsBody())
	}
	attempts := m.Attempts + 1
	if time.Since(m.CreatedAt) >= s.GiveUpAfter {
		s.Logger.Error("mail failed for good", slog.String("mail", m.ID), slog.String("kind", m.Kind),
			slog.String("to", m.To), slog.Int("attempts", attempts), slog.Any("err", err))
		return false, s.Store.MailRetry(rctx, m.ID, s.claim, time.Now(), err.Error(), true)
	}
	next := time.Now().Add(s.backoff(attempts))
	s.Logger.Warn("mail not sent; will retry", slog.String("mail", m.ID), slog.String("kind", m.Kind),
		slog.Int("attempt", attempts), slog.Time("next", next), slog.Any("err", err))
	return false, s.Store.MailRetry(rctx, m.ID, s.claim, next, err.Error(), false)
}

// backoff is the wait after the n-th failed attempt.
func (s *Sender) backoff(n int) time.Duration {
	d := s.Backoff
	for i := 1; i < n && d < s.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, s.MaxBackoff)
}

// Tidy deletes sent and failed mails after 7 days and expired links of
// registrations and password resets.
func Tidy(ctx context.Context, st *store.Store, now time.Time) error {
	if _, err := st.RemoveOldMails(ctx, time.Now().Add(-7*24*time.Hour)); err != nil {
		return err
	}
	_, err := st.RemoveExpiredMailTokens(ctx, now)
	return err
}

// DevMailbox is the transport of demo mode without MYPAGE_SMTP_URL: a mail
// stays in the outbox, where GET /dev/mailbox shows it.
type DevMailbox struct{}

// Deliver does nothing: the outbox is the mailbox.
func (DevMailbox) Deliver(context.Context, store.OutboxMail) error { return nil }

// KeepsBody is true: the development mailbox shows the body.
func (DevMailbox) KeepsBody() bool { return true }
