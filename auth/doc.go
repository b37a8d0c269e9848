// Package auth owns how a seeker proves who they are: password hashing,
// sign-in throttling and the server-side sessions behind the My Page cookie.
// It stores nothing itself; the store package implements its backends.
package auth
