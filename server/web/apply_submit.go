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
func (s *server) applySubmit(c *gin.Context) {
	seeker, ok := s.currentSeeker(c)
	if !ok {
		return
	}
	job, ok := s.job(c)
	if !ok {
		return
	}
	ctx, cancel := s.ctx(c)
	defer cancel()
	now := s.now(c)
	back := "/jobs/" + job.ID
	if !seeker.Active(now) {
		s.errorPageBack(c, http.StatusConflict, "応募できません",
			"求職状態が「無効」のため、応募できません。「求職者情報・設定」の「各種設定」で求職状態をご確認ください。有効期限が過ぎている場合は、ハローワークにお越しください。",
			back, "求人詳細へ戻る")
		return
	}
	app := domain.Application{ID: newID(), SeekerID: seeker.ID, JobID: job.ID, JobTitle: job.Title, Company: job.Company,
		Status: domain.ApplicationInProgress, AppliedAt: now}
	err := s.Store.Apply(ctx, seeker.ID, seeker.ValidUntil, domain.ExtendOnApplication(seeker.ValidUntil, now), app)
	switch {
	case errors.Is(err, store.ErrAlreadyApplied):
		s.errorPageBack(c, http.StatusConflict, "応募済みです", "この求人には既に応募しています。応募の状況は「求職活動状況」でご確認ください。", "/mypage/activity", "求職活動状況へ")
	case errors.Is(err, store.ErrWithdrawn), errors.Is(err, store.ErrValidityChanged), errors.Is(err, store.ErrNotFound):
		s.errorPageBack(c, http.StatusConflict, "応募できません", "応募を受け付けられませんでした。画面を開き直して、もう一度お試しください。", back, "求人詳細へ戻る")
	case err != nil:
		s.serverError(c, err)
	default:
		s.redirect(c, "/mypage/activity?applied=1")
	}
}
