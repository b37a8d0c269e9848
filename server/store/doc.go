// Package store keeps My Page's data in MongoDB, or in an embedded FerretDB
// when no MongoDB is configured. It is the only package that imports the
// driver. Hot reads go by _id and every state change is one conditional
// single-document update, because FerretDB v1 has neither transactions nor
// index use for other equality filters, and the same code must run on a
// MongoDB replica set or sharded cluster.
package store
