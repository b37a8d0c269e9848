package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/hellowork/mypage/server/store"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

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
		{"a bad query", mongo.CommandError{Code: 2, Name: "BadValue"}, false},
		{"a duplicate key", mongo.WriteException{WriteErrors: []mongo.WriteError{{Code: 11000}}}, false},
		{"anything else", errors.New("boom"), false},
	} {
		if got := store.IsUnavailable(tc.err); got != tc.want {
			t.Errorf("%s: IsUnavailable = %v, want %v", tc.name, got, tc.want)
		}
	}
}
