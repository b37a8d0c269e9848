package web

import "testing"

func TestJpYMD(t *testing.T) {
	for in, want := range map[string]string{
		"1998-07-07": "1998年7月7日",
		"1990-04-15": "1990年4月15日",
		"1985-11-03": "1985年11月3日",
		"":           "",
		"1998/07/07": "1998/07/07",
	} {
		if got := jpYMD(in); got != want {
			t.Errorf("jpYMD(%q) = %q, want %q", in, got, want)
		}
	}
}
