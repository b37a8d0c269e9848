package mynaportal

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

type loginData struct {
	AuthRequestID string
	ClientName    string
	CardNumber    string
	CardError     string
	PINError      string
	Alert         string
	DemoCards     []CardHolder
}

// loginPage is where op sends the browser after /authorize. A live simulator session
// answers without a PIN (design rule 7); otherwise the holder enters card and PIN.
func (s *simulator) loginPage(w http.ResponseWriter, r *http.Request) {
	ar, ok := s.storage.request(r.URL.Query().Get("authRequestID"))
	if !ok || ar.done {
		s.message(w, http.StatusBadRequest, "ログインの要求が見つかりません", msgRequestGone)
		return
	}
	if sess := s.sessions.current(r); sess != nil && !s.mustReauthenticate(ar, sess) {
		s.proceed(w, r, ar, sess)
		return
	}
	if ar.hasPrompt(oidc.PromptNone) {
		s.authError(w, r, ar, oidc.ErrLoginRequired())
		return
	}
	s.renderLogin(w, r, http.StatusOK, loginData{AuthRequestID: ar.id})
}

func (s *simulator) loginSubmit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.message(w, http.StatusBadRequest, "送信内容を読み取れません", "もう一度、最初からお試しください。")
		return
	}
	ar, ok := s.storage.request(r.PostForm.Get("authRequestID"))
	if !ok || ar.done {
		s.message(w, http.StatusBadRequest, "ログインの要求が見つかりません", msgRequestGone)
		return
	}
	card := normalizeDigits(r.PostForm.Get("card_number"))
	pin := normalizeDigits(r.PostForm.Get("pin"))
	data := loginData{AuthRequestID: ar.id, CardNumber: card, CardError: validateCardNumber(card), PINError: validatePIN(pin)}
	if data.CardError != "" || data.PINError != "" {
		s.renderLogin(w, r, http.StatusUnprocessableEntity, data)
		return
	}

	holder, err := checkPIN(s.dataDir, card, pin, s.now())
	var wrong wrongPINError
	switch {
	case errors.Is(err, errUnknownCard):
		s.logger.InfoContext(r.Context(), "login refused: unknown card", "card", maskCard(card))
		data.Alert = "このカード番号のマイナンバーカードは、この模擬環境に登録されていません。番号を確かめてください。"
		s.renderLogin(w, r, http.StatusUnauthorized, data)
		return
	case errors.Is(err, errCardLocked):
		s.logger.InfoContext(r.Context(), "login refused: card locked", "card", maskCard(card))
		data.Alert = "このカードはロックされています。暗証番号を3回続けて間違えたため、ロックされました。ロックの解除は窓口にお申し出ください。"
		s.renderLogin(w, r, http.StatusForbidden, data)
		return
	case errors.Is(err, errCardJustLocked):
		s.logger.WarnContext(r.Context(), "card locked after wrong PINs", "card", maskCard(card))
		data.Alert = "暗証番号を3回続けて間違えたため、このカードはロックされました。ロックの解除は窓口にお申し出ください。"
		s.renderLogin(w, r, http.StatusForbidden, data)
		return
	case errors.As(err, &wrong):
		s.logger.InfoContext(r.Context(), "login refused: wrong PIN", "card", maskCard(card), "remaining", wrong.remaining)
		data.PINError = "暗証番号が違います。あと" + strconv.Itoa(wrong.remaining) + "回間違えると、このカードはロックされます。"
		s.renderLogin(w, r, http.StatusUnauthorized, data)
		return
	case err != nil:
		s.logger.ErrorContext(r.Context(), "PIN check", "error", err)
		s.message(w, http.StatusInternalServerError, "エラーが発生しました", msgServerError)
		return
	}

	sess, err := s.sessions.start(w, r, holder.CardNumber)
	if err != nil {
		s.logger.ErrorContext(r.Context(), "session start", "error", err)
		s.message(w, http.StatusInternalServerError, "エラーが発生しました", msgServerError)
		return
	}
	s.logger.InfoContext(r.Context(), "signed in", "card", maskCard(card), "client_id", ar.clientID)
	s.proceed(w, r, ar, sess)
}

// proceed binds the request to the session, then asks for consent unless this session
// already gave it to this client.
func (s *simulator) proceed(w http.ResponseWriter, r *http.Request, ar *authRequest, sess *session) {
	if err := s.storage.bind(ar.id, sess); err != nil {
		s.message(w, http.StatusBadRequest, "ログインの要求が見つかりません", msgRequestGone)
		return
	}
	if !sess.consents[ar.clientID] || ar.hasPrompt(oidc.PromptConsent) {
		if ar.hasPrompt(oidc.PromptNone) {
			s.authError(w, r, ar, &oidc.Error{ErrorType: "consent_required"})
			return
		}
		http.Redirect(w, r, "/consent?authRequestID="+url.QueryEscape(ar.id), http.StatusSeeOther)
		return
	}
	if err := s.storage.complete(ar.id, sess.id); err != nil {
		s.message(w, http.StatusBadRequest, "ログインの要求が見つかりません", msgRequestGone)
		return
	}
	s.logger.InfoContext(r.Context(), "consent remembered, no PIN asked", "client_id", ar.clientID)
	http.Redirect(w, r, s.callbackURL(r, ar.id), http.StatusSeeOther)
}

// mustReauthenticate honours prompt=login and max_age, which ask for a fresh PIN.
func (s *simulator) mustReauthenticate(ar *authRequest, sess *session) bool {
	if ar.hasPrompt(oidc.PromptLogin) {
		return true
	}
	return ar.maxAge != nil && s.now().Sub(sess.authTime) > time.Duration(*ar.maxAge)*time.Second
}

// authError ends the request and sends the error to the client's redirect_uri.
func (s *simulator) authError(w http.ResponseWriter, r *http.Request, ar *authRequest, e *oidc.Error) {
	s.storage.remove(ar.id)
	op.AuthRequestError(w, r, ar, e, s.provider)
}

func (s *simulator) renderLogin(w http.ResponseWriter, r *http.Request, status int, data loginData) {
	data.ClientName = clientDisplayName
	data.DemoCards = DemoCardHolders()
	s.render(w, r, status, "login", data)
}

// normalizeDigits accepts what people type: full-width digits, spaces and hyphens.
func normalizeDigits(v string) string {
	var b strings.Builder
	for _, c := range strings.TrimSpace(v) {
		switch {
		case c >= '０' && c <= '９':
			b.WriteRune('0' + (c - '０'))
		case c == ' ' || c == '　' || c == '-' || c == '－':
			// separators people copy from the card
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

func allDigits(v string) bool {
	for _, c := range v {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func validateCardNumber(v string) string {
	switch {
	case v == "":
		return "マイナンバーカードの番号を入力してください。"
	case !allDigits(v):
		return "マイナンバーカードの番号は数字で入力してください。"
	case len(v) != 12:
		return "マイナンバーカードの番号は12桁で入力してください。"
	}
	return ""
}

func validatePIN(v string) string {
	switch {
	case v == "":
		return "暗証番号を入力してください。"
	case !allDigits(v) || len(v) != 4:
		return "暗証番号は4桁の数字で入力してください。"
	}
	return ""
}

// maskCard keeps card numbers out of logs but leaves enough to tell demo cards apart.
func maskCard(card string) string {
	if len(card) < 4 {
		return "****"
	}
	return "********" + card[len(card)-4:]
}
