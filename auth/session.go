package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// ErrSessionNotFound is returned by a SessionBackend for an unknown id.
var ErrSessionNotFound = errors.New("auth: session not found")

// How a session was signed in; rule 7 (server/domain/doc.go) needs to know.
const (
	ViaPassword   = "password"
	ViaMyNaPortal = "mynaportal"
)

// Keys of the session values this package understands.
const (
	KeySeekerID = "seeker"
	KeyVia      = "via"
	// KeyState is never stored: New sets it to StateExpired, StateEnded or
	// StateEndedElsewhere when the browser named a session that is no longer
	// valid.
	KeyState = "_state"
	// KeySessionID is the session's own identifier, shown in pages and
	// URLs: never the cookie's token nor its hash. Save sets it.
	KeySessionID = "_sid"
	// KeyDevice and KeyBrowser name the device and browser that signed in,
	// as the seeker will recognise them ("iPhone", "Safari"); they are kept
	// on the record, never the raw User-Agent.
	KeyDevice  = "_device"
	KeyBrowser = "_browser"
	// KeyClock is the test clock the session lives on (test mode only).
	KeyClock = "_clock"
)

// Values of KeyState.
const (
	StateExpired = "expired" // idle or absolute timeout passed
	StateEnded   = "ended"   // the session is gone: logged out, withdrawn or swept
	// StateEndedElsewhere: the seeker ended this session from another
	// device (ログイン中の端末).
	StateEndedElsewhere = "ended-elsewhere"
)

// SessionRecord is a session as it is stored: the cookie carries a random
// token, and the record's ID is the SHA-256 of it, so a leaked store does not
// leak usable cookies.
type SessionRecord struct {
	ID                string            `bson:"_id"`
	PublicID          string            `bson:"publicID"`
	SeekerID          string            `bson:"seekerID"`
	Via               string            `bson:"via"`
	Device            string            `bson:"device,omitempty"`
	Browser           string            `bson:"browser,omitempty"`
	Values            map[string]string `bson:"values,omitempty"`
	CreatedAt         time.Time         `bson:"createdAt"`
	LastSeenAt        time.Time         `bson:"lastSeenAt"`
	IdleExpiresAt     time.Time         `bson:"idleExpiresAt"`
	AbsoluteExpiresAt time.Time         `bson:"absoluteExpiresAt"`
	// ClockID is the test clock the session lives on (test mode only).
	ClockID string `bson:"clockID,omitempty"`
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
	// SessionsOfSeeker returns every stored session of a seeker, expired
	// ones included.
	SessionsOfSeeker(ctx context.Context, seekerID string) ([]SessionRecord, error)
	// EndSession removes a session and leaves a marker under its id until
	// keepUntil, so its browser can be told it was ended from elsewhere.
	EndSession(ctx context.Context, id, seekerID string, endedAt, keepUntil time.Time) error
	// SessionEndedElsewhere reports whether EndSession left a marker for id.
	SessionEndedElsewhere(ctx context.Context, id string) (bool, error)
}

// SessionStore is a gorilla/sessions Store whose sessions live in a
// SessionBackend. The cookie only names a session.
type SessionStore struct {
	backend  SessionBackend
	codec    *securecookie.SecureCookie
	now      func() time.Time
	clockNow func(ctx context.Context, clockID string) (time.Time, error)
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
	// ClockNow, in test mode, tells the time of a test clock: a session
	// opened for a seeker attached to one lives on it.
	ClockNow func(ctx context.Context, clockID string) (time.Time, error)
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
		clockNow:   cfg.ClockNow,
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
		elsewhere, err := s.backend.SessionEndedElsewhere(r.Context(), id)
		if err != nil {
			return sess, err
		}
		sess.Values[KeyState] = StateEnded
		if elsewhere {
			sess.Values[KeyState] = StateEndedElsewhere
		}
		return sess, nil
	}
	if err != nil {
		return sess, err
	}
	now, err := s.timeOf(r.Context(), rec.ClockID)
	if err != nil {
		return sess, err
	}
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
	sess.Values[KeySessionID] = rec.PublicID
	if rec.ClockID != "" {
		sess.Values[KeyClock] = rec.ClockID
	}
	for k, v := range rec.Values {
		sess.Values[k] = v
	}
	return sess, nil
}

