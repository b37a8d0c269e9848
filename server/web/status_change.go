package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
)

// statusChange is 求職無効 / 求職有効 on 各種設定 (rule 1): back to 有効 only
// while the validity period has not ended.
func (s *server) statusChange(c *gin.Context) error {
	seeker, ok := s.currentSeeker(c)
	if !ok {
		return nil
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	now := s.now(c)
	var at time.Time
	switch c.PostForm("status") {
	case "inactive":
		if !seeker.DeactivatedAt.IsZero() {
			s.redirect(c, "/mypage/settings/account")
			return nil
		}
		at = now
	case "active":
		if !domain.CanReactivate(seeker.ValidUntil, now) {
			return problem(http.StatusConflict, "求職状態を有効にできません",
				"有効期限が過ぎているため、求職状態を「有効」に戻せません。求職活動を続ける場合は、ハローワークにお越しください。",
				Back{"/mypage/settings/account", "各種設定へ戻る"})
		}
	default:
		return problem(http.StatusBadRequest, "操作を受け付けられません",
			"求職状態の指定が正しくありません。画面を開き直して、もう一度お試しください。",
			Back{"/mypage/settings/account", "各種設定へ戻る"})
	}
	if err := s.Store.SetDeactivated(ctx, seeker.ID, at); err != nil {
		return err
	}
	s.redirect(c, "/mypage/settings/account?status=1")
	return nil
}
