package web

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

func (s *server) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.String(http.StatusOK, "ok\n")
}

// readyz answers 200 while the store answers a ping within a second.
func (s *server) readyz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	ctx, cancel := context.WithTimeout(c.Request.Context(), time.Second)
	defer cancel()
	if err := s.Store.Ping(ctx); err != nil {
		c.String(http.StatusServiceUnavailable, "store unavailable\n")
		return
	}
	c.String(http.StatusOK, "ready\n")
}
