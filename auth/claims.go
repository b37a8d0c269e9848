package auth

import (
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxClaimRunes bounds what My Page keeps of one claim; the forms that
// receive them check their own, shorter limits.
const maxClaimRunes = 200

// personClaims are the claims of the profile and address scopes My Page
// uses (OIDC Core 5.1), as the ID token or UserInfo carries them. A claim of
// an unexpected JSON type is ignored, not an error: it is the provider's
// data, and the seeker can type it in.
type personClaims struct {
	Name       claimString  `json:"name"`
	FamilyName claimString  `json:"family_name"`
	GivenName  claimString  `json:"given_name"`
	NameKana   claimString  `json:"name_kana"`
	Birthdate  claimString  `json:"birthdate"`
	Address    addressClaim `json:"address"`
}

// fill returns id with the claims that are present; the others keep the
// values id has.
func (c personClaims) fill(id Identity) Identity {
	name := cleanClaim(string(c.Name))
	if name == "" {
		// Japanese order: family name first.
		name = cleanClaim(strings.TrimSpace(string(c.FamilyName) + " " + string(c.GivenName)))
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&id.Name, name)
	set(&id.NameKana, cleanClaim(string(c.NameKana)))
	set(&id.Birthdate, cleanClaim(string(c.Birthdate)))
	set(&id.Address, c.Address.String())
	return id
}

// claimString is a string claim; any other JSON value reads as "".
type claimString string

func (s *claimString) UnmarshalJSON(b []byte) error {
	var v string
	if json.Unmarshal(b, &v) == nil {
		*s = claimString(v)
	}
	return nil
}

// addressClaim is the address claim, a JSON object (OIDC Core 5.1.1). A
// plain string, which some providers send, is taken as formatted.
type addressClaim struct {
	Formatted     claimString `json:"formatted"`
	StreetAddress claimString `json:"street_address"`
	Locality      claimString `json:"locality"`
	Region        claimString `json:"region"`
	PostalCode    claimString `json:"postal_code"`
	Country       claimString `json:"country"`
}

func (a *addressClaim) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*a = addressClaim{Formatted: claimString(s)}
		return nil
	}
	type plain addressClaim
	var p plain
	if json.Unmarshal(b, &p) == nil {
		*a = addressClaim(p)
	}
	return nil
}

// String is formatted, or else the parts composed in the Japanese order:
// postal code, prefecture (region), city (locality), then the street;
// Japanese parts run on, Latin ones are separated by a space. A country
// other than Japan comes last.
func (a addressClaim) String() string {
	if f := cleanClaim(strings.ReplaceAll(string(a.Formatted), "\n", " ")); f != "" {
		return f
	}
	out := ""
	if pc := cleanClaim(string(a.PostalCode)); pc != "" {
		out = "〒" + pc
	}
	parts := []string{string(a.Region), string(a.Locality), strings.ReplaceAll(string(a.StreetAddress), "\n", " ")}
	if c := cleanClaim(string(a.Country)); c != "" && !isJapan(c) {
		parts = append(parts, c)
	}
	for _, p := range parts {
		if p = cleanClaim(p); p == "" {
			continue
		}
		if out != "" && (isASCIIEdge(out, true) || isASCIIEdge(p, false)) {
			out += " "
		}
		out += p
	}
	return cleanClaim(out)
}

func isJapan(c string) bool {
	switch strings.ToLower(c) {
	case "jp", "jpn", "japan", "日本", "日本国":
		return true
	}
	return false
}

// isASCIIEdge reports whether s ends (end) or starts (!end) with a Latin
// letter or digit.
func isASCIIEdge(s string, end bool) bool {
	var r rune
	if end {
		r, _ = utf8.DecodeLastRuneInString(s)
	} else {
		r, _ = utf8.DecodeRuneInString(s)
	}
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// cleanClaim makes a claim safe to keep and show: valid UTF-8, no control
// or bidirectional control characters, no surrounding space, and at most
// maxClaimRunes runes.
func cleanClaim(v string) string {
	v = strings.ToValidUTF8(v, "")
	v = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, v)
	v = strings.TrimSpace(v)
	if utf8.RuneCountInString(v) > maxClaimRunes {
		v = string([]rune(v)[:maxClaimRunes])
	}
	return v
}
