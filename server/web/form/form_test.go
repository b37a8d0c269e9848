package form

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

var today = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func validRegister() url.Values {
	return url.Values{
		"email": {"asu.yuki@example.jp"}, "password": {"Asu-Yuki-2026"}, "name": {"明日 勇気"},
		"name_kana": {"アス ユウキ"}, "birthdate": {"1990-04-15"}, "office": {"iidabashi"}, "agree": {"on"},
	}
}

func TestRegisterAcceptsTheMinimum(t *testing.T) {
	v := url.Values{"email": {"a@example.jp"}, "password": {"abcdefghi1"}, "name": {"山田 花子"}, "birthdate": {"1985-11-03"}, "agree": {"on"}}
	f := ParseRegister(v, today, map[string]bool{})
	if f.Errors.Any() {
		t.Fatalf("errors: %v", f.Errors)
	}
	if f := ParseRegister(validRegister(), today, map[string]bool{"iidabashi": true}); f.Errors.Any() {
		t.Fatalf("errors: %v", f.Errors)
	}
}

func TestRegisterMessages(t *testing.T) {
	offices := map[string]bool{"iidabashi": true}
	tests := []struct {
		field, value, want string
	}{
		{"email", "", "メールアドレスを入力してください。"},
		{"email", "not-an-address", "メールアドレスの形式が正しくありません。（例：hellowork@example.jp）"},
		{"email", "a@localhost", "メールアドレスの形式が正しくありません。（例：hellowork@example.jp）"},
		{"email", "明日 <a@example.jp>", "メールアドレスの形式が正しくありません。（例：hellowork@example.jp）"},
		{"email", strings.Repeat("a", 250) + "@example.jp", "入力できる文字数を超えています。"},
		{"password", "", "パスワードを入力してください。"},
		{"password", "short1", "パスワードは10文字以上64文字以内で入力してください。"},
		{"password", strings.Repeat("a1", 33), "パスワードは10文字以上64文字以内で入力してください。"},
		{"password", "onlyletters", "パスワードには英字と数字をそれぞれ1文字以上含めてください。"},
		{"password", "パスワード12345678", "パスワードには半角英数字と記号を使用してください。"},
		{"name", "", "氏名を入力してください。"},
		{"name", "   ", "氏名を入力してください。"},
		{"name", "明日\x00勇気", "使用できない文字が含まれています。"},
		{"name", "\xff\xfe", "使用できない文字が含まれています。"},
		{"name", strings.Repeat("あ", 10000), "入力できる文字数を超えています。"},
		{"name_kana", "あすゆうき", "氏名（フリガナ）は全角カタカナで入力してください。"},
		{"birthdate", "", "生年月日を入力してください。"},
		{"birthdate", "1990/04/15", "生年月日は「2000-04-01」の形式で、正しい日付を入力してください。"},
		{"birthdate", "1990-02-30", "生年月日は「2000-04-01」の形式で、正しい日付を入力してください。"},
		{"birthdate", "2027-01-01", "生年月日に未来の日付は入力できません。"},
		{"birthdate", "2011-11-23", "求職者マイページは15歳以上の方がご利用いただけます。"},
		{"birthdate", "1900-01-01", "生年月日をご確認ください。"},
		{"office", "nowhere", "一覧から選択してください。"},
		{"agree", "", "利用規約に同意いただく必要があります。"},
		{"agree", "yes", "利用規約に同意いただく必要があります。"},
	}
	for _, tt := range tests {
		t.Run(tt.field+"="+tt.value[:min(len(tt.value), 20)], func(t *testing.T) {
			v := validRegister()
			v.Set(tt.field, tt.value)
			f := ParseRegister(v, today, offices)
			if got := f.Errors[tt.field]; got != tt.want {
				t.Errorf("message = %q, want %q", got, tt.want)
			}
			if len(f.Errors) != 1 {
				t.Errorf("other fields failed too: %v", f.Errors)
			}
		})
	}
}

func TestRegisterTurns15OnTheBirthday(t *testing.T) {
	v := validRegister()
	v.Set("birthdate", "2011-11-22")
	if f := ParseRegister(v, today, map[string]bool{"iidabashi": true}); f.Errors.Any() {
		t.Errorf("15 today is allowed: %v", f.Errors)
	}
}

func TestLogin(t *testing.T) {
	f := ParseLogin(url.Values{"email": {" a@example.jp "}, "password": {"x"}})
	if f.Errors.Any() || f.Email != "a@example.jp" {
		t.Errorf("%+v", f)
	}
	f = ParseLogin(url.Values{})
	if f.Errors["email"] != "メールアドレスを入力してください。" || f.Errors["password"] != "パスワードを入力してください。" {
		t.Errorf("%v", f.Errors)
	}
	f = ParseLogin(url.Values{"email": {"a@example.jp"}, "password": {strings.Repeat("x", 1000)}})
	if f.Errors["password"] == "" {
		t.Error("a 1,000-byte password passed")
	}
}

func TestJobSearch(t *testing.T) {
	prefs, types := []string{"東京都", "大阪府"}, []string{"正社員"}
	tests := []struct {
		query    string
		want     JobSearch
		errorsOn string
	}{
		{"", JobSearch{Page: 1}, ""},
		{"q=介護&pref=東京都&type=正社員&page=2", JobSearch{Keyword: "介護", Prefecture: "東京都", EmploymentType: "正社員", Page: 2}, ""},
		{"pref=火星", JobSearch{Page: 1}, "pref"},
		{"type=社長", JobSearch{Page: 1}, "type"},
		// A refused value is explained next to its field; the search runs
		// on page 1.
		{"page=-1", JobSearch{Page: 1}, "page"},
		{"page=abc", JobSearch{Page: 1}, "page"},
		{"page=99999999999999999999", JobSearch{Page: 1}, "page"},
		{"q=%00", JobSearch{Page: 1}, "q"},
	}
	for _, tt := range tests {
		v, _ := url.ParseQuery(tt.query)
		got := ParseJobSearch(v, prefs, types)
		if got.Keyword != tt.want.Keyword || got.Prefecture != tt.want.Prefecture || got.EmploymentType != tt.want.EmploymentType || got.Page != tt.want.Page {
			t.Errorf("%q: got %+v", tt.query, got)
		}
		if (tt.errorsOn == "") != !got.Errors.Any() || (tt.errorsOn != "" && got.Errors[tt.errorsOn] == "") {
			t.Errorf("%q: errors %v, want on %q", tt.query, got.Errors, tt.errorsOn)
		}
	}
}
