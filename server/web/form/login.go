package form

import (
	"net/url"
	"unicode/utf8"
)

// Login is the sign-in form: email, password.
type Login struct {
	Email    string
	Password string
	Errors   Errors
}

// ParseLogin reads the sign-in form. Errors here are about the shape of the
// input only; whether it signs in is the handler's question.
func ParseLogin(v url.Values) Login {
	f := Login{Errors: Errors{}}
	var msg string
	if f.Email, msg = clean(v.Get("email"), 254); msg != "" {
		f.Errors["email"] = msg
	} else if f.Email == "" {
		f.Errors["email"] = "メールアドレスを入力してください。"
	}
	f.Password = v.Get("password")
	switch {
	case f.Password == "":
		f.Errors["password"] = "パスワードを入力してください。"
	case !utf8.ValidString(f.Password) || len(f.Password) > 256:
		f.Errors["password"] = "パスワードが正しくありません。"
	}
	return f
}
