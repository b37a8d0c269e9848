package store

import "context"

// MarkDeleting is the first step of DeleteSeekerEverywhere alone: what a
// sweep killed right after it leaves behind.
func (s *Store) MarkDeleting(ctx context.Context, seekerID string) error {
	return s.markDeleting(ctx, seekerID)
}
