package web

import "github.com/gin-gonic/gin"

// basePage is what the layout needs on every screen.
type basePage struct {
	Title    string
	SignedIn bool
	// Menu names the global menu item of this screen: jobs, activity, settings.
	Menu string
	// Notice is a one-line message at the top of the main area.
	Notice string
	// Description is the page's meta description, Japanese, for search
	// engines and link previews; "" gives the site's.
	Description string
}

func (s *server) base(c *gin.Context, title, menu string) basePage {
	return basePage{Title: title, SignedIn: s.seekerID(c) != "", Menu: menu}
}
