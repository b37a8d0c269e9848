package form

import (
	"net/mail"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// The fuzz targets feed every parser hostile text and check what it lets
// through: never a panic, the same answer twice, accepted values that really
// keep the rule, and a Japanese message for every refused field. Their seeds
// (the f.Add calls and testdata/fuzz/) run with go test.

var (
	fuzzOffices     = map[string]bool{"iidabashi": true}
	fuzzPrefectures = []string{"東京都", "大阪府"}
	fuzzTypes       = []string{"正社員", "パート労働者"}
	fuzzUnits       = []string{"月給", "時給"}
)

func FuzzRegister(f *testing.F) {
	f.Add("asu.yuki@example.jp", "Asu-Yuki-2026", "明日 勇気", "アス ユウキ", "1990-04-15", "iidabashi", "on")
	f.Add(" A@Example.JP ", "abcdefghi1", "山田\u3000花子", "", "2011-11-22", "", "on")
	f.Add("asu@ｅｘａｍｐｌｅ.jp", "ＡＢＣＤＥＦＧ１２３４", "\u202e勇気", "ｱｽ", "２０００-０１-０１", "iidabashi\x00", "ON")
	f.Add("a\xff@example.jp", "abc\x00defgh1", "\xff\xfe", "アス\x1b", "1990-04-15\n", "nowhere", "on")
	f.Add(`"a b"@example.jp`, "abcdefghi1\u00a0", strings.Repeat("あ", 10000), "ー・　", "+1990-04-15", "", "")
	f.Fuzz(func(t *testing.T, email, password, name, kana, birthdate, office, agree string) {
		v := url.Values{"email": {email}, "password": {password}, "name": {name}, "name_kana": {kana},
			"birthdate": {birthdate}, "office": {office}, "agree": {agree}}
		got := ParseRegister(v, today, fuzzOffices)
		if again := ParseRegister(v, today, fuzzOffices); !reflect.DeepEqual(got, again) {
			t.Fatalf("not deterministic: %+v, then %+v", got, again)
		}
		checkRegister(t, got)
	})
}

// checkRegister checks a parsed registration whatever its input.
func checkRegister(t *testing.T, f Register) {
	t.Helper()
	checkMessages(t, f.Errors, "email", "password", "name", "name_kana", "birthdate", "office", "agree")
	for field, val := range map[string]string{"email": f.Email, "name": f.Name, "name_kana": f.NameKana, "birthdate": f.Birthdate, "office": f.Office} {
		if !utf8.ValidString(val) {
			t.Errorf("%s kept as invalid UTF-8: %q", field, val)
		}
	}
	if f.Errors["email"] == "" {
		checkEmailAccepted(t, f.Email)
	}
	if f.Errors["password"] == "" {
		checkPasswordAccepted(t, f.Password)
	}
	if f.Errors["name"] == "" {
		checkText(t, "name", f.Name, 50)
		if f.Name == "" {
			t.Error("an empty name accepted")
		}
	}
	if f.Errors["name_kana"] == "" {
		checkText(t, "name_kana", f.NameKana, 50)
		if !isKatakana(f.NameKana) {
			t.Errorf("name_kana %q accepted but not katakana", f.NameKana)
		}
	}
	if f.Errors["birthdate"] == "" {
		checkBirthdateAccepted(t, f.Birthdate)
	}
	if f.Errors["office"] == "" && f.Office != "" && !fuzzOffices[f.Office] {
		t.Errorf("unknown office %q accepted", f.Office)
	}
	if (f.Errors["agree"] == "") != f.Agree {
		t.Errorf("agree = %v with message %q", f.Agree, f.Errors["agree"])
	}
}

func checkEmailAccepted(t *testing.T, email string) {
	t.Helper()
	checkText(t, "email", email, 254)
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email {
		t.Errorf("email %q accepted but is no plain address (%v)", email, err)
	}
	at := strings.LastIndex(email, "@")
	if at < 1 || !strings.Contains(email[at+1:], ".") {
		t.Errorf("email %q accepted without a domain with a dot", email)
	}
	for _, r := range email {
		if r > unicode.MaxASCII || r == ' ' {
			t.Errorf("email %q accepted with %q: addresses are 半角", email, r)
			break
		}
	}
	// The login's _id is the lower-case address: it must be as good.
	if _, msg := checkEmail(strings.ToLower(email)); msg != "" {
		t.Errorf("email %q accepted but its normalised form is refused: %s", email, msg)
	}
}

func checkPasswordAccepted(t *testing.T, p string) {
	t.Helper()
	if len(p) < passwordMin || len(p) > passwordMax {
		t.Errorf("password of %d bytes accepted", len(p))
	}
	var letter, digit bool
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c <= ' ' || c >= 0x7f:
			t.Fatalf("password with byte %#x accepted", c)
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			letter = true
		case '0' <= c && c <= '9':
			digit = true
		}
	}
	if !letter || !digit {
		t.Errorf("password %q accepted without both a letter and a digit", p)
	}
}

