package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/store"
)

// applySubmit is オンライン自主応募: an application 応募中 for the job, which in
// the last month of validity also extends it by a month (rule 1).
func (s *server) applySubmit(c *gin.Context) error {
	seeker, ok := s.currentSeeker(c)
	if !ok {
		return nil
	}
	job, ok := s.job(c)
	if !ok {
		return nil
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	now := s.now(c)
	back := "/jobs/" + job.ID
	app, validUntil, err := seeker.Apply(job, newID(), now)
	if err == nil {
		err = s.Store.Apply(ctx, seeker.ID, seeker.ValidUntil, validUntil, app)
	}
	switch {
	case errors.Is(err, domain.ErrInactive):
		return problem(http.StatusConflict, "応募できません",
			"求職状態が「無効」のため、応募できません。「求職者情報・設定」の「各種設定」で求職状態をご確認ください。有効期限が過ぎている場合は、ハローワークにお越しください。",
			Back{back, "求人詳細へ戻る"})
	case errors.Is(err, domain.ErrAlreadyApplied):
		return problem(http.StatusConflict, "応募済みです", "この求人には既に応募しています。応募の状況は「求職活動状況」でご確認ください。", Back{"/mypage/activity", "求職活動状況へ"})
	case errors.Is(err, domain.ErrWithdrawn), errors.Is(err, domain.ErrValidityChanged), errors.Is(err, store.ErrNotFound):
		return problem(http.StatusConflict, "応募できません", "応募を受け付けられませんでした。画面を開き直して、もう一度お試しください。", Back{back, "求人詳細へ戻る"})
	case err != nil:
		return err
	default:
		s.redirect(c, "/mypage/activity?applied=1")
	}
	return nil
}
