package form

import (
	"net/url"
	"time"
	"unicode"
	"unicode/utf8"
)

// Register is 求職者マイページ開設: email, password, name, birthdate and
// agree are required; name_kana and office are optional.
type Register struct {
	Email     string
	Password  string
	Name      string
	NameKana  string
	Birthdate string // YYYY-MM-DD
	Office    string
	Agree     bool
	Errors    Errors
}

// Password rules: 10 to 64 characters, letters and digits both.
const (
	passwordMin = 10
	passwordMax = 64
)

// ParseRegister reads and checks the registration form at now; offices are
// the office IDs a seeker may choose.
func ParseRegister(v url.Values, now time.Time, offices map[string]bool) Register {
	f := Register{Errors: Errors{}}
	var msg string
	if f.Email, msg = checkEmail(v.Get("email")); msg != "" {
		f.Errors["email"] = msg
	}
	f.Password = v.Get("password")
	if msg := checkPassword(f.Password); msg != "" {
		f.Errors["password"] = msg
	}
	if f.Name, msg = clean(v.Get("name"), 50); msg != "" {
		f.Errors["name"] = msg
	} else if f.Name == "" {
		f.Errors["name"] = "氏名を入力してください。"
	}
	if f.NameKana, msg = clean(v.Get("name_kana"), 50); msg != "" {
		f.Errors["name_kana"] = msg
	} else if !isKatakana(f.NameKana) {
		f.Errors["name_kana"] = "氏名（フリガナ）は全角カタカナで入力してください。"
	}
	if f.Birthdate, msg = clean(v.Get("birthdate"), 10); msg != "" {
		f.Errors["birthdate"] = msg
	} else if msg := checkBirthdate(f.Birthdate, now); msg != "" {
		f.Errors["birthdate"] = msg
	}
	if f.Office, msg = clean(v.Get("office"), 40); msg != "" || (f.Office != "" && !offices[f.Office]) {
		f.Errors["office"] = "一覧から選択してください。"
	}
	f.Agree = v.Get("agree") == "on"
	if !f.Agree {
		f.Errors["agree"] = "利用規約に同意いただく必要があります。"
	}
	return f
}

func checkPassword(p string) string {
	if p == "" {
		return "パスワードを入力してください。"
	}
	n := utf8.RuneCountInString(p)
	if !utf8.ValidString(p) || n < passwordMin || n > passwordMax {
		return "パスワードは10文字以上64文字以内で入力してください。"
	}
	var letter, digit bool
	for _, r := range p {
		switch {
		case r > unicode.MaxASCII || unicode.IsControl(r) || r == ' ':
			return "パスワードには半角英数字と記号を使用してください。"
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsDigit(r):
			digit = true
		}
	}
	if !letter || !digit {
		return "パスワードには英字と数字をそれぞれ1文字以上含めてください。"
	}
	return ""
}

func checkBirthdate(v string, now time.Time) string {
	if v == "" {
		return "生年月日を入力してください。"
	}
	d, err := time.Parse("2006-01-02", v)
	if err != nil {
		return "生年月日は「2000-04-01」の形式で、正しい日付を入力してください。"
	}
	y, m, day := now.Date()
	today := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	switch {
	case d.After(today):
		return "生年月日に未来の日付は入力できません。"
	case d.AddDate(15, 0, 0).After(today):
		return "求職者マイページは15歳以上の方がご利用いただけます。"
	case d.AddDate(120, 0, 0).Before(today):
		return "生年月日をご確認ください。"
	}
	return ""
}

func isKatakana(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.Katakana) && r != 'ー' && r != ' ' && r != '　' && r != '・' {
			return false
		}
	}
	return true
}
