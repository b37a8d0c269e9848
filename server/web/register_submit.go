package web

import (
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/gin-gonic/gin"
)

// Registration links live 24 hours.
const registrationTTL = 24 * time.Hour

const msgMailThrottled = "お申し込みが続いたため、受付を一時的に制限しています。しばらく時間をおいてから、もう一度お試しください。"

// registerSubmit asks for a My Page. A valid form always answers with
// /register/sent, after the same work, whether or not the address already
// has a My Page: the mail says which. Invalid input shows the form again
// with a message per field and everything kept but the password.
func (s *server) registerSubmit(c *gin.Context) error {
	f, err := s.requestRegistration(c, nil, nil)
	if fp, ok := asFormProblem(err); ok {
		ctx, cancel := s.ctx(c)
		defer cancel()
		p, err := s.registerPage(ctx, c, f)
		if err != nil {
			return err
		}
		s.render(c, fp.Status, "register", "", p)
		return nil
	}
	if err != nil {
		return err
	}
	s.redirect(c, "/register/sent")
	return nil
}

// newID returns a random 128-bit identifier.
func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
