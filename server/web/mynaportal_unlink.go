package web

import (
	"context"

	"github.com/gin-gonic/gin"
)

// myNaPortalUnlink is 連携解除 on 各種設定: the MyNaPortal identity no longer
// signs in to this My Page.
func (s *server) myNaPortalUnlink(c *gin.Context) {
	seeker, ok := s.currentSeeker(c)
	if !ok {
		return
	}
	if seeker.MyNaPortalLinkID != "" {
		ctx, cancel := s.ctx(c)
		defer cancel()
		if err := s.Store.RemoveLink(ctx, seeker.ID, seeker.MyNaPortalLinkID); err != nil {
			s.serverError(c, err)
			return
		}
		s.notify(ctx, "unlinked", seeker.ID, func(ctx context.Context) error { return s.Mail.SendUnlinked(ctx, seeker.Email) })
	}
	s.redirect(c, "/mypage/settings/account?unlinked=1")
}
