package domain

import "strings"

// NormalizeEmail is the one form of an e-mail address: a login is found by
// it, and mail goes to it. Case and surrounding spaces do not make another
// address.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
