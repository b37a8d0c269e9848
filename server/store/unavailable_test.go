package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/hellowork/mypage/server/store"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"
)

// retryable is an error the driver marks retryable, as it does when the
// connection pool was cleared.
type retryable struct{}

func (retryable) Error() string   { return "connection pool for 127.0.0.1:27017 was cleared" }
func (retryable) Retryable() bool { return true }

func TestIsUnavailable(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"no error", nil, false},
		{"a request past its deadline", fmt.Errorf("find: %w", context.DeadlineExceeded), true},
		{"a member shutting down", mongo.CommandError{Code: 91, Name: "ShutdownInProgress"}, true},
		{"a primary stepping down", mongo.CommandError{Code: 189, Name: "PrimarySteppedDown"}, true},
		{"no primary to write to", mongo.CommandError{Code: 10107, Name: "NotWritablePrimary"}, true},
		{"a write the driver may retry", mongo.CommandError{Code: 6, Labels: []string{"RetryableWriteError"}}, true},
		{"a connection reset while the store stops", fmt.Errorf("find: %w", topology.ConnectionError{ConnectionID: "c1", Wrapped: io.EOF}), true},
		{"no connection free in time", topology.WaitQueueTimeoutError{Wrapped: errors.New("pool paused")}, true},
		{"the pool cleared while the store restarts", retryable{}, true},
		{"a request whose client went away", fmt.Errorf("find: %w", context.Canceled), true},
		{"a bad query", mongo.CommandError{Code: 2, Name: "BadValue"}, false},
		{"a duplicate key", mongo.WriteException{WriteErrors: []mongo.WriteError{{Code: 11000}}}, false},
		{"anything else", errors.New("boom"), false},
	} {
		if got := store.IsUnavailable(tc.err); got != tc.want {
			t.Errorf("%s: IsUnavailable = %v, want %v", tc.name, got, tc.want)
		}
	}
}
