// Package search is 求人検索: the exact keyword search of the job postings
// and its criteria, served from an index held in memory and derived from
// the postings in the store. Each app server keeps its copy in a file under
// its data directory (Holder.KeepIn, Save, Load), loaded at start while the
// store's postings are still those it was built from.
//
// A word matches a posting when, after NFKC and lower-casing both, it
// occurs as a substring of the posting's 職種, 事業所名, 仕事の内容, 就業場所
// or 求人番号. The index finds candidates by the characters (one-character
// words) and the character pairs (longer words) of each field, which is
// exact for words of one or two characters; longer words are checked
// against the normalised text of each candidate.
package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Normalize is the form in which words and texts are compared: valid
// UTF-8, NFKC, lower case.
func Normalize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.ToLower(norm.NFKC.String(s))
}

// Words splits what a seeker typed into normalised words: they are
// separated by spaces, half- or full-width (any Unicode space). A word
// that normalises to nothing is dropped (it would match every posting).
func Words(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, unicode.IsSpace) {
		if n := Normalize(w); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// texts are the searched fields of a posting, in order.
func texts(id, title, company, description, location string) [5]string {
	return [5]string{title, company, description, location, id}
}
