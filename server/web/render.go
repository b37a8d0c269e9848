package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/hellowork/mypage/server/domain"
	"github.com/hellowork/mypage/server/web/form"
)

// templates is the template cache, built once at start: one set per page,
// each holding the layout, the shared partials and the page.
type templates map[string]*template.Template

func parseTemplates(views fs.FS, funcs template.FuncMap) (templates, error) {
	base, err := template.New("base").Funcs(funcs).ParseFS(views, "layouts/*.html", "partials/*.html")
	if err != nil {
		return nil, err
	}
	pages, err := fs.Glob(views, "pages/*.html")
	if err != nil {
		return nil, err
	}
	out := templates{}
	for _, p := range pages {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if t, err = t.ParseFS(views, p); err != nil {
			return nil, err
		}
		out[strings.TrimSuffix(path.Base(p), ".html")] = t
	}
	return out, nil
}

// assets maps static file names to content-hashed URLs, so they can be
// cached for a year and still change the moment a deploy changes them.
type assets struct {
	byName map[string]string // "css/app.css" → "/static/css/app.3f2a9c1b.css"
	byURL  map[string]string // the reverse, for serving
}

func hashAssets(static fs.FS) (assets, error) {
	a := assets{byName: map[string]string{}, byURL: map[string]string{}}
	err := fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := fs.ReadFile(static, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(p)
		hashed := "/static/" + strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
		a.byName[p] = hashed
		a.byURL[hashed] = p
		return nil
	})
	return a, err
}

func (a assets) url(name string) (string, error) {
	u, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return u, nil
}

func templateFuncs(a assets) template.FuncMap {
	return template.FuncMap{
		"asset": a.url,
		"jpdate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			t = t.In(domain.Tokyo)
			return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
		},
		"jpdatetime":   jpDateTime,
		"isodate":      func(t time.Time) string { return t.In(domain.Tokyo).Format("2006-01-02") },
		"jpymd":        jpYMD,
		"devicename":   deviceName,
		"yen":          formatYen,
		"add":          func(a, b int) int { return a + b },
		"field":        newField,
		"registration": newRegistrationFields,
	}
}

// jpYMD writes a calendar date kept as YYYY-MM-DD (a birthdate) as
// 1998年7月7日, like every date on the screens; anything else is shown as it is.
func jpYMD(s string) string {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day())
}

// formatYen writes 205000 as 205,000円.
func formatYen(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + "円"
}

// isPartial reports whether htmx asked for a part of a page rather than a
// whole page (a boosted link or a history restore wants the whole page).
func isPartial(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" &&
		r.Header.Get("HX-Request-Type") != "full" &&
		r.Header.Get("HX-Boosted") != "true" &&
		r.Header.Get("HX-History-Restore-Request") != "true"
}

// render writes page as a full page, or only its block partial when htmx
// asked for a part and the page has one. It renders into a buffer first so a
// template error becomes a clean 500, never half a page.
func (s *server) render(c *gin.Context, status int, page, partial string, data any) {
	t, ok := s.tmpl[page]
	if !ok {
		s.serverError(c, fmt.Errorf("no template %q", page))
		return
	}
	name := "layout"
	if partial != "" {
		c.Header("Vary", "HX-Request")
		if isPartial(c.Request) {
			name = partial
		}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		s.serverError(c, err)
		return
	}
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("Cache-Control", "no-store")
	c.Status(status)
	_, _ = c.Writer.Write(buf.Bytes())
}

// fieldView is one text input of an edit form.
type fieldView struct {
	Name, Label, Type, Autocomplete, Value, Error string
}

func newField(f form.Profile, name, label, typ, autocomplete string) fieldView {
	return fieldView{Name: name, Label: label, Type: typ, Autocomplete: autocomplete, Value: f.Get(name), Error: f.Errors[name]}
}

// registrationFields is what the partial "registration-fields" draws: the
// fields of a new My Page, on 求職者マイページ開設 and on the MyNaPortal link
// page, whose ids start with IDPrefix so that two forms can share a page.
type registrationFields struct {
	Form     form.Register
	Offices  []domain.Office
	IDPrefix string
}

func newRegistrationFields(f form.Register, offices []domain.Office, idPrefix string) registrationFields {
	return registrationFields{Form: f, Offices: offices, IDPrefix: idPrefix}
}
