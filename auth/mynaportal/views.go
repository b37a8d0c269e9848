package mynaportal

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/*
var staticFS embed.FS

// pageNames are the templates in templates/, each rendered inside layout.html.
var pageNames = []string{"top", "login", "consent", "qa", "message"}

type views struct {
	pages map[string]*template.Template
}

func newViews() (*views, error) {
	v := &views{pages: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New("layout.html").ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		v.pages[name] = t
	}
	return v, nil
}

func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}

// render writes a page. It renders into a buffer first so a template error becomes a
// clean 500 instead of half a page.
func (s *simulator) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.views.pages[name].Execute(&buf, data); err != nil {
		s.logger.ErrorContext(r.Context(), "render", "page", name, slog.Any("error", err))
		http.Error(w, "内部エラーが発生しました。", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

type messageData struct {
	Title, Message string
}

// message renders a page that explains what went wrong and leads back to the top page.
func (s *simulator) message(w http.ResponseWriter, status int, title, msg string) {
	var buf bytes.Buffer
	if err := s.views.pages["message"].Execute(&buf, messageData{Title: title, Message: msg}); err != nil {
		http.Error(w, msg, status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

const (
	msgRequestGone = "このログインの要求は無効か、有効期限が切れています。利用するサービスの画面から、もう一度ログインしてください。"
	msgServerError = "処理中にエラーが発生しました。しばらくしてから、もう一度お試しください。"
)