// timeOf is the time of a session's clock: its test clock's, or the
// store's.
func (s *SessionStore) timeOf(ctx context.Context, clockID string) (time.Time, error) {
	if clockID != "" && s.clockNow != nil {
		return s.clockNow(ctx, clockID)
	}
	return s.now(), nil
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
	device, _ := sess.Values[KeyDevice].(string)
	browser, _ := sess.Values[KeyBrowser].(string)
	clockID, _ := sess.Values[KeyClock].(string)
	extra := map[string]string{}
	for k, v := range sess.Values {
		ks, ok := k.(string)
		vs, ok2 := v.(string)
		if !ok || !ok2 || reservedKeys[ks] {
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
	publicID, err := newPublicID()
	if err != nil {
		return err
	}
	now, err := s.timeOf(ctx, clockID)
	if err != nil {
		return err
	}
	absolute := now.Add(s.absolute)
	rec := SessionRecord{
		ClockID:           clockID,
		ID:                HashToken(token),
		PublicID:          publicID,
		SeekerID:          seeker,
		Via:               via,
		Device:            device,
		Browser:           browser,
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
	sess.Values[KeySessionID] = publicID
	http.SetCookie(w, sessions.NewCookie(sess.Name(), encoded, sess.Options))
	return nil
}

// reservedKeys are session values kept in the record's own fields, or not
// kept at all.
var reservedKeys = map[string]bool{
	KeySeekerID: true, KeyVia: true, KeyState: true, KeySessionID: true, KeyDevice: true, KeyBrowser: true, KeyClock: true,
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

// LiveSessionsOf returns the sessions of a seeker that have not expired,
// newest use first.
func (s *SessionStore) LiveSessionsOf(ctx context.Context, seekerID string) ([]SessionRecord, error) {
	all, err := s.backend.SessionsOfSeeker(ctx, seekerID)
	if err != nil {
		return nil, err
	}
	live := make([]SessionRecord, 0, len(all))
	for _, rec := range all {
		now, err := s.timeOf(ctx, rec.ClockID)
		if err != nil {
			return nil, err
		}
		if now.Before(rec.IdleExpiresAt) && now.Before(rec.AbsoluteExpiresAt) {
			live = append(live, rec)
		}
	}
	slices.SortFunc(live, func(a, b SessionRecord) int { return b.LastSeenAt.Compare(a.LastSeenAt) })
	return live, nil
}

// End ends the session of seekerID whose own identifier is publicID, on
// every app server at once; its browser is told at its next request. A
// session of another seeker is not found.
func (s *SessionStore) End(ctx context.Context, seekerID, publicID string) error {
	all, err := s.backend.SessionsOfSeeker(ctx, seekerID)
	if err != nil {
		return err
	}
	for _, rec := range all {
		if rec.PublicID == publicID && publicID != "" {
			now, err := s.timeOf(ctx, rec.ClockID)
			if err != nil {
				return err
			}
			return s.backend.EndSession(ctx, rec.ID, seekerID, now, rec.AbsoluteExpiresAt)
		}
	}
	return ErrSessionNotFound
}

// EndOthersOf ends every session of seekerID except the one whose cookie
// carries keepToken, and returns how many it ended.
func (s *SessionStore) EndOthersOf(ctx context.Context, seekerID, keepToken string) (int, error) {
	all, err := s.backend.SessionsOfSeeker(ctx, seekerID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, rec := range all {
		if IsSessionOf(rec, keepToken) {
			continue
		}
		now, err := s.timeOf(ctx, rec.ClockID)
		if err != nil {
			return n, err
		}
		if err := s.backend.EndSession(ctx, rec.ID, seekerID, now, rec.AbsoluteExpiresAt); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// IsSessionOf reports whether rec is the session whose cookie carries token.
func IsSessionOf(rec SessionRecord, token string) bool {
	return token != "" && rec.ID == HashToken(token)
}

// HashToken returns the record ID for a cookie token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// newPublicID returns a session's own identifier: 128 random bits,
// base64url-encoded, unrelated to the token.
func newPublicID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// NewToken returns 256 random bits, base64url-encoded.
func NewToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