func checkBirthdateAccepted(t *testing.T, v string) {
	t.Helper()
	d, err := time.Parse("2006-01-02", v)
	if err != nil || d.Format("2006-01-02") != v {
		t.Fatalf("birthdate %q accepted but is no YYYY-MM-DD date (%v)", v, err)
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case d.After(day):
		t.Errorf("birthdate %s in the future accepted", v)
	case d.AddDate(15, 0, 0).After(day):
		t.Errorf("birthdate %s under 15 accepted", v)
	case d.AddDate(120, 0, 0).Before(day):
		t.Errorf("birthdate %s over 120 years ago accepted", v)
	}
}

func FuzzLogin(f *testing.F) {
	f.Add("asu.yuki@example.jp", "Asu-Yuki-2026")
	f.Add(" Asu.Yuki@Example.jp\t", "x")
	f.Add("", "")
	f.Add("a\x00@example.jp", "\xff")
	f.Add("\u202eexample.jp@asu", strings.Repeat("x", 257))
	f.Add(strings.Repeat("ａ", 10000), "パスワード")
	f.Fuzz(func(t *testing.T, email, password string) {
		v := url.Values{"email": {email}, "password": {password}}
		got := ParseLogin(v)
		if again := ParseLogin(v); !reflect.DeepEqual(got, again) {
			t.Fatalf("not deterministic: %+v, then %+v", got, again)
		}
		checkLogin(t, got)
	})
}

func checkLogin(t *testing.T, f Login) {
	t.Helper()
	checkMessages(t, f.Errors, "email", "password")
	if !utf8.ValidString(f.Email) {
		t.Errorf("email kept as invalid UTF-8: %q", f.Email)
	}
	if f.Errors["email"] == "" {
		checkText(t, "email", f.Email, 254)
		if f.Email == "" {
			t.Error("an empty email accepted")
		}
	}
	if f.Errors["password"] == "" && (f.Password == "" || !utf8.ValidString(f.Password) || len(f.Password) > 256) {
		t.Errorf("password %q accepted", f.Password)
	}
}

func FuzzBasic(f *testing.F) {
	f.Add("明日 勇気", "アス ユウキ", "090-1234-5678", "112-0004", "東京都文京区後楽1-9-20")
	f.Add("", "", "", "", "")
	f.Add("\u202e勇気", "ｱｽ", "０９０-１２３４-５６７８", "１１２-０００４", "東京都\x00文京区")
	f.Add("\xff", "アス\x1b", "090-1234-5678\n", "1120004 ", strings.Repeat("あ", 10000))
	f.Add("😀", "ヴ", "+81-90-1234-5678", "112--0004", "\r\n")
	f.Fuzz(func(t *testing.T, name, kana, phone, postal, address string) {
		v := url.Values{"name": {name}, "name_kana": {kana}, "phone": {phone}, "postal_code": {postal}, "address": {address}}
		p := checkProfile(t, v, ParseBasic, map[string]int{"name": 50, "name_kana": 50, "phone": 20, "postal_code": 8, "address": 100})
		if p.Errors["name"] == "" && p.Get("name") == "" {
			t.Error("an empty name accepted")
		}
		if p.Errors["name_kana"] == "" && !isKatakana(p.Get("name_kana")) {
			t.Errorf("name_kana %q accepted", p.Get("name_kana"))
		}
		if ph := p.Get("phone"); p.Errors["phone"] == "" && ph != "" && !phonePattern.MatchString(ph) {
			t.Errorf("phone %q accepted", ph)
		}
		if pc := p.Get("postal_code"); p.Errors["postal_code"] == "" && pc != "" && !postalPattern.MatchString(pc) {
			t.Errorf("postal code %q accepted", pc)
		}
	})
}

