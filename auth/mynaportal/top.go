package mynaportal

import "net/http"

type topData struct {
	Name      string
	LoggedOut bool
}

// top shows who is signed in at the simulator and lets them sign out of it.
func (s *simulator) top(w http.ResponseWriter, r *http.Request) {
	data := topData{LoggedOut: r.URL.Query().Get("logged_out") == "1"}
	if sess := s.sessions.current(r); sess != nil {
		holder, _ := findCard(sess.cardNumber)
		data.Name = holder.Name
		data.LoggedOut = false
	}
	s.render(w, r, http.StatusOK, "top", data)
}

// logout ends only the simulator's session. Clients are not told (no front- or
// back-channel logout): My Page stays signed in (design rule 7).
func (s *simulator) logout(w http.ResponseWriter, r *http.Request) {
	if sess := s.sessions.current(r); sess != nil {
		s.logger.InfoContext(r.Context(), "signed out", "card", maskCard(sess.cardNumber))
	}
	s.sessions.end(w, r)
	http.Redirect(w, r, "/?logged_out=1", http.StatusSeeOther)
}
