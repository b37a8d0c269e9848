package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/retention"
	"github.com/hellowork/mypage/server/web/form"
)

// TestClock is the clock of the browser suite: the real time plus an offset
// that QA moves with POST /__test/clock. Only served when MYPAGE_TEST_CLOCK=1
// on a loopback address.
type TestClock struct {
	mu     sync.Mutex
	offset time.Duration
	real   func() time.Time
}

// NewTestClock returns a clock at the real time.
func NewTestClock(real func() time.Time) *TestClock { return &TestClock{real: real} }

// Now is the clock's time.
func (t *TestClock) Now() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.real().Add(t.offset)
}

// Advance moves the clock forward by d.
func (t *TestClock) Advance(d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.offset += d
}

// Set puts the clock at at.
func (t *TestClock) Set(at time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.offset = at.Sub(t.real())
}

func (s *server) testClockShow(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.String(http.StatusOK, s.TestClock.Now().Format(time.RFC3339)+"\n")
}

func (s *server) testClockSet(c *gin.Context) {
	if err := parseForm(c.Request); err != nil {
		status := http.StatusBadRequest
		if errors.As(err, new(*http.MaxBytesError)) {
			status = http.StatusRequestEntityTooLarge
		}
		c.String(status, "unreadable form: "+err.Error()+"\n")
		return
	}
	adv, set := strings.TrimSpace(c.PostForm("advance")), strings.TrimSpace(c.PostForm("set"))
	switch {
	case adv != "" && set == "":
		d, err := form.ParseAdvance(adv)
		if err != nil {
			c.String(http.StatusBadRequest, err.Error()+"\n")
			return
		}
		s.TestClock.Advance(d)
	case set != "" && adv == "":
		at, err := form.ParseSet(set)
		if err != nil {
			c.String(http.StatusBadRequest, err.Error()+"\n")
			return
		}
		s.TestClock.Set(at)
	default:
		c.String(http.StatusBadRequest, "give either advance or set\n")
		return
	}
	s.testClockShow(c)
}

// testRetention runs the retention sweep now, at the clock's time, and
// answers what it deleted.
func (s *server) testRetention(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), time.Minute)
	defer cancel()
	r, err := retention.Sweep(ctx, s.Store, s.Now(), s.Logger)
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, r)
}
