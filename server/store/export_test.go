package store

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// MarkDeleting is the first step of DeleteSeekerEverywhere alone: what a
// sweep killed right after it leaves behind.
func (s *Store) MarkDeleting(ctx context.Context, seekerID string) error {
	return s.markDeleting(ctx, seekerID)
}

// CancelCutShort is what a server killed between 応募取消's update of the
// seeker and the application's own update leaves behind.
func (s *Store) CancelCutShort(ctx context.Context, seekerID, applicationID string) error {
	if _, err := s.applications.UpdateOne(ctx, bson.D{{Key: "_id", Value: applicationID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "cancelling", Value: true}}}}); err != nil {
		return err
	}
	sk, err := s.SeekerByID(ctx, seekerID)
	if err != nil {
		return err
	}
	rest := sk.ApplyingWithout(applicationID)
	_, err = s.seekers.UpdateOne(ctx, bson.D{{Key: "_id", Value: seekerID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "applying", Value: rest}, {Key: "applyingCount", Value: len(rest)}}}})
	return err
}

// Unlist makes a seeker look as one stored before its document listed its
// applications and messages and carried a due time.
func (s *Store) Unlist(ctx context.Context, seekerID string) error {
	_, err := s.seekers.UpdateOne(ctx, byID(seekerID), bson.D{{Key: "$unset", Value: bson.D{
		{Key: "applicationIDs", Value: ""}, {Key: "messageIDs", Value: ""},
		{Key: "activityListed", Value: ""}, {Key: "deletionDueAt", Value: ""},
	}}})
	return err
}

// SeekerDocForTest decodes the stored document of a seeker into v.
func (s *Store) SeekerDocForTest(ctx context.Context, id string, v any) error {
	return s.seekers.FindOne(ctx, byID(id)).Decode(v)
}

// UnsetForTest removes fields from a seeker's document, as a record stored
// before they existed.
func (s *Store) UnsetForTest(ctx context.Context, id string, fields ...string) error {
	u := bson.D{}
	for _, f := range fields {
		u = append(u, bson.E{Key: f, Value: ""})
	}
	_, err := s.seekers.UpdateOne(ctx, byID(id), bson.D{{Key: "$unset", Value: u}})
	return err
}
