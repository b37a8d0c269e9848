package web

import (
	"errors"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"
)

// errNotAForm is a request body that no form of My Page sends.
var errNotAForm = errors.New("the request body is not a form")

// parseForm reads the request's form: URL-encoded, or multipart as a form
// with enctype="multipart/form-data" sends it, or no body at all. Any other
// body is refused rather than read as an empty form, which a tab of
// 求職者情報・設定 would save over what is stored.
func parseForm(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		if r.ContentLength != 0 {
			return errNotAForm
		}
		return r.ParseForm()
	}
	media, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return err
	}
	switch media {
	case "application/x-www-form-urlencoded":
		return r.ParseForm()
	case "multipart/form-data":
		return r.ParseMultipartForm(maxBodyBytes)
	}
	return errNotAForm
}

// readPostForm reads the form of every POST before its handler runs. A body
// that is too large or not a form is answered here, and changes nothing.
func (s *server) readPostForm(c *gin.Context) {
	if c.Request.Method == http.MethodPost && !s.readForm(c) {
		c.Abort()
		return
	}
	c.Next()
}

// readForm reads the request's form, or answers why it cannot and returns
// false.
func (s *server) readForm(c *gin.Context) bool {
	err := parseForm(c.Request)
	var maxErr *http.MaxBytesError
	switch {
	case err == nil:
		return true
	case errors.As(err, &maxErr):
		s.serverError(c, err)
	case errors.Is(err, errNotAForm):
		s.fail(c, problem(http.StatusUnsupportedMediaType, "送信内容を読み取れません", msgUnreadableForm, Back{}))
	default:
		s.fail(c, problem(http.StatusBadRequest, "送信内容を読み取れません", msgUnreadableForm, Back{}))
	}
	return false
}

const msgUnreadableForm = "送信された内容を読み取れませんでした。画面を開き直して、もう一度お試しください。"
