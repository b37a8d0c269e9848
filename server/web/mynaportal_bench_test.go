package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/hellowork/mypage/server/store/storetest"
)

// BenchmarkMyNaPortalSignIn measures one full sign-in of a linked identity
// from a browser new to both sites: My Page's redirect, the simulator's PIN
// and consent, the callback's code exchange and ID token checks, and the
// home page. Both servers run in this process over loopback HTTP.
func BenchmarkMyNaPortalSignIn(b *testing.B) {
	a := startAppWith(b, storetest.New(b), "sim")
	setup := newBrowser(b, a)
	link := setup.pinAndConsent(a, setup.myNaPortal(a), asuCard, asuPIN, "accept")
	home := setup.follow(setup.open(a.URL+"/mynaportal/link", url.Values{"action": {"link"}, "email": {demoEmail}, "password": {demoPassword}}))
	if !strings.Contains(link.URL, "/mynaportal/link") || !strings.Contains(home.Body, "明日 勇気 様") {
		b.Fatal("setup: the identity was not linked")
	}
	b.ResetTimer()
	for b.Loop() {
		br := newBrowser(b, a)
		r := br.pinAndConsent(a, br.myNaPortal(a), asuCard, asuPIN, "accept")
		if !strings.HasSuffix(r.URL, "/mypage") {
			b.Fatalf("landed on %s", r.URL)
		}
	}
}
