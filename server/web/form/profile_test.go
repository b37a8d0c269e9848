package form

import (
	"net/url"
	"strings"
	"testing"
)

func TestParseBasic(t *testing.T) {
	ok := ParseBasic(url.Values{"name": {"明日 勇気"}, "name_kana": {"アス ユウキ"}, "phone": {"090-1234-5678"}, "postal_code": {"1120004"}, "address": {"東京都文京区"}})
	if ok.Errors.Any() {
		t.Fatalf("%v", ok.Errors)
	}
	bad := ParseBasic(url.Values{"name": {""}, "name_kana": {"あす"}, "phone": {"12345"}, "postal_code": {"1-2"}, "address": {strings.Repeat("あ", 101)}})
	for field, want := range map[string]string{
		"name": "氏名を入力してください。", "name_kana": "氏名（フリガナ）は全角カタカナで入力してください。",
		"phone": "電話番号は「090-1234-5678」の形式で入力してください。", "postal_code": "郵便番号は「112-0004」の形式で入力してください。",
		"address": "入力できる文字数を超えています。",
	} {
		if bad.Errors[field] != want {
			t.Errorf("%s: %q, want %q", field, bad.Errors[field], want)
		}
	}
	if bad.Get("phone") != "12345" {
		t.Error("input not kept")
	}
}

func TestParsePreferences(t *testing.T) {
	types := []string{"正社員", "パート労働者"}
	if p := ParsePreferences(url.Values{"desired_job": {"介護福祉士"}, "desired_employment_type": {"正社員"}}, types); p.Errors.Any() {
		t.Errorf("%v", p.Errors)
	}
	p := ParsePreferences(url.Values{"desired_employment_type": {"社長"}}, types)
	if p.Errors["desired_job"] == "" || p.Errors["desired_employment_type"] == "" {
		t.Errorf("%v", p.Errors)
	}
}

func TestParseWorkplace(t *testing.T) {
	prefs, units := []string{"東京都"}, []string{"月給", "時給"}
	tests := []struct {
		v     url.Values
		field string
	}{
		{url.Values{"desired_prefecture": {"東京都"}, "desired_wage_unit": {"月給"}, "desired_wage_min": {"220,000"}}, ""},
		{url.Values{}, ""},
		{url.Values{"desired_prefecture": {"火星"}}, "desired_prefecture"},
		{url.Values{"desired_wage_unit": {"時給"}, "desired_wage_min": {"50000"}}, "desired_wage_min"},
		{url.Values{"desired_wage_unit": {"月給"}, "desired_wage_min": {"abc"}}, "desired_wage_min"},
		{url.Values{"desired_wage_unit": {"月給"}, "desired_wage_min": {"-5"}}, "desired_wage_min"},
		{url.Values{"desired_wage_min": {"200000"}}, "desired_wage_unit"},
		{url.Values{"desired_wage_unit": {"年俸"}}, "desired_wage_unit"},
	}
	for _, tt := range tests {
		p := ParseWorkplace(tt.v, prefs, units)
		if tt.field == "" && p.Errors.Any() || tt.field != "" && p.Errors[tt.field] == "" {
			t.Errorf("%v: errors %v, want on %q", tt.v, p.Errors, tt.field)
		}
	}
	if p := ParseWorkplace(url.Values{"desired_wage_unit": {"月給"}, "desired_wage_min": {"220,000円"}}, prefs, units); p.Int("desired_wage_min") != 220000 {
		t.Errorf("wage = %d", p.Int("desired_wage_min"))
	}
}

func TestParsePR(t *testing.T) {
	if p := ParsePR(url.Values{"self_pr": {"一行目\r\n二行目"}}); p.Errors.Any() || p.Get("self_pr") != "一行目\n二行目" {
		t.Errorf("%+v", p)
	}
	if p := ParsePR(url.Values{"self_pr": {strings.Repeat("あ", 1001)}}); p.Errors["self_pr"] != "自己PRは1,000文字以内で入力してください。" {
		t.Errorf("%v", p.Errors)
	}
	if p := ParsePR(url.Values{"self_pr": {"a\x00b"}}); p.Errors["self_pr"] == "" {
		t.Error("NUL accepted")
	}
}
