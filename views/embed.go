// Package views holds the html/template files of My Page: layouts, pages
// named after the screens of the manual, and the partials htmx swaps in.
package views

import "embed"

// FS holds every template.
//
//go:embed layouts pages partials
var FS embed.FS
