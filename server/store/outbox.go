package store

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The states of a mail in the outbox.
const (
	MailQueued  = "queued"  // waiting for its next attempt
	MailSending = "sending" // claimed by one sender until its lease ends
	MailSent    = "sent"    // accepted by the SMTP server (or put in the development mailbox)
	MailFailed  = "failed"  // given up on after 24 hours of retries
)

// OutboxMail is a mail written to the store before it is sent. The sender
// claims it with a guarded single-document update, so however many app
// servers run, one of them sends it.
type OutboxMail struct {
	ID        string    `bson:"_id"`
	Kind      string    `bson:"kind"`
	To        string    `bson:"to"`
	Subject   string    `bson:"subject"`
	Body      string    `bson:"body,omitempty"`
	MessageID string    `bson:"messageID"`
	CreatedAt time.Time `bson:"createdAt"`
	State     string    `bson:"state"`
	Attempts  int       `bson:"attempts"`
	// NextAt is when a queued mail is due; for a claimed one, when its
	// claim lapses (a sender that died holding it).
	NextAt    time.Time `bson:"nextAt"`
	Claim     string    `bson:"claim,omitempty"`
	SentAt    time.Time `bson:"sentAt"`
	LastError string    `bson:"lastError,omitempty"`
}

func (s *Store) outbox() *mongo.Collection { return s.db.Collection(collOutbox) }

// EnqueueMail writes a mail to the outbox, due at once.
func (s *Store) EnqueueMail(ctx context.Context, m OutboxMail) error {
	m.State = MailQueued
	if m.NextAt.IsZero() {
		m.NextAt = m.CreatedAt
	}
	return insert(ctx, s.outbox(), m)
}

// DueMails returns the ids of up to limit mails that are due at now: queued
// ones whose time has come and claimed ones whose claim lapsed. Oldest first.
func (s *Store) DueMails(ctx context.Context, now time.Time, limit int64) ([]string, error) {
	return idsMatching(ctx, s.outbox(), dueFilter(now), options.Find().SetSort(bson.D{{Key: "nextAt", Value: 1}}).SetLimit(limit))
}

func dueFilter(now time.Time) bson.D {
	return bson.D{
		{Key: "state", Value: bson.D{{Key: "$in", Value: bson.A{MailQueued, MailSending}}}},
		{Key: "nextAt", Value: bson.D{{Key: "$lte", Value: now}}},
	}
}

// ClaimMail takes a due mail for one sender until now+lease, with one
// guarded update: of two servers claiming the same mail, one gets it.
func (s *Store) ClaimMail(ctx context.Context, id, claim string, now time.Time, lease time.Duration) (OutboxMail, error) {
	defer s.lock("outbox", id)()
	filter := append(bson.D{{Key: "_id", Value: id}}, dueFilter(now)...)
	var m OutboxMail
	err := s.outbox().FindOneAndUpdate(ctx, filter, bson.D{{Key: "$set", Value: bson.D{
		{Key: "state", Value: MailSending}, {Key: "claim", Value: claim}, {Key: "nextAt", Value: now.Add(lease)},
	}}}, options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&m)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return m, ErrNotFound
	}
	return m, err
}

// MailSent records that the SMTP server accepted the mail. Without keepBody
// the body (which may hold a link with a token) leaves the store.
func (s *Store) MailSent(ctx context.Context, id, claim string, now time.Time, keepBody bool) error {
	defer s.lock("outbox", id)()
	update := bson.D{{Key: "$set", Value: bson.D{
		{Key: "state", Value: MailSent}, {Key: "sentAt", Value: now}, {Key: "lastError", Value: ""},
	}}, {Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}}}
	if !keepBody {
		update = append(update, bson.E{Key: "$unset", Value: bson.D{{Key: "body", Value: ""}}})
	}
	_, err := s.outbox().UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "claim", Value: claim}}, update)
	return err
}

// MailRetry puts a claimed mail back in the queue, due at next; giveUp
// marks it failed for good instead.
func (s *Store) MailRetry(ctx context.Context, id, claim string, next time.Time, lastErr string, giveUp bool) error {
	defer s.lock("outbox", id)()
	state := MailQueued
	if giveUp {
		state = MailFailed
	}
	_, err := s.outbox().UpdateOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "claim", Value: claim}},
		bson.D{{Key: "$set", Value: bson.D{
			{Key: "state", Value: state}, {Key: "nextAt", Value: next}, {Key: "lastError", Value: lastErr}, {Key: "claim", Value: ""},
		}}, {Key: "$inc", Value: bson.D{{Key: "attempts", Value: 1}}}})
	return err
}

// RecentMails returns the newest mails of the outbox, for the development
// mailbox.
func (s *Store) RecentMails(ctx context.Context, limit int64) ([]OutboxMail, error) {
	return findAll[OutboxMail](ctx, s.outbox(), bson.D{},
		options.Find().SetSort(bson.D{{Key: "createdAt", Value: -1}}).SetLimit(limit))
}

// MailByID returns one mail of the outbox.
func (s *Store) MailByID(ctx context.Context, id string) (OutboxMail, error) {
	return findOne[OutboxMail](ctx, s.outbox(), bson.D{{Key: "_id", Value: id}})
}

// RemoveOldMails deletes sent and failed mails created before cutoff.
func (s *Store) RemoveOldMails(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.outbox().DeleteMany(ctx, bson.D{
		{Key: "state", Value: bson.D{{Key: "$in", Value: bson.A{MailSent, MailFailed}}}},
		{Key: "createdAt", Value: bson.D{{Key: "$lt", Value: cutoff}}},
	})
	if err != nil {
		return 0, err
	}
	return res.DeletedCount, nil
}