func FuzzPreferences(f *testing.F) {
	f.Add("介護福祉士", "正社員", "8:00～17:00", "土日祝")
	f.Add("", "社長", "", "")
	f.Add("\x00", "正社員\x00", "\xff", strings.Repeat("休", 10000))
	f.Add("\u202eエンジニア", " 正社員", "😀", "\t")
	f.Fuzz(func(t *testing.T, job, typ, hours, holidays string) {
		v := url.Values{"desired_job": {job}, "desired_employment_type": {typ}, "desired_hours": {hours}, "desired_holidays": {holidays}}
		p := checkProfile(t, v, func(v url.Values) Profile { return ParsePreferences(v, fuzzTypes) },
			map[string]int{"desired_job": 50, "desired_hours": 50, "desired_holidays": 50, "desired_employment_type": 50})
		if p.Errors["desired_job"] == "" && p.Get("desired_job") == "" {
			t.Error("an empty desired job accepted")
		}
		if et := p.Get("desired_employment_type"); et != "" && !slices.Contains(fuzzTypes, et) {
			t.Errorf("employment type %q kept", et)
		}
	})
}

func FuzzWorkplace(f *testing.F) {
	f.Add("東京都", "千代田区", "月給", "220,000")
	f.Add("", "", "", "")
	f.Add("火星", "\x00", "年俸", "-5")
	f.Add("東京都", "千代田区", "時給", "１，２００円")
	f.Add("大阪府", strings.Repeat("市", 10000), "月給", "+220000")
	f.Add("東京都", "\u202e", "月給", "9999999999999999999999")
	f.Add("東京都", "", "時給", "1,0,0,0円円")
	f.Fuzz(func(t *testing.T, pref, city, unit, wage string) {
		v := url.Values{"desired_prefecture": {pref}, "desired_city": {city}, "desired_wage_unit": {unit}, "desired_wage_min": {wage}}
		p := checkProfile(t, v, func(v url.Values) Profile { return ParseWorkplace(v, fuzzPrefectures, fuzzUnits) },
			map[string]int{"desired_prefecture": 50, "desired_city": 50, "desired_wage_unit": 50, "desired_wage_min": 12})
		if pr := p.Get("desired_prefecture"); pr != "" && !slices.Contains(fuzzPrefectures, pr) {
			t.Errorf("prefecture %q kept", pr)
		}
		u := p.Get("desired_wage_unit")
		if u != "" && !slices.Contains(fuzzUnits, u) {
			t.Errorf("wage unit %q kept", u)
		}
		if p.Errors["desired_wage_min"] != "" || p.Errors["desired_wage_unit"] != "" {
			return
		}
		w := p.Get("desired_wage_min")
		if w == "" {
			return
		}
		n, err := strconv.Atoi(w)
		switch {
		case err != nil || n < 0:
			t.Errorf("wage %q accepted", w)
		case u == "時給" && n > 10000, n > 10000000:
			t.Errorf("wage %d %s accepted", n, u)
		case u == "" && n > 0:
			t.Errorf("wage %d accepted without a unit", n)
		case p.Int("desired_wage_min") != n:
			t.Errorf("Int = %d, want %d", p.Int("desired_wage_min"), n)
		}
	})
}

