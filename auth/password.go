package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hellowork/mypage/internal/gate"
	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: the OWASP minimum for argon2id (19 MiB, 2 passes, 1
// lane). Memory per hash is what bounds how many may run at once.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

// MaxPasswordBytes bounds what is hashed, so a huge password costs no more
// than a normal one.
const MaxPasswordBytes = 128

// ErrMalformedHash reports a stored hash this package did not write.
var ErrMalformedHash = errors.New("auth: malformed password hash")

// ErrBusy reports that the hasher has more work waiting than it can do in
// time: the caller should ask the person to try again shortly.
var ErrBusy = errors.New("auth: too many passwords waiting to be checked")

// A request waits at most maxHashWait for its turn to hash, and at most
// waitingPerSlot requests per concurrent hash wait at all. Beyond that it is
// refused at once, so a storm of sign-ins costs neither memory nor hashes
// whose requests have already given up.
const (
	maxHashWait    = 2 * time.Second
	waitingPerSlot = 8
)

// Hasher hashes and verifies passwords with argon2id, running at most a
// fixed number of hashes at once; a bounded number of others wait their
// turn, and the rest are refused with ErrBusy.
type Hasher struct {
	gate  *gate.Gate
	dummy string
}

// NewHasher returns a Hasher running at most concurrency hashes at once.
func NewHasher(concurrency int) *Hasher {
	concurrency = max(concurrency, 1)
	h := &Hasher{gate: gate.New(concurrency, concurrency*waitingPerSlot, maxHashWait)}
	h.dummy = encodeHash(make([]byte, argonSaltLen), argon2.IDKey([]byte("dummy"), make([]byte, argonSaltLen), argonTime, argonMemoryKiB, argonThreads, argonKeyLen))
	return h
}

func (h *Hasher) acquire(ctx context.Context) error {
	err := h.gate.Enter(ctx)
	if errors.Is(err, gate.ErrFull) {
		return ErrBusy
	}
	return err
}

func (h *Hasher) release() { h.gate.Leave() }

// Hash returns the PHC-style encoding of an argon2id hash of password.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	key := argon2.IDKey(clip(password), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	return encodeHash(salt, key), nil
}

// Verify reports whether password matches encoded. An empty encoded hash is
// checked against a dummy hash, so an unknown account costs the same time
// as a wrong password.
func (h *Hasher) Verify(ctx context.Context, encoded, password string) (bool, error) {
	if encoded == "" {
		encoded = h.dummy
		password += "\x00never"
	}
	salt, want, m, t, p, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	got := argon2.IDKey(clip(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

func clip(password string) []byte {
	b := []byte(password)
	if len(b) > MaxPasswordBytes {
		b = b[:MaxPasswordBytes]
	}
	return b
}

func encodeHash(salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

func decodeHash(encoded string) (salt, key []byte, m, t uint32, p uint8, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return nil, nil, 0, 0, 0, ErrMalformedHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return nil, nil, 0, 0, 0, ErrMalformedHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || m > 1<<20 || t == 0 || t > 10 || p == 0 {
		return nil, nil, 0, 0, 0, ErrMalformedHash
	}
	if salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil {
		return nil, nil, 0, 0, 0, ErrMalformedHash
	}
	if key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(key) == 0 {
		return nil, nil, 0, 0, 0, ErrMalformedHash
	}
	return salt, key, m, t, p, nil
}
