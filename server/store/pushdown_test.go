package store_test

import (
	"context"
	"os"
	"testing"

	"github.com/hellowork/mypage/server/store/storetest"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// TestWhatFerretDBPushesDown records, with FerretDB's own explain, which
// filters the embedded store hands to SQLite (read through the _id index)
// and which it answers by reading every document of the collection. The
// store's hot paths are written to the first kind only.
func TestWhatFerretDBPushesDown(t *testing.T) {
	if os.Getenv("TEST_MONGODB_URI") != "" {
		t.Skip("FerretDB's explain only")
	}
	ctx := context.Background()
	client, err := mongo.Connect(options.Client().ApplyURI(storetest.URI(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(ctx)
	db := client.Database(storetest.DBName())
	defer db.Drop(ctx)
	coll := db.Collection("c")
	if _, err := coll.InsertMany(ctx, []any{bson.D{{Key: "_id", Value: "s1|a1"}, {Key: "seekerID", Value: "s1"}}}); err != nil {
		t.Fatal(err)
	}
	id := bson.E{Key: "_id", Value: "s1|a1"}
	for _, tc := range []struct {
		name string
		cmd  bson.D
		want bool
	}{
		{"find {_id: string}", find(bson.D{id}), true},
		{"find {_id: {$eq: string}}", find(bson.D{{Key: "_id", Value: bson.D{{Key: "$eq", Value: "s1|a1"}}}}), false},
		{"find {_id, guard}", find(bson.D{id, {Key: "seekerID", Value: "s1"}}), false},
		{"find {_id, dotted guard} (dotted keys are left out of the pushdown)", find(bson.D{id, {Key: "a.b", Value: 1}}), true},
		{"find {_id: {$in: [...]}}", find(bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: bson.A{"s1|a1", "s1|a2"}}}}}), false},
		{"find _id prefix range {$gte, $lt}", find(bson.D{{Key: "_id", Value: bson.D{{Key: "$gte", Value: "s1|"}, {Key: "$lt", Value: "s1}"}}}}), false},
		{"find {seekerID: string}", find(bson.D{{Key: "seekerID", Value: "s1"}}), false},
		{"find {dueAt: {$lte: t}}", find(bson.D{{Key: "dueAt", Value: bson.D{{Key: "$lte", Value: 1}}}}), false},
		{"aggregate [{$match: {_id}}, {$match: guard}]", bson.D{{Key: "aggregate", Value: "c"}, {Key: "pipeline", Value: bson.A{
			bson.D{{Key: "$match", Value: bson.D{id}}}, bson.D{{Key: "$match", Value: bson.D{{Key: "seekerID", Value: "s1"}}}},
			bson.D{{Key: "$project", Value: bson.D{{Key: "_id", Value: 1}}}}}}, {Key: "cursor", Value: bson.D{}}}, true},
	} {
		var res bson.M
		if err := db.RunCommand(ctx, bson.D{{Key: "explain", Value: tc.cmd}}).Decode(&res); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got, _ := res["filterPushdown"].(bool)
		t.Logf("%-70s filterPushdown=%v", tc.name, got)
		if got != tc.want {
			t.Errorf("%s: filterPushdown = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func find(filter bson.D) bson.D {
	return bson.D{{Key: "find", Value: "c"}, {Key: "filter", Value: filter}}
}
