package web

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/store"
)

type errorView struct {
	basePage
	Status    int
	Message   string
	BackURL   string
	BackLabel string
}

// errorPage renders the friendly error screen with status and a way back to
// the top page.
func (s *server) errorPage(c *gin.Context, status int, title, message string) {
	s.errorPageBack(c, status, title, message, "/", "トップページへ")
}

// errorPageBack is errorPage with another way back.
func (s *server) errorPageBack(c *gin.Context, status int, title, message, backURL, backLabel string) {
	p := errorView{basePage: s.base(c, title, ""), Status: status, Message: message, BackURL: backURL, BackLabel: backLabel}
	c.Header("Cache-Control", "no-store")
	t, ok := s.tmpl["error"]
	if !ok {
		c.String(status, message)
		return
	}
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(status)
	if err := t.ExecuteTemplate(c.Writer, "layout", p); err != nil {
		s.Logger.Error("error page", slog.Any("err", err))
	}
}

// serverError answers a failure that is not the user's: 503 when the store
// cannot be reached (it comes back by itself), else 500.
func (s *server) serverError(c *gin.Context, err error) {
	id := c.GetString(ctxRequestID)
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr):
		s.errorPage(c, http.StatusRequestEntityTooLarge, "送信データが大きすぎます", "送信されたデータが大きすぎます。入力内容を短くして、もう一度お試しください。")
	case errors.Is(err, auth.ErrBusy):
		s.Logger.Warn("password hashing busy", slog.String("request_id", id))
		c.Header("Retry-After", "5")
		s.errorPage(c, http.StatusTooManyRequests, "ただいま混み合っています", "ただいまアクセスが集中しています。しばらく時間をおいてから、もう一度お試しください。入力中の内容は保存されていません。")
	case store.IsUnavailable(err):
		s.Logger.Warn("store unavailable", slog.String("request_id", id), slog.Any("err", err))
		c.Header("Retry-After", "30")
		s.errorPage(c, http.StatusServiceUnavailable, "ただいま混み合っています", "ただいまシステムが一時的に利用できません。しばらく時間をおいてから、もう一度お試しください。入力中の内容は保存されていません。")
	default:
		s.Logger.Error("server error", slog.String("request_id", id), slog.Any("err", err))
		s.errorPage(c, http.StatusInternalServerError, "システムエラー", "申し訳ありません。システムでエラーが発生しました。しばらくしてから再度お試しください。")
	}
}

func (s *server) notFound(c *gin.Context) {
	s.errorPage(c, http.StatusNotFound, "ページが見つかりません", "お探しのページは見つかりませんでした。URLをご確認いただくか、トップページからお探しください。")
}

func (s *server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
	w.WriteHeader(http.StatusForbidden)
	_, _ = w.Write([]byte(`<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>送信できませんでした</title></head>` +
		`<body><h1>送信できませんでした</h1><p>他のサイトからの送信は受け付けていません。<a href="/">トップページ</a>から操作し直してください。</p></body></html>`))
}
