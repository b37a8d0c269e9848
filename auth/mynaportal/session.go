package mynaportal

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"
)

const (
	sessionIdle     = 30 * time.Minute
	sessionAbsolute = 8 * time.Hour
)

// session is one browser signed in at the simulator with one card. It is not shared
// with My Page: the two keep separate sessions (design rule 7).
type session struct {
	id         string // SHA-256 of the cookie token; the token itself is never stored
	cardNumber string
	authTime   time.Time
	created    time.Time
	lastSeen   time.Time
	consents   map[string]bool // client IDs the holder agreed to in this session
}

type sessionStore struct {
	mu         sync.Mutex
	byID       map[string]*session
	cookieName string
	secure     bool
	now        func() time.Time
}

func newSessionStore(cookieName string, secure bool, now func() time.Time) *sessionStore {
	return &sessionStore{byID: map[string]*session{}, cookieName: cookieName, secure: secure, now: now}
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func (s *sessionStore) expired(sess *session, now time.Time) bool {
	return now.Sub(sess.lastSeen) > sessionIdle || now.Sub(sess.created) > sessionAbsolute
}

// current returns a copy of the browser's live session and marks it used, or nil.
func (s *sessionStore) current(r *http.Request) *session {
	c, err := r.Cookie(s.cookieName)
	if err != nil || c.Value == "" {
		return nil
	}
	id := hashToken(c.Value)
	now := s.now()

	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.byID[id]
	if !ok {
		return nil
	}
	if s.expired(sess, now) {
		delete(s.byID, id)
		return nil
	}
	sess.lastSeen = now
	return sess.copy()
}

// start signs the browser in with a card under a new token, ending any session the
// browser had: a new token at every sign-in defeats session fixation.
func (s *sessionStore) start(w http.ResponseWriter, r *http.Request, cardNumber string) (*session, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	now := s.now()
	sess := &session{
		id:         hashToken(token),
		cardNumber: cardNumber,
		authTime:   now,
		created:    now,
		lastSeen:   now,
		consents:   map[string]bool{},
	}

	s.mu.Lock()
	if c, err := r.Cookie(s.cookieName); err == nil {
		delete(s.byID, hashToken(c.Value))
	}
	// Sweep here rather than in a goroutine: the simulator is small and this keeps New free of background work.
	for id, old := range s.byID {
		if s.expired(old, now) {
			delete(s.byID, id)
		}
	}
	s.byID[sess.id] = sess
	s.mu.Unlock()

	http.SetCookie(w, &http.Cookie{
		Name:     s.cookieName,
		Value:    token,
		Path:     "/",
		HttpOnly: true,
		Secure:   s.secure,
		SameSite: http.SameSiteLaxMode,
	})
	return sess.copy(), nil
}

// end deletes the browser's session, if any, and expires its cookie.
func (s *sessionStore) end(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(s.cookieName); err == nil {
		s.mu.Lock()
		delete(s.byID, hashToken(c.Value))
		s.mu.Unlock()
	}
	http.SetCookie(w, &http.Cookie{
		Name:     s.cookieName,
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   s.secure,
		SameSite: http.SameSiteLaxMode,
	})
}

func (s *sessionStore) grantConsent(id, clientID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess, ok := s.byID[id]; ok {
		sess.consents[clientID] = true
	}
}

func (sess *session) copy() *session {
	c := *sess
	c.consents = make(map[string]bool, len(sess.consents))
	for k, v := range sess.consents {
		c.consents[k] = v
	}
	return &c
}

// cookieNameFor returns the cookie name to use; under https the __Host- prefix pins
// the cookie to this origin (Secure, Path=/, no Domain).
func cookieNameFor(name string, secure bool) string {
	if name == "" {
		name = "mynaportal_session"
	}
	if secure && !strings.HasPrefix(name, "__Host-") {
		name = "__Host-" + name
	}
	return name
}
