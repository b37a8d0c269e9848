package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/auth"
	"github.com/hellowork/mypage/server/store"
)

// Problem is a refusal to show the user instead of what was asked: a
// handler returns it as its error, and one wrapper (handle) answers with
// the error page, its status, title and message, and a way back (to the
// top page when Back is empty). A Problem without a Title belongs on the
// form that was sent: the handler shows Message above that form again.
type Problem struct {
	Status         int
	Title, Message string
	Back           Back
}

// Back is the way back an error page offers.
type Back struct{ URL, Label string }

func (p *Problem) Error() string { return fmt.Sprintf("%d %s%s", p.Status, p.Title, p.Message) }

// problem is a Problem for an error page.
func problem(status int, title, message string, back Back) *Problem {
	return &Problem{Status: status, Title: title, Message: message, Back: back}
}

// formProblem is a Problem said on the form that was sent.
func formProblem(status int, message string) *Problem {
	return &Problem{Status: status, Message: message}
}

// asFormProblem returns the Problem of err that belongs on a form, if it is
// one.
func asFormProblem(err error) (*Problem, bool) {
	var p *Problem
	if errors.As(err, &p) && p.Title == "" {
		return p, true
	}
	return nil, false
}

// showOnForm answers a Problem meant for the form that was sent: page
// takes its message and is shown again with its status. It reports whether
// err was one.
func (s *server) showOnForm(c *gin.Context, err error, name string, page func(message string) any) bool {
	p, ok := asFormProblem(err)
	if ok {
		s.render(c, p.Status, name, "", page(p.Message))
	}
	return ok
}

// handle adapts a handler that returns its refusals and failures: nil when
// it has answered; a Problem is shown on the error page; any other error is
// a server error.
func (s *server) handle(h func(*gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			s.fail(c, err)
		}
	}
}

// fail answers err: the error page of a Problem, else serverError.
func (s *server) fail(c *gin.Context, err error) {
	var p *Problem
	if !errors.As(err, &p) {
		s.serverError(c, err)
		return
	}
	back := p.Back
	if back.URL == "" {
		back = Back{"/", "トップページへ"}
	}
	v := errorView{basePage: s.base(c, p.Title, ""), Status: p.Status, Message: p.Message, BackURL: back.URL, BackLabel: back.Label}
	c.Header("Cache-Control", "no-store")
	t, ok := s.tmpl["error"]
	if !ok {
		c.String(p.Status, p.Message)
		return
	}
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Status(p.Status)
	if err := t.ExecuteTemplate(c.Writer, "layout", v); err != nil {
		s.Logger.Error("error page", slog.Any("err", err))
	}
}

type errorView struct {
	basePage
	Status    int
	Message   string
	BackURL   string
	BackLabel string
}

// msgOverloaded is said when the server has more work than it can take.
const msgOverloaded = "ただいまアクセスが集中しています。しばらく時間をおいてから、もう一度お試しください。入力中の内容は保存されていません。"

// serverError answers a failure that is not the user's: 503 when the store
// cannot be reached (it comes back by itself), else 500.
func (s *server) serverError(c *gin.Context, err error) {
	id := c.GetString(ctxRequestID)
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr):
		s.fail(c, problem(http.StatusRequestEntityTooLarge, "送信データが大きすぎます", "送信されたデータが大きすぎます。入力内容を短くして、もう一度お試しください。", Back{}))
	case errors.Is(err, auth.ErrBusy):
		s.Logger.Warn("password hashing busy", slog.String("request_id", id))
		c.Header("Retry-After", "5")
		s.fail(c, problem(http.StatusTooManyRequests, "ただいま混み合っています", msgOverloaded, Back{}))
	case store.IsUnavailable(err):
		s.Logger.Warn("store unavailable", slog.String("request_id", id), slog.Any("err", err))
		c.Header("Retry-After", "30")
		s.fail(c, problem(http.StatusServiceUnavailable, "ただいま混み合っています", "ただいまシステムが一時的に利用できません。しばらく時間をおいてから、もう一度お試しください。入力中の内容は保存されていません。", Back{}))
	default:
		s.Logger.Error("server error", slog.String("request_id", id), slog.Any("err", err))
		s.fail(c, problem(http.StatusInternalServerError, "システムエラー", "申し訳ありません。システムでエラーが発生しました。しばらくしてから再度お試しください。", Back{}))
	}
}

func (s *server) notFound(c *gin.Context) {
	s.fail(c, problem(http.StatusNotFound, "ページが見つかりません", "お探しのページは見つかりませんでした。URLをご確認いただくか、トップページからお探しください。", Back{}))
}

func (s *server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
	w.WriteHeader(http.StatusForbidden)
	_, _ = w.Write([]byte(`<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>送信できませんでした</title></head>` +
		`<body><h1>送信できませんでした</h1><p>他のサイトからの送信は受け付けていません。<a href="/">トップページ</a>から操作し直してください。</p></body></html>`))
}
