package form

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Profile is one editable tab of 求職者情報・設定: the values as typed, by
// form field name, and the messages.
type Profile struct {
	Values map[string]string
	Errors Errors
}

// Get returns a value as typed.
func (p Profile) Get(name string) string { return p.Values[name] }

// Int returns a number field checked by the parser.
func (p Profile) Int(name string) int {
	n, _ := strconv.Atoi(p.Values[name])
	return n
}

var (
	phonePattern  = regexp.MustCompile(`^0\d{1,4}-?\d{1,4}-?\d{3,4}$`)
	postalPattern = regexp.MustCompile(`^\d{3}-?\d{4}$`)
)

// ParseBasic reads 基本情報: name, name_kana, phone, postal_code, address.
func ParseBasic(v url.Values) Profile {
	p := Profile{Values: map[string]string{}, Errors: Errors{}}
	p.text(v, "name", 50, true, "氏名を入力してください。")
	if kana := p.text(v, "name_kana", 50, false, ""); p.Errors["name_kana"] == "" && !isKatakana(kana) {
		p.Errors["name_kana"] = "氏名（フリガナ）は全角カタカナで入力してください。"
	}
	if phone := p.text(v, "phone", 20, false, ""); phone != "" && p.Errors["phone"] == "" && !phonePattern.MatchString(phone) {
		p.Errors["phone"] = "電話番号は「090-1234-5678」の形式で入力してください。"
	}
	if code := p.text(v, "postal_code", 8, false, ""); code != "" && p.Errors["postal_code"] == "" && !postalPattern.MatchString(code) {
		p.Errors["postal_code"] = "郵便番号は「112-0004」の形式で入力してください。"
	}
	p.text(v, "address", 100, false, "")
	return p
}

// ParsePreferences reads 希望職種・時間等.
func ParsePreferences(v url.Values, types []string) Profile {
	p := Profile{Values: map[string]string{}, Errors: Errors{}}
	p.text(v, "desired_job", 50, true, "希望職種を入力してください。")
	p.choice(v, "desired_employment_type", types, "希望する雇用形態は一覧から選択してください。")
	p.text(v, "desired_hours", 50, false, "")
	p.text(v, "desired_holidays", 50, false, "")
	return p
}

// ParseWorkplace reads 希望勤務地・賃金.
func ParseWorkplace(v url.Values, prefectures, units []string) Profile {
	p := Profile{Values: map[string]string{}, Errors: Errors{}}
	p.choice(v, "desired_prefecture", prefectures, "希望勤務地（都道府県）は一覧から選択してください。")
	p.text(v, "desired_city", 50, false, "")
	unit := p.choice(v, "desired_wage_unit", units, "賃金の区分は一覧から選択してください。")
	wage, msg := clean(v.Get("desired_wage_min"), 12)
	wage = strings.ReplaceAll(strings.ReplaceAll(wage, ",", ""), "円", "")
	p.Values["desired_wage_min"] = wage
	switch n, err := strconv.Atoi(wage); {
	case msg != "":
		p.Errors["desired_wage_min"] = msg
	case wage == "":
	case err != nil || n < 0:
		p.Errors["desired_wage_min"] = "希望賃金は半角数字（円）で入力してください。"
	case unit == "時給" && n > 10000, unit != "時給" && n > 10000000:
		p.Errors["desired_wage_min"] = "希望賃金の金額をご確認ください。"
	case unit == "" && n > 0:
		p.Errors["desired_wage_unit"] = "賃金の区分（月給・時給）を選択してください。"
	}
	return p
}

// ParsePR reads 自己PR: up to 1,000 characters, line breaks allowed.
func ParsePR(v url.Values) Profile {
	p := Profile{Values: map[string]string{}, Errors: Errors{}}
	pr := strings.TrimSpace(strings.ReplaceAll(v.Get("self_pr"), "\r\n", "\n"))
	p.Values["self_pr"] = pr
	switch {
	case !utf8.ValidString(pr):
		// Invalid UTF-8 is not shown again either: the seeker types it anew.
		p.Values["self_pr"] = ""
		p.Errors["self_pr"] = "使用できない文字が含まれています。"
	case strings.IndexFunc(pr, func(r rune) bool { return isControl(r) && r != '\n' && r != '\t' }) >= 0:
		p.Errors["self_pr"] = "使用できない文字が含まれています。"
	case utf8.RuneCountInString(pr) > 1000:
		p.Errors["self_pr"] = "自己PRは1,000文字以内で入力してください。"
	}
	return p
}

func (p Profile) text(v url.Values, name string, max int, required bool, missing string) string {
	val, msg := clean(v.Get(name), max)
	p.Values[name] = val
	switch {
	case msg != "":
		p.Errors[name] = msg
	case required && val == "":
		p.Errors[name] = missing
	}
	return val
}

func (p Profile) choice(v url.Values, name string, allowed []string, msg string) string {
	val := v.Get(name)
	if val != "" && !slices.Contains(allowed, val) {
		p.Errors[name] = msg
		val = ""
	}
	p.Values[name] = val
	return val
}
