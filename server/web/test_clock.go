package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/clock"
	"github.com/hellowork/mypage/server/store"
	"github.com/hellowork/mypage/server/web/form"
)

// cookieTestClock names the test clock a request runs on (test mode only).
const cookieTestClock = "mypage_test_clock"

const ctxNow = "now"

// now is the time of this request: the wall clock, or in test mode the
// clock of the seeker concerned (or of the request's mypage_test_clock).
func (s *server) now(c *gin.Context) time.Time {
	if v, ok := c.Get(ctxNow); ok {
		if t, ok := v.(time.Time); ok {
			return t
		}
	}
	return s.Now()
}

// onClock puts the request on test clock id from now on ("" leaves it on
// the wall clock). Only in test mode; it answers for an unknown clock.
func (s *server) onClock(c *gin.Context, id string) error {
	if s.clocks.Tests == nil || id == "" {
		return nil
	}
	ctx := clock.With(c.Request.Context(), id)
	at, err := s.clocks.Now(ctx)
	if err != nil {
		return err
	}
	c.Request = c.Request.WithContext(ctx)
	c.Set(ctxNow, at)
	return nil
}

// onSeekersClock puts a request that concerns a seeker on that seeker's
// clock: its test clock, or the wall clock for a seeker attached to none,
// whatever clock the request named.
func (s *server) onSeekersClock(c *gin.Context, id string) error {
	if s.clocks.Tests == nil {
		return nil
	}
	if id == "" {
		c.Request = c.Request.WithContext(clock.With(c.Request.Context(), ""))
		c.Set(ctxNow, s.Now())
		return nil
	}
	return s.onClock(c, id)
}

// testClockOfRequest puts a request on the clock its session lives on, or
// else the one its mypage_test_clock cookie names. An unknown clock is
// QA's mistake: 400.
func (s *server) testClockOfRequest(c *gin.Context, sessionClock string) bool {
	id := sessionClock
	if id == "" {
		id, _ = c.Cookie(cookieTestClock)
	}
	err := s.onClock(c, id)
	if errors.Is(err, clock.ErrUnknown) {
		c.Header("Cache-Control", "no-store")
		c.JSON(http.StatusBadRequest, gin.H{"error": "unknown test clock " + id})
		c.Abort()
		return false
	}
	if err != nil {
		s.serverError(c, err)
		c.Abort()
		return false
	}
	return true
}

type testClockJSON struct {
	ID  string    `json:"id"`
	Now time.Time `json:"now"`
}

// testClockCreate is POST /__test/clocks: a new test clock at time (RFC
// 3339), or at the wall clock's time.
func (s *server) testClockCreate(c *gin.Context) {
	if !s.readTestForm(c) {
		return
	}
	at := s.Now()
	if v := c.PostForm("time"); v != "" {
		t, err := form.ParseSet(v)
		if err != nil {
			c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
			return
		}
		at = t
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	tc := store.TestClock{ID: newID(), Now: at.UTC()}
	if err := s.Store.CreateTestClock(ctx, tc); err != nil {
		s.serverError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, testClockJSON(tc))
}

// testClockShow is GET /__test/clocks/{id}.
func (s *server) testClockShow(c *gin.Context) {
	ctx, cancel := s.ctx(c)
	defer cancel()
	tc, err := s.Store.TestClockByID(ctx, c.Param("id"))
	if !s.testClockFound(c, err) {
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, testClockJSON(tc))
}

// testClockAdvance is POST /__test/clocks/{id}/advance (by=31d, 2h, 30m).
func (s *server) testClockAdvance(c *gin.Context) {
	if !s.readTestForm(c) {
		return
	}
	d, err := form.ParseAdvance(c.PostForm("by"))
	if err != nil {
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	tc, err := s.Store.AdvanceTestClock(ctx, c.Param("id"), d)
	if !s.testClockFound(c, err) {
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, testClockJSON(tc))
}

// testClockRetention is POST /__test/clocks/{id}/retention: the retention
// sweep at that clock's time over the seekers attached to it.
func (s *server) testClockRetention(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), time.Minute)
	defer cancel()
	tc, err := s.Store.TestClockByID(ctx, c.Param("id"))
	if !s.testClockFound(c, err) {
		return
	}
	if s.SweepTestClock == nil {
		c.JSON(http.StatusNotImplemented, gin.H{"error": "no retention sweep wired into this server"})
		return
	}
	r, err := s.SweepTestClock(ctx, tc.ID, tc.Now)
	if err != nil {
		s.serverError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, r)
}

func (s *server) testClockFound(c *gin.Context, err error) bool {
	switch {
	case errors.Is(err, store.ErrNotFound):
		c.JSON(http.StatusNotFound, gin.H{"error": "unknown test clock " + c.Param("id")})
		return false
	case err != nil:
		s.serverError(c, err)
		return false
	}
	return true
}

func (s *server) readTestForm(c *gin.Context) bool {
	if err := parseForm(c.Request); err != nil {
		status := http.StatusBadRequest
		if errors.As(err, new(*http.MaxBytesError)) {
			status = http.StatusRequestEntityTooLarge
		}
		c.JSON(status, gin.H{"error": "unreadable form: " + err.Error()})
		return false
	}
	return true
}