func FuzzPR(f *testing.F) {
	f.Add("介護現場で15年の経験があります。\r\n夜勤も可能です。")
	f.Add("")
	f.Add("a\x00b")
	f.Add("\xff\xfe")
	f.Add("\u202e\u200f😀\t")
	f.Add(strings.Repeat("あ", 10000))
	f.Add(strings.Repeat("\r\n", 600))
	f.Fuzz(func(t *testing.T, pr string) {
		p := checkProfile(t, url.Values{"self_pr": {pr}}, ParsePR, map[string]int{"self_pr": 1000})
		if strings.Contains(p.Get("self_pr"), "\r") && p.Errors["self_pr"] == "" {
			t.Errorf("a carriage return kept in %q", p.Get("self_pr"))
		}
	})
}

// checkProfile parses v twice with parse and checks what every tab shares:
// accepted text is clean and within its limit (max, in characters, by
// field), and every value kept for the form is valid UTF-8.
func checkProfile(t *testing.T, v url.Values, parse func(url.Values) Profile, max map[string]int) Profile {
	t.Helper()
	p := parse(v)
	if again := parse(v); !reflect.DeepEqual(p, again) {
		t.Fatalf("not deterministic: %+v, then %+v", p, again)
	}
	fields := make([]string, 0, len(max))
	for name := range max {
		fields = append(fields, name)
	}
	checkMessages(t, p.Errors, fields...)
	for name, val := range p.Values {
		if _, ok := max[name]; !ok {
			t.Errorf("unexpected value %q", name)
		}
		if !utf8.ValidString(val) {
			t.Errorf("%s kept as invalid UTF-8: %q", name, val)
		}
		if p.Errors[name] == "" {
			if name == "self_pr" {
				checkText(t, name, strings.NewReplacer("\n", "", "\t", "").Replace(val), max[name])
			} else {
				checkText(t, name, val, max[name])
			}
		}
	}
	return p
}

func FuzzJobSearch(f *testing.F) {
	f.Add("q=介護&pref=東京都&type=正社員&page=2")
	f.Add("")
	f.Add("q=%00&pref=%ff&type=%1b&page=-1")
	f.Add("q=a&q=b&pref=東京都&pref=火星&page=1&page=2")
	f.Add("page=99999999999999999999&page=0x10")
	f.Add("q=" + strings.Repeat("%E3%81%82", 10000))
	f.Add("q=%E2%80%AE%F0%9F%98%80;pref=%")
	f.Add("q=介護　福祉&not=夜勤&kind=fulltime&wage=200000&new=1&sort=wage&per=50&page=3")
	f.Add("wage=%EF%BC%92%EF%BC%90%EF%BC%90%EF%BC%90&kind=parttime&per=7&sort=old&new=2")
	f.Add("wage=-1&kind=x&wage=1e9&per=%00")
	f.Fuzz(func(t *testing.T, query string) {
		v, _ := url.ParseQuery(query)
		got := ParseJobSearch(v, fuzzPrefectures, fuzzTypes)
		if again := ParseJobSearch(v, fuzzPrefectures, fuzzTypes); !reflect.DeepEqual(got, again) {
			t.Fatalf("not deterministic: %+v, then %+v", got, again)
		}
		checkMessages(t, got.Errors, "q", "not", "pref", "kind", "type", "wage", "new", "sort", "per", "page")
		checkText(t, "q", got.Keyword, 100)
		checkText(t, "not", got.Exclude, 100)
		if got.Kind != "" && !slices.Contains(JobKinds, got.Kind) || !slices.Contains(JobSorts, got.Sort) || !slices.Contains(JobPerPage, got.Per) {
			t.Errorf("kind %q, sort %q, per %d kept", got.Kind, got.Sort, got.Per)
		}
		if got.Wage < 0 || got.Wage > MaxJobsWage || got.Wage > 0 && got.Kind == "" {
			t.Errorf("wage %d with kind %q", got.Wage, got.Kind)
		}
		// The query of a parsed search parses to the same search.
		again, _ := url.ParseQuery(got.Query(got.Page, got.Sort))
		if back := ParseJobSearch(again, fuzzPrefectures, fuzzTypes); len(back.Errors) > 0 || back.Keyword != got.Keyword ||
			back.Wage != got.Wage || back.Page != got.Page || back.Sort != got.Sort || back.Per != got.Per || back.Kind != got.Kind {
			t.Errorf("round trip: %+v, then %+v", got, back)
		}
		if got.Prefecture != "" && !slices.Contains(fuzzPrefectures, got.Prefecture) {
			t.Errorf("prefecture %q kept", got.Prefecture)
		}
		if got.EmploymentType != "" && !slices.Contains(fuzzTypes, got.EmploymentType) {
			t.Errorf("type %q kept", got.EmploymentType)
		}
		if got.Page < 1 || got.Page > MaxJobsPage {
			t.Errorf("page %d", got.Page)
		}
	})
}

