// Package form reads and checks the forms of My Page. Each form keeps what
// the seeker typed (but the password) so a page can show it again, and says
// what is wrong per field, in Japanese.
package form

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Errors maps a field name to its message.
type Errors map[string]string

// Any reports whether there is an error.
func (e Errors) Any() bool { return len(e) > 0 }

// clean trims a value and reports whether it is acceptable text: valid
// UTF-8, no control characters, at most max characters.
func clean(v string, max int) (string, string) {
	v = strings.TrimSpace(v)
	if !utf8.ValidString(v) {
		return "", "使用できない文字が含まれています。"
	}
	if strings.IndexFunc(v, isControl) >= 0 {
		return v, "使用できない文字が含まれています。"
	}
	if utf8.RuneCountInString(v) > max {
		return v, "入力できる文字数を超えています。"
	}
	return v, ""
}

// isControl reports control characters, and the invisible bidirectional
// controls (U+202E and its kin) that make a name or a text read otherwise
// than it is stored.
func isControl(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r)
}

// checkEmail returns the address and a message when it is not acceptable.
func checkEmail(v string) (string, string) {
	v, msg := clean(v, 254)
	switch {
	case msg != "":
		return v, msg
	case v == "":
		return v, "メールアドレスを入力してください。"
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || !strings.Contains(v[strings.LastIndex(v, "@")+1:], ".") {
		return v, "メールアドレスの形式が正しくありません。（例：hellowork@example.jp）"
	}
	if strings.IndexFunc(v, func(r rune) bool { return r > unicode.MaxASCII }) >= 0 {
		// RFC 6532 allows them, but full-width letters typed through an
		// input method are a slip, and the mail would bounce.
		return v, "メールアドレスは半角英数字と記号で入力してください。"
	}
	return v, ""
}
