package web

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// staticFile serves static files: under their content-hashed names for a
// year, immutable; under their plain names briefly.
func (s *server) staticFile(c *gin.Context) {
	p := c.Request.URL.Path
	name, hashed := s.assets.byURL[p]
	if !hashed {
		name = strings.TrimPrefix(p, "/static/")
	}
	b, err := fs.ReadFile(s.Static, name)
	if err != nil || strings.HasSuffix(name, ".go") {
		s.notFound(c)
		return
	}
	if hashed {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Header("Cache-Control", "public, max-age=300")
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	c.Data(http.StatusOK, ct, b)
}
