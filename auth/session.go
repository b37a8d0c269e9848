package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// ErrSessionNotFound is returned by a SessionBackend for an unknown id.
var ErrSessionNotFound = errors.New("auth: session not found")

// How a session was signed in; rule 7 of the design needs to know.
const (
	ViaPassword   = "password"
	ViaMyNaPortal = "mynaportal"
)

// Keys of the session values this package understands.
const (
	KeySeekerID = "seeker"
	KeyVia      = "via"
	// KeyState is never stored: New sets it to StateExpired or StateEnded
	// when the browser named a session that is no longer valid.
	KeyState = "_state"
)

// Values of KeyState.
const (
	StateExpired = "expired" // idle or absolute timeout passed
	StateEnded   = "ended"   // the session is gone: logged out, withdrawn or swept
)

// SessionRecord is a session as it is stored: the cookie carries a random
// token, and the record's ID is the SHA-256 of it, so a leaked store does not
// leak usable cookies.
type SessionRecord struct {
	ID                string            `bson:"_id"`
	SeekerID          string            `bson:"seekerID"`
	Via               string            `bson:"via"`
	Values            map[string]string `bson:"values,omitempty"`
	CreatedAt         time.Time         `bson:"createdAt"`
	LastSeenAt        time.Time         `bson:"lastSeenAt"`
	IdleExpiresAt     time.Time         `bson:"idleExpiresAt"`
	AbsoluteExpiresAt time.Time         `bson:"absoluteExpiresAt"`
}

// SessionBackend keeps session records; every app server sharing it sees
// the same sessions.
type SessionBackend interface {
	CreateSession(ctx context.Context, rec SessionRecord) error
	SessionByID(ctx context.Context, id string) (SessionRecord, error)
	TouchSession(ctx context.Context, id string, lastSeen, idleExpires time.Time) error
	UpdateSessionValues(ctx context.Context, id string, values map[string]string) error
	RemoveSession(ctx context.Context, id string) error
	RemoveSessionsOfSeeker(ctx context.Context, seekerID string) (int64, error)
}

// SessionStore is a gorilla/sessions Store whose sessions live in a
// SessionBackend. The cookie only names a session.
type SessionStore struct {
	backend  SessionBackend
	codec    *securecookie.SecureCookie
	now      func() time.Time
	options  sessions.Options
	idle     time.Duration
	absolute time.Duration
	// touchEvery limits how often a request writes lastSeenAt: idle expiry
	// is then accurate to this much, and most requests cost no write.
	touchEvery time.Duration
}

// SessionConfig configures a SessionStore.
type SessionConfig struct {
	Secret   []byte // HMAC key of the cookie, shared by every app server
	Secure   bool   // https: Secure cookie
	Idle     time.Duration
	Absolute time.Duration
	Now      func() time.Time
}

// NewSessionStore returns a SessionStore over backend.
func NewSessionStore(backend SessionBackend, cfg SessionConfig) *SessionStore {
	codec := securecookie.New(cfg.Secret, nil)
	codec.MaxAge(int(cfg.Absolute / time.Second))
	codec.SetSerializer(securecookie.JSONEncoder{})
	touch := cfg.Idle / 30
	if touch > time.Minute {
		touch = time.Minute
	}
	return &SessionStore{
		backend:    backend,
		codec:      codec,
		now:        cfg.Now,
		idle:       cfg.Idle,
		absolute:   cfg.Absolute,
		touchEvery: touch,
		options: sessions.Options{
			Path:     "/",
			HttpOnly: true,
			Secure:   cfg.Secure,
			SameSite: http.SameSiteLaxMode,
		},
	}
}

// CookieName returns the cookie name for My Page: "__Host-" prefixed under
// https, and never the simulator's name.
func CookieName(base string, secure bool) string {
	if secure {
		return "__Host-" + base
	}
	return base
}

