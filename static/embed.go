// Package static holds the files My Page serves as they are: CSS, images
// and the self-hosted htmx.
package static

import "embed"

// FS holds every static file.
//
//go:embed css img js vendor
var FS embed.FS