// FuzzFormBody reads one raw request body with every parser, as a hostile
// client could send it to any form: duplicate fields, broken escapes,
// fields of other forms.
func FuzzFormBody(f *testing.F) {
	f.Add("email=asu.yuki%40example.jp&password=Asu-Yuki-2026&name=%E6%98%8E%E6%97%A5&birthdate=1990-04-15&agree=on")
	f.Add("email=a%40example.jp&email=b%40example.jp&agree=on&agree=off")
	f.Add("name=%ff%fe&name_kana=%00&self_pr=%1b%5b31m&desired_wage_min=%EF%BC%91")
	f.Add("%zz=1&name=%&=&&;")
	f.Add("self_pr=" + strings.Repeat("%E2%80%AE", 3000))
	f.Fuzz(func(t *testing.T, body string) {
		v, _ := url.ParseQuery(body)
		checkRegister(t, ParseRegister(v, today, fuzzOffices))
		checkLogin(t, ParseLogin(v))
		checkProfile(t, v, ParseBasic, map[string]int{"name": 50, "name_kana": 50, "phone": 20, "postal_code": 8, "address": 100})
		checkProfile(t, v, func(v url.Values) Profile { return ParsePreferences(v, fuzzTypes) },
			map[string]int{"desired_job": 50, "desired_hours": 50, "desired_holidays": 50, "desired_employment_type": 50})
		checkProfile(t, v, func(v url.Values) Profile { return ParseWorkplace(v, fuzzPrefectures, fuzzUnits) },
			map[string]int{"desired_prefecture": 50, "desired_city": 50, "desired_wage_unit": 50, "desired_wage_min": 12})
		checkProfile(t, v, ParsePR, map[string]int{"self_pr": 1000})
	})
}

// checkText checks an accepted text value: valid UTF-8, no control
// characters, no surrounding space, at most max characters.
func checkText(t *testing.T, field, v string, max int) {
	t.Helper()
	switch {
	case !utf8.ValidString(v):
		t.Errorf("%s %q accepted: invalid UTF-8", field, v)
	case strings.IndexFunc(v, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) }) >= 0:
		t.Errorf("%s %q accepted: control character", field, v)
	case strings.TrimSpace(v) != v:
		t.Errorf("%s %q accepted: surrounding space", field, v)
	case utf8.RuneCountInString(v) > max:
		t.Errorf("%s accepted with %d characters, limit %d", field, utf8.RuneCountInString(v), max)
	}
}

// checkMessages checks that messages are only for the form's fields and
// are Japanese sentences.
func checkMessages(t *testing.T, errs Errors, fields ...string) {
	t.Helper()
	for field, msg := range errs {
		if !slices.Contains(fields, field) {
			t.Errorf("a message for unknown field %q", field)
		}
		if msg == "" || !utf8.ValidString(msg) || !isJapanese(msg) {
			t.Errorf("%s: message %q is not Japanese", field, msg)
		}
	}
}

func isJapanese(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han)
	}) >= 0
}
