package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/staff"
)

// The counter staff's actions for the browser suite (test mode only): what
// `server staff registration-type` and `server staff unlock-card` do, done
// by the running server itself, which alone may open its embedded store.

// testStaffRegistrationType is POST /__test/staff/registration-type
// (email, type=counter|online).
func (s *server) testStaffRegistrationType(c *gin.Context) {
	if !s.readTestForm(c) {
		return
	}
	c.Header("Cache-Control", "no-store")
	ctx, cancel := s.ctx(c)
	defer cancel()
	t := domain.RegistrationType(c.PostForm("type"))
	seeker, err := staff.SetRegistrationType(ctx, s.Store, c.PostForm("email"), t)
	switch {
	case errors.Is(err, staff.ErrRegistrationType):
		c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
	case errors.Is(err, staff.ErrNoAccount):
		c.JSON(http.StatusNotFound, gin.H{"error": err.Error()})
	case err != nil:
		s.serverError(c, err)
	default:
		c.JSON(http.StatusOK, gin.H{"email": seeker.Email, "name": seeker.Name, "type": t})
	}
}

// testStaffUnlockCard is POST /__test/staff/unlock-card (card): the card's
// wrong-PIN count and lock are cleared.
func (s *server) testStaffUnlockCard(c *gin.Context) {
	if !s.readTestForm(c) {
		return
	}
	c.Header("Cache-Control", "no-store")
	card := c.PostForm("card")
	err := staff.UnlockCard(s.CardsDir, card)
	switch {
	case errors.Is(err, staff.ErrUnknownCard):
		c.JSON(http.StatusNotFound, gin.H{"error": err.Error()})
		return
	case err != nil:
		s.serverError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"card": card, "unlocked": true})
}
