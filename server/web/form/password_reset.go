package form

import "net/url"

// Forgot is パスワードをお忘れの方: the e-mail address of the account.
type Forgot struct {
	Email  string
	Errors Errors
}

// ParseForgot reads and checks the form of /password/forgot.
func ParseForgot(v url.Values) Forgot {
	f := Forgot{Errors: Errors{}}
	var msg string
	if f.Email, msg = checkEmail(v.Get("email")); msg != "" {
		f.Errors["email"] = msg
	}
	return f
}

// Reset is the new password of パスワード再設定, with the token of the mail.
type Reset struct {
	Token    string
	Password string
	Errors   Errors
}

// ParseReset reads the form of /password/reset: the new password follows
// the rules of registration.
func ParseReset(v url.Values) Reset {
	f := Reset{Errors: Errors{}, Token: v.Get("token"), Password: v.Get("password")}
	if len(f.Token) > 128 {
		f.Token = ""
	}
	if msg := checkPassword(f.Password); msg != "" {
		f.Errors["password"] = msg
	}
	return f
}
