package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store/storetest"
)

// The counter staff's actions in test mode: the browser suite changes a
// registration type and unlocks a card through the running server, which
// alone opens its embedded store.
func TestStaffTestRoutes(t *testing.T) {
	a := startAppWith(t, storetest.New(t), "sim")
	api := newBrowser(t, a)

	r := api.post("/__test/staff/registration-type", url.Values{"email": {"Asu.Yuki@example.jp"}, "type": {"counter"}})
	expectStatus(t, r, http.StatusOK)
	expectBody(t, r, `"type":"counter"`)
	list, err := a.Store.SeekersByEmail(context.Background(), demoEmail)
	if err != nil || len(list) != 1 || list[0].RegistrationType != domain.RegisteredCounter {
		t.Fatalf("after registration-type counter: %+v %v", list, err)
	}
	expectStatus(t, api.post("/__test/staff/registration-type", url.Values{"email": {demoEmail}, "type": {"online"}}), http.StatusOK)
	if list, _ := a.Store.SeekersByEmail(context.Background(), demoEmail); list[0].RegistrationType != domain.RegisteredOnline {
		t.Fatalf("after registration-type online: %+v", list[0])
	}
	expectStatus(t, api.post("/__test/staff/registration-type", url.Values{"email": {demoEmail}, "type": {"vip"}}), http.StatusBadRequest)
	expectStatus(t, api.post("/__test/staff/registration-type", url.Values{"email": {"nobody@example.jp"}, "type": {"counter"}}), http.StatusNotFound)

	// Three wrong PINs lock a card; the right PIN does not help; unlocked
	// by staff, the right PIN works again.
	b := newBrowser(t, a)
	pinPage := b.myNaPortal(a)
	m := authRequestID.FindStringSubmatch(pinPage.Body)
	if m == nil {
		t.Fatalf("no authRequestID:\n%.600s", pinPage.Body)
	}
	login := func(pin string) at {
		return b.follow(b.open(a.SimURL+"/login", url.Values{"authRequestID": {m[1]}, "card_number": {asuCard}, "pin": {pin}}))
	}
	for range 3 {
		login("0000")
	}
	if r := login(asuPIN); strings.Contains(r.Body, "同意する") {
		t.Fatal("a locked card signed in")
	}
	r = api.post("/__test/staff/unlock-card", url.Values{"card": {asuCard}})
	expectStatus(t, r, http.StatusOK)
	expectBody(t, login(asuPIN).response, "同意する")
	expectStatus(t, api.post("/__test/staff/unlock-card", url.Values{"card": {"999999999999"}}), http.StatusNotFound)
}

// Outside test mode (production and demo) there is no /__test route at all.
func TestTestRoutesAreNotFoundOutsideTestMode(t *testing.T) {
	a := startAppOpts(t, storetest.New(t), appOpts{Issuer: "sim", NoTestMode: true})
	b := newBrowser(t, a)
	before, err := a.Store.SeekersByEmail(context.Background(), demoEmail)
	if err != nil || len(before) != 1 {
		t.Fatal(before, err)
	}
	flip := domain.RegisteredCounter
	if before[0].RegistrationType == flip {
		flip = domain.RegisteredOnline
	}
	for _, path := range []string{"/__test/clocks", "/__test/clocks/x/advance", "/__test/clocks/x/retention",
		"/__test/staff/registration-type", "/__test/staff/unlock-card"} {
		r := b.post(path, url.Values{"email": {demoEmail}, "type": {string(flip)}, "card": {asuCard}, "by": {"1d"}})
		expectStatus(t, r, http.StatusNotFound)
	}
	expectStatus(t, b.get("/__test/clocks/x"), http.StatusNotFound)
	if list, _ := a.Store.SeekersByEmail(context.Background(), demoEmail); list[0].RegistrationType != before[0].RegistrationType {
		t.Error("the registration type changed outside test mode")
	}
}