// Get returns the request's session, cached for the request.
func (s *SessionStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

// New loads the session the cookie names. A missing, forged, expired or
// deleted session gives a new empty one; only a backend failure is an error.
func (s *SessionStore) New(r *http.Request, name string) (*sessions.Session, error) {
	sess := sessions.NewSession(s, name)
	opts := s.options
	sess.Options = &opts
	sess.IsNew = true
	c, err := r.Cookie(name)
	if err != nil {
		return sess, nil
	}
	var token string
	if err := s.codec.Decode(name, c.Value, &token); err != nil {
		sess.Values[KeyState] = StateEnded
		return sess, nil
	}
	id := HashToken(token)
	rec, err := s.backend.SessionByID(r.Context(), id)
	if errors.Is(err, ErrSessionNotFound) {
		sess.Values[KeyState] = StateEnded
		return sess, nil
	}
	if err != nil {
		return sess, err
	}
	now := s.now()
	if !now.Before(rec.IdleExpiresAt) || !now.Before(rec.AbsoluteExpiresAt) {
		if err := s.backend.RemoveSession(r.Context(), id); err != nil {
			return sess, err
		}
		sess.Values[KeyState] = StateExpired
		return sess, nil
	}
	if now.Sub(rec.LastSeenAt) >= s.touchEvery {
		if err := s.backend.TouchSession(r.Context(), id, now, s.idleExpiry(now, rec.AbsoluteExpiresAt)); err != nil {
			return sess, err
		}
	}
	sess.ID = token
	sess.IsNew = false
	sess.Values[KeySeekerID] = rec.SeekerID
	sess.Values[KeyVia] = rec.Via
	for k, v := range rec.Values {
		sess.Values[k] = v
	}
	return sess, nil
}

func (s *SessionStore) idleExpiry(now, absolute time.Time) time.Time {
	idle := now.Add(s.idle)
	if idle.After(absolute) {
		return absolute
	}
	return idle
}

// Save persists the session. A negative MaxAge deletes it on the server and
// expires the cookie; a session without an ID gets a fresh random token.
func (s *SessionStore) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	ctx := r.Context()
	if sess.Options.MaxAge < 0 {
		if sess.ID != "" {
			if err := s.backend.RemoveSession(ctx, HashToken(sess.ID)); err != nil {
				return err
			}
		}
		http.SetCookie(w, sessions.NewCookie(sess.Name(), "", sess.Options))
		return nil
	}
	seeker, _ := sess.Values[KeySeekerID].(string)
	via, _ := sess.Values[KeyVia].(string)
	extra := map[string]string{}
	for k, v := range sess.Values {
		ks, ok := k.(string)
		vs, ok2 := v.(string)
		if !ok || !ok2 || ks == KeySeekerID || ks == KeyVia || ks == KeyState {
			continue
		}
		extra[ks] = vs
	}
	if sess.ID != "" {
		return s.backend.UpdateSessionValues(ctx, HashToken(sess.ID), extra)
	}
	token, err := NewToken()
	if err != nil {
		return err
	}
	now := s.now()
	absolute := now.Add(s.absolute)
	rec := SessionRecord{
		ID:                HashToken(token),
		SeekerID:          seeker,
		Via:               via,
		Values:            extra,
		CreatedAt:         now,
		LastSeenAt:        now,
		IdleExpiresAt:     s.idleExpiry(now, absolute),
		AbsoluteExpiresAt: absolute,
	}
	if err := s.backend.CreateSession(ctx, rec); err != nil {
		return err
	}
	encoded, err := s.codec.Encode(sess.Name(), token)
	if err != nil {
		return err
	}
	sess.ID = token
	sess.IsNew = false
	http.SetCookie(w, sessions.NewCookie(sess.Name(), encoded, sess.Options))
	return nil
}

// Fresh returns a new, empty session under name, replacing any cached for
// the request: saving it issues a new token (no session fixation).
func (s *SessionStore) Fresh(name string) *sessions.Session {
	sess := sessions.NewSession(s, name)
	opts := s.options
	sess.Options = &opts
	sess.IsNew = true
	return sess
}

// EndAllOf removes every session of a seeker, on every app server at once.
func (s *SessionStore) EndAllOf(ctx context.Context, seekerID string) (int64, error) {
	return s.backend.RemoveSessionsOfSeeker(ctx, seekerID)
}

// HashToken returns the record ID for a cookie token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewToken returns 256 random bits, base64url-encoded.
func NewToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
