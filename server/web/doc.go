// Package web is the HTTP layer of My Page: the routes of the design's URL
// table, one handler file per screen or action, and the middleware around
// them. Every screen is a full page first; htmx requests for the same URL get
// the partial that changes.
package web
