package mynaportal

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/zitadel/oidc/v3/pkg/oidc"
)

type claimRow struct{ Label, Value string }

type consentData struct {
	AuthRequestID string
	ClientName    string
	Claims        []claimRow
	Error         string
}

// consentPage lists what the client will receive. It needs the session that answered
// the login page; anyone else is sent to log in.
func (s *simulator) consentPage(w http.ResponseWriter, r *http.Request) {
	ar, ok := s.storage.request(r.URL.Query().Get("authRequestID"))
	if !ok || ar.done {
		s.message(w, http.StatusBadRequest, "ログインの要求が見つかりません", msgRequestGone)
		return
	}
	sess := s.sessions.current(r)
	if sess == nil || ar.sessionID != sess.id {
		http.Redirect(w, r, "/login?authRequestID="+url.QueryEscape(ar.id), http.StatusSeeOther)
		return
	}
	s.renderConsent(w, r, http.StatusOK, ar, "")
}

func (s *simulator) consentSubmit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.message(w, http.StatusBadRequest, "送信内容を読み取れません", "もう一度、最初からお試しください。")
		return
	}
	ar, ok := s.storage.request(r.PostForm.Get("authRequestID"))
	if !ok || ar.done {
		s.message(w, http.StatusBadRequest, "ログインの要求が見つかりません", msgRequestGone)
		return
	}
	sess := s.sessions.current(r)
	if sess == nil || ar.sessionID != sess.id {
		http.Redirect(w, r, "/login?authRequestID="+url.QueryEscape(ar.id), http.StatusSeeOther)
		return
	}

	switch r.PostForm.Get("decision") {
	case "accept":
		if err := s.storage.complete(ar.id, sess.id); err != nil {
			s.message(w, http.StatusBadRequest, "ログインの要求が見つかりません", msgRequestGone)
			return
		}
		s.sessions.grantConsent(sess.id, ar.clientID)
		s.logger.InfoContext(r.Context(), "consent given", "client_id", ar.clientID, "card", maskCard(sess.cardNumber))
		http.Redirect(w, r, s.callbackURL(r, ar.id), http.StatusSeeOther)
	case "deny":
		s.logger.InfoContext(r.Context(), "consent denied", "client_id", ar.clientID, "card", maskCard(sess.cardNumber))
		s.authError(w, r, ar, oidc.ErrAccessDenied().WithDescription("the card holder did not consent"))
	default:
		s.renderConsent(w, r, http.StatusUnprocessableEntity, ar, "「同意する」か「同意しない」を選んでください。")
	}
}

func (s *simulator) renderConsent(w http.ResponseWriter, r *http.Request, status int, ar *authRequest, errMsg string) {
	holder, _ := findCard(ar.cardNumber)
	rows := []claimRow{{Label: "利用者識別子", Value: "このサービス専用の番号（マイナンバーではありません）"}}
	if slices.Contains(ar.scopes, oidc.ScopeProfile) {
		rows = append(rows,
			claimRow{"氏名", holder.Name},
			claimRow{"氏名（フリガナ）", holder.NameKana},
			claimRow{"生年月日", holder.Birthdate},
		)
	}
	if slices.Contains(ar.scopes, oidc.ScopeAddress) {
		rows = append(rows, claimRow{"住所", holder.Address})
	}
	s.render(w, r, status, "consent", consentData{AuthRequestID: ar.id, ClientName: clientDisplayName, Claims: rows, Error: errMsg})
}
